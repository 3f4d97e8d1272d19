/**
 * Desk events stay out of every count unless asked: the series, the compare, the conflict index
 * and the event listing over a store of synthetic GED rows, before and after a desk event is
 * published, without and with include_desk; every answer says which. Drafts and events under
 * review never count, with or without the flag.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApi, type Api } from '../../api/server.ts';
import { createStore, type Store } from '../../storage/index.ts';
import { createEventPlacer } from '../geography.ts';
import { AUDIT_PAGE, auditLog } from './desk-views.ts';
import { addStagedEvents, monthlyEvents, stagedEvent } from '../../../test/helpers/synthetic-events.ts';
import {
  createDeskEvent,
  publishDeskEvent,
  retractDeskEvent,
  submitDeskEvent,
  verifyDeskEvent,
} from './desk-workflow.ts';
import type { DeskActor } from '../../domain/desk.ts';
import { signalsQuery } from '../analysis/signals.ts';
import { registerEvents } from '../../cli/commands/events.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { publishedDeskEvent, syntheticReport } from '../../../test/helpers/desk-events.ts';

const analyst: DeskActor = { id: 'an', name: null, role: 'analyst' };
const reviewer: DeskActor = { id: 'rv', name: null, role: 'reviewer' };
const admin: DeskActor = { id: 'ad', name: null, role: 'admin' };

// Synthetic: a desk event in March 2021, cited from a synthetic report.
const DRAFT = {
  date_start: '2021-03-10',
  country: 'PAK',
  common_type: 'battle',
  fatalities_best: 5,
  citations: [
    {
      url: 'https://news.example.org/synthetic/2',
      outlet: 'Synthetic Wire',
      published_at: '2021-03-11',
      quote: 'synthetic',
    },
  ],
};

let store: Store;
let api: Api;

before(async () => {
  store = await createStore({ path: ':memory:' });
  // Three GED-like events a month in PAK, January to June 2021 (synthetic rows).
  await addStagedEvents(store, monthlyEvents([3, 3, 3, 3, 3, 3], '2021-01', { country: 'PAK' }));
  api = createApi({ store, log: () => {} });
});
after(() => store.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field in assertions
async function get(path: string): Promise<any> {
  const res = await api.app.request(`/api/v1/${path}`);
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}

/** March's events in the monthly series, and what the answer says about desk events. */
async function march(flag: string): Promise<{ events: number; desk: string }> {
  const s = await get(`series?from=2021-01&to=2021-06&country=PAK&interval=month${flag}`);
  const p = s.points.find((x: { period: string }) => x.period.startsWith('2021-03'));
  return { events: p.events, desk: s.meta.desk_events };
}

