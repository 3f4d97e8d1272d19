import { statSync } from 'node:fs';
import type { DirectImportOptions, DirectImportResult } from '../../native-import.ts';
import type { ParserReject } from '../../native-import.ts';
import type { Db } from '../duckdb-connection.ts';
import { checkRecordNumbers, checkRecordNumbersAhead } from './record-check.ts';
import { columnOf, recordHashSql, type SqlMapper } from './sql-mapper.ts';
import {
  dropDuplicates,
  duplicateRejections,
  failedRejections,
  leftOutRows,
  fillLookups,
  mappingDb,
  mappedRows,
  numberRows,
  parserRejections,
  parserRejects,
  readCsv,
  csvReread,
  recordReader,
  sourceIsStored,
  sqlMapper,
  mappedUnoptimized,
  readCheckedAhead,
  writeEvents,
  type LeftOut,
  type Rejection,
} from './native-session.ts';

/**
 * Reads a delimited file straight into `events` when no stored event of its source exists (a first
 * import: nothing can match, so nothing is staged or diffed). Two passes of DuckDB's reader over the
 * file: a narrow one that gathers the lookup keys, counts the rows and notes the rows the parser
 * refuses; then one `INSERT ... SELECT` that numbers the rows in file order, maps, checks and joins
 * them and writes the accepted ones. Rows left out (rejected, metadata) are mapped again on their own
 * for their reasons. Files of PARALLEL_FROM_BYTES or more are numbered by key (`numberKey`), so that
 * insert runs in parallel; smaller ones, and files whose keys repeat, by a window on one thread. Returns null when the source has stored events (the caller stages instead).
 */
export async function importDirect(
  db: Db,
  sink: { readonly importId: number; addRejections(rows: readonly Rejection[]): Promise<void> },
  o: DirectImportOptions,
): Promise<DirectImportResult | null> {
  if (await sourceIsStored(db, o.source)) return null;
  const mapper = sqlMapper(o.mapper);
  const parallel = statSync(o.layout.path).size >= (o.parallelFromBytes ?? PARALLEL_FROM_BYTES);
  let parsed: number;
  let refused: ParserReject[];
  const key = numberKey(o.layout.header, mapper);
  const mapDb = mappingDb(db, o);
  if (parallel) {
    // One narrow pass over the file, in file order: each row's numbering key (for its record number)
    // and the columns its lookup keys read, grouped into the lookups from there.
    await db.run(
      `CREATE OR REPLACE TEMP TABLE stage_keys AS SELECT ${[`${key} AS k`, ...keyColumns(o.layout.header, mapper)].join(', ')} FROM ${await readCsv(db, o.layout)}`,
    );
    refused = await parserRejects(db);
    parsed = await fillLookups(db, mapDb, o, mapper, 'stage_keys');
  } else {
    parsed = await fillLookups(db, mapDb, o, mapper, await readCsv(db, o.layout));
    refused = await parserRejects(db);
  }
  // Rejected rows shift record numbers: place them first (this waits for the independent count).
  const placed = refused.length ? await o.placeRejects(refused) : [];
  const locator = placed.length ? await o.locator : null;
  const h = recordHashSql(o.layout.header);
  const once = mappedUnoptimized(o);
  // A small file's `stage_raw` is defined by its read ahead (below), unless that reads nothing.
  const raw = !once;
  const numberedBy = parallel && (await numberByKey(db, parsed)) ? 'key' : 'order';
  if (numberedBy === 'key') {
    await numberRows(
      db,
      `(SELECT p.r, c.* EXCLUDE (k) FROM (SELECT ${key} AS k, ${h} AS h, * FROM ${await readCsv(db, o.layout)}) c JOIN stage_pos p ON p.k = c.k)`,
      placed,
      locator,
      1,
      raw,
    );
  } else {
    // A window with an empty OVER runs as DuckDB's streaming window: one thread over the scan in file
    // order (the whole insert, mapping and write included), so `r` is each row's position.
    await numberRows(
      db,
      `(SELECT row_number() OVER () - 1 AS r, ${h} AS h, * FROM ${await readCsv(db, o.layout)})`,
      placed,
      locator,
      1,
      raw,
    );
  }
  if (parallel) await db.run(`DROP TABLE stage_keys`);
  // No stored event of the source exists, so no legacy hash is needed; the record hash is `h`.
  const rec = { nulBytes: o.nulBytes ?? true, legacy: false, listed: once };
  const m = mappedRows(mapper, o, rec);
  const mine = `import_id = ${sink.importId}`;
  // A small file's record check (below) reads its records again ahead, mapped by the one mapping.
  const ahead = once ? await readChecked(db, o, parsed + refused.length, placed) : null;
  if (!raw && !ahead) await db.run(`CREATE OR REPLACE TEMP VIEW stage_raw AS SELECT * FROM stage_rows`);
  const { left, again } = await writeEvents(db, mapDb, m, sink.importId, once, {
    ahead: ahead !== null,
    // A larger file's rows left out (rejected or metadata, usually few) are mapped again on their own for their reasons.
    again: async () => {
      const [{ written }] = await db.all<{ written: number }>(
        `SELECT count(*) AS written FROM events WHERE ${mine}`,
      );
      return written! < parsed ? leftOutRows(db, mapDb, mapper, o.layout.header, rec, 'events', mine) : [];
    },
  }).finally(() => ahead?.done());
  const metadata = left.filter((r) => r.hxl).length;
  const failed = left.filter((r): r is LeftOut & { fail: string[] } => r.fail !== null);
  const dups = await dropDuplicates(db, 'events', mine);
  if (placed.length + failed.length + dups.length) {
    const locator = await o.locator;
    const reader = recordReader(o.layout.path, locator);
    try {
      await sink.addRejections([
        ...parserRejections(placed, locator, reader),
        ...failedRejections(failed, locator, reader),
        ...duplicateRejections(dups, locator, reader),
      ]);
    } finally {
      reader.close();
    }
  }
  // Every 1,024th stored record read again from the file by Node's index: numbered right, or refused.
  // (A file whose parse the index does not count alike is refused by the caller, naming both counts.)
  const index = await o.locator;
  if (parsed + refused.length === index.length - 1) {
    const records = recordReader(o.layout.path, index);
    try {
      const check = {
        table: 'events',
        where: mine,
        path: o.layout.path,
        locator: index,
        text: (k: number) => records.text(k),
        reread: csvReread(db, o.layout, records.text(0)),
        mapped: `(${mapper.query(o.layout.header, rec)}) m`,
        value: m.value,
      };
      await (again ? checkRecordNumbersAhead(db, check, again) : checkRecordNumbers(db, check));
    } finally {
      records.close();
    }
  }
  const [s] = await db.all<{ accepted: number; warnings: number; last: string | null }>(
    `SELECT count(*) AS accepted, count(*) FILTER (WHERE len(quality_flags) > 0) AS warnings,
      CAST(max(date_end) AS VARCHAR) AS last FROM events WHERE ${mine}`,
  );
  return {
    accepted: s!.accepted,
    rejected: failed.length + placed.length + dups.length,
    metadata,
    warnings: s!.warnings,
    lastDate: s!.last,
    direct: true,
    parsed,
    parserRejected: refused.length,
    numberedBy,
  };
}

