/**
 * Every desk event of one day, country and town or district is linked as maybe the same incident,
 * however it was made: `desk add` and the API's create as a news draft's save (before, only news
 * drafts were linked, and two hand-entered reports of one attack both published unsaid); and an
 * edit of the day or place makes the links again, keeping what a publisher decided. The reports
 * here are synthetic (example.org, "Synthetic Wire").
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { createApi, startServer, type RunningServer } from '../../api/server.ts';
import { exitCodeFor } from '../../cli/fail.ts';
import { registerDesk } from '../../cli/commands/desk.ts';
import type { DeskEditAnswer, DeskEvent } from '../../domain/desk.ts';
import type { DuckDBStore } from '../../storage/duckdb/duckdb-store.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { createApiKey } from '../api-keys.ts';
import { crossedSaves } from '../../../test/helpers/crossed-store.ts';
import { createDeskEvent, editDeskEvent, publishDeskEvent } from './desk-workflow.ts';

/** The flags of a synthetic report of a clash on 2026-11-20 in PAK, over the ones given. */
const report = (...over: string[]) => [
  '--date',
  '2026-11-20',
  '--country',
  'PAK',
  '--place',
  'Bannu',
  '--type',
  'battle',
  '--killed',
  '5',
  '--headline',
  'Synthetic clash',
  '--cite-url',
  'https://news.example.org/synthetic/1',
  '--cite-outlet',
  'Synthetic Wire',
  '--cite-published',
  '2026-11-20',
  '--cite-quote',
  'synthetic',
  ...over,
];

let store: Store;
const keys: Record<string, string> = {};
before(async () => {
  store = await createStore({ path: ':memory:' });
  for (const role of ['analyst', 'reviewer'])
    keys[role] = (await createApiKey(store, { role, name: `links ${role}` })).key;
});
after(() => store.close());

const cli = (...args: string[]) => runCli(store, [registerDesk], args);
const links = async (id: number) => (await store.getDeskEvent(id))!.same_incident;

/** `desk add` by the analyst: the event, and what it said on stderr. */
async function add(...flags: string[]) {
  const r = await cli('desk', 'add', ...report(...flags), '--key', keys.analyst!, '--format', 'json');
  assert.equal(r.error, undefined, String(r.error));
  return { id: (JSON.parse(r.out) as DeskEvent).id, err: r.err };
}

/** Submitted by the analyst and verified by the reviewer, ready for the local admin to publish. */
async function verified(id: number) {
  for (const [action, who] of [
    ['submit', 'analyst'],
    ['verify', 'reviewer'],
  ] as const)
    assert.equal((await cli('desk', action, String(id), '--key', keys[who]!)).error, undefined);
}

describe('desk add and the API link every desk event of one day and place', () => {
  it('two reports typed in by hand are linked both ways, and the second is not published beside the first unsaid (exit 2)', async () => {
    const first = await add('--headline', 'Synthetic clash in Bannu');
    const second = await add('--headline', 'Synthetic attack in Bannu, five killed');
    const otherDay = await add('--date', '2026-11-19');
    assert.deepEqual(await links(second.id), [{ id: first.id, relation: 'possible' }]);
    assert.deepEqual(await links(first.id), [{ id: second.id, relation: 'possible' }]);
    assert.deepEqual(await links(otherDay.id), []);
    assert.equal(
      second.err,
      `created desk event ${second.id} (draft); maybe the same incident as desk event ${first.id} (same day and place): check before submitting\n`,
    );
    await verified(first.id);
    await verified(second.id);
    assert.equal((await cli('desk', 'publish', String(first.id))).error, undefined);
    const refused = await cli('desk', 'publish', String(second.id));
    assert.equal(
      String(refused.error),
      `ConflictError: cannot publish desk event "${second.id}": it may be the same incident as published desk event ${first.id} (same day and place); say how they relate: --supersedes ${first.id} (that one leaves the counts) or --distinct-from ${first.id} (both count)`,
    );
    assert.equal(exitCodeFor(refused.error), 2);
  });

  it('an event of the same district is linked, one retracted is not', async () => {
    const district = await add('--date', '2026-11-10', '--place', 'Domel', '--admin2', 'Bannu');
    const gone = await add('--date', '2026-11-10', '--place', 'Kakki', '--admin2', 'Bannu');
    assert.equal((await cli('desk', 'retract', String(gone.id), '--key', keys.analyst!)).error, undefined);
    const later = await add('--date', '2026-11-10', '--place', 'Jani Khel', '--admin2', 'Bannu');
    assert.deepEqual(await links(later.id), [{ id: district.id, relation: 'possible' }]);
  });
});