describe('desk events in counts', () => {
  it('drafts, submitted and verified desk events never count, even with include_desk', async () => {
    const d = await createDeskEvent(store, DRAFT, analyst);
    await submitDeskEvent(store, d.id, analyst);
    await verifyDeskEvent(store, d.id, reviewer);
    assert.deepEqual(await march(''), { events: 3, desk: 'excluded' });
    assert.deepEqual(await march('&include_desk=true'), { events: 3, desk: 'included' });
    await publishDeskEvent(store, d.id, admin);
    // Published: out by default, in with the flag, and the answer says which.
    assert.deepEqual(await march(''), { events: 3, desk: 'excluded' });
    assert.deepEqual(await march('&include_desk=true'), { events: 4, desk: 'included' });
    const included = await get('series?from=2021-03&to=2021-03&country=PAK&include_desk=true');
    assert.ok(
      included.meta.notes.some((n: string) => n.startsWith('published desk events (source faultline-desk')),
    );
    assert.ok(!included.meta.coverage.some((c: { source: string }) => c.source === 'faultline-desk'));
  });

  it('the listing, compare and conflict index leave desk events out unless asked', async () => {
    const list = (flag: string) => get(`events?from=2021-03&to=2021-03&country=PAK${flag}`);
    assert.equal((await list('')).total, 3);
    assert.equal((await list('&include_desk=true')).total, 4);
    const only = await get('events?source=faultline-desk');
    assert.equal(only.total, 1, 'naming the source includes it');
    assert.equal(only.events[0].source, 'faultline-desk');
    const compare = (flag: string) => get(`compare?period1=2021-02&period2=2021-03&country=PAK${flag}`);
    const [c0, c1] = [await compare(''), await compare('&include_desk=true')];
    assert.equal(c0.meta.desk_events, 'excluded');
    assert.equal(c1.meta.desk_events, 'included');
    assert.notDeepEqual(c0.rows ?? c0, c1.rows ?? c1);
    const index = (flag: string) => get(`index?from=2021-03&to=2021-03&country=PAK${flag}`);
    const [i0, i1] = [await index(''), await index('&include_desk=true')];
    assert.equal(i0.meta.desk_events, 'excluded');
    assert.equal(i1.meta.desk_events, 'included');
  });

  it('claims are never checked against desk events, and the answer says so', async () => {
    const res = await api.app.request('/api/v1/claims/check', {
      method: 'POST',
      body: 'claims:\n  - id: c1\n    text: t\n    metric: events\n    geography: { country: PAK }\n    period: "2021-03"\n    comparator: { kind: at_least, value: 1 }\n',
    });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { desk_events: string; results: { evidence: { source: string }[] }[] };
    assert.equal(body.desk_events, 'excluded');
    const sources = body.results.flatMap((r) => r.evidence.map((e) => e.source));
    assert.ok(sources.includes('ucdp-ged'), sources.join(','));
    assert.ok(!sources.includes('faultline-desk'));
  });

  it('a retracted desk event leaves the counts', async () => {
    const [d] = await store.listDeskEvents({ states: ['published'] });
    await retractDeskEvent(store, d!.id, 'synthetic: report withdrawn', admin);
    assert.deepEqual(await march('&include_desk=true'), { events: 3, desk: 'included' });
  });
});

