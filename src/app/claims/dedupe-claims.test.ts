import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { staleLinks as makeLinksStale } from '../../../test/helpers/stale-links.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { createApi } from '../../api/server.ts';
import type { ClaimResult } from '../../claims/evidence.ts';
import { registerClaims } from '../../cli/commands/claims.ts';
import { createStore, type Store } from '../../storage/index.ts';
import { querySeries } from '../analysis/series.ts';
import { importFile } from '../import-dataset.ts';
import { checkClaims, parseClaims } from './check-claims.ts';

// Real UCDP GED 22.1 rows (1-10 March 2021) and a desk log made from them (synthetic: 7 of the 9
// rows kept, one toll raised from 4 to 8, one date moved a day, two April rows added); the same
// fixture as src/app/analysis/dedupe.test.ts, see test/fixtures/README.md. By hand from the two
// files: 1-10 March holds 9 GED events with 22 deaths and 7 desk twins (counted per record, 16
// events and 44 deaths); one per incident, 9 incidents with GED's 22 deaths. April holds the 2
// desk-only incidents.
const FIX = new URL('../../../test/fixtures/linkage/', import.meta.url).pathname;
const events = (r: ClaimResult) => r.evidence.filter((e) => e.kind === 'events');
const MARCH = `geography: { country: PAK }, period: "2021-03-01..2021-03-10"`;