describe('desk edit of the day or place makes the links again', () => {
  it('a moved event leaves the links of its old place and joins those of its new one, both ways, said in the audit entry', async () => {
    const [a, b] = [await add('--date', '2026-11-01'), await add('--date', '2026-11-01')];
    const c = await add('--date', '2026-11-01', '--place', 'Lakki Marwat');
    assert.deepEqual(await links(b.id), [{ id: a.id, relation: 'possible' }]);
    // A headline changes nothing of the links, and the audit entry says nothing of them.
    const headline = await cli('desk', 'edit', String(b.id), '--headline', 'Synthetic raid');
    assert.equal(headline.err, `desk event ${b.id} is now edit 2, draft\n`);
    assert.equal((await store.listDeskAudit({ eventId: b.id })).at(-1)!.reason, null);
    const moved = await cli('desk', 'edit', String(b.id), '--place', 'Lakki Marwat', '--format', 'json');
    assert.equal(moved.error, undefined, String(moved.error));
    assert.deepEqual((JSON.parse(moved.out) as DeskEditAnswer).same_incident, [
      { id: c.id, relation: 'possible' },
    ]);
    // Said on stderr as desk add says its links, and given in the JSON answer as the API gives it.
    assert.deepEqual((JSON.parse(moved.out) as DeskEditAnswer).relinked, { made: [c.id], dropped: [a.id] });
    assert.equal(
      moved.err,
      `desk event ${b.id} is now edit 3, draft; no longer maybe the same incident as desk event ${a.id} (day or place changed); maybe the same incident as desk event ${c.id} (same day and place)\n`,
    );
    assert.deepEqual(await links(b.id), [{ id: c.id, relation: 'possible' }]);
    assert.deepEqual(await links(a.id), []);
    assert.deepEqual(await links(c.id), [{ id: b.id, relation: 'possible' }]);
    const entry = (await store.listDeskAudit({ eventId: b.id })).at(-1)!;
    assert.deepEqual(
      [entry.action, entry.reason, entry.after.same_incident],
      [
        'edit',
        `no longer maybe the same incident as desk event ${a.id} (day or place changed); maybe the same incident as desk event ${c.id} (same day and place)`,
        [{ id: c.id, relation: 'possible' }],
      ],
    );
    // Another day: no event of it, no link.
    assert.equal((await cli('desk', 'edit', String(b.id), '--date', '2026-11-02')).error, undefined);
    assert.deepEqual([await links(b.id), await links(c.id)], [[], []]);
  });

  it('a relation the publisher chose stays when either event moves', async () => {
    const a = await add('--date', '2026-10-01');
    const b = await add('--date', '2026-10-01');
    await verified(a.id);
    await verified(b.id);
    assert.equal((await cli('desk', 'publish', String(a.id))).error, undefined);
    const ok = await cli('desk', 'publish', String(b.id), '--distinct-from', String(a.id));
    assert.equal(ok.error, undefined, String(ok.error));
    const edited = await cli('desk', 'edit', String(b.id), '--date', '2026-10-02', '--key', keys.analyst!);
    assert.equal(edited.error, undefined, String(edited.error));
    assert.deepEqual(await links(b.id), [{ id: a.id, relation: 'distinct' }]);
    assert.deepEqual(await links(a.id), [{ id: b.id, relation: 'distinct' }]);
    // Back on the day of a: still distinct (decided), never made possible again.
    await cli('desk', 'edit', String(b.id), '--date', '2026-10-01', '--key', keys.analyst!);
    assert.deepEqual(await links(b.id), [{ id: a.id, relation: 'distinct' }]);
  });
});

