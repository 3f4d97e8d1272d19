/**
 * A seeded campaign of damaged import files cut from REAL rows of the bundled UCDP GED extract, and
 * the checks every import of one must pass: no crash, no untyped error, no silent alteration (every
 * accepted row's stored values equal its source fields, and its original record reads back as the
 * exact source bytes), and accepted + rejected = rows read = records written. Shared by the test
 * suite (a few hundred variants) and `npm run bench` (thousands).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { importFile } from '../../src/app/import-dataset.ts';
import { originalRecord } from '../../src/app/original-record.ts';
import { FaultlineError } from '../../src/domain/errors.ts';
import type { Store } from '../../src/storage/store.ts';
import { csvLine, gedRows } from './ged-rows.ts';
import { mulberry32 } from './seeded-random.ts';

/** The seeded generator of the fuzz campaigns (mulberry32, shared with the other seeded tests). */
export const prng = mulberry32;

/** Mutations of one row that keep the file's record structure (the row stays one record). */
const ROW_MUTATIONS = [
  'short',
  'long',
  'huge-int',
  'denormal',
  'infinite',
  'bad-date',
  'far-date',
  'invalid-utf8',
  'nul',
  'header-row',
  'signs',
] as const;

/** Mutations of a whole file (each in a file of its own). */
const FILE_MUTATIONS = [
  'stray-quote',
  'truncated',
  'bom',
  'crlf-mix',
  'duplicate-column',
  'quote-all',
] as const;

/** What a campaign found. */
export interface FuzzCounts {
  variants: number;
  files: number;
  crashes: number;
  untyped: number;
  silentAlterations: number;
  unreconciled: number;
  refusedWhole: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** The first problems, one line each. */
  problems: string[];
}

type Row = string[];

/**
 * The campaign: `variants` damaged rows or files from `seed`, imported into `store`, written under
 * `dir`. Row mutations go `batch` to a file (among as many clean rows); a share `fileShare` of the
 * files carries one whole-file mutation instead.
 */