describe('claims with dedupe: one count per incident across the event datasets (issue 17)', () => {
  let store: Store;
  const check = async (claim: string): Promise<ClaimResult> =>
    (await checkClaims(store, parseClaims(`claims:\n  - ${claim}`, 'c.yaml').file.claims))[0]!;
  before(async () => {
    store = await createStore({ path: ':memory:' });
    await importFile(store, `${FIX}ged-22.1-pak-2021-03-01-to-10.csv`, { version: '22.1' });
    await importFile(store, `${FIX}desk-log-synthetic-from-ged-2021-03.csv`, {
      mapping: `${FIX}desk-log-synthetic-from-ged-2021-03.mapping.yaml`,
    });
  });
  after(() => store.close());

  it('"9 incidents in 1-10 March 2021" holds once deduplicated; per dataset GED counts 9 and the desk log 7', async () => {
    const claim = `{ id: n, text: nine incidents, metric: events, ${MARCH}, comparator: { kind: exactly, value: 9 }`;
    const plain = await check(`${claim} }`);
    assert.deepEqual(
      events(plain).map((e) => [e.source, e.value]),
      [
        ['csv', 7],
        ['ucdp-ged', 9],
      ],
    );
    const deduped = await check(`${claim}, dedupe: true }`);
    assert.equal(events(deduped).length, 1);
    const e = events(deduped)[0]!;
    assert.deepEqual([e.source, e.value, e.outcome], ['deduplicated events of csv, ucdp-ged', 9, 'holds']);
    assert.equal(deduped.verdict, 'supported');
    assert.equal(e.query?.query_id, 'aggregate (deduplicated)');
    assert.deepEqual(e.query?.filter.source, ['csv', 'ucdp-ged']);
    assert.match(e.definition, /one count per incident/);
  });

  it("deaths take each incident's representative record: 22, not the 44 of both records", async () => {
    const r = await check(
      `{ id: d, text: deaths, metric: deaths, ${MARCH}, comparator: { kind: exactly, value: 22 }, dedupe: true }`,
    );
    assert.deepEqual([events(r)[0]!.value, r.verdict], [22, 'supported']);
  });

  it('a change is the compare --dedupe test: 9 incidents in March against 2 in April', async () => {
    const r = await check(
      `{ id: c, text: fell, metric: events, geography: { country: PAK }, period: "2021-04", baseline: "2021-03", comparator: { kind: decrease }, dedupe: true }`,
    );
    const t = events(r)[0]!.test!;
    assert.deepEqual([t.count1, t.count2, t.days1, t.days2], [9, 2, 31, 30]);
  });

  it('claims check --dedupe (CLI, --format json) and POST /claims/check?dedupe=true give the same answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-dedupe-claims-'));
    const yaml = `claims:\n  - { id: n, text: nine incidents, metric: events, ${MARCH}, comparator: { kind: exactly, value: 9 } }\n`;
    writeFileSync(join(dir, 'c.yaml'), yaml);
    const cli = await runCli(
      store,
      [registerClaims],
      ['claims', 'check', join(dir, 'c.yaml'), '--dedupe', '--format', 'json'],
    );
    assert.equal(cli.error, undefined);
    const fromCli = JSON.parse(cli.out) as { claims: { dedupe?: boolean }[]; results: ClaimResult[] };
    assert.equal(fromCli.claims[0]!.dedupe, true);
    assert.deepEqual([fromCli.results[0]!.verdict, events(fromCli.results[0]!)[0]!.value], ['supported', 9]);
    // As src/api/server.test.ts: a loaded test machine must not turn the first request (worker start) into a 503.
    const api = createApi({ store, log: () => {}, queryTimeoutMs: 120_000 }).app;
    const res = await api.request('/api/v1/claims/check?dedupe=true', { method: 'POST', body: yaml });
    assert.equal(res.status, 200);
    const fromApi = (await res.json()) as typeof fromCli;
    assert.deepEqual(fromApi.results, fromCli.results);
    const bad = await api.request('/api/v1/claims/check?dedupe=maybe', { method: 'POST', body: yaml });
    assert.equal(bad.status, 400);
  });

  it('a deduplicated figure names the stored run its links came from and the part of its period no run covers, as series --dedupe does', async () => {
    // GED 22.1 declares 1989-2021, so the one run covers those years; nothing is loaded (or linked) in 2022.
    const claim = `{ id: l, text: at least nine, metric: events, geography: { country: PAK }, period: "2021-03-01..2022-06-30", comparator: { kind: at_least, value: 9 }, dedupe: true }`;
    const e = events(await check(claim))[0]!;
    assert.deepEqual(
      e.linkage?.runs.map((r) => ({ from: r.from, to: r.to, used: r.used })),
      [
        {
          from: '1989-01-01',
          to: '2021-12-31',
          used: {
            from: '2021-03-01',
            to: '2021-12-31',
            source_versions: [
              { source: 'csv', version: '2021-04', records: 9 },
              { source: 'ucdp-ged', version: '22.1', records: 9 },
            ],
          },
        },
      ],
    );
    assert.deepEqual(e.linkage?.no_run, [{ from: '2022-01-01', to: '2022-06-30' }]);
    assert.ok(
      e.notes.includes(
        '2022-01-01 to 2022-06-30: no stored linkage run: counted one per record (no record of this answer lies there)',
      ),
      e.notes.join('\n'),
    );
    // The same basis as the deduplicated series over that period: one implementation.
    const series = await querySeries(store, {
      filter: { country: ['PAK'], from: '2021-03-01', to: '2022-06-30' },
      interval: 'month',
      metrics: ['events'],
      dedupe: true,
    });
    assert.deepEqual(e.linkage, series.meta.linkage);
    // A change names the runs of both its periods, and no gap between them; per dataset, no basis.
    const change = events(
      await check(
        `{ id: c, text: fell, metric: events, geography: { country: PAK }, period: "2021-04", baseline: "2021-03", comparator: { kind: decrease }, dedupe: true }`,
      ),
    )[0]!;
    assert.deepEqual(
      [change.linkage?.runs.map((r) => [r.used.from, r.used.to]), change.linkage?.no_run],
      [[['2021-03-01', '2021-04-30']], []],
    );
    assert.equal(events(await check(claim.replace(', dedupe: true', '')))[0]!.linkage, undefined);
    // The table prints the line `series --dedupe` prints.
    const dir = mkdtempSync(join(tmpdir(), 'faultline-dedupe-claims-'));
    writeFileSync(join(dir, 'l.yaml'), `claims:\n  - ${claim}\n`);
    const table = await runCli(store, [registerClaims], ['claims', 'check', join(dir, 'l.yaml')]);
    assert.match(
      table.out,
      /^ {2}links stored after the imports: 2021-03-01 to 2021-12-31 from the run of 1989-01-01 to 2021-12-31 \(csv 2021-04: 9 records, ucdp-ged 22\.1: 9 records\); no stored run covers 2022-01-01 to 2022-06-30: nothing there is linked$/m,
    );
    // Every line is indented under its claim, and no line is the indent alone (the table's end was).
    assert.deepEqual(
      table.out.split('\n').filter((l) => l !== '' && l.trim() === ''),
      [],
    );
  });

  it('a deduplicated claim whose own counts linked stale stored links again says so (linkage.relinked), and the next check, for which nothing was, does not', async () => {
    // Stale links (a run stored before the current parameters): the claim's counts link the period
    // again before counting, and its basis is read after them.
    const staleLinks = () => makeLinksStale(store);
    const claim = `{ id: r, text: nine incidents, metric: events, ${MARCH}, comparator: { kind: exactly, value: 9 }, dedupe: true }`;
    await staleLinks();
    const first = events(await check(claim))[0]!;
    assert.deepEqual([first.value, first.linkage?.relinked], [9, true]);
    const [run] = await store.linkageRuns();
    assert.deepEqual(
      first.linkage?.runs.map((r) => [r.from, r.to, r.computed_at]),
      [[run!.from, run!.to, run!.computedAt]],
      'the run computed again for this check',
    );
    // Its note says so, in the words of series --dedupe; the next check's does not.
    const relinkedNote =
      'the stored links of 1989-01-01 to 2021-12-31 were stale or missing and were computed again for this answer';
    const again = events(await check(claim))[0]!;
    assert.deepEqual(
      [again.linkage?.relinked, again.linkage?.runs, [...again.notes, relinkedNote]],
      [false, first.linkage?.runs, first.notes],
    );
    // A change: its two periods are counted side by side, then tested; the first read links the
    // stale run again, once (two side by side both linked it and stored two runs of one period).
    await staleLinks();
    const change = `{ id: c, text: fell, metric: events, geography: { country: PAK }, period: "2021-04", baseline: "2021-03", comparator: { kind: decrease }, dedupe: true }`;
    const changed = events(await check(change))[0]!;
    assert.deepEqual(
      [changed.linkage?.relinked, changed.notes.filter((n) => /computed again/.test(n))],
      [true, [relinkedNote]],
    );
    assert.deepEqual(
      (await store.linkageRuns()).map((r) => [r.from, r.to]),
      [['1989-01-01', '2021-12-31']],
    );
    assert.equal(events(await check(change))[0]!.linkage?.relinked, false);
    // The table's stored-links line says so, as series --dedupe's does.
    await staleLinks();
    const dir = mkdtempSync(join(tmpdir(), 'faultline-dedupe-claims-'));
    writeFileSync(join(dir, 'r.yaml'), `claims:\n  - ${claim}\n`);
    const table = async () =>
      (await runCli(store, [registerClaims], ['claims', 'check', join(dir, 'r.yaml')])).out;
    assert.match(
      await table(),
      /^ {2}links stored after the imports \(stale, computed again now\): 2021-03-01 to 2021-03-10 from the run of /m,
    );
    assert.match(
      await table(),
      /^ {2}links stored after the imports: 2021-03-01 to 2021-03-10 from the run of /m,
    );
  });

  it('dedupe with a counterpart, or on a published-only metric, is an error naming the field', () => {
    assert.throws(
      () =>
        parseClaims(
          `claims:\n  - { id: x, text: t, metric: events, ${MARCH}, counterpart: pakistan-state, comparator: { kind: exactly, value: 1 }, dedupe: true }`,
          'c.yaml',
        ),
      /claims\.0\.dedupe: a deduplicated count cannot also require a counterpart/,
    );
    assert.throws(
      () =>
        parseClaims(
          `claims:\n  - { id: x, text: t, metric: returns, geography: { country: PAK, to: AFG }, period: "2024", comparator: { kind: at_least, value: 1 }, dedupe: true }`,
          'c.yaml',
        ),
      /claims\.0\.dedupe: dedupe applies to counts of events, not to returns/,
    );
  });
});

