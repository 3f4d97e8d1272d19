/**
 * The desk workflow over HTTP (in-process), role by role: every state change by every role,
 * allowed or refused (401/403/409), with the audit log after each. The event texts here are
 * synthetic (example.org URLs, "Synthetic Wire"): they test the workflow, not any real incident.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../app/api-keys.ts';
import { headlineOf } from '../../app/news/news-to-desk.ts';
import { registerNews } from '../../cli/commands/news.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { createStore, type Store } from '../../storage/index.ts';
import { createApi, type Api } from '../server.ts';
import { readTogether } from '../../../test/helpers/together-store.ts';

type Who = 'viewer' | 'analyst' | 'analyst2' | 'reviewer' | 'reviewer2' | 'admin';
const ROLE: Record<Who, string> = {
  viewer: 'viewer',
  analyst: 'analyst',
  analyst2: 'analyst',
  reviewer: 'reviewer',
  reviewer2: 'reviewer',
  admin: 'admin',
};
const WHO = Object.keys(ROLE) as Who[];

let store: Store;
let api: Api;
const keys = {} as Record<Who, string>;
const ids = {} as Record<Who, string>;

/** A complete synthetic draft: a day in the past, in PAK, one citation published the next day. */
const DRAFT = {
  date_start: '2025-06-10',
  country: 'PAK',
  admin1: 'Khyber Pakhtunkhwa',
  admin2: 'North Waziristan',
  common_type: 'battle',
  fatalities_best: 5,
  headline: 'synthetic: exchange of fire reported',
  citations: [
    {
      url: 'https://news.example.org/synthetic/1',
      outlet: 'Synthetic Wire',
      published_at: '2025-06-11',
      quote: 'synthetic quote for the workflow test',
    },
  ],
};

