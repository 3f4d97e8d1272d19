import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { useBundledStore } from '../../../test/helpers/use-bundled-store.ts';
import type { ClaimResult } from '../../claims/evidence.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { importGdelt } from '../import-gdelt.ts';
import { checkClaims, parseClaims } from './check-claims.ts';

// Issue 14: "claims can use the relations index". The bundled GDELT dyad index (gzemo/gdelt-graph-data)
// is read by hand here from its CSV; faultline's own barometer from a synthetic GDELT export below.
const INDEX = new URL('../../../data/gdelt-dyad-index-2018-2024/gdelt_dyad_daily.csv', import.meta.url)
  .pathname;
const REAL = new URL('../../ingest/gdelt/fixtures/20250807220000.export.CSV', import.meta.url).pathname;

/** The mean daily AFG-PAK value of the bundled index over the days of a month that have one, from the CSV itself. */
function monthMean(month: string): number {
  const values = readFileSync(INDEX, 'utf8')
    .split('\n')
    .map((l) => l.split(','))
    .filter((f) => f[1] === 'AFG-PAK' && f[0]!.startsWith(month))
    .map((f) => Number(f[2]));
  return values.reduce((s, v) => s + v, 0) / values.length;
}

const claim = (extra: string) =>
  `claims:\n  - { id: r, text: relations, metric: relations_index, geography: { country: PAK, to: AFG }, ${extra} }`;

async function check(store: Store, extra: string): Promise<ClaimResult> {
  return (await checkClaims(store, parseClaims(claim(extra), 'c.yaml').file.claims))[0]!;
}

describe('relations_index claims: changes on the bundled dyad index', () => {
  const store = useBundledStore();

  it('"relations between Pakistan and Afghanistan worsened in December 2022" is a decrease of the index against November, by the hand means of the CSV', async () => {
    const [dec, nov] = [monthMean('2022-12'), monthMean('2022-11')];
    const r = await check(store(), 'period: "2022-12", comparator: { kind: decrease }');
    const e = r.evidence.find((x) => x.kind === 'index')!;
    assert.ok(Math.abs(e.value! - (dec - nov)) < 0.01, `${e.value} against ${dec - nov}`);
    assert.ok(Math.abs(e.reference_value! - nov) < 0.01);
    assert.deepEqual(e.baseline, { from: '2022-11-01', to: '2022-11-30' });
    assert.ok(e.low !== null && e.high !== null && e.low <= e.value! && e.value! <= e.high);
    // The hand difference is negative; the verdict follows from its interval.
    assert.ok(dec - nov < 0);
    assert.equal(e.outcome, e.high! < 0 ? 'holds' : 'inconclusive');
    assert.match(
      r.accepts,
      /^a difference of the index \(period minus baseline\) below 0 \(relations worsened\)/,
    );
    const improved = await check(store(), 'period: "2022-12", comparator: { kind: increase }');
    assert.equal(improved.evidence.find((x) => x.kind === 'index')!.outcome, 'fails');
    assert.equal(improved.verdict, 'contradicted');
  });

  it('a change word the signed index cannot take is an error naming the field', () => {
    assert.throws(
      () => parseClaims(claim('period: "2022-12", comparator: { kind: surge }'), 'c.yaml'),
      /claims\.0\.comparator\.kind: relations_index takes at_least, more_than, over, at_most, less_than, increase, decrease/,
    );
  });
});

// A synthetic GDELT export: the first real row of the fixture with the barometer's fields replaced.
const template = readFileSync(REAL, 'utf8').split('\n')[0]!.split('\t');
function row(id: number, added: string, a1: string, a2: string, goldstein: string): string {
  const f = [...template];
  [f[0], f[1], f[7], f[17], f[26], f[27], f[28]] = [String(id), added, a1, a2, '190', '190', '19'];
  [f[29], f[30], f[31], f[34], f[53], f[59], f[60]] = [
    '4',
    goldstein,
    '1',
    '0',
    '',
    `${added}120000`,
    `https://example.org/synthetic/${id}`,
  ];
  return f.join('\t');
}

describe("relations_index claims on faultline's own GDELT barometer", () => {
  let store: Store;
  before(async () => {
    store = await createStore({ path: ':memory:' });
    // Each day of 1-5 September 2023: one PAK-AFG event (Goldstein -10, 1 mention) and one USA-GBR row
    // (volume 2): 1,000 x -10 / 2 = -5,000. Each day of 1-5 October: Goldstein 2, so 1,000 x 2 / 2 = 1,000.
    const rows = [1, 2, 3, 4, 5].flatMap((d) => [
      row(10 + d, `2023090${d}`, 'PAK', 'AFG', '-10'),
      row(20 + d, `2023090${d}`, 'USA', 'GBR', '1'),
      row(30 + d, `2023100${d}`, 'AFG', 'PAK', '2'),
      row(40 + d, `2023100${d}`, 'USA', 'GBR', '1'),
    ]);
    const file = join(
      mkdtempSync(join(tmpdir(), 'faultline-relations-claims-')),
      '20231031000000_synthetic.export.CSV',
    );
    writeFileSync(file, rows.join('\n') + '\n');
    await importGdelt(store, file, { countries: ['PAK', 'AFG'] });
  });
  after(() => store.close());

  it('"relations were hostile in September 2023" (less_than 0) is judged on the barometer: -5,000 by hand', async () => {
    const r = await check(store, 'period: "2023-09", comparator: { kind: less_than, value: 0 }');
    const e = r.evidence.find((x) => x.source.startsWith("faultline's GDELT relations barometer"))!;
    assert.deepEqual([e.value, e.outcome, r.verdict], [-5000, 'holds', 'supported']);
  });

  it('"relations improved in October 2023" is an increase of the barometer: 1,000 - (-5,000) = 6,000', async () => {
    const r = await check(store, 'period: "2023-10", comparator: { kind: increase }');
    const e = r.evidence.find((x) => x.kind === 'index')!;
    assert.deepEqual([e.value, e.reference_value, e.outcome], [6000, -5000, 'holds']);
    const worse = await check(store, 'period: "2023-10", comparator: { kind: decrease }');
    assert.equal(worse.verdict, 'contradicted');
  });
});