describe('two saves at once', () => {
  const analyst = { id: 'an', name: null, role: 'analyst' as const };
  const draft = (place: string, date = '2026-08-14') => ({
    date_start: date,
    country: 'PAK',
    place,
    common_type: 'battle',
    headline: 'Synthetic clash',
    citations: [
      {
        url: 'https://news.example.org/synthetic/3',
        outlet: 'Synthetic Wire',
        published_at: date,
        quote: 'synthetic',
      },
    ],
  });

  it('two POST /desk/events of one day and place at once, each deciding before the other has written, are linked both ways', async () => {
    const { first, second } = crossedSaves(store, 'listDeskEvents');
    const create = (s: Store) =>
      createApi({ store: s, log: () => {} }).app.request('/api/v1/desk/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.analyst}` },
        body: JSON.stringify(draft('Hangu')),
      });
    const answers = await Promise.all([create(first), create(second)]);
    const [a, b] = (await Promise.all(answers.map((r) => r.json()))) as DeskEvent[];
    assert.deepEqual(
      answers.map((r) => r.status),
      [201, 201],
    );
    assert.deepEqual(await links(a!.id), [{ id: b!.id, relation: 'possible' }]);
    assert.deepEqual(await links(b!.id), [{ id: a!.id, relation: 'possible' }]);
    // The create decided last names the other in its answer and its audit entry, as it was written.
    const [, later] = [a!, b!].sort((x, y) => x.same_incident.length - y.same_incident.length);
    assert.deepEqual(
      (await store.listDeskAudit({ eventId: later!.id }))[0]!.after.same_incident,
      later!.same_incident,
    );
  });

  it('two POST /desk/news of one report at once, each reading the desk before the other has written, save it once: the other answers with that desk event, already saved', async () => {
    const report = {
      text: 'PESHAWAR, Aug 18: Militants attacked a police check post in Hangu on Tuesday, killing four policemen.',
      url: 'https://news.example.org/synthetic/4',
      outlet: 'Synthetic Wire',
      published: '2026-08-18',
    };
    const { first, second } = crossedSaves(store, 'listDeskEvents');
    const save = (s: Store) =>
      createApi({ store: s, log: () => {} }).app.request('/api/v1/desk/news', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.analyst}` },
        body: JSON.stringify(report),
      });
    const answers = await Promise.all([save(first), save(second)]);
    assert.deepEqual(
      answers.map((r) => r.status),
      [201, 201],
    );
    type Saved = { id: number; already_saved: boolean; same_incident: number[] };
    const [a, b] = (await Promise.all(answers.map((r) => r.json()))) as { desk_events: Saved[] }[];
    const made = (await store.listDeskEvents({})).filter((e) => e.citations[0]?.url === report.url);
    assert.deepEqual(
      made.map((e) => e.id),
      [b!.desk_events[0]!.id],
      'one desk event, made by the save that wrote first',
    );
    // The first to read decided last, inside its write transaction, and found the second's event.
    assert.deepEqual(
      [a!.desk_events, b!.desk_events],
      [[{ ...b!.desk_events[0]!, already_saved: true }], [{ ...b!.desk_events[0]!, already_saved: false }]],
    );
    assert.deepEqual(
      (await store.listDeskAudit({ eventId: made[0]!.id })).map((e) => e.action),
      ['create'],
    );
  });

  it('an edit that moves an event onto the day and place of one created at that moment links the two', async () => {
    const moving = await createDeskEvent(store, draft('Karak', '2026-08-15'), analyst);
    const { first, second } = crossedSaves(store, 'listDeskEvents');
    const [moved, made] = await Promise.all([
      editDeskEvent(first, moving.id, { place: 'Thall' }, analyst),
      createDeskEvent(second, draft('Thall', '2026-08-15'), analyst),
    ]);
    assert.deepEqual(await links(moving.id), [{ id: made.id, relation: 'possible' }]);
    assert.deepEqual(await links(made.id), [{ id: moving.id, relation: 'possible' }]);
    // Whichever was written second made the link, and its answer says so.
    assert.notEqual(
      moved.relinked.made.includes(made.id),
      made.same_incident.some((l) => l.id === moving.id),
    );
  });
  it('an edit that moves an event away from the day and place of one created at that moment leaves the two unlinked', async () => {
    const moving = await createDeskEvent(store, draft('Kohat', '2026-08-16'), analyst);
    // The edit reads the event before the create links it, and writes after.
    const { first, second } = crossedSaves(store, 'getDeskEvent');
    const [moved, made] = await Promise.all([
      editDeskEvent(first, moving.id, { place: 'Darra Adam Khel' }, analyst),
      createDeskEvent(second, draft('Kohat', '2026-08-16'), analyst),
    ]);
    assert.deepEqual(made.same_incident, [{ id: moving.id, relation: 'possible' }]);
    assert.deepEqual([await links(moving.id), await links(made.id)], [[], []]);
    assert.deepEqual(moved.relinked, { made: [], dropped: [made.id] });
  });
  it('two linked events published at once: one is published, the other refused (409) until the publisher says how they relate', async () => {
    const [a, b] = [await add('--date', '2026-08-17'), await add('--date', '2026-08-17')];
    await verified(a.id);
    await verified(b.id);
    const admin = { id: 'ad', name: null, role: 'admin' as const };
    // Each publish reads the other's state (its second desk read) before the other is written.
    const { first, second } = crossedSaves(store, 'getDeskEvent', 1);
    const outcomes = await Promise.allSettled([
      publishDeskEvent(first, a.id, admin),
      publishDeskEvent(second, b.id, admin),
    ]);
    assert.deepEqual(outcomes.map((o) => o.status).sort(), ['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected')!.reason as Error;
    assert.match(
      refused.message,
      /^cannot publish desk event "\d+": it may be the same incident as published desk event \d+ /,
    );
    assert.deepEqual(
      [(await store.getDeskEvent(a.id))!.state, (await store.getDeskEvent(b.id))!.state].sort(),
      ['published', 'verified'],
    );
  });
});

describe('a store whose hand-entered desk events were saved unlinked', () => {
  it('links them when migrated, and leaves a pair linked before as it was', async () => {
    const own = await createStore({ path: ':memory:' });
    try {
      const added = async (...flags: string[]) => {
        const r = await runCli(own, [registerDesk], ['desk', 'add', ...report(...flags), '--format', 'json']);
        return (JSON.parse(r.out) as DeskEvent).id;
      };
      const [a, b] = [await added(), await added()];
      const [x, y] = [await added('--place', 'Kohat'), await added('--place', 'Kohat')];
      const other = await added('--place', 'Tank');
      // As a store was before every create linked: no link of a hand-entered event, migration 32
      // not applied; one pair decided distinct since.
      const duck = own as unknown as DuckDBStore;
      await duck.select(`DELETE FROM desk_links`);
      await duck.select(`DELETE FROM schema_migrations WHERE version = 32`);
      const at = '2026-11-21T00:00:00Z';
      await duck.select(
        `INSERT INTO desk_links VALUES (${x}, ${y}, 'distinct', '${at}'), (${y}, ${x}, 'distinct', '${at}')`,
      );
      await own.migrate();
      const read = async (id: number) => (await own.getDeskEvent(id))!.same_incident;
      assert.deepEqual(
        [await read(a), await read(b), await read(x), await read(y), await read(other)],
        [
          [{ id: b, relation: 'possible' }],
          [{ id: a, relation: 'possible' }],
          [{ id: y, relation: 'distinct' }],
          [{ id: x, relation: 'distinct' }],
          [],
        ],
      );
    } finally {
      await own.close();
    }
  });
});

describe('the API over HTTP', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer(createApi({ store, log: () => {} }), '127.0.0.1', 0);
  });
  after(() => server.close());

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}/api/v1/desk${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.analyst}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as DeskEvent };
  };
  const draft = {
    date_start: '2026-09-05',
    country: 'PAK',
    admin2: 'North Waziristan',
    common_type: 'battle',
    headline: 'Synthetic exchange of fire',
    citations: [
      {
        url: 'https://news.example.org/synthetic/2',
        outlet: 'Synthetic Wire',
        published_at: '2026-09-05',
        quote: 'synthetic',
      },
    ],
  };

  it('POST /desk/events links a second report of the district, and POST /desk/events/:id that moves it unlinks both', async () => {
    const first = await post('/events', draft);
    const second = await post('/events', draft);
    assert.equal(second.status, 201, JSON.stringify(second.body));
    assert.deepEqual(second.body.same_incident, [{ id: first.body.id, relation: 'possible' }]);
    assert.deepEqual(await links(first.body.id), [{ id: second.body.id, relation: 'possible' }]);
    // The queue's CSV counts the warnings and lists the links, as desk queue --format csv does.
    for (const e of [first, second])
      assert.equal((await post(`/events/${e.body.id}/submit`, {})).status, 200);
    const res = await fetch(`${server.url}/api/v1/desk/queue?format=csv`, {
      headers: { authorization: `Bearer ${keys.analyst}` },
    });
    const csv = (await res.text()).trim().split('\n');
    assert.match(csv[0]!, /,age_hours,next_role,warnings,same_incident$/);
    assert.match(
      csv.find((l) => l.startsWith(`${second.body.id},`))!,
      new RegExp(`,0,${first.body.id} possible$`),
    );
    const moved = await post(`/events/${second.body.id}`, { admin2: 'South Waziristan' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual(moved.body.same_incident, []);
    assert.deepEqual((moved.body as DeskEditAnswer).relinked, { made: [], dropped: [first.body.id] });
    assert.deepEqual(await links(first.body.id), []);
  });
});
