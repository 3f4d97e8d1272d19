import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { latestDate } from '../ingest/fields.ts';
import { createStore, type Store } from '../storage/index.ts';
import { gedRows } from '../../test/helpers/ged-rows.ts';
import { importFile, INVALID_UTF8 } from './import-dataset.ts';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-rowfaults-'));
const MAPPED = new URL('../ingest/csv-mapped/fixtures/', import.meta.url).pathname;
const STATS = new URL('../ingest/statistics/fixtures/statistics_sample.csv', import.meta.url).pathname;

let store: Store;
before(async () => {
  store = await createStore({ path: ':memory:' });
});
after(() => store.close());

/** Real GED rows without commas, quotes or line breaks in any field, so a line can be cut and joined by hand. */
const { header, rows } = gedRows();
const plain = rows.filter((r) => r.every((f) => !/[",\r\n]/.test(f)));
const col = (name: string) => header.indexOf(name);

/** Writes a GED file of the header and these lines (Buffers are written as they are) and imports it. */
async function ged(name: string, lines: (string | Buffer)[]) {
  const path = join(tmp, name);
  const parts = [
    Buffer.from(header.join(',')),
    ...lines.map((l) => (typeof l === 'string' ? Buffer.from(l) : l)),
  ];
  writeFileSync(path, Buffer.concat(parts.flatMap((p) => [p, Buffer.from('\n')])));
  const r = await importFile(store, path, { version: '22.1', fullRelease: false });
  assert.equal(r.ledger.accepted + r.ledger.rejected, r.ledger.rowsRead, 'reconciled');
  return { r, rejections: r.rejections.map((x) => [x.line, x.field, x.value, x.reason]) };
}

describe('row-level faults stay row-level (issue 11)', () => {
  it('a row with an extra field is rejected with its width (DuckDB used to drop the field and accept it)', async () => {
    const { r, rejections } = await ged('GEDEvent_v22_1-long.csv', [
      plain[0]!.join(',') + ',extra',
      plain[1]!.join(','),
    ]);
    assert.equal(r.ledger.accepted, 1);
    assert.deepEqual(rejections, [
      [2, null, null, `expected ${header.length} fields, found ${header.length + 1}`],
    ]);
  });

  it('a short row is rejected with one reason naming its width (not one per missing column)', async () => {
    const { rejections } = await ged('GEDEvent_v22_1-short.csv', [
      plain[2]!.slice(0, 10).join(','),
      plain[3]!.join(','),
    ]);
    assert.deepEqual(rejections, [[2, null, null, `expected ${header.length} fields, found 10`]]);
  });

  it('latitude 1e-400 is rejected, not stored as 0; a date far ahead or before 1800 is rejected', async () => {
    const a = [...plain[4]!];
    a[col('latitude')] = '1e-400';
    const b = [...plain[5]!];
    b[col('date_start')] = '9999-12-31';
    b[col('date_end')] = '9999-12-31';
    const c = [...plain[6]!];
    c[col('date_start')] = '0000-01-01';
    const { r, rejections } = await ged(
      'GEDEvent_v22_1-values.csv',
      [a, b, c, plain[7]!].map((x) => x.join(',')),
    );
    assert.equal(r.ledger.accepted, 1);
    assert.deepEqual(rejections, [
      [2, 'latitude', '1e-400', 'latitude: too small to store exactly (underflow)'],
      [3, 'date_start', '9999-12-31', `date_start: after ${latestDate()} (the import date + 31 days)`],
      [4, 'date_start', '0000-01-01', 'date_start: before 1800-01-01'],
    ]);
  });

  it('a row holding invalid UTF-8 is rejected (native path), keeping its exact bytes', async () => {
    const bad = Buffer.concat([
      Buffer.from(plain[8]!.slice(0, 3).join(',') + ',\xff', 'latin1'),
      Buffer.from(',' + plain[8]!.slice(4).join(',')),
    ]);
    const { r, rejections } = await ged('GEDEvent_v22_1-utf8.csv', [bad, plain[9]!.join(',')]);
    assert.equal(r.ledger.accepted, 1);
    assert.deepEqual(rejections, [[2, null, null, INVALID_UTF8]]);
  });

  it('the JavaScript path (mapped CSV, statistics) rejects invalid UTF-8 instead of storing U+FFFD, and bad dates', async () => {
    const text = readFileSync(join(MAPPED, 'incidents_synthetic.csv'));
    const lines = text.toString('utf8').trimEnd().split('\n');
    // Line 2 gets a byte that is not UTF-8 inside its summary; a real U+FFFD in line 3 is valid text and kept.
    const broken = Buffer.concat([
      Buffer.from(lines[0] + '\n' + lines[1] + ' \xfe\n', 'latin1'),
      Buffer.from(lines[2] + ' \uFFFD\n' + lines.slice(3).join('\n') + '\n'),
    ]);
    const path = join(tmp, 'incidents.csv');
    writeFileSync(path, broken);
    const r = await importFile(store, path, { mapping: join(MAPPED, 'incidents_synthetic.mapping.yaml') });
    // The fixture's own bad row (line 4: killed is not an integer) stays rejected for its own reason.
    assert.deepEqual(
      r.rejections.map((x) => [x.line, x.reason]),
      [
        [2, INVALID_UTF8],
        [4, 'killed: not an integer'],
      ],
    );
    assert.equal(r.ledger.accepted, lines.length - 3);
    const kept = (await store.queryEvents({ limit: 100 })).rows.filter((e) => e.importId === r.ledger.id);
    assert.ok(kept.some((e) => e.notes?.endsWith(' \uFFFD')));
    const stats = readFileSync(STATS, 'utf8').trimEnd().split('\n');
    const future = stats[1]!.replace('2024-12-31', '9999-12-31');
    const spath = join(tmp, 'statistics_future.csv');
    writeFileSync(spath, [stats[0], future, ...stats.slice(2)].join('\n') + '\n');
    const s = await importFile(store, spath);
    assert.deepEqual(
      s.rejections.map((x) => [x.line, x.field, x.reason]),
      [[2, 'period_end', `period_end: after ${latestDate()} (the import date + 31 days)`]],
    );
  });
});