/**
 * Reads the records a small file's record check may sample again ahead of its mapping (native-session.ts
 * `readCheckedAhead`): those the parser did not refuse. Null, reading nothing, when the rows DuckDB's
 * reader gave (`read`: parsed and refused) and Node's index count apart (the caller refuses such a file).
 */
async function readChecked(
  db: Db,
  o: DirectImportOptions,
  read: number,
  placed: readonly { recordNo: number }[],
): Promise<{ done(): void } | null> {
  const index = await o.locator;
  if (read !== index.length - 1) return null;
  return readCheckedAhead(db, o.layout, index, 1, new Set(placed.map((p) => p.recordNo)));
}

/**
 * Files at least this large are numbered by key so that the mapping runs in parallel; smaller ones by
 * the window on one thread, which is quick for them (the key pass and its join cost more than a
 * second core saves below some tens of MB).
 */
export const PARALLEL_FROM_BYTES = 64 * 1024 * 1024;

/**
 * What places each row for the parallel numbering: the 64-bit `hash()` of the record's id column,
 * which a valid file holds once per record, or of all its fields when the format reads its ids from
 * no column. Hashing one column instead of every field took the numbering pass over the 2M-row bench
 * file from 10.9 s to 5.8 s (docs/benchmarks.md); a file whose ids repeat is numbered in reading order.
 */
function numberKey(header: readonly string[], mapper: SqlMapper): string {
  const id = mapper.idColumn === undefined ? null : columnOf(header)(mapper.idColumn);
  return id ? `hash(${id})` : recordHashSql(header);
}

/** The raw columns (`c<i>`) a mapper's lookup keys read. */
function keyColumns(header: readonly string[], mapper: SqlMapper): string[] {
  const used = new Set(
    [
      ...JSON.stringify([mapper.rawKeys(header), mapper.countryKeys?.(header)]).matchAll(/\br\.c(\d+)\b/g),
    ].map((x) => Number(x[1])),
  );
  for (const name of mapper.countryColumns) if (header.includes(name)) used.add(header.indexOf(name));
  return [...used].sort((a, b) => a - b).map((i) => `c${i}`);
}

/**
 * Numbers the parsed rows by their key (`numberKey`), so that the mapping can run in parallel: a
 * query whose only operators keep insertion order (a scan and projections, no join, no window) writes
 * a table in file order even in parallel, so the narrow pass `stage_keys` gives each row's key its
 * place (`stage_pos`: k, r from 0). The mapping then finds each row's place by its key in a plain
 * join, whatever order its threads read the rows in. This holds only when no two parsed rows share a
 * key (a repeated id, identical records, or a 64-bit collision): then it returns false and the caller
 * numbers rows as it reads them. Throws when the pass gave another count of rows, or row ids that are
 * not one run.
 */
async function numberByKey(db: Db, parsed: number): Promise<boolean> {
  const [k] = await db.all<{ base: string | null; n: number; span: string | null; distinct_k: number }>(
    `SELECT CAST(min(rowid) AS VARCHAR) AS base, count(*) AS n, CAST(max(rowid) - min(rowid) + 1 AS VARCHAR) AS span,
       count(DISTINCT k) AS distinct_k FROM stage_keys`,
  );
  if (k!.n !== parsed || (k!.n > 0 && k!.span !== String(k!.n)))
    throw new Error(
      `native import: the numbering pass read ${k!.n} rows over ${k!.span ?? 0} row ids, the lookups ${parsed}`,
    );
  if (k!.distinct_k !== k!.n) return false;
  // Row ids of a table made in an open transaction start near 2^55, past a double's exact integers: read as text.
  await db.run(
    `CREATE OR REPLACE TEMP TABLE stage_pos AS SELECT k, rowid - ${k!.base ?? 0} AS r FROM stage_keys`,
  );
  return true;
}
