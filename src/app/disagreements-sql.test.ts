import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { perturbedCutStore } from '../../test/helpers/perturbed-store.ts';
import type { EventFilter } from '../domain/query.ts';
import type { Store } from '../storage/index.ts';
import type { DisagreementsQuery } from '../storage/stored-disagreements.ts';
import type { LinkageWithin, StoredLinkage } from '../storage/stored-linkage.ts';
import { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { prepareDedupe } from './analysis/dedupe.ts';
import { sourcesDisagree, type DisagreementsAnswer } from './disagreements.ts';
import { sameIncident } from './event-incident.ts';
import { importFile } from './import-dataset.ts';
import { linkPeriod } from './linkage-runs.ts';

// Four months of real GED rows and their perturbed copy (synthetic, seed 17), linked in one run: the
// store of the first two describes, which only read it (built once for both: they were two files,
// src/app/disagreements-cost.test.ts the second, that each built and linked the same store).
let linked: Store;
before(async () => {
  linked = await perturbedCutStore('2012-11-01', '2013-02-28', 'sql-nov-2012-feb-2013');
  await linkPeriod(linked, '2012-11-01', '2013-02-28');
});
after(() => linked.close());

// The same store without the engine's tally: every record under the filter judged in memory, as
// every answer was until 2026-12-06.
const inMemory = (store: Store): Store =>
  new Proxy(store, { get: (s, k) => (k === 'disagreementTally' ? undefined : Reflect.get(s, k, s)) });

/** The store, counting its tallies, its streams of summaries and the events whose links it read. */
function counting(store: Store) {
  const seen = { tallies: 0, streams: 0, linksOf: [] as string[][] };
  const proxy = new Proxy(store, {
    get: (s, k) => {
      if (k === 'disagreementTally')
        return (q: DisagreementsQuery) => (seen.tallies++, s.disagreementTally!(q));
      if (k === 'streamEventSummaries') seen.streams++;
      if (k === 'storedLinkage')
        return (ids: readonly number[], within?: LinkageWithin) => (
          seen.linksOf.push([...(within?.events ?? [])]),
          s.storedLinkage(ids, within)
        );
      return Reflect.get(s, k, s);
    },
  });
  return { store: proxy, seen };
}

describe('disagreements over stored runs are judged, counted and cut to the page in the store (docs/linkage.md)', () => {
  let store: Store;
  before(() => {
    store = linked;
  });

  it('gathers only the records and links of the incidents it lists, never every summary under the filter', async () => {
    const { store: s, seen } = counting(store);
    const answer = await sourcesDisagree(s, {}, { limit: 5 });
    assert.equal(seen.tallies, 1);
    assert.equal(seen.streams, 0, 'no summary streamed');
    const listed = answer.disagreeing.flatMap((i) => i.records.map((r) => r.id)).sort();
    assert.deepEqual(
      seen.linksOf.map((ids) => [...ids].sort()),
      [listed],
    );
    assert.equal(answer.disagreeing.length, 5);
    assert.ok(answer.disagreeing_total! > 5);
    assert.match(
      answer.notes.join('\n'),
      new RegExp(`${answer.disagreeing_total} incidents disagree; the first 5 `),
    );
  });

  const cases: [string, EventFilter, Parameters<typeof sourcesDisagree>[2]][] = [
    ['everything', {}, {}],
    ['a month (incidents linked across its edges)', { from: '2013-01-01', to: '2013-01-31' }, {}],
    ['a month cut to 3 incidents', { from: '2013-01-01', to: '2013-01-31' }, { limit: 3 }],
    ['everything cut to none', {}, { limit: 0 }],
    ['battles (records of an incident typed otherwise left out)', { type: ['battle'] }, {}],
    ['deaths', {}, { differ: 'deaths' }],
    ['dates', {}, { differ: 'date' }],
    ['provinces', {}, { differ: 'province' }],
    ['perpetrators', {}, { differ: 'perpetrator' }],
    ['tolerances of their own', {}, { tolerances: { deathsShare: 0.1, days: 0 } }],
    ['only in GED, cut to 4', {}, { onlyIn: 'ucdp-ged', limit: 4 }],
    ['only in the perturbed copy over a month', { from: '2013-01-01', to: '2013-01-31' }, { onlyIn: 'csv' }],
    ['one source asked (the other silent)', { source: ['csv'] }, {}],
    ['a filter that keeps nothing', { from: '2013-01-01', to: '2013-01-31', source: ['acled'] }, {}],
  ];
  const answers: DisagreementsAnswer[] = [];
  for (const [name, filter, opts] of cases)
    it(`over ${name}, the answer is byte for byte the one judged in memory`, async () => {
      const { store: s, seen } = counting(store);
      const now = await sourcesDisagree(s, filter, opts);
      const before = await sourcesDisagree(inMemory(store), filter, opts);
      assert.equal(JSON.stringify(now), JSON.stringify(before));
      assert.equal(seen.tallies, now.records ? 1 : 0);
      answers.push(now);
    });

  it('the answers compared hold lone records linked outside the filter and lists cut', () => {
    assert.ok(
      answers.some((a) => a.single_source.some((s) => s.linked_outside_filter > 0)),
      'linked outside',
    );
    // Their notes say it in the words the CLI and the dashboard use beside the counts, never by the
    // answer's field paths (`single_source.linked_outside_filter`), which a reader does not see.
    const outside = answers
      .flatMap((a) => a.notes)
      .filter((n) => / linked to a record of another source /.test(n));
    assert.ok(outside.length > 0);
    for (const n of outside)
      assert.match(
        n,
        /so (it is|they are) counted as linked to another source's record outside the filter, not among those on days another source covers$/,
      );
    for (const n of answers.flatMap((a) => a.notes)) assert.doesNotMatch(n, /\b[a-z]+_[a-z_]+\b/, n);
    assert.ok(
      answers.some((a) => a.only_in && a.only_in.total > a.only_in.records.length),
      'only-in cut',
    );
  });
});

// The same store, read as before 2026-12-06: every pair and incident of the runs, whatever events were asked.
const wholeRuns = (store: Store): Store =>
  new Proxy(store, {
    get: (s, k) =>
      k === 'storedLinkage' ? (ids: readonly number[]) => s.storedLinkage(ids) : Reflect.get(s, k, s),
  });

describe('readers of stored links read only the links they show (docs/linkage.md, cost of disagreements on a large store)', () => {
  let store: Store;
  before(() => {
    store = linked;
  });

  it('a month of a run of four months reads only the pairs that joined the incidents it lists', async () => {
    const read: StoredLinkage[] = [];
    const counting = new Proxy(store, {
      get: (s, k) =>
        k === 'storedLinkage'
          ? async (ids: readonly number[], within?: LinkageWithin) => {
              read.push(await s.storedLinkage(ids, within));
              return read[read.length - 1];
            }
          : Reflect.get(s, k, s),
    });
    const answer = await sourcesDisagree(counting, { from: '2013-01-01', to: '2013-01-31' });
    const all = await store.storedLinkage((await store.linkageRuns()).map((r) => r.id));
    const month = new Set<string>();
    for await (const b of store.streamEventSummaries({ from: '2013-01-01', to: '2013-01-31' }))
      for (const e of b) month.add(String(e.id));
    assert.equal(answer.linkage.relinked, false);
    assert.equal(read.length, 1);
    const pairs = read[0]!.pairs;
    assert.ok(pairs.length > 0 && pairs.every((p) => p.clustered && month.has(p.a) && month.has(p.b)));
    // Only the listed incidents' links are read since the store judges the incidents (2026-12-06);
    // before, every pair between two of the month's events that joined an incident.
    assert.equal(
      pairs.length,
      answer.disagreeing.reduce((n, i) => n + i.links.length, 0),
      'every pair that joined an incident listed',
    );
    assert.ok(
      all.pairs.length > 3 * pairs.length,
      `${all.pairs.length} pairs in the run, ${pairs.length} read`,
    );
  });

  it("an event's detail and a --dedupe period read the current runs, never every link of them", async () => {
    let reads = 0;
    const counting = new Proxy(store, {
      get: (s, k) =>
        k === 'storedLinkage'
          ? (ids: readonly number[], within?: LinkageWithin) => (reads++, s.storedLinkage(ids, within))
          : Reflect.get(s, k, s),
    });
    let id = '';
    for await (const b of store.streamEventSummaries({
      from: '2013-01-10',
      to: '2013-01-10',
      source: ['csv'],
    }))
      id ||= String(b[0]?.id ?? '');
    const same = await sameIncident(counting, (await store.getEvent(id))!);
    const dedupe = await prepareDedupe(counting, { from: '2013-01-01', to: '2013-01-31' });
    assert.equal(same.status, 'linked');
    assert.equal(dedupe.runs.length, 1);
    assert.equal(reads, 0);
  });

  const filters: [string, EventFilter, Parameters<typeof sourcesDisagree>[2]][] = [
    ['everything', {}, {}],
    ['a month (incidents linked across its edges)', { from: '2013-01-01', to: '2013-01-31' }, {}],
    ['a month cut to 3 incidents', { from: '2013-01-01', to: '2013-01-31' }, { limit: 3 }],
    ['battles, on deaths', { type: ['battle'] }, { differ: 'deaths' }],
    ['only in the perturbed copy, cut to 1', {}, { onlyIn: 'csv', limit: 1 }],
  ];
  for (const [name, filter, opts] of filters)
    it(`the answer over ${name} is byte for byte the one read from the runs' every link`, async () => {
      const now = JSON.stringify(await sourcesDisagree(store, filter, opts));
      const before = JSON.stringify(await sourcesDisagree(wholeRuns(store), filter, opts));
      assert.equal(now, before);
      assert.ok((JSON.parse(now) as { multi_source: number }).multi_source > 0);
    });
});

// The real GED 22.1 rows of 1-10 March 2021 and the desk log made from them (test/fixtures/linkage),
// the log altered further here (SYNTHETIC): 390467's victims unidentified (XXX770, not the TTP),
// 390461's deaths unknown and its day the next, 390478's perpetrator Lashkar-e-Islam; and the SYNTHETIC ACLED row of
// src/app/disagreements-links.test.ts (a clash in Korangi three days after GED's 390579, 9 deaths).
const FIX = new URL('../../test/fixtures/linkage/', import.meta.url).pathname;
function files(): { log: string; acled: string } {
  const alter: Record<string, (line: string) => string> = {
    'D-390467': (l) => l.replace(',Government of Pakistan,TTP,', ',Government of Pakistan,XXX770,'),
    'D-390461': (l) =>
      l.replace('D-390461,2021-03-05,', 'D-390461,2021-03-06,').replace(',BRAS,0,', ',BRAS,,'),
    'D-390478': (l) => l.replace(',Government of Pakistan,BRAS,', ',Lashkar-e-Islam,BRAS,'),
  };
  const lines = readFileSync(`${FIX}desk-log-synthetic-from-ged-2021-03.csv`, 'utf8').split('\n');
  const dir = mkdtempSync(join(tmpdir(), 'faultline-disagree-sql-'));
  const log = join(dir, 'desk-log-synthetic-altered.csv');
  writeFileSync(log, lines.map((l) => alter[l.split(',')[0]!]?.(l) ?? l).join('\n'));
  const header = readFileSync(
    new URL('../ingest/acled/fixtures/acled_2024-01-01-2024-03-31_synthetic.csv', import.meta.url),
    'utf8',
  ).split('\n')[0];
  const acled = join(dir, 'acled-synthetic.csv');
  writeFileSync(
    acled,
    `${header}\nPAK91003,2021-03-08,2021,1,Political violence,Battles,Armed clash,Military Forces of Pakistan (2018-),,1,MQM: Muttahida Qaumi Movement,,2,12,,586,Southern Asia,Pakistan,Sindh,Karachi East,,Korangi,24.836307,67.124824,1,Dawn,National,SYNTHETIC ROW: a clash in Korangi.,9,,1615200000\n`,
  );
  return { log, acled };
}

describe('provinces, perpetrators, unknown deaths and three sources are judged in the store as in memory', () => {
  let store: DuckDBStore;
  before(async () => {
    const f = files();
    store = await DuckDBStore.open(':memory:');
    await importFile(store, `${FIX}ged-22.1-pak-2021-03-01-to-10.csv`, { version: '22.1' });
    await importFile(store, f.log, { mapping: `${FIX}desk-log-synthetic-from-ged-2021-03.mapping.yaml` });
    await importFile(store, f.acled);
    // Provinces set by hand (SYNTHETIC; the store is not placed, and the linker would not join records
    // placed in two provinces): 390472 in two, 390579 in one and an empty code.
    await store.select(`UPDATE events SET admin1_code = CASE id
      WHEN 'ucdp-ged:390472' THEN 'PK-KP' WHEN 'csv:desk-log:D-390472' THEN 'PK-BA'
      WHEN 'ucdp-ged:390579' THEN 'PK-SD' WHEN 'csv:desk-log:D-390579' THEN '' END
      WHERE id IN ('ucdp-ged:390472', 'csv:desk-log:D-390472', 'ucdp-ged:390579', 'csv:desk-log:D-390579')`);
  });
  after(() => store.close());

  const cases: [string, EventFilter, Parameters<typeof sourcesDisagree>[2]][] = [
    ['everything', {}, {}],
    ['no tolerance', {}, { tolerances: { deathsShare: 0, days: 0 } }],
    ['perpetrators', {}, { differ: 'perpetrator' }],
    ['provinces', {}, { differ: 'province' }],
    ['the TTP (the unidentified record left out)', { actorIds: ['ttp'] }, {}],
    ['GED and ACLED (the desk log left out)', { source: ['ucdp-ged', 'acled'] }, {}],
    ['only in the desk log', {}, { onlyIn: 'csv' }],
  ];
  const answers: DisagreementsAnswer[] = [];
  for (const [name, filter, opts] of cases)
    it(`over ${name}, the answer is byte for byte the one judged in memory`, async () => {
      const { store: s, seen } = counting(store);
      const now = await sourcesDisagree(s, filter, opts);
      assert.equal(JSON.stringify(now), JSON.stringify(await sourcesDisagree(inMemory(store), filter, opts)));
      assert.equal(seen.tallies, 1);
      answers.push(now);
    });

  it('the answers compared hold every kind of difference, unknown deaths, three sources and records left out', () => {
    const differ = new Set(answers.flatMap((a) => a.disagreeing.flatMap((i) => i.differ)));
    assert.deepEqual([...differ].sort(), ['date', 'deaths', 'perpetrator', 'province']);
    const listed = answers.flatMap((a) => a.disagreeing);
    assert.ok(
      listed.some((i) => i.records.some((r) => r.fatalities_best === null)),
      'unknown deaths',
    );
    assert.ok(
      listed.some((i) => new Set(i.records.map((r) => r.source)).size === 3),
      'three sources',
    );
    assert.ok(
      listed.some((i) => i.through.length > 0),
      'through',
    );
    assert.ok(
      answers.some((a) => a.single_source.some((s) => s.linked_outside_filter > 0)),
      'linked outside',
    );
  });
});