describe('desk events beyond the datasets', () => {
  // Synthetic GED-like events from 1 January to 3 June 2021 (three a month), and two published desk
  // events outside them: 20 December 2020 and 10 August 2021 (the news of after the datasets' end).
  let late: Store;
  let lateApi: Api;
  const publish = async (date: string) => {
    const d = await createDeskEvent(
      late,
      { ...DRAFT, date_start: date, citations: [{ ...DRAFT.citations[0]!, published_at: date }] },
      analyst,
    );
    await submitDeskEvent(late, d.id, analyst);
    await verifyDeskEvent(late, d.id, reviewer);
    await publishDeskEvent(late, d.id, admin);
  };
  before(async () => {
    late = await createStore({ path: ':memory:' });
    await addStagedEvents(late, monthlyEvents([3, 3, 3, 3, 3, 3], '2021-01', { country: 'PAK' }));
    await publish('2020-12-20');
    await publish('2021-08-10');
    lateApi = createApi({ store: late, log: () => {} });
  });
  after(() => late.close());
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field in assertions
  async function lateGet(path: string): Promise<any> {
    const res = await lateApi.app.request(`/api/v1/${path}`);
    assert.equal(res.status, 200, await res.clone().text());
    return res.json();
  }
  const deskGaps =
    "periods there show published desk events alone, analysts' reports from the news and not a complete count (no reporting is not no violence)";

  it('an answer without an end reaches the latest (or earliest) matching desk event, and names the days no dataset covers', async () => {
    const from2021 = await lateGet('series?interval=year&from=2021&include_desk=true');
    const to2021 = await lateGet('series?interval=year&from=2021&to=2021&include_desk=true');
    assert.equal(from2021.points[0].events, 19, 'the August desk event counts without --to as with it');
    assert.equal(from2021.points[0].events, to2021.points[0].events);
    assert.deepEqual(from2021.meta.period, { from: '2021-01-01', to: '2021-08-10' });
    assert.equal(from2021.meta.coverage_status, 'partly_covered');
    assert.deepEqual(from2021.meta.uncovered, [{ from: '2021-06-04', to: '2021-08-10' }]);
    assert.equal(
      from2021.meta.coverage_warning,
      `no loaded source version covers 2021-06-04 to 2021-08-10: ${deskGaps}`,
    );
    const earlier = await lateGet('series?interval=month&to=2021-06&include_desk=true');
    assert.deepEqual(earlier.meta.period, { from: '2020-12-20', to: '2021-06-30' });
    assert.equal(earlier.points[0].events, 1);
    // Every answer whose period is resolved the same way: listings, the index, the network.
    for (const path of ['events?include_desk=true', 'index?include_desk=true', 'network?include_desk=true'])
      assert.deepEqual((await lateGet(path)).meta.period, { from: '2020-12-20', to: '2021-08-10' }, path);
    const desk = await lateGet('series?interval=month&source=faultline-desk');
    assert.deepEqual(desk.meta.period, { from: '2020-12-20', to: '2021-08-10' });
    assert.equal(
      desk.points.reduce((n: number, p: { events: number | null }) => n + (p.events ?? 0), 0),
      2,
    );
  });

  it("signals end on the datasets' last day, and name the desk events after it", async () => {
    const s = await signalsQuery(late, { filter: { includeDesk: true } });
    assert.equal(s.signal.window_end, '2021-06-03');
    assert.ok(
      s.meta.notes.includes(
        '1 matching published desk event dated after 2021-06-03 is not in the window: it ends on the last day a loaded source version covers, since desk events make no day covered and a window of days no dataset covers has no total',
      ),
      s.meta.notes.join('\n'),
    );
    const without = await signalsQuery(late, { filter: {} });
    assert.ok(!without.meta.notes.some((n) => n.includes('desk event')), without.meta.notes.join('\n'));
  });

  it("an answer without desk events keeps the datasets' period and words", async () => {
    const s = await lateGet('series?interval=year&from=2021');
    assert.deepEqual(s.meta.period, { from: '2021-01-01', to: '2021-06-03' });
    assert.equal(s.points[0].events, 18);
    assert.equal(s.meta.coverage_warning, null);
    const beyond = await lateGet('series?interval=year&from=2021&to=2021');
    assert.equal(
      beyond.meta.coverage_warning,
      'no loaded source version covers 2021-06-04 to 2021-12-31: periods there show no reporting, not no violence',
    );
  });

  it("a desk-only listing says its events are analysts' reports, not a complete count, never that nothing is known", async () => {
    const none =
      "no loaded source version matches the source, version and country filters, and desk events make no period covered: the 2 published desk events listed are analysts' reports from the news, so the list is not a complete count";
    const only = await lateGet('events?source=faultline-desk');
    assert.equal(only.total, 2);
    assert.equal(only.meta.coverage_status, 'not_covered');
    assert.equal(
      only.meta.coverage_warning,
      `no loaded source version matches the source, version and country filters: every ${deskGaps.slice('periods there '.length).replace('show', 'period shows')}`,
    );
    assert.equal(only.meta.notes.at(-1), none);
    const cli = await runCli(late, [registerEvents], ['events', '--source', 'faultline-desk']);
    assert.match(cli.err, /events 1-2 of 2/);
    assert.ok(cli.err.includes(`not covered: ${none}\n`), cli.err);
    assert.ok(!cli.err.includes('nothing is known'), cli.err);
    // With datasets loaded but none covering the dates, the desk events are not "records of another period".
    const august = await lateGet('events?from=2021-08&include_desk=true');
    assert.equal(august.total, 1);
    assert.equal(
      august.meta.notes.at(-1),
      "no loaded source version covers 2021-08-01 to 2021-08-10, and desk events make no period covered: the 1 published desk event listed is an analyst's report from the news, so the list is not a complete count",
    );
    assert.ok(!august.meta.notes.some((n: string) => n.includes('records of another period')));
  });
});

