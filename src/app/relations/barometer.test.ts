import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { createApi } from '../../api/server.ts';
import { registerRelations } from '../../cli/commands/relations.ts';
import { exitCodeFor, failureLine } from '../../cli/fail.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import type { CreditRow, RelationsAnswer, RelationsPoint } from '../answers.ts';
import { importGdelt } from '../import-gdelt.ts';
import { relationsQuery } from './relations.ts';

/** 22 whole real rows of GDELT's 2025-08-07 22:00 export (src/ingest/gdelt/fixtures/README.md). */
const REAL = new URL('../../ingest/gdelt/fixtures/20250807220000.export.CSV', import.meta.url).pathname;
const template = readFileSync(REAL, 'utf8').split('\n')[0]!.split('\t');
const dir = mkdtempSync(join(tmpdir(), 'faultline-barometer-'));

/** A synthetic GDELT 2.0 row: the first real row with the barometer's fields replaced. */
function row(
  id: number,
  added: string,
  actor1: string,
  actor2: string,
  quad: number,
  goldstein: string,
  mentions: number,
  tone: number,
  code = '010',
  url = `https://example.org/synthetic/${id}`,
): string {
  const f = [...template];
  [f[0], f[1], f[7], f[17], f[26], f[27], f[28]] = [
    String(id),
    added,
    actor1,
    actor2,
    code,
    code.slice(0, 3),
    code.slice(0, 2),
  ];
  [f[29], f[30], f[31], f[34], f[53], f[59], f[60]] = [
    String(quad),
    goldstein,
    String(mentions),
    String(tone),
    '',
    `${added}120000`,
    url,
  ];
  return f.join('\t');
}

// The constructed set (synthetic): every row's DATEADDED day, pair and figures, so the answer is computed by hand.
const SYNTHETIC = [
  // 2023-09-01: volume 5 (3 rows in scope of PAK,AFG,IND, 2 out of scope).
  row(1, '20230901', 'PAK', 'AFG', 4, '-10', 4, -5, '190', 'https://example.org/synthetic/a'),
  row(2, '20230901', 'AFG', 'PAK', 1, '2', 1, 1, '042', 'https://example.org/synthetic/b'),
  row(3, '20230901', 'PAK', 'IND', 3, '-4', 2, -3),
  row(4, '20230901', 'USA', 'GBR', 1, '1', 1, 0),
  row(5, '20230901', 'GBR', 'FRA', 1, '1', 1, 0),
  // 2023-09-02: volume 5, one of them rejected (Goldstein not a number) but still a row GDELT published.
  row(6, '20230902', 'PAK', 'AFG', 2, '3', 2, 2, '070', 'https://example.org/synthetic/c'),
  row(7, '20230902', 'PAK', 'AFG', 4, 'x', 9, -9),
  row(8, '20230902', 'USA', 'CAN', 1, '1', 1, 0),
  row(9, '20230902', 'USA', 'CAN', 1, '1', 1, 0),
  row(10, '20230902', 'FRA', 'DEU', 1, '1', 1, 0),
  // 2023-10-01: volume 2, no PAK-AFG event (a known zero); November: nothing read (unknown).
  row(11, '20231001', 'USA', 'GBR', 1, '1', 1, 0),
  row(12, '20231001', 'IND', 'USA', 1, '1', 1, 0),
  // 2023-12-01..06: each day one PAK-AFG event (Goldstein 1, 1 mention) and one other row: volume 2.
  ...[1, 2, 3, 4, 5, 6].flatMap((d) => [
    row(100 + d, `2023120${d}`, 'PAK', 'AFG', 1, '1', 1, 0),
    row(200 + d, `2023120${d}`, 'USA', 'GBR', 1, '1', 1, 0),
  ]),
];

const pick = (p: RelationsPoint) => ({
  days: p.days_covered,
  value: p.value,
  volume: p.volume,
  events: p.events,
  q: [p.verbal_cooperation, p.material_cooperation, p.verbal_conflict, p.material_conflict],
  share: p.material_conflict_share,
  goldstein: p.goldstein_mention_weighted,
  tone: p.mean_tone,
});

let store: Store;
before(async () => {
  store = await createStore({ path: ':memory:' });
  const file = join(dir, '20231231000000_synthetic.export.CSV');
  writeFileSync(file, SYNTHETIC.join('\n') + '\n');
  const r = await importGdelt(store, file, { countries: ['PAK', 'AFG', 'IND'] });
  assert.deepEqual([r.ledger.rowsRead, r.ledger.rejected, r.ledger.outOfScope], [24, 1, 12]);
  await importGdelt(store, REAL, { countries: ['GBR', 'CAN'] });
});
after(() => store.close());