async function call(who: Who | null, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) headers.authorization = `Bearer ${keys[who]}`;
  const res = await api.app.request(`/api/v1/desk${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field in assertions
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const audit = async (id: number) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  (await call('admin', 'GET', `/audit?event=${id}`)).body.entries as Record<string, any>[];

let made = 0;

/**
 * A new event by `author`, brought to `state` by the usual people (reviewer2 reviews, admin
 * publishes). Each in a district of its own: two of one day and district would be maybe the same
 * incident, and the second could not be published unsaid.
 */
async function eventIn(state: string, author: Who = 'analyst'): Promise<number> {
  const draft = { ...DRAFT, admin2: `Synthetic district ${++made}` };
  const id = (await call(author, 'POST', '/events', draft)).body.id as number;
  const steps: [string, Who, unknown?][] = {
    draft: [],
    submitted: [['submit', author]],
    verified: [
      ['submit', author],
      ['verify', 'reviewer2'],
    ],
    published: [
      ['submit', author],
      ['verify', 'reviewer2'],
      ['publish', 'admin'],
    ],
    rejected: [
      ['submit', author],
      ['reject', 'reviewer2', { reason: 'synthetic reason' }],
    ],
  }[state]! as [string, Who, unknown?][];
  for (const [action, who, body] of steps) {
    const r = await call(who, 'POST', `/events/${id}/${action}`, body ?? {});
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
  }
  return id;
}

before(async () => {
  store = await createStore({ path: ':memory:' });
  for (const who of WHO) {
    const k = await createApiKey(store, { role: ROLE[who], name: who });
    keys[who] = k.key;
    ids[who] = k.id;
  }
  api = createApi({ store, log: () => {}, anonymousRead: true });
});
after(() => store.close());

/** Expected status of each action on an event in its usual starting state, by role (the analyst is the author). */
const MATRIX: { action: string; from: string; body?: unknown; to: string; allowed: Record<Who, number> }[] = [
  {
    action: 'submit',
    from: 'draft',
    to: 'submitted',
    allowed: { viewer: 403, analyst: 200, analyst2: 200, reviewer: 200, reviewer2: 200, admin: 200 },
  },
  {
    action: 'verify',
    from: 'submitted',
    to: 'verified',
    allowed: { viewer: 403, analyst: 403, analyst2: 403, reviewer: 200, reviewer2: 200, admin: 200 },
  },
  {
    action: 'reject',
    from: 'submitted',
    body: { reason: 'the district is not in the report' },
    to: 'rejected',
    allowed: { viewer: 403, analyst: 403, analyst2: 403, reviewer: 200, reviewer2: 200, admin: 200 },
  },
  {
    action: 'reject',
    from: 'verified',
    body: { reason: 'a later report denies it' },
    to: 'rejected',
    allowed: { viewer: 403, analyst: 403, analyst2: 403, reviewer: 200, reviewer2: 200, admin: 200 },
  },
  {
    action: 'publish',
    from: 'verified',
    to: 'published',
    allowed: { viewer: 403, analyst: 403, analyst2: 403, reviewer: 403, reviewer2: 403, admin: 200 },
  },
  {
    action: 'retract',
    from: 'published',
    to: 'retracted',
    allowed: { viewer: 403, analyst: 403, analyst2: 403, reviewer: 403, reviewer2: 403, admin: 200 },
  },
  {
    action: 'retract',
    from: 'draft',
    to: 'retracted',
    allowed: { viewer: 403, analyst: 200, analyst2: 200, reviewer: 200, reviewer2: 200, admin: 200 },
  },
  {
    action: 'edit',
    from: 'published',
    body: { fatalities_best: 6 },
    to: 'submitted',
    allowed: { viewer: 403, analyst: 200, analyst2: 200, reviewer: 200, reviewer2: 200, admin: 200 },
  },
  {
    action: 'edit',
    from: 'rejected',
    body: { admin2: 'South Waziristan' },
    to: 'draft',
    allowed: { viewer: 403, analyst: 200, analyst2: 200, reviewer: 200, reviewer2: 200, admin: 200 },
  },
  {
    action: 'submit',
    from: 'rejected',
    to: 'submitted',
    allowed: { viewer: 403, analyst: 200, analyst2: 200, reviewer: 200, reviewer2: 200, admin: 200 },
  },
];

describe('desk workflow permissions', () => {
  for (const m of MATRIX)
    it(`${m.action} of a ${m.from} event: ${WHO.map((w) => `${w} ${m.allowed[w]}`).join(', ')}; audit log after each`, async () => {
      // Refused roles first, on one event (a refusal changes nothing); each allowed role on a fresh one.
      const order = [...WHO].sort((x, y) => Number(m.allowed[x] === 200) - Number(m.allowed[y] === 200));
      let id = await eventIn(m.from);
      let used = false;
      for (const who of order) {
        if (used) id = await eventIn(m.from);
        const logBefore = await audit(id);
        const path = m.action === 'edit' ? `/events/${id}` : `/events/${id}/${m.action}`;
        const r = await call(who, 'POST', path, m.body ?? {});
        assert.equal(r.status, m.allowed[who], `${who}: ${JSON.stringify(r.body)}`);
        const log = await audit(id);
        used = r.status === 200;
        if (r.status === 200) {
          assert.equal(r.body.state, m.to, who);
          assert.equal(log.length, logBefore.length + 1, who);
          const last = log.at(-1)!;
          assert.equal(last.action, m.action);
          assert.equal(last.actor_id, ids[who]);
          assert.equal(last.actor_role, ROLE[who]);
          assert.equal(last.state_before, m.from);
          assert.equal(last.state_after, m.to);
          assert.equal(last.before.state, m.from);
          // The event as the audit keeps it; an edit's answer adds the links it made and dropped.
          const { relinked, ...event } = r.body;
          assert.deepEqual(last.after, event);
          assert.equal(relinked !== undefined, m.action === 'edit');
          if (m.body && 'reason' in (m.body as object))
            assert.equal(last.reason, (m.body as { reason: string }).reason);
        } else {
          assert.equal(r.body.error.code, 'forbidden', who);
          assert.match(r.body.error.message, /^forbidden: /);
          assert.deepEqual(log, logBefore, `${who}: a refused change leaves no audit entry`);
          assert.equal((await call('admin', 'GET', `/events/${id}`)).body.state, m.from);
        }
      }
    });

  it('anonymous callers get 401 on every desk route, even with anonymous read on', async () => {
    const id = await eventIn('draft');
    for (const [method, path] of [
      ['GET', '/events'],
      ['POST', '/events'],
      ['GET', `/events/${id}`],
      ['POST', `/events/${id}/submit`],
      ['GET', '/queue'],
      ['GET', '/audit'],
    ])
      assert.equal((await call(null, method!, path!, method === 'POST' ? {} : undefined)).status, 401, path);
  });

  it('nobody verifies or rejects an event they created or edited, whatever their role', async () => {
    for (const author of ['reviewer', 'admin'] as const) {
      const id = await eventIn('submitted', author);
      const r = await call(author, 'POST', `/events/${id}/verify`, {});
      assert.equal(r.status, 403);
      assert.equal(
        r.body.error.message,
        `forbidden: key "${ids[author]}" created or edited desk event "${id}" and may not verify it; another reviewer must`,
      );
    }
    // An editor counts as an author too.
    const id = await eventIn('submitted');
    assert.equal((await call('reviewer', 'POST', `/events/${id}`, { fatalities_best: 7 })).status, 200);
    assert.equal((await call('reviewer', 'POST', `/events/${id}/reject`, { reason: 'x' })).status, 403);
    assert.equal((await call('reviewer2', 'POST', `/events/${id}/verify`, {})).status, 200);
  });

  it('a change the workflow does not allow from the current state is a 409 naming both', async () => {
    const id = await eventIn('draft');
    const r = await call('reviewer2', 'POST', `/events/${id}/verify`, {});
    assert.equal(r.status, 409);
    assert.deepEqual(r.body.error, {
      code: 'conflict',
      message: `cannot verify desk event "${id}": it is draft (verify applies to submitted events)`,
    });
    const retracted = await eventIn('draft');
    await call('analyst', 'POST', `/events/${retracted}/retract`, {});
    assert.equal((await call('analyst', 'POST', `/events/${retracted}`, { headline: 'x' })).status, 409);
    assert.equal((await call('admin', 'POST', `/events/${retracted}/publish`, {})).status, 409);
  });

  it('two edits decided on the same version cannot both land: the second is a 409 quoting the id, and only the first is kept', async () => {
    const id = await eventIn('draft');
    // Both requests read version 1 before either writes, as two analysts saving at once do.
    const together = createApi({ store: readTogether(store, 2), log: () => {} });
    const edit = async (who: Who, headline: string) => {
      const res = await together.app.request(`/api/v1/desk/events/${id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[who]}` },
        body: JSON.stringify({ headline }),
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- read field by field below
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const [first, second] = await Promise.all([
      edit('analyst', 'synthetic: first edit'),
      edit('analyst2', 'synthetic: second edit'),
    ]);
    const [won, lost] = first.status === 200 ? [first, second] : [second, first];
    assert.deepEqual([won.status, won.body.version], [200, 2]);
    assert.equal(lost.status, 409);
    assert.deepEqual(lost.body.error, {
      code: 'conflict',
      message: `desk event "${id}" changed meanwhile (now draft, edit 2); reload it and try again`,
    });
    const now = (await call('analyst', 'GET', `/events/${id}`)).body;
    assert.deepEqual([now.version, now.fields.headline], [2, won.body.fields.headline]);
    assert.match(now.fields.headline, /^synthetic: (first|second) edit$/);
    assert.deepEqual(
      (await audit(id)).map((e) => e.action),
      ['create', 'edit'],
    );
  });

  it('an edit of a published event sends it back to review and out of the counts until published again', async () => {
    const id = await eventIn('published');
    const counted = () => store.countEvents({ includeDesk: true, source: ['faultline-desk'] });
    const n = await counted();
    assert.ok((await store.getEvent(`faultline-desk:${id}`)) !== null);
    const edited = await call('analyst2', 'POST', `/events/${id}`, { fatalities_best: 9 });
    assert.equal(edited.body.state, 'submitted');
    assert.equal(edited.body.version, 2);
    assert.equal(edited.body.published_version, null);
    assert.equal(await store.getEvent(`faultline-desk:${id}`), null);
    assert.equal(await counted(), n - 1);
    await call('reviewer2', 'POST', `/events/${id}/verify`, {});
    await call('admin', 'POST', `/events/${id}/publish`, {});
    const row = await store.getEvent(`faultline-desk:${id}`);
    assert.equal(row?.fatalitiesBest, 9);
    assert.equal(row?.sourceVersion, 'edit-2');
  });

  it('reject needs a reason: 400 with one line, and nothing changes', async () => {
    const id = await eventIn('submitted');
    const r = await call('reviewer', 'POST', `/events/${id}/reject`, {});
    assert.equal(r.status, 400);
    assert.equal(r.body.error.message, 'a reason is required to reject: say what is wrong with the event');
    assert.equal((await audit(id)).length, 2);
  });

  it('the review queue lists submitted and verified events oldest first, with the role that acts next', async () => {
    const a = await eventIn('submitted');
    const b = await eventIn('verified');
    const q = (await call('analyst', 'GET', '/queue')).body;
    const mine = q.queue.filter((i: { id: number }) => i.id === a || i.id === b);
    assert.deepEqual(
      mine.map((i: { id: number; next_role: string }) => [i.id, i.next_role]),
      [
        [a, 'reviewer'],
        [b, 'admin'],
      ],
    );
    const since = q.queue.map((i: { waiting_since: string }) => i.waiting_since);
    assert.deepEqual(since, [...since].sort());
    assert.ok(q.queue.every((i: { age_hours: number }) => i.age_hours >= 0));
  });

  it('the audit log exports as CSV with before and after as JSON', async () => {
    const id = await eventIn('verified');
    const res = await api.app.request(`/api/v1/desk/audit?event=${id}&format=csv`, {
      headers: { authorization: `Bearer ${keys.viewer.replace(/.*/, keys.analyst)}` },
    });
    assert.equal(res.status, 200);
    const lines = (await res.text()).trim().split('\n');
    assert.match(
      lines[0]!,
      /^seq,event_id,at,actor_id,actor_name,actor_role,action,state_before,state_after,reason,before,after/,
    );
    assert.equal(lines.length, 4);
    assert.match(lines[1]!, /,create,,draft,/);
    assert.match(lines[3]!, /,verify,submitted,verified,/);
  });
});

describe('desk bad input', () => {
  it('malformed values are a 400 quoting the value; nothing is created', async () => {
    const cases: [unknown, string][] = [
      [{ ...DRAFT, date_start: '2025-02-30' }, 'invalid date_start: "2025-02-30" (use YYYY-MM-DD)'],
      [{ ...DRAFT, date_start: '0000-01-01' }, 'invalid date_start: "0000-01-01" (dates start at year 0001)'],
      // Date.parse rolls the impossible day of a date-time over to 2 March: it was taken.
      [
        { ...DRAFT, citations: [{ ...DRAFT.citations[0], published_at: '2025-02-30T08:00:00Z' }] },
        'invalid citation 1 published_at: "2025-02-30T08:00:00Z" (use YYYY-MM-DD or an ISO 8601 date-time such as 2026-11-30T08:15:00Z)',
      ],
      [
        { ...DRAFT, citations: [{ ...DRAFT.citations[0], url: 'htp:/nowhere' }] },
        'invalid citation 1 url: "htp:/nowhere" (use an http or https URL)',
      ],
      [
        { ...DRAFT, citations: [{ outlet: 'Synthetic Daily' }] },
        'missing citation 1 url, published_at, quote (a citation gives url, outlet, published_at, quote)',
      ],
      [
        { ...DRAFT, country: 'Pakistan' },
        'invalid country: "Pakistan" (use an ISO 3166-1 alpha-3 code such as PAK)',
      ],
      [{ ...DRAFT, lat: 95 }, 'invalid lat: 95 (a number from -90 to 90)'],
      // A JSON value that is not text is shown as its JSON, not as text holding it ("-1", "{\"a\":1}").
      [
        { ...DRAFT, fatalities_best: -1 },
        'invalid fatalities_best: -1 (a whole number of people, 0 or more, or null when unknown)',
      ],
      [
        { ...DRAFT, fatalities_best: '-1' },
        'invalid fatalities_best: "-1" (a whole number of people, 0 or more, or null when unknown)',
      ],
      [{ ...DRAFT, headline: { text: 'x' } }, 'invalid headline: {"text":"x"} (give text)'],
      [{ ...DRAFT, lat: true }, 'invalid lat: true (a number from -90 to 90)'],
      [
        { ...DRAFT, casualties: 3 },
        'unknown field: "casualties" (use date_start, date_end, date_precision, country, admin1, admin2, place, lat, lon, common_type, actor1, actor2, fatalities_best, fatalities_low, fatalities_high, deaths_side_a, deaths_side_b, deaths_civilians, deaths_unknown, injured, headline, notes, citations, from_words or origin)',
      ],
    ];
    const n = (await call('admin', 'GET', '/events')).body.events.length;
    // A bad state is refused listing the states as every choice is listed (it said "use draft, submitted, ...").
    const state = await call('admin', 'GET', '/events?state=published,Drafts');
    assert.deepEqual(
      [state.status, state.body.error.message],
      [400, 'invalid state: "Drafts" (use draft, submitted, verified, published, rejected or retracted)'],
    );
    for (const [body, message] of cases) {
      const r = await call('analyst', 'POST', '/events', body);
      assert.equal(r.status, 400, message);
      assert.equal(r.body.error.message, message);
    }
    assert.equal((await call('admin', 'GET', '/events')).body.events.length, n);
  });

  it('an id of no desk event is a 404 quoting the id as it was sent (007 is not named 7), as every refusal does', async () => {
    const missing = 'no desk event with id "0042424"';
    for (const [method, path] of [
      ['GET', '/audit?event=0042424'],
      ['GET', '/events/0042424'],
      ['POST', '/events/0042424/submit'],
    ] as const) {
      const r = await call('admin', method, path);
      assert.deepEqual([r.status, r.body.error.message], [404, missing], path);
    }
    const edit = await call('admin', 'POST', '/events/0042424', { headline: 'x' });
    assert.deepEqual([edit.status, edit.body.error.message], [404, missing]);
    const bad = await call('admin', 'GET', '/audit?event=7x');
    assert.deepEqual(
      [bad.status, bad.body.error.message],
      [400, 'invalid desk event id: "7x" (a whole number, as desk queue lists them)'],
    );
  });

  it('a future date, a place outside the configured countries and a missing citation flag the draft; submit is refused naming them', async () => {
    const future = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    const today = new Date().toISOString().slice(0, 10);
    const r = await call('analyst', 'POST', '/events', {
      ...DRAFT,
      date_start: future,
      country: 'IND',
      citations: [],
    });
    assert.equal(r.status, 201);
    assert.equal(r.body.state, 'draft');
    assert.deepEqual(r.body.problems, [
      `date_start ${future} is in the future (today is ${today})`,
      'country IND is outside the configured countries (AFG, PAK)',
      'no citation: give at least one source (url, outlet, published_at, quote)',
    ]);
    const s = await call('analyst', 'POST', `/events/${r.body.id}/submit`, {});
    assert.equal(s.status, 400);
    assert.equal(
      s.body.error.message,
      `cannot submit desk event "${r.body.id}": ${r.body.problems.join('; ')}`,
    );
    // Fixed by an edit, the draft goes to review.
    const fixed = await call('analyst', 'POST', `/events/${r.body.id}`, {
      date_start: DRAFT.date_start,
      country: 'PAK',
      citations: DRAFT.citations,
    });
    assert.deepEqual(fixed.body.problems, []);
    assert.equal((await call('analyst', 'POST', `/events/${r.body.id}/submit`, {})).status, 200);
  });

  it('a refusal names the fields it is about as data (fields), whatever its wording', async () => {
    const cite = DRAFT.citations[0]!;
    const cases: [unknown, string, string[]][] = [
      [{ ...DRAFT, lat: '33,5' }, 'invalid lat: "33,5" (a number from -90 to 90)', ['lat']],
      [
        { ...DRAFT, citations: [cite, { outlet: 'Synthetic Daily' }] },
        'missing citation 2 url, published_at, quote (a citation gives url, outlet, published_at, quote)',
        ['citations[1].url', 'citations[1].published_at', 'citations[1].quote'],
      ],
      [
        { ...DRAFT, citations: [{ ...cite, published_at: 'today' }] },
        'invalid citation 1 published_at: "today" (use YYYY-MM-DD or an ISO 8601 date-time such as 2026-11-30T08:15:00Z)',
        ['citations[0].published_at'],
      ],
      [
        { ...DRAFT, origin: { kind: 'news', ...cite, url: 'ftp://x' } },
        'invalid origin url: "ftp://x" (use an http or https URL)',
        ['origin.url'],
      ],
    ];
    for (const [body, message, fields] of cases) {
      const r = await call('analyst', 'POST', '/events', body);
      assert.deepEqual([r.status, r.body.error], [400, { code: 'invalid_input', message, fields }]);
    }
    // A refusal about no field in particular has none (the shape stays { code, message }).
    const empty = await call('analyst', 'POST', '/events', {});
    assert.deepEqual(Object.keys(empty.body.error), ['code', 'message']);
  });

  it("a draft's problems name their fields alongside (problem_fields), and submit's refusal all of them", async () => {
    const r = await call('analyst', 'POST', '/events', {
      headline: 'Check post attacked',
      lat: 33,
      citations: [{ ...DRAFT.citations[0], published_at: '2020-01-01' }],
      date_start: '2020-02-01',
    });
    assert.deepEqual(r.body.problems, [
      'no country: give country (AFG or PAK)',
      'give both lat and lon, or neither',
      "citation 1 published_at 2020-01-01 is before the event's date_start 2020-02-01",
    ]);
    assert.deepEqual(r.body.problem_fields, [
      ['country'],
      ['lat', 'lon'],
      ['citations[0].published_at', 'date_start'],
    ]);
    const s = await call('analyst', 'POST', `/events/${r.body.id}/submit`, {});
    assert.deepEqual(s.body.error.fields, [
      'country',
      'lat',
      'lon',
      'citations[0].published_at',
      'date_start',
    ]);
    // A point outside its country names neither field in words; both are what to check.
    const outside = await call('analyst', 'POST', '/events', { ...DRAFT, lat: 33, lon: 75 });
    assert.match(outside.body.problems[0], /^point 33, 75 lies outside PAK/);
    assert.deepEqual(outside.body.problem_fields, [['lat', 'lon']]);
  });

  it('a new desk event with nothing in it (an empty form saved) is a 400, and nothing is created', async () => {
    const n = (await call('admin', 'GET', '/events')).body.events.length;
    for (const body of [{}, { citations: [] }, { headline: null, country: null }]) {
      const r = await call('analyst', 'POST', '/events', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(
        r.body.error.message,
        'nothing to add: give at least one field of the desk event (its date, place, headline, sides, deaths or a citation)',
      );
    }
    assert.equal((await call('admin', 'GET', '/events')).body.events.length, n);
    // One field is enough for a draft: its problems say what is missing.
    const one = await call('analyst', 'POST', '/events', { headline: 'Check post attacked' });
    assert.equal(one.status, 201);
    assert.ok(one.body.problems.length > 0);
  });

  it('an edit that changes nothing is refused and makes no version', async () => {
    const id = await eventIn('draft');
    const r = await call('analyst', 'POST', `/events/${id}`, {});
    assert.equal(r.status, 400);
    assert.equal(
      r.body.error.message,
      `nothing to change in desk event "${id}": give at least one field to edit`,
    );
    assert.equal((await call('analyst', 'GET', `/events/${id}`)).body.version, 1);
  });

  it('a point outside the country it names is flagged, naming where it lies', async () => {
    // Kabul's coordinates given as Pakistan.
    const r = await call('analyst', 'POST', '/events', { ...DRAFT, lat: 34.53, lon: 69.17 });
    assert.deepEqual(r.body.problems, ['point 34.53, 69.17 lies outside PAK (in AFG)']);
  });

  it('a news draft keeps its origin and the words each field came from', async () => {
    const origin = { kind: 'news', ...DRAFT.citations[0] };
    const from_words = { fatalities_best: 'five soldiers', admin2: 'North Waziristan' };
    const r = await call('analyst', 'POST', '/events', { ...DRAFT, origin, from_words });
    assert.deepEqual(r.body.origin, origin);
    assert.deepEqual(r.body.from_words, from_words);
    // A field a person changes is no longer read from those words: its evidence goes (the audit keeps it).
    const id = r.body.id;
    const edited = await call('analyst', 'POST', `/events/${id}`, {
      fatalities_best: 6,
      notes: 'one more died',
    });
    assert.deepEqual(edited.body.from_words, { admin2: 'North Waziristan' });
    const audit = (await call('analyst', 'GET', `/audit?event=${id}`)).body;
    assert.deepEqual(audit.entries.at(-1).before.from_words, from_words);
    // New words for a changed field stand beside the evidence that still holds.
    const reread = await call('analyst', 'POST', `/events/${id}`, {
      admin2: 'South Waziristan',
      from_words: { admin2: 'South Waziristan' },
    });
    assert.deepEqual(reread.body.from_words, { admin2: 'South Waziristan' });
    // A text read without its address or time is a news report all the same; what it lacks is null.
    const pasted = {
      kind: 'news',
      url: null,
      outlet: null,
      published_at: null,
      quote: 'Five soldiers were martyred.',
    };
    assert.deepEqual(
      (await call('analyst', 'POST', '/events', { ...DRAFT, origin: pasted })).body.origin,
      pasted,
    );
    const bad = await call('analyst', 'POST', '/events', { ...DRAFT, origin: { kind: 'news', quote: 'x' } });
    assert.deepEqual(
      [bad.status, bad.body.error.message],
      [
        400,
        'missing origin url, outlet, published_at (a news origin gives url, outlet, published_at, quote; null when the text does not say)',
      ],
    );
  });
});

describe('a news report pasted as text (POST /desk/news)', () => {
  // A synthetic report in the wording of Pakistani papers.
  const REPORT =
    'PESHAWAR, Dec 3: Three policemen were martyred when TTP militants attacked a check post in Lakki Marwat on Tuesday night, police said.';
  const CITED = {
    text: REPORT,
    url: 'https://news.example.org/synthetic/1',
    outlet: 'Synthetic Wire',
    published: '2026-12-03',
  };

  it('reads the drafts with their words; save: false saves nothing, and the CLI reads the same', async () => {
    const before = (await call('admin', 'GET', '/events')).body.events.length as number;
    const r = await call('analyst', 'POST', '/news', { ...CITED, save: false });
    assert.equal(r.status, 200);
    assert.equal(r.body.desk_events, null);
    const d = r.body.drafts[0];
    assert.deepEqual(
      [
        d.date.value,
        d.place.value.name,
        d.killed.value.total,
        d.killed.words,
        d.actors.value.map((a: { id: string }) => a.id),
      ],
      // The TTP named, and Pakistan's police (inferred from the victims, and flagged).
      ['2026-12-01', 'Lakki Marwat', 3, ['Three policemen'], ['ttp', 'pakistan']],
    );
    assert.deepEqual(r.body.article, {
      url: CITED.url,
      title: null,
      outlet: 'Synthetic Wire',
      published: '2026-12-03T00:00:00.000Z',
      published_unread: null,
    });
    assert.equal((await call('admin', 'GET', '/events')).body.events.length, before);
  });

  it('saves each draft as a desk draft cited by the report (201), acting as the key holder', async () => {
    const r = await call('analyst', 'POST', '/news', CITED);
    assert.equal(r.status, 201);
    // `faultline news add --format json` prints the same answer for the same text: the desk event
    // the API saved, marked already saved (the same report is not saved twice).
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-desk-news-')), 'report.txt');
    writeFileSync(file, REPORT);
    const cli = await runCli(
      store,
      [registerNews],
      [
        'news',
        'add',
        file,
        '--published',
        CITED.published,
        '--url',
        CITED.url,
        '--outlet',
        CITED.outlet,
        '--format',
        'json',
      ],
    );
    const printed = JSON.parse(cli.out) as typeof r.body;
    assert.deepEqual(printed, {
      ...r.body,
      desk_events: r.body.desk_events.map((e: { already_saved: boolean }) => ({ ...e, already_saved: true })),
    });
    assert.equal(r.body.desk_events[0].already_saved, false);
    assert.deepEqual(
      r.body.desk_events.map((e: { state: string; problems: string[] }) => [e.state, e.problems]),
      [['draft', []]],
    );
    const saved = (await call('analyst', 'GET', `/events/${r.body.desk_events[0].id}`)).body;
    assert.deepEqual(
      [saved.citations[0].url, saved.citations[0].quote, saved.origin.kind, saved.created_by],
      [CITED.url, REPORT, 'news', ids.analyst],
    );
    // A pasted text has no title: the headline is its first sentence without the dateline.
    assert.equal(saved.fields.headline, REPORT.slice('PESHAWAR, Dec 3: '.length));
    assert.deepEqual(
      [
        headlineOf('KABUL (Synthetic Wire) - A blast hit a mosque. Five were killed.'),
        headlineOf(`${'word '.repeat(40)}end.`),
      ],
      ['A blast hit a mosque.', `${'word '.repeat(22)}word…`],
    );
    // The same text pasted again without its address is the desk event already saved.
    const again = await call('analyst', 'POST', '/news', { text: REPORT, published: '2026-12-03' });
    assert.deepEqual(again.body.desk_events, printed.desk_events);
    // Without an address a new report's draft has no citation, which the desk lists as a problem.
    const bare = await call('analyst', 'POST', '/news', {
      text: REPORT.replace('Dec 3', 'Dec 4'),
      published: '2026-12-04',
    });
    assert.equal(bare.body.desk_events[0].already_saved, false);
    assert.ok(bare.body.desk_events[0].problems.some((p: string) => p.startsWith('no citation')));
  });

  it('is for analysts and up (a viewer gets 403); bad input is a 400 in one line quoting the value', async () => {
    assert.equal((await call('viewer', 'POST', '/news', CITED)).status, 403);
    assert.equal((await call(null, 'POST', '/news', CITED)).status, 401);
    const cases: [unknown, string][] = [
      [{ text: '   ' }, 'empty text: paste the report'],
      [
        { ...CITED, published: 'soon' },
        'invalid published: "soon" (use a date or time such as 2026-08-21 or 2026-08-21T09:30Z)',
      ],
      // (It was read as 2 March 2021.)
      [{ ...CITED, published: '2021-02-30' }, 'invalid published: "2021-02-30" (not a day of the calendar)'],
      [{ ...CITED, published: '0000-01-01' }, 'invalid published: "0000-01-01" (dates start at year 0001)'],
      [{ ...CITED, url: 'ftp://x' }, `invalid url: "ftp://x" (use the article's http(s) address)`],
      [{ ...CITED, countries: 'IND' }, 'invalid countries: "IND" (drafts can be placed in PAK, AFG)'],
      [{ ...CITED, colour: 'red' }, 'unknown parameter: "colour"'],
      [{ url: CITED.url }, 'missing parameter: text'],
      [
        { ...CITED, text: 'x'.repeat(200_001) },
        "text too long: 200001 characters (at most 200000; give the report's first paragraphs)",
      ],
    ];
    for (const [body, message] of cases) {
      const r = await call('analyst', 'POST', '/news', body);
      assert.deepEqual([r.status, r.body.error?.message], [400, message], JSON.stringify(body).slice(0, 80));
    }
  });
});

describe('an empty desk as CSV', () => {
  it('the queue and the audit log keep their header with no row (the queue answered an empty line)', async () => {
    const empty = await createStore({ path: ':memory:' });
    try {
      const key = (await createApiKey(empty, { role: 'admin', name: 'empty desk' })).key;
      const empties = createApi({ store: empty, log: () => {} });
      const csv = async (path: string) => {
        const res = await empties.app.request(`/api/v1/desk/${path}`, {
          headers: { authorization: `Bearer ${key}` },
        });
        assert.equal(res.status, 200);
        return res.text();
      };
      assert.equal(
        (await csv('queue?format=csv')).trimEnd(),
        'id,state,version,headline,date_start,country,created_by,waiting_since,age_hours,next_role,warnings,same_incident',
      );
      assert.equal(
        (await csv('audit?format=csv')).trimEnd(),
        'seq,event_id,at,actor_id,actor_name,actor_role,action,state_before,state_after,reason,before,after',
      );
    } finally {
      await empty.close();
    }
  });
});