describe('desk events in linkage', () => {
  let twins: Store;
  let twinsApi: Api;
  before(async () => {
    twins = await createStore({ path: ':memory:' });
    // One synthetic GED-like event (Quetta, 1 March 2021, 3 killed) and a published desk event reporting it.
    await addStagedEvents(twins, [stagedEvent('t1')]);
    const d = await createDeskEvent(
      twins,
      {
        ...DRAFT,
        date_start: '2021-03-01',
        admin1: 'Balochistan',
        place: 'Quetta',
        lat: 30.18,
        lon: 67.0,
        actor1: 'Government of Pakistan',
        actor2: 'BRAS',
        fatalities_best: 3,
      },
      analyst,
    );
    await submitDeskEvent(twins, d.id, analyst);
    await verifyDeskEvent(twins, d.id, reviewer);
    await publishDeskEvent(twins, d.id, admin);
    twinsApi = createApi({ store: twins, log: () => {} });
  });
  after(() => twins.close());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field in assertions
  async function twinsGet(path: string): Promise<any> {
    const res = await twinsApi.app.request(`/api/v1/${path}`);
    assert.equal(res.status, 200, await res.clone().text());
    return res.json();
  }
  const events = async (flags: string) =>
    (await twinsGet(`series?from=2021-03&to=2021-03&country=PAK&interval=month${flags}`)).points[0].events;

  it('a published desk event links with its UCDP twin in the stored runs: dedupe counts the incident once', async () => {
    assert.equal(await events('&include_desk=true'), 2);
    assert.equal(await events('&include_desk=true&dedupe=true'), 1);
    assert.equal(await events('&dedupe=true'), 1, 'without desk events the answer is unchanged');
    assert.equal(await events(''), 1);
    const d = await twinsGet('disagreements?from=2021-03&to=2021-03&include_desk=true');
    assert.deepEqual([d.records, d.incidents, d.multi_source], [2, 1, 1]);
    assert.equal(d.linkage.basis, 'stored');
  });
});

describe('desk events in their province', () => {
  it("a desk event that names a district and no province counts in the district's province", async () => {
    const own = await createStore({ path: ':memory:' });
    try {
      const place = await createEventPlacer(own);
      // The desk's own example: `--admin2 "North Waziristan"` and no province.
      const d = await createDeskEvent(own, { ...DRAFT, admin2: 'North Waziristan' }, analyst, { place });
      await submitDeskEvent(own, d.id, analyst, { place });
      await verifyDeskEvent(own, d.id, reviewer, { place });
      await publishDeskEvent(own, d.id, admin, { place });
      const e = await own.getEvent(`faultline-desk:${d.id}`);
      assert.deepEqual(
        [e?.admin2Code, e?.admin1Code, e?.admin1Name],
        ['kp_north_waziristan', 'PK-KP', 'Khyber Pakhtunkhwa'],
      );
      assert.equal(await own.countEvents({ includeDesk: true, admin1: ['PK-KP'] }), 1);
    } finally {
      await own.close();
    }
  });
});

describe('the audit log', () => {
  it('is read to its end, page by page: an export is never cut at the store page size', async () => {
    const own = await createStore({ path: ':memory:' });
    try {
      const d = await createDeskEvent(own, DRAFT, analyst);
      await submitDeskEvent(own, d.id, analyst);
      await verifyDeskEvent(own, d.id, reviewer);
      await publishDeskEvent(own, d.id, admin);
      await retractDeskEvent(own, d.id, 'synthetic', admin);
      // A store that answers at most two entries a query, as the real one answers at most AUDIT_PAGE.
      const paged = new Proxy(own, {
        get: (t, k) =>
          k === 'listDeskAudit'
            ? (q: Parameters<Store['listDeskAudit']>[0]) =>
                t.listDeskAudit({ ...q, limit: Math.min(q.limit ?? AUDIT_PAGE, 2) })
            : Reflect.get(t, k),
      });
      const log = await auditLog(paged, d.id, 2);
      assert.deepEqual(
        log.map((a) => a.action),
        ['create', 'submit', 'verify', 'publish', 'retract'],
      );
    } finally {
      await own.close();
    }
  });
});