describe('a deduplicated share: the basis of its whole, GED imported without linking', () => {
  // GED 22.1 declares 1989-2021 but is imported without linking, so the only stored run is the one
  // the desk log's import made over its own events (5 March to 4 April 2021, GED's rows there
  // included); the rest of 2021 is covered by GED's declaration, holds no record and has no run.
  let store: Store;
  before(async () => {
    store = await createStore({ path: ':memory:' });
    await importFile(store, `${FIX}ged-22.1-pak-2021-03-01-to-10.csv`, { version: '22.1', link: false });
    await importFile(store, `${FIX}desk-log-synthetic-from-ged-2021-03.csv`, {
      mapping: `${FIX}desk-log-synthetic-from-ged-2021-03.mapping.yaml`,
    });
  });
  after(() => store.close());

  it("names the run its whole's records lie in and the part of its period no run covers, as the deduplicated series of the whole does", async () => {
    const period = { from: '2021-03-05', to: '2021-12-31' };
    const [r] = await checkClaims(
      store,
      parseClaims(
        `claims:\n  - { id: s, text: about 60% were the TTP's, metric: events, geography: { country: PAK }, actor: TTP, period: "${period.from}..${period.to}", comparator: { kind: share, value: 60 }, dedupe: true }`,
        's.yaml',
      ).file.claims,
    );
    const e = events(r!)[0]!;
    // 7 of the 11 incidents (9 in March, 2 desk-only in April) are the TTP's: 63.6%.
    assert.deepEqual([e.value, e.reference_value, e.outcome], [63.64, 11, 'holds']);
    assert.deepEqual(
      e.linkage?.runs.map((x) => ({ from: x.from, to: x.to, used: x.used })),
      [
        {
          from: '2021-03-05',
          to: '2021-04-04',
          // The whole's records (every record of PAK), which hold the part's (the TTP's, fewer).
          used: {
            from: '2021-03-05',
            to: '2021-04-04',
            source_versions: [
              { source: 'csv', version: '2021-04', records: 9 },
              { source: 'ucdp-ged', version: '22.1', records: 9 },
            ],
          },
        },
      ],
    );
    assert.deepEqual(
      [e.linkage?.no_run, e.linkage?.relinked],
      [[{ from: '2021-04-05', to: '2021-12-31' }], false],
    );
    assert.deepEqual(e.notes, [
      '2021-04-05 to 2021-12-31: no stored linkage run: counted one per record (no record of this answer lies there)',
    ]);
    const whole = await querySeries(store, {
      filter: { country: ['PAK'], ...period },
      interval: 'month',
      metrics: ['events'],
      dedupe: true,
    });
    assert.deepEqual(e.linkage, whole.meta.linkage);
  });
});
