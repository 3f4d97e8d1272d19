/**
 * The parity check of the native (SQL) mappers against the JavaScript ones: real rows, one field at a
 * time replaced by values that probe each parsing rule, imported natively and compared row by row
 * with the format's JavaScript `map`.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { importFile, type ImportOptions } from '../../src/app/import-dataset.ts';
import type { Event } from '../../src/domain/event.ts';
import type { SourceFormat } from '../../src/ingest/source-format.ts';
import { createStore } from '../../src/storage/index.ts';

/** Values that probe each parsing rule: empty, signs, zeros, spaces JavaScript trims, limits, dates. */
export const PROBES = [
  '',
  ' ',
  'abc',
  '-1',
  '-0',
  '+5',
  '0007',
  '\u00a07\u00a0',
  '2147483647',
  '2147483648',
  '99999999999999999999999',
  '1e3',
  '.5',
  '12.',
  '-90.0001',
  '180',
  '2021-02-30',
  '2021-02-28',
  '2021-02-28 00:00:00.000',
  '04 March 2021',
  '4 march 2021',
  '31 June 2021',
  '#hashtag',
  'x"y',
  // Issue 11: values that used to change silently or pass unchecked.
  '1e-400',
  '1e-310',
  '0.000e-500',
  '1e400',
  '9999-12-31',
  '0000-01-01',
  '1799-12-31',
  '1800-01-01',
];

/**
 * Mutates one field of real rows with every probe, imports the file natively into a fresh store and
 * compares each row with the JavaScript mapper: the same rejection (field, value, reason) or the same
 * event values. Returns how many rows were compared. The file is written in `dir` as `name`.
 */
export async function parity(
  dir: string,
  file: string,
  fields: string[],
  format: Pick<SourceFormat, 'map'>,
  name: string,
  opts: ImportOptions = { version: '1.0' },
  probes: readonly string[] = PROBES,
  /** Rows with several fields replaced at once ([field, value] pairs), after the single probes: which check comes first. */
  several: readonly (readonly [string, string])[][] = [],
) {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const rows = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
  const header = rows[0]!;
  const names = header.map((h) => h.trim().toLowerCase());
  const real = rows.slice(1).filter((r) => !r.every((v) => v === '' || v.startsWith('#')));
  const out: string[][] = [header];
  let n = 0;
  for (const f of fields)
    for (const probe of probes) {
      const r = [...real[n % real.length]!];
      r[names.indexOf(f)] = probe;
      out.push(r);
      n++;
    }
  for (const m of several) {
    const r = [...real[n % real.length]!];
    for (const [f, v] of m) r[names.indexOf(f)] = v;
    out.push(r);
    n++;
  }
  const path = join(dir, name);
  // Each record's first line, counting the line breaks quoted fields hold.
  const texts = out.map((r) => Papa.unparse([r], { newline: '\n' }));
  const lines: number[] = [];
  let nextLine = 1;
  for (const t of texts) {
    lines.push(nextLine);
    nextLine += t.split('\n').length;
  }
  writeFileSync(path, texts.join('\n') + '\n');
  const store = await createStore({ path: ':memory:' });
  const res = await importFile(store, path, opts);
  assert.equal(res.parsedBy, 'duckdb');
  const rejections = await store.listRejections(res.ledger.id, 10_000);
  const byLine = new Map(rejections.map((x) => [x.line, x]));
  const stored = new Map((await store.queryEvents({ limit: 100_000 })).rows.map((e) => [e.recordNo, e]));
  const seen = new Set<string>();
  for (let i = 1; i < out.length; i++) {
    const rec = Object.fromEntries(names.map((h, j) => [h, out[i]![j]!]));
    const js = format.map(rec, '1.0');
    const line = lines[i]!;
    if (js.ok === false) {
      const got = byLine.get(line);
      assert.deepEqual(
        [got?.field, got?.value, got?.reason],
        [js.field, js.value, js.field ? `${js.field}: ${js.reason}` : js.reason],
        `line ${line}: ${JSON.stringify(out[i])}`,
      );
    } else if (js.ok === true) {
      const e = js.value as Event;
      if (seen.has(e.id)) continue; // a later duplicate id is rejected by both paths
      seen.add(e.id);
      const s = stored.get(i);
      assert.ok(s, `line ${line} accepted by JavaScript is stored natively`);
      for (const k of [
        'id',
        'dateStart',
        'dateEnd',
        'datePrecision',
        'country',
        'admin1Label',
        'admin2Label',
        'place',
        'lat',
        'lon',
        'geoPrecision',
        'geoExact',
        'sourceType',
        'sourceSubtype',
        'commonType',
        'actor1',
        'actor2',
        'actorIds',
        'fatalitiesBest',
        'fatalitiesLow',
        'fatalitiesHigh',
        'deathsSideA',
        'deathsSideB',
        'deathsCivilians',
        'deathsUnknown',
        'headline',
        'notes',
        'sourceArticles',
      ] as const)
        assert.deepEqual(s[k], e[k], `line ${line}: ${k}`);
      assert.deepEqual(s.qualityFlags, js.warnings, `line ${line}: quality flags`);
    }
  }
  await store.close();
  return out.length - 1;
}