describe('desk events in a comparison of places', () => {
  it("counts desk events on covered days only, as the rate's exposure is, and names the others", async () => {
    const own = await createStore({ path: ':memory:' });
    try {
      // Synthetic GED-like events, three a month from January to 3 June 2021, in Balochistan and in
      // Khyber Pakhtunkhwa; published desk events in Balochistan on 20 May (covered) and 10 August (not).
      const kp = monthlyEvents([3, 3, 3, 3, 3, 3], '2021-01', { admin1Label: 'Khyber Pakhtunkhwa' });
      await addStagedEvents(own, [
        ...monthlyEvents([3, 3, 3, 3, 3, 3], '2021-01'),
        ...kp.map((e) => ({ ...e, id: `${e.id}-kp`, sourceId: `${e.sourceId}-kp` })),
      ]);
      for (const date of ['2021-05-20', '2021-08-10'])
        await publishedDeskEvent(own, syntheticReport(date, { admin1: 'Balochistan province' }));
      const ownApi = createApi({ store: own, log: () => {} });
      const compare = async (flags: string) => {
        const res = await ownApi.app.request(
          `/api/v1/compare?level=admin1&place1=Balochistan%20province&place2=Khyber%20Pakhtunkhwa${flags}`,
        );
        assert.equal(res.status, 200, await res.clone().text());
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- read field by field
        return (await res.json()) as any;
      };
      const c = await compare('&include_desk=true');
      // The period reaches the August desk event; the datasets cover 1 January to 3 June (154 days).
      assert.deepEqual(
        [c.comparison.from1, c.comparison.to1, c.comparison.days1, c.comparison.covered_days1],
        ['2021-01-01', '2021-08-10', 222, 154],
      );
      assert.deepEqual([c.comparison.count1, c.comparison.count2], [19, 18], 'the May desk event counts');
      assert.equal(c.comparison.rate1_per_day, 19 / 154);
      assert.ok(
        c.meta.notes.includes(
          'side 1 (Balochistan province) leaves out 1 published desk event dated on days no loaded source version covers (2021-06-04 to 2021-08-10): desk events make no day covered, so it is not in its count, which is of the covered days, as its exposure is (it is in an answer over those days, such as series --include-desk)',
        ),
        c.meta.notes.join('\n'),
      );
      assert.ok(!c.meta.notes.some((n: string) => n.startsWith('side 2 (Khyber Pakhtunkhwa) leaves out')));
      // The sources it names count what it counts: the May desk event, not August's.
      assert.deepEqual(
        c.meta.sources.map((x: { source: string; events: number }) => [x.source, x.events]),
        [
          ['faultline-desk', 1],
          ['ucdp-ged', 36],
        ],
      );
      // Over the covered days alone, the comparison is the same: nothing left out, nothing to say.
      const covered = await compare('&include_desk=true&from=2021-01-01&to=2021-06-03');
      assert.deepEqual(
        [covered.comparison.count1, covered.comparison.rate_ratio],
        [19, c.comparison.rate_ratio],
      );
      assert.ok(!covered.meta.notes.some((n: string) => n.includes('leaves out')));
      // Two periods are counted the same way: April to August holds the May desk event, not August's.
      const res = await ownApi.app.request(
        '/api/v1/compare?period1=2021-01-01..2021-03-31&period2=2021-04-01..2021-08-31&admin1=Balochistan%20province&include_desk=true',
      );
      assert.equal(res.status, 200, await res.clone().text());
      const periods = (await res.json()) as { comparison: { count2: number; covered_days2: number } };
      assert.deepEqual([periods.comparison.count2, periods.comparison.covered_days2], [10, 64]);
    } finally {
      await own.close();
    }
  });

  it('names the desk events of a side no source covers at all, which has no count, and lists no source for them', async () => {
    const own = await createStore({ path: ':memory:' });
    try {
      // Synthetic GED-like events in Pakistan alone; one published desk event in Afghanistan.
      await addStagedEvents(own, monthlyEvents([3, 3, 3], '2021-01'));
      await publishedDeskEvent(own, syntheticReport('2021-02-10', { country: 'AFG' }));
      const res = await createApi({ store: own, log: () => {} }).app.request(
        '/api/v1/compare?level=country&place1=PAK&place2=AFG&from=2021-01-01&to=2021-03-31&include_desk=true',
      );
      assert.equal(res.status, 200, await res.clone().text());
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- read field by field
      const c = (await res.json()) as any;
      assert.deepEqual([c.comparison.count1, c.comparison.count2, c.comparison.covered_days2], [9, null, 0]);
      const note = c.meta.notes.find((n: string) => n.startsWith('side 2 ('));
      assert.match(
        note ?? c.meta.notes.join('\n'),
        /^side 2 \([^)]+\) has no count: no loaded source version covers any of its days \(2021-01-01 to 2021-03-31\), and its 1 published desk event makes no day covered, so it is not counted/,
      );
      // It counted no desk event, so it names none among its sources (it listed faultline-desk: 1).
      assert.deepEqual(
        c.meta.sources.map((x: { source: string }) => x.source),
        ['ucdp-ged'],
      );
    } finally {
      await own.close();
    }
  });
});