export async function fuzzImports(
  store: Store,
  dir: string,
  seed: number,
  variants: number,
  { batch = 10, fileShare = 0.3 }: { batch?: number; fileShare?: number } = {},
): Promise<FuzzCounts> {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const { header, rows } = gedRows();
  const names = header.map((h) => h.toLowerCase());
  const at = (n: string) => names.indexOf(n);
  const c: FuzzCounts = {
    variants: 0,
    files: 0,
    crashes: 0,
    untyped: 0,
    silentAlterations: 0,
    unreconciled: 0,
    refusedWhole: 0,
    rowsAccepted: 0,
    rowsRejected: 0,
    problems: [],
  };
  const problem = (kind: keyof FuzzCounts, what: string) => {
    (c[kind] as number)++;
    if (c.problems.length < 20) c.problems.push(`${kind}: ${what}`);
  };
  let nextId = 500_000_000 + (seed % 1000) * 100_000;
  const fresh = (): Row => {
    const r = [...pick(rows)];
    r[at('id')] = String(nextId++);
    return r;
  };

  /** One damaged row as bytes (the rest of the file is written with csvLine). */
  const mutateRow = (m: (typeof ROW_MUTATIONS)[number], r: Row): Buffer => {
    const set = (f: string, v: string) => (r[at(f)] = v);
    switch (m) {
      case 'short':
        return Buffer.from(csvLine(r.slice(0, 1 + Math.floor(rnd() * (r.length - 1)))));
      case 'long':
        return Buffer.from(csvLine([...r, ...Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => 'x')]));
      case 'huge-int':
        set(
          pick(['best', 'low', 'high', 'deaths_a', 'where_prec']),
          pick(['2147483648', '9'.repeat(30), '-1', '1e3']),
        );
        break;
      case 'denormal':
        set(pick(['latitude', 'longitude']), pick(['1e-400', '4.9e-324', '1e-310', '-2e-320']));
        break;
      case 'infinite':
        set(pick(['latitude', 'longitude']), pick(['1e400', 'Infinity', 'NaN', '-1e309']));
        break;
      case 'bad-date':
        set(
          pick(['date_start', 'date_end']),
          pick(['2021-02-30', '2021-13-01', '0000-01-01', '1066-10-14', 'yesterday']),
        );
        break;
      case 'far-date':
        set('date_start', pick(['9999-12-31', '2999-01-01', '2100-06-30']));
        set('date_end', '9999-12-31');
        break;
      case 'invalid-utf8': {
        const f = at(pick(['side_a', 'adm_1', 'where_description', 'source_headline']));
        const before = csvLine(r.slice(0, f));
        const after = csvLine(r.slice(f + 1));
        const bad = pick([[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80]]);
        return Buffer.concat([
          Buffer.from(`${before}${f ? ',' : ''}"${r[f]!.replace(/"/g, '""')}`),
          Buffer.from(bad),
          Buffer.from(`"${after ? ',' : ''}${after}`),
        ]);
      }
      case 'nul':
        set(pick(['side_a', 'adm_2', 'id']), `a\u0000b`);
        break;
      case 'header-row':
        return Buffer.from(csvLine(header));
      case 'signs':
        set(pick(['best', 'latitude', 'where_prec']), pick(['+5', '-0', ' 7 ', '0007', '.5', '12.']));
        break;
    }
    return Buffer.from(csvLine(r));
  };

  /** Imports one file and checks it; `records` is how many data records it holds when known. */
  const check = async (path: string, bytes: Buffer, records: number | null) => {
    c.files++;
    let r;
    try {
      r = await importFile(store, path, { version: '1.0', fullRelease: false });
    } catch (e) {
      if (e instanceof FaultlineError) {
        c.refusedWhole++;
        if (e.message.includes('\n') || e.message.length > 600)
          problem('untyped', `message not one short line: ${path}`);
        return;
      }
      problem('crashes', `${path}: ${(e as Error)?.stack?.split('\n').slice(0, 2).join(' ')}`);
      return;
    }
    const l = r.ledger;
    if (
      l.accepted + l.rejected !== l.rowsRead ||
      (records !== null && l.rowsRead + l.metadataRows !== records)
    )
      problem(
        'unreconciled',
        `${path}: ${l.accepted} + ${l.rejected} vs ${l.rowsRead} read, ${records} written`,
      );
    c.rowsAccepted += l.accepted;
    c.rowsRejected += l.rejected;
    const events = (await store.queryEvents({ limit: 10_000 })).rows.filter((e) => e.importId === l.id);
    if (events.length !== l.added)
      problem('unreconciled', `${path}: ${events.length} stored, ${l.added} added`);
    for (const e of events) {
      const o = await originalRecord(store, e);
      const where = `${path} record ${e.recordNo}`;
      if (!o) {
        problem('silentAlterations', `${where}: no original record`);
        continue;
      }
      const exact = Buffer.from(o.text, 'utf8');
      if (bytes.indexOf(exact) < 0 || o.text.includes('\uFFFD'))
        problem('silentAlterations', `${where}: the original record is not the source bytes`);
      const values = parse(o.text, { relax_column_count: true, bom: true })[0] as string[];
      if (values.length !== names.length)
        problem('silentAlterations', `${where}: accepted with ${values.length} fields of ${names.length}`);
      const f = o.fields;
      const num = (s: string | undefined) => ((s ?? '').trim() === '' ? null : Number(s!.trim()));
      const txt = (s: string | undefined) => ((s ?? '').trim() === '' ? null : s!.trim());
      const expect: [string, unknown, unknown][] = [
        ['id', e.sourceId, f.id!.trim()],
        ['best', e.fatalitiesBest, num(f.best)],
        ['low', e.fatalitiesLow, num(f.low)],
        ['high', e.fatalitiesHigh, num(f.high)],
        ['latitude', e.lat, num(f.latitude)],
        ['longitude', e.lon, num(f.longitude)],
        ['date_start', e.dateStart, f.date_start!.trim().slice(0, 10)],
        ['date_end', e.dateEnd, f.date_end!.trim().slice(0, 10)],
        ['side_a', e.actor1, txt(f.side_a)],
        ['side_b', e.actor2, txt(f.side_b)],
        ['adm_1', e.admin1Label, txt(f.adm_1)],
        ['adm_2', e.admin2Label, txt(f.adm_2)],
      ];
      for (const [field, got, want] of expect)
        if (got !== want)
          problem('silentAlterations', `${where}: ${field} stored ${String(got)}, source ${String(want)}`);
    }
  };

  let file = 0;
  while (c.variants < variants) {
    const name = join(dir, `fuzz-${seed}-${file++}.csv`);
    if (rnd() >= fileShare) {
      // A batch of row mutations among clean rows: each mutated row is one variant.
      const n = Math.min(batch, variants - c.variants);
      const parts: Buffer[] = [Buffer.from(csvLine(header))];
      for (let i = 0; i < n; i++) {
        parts.push(Buffer.from(csvLine(fresh())));
        parts.push(mutateRow(pick(ROW_MUTATIONS), fresh()));
      }
      const bytes = Buffer.concat(parts.flatMap((p) => [p, Buffer.from('\n')]));
      writeFileSync(name, bytes);
      c.variants += n;
      await check(name, bytes, n * 2);
      continue;
    }
    const m = pick(FILE_MUTATIONS);
    const lines = Array.from({ length: 6 }, () => csvLine(fresh()));
    let text = [csvLine(header), ...lines].join('\n') + '\n';
    let records: number | null = lines.length;
    let raw: Buffer | null = null;
    switch (m) {
      case 'stray-quote': {
        const i = 1 + Math.floor(rnd() * lines.length);
        const all = text.split('\n');
        const pos = Math.floor(rnd() * all[i]!.length);
        all[i] = all[i]!.slice(0, pos) + '"' + all[i]!.slice(pos);
        text = all.join('\n');
        records = null;
        break;
      }
      case 'truncated':
        text = text.slice(0, Math.floor(text.length * (0.3 + rnd() * 0.7)));
        records = null;
        break;
      case 'bom':
        raw = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
        break;
      case 'crlf-mix':
        text = text
          .split('\n')
          .map((l, i) => (i > 0 && rnd() < 0.5 ? l + '\r' : l))
          .join('\n');
        break;
      case 'duplicate-column':
        text = text.replace(/^id,/, 'best,').replace(/^"id",/, '"best",');
        records = null;
        break;
      case 'quote-all':
        text = text.replace(/\n/g, '\n\n');
        break;
    }
    const bytes = raw ?? Buffer.from(text);
    writeFileSync(name, bytes);
    c.variants++;
    await check(name, bytes, records);
  }
  return c;
}