describe("faultline's GDELT barometer", () => {
  it('on a constructed set: counts, shares, Goldstein, tone and the index normalised by every row read that day', async () => {
    const r = await relationsQuery(store, {
      a: 'PAK',
      b: 'AFG',
      interval: 'month',
      from: '2023-09',
      to: '2023-12',
    });
    assert.deepEqual(r.pair, { a: 'AFG', b: 'PAK', directed: false });
    const s = r.series.find((x) => x.source.kind === 'faultline_barometer')!;
    assert.equal(s.source.id, 'faultline-gdelt-barometer');
    assert.deepEqual(r.meta.answered_by, [
      { id: 'faultline-gdelt-barometer', kind: 'faultline_barometer', days_covered: 9 },
    ]);
    const [sep, oct, nov, dec] = s.points;
    // September: volume 5 + 5 = 10; events 1, 2, 6; sum G x M = -10x4 + 2x1 + 3x2 = -32; index 1000 x -32 / 10.
    assert.deepEqual(pick(sep!), {
      days: 2,
      value: -3200,
      volume: 10,
      events: 3,
      q: [1, 1, 0, 1],
      share: 0.3333,
      goldstein: -4.5714, // -32 / 7 mentions
      tone: -0.6667, // (-5 + 1 + 2) / 3
    });
    assert.equal(sep!.events_per_100k_volume, 30000);
    assert.equal(sep!.value_sum, -32);
    // October was read and had no PAK-AFG event: a known 0; November was not read: null, never 0.
    assert.deepEqual(pick(oct!), {
      days: 1,
      value: 0,
      volume: 2,
      events: 0,
      q: [0, 0, 0, 0],
      share: null,
      goldstein: null,
      tone: null,
    });
    assert.deepEqual(pick(nov!), {
      days: 0,
      value: null,
      volume: null,
      events: null,
      q: [null, null, null, null],
      share: null,
      goldstein: null,
      tone: null,
    });
    // December: six days of 1 / 2 rows each: 1000 x 6 / 12 = 500, and every resample gives 500.
    assert.deepEqual([dec!.value, dec!.ci_low, dec!.ci_high], [500, 500, 500]);
    assert.equal(sep!.ci_low, null, 'under 5 days: no interval');
    // Asked for its values only (a forecast's covariates): the same points without the interval.
    const values = await relationsQuery(
      store,
      { a: 'PAK', b: 'AFG', interval: 'month', from: '2023-09', to: '2023-12' },
      undefined,
      { valuesOnly: true },
    );
    assert.deepEqual(
      values.series.map((x) => x.points),
      r.series.map((x) => x.points.map((p) => ({ ...p, ci_low: null, ci_high: null }))),
    );
    assert.deepEqual(
      values.series.map((x) => x.changepoints),
      r.series.map(() => []),
    );
    assert.deepEqual(r.meta.uncovered, [
      { from: '2023-09-03', to: '2023-09-30' },
      { from: '2023-10-02', to: '2023-11-30' },
      { from: '2023-12-07', to: '2023-12-31' },
    ]);
  });

  it('ordered pairs: PAK then AFG counts only actor 1 PAK and actor 2 AFG', async () => {
    const one = await relationsQuery(store, {
      a: 'PAK',
      b: 'AFG',
      interval: 'month',
      from: '2023-09',
      to: '2023-09',
      directed: true,
    });
    assert.deepEqual(one.pair, { a: 'PAK', b: 'AFG', directed: true });
    assert.deepEqual(pick(one.series[0]!.points[0]!), {
      days: 2,
      value: -3400, // 1000 x (-40 + 6) / 10
      volume: 10,
      events: 2,
      q: [0, 1, 0, 1],
      share: 0.5,
      goldstein: -5.6667,
      tone: -1.5,
    });
    const other = await relationsQuery(store, {
      a: 'AFG',
      b: 'PAK',
      interval: 'month',
      from: '2023-09',
      to: '2023-09',
      directed: true,
    });
    assert.equal(other.series[0]!.points[0]!.value, 200);
  });

  it('importing the same file again with another scope replaces its volume, never adds to it', async () => {
    await importGdelt(store, join(dir, '20231231000000_synthetic.export.CSV'));
    const r = await relationsQuery(store, {
      a: 'PAK',
      b: 'AFG',
      interval: 'month',
      from: '2023-09',
      to: '2023-09',
    });
    assert.deepEqual([r.series[0]!.points[0]!.volume, r.series[0]!.points[0]!.value], [10, -3200]);
  });

  it('lists the top event codes and source URLs behind a month', async () => {
    const r = await relationsQuery(store, {
      a: 'PAK',
      b: 'AFG',
      interval: 'month',
      from: '2023-09',
      to: '2023-12',
      behind: '2023-09',
    });
    const b = r.series[0]!.behind!;
    assert.deepEqual([b.from, b.to], ['2023-09-01', '2023-09-30']);
    assert.deepEqual(
      b.event_codes.map((c) => [c.code, c.events, c.mentions]),
      [
        ['190', 1, 4],
        ['070', 1, 2],
        ['042', 1, 1],
      ],
    );
    assert.deepEqual(
      b.source_urls.map((u) => [u.url.slice(-1), u.mentions, u.event_code]),
      [
        ['a', 4, '190'],
        ['c', 2, '070'],
        ['b', 1, '042'],
      ],
    );
  });

  it('real GDELT rows: GBR-CAN on 2025-08-07 normalised by all 22 rows of the export, kept or not', async () => {
    const r = await relationsQuery(store, {
      a: 'GBR',
      b: 'CAN',
      interval: 'day',
      from: '2025-08-07',
      to: '2025-08-07',
      behind: '2025-08-07',
    });
    const p = r.series[0]!.points[0]!;
    // Two events GBR -> CAN, code 043, Goldstein 2.8, 1 mention each, tone 0: 1000 x 5.6 / 22.
    assert.deepEqual(pick(p), {
      days: 1,
      value: 254.5455,
      volume: 22,
      events: 2,
      q: [2, 0, 0, 0],
      share: 0,
      goldstein: 2.8,
      tone: 0,
    });
    assert.deepEqual(r.series[0]!.behind!.event_codes, [{ code: '043', events: 2, mentions: 2 }]);
    assert.match(r.series[0]!.behind!.source_urls[0]!.url, /^https:\/\/www\.wellandtribune\.ca\//);
    assert.equal(r.meta.coverage_status, 'covered');
  });

  it("names the licence, SPDX id, licence URL and credit of the credits part's gdelt row, in the API, the CLI's json and its table", async () => {
    const api = createApi({ store, log: () => {} });
    const { credits } = (await (await api.app.request('/api/v1/sources?part=credits')).json()) as {
      credits: CreditRow[];
    };
    const row = credits.find((c) => c.source === 'gdelt')!;
    const q = '/api/v1/relations?a=PAK&b=AFG&from=2023-09&to=2023-12';
    const s = ((await (await api.app.request(q)).json()) as RelationsAnswer).series.find(
      (x) => x.source.kind === 'faultline_barometer',
    )!;
    // It said "GDELT data: free for any use with attribution (The GDELT Project, ...)", a second
    // wording of the terms the Sources view gives, and no credit of its own.
    assert.deepEqual(
      [s.source.licence, s.source.licence_id, s.source.licence_url, s.source.credit],
      [row.licence, row.licence_id, row.licence_url, row.credit],
    );
    const args = ['relations', 'PAK', 'AFG', '--from', '2023-09', '--to', '2023-12'];
    const json = await runCli(store, [registerRelations], [...args, '--format', 'json']);
    assert.deepEqual(JSON.parse(json.out).series[0].source, s.source);
    const table = await runCli(store, [registerRelations], args);
    assert.match(
      table.err,
      /^source: faultline's GDELT relations barometer .*; licence free for any use with attribution; licence text <https:\/\/www\.gdeltproject\.org\/about\.html#termsofuse>; credit: The GDELT Project$/m,
    );
  });

  it('CLI says which source answered, --format json equals the API, a bad --behind is a one-line error', async () => {
    const table = await runCli(
      store,
      [registerRelations],
      ['relations', 'PAK', 'AFG', '--from', '2023-09', '--to', '2023-12'],
    );
    assert.equal(table.error, undefined, table.err);
    assert.match(
      table.err,
      /answered by: faultline-gdelt-barometer \(faultline's barometer\), 9 days covered/,
    );
    assert.match(table.out, /material_conflict_share/);
    const cli = await runCli(
      store,
      [registerRelations],
      ['relations', 'PAK', 'AFG', '--from', '2023-09', '--to', '2023-12', '--directed', '--format', 'json'],
    );
    const api = createApi({ store, log: () => {} });
    const res = await api.app.request('/api/v1/relations?a=PAK&b=AFG&from=2023-09&to=2023-12&directed=true');
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(cli.out), (await res.json()) as RelationsAnswer);
    const csv = await (
      await api.app.request('/api/v1/relations?a=PAK&b=AFG&from=2023-09&to=2023-09&format=csv')
    ).text();
    assert.match(
      csv.split('\n')[1]!,
      /^AFG,PAK,faultline-gdelt-barometer,[^,]+,faultline_barometer,2023-09,/,
    );
    const bad = await runCli(store, [registerRelations], ['relations', 'PAK', 'AFG', '--behind', '2023-13']);
    assert.equal(exitCodeFor(bad.error), 2);
    assert.match(failureLine(bad.error), /^faultline: invalid --behind: "2023-13" \(use a year 2021, /);
  });
});

describe('what stands behind a period, on days a pair is not covered', () => {
  let scoped: Store;
  before(async () => {
    scoped = await createStore({ path: ':memory:' });
    const days = mkdtempSync(join(tmpdir(), 'faultline-barometer-behind-'));
    // 2024-01-01, imported with --countries PAK: the USA-GBR row is kept only because it took place
    // in Pakistan (ActionGeo_CountryCode PK), the pair's other rows of the day are out of scope.
    const inPakistan = row(1, '20240101', 'USA', 'GBR', 4, '-10', 8, -5, '190').split('\t');
    inPakistan[53] = 'PK';
    const first = join(days, '20240101000000.export.CSV');
    writeFileSync(
      first,
      [inPakistan.join('\t'), row(2, '20240101', 'PAK', 'AFG', 1, '1', 1, 0)].join('\n') + '\n',
    );
    await importGdelt(scoped, first, { countries: ['PAK'] });
    // 2024-01-02, imported whole: covered for every pair.
    const second = join(days, '20240102000000.export.CSV');
    writeFileSync(second, row(3, '20240102', 'USA', 'GBR', 1, '2', 1, 0, '042') + '\n');
    await importGdelt(scoped, second);
  });
  after(() => scoped.close());

  it('lists the codes of the covered days only, and names the days not covered (a day imported with countries keeping neither of the pair listed its codes as if read)', async () => {
    const args = [
      'relations',
      'USA',
      'GBR',
      '--from',
      '2024-01-01',
      '--to',
      '2024-01-03',
      '--interval',
      'day',
      '--behind',
      '2024-01',
    ];
    const json = await runCli(scoped, [registerRelations], [...args, '--format', 'json']);
    assert.equal(json.error, undefined, json.err);
    const r = JSON.parse(json.out) as RelationsAnswer;
    const b = r.series.find((x) => x.source.kind === 'faultline_barometer')!.behind!;
    assert.deepEqual([b.from, b.to, b.days_covered], ['2024-01-01', '2024-01-03', 1]);
    assert.deepEqual(b.uncovered, [
      { from: '2024-01-01', to: '2024-01-01' },
      { from: '2024-01-03', to: '2024-01-03' },
    ]);
    assert.deepEqual(
      b.event_codes.map((c) => [c.code, c.events]),
      [['042', 1]],
      "the 190 of 2024-01-01 is one of the day's USA-GBR rows at most: not listed",
    );
    assert.deepEqual(
      b.source_urls.map((u) => u.date),
      ['2024-01-02'],
    );
    // The same answer through the API, and the table says which days it read and which it did not.
    const api = createApi({ store: scoped, log: () => {} });
    const res = await api.app.request(
      '/api/v1/relations?a=USA&b=GBR&from=2024-01-01&to=2024-01-03&interval=day&behind=2024-01',
    );
    assert.deepEqual(((await res.json()) as RelationsAnswer).series.at(-1)!.behind, b);
    const table = await runCli(scoped, [registerRelations], args);
    assert.ok(
      table.err.includes(
        'behind 2024-01 (2024-01-01 to 2024-01-03), from the 1 day covered for the pair:\n' +
          '  not covered for the pair, nothing listed of them: 2024-01-01, 2024-01-03\n' +
          '  event code 042: 1 event, 1 mention\n',
      ),
      table.err,
    );
    assert.doesNotMatch(table.err, /event code 190/);
  });
});