describe('desk events in a country no dataset covers', () => {
  // Synthetic GED-like events in Pakistan alone (1 January to 3 June 2021) and one published desk
  // event in Afghanistan on 10 March 2021: over both countries, Afghanistan's figures are that report.
  let own: Store;
  let ownApi: Api;
  before(async () => {
    own = await createStore({ path: ':memory:' });
    await addStagedEvents(own, monthlyEvents([3, 3, 3, 3, 3, 3], '2021-01', { country: 'PAK' }));
    await publishedDeskEvent(own, syntheticReport('2021-03-10', { country: 'AFG' }));
    ownApi = createApi({ store: own, log: () => {} });
  });
  after(() => own.close());
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field in assertions
  async function ownGet(path: string): Promise<any> {
    const res = await ownApi.app.request(`/api/v1/${path}`);
    assert.equal(res.status, 200, await res.clone().text());
    return res.json();
  }
  const silent = (span: string) =>
    `no loaded source version covers AFG ${span}: that country has no reporting there, not no violence, and totals there count the other countries alone`;
  const reported = (span: string) =>
    `no loaded source version covers AFG ${span}: that country's figures there are published desk events alone, analysts' reports from the news and not a complete count (no reporting is not no violence), and totals there add them to the other countries' counts`;
  const both = 'country=PAK,AFG&from=2021-01-01&to=2021-05-31';

  it("says the country's figures are published desk events alone, in every answer that counts them there", async () => {
    const note = `${reported('from 2021-01-01 to 2021-05-31')} (meta.uncovered_countries)`;
    for (const path of [
      `series?${both}&interval=month&include_desk=true`,
      `index?${both}&include_desk=true`,
      `network?${both}&include_desk=true`,
      `events?${both}&include_desk=true`,
    ]) {
      const r = await ownGet(path);
      assert.equal(r.meta.coverage_warning, note, path);
      assert.deepEqual(r.meta.uncovered_countries, [
        { country: 'AFG', from: '2021-01-01', to: '2021-05-31' },
      ]);
    }
    const s = await signalsQuery(own, {
      filter: { country: ['PAK', 'AFG'], from: '2021-01-01', includeDesk: true },
    });
    assert.equal(
      s.meta.coverage_warning,
      `${reported('from 2021-01-01 to 2021-06-03')} (meta.uncovered_countries)`,
    );
    // Two periods: the desk event lies in the second one's gap, not the first's.
    const c = await ownGet('compare?country=PAK,AFG&period1=2021-01&period2=2021-03&include_desk=true');
    assert.equal(
      c.meta.coverage_warning,
      `${silent('from 2021-01-01 to 2021-01-31')}; ${reported('from 2021-03-01 to 2021-03-31')} (meta.uncovered_countries)`,
    );
  });

  it('keeps "no reporting" without include_desk, where no desk event lies, and where a comparison of places leaves them out', async () => {
    const note = `${silent('from 2021-01-01 to 2021-05-31')} (meta.uncovered_countries)`;
    assert.equal((await ownGet(`series?${both}&interval=month`)).meta.coverage_warning, note);
    const april = await ownGet('series?country=PAK,AFG&from=2021-04-01&to=2021-05-31&include_desk=true');
    assert.equal(
      april.meta.coverage_warning,
      `${silent('from 2021-04-01 to 2021-05-31')} (meta.uncovered_countries)`,
    );
    const other = await ownGet(`series?${both}&type=protest&include_desk=true`);
    assert.equal(other.meta.coverage_warning, note, 'no desk event matches the filter there');
    const places = await ownGet(
      'compare?level=country&place1=PAK&place2=AFG&from=2021-01-01&to=2021-05-31&include_desk=true',
    );
    assert.equal(places.meta.coverage_warning, note);
  });
});
