import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_COLUMNS, GEO_COLUMNS, type EventGeo } from '../../event-columns.ts';
import { INVALID_UTF8 } from '../../../domain/errors.ts';
import { EngineReadDiffers, mapsOtherTable } from '../../native-import.ts';
import type {
  DelimitedLayout,
  MapStagedOptions,
  ParserReject,
  NativeMapResult,
  NativeMapper,
  NdjsonMapping,
  RecordLocator,
  StagedFile,
} from '../../native-import.ts';
import type { StoredRejection } from '../../store.ts';
import { withoutOptimizer, type Db } from '../duckdb-connection.ts';
import { appendValue } from '../duckdb-append.ts';
import { contentHashSql, isLegacyHash, legacyContentHashSql } from './content-hash.ts';
import { LONG_LINES, dateClass, lit } from './sql-fields.ts';
import { PLACEMENT_KEY_TABLE } from '../duckdb-event-reads.ts';
import { acledSqlMapper } from './acled-sql.ts';
import { csvMappedSqlMapper } from './csv-mapped-sql.ts';
import { ndjsonReread } from './ndjson-sql.ts';
import {
  aheadFingerprints,
  aheadNumbers,
  CHECK_EVERY,
  checkRecordNumbers,
  checkRecordNumbersAhead,
  readAhead,
} from './record-check.ts';
import { columnOf, recordHashSql, type RecordOptions, type SqlMapper } from './sql-mapper.ts';
import { mapDyadIndex } from './dyad-index-sql.ts';
import { lookupSets, type FineRow, type KeyRow } from './lookup-sets.ts';
import { mapStatistics } from './statistics-sql.ts';
import { ucdpSqlMapper } from './ucdp-sql.ts';

/**
 * Parses a delimited file with DuckDB's CSV reader into `stage_raw_parse` (every column as text,
 * named c0..cN by position, quoting and line ends fixed, no sniffing), keeping the rows its parser
 * refuses in a rejects table. Returns how many data rows it gave and which lines it refused.
 */
export async function stageDelimited(db: Db, layout: DelimitedLayout): Promise<StagedFile> {
  await db.run(`CREATE OR REPLACE TEMP TABLE stage_raw_parse AS SELECT * FROM ${await readCsv(db, layout)}`);
  const [{ n }] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM stage_raw_parse`);
  return { parsed: n!, parserRejects: await parserRejects(db) };
}

/**
 * DuckDB's reader over a delimited file (every column as text, named c0..cN by position, quoting and
 * line ends fixed, no sniffing), keeping the rows its parser refuses in fresh rejects tables.
 */
export async function readCsv(db: Db, layout: DelimitedLayout, rejects = 'stage_rej'): Promise<string> {
  const columns = `{${layout.header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  await db.run(`DROP TABLE IF EXISTS ${rejects}_errors`);
  await db.run(`DROP TABLE IF EXISTS ${rejects}_scans`);
  return `read_csv(${lit(layout.path)},
      header = true, delim = ${lit(layout.delimiter)}, quote = '"', escape = '"', new_line = ${lit(layout.newline === '\r\n' ? '\\r\\n' : '\\n')},
      columns = ${columns}, auto_detect = false, strict_mode = false, null_padding = false,
      store_rejects = true, rejects_table = '${rejects}_errors', rejects_scan = '${rejects}_scans', ${LONG_LINES}${layout.serial ? ', parallel = false' : ''})`;
}

/** The rows the last read refused, one per row however often DuckDB reports it. */
export async function parserRejects(db: Db): Promise<ParserReject[]> {
  // DuckDB may report one refused row many times, and its `line` counts differently in parallel
  // reads: rows are told apart by the byte where they start, and placed by the caller's own index.
  const rejects = await db.all<{ byte: number; text: string; reason: string }>(
    // A short row is reported once per missing column ("Found: 10", "Found: 11", ...): the least is the
    // row's width; a long one once per extra column: the most is.
    `SELECT byte, any_value(text) AS text, CASE
        WHEN count(missing) > 0 THEN 'expected ' || any_value(expected) || ' fields, found ' || min(missing)
        WHEN count(extra) > 0 THEN 'expected ' || any_value(expected) || ' fields, found ' || max(extra)
        WHEN bool_or(error_type = 'INVALID ENCODING') THEN ${lit(INVALID_UTF8)}
        ELSE string_agg(DISTINCT 'malformed CSV: ' || lower(error_type) || ': ' || error_message, '; ') END AS reason
     FROM (SELECT CAST(line_byte_position AS BIGINT) AS byte, csv_line AS text, error_type, error_message,
        try_cast(regexp_extract(error_message, '^Expected Number of Columns: ([0-9]+)', 1) AS INTEGER) AS expected,
        CASE WHEN error_type = 'MISSING COLUMNS' THEN try_cast(regexp_extract(error_message, 'Found: ([0-9]+)', 1) AS INTEGER) END AS missing,
        CASE WHEN error_type = 'TOO MANY COLUMNS' THEN try_cast(regexp_extract(error_message, 'Found: ([0-9]+)', 1) AS INTEGER) END AS extra
      FROM stage_rej_errors) GROUP BY byte ORDER BY byte`,
  );
  return rejects.map((r) => ({ byte: Number(r.byte), text: r.text ?? '', reason: r.reason }));
}

/** The SQL twin of a format's mapper. */
export function sqlMapper(m: NativeMapper): SqlMapper {
  switch (m.name) {
    case 'ucdp':
      return ucdpSqlMapper(m.params);
    case 'acled':
      return acledSqlMapper(m.params);
    case 'csv-mapped':
      return csvMappedSqlMapper(m.params);
    case 'statistics':
    case 'series':
    case 'dyad-index':
      throw new Error(`the ${m.name} mapper gives rows of its own table, not events (table-mapping.ts)`);
  }
}

/** Reads records' exact text from the source file by their offsets, for rejected rows. */
export function recordReader(path: string, locator: RecordLocator) {
  const fd = openSync(path, 'r');
  return {
    text(k: number): string {
      const start = locator.start(k);
      const len = locator.end(k) - start;
      const buf = Buffer.alloc(len);
      readSync(fd, buf, 0, len, start);
      return buf.toString('utf8').replace(/\r+$/, '');
    },
    close: () => closeSync(fd),
  };
}

/** Appends rows of values to a fresh temp table, typed column by column. */
export async function fillTable(
  db: Db,
  table: string,
  cols: [string, string][],
  rows: unknown[][],
): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ${table} (${cols.map(([n, t]) => `${n} ${t}`).join(', ')})`);
  const ap = await db.raw.createAppender(table, 'main', 'temp');
  for (const r of rows) {
    cols.forEach(([, t], i) => appendValue(ap, t, r[i]));
    ap.endRow();
  }
  ap.closeSync();
}

/**
 * Files up to this size are mapped by statements planned without DuckDB's optimizer
 * (`withoutOptimizer`): for them planning the mapping's long SQL costs more than the optimizer saves.
 */
export const UNOPTIMIZED_UP_TO_BYTES = 2 * 1024 * 1024;

/**
 * The connection a file's mapping statements run on: without the optimizer for a small file. Only the
 * statements over the staged rows and the lookups take it; those reading `events` or other stored
 * tables keep the optimizer (their plans prune by the stored rows' zone maps).
 */
export const mappingDb = (db: Db, o: Pick<MapStagedOptions, 'layout' | 'unoptimizedUpToBytes'>): Db =>
  mappedUnoptimized(o) ? withoutOptimizer(db) : db;

/** Whether a file is small enough to be mapped without the optimizer (see UNOPTIMIZED_UP_TO_BYTES). */
export const mappedUnoptimized = (o: Pick<MapStagedOptions, 'layout' | 'unoptimizedUpToBytes'>): boolean =>
  statSync(o.layout.path).size <= (o.unoptimizedUpToBytes ?? UNOPTIMIZED_UP_TO_BYTES);

/**
 * Fills the lookup tables a mapping joins (countries, actors, placements, each run once per distinct
 * value in JavaScript) from one narrow pass over the raw rows `r` of `from`: cheap keys that equal the
 * mapped values of every valid row, one grouping set per lookup. Returns how many rows the pass read.
 * The pass runs on `mapDb` (the mapping's connection, mappingDb); the tables are made on `db` (a
 * table's DDL has nothing to optimize: no turning the optimizer off and on around each).
 */
export async function fillLookups(
  db: Db,
  mapDb: Db,
  o: Pick<MapStagedOptions, 'layout' | 'lookups' | 'unoptimizedUpToBytes'>,
  mapper: SqlMapper,
  from: string,
): Promise<number> {
  const header = o.layout.header;
  const raw = columnOf(header, 'r.');
  const [first, second] = mapper.countryColumns;
  const [k1, k2] = mapper.countryKeys?.(header) ?? [raw(first) ?? 'NULL', raw(second) ?? 'NULL'];
  const keys = mapper.rawKeys(header);
  const names = keys.actors.map((_, i) => `n${i}`);
  const place = ['k1', 'k2', 'lat', 'lon', 'exact', 'a1', 'a2', 'pl'];
  // Each layer reads the one inside it by name: the texts are trimmed once, the keys written once.
  const texts = Object.entries(keys.texts).map(([name, e]) => `${e} AS ${name}`);
  const keyed = `(SELECT *, CASE WHEN exact THEN NULL ELSE place END AS pl, ${dateClass('d', o.lookups.actorDateBreaks)} AS acls,
         ${dateClass('d', o.lookups.placeDateBreaks)} AS pcls FROM (
       SELECT *, ${keys.exact} AS exact FROM (
         SELECT *, ${keys.actors.map((a, i) => `${a} AS n${i}`).join(', ')}, ${keys.lat} AS lat, ${keys.lon} AS lon,
           ${keys.admin1} AS a1, ${keys.admin2} AS a2, ${keys.place} AS place, ${keys.date} AS d FROM (
           SELECT ${[...texts, `${k1} AS k1`, `${k2} AS k2`].join(', ')} FROM ${from} r))))`;
  const sets = [
    ['country', ['k1', 'k2']],
    ['actor', [...names, 'acls']],
    ['place', [...place, 'pcls']],
  ] as const;
  const all = [...names, 'acls', ...place, 'pcls'].join(', ');
  // A small file's keys are grouped once, the sets gathered from those rows (lookup-sets.ts).
  const rows = mappedUnoptimized(o)
    ? lookupSets(
        await mapDb.all<FineRow>(`SELECT ${all}, min(d) AS d, count(*) AS n FROM ${keyed} GROUP BY ${all}`),
        sets,
      )
    : await mapDb.all<KeyRow>(
        `SELECT ${all}, min(d) AS d, count(*) AS n,
           CASE WHEN grouping(acls) = 0 THEN 'actor' WHEN grouping(pcls) = 0 THEN 'place' WHEN grouping(k1) = 0 THEN 'country' ELSE 'all' END AS set
         FROM ${keyed} GROUP BY GROUPING SETS (${sets.map(([, k]) => `(${k.join(', ')})`).join(', ')}, ())`,
      );
  const country = new Map<string, string | null>();
  const codeOf = (k1: unknown, k2: unknown) => {
    const key = JSON.stringify([k1, k2]);
    if (!country.has(key)) country.set(key, o.lookups.country(k1 as string | null, k2 as string | null));
    return country.get(key)!;
  };
  await fillTable(
    db,
    'lk_country',
    [
      ['k1', 'VARCHAR'],
      ['k2', 'VARCHAR'],
      ['code', 'VARCHAR'],
    ],
    rows.filter((r) => r.set === 'country').map((p) => [p.k1, p.k2, codeOf(p.k1, p.k2)]),
  );
  await fillTable(
    db,
    'lk_actors',
    [...names.map((x) => [x, 'VARCHAR'] as [string, string]), ['cls', 'INTEGER'], ['ids', 'VARCHAR[]']],
    rows
      .filter((r) => r.set === 'actor' && r.d !== null)
      .map((s) => [
        ...names.map((x) => s[x]),
        s.acls,
        o.lookups.actorIds(
          names.map((x) => (s[x] as string | null) ?? null),
          s.d!,
        ),
      ]),
  );
  // Places are keyed on the country code: texts naming the same country fall together (earliest date kept).
  const places = new Map<string, KeyRow & { code: string }>();
  for (const r of rows) {
    if (r.set !== 'place' || r.d === null) continue;
    const code = codeOf(r.k1, r.k2);
    if (code === null) continue;
    const key = JSON.stringify([code, r.lat, r.lon, r.exact, r.a1, r.a2, r.pl, r.pcls]);
    const prev = places.get(key);
    if (!prev || r.d < prev.d!) places.set(key, { ...r, code });
  }
  await fillTable(
    db,
    'lk_place',
    [...PLACEMENT_KEY_TABLE],
    [...places.values()].map((p) => {
      const g = o.lookups.place({
        country: p.code,
        lat: p.lat as number | null,
        lon: p.lon as number | null,
        geoExact: p.exact as boolean,
        admin1Label: p.a1 as string | null,
        admin2Label: p.a2 as string | null,
        place: p.pl as string | null,
        date: p.d!,
      });
      return [
        p.code,
        p.lat,
        p.lon,
        p.exact,
        p.a1,
        p.a2,
        p.pl,
        p.pcls,
        ...GEO_COLUMNS.map((gc) => g[gc.key as keyof EventGeo]),
      ];
    }),
  );
  return rows.find((r) => r.set === 'all')?.n ?? 0;
}

/** Whether any stored event of the source exists (a first import of a source has nothing to diff against). */
export async function sourceIsStored(db: Db, source: string): Promise<boolean> {
  const rows = await db.all(`SELECT 1 FROM events WHERE source = $1 LIMIT 1`, [source]);
  return rows.length > 0;
}

/** Whether stored events of the source still carry legacy md5 content hashes (compared by that rule; see content-hash.ts). */
export async function hasLegacyHashes(db: Db, source: string): Promise<boolean> {
  const rows = await db.all(
    `SELECT 1 FROM events WHERE source = $1 AND ${isLegacyHash('content_hash')} LIMIT 1`,
    [source],
  );
  return rows.length > 0;
}

/**
 * The mapped rows as SQL: the mapper's query over `stage_raw` joined to its lookups (`from`, alias m),
 * each event column's expression over it (`value`), and `rows` (alias v): every event column computed
 * once under its own name, with `record_hash` (`legacy_record_hash` with `rec.legacy`), `fail` and
 * `hxl`; the content hash (`hash`), and with `rec.legacy` the legacy md5 one, read v's columns by name.
 * Written out inside the hash too, each column's expression was planned (and, for a small file planned
 * without the optimizer, evaluated) twice; the hash is the same, over the same values, types and order.
 */
export function mappedRows(
  mapper: SqlMapper,
  o: Pick<MapStagedOptions, 'layout' | 'source' | 'fileSha256' | 'version' | 'lookups'>,
  rec: RecordOptions,
) {
  const sel = mapper.select(o.source);
  const value = (name: string): string => {
    if (name === 'actor_ids') return 'a.ids';
    if (name === 'file_sha256') return lit(o.fileSha256);
    if (name === 'source_version' && o.version !== undefined) return lit(o.version);
    if (GEO_COLUMNS.some((g) => g.name === name)) return `g.${name}`;
    const v = sel[name];
    if (v === undefined) throw new Error(`native mapper gives no ${name}`);
    return v;
  };
  const nd = (x: string, y: string) => `${x} IS NOT DISTINCT FROM ${y}`;
  const actorClass = dateClass('m.ds', o.lookups.actorDateBreaks);
  const placeClass = dateClass('m.ds', o.lookups.placeDateBreaks);
  const from = `(${mapper.query(o.layout.header, rec)}) m
     LEFT JOIN lk_actors a ON ${mapper.actorsIn.map((x, i) => nd(`a.n${i}`, x)).join(' AND ')} AND a.cls = ${actorClass}
     LEFT JOIN lk_place g ON ${nd('g.country', sel.country!)} AND ${nd('g.lat', sel.lat!)} AND ${nd('g.lon', sel.lon!)}
       AND ${nd('g.exact', sel.geo_exact!)} AND ${nd('g.a1', sel.admin1_label!)} AND ${nd('g.a2', sel.admin2_label!)}
       AND ${nd('g.pl', `CASE WHEN ${sel.geo_exact!} THEN NULL ELSE ${sel.place!} END`)} AND g.cls = ${placeClass}`;
  const computed = EVENT_COLUMNS.map((c) => `${value(c.name)} AS ${c.name}`);
  const carried = ['record_hash', ...(rec.legacy ? ['legacy_record_hash'] : []), 'fail', 'hxl'].map(
    (c) => `m.${c}`,
  );
  const named = (name: string) => `v.${name}`;
  return {
    from,
    value,
    rows: `(SELECT ${[...computed, ...carried].join(', ')} FROM ${from}) v`,
    hash: contentHashSql(named, 'v.record_hash'),
    legacyHash: rec.legacy ? legacyContentHashSql(named, 'v.legacy_record_hash') : 'NULL',
  };
}

/** An event column of `mappedRows().rows` as `events` stores it (dates are ISO text until then). */
export const typedColumn = (c: (typeof EVENT_COLUMNS)[number]): string =>
  c.type === 'DATE' ? `CAST(v.${c.name} AS DATE)` : `v.${c.name}`;

/** A rejected row as stored: its line and exact text from the record index, field, value and reason. */
export type Rejection = Omit<StoredRejection, 'importId'>;

/** A mapped row left out of `events`: its first failing check (`fail`) or whether it is metadata (`hxl`). */
export type LeftOut = { record_no: number; fail: (string | null)[] | null; hxl: boolean };

/**
 * Writes the accepted rows of `m` (no failing check, not metadata) into `events` under `importId` and
 * returns the rows left out, in record order. A small file (`once`: mapped without the optimizer) is
 * mapped once, into a temporary table that gives both: its mapping's SQL is tens of KB, whose planning
 * costs more than running it (a 40-row GED file's left-out HXL row took about 50 ms of CPU to map again
 * on its own). A larger file is mapped straight into `events` and its left-out rows (usually few) are
 * mapped again by `again`, so that no copy of every mapped row is held. `between` runs after the
 * insert, before the left-out rows are read. With `ahead` (a small file whose `stage_raw` holds the
 * records its record check read again, record-check.ts `readAhead`), those rows are kept out of both,
 * their fingerprints returned (`again`) and `stage_raw` pointed back at `stage_rows`.
 */
export async function writeEvents(
  db: Db,
  mapDb: Db,
  m: ReturnType<typeof mappedRows>,
  importId: number,
  once: boolean,
  steps: { again: () => Promise<LeftOut[]>; between?: () => Promise<void>; ahead?: boolean },
): Promise<{ left: LeftOut[]; again: Map<number, string> | null }> {
  const own = steps.ahead ? ' AND v.record_no >= 0' : '';
  const insert = (rows: string, on = mapDb) =>
    on.run(
      `INSERT INTO events (${EVENT_COLUMNS.map((c) => c.name).join(', ')}, content_hash, import_id)
       SELECT ${EVENT_COLUMNS.map(typedColumn).join(', ')}, ${m.hash}, ${importId} FROM ${rows} WHERE v.fail IS NULL AND NOT v.hxl${own}`,
    );
  if (!once) {
    await insert(m.rows);
    await steps.between?.();
    return { left: await steps.again(), again: null };
  }
  await mapDb.run(`CREATE OR REPLACE TEMP TABLE stage_mapped_events AS SELECT * FROM ${m.rows}`);
  if (steps.ahead) await db.run(`CREATE OR REPLACE TEMP VIEW stage_raw AS SELECT * FROM stage_rows`);
  // The copy into events (the content hash over named columns) keeps the optimizer: planning it costs
  // less than turning the optimizer off and on around it (a 40-row GED file: the insert took 6.5 ms of
  // CPU against 7.4, and two statements fewer).
  await insert('stage_mapped_events v', db);
  await steps.between?.();
  const read = await leftOutAndAhead(db, steps.ahead === true);
  await db.run(`DROP TABLE stage_mapped_events`);
  return read;
}

/**
 * The rows of `stage_mapped_events` (a small file's mapped rows) left out, in record order, and, with
 * `ahead`, the fingerprints of the records read ahead by number (`again`): one read for both, each
 * statement costing a small import a millisecond or more whatever it reads.
 */
async function leftOutAndAhead(
  db: Db,
  ahead: boolean,
): Promise<{ left: LeftOut[]; again: Map<number, string> | null }> {
  const rows = await db.all<LeftOut & { ahead: boolean; fp: string | null }>(
    aheadFingerprints('stage_mapped_events', true),
  );
  return {
    left: rows.filter((r) => !r.ahead).map((r) => ({ record_no: r.record_no, fail: r.fail, hxl: r.hxl })),
    again: ahead
      ? new Map(rows.filter((r) => r.ahead).map((r) => [Number(r.record_no), String(r.fp)]))
      : null,
  };
}

/**
 * The rows of `stage_rows` that are not in `table` under `mine` (rejected or metadata, usually few),
 * mapped again on their own, in record order: the first failing check (`fail`) or metadata (`hxl`).
 * Points `stage_raw` at them.
 */
export async function leftOutRows(
  db: Db,
  mapDb: Db,
  mapper: SqlMapper,
  header: readonly string[],
  rec: RecordOptions,
  table: 'events' | 'stage_events',
  mine: string,
): Promise<{ record_no: number; fail: string[] | null; hxl: boolean }[]> {
  await db.run(`CREATE OR REPLACE TEMP TABLE stage_written AS SELECT record_no FROM ${table} WHERE ${mine}`);
  await db.run(
    `CREATE OR REPLACE TEMP VIEW stage_raw AS SELECT * FROM stage_rows WHERE record_no NOT IN (SELECT record_no FROM stage_written)`,
  );
  return mapDb.all(
    `SELECT record_no, fail, hxl FROM (${mapper.query(header, rec)}) WHERE fail IS NOT NULL OR hxl ORDER BY record_no`,
  );
}

/** Rejections of rows whose mapping failed a check (`fail`: field, value, reason; field and value null for a fault of the whole row). */
export function failedRejections(
  failed: { record_no: number; fail: (string | null)[] }[],
  locator: RecordLocator,
  reader: { text(k: number): string },
): Rejection[] {
  return failed.map((r) => {
    const [field, value, reason] = r.fail;
    return {
      line: locator.line(r.record_no),
      field: field ?? null,
      value: value ?? null,
      reason: field ? `${field}: ${reason}` : reason!,
      raw: reader.text(r.record_no),
    };
  });
}

/** In-file duplicate ids among the rows of `table` (`where`): the first record is kept, later ones deleted. */
export async function dropDuplicates(
  db: Db,
  table: string,
  where: string,
): Promise<{ record_no: number; source_id: string; first: number }[]> {
  // Usually no id repeats: a distinct count says so in a quarter of the windows' time (2M rows: 130 against 490 ms).
  const [{ repeated }] = await db.all<{ repeated: number }>(
    `SELECT count(*) - count(DISTINCT id) AS repeated FROM ${table} WHERE ${where}`,
  );
  if (!repeated) return [];
  const dups = await db.all<{ record_no: number; source_id: string; first: number }>(
    `SELECT record_no, source_id, first FROM (SELECT record_no, source_id, min(record_no) OVER (PARTITION BY id) AS first,
      row_number() OVER (PARTITION BY id ORDER BY record_no) AS rn FROM ${table} WHERE ${where}) WHERE rn > 1 ORDER BY record_no`,
  );
  if (dups.length) {
    await fillTable(
      db,
      'stage_dup_records',
      [['record_no', 'INTEGER']],
      dups.map((d) => [d.record_no]),
    );
    await db.run(
      `DELETE FROM ${table} WHERE ${where} AND record_no IN (SELECT record_no FROM stage_dup_records)`,
    );
  }
  return dups;
}

/** Rejections of later records repeating an id. */
export const duplicateRejections = (
  dups: { record_no: number; source_id: string; first: number }[],
  locator: RecordLocator,
  reader: { text(k: number): string },
): Rejection[] =>
  dups.map((d) => ({
    line: locator.line(d.record_no),
    field: 'id',
    value: d.source_id,
    reason: `duplicate id ${d.source_id} (first at line ${locator.line(d.first)})`,
    raw: reader.text(d.record_no),
  }));

/**
 * Maps the staged file natively into `stage_events` (diffed against the store at commit): record
 * numbers, the mapper's SQL (values and the first failing check per row), the lookups joined, in-file
 * duplicate ids rejected, and every rejection kept with its line and raw text. With `direct` (a first
 * import of its source: nothing stored can match), the accepted rows go straight into `events` under
 * that import id instead, and the rows left out are mapped again on their own for their reasons, as
 * the delimited direct path does (direct-import.ts).
 */
export async function mapStaged(
  db: Db,
  sink: { addRejections(rows: readonly Rejection[]): Promise<void> },
  o: MapStagedOptions,
  direct?: { importId: number },
): Promise<NativeMapResult> {
  // Record numbers: the n-th parsed row is the n-th data record the parser did not refuse. Rows of a table
  // created in an open transaction have consecutive row ids from a large offset (near 2^55, past a
  // double's exact integers: the first comes back as text), in insertion (file) order.
  const [{ base }] = await db.all<{ base: string | null }>(
    `SELECT CAST(min(rowid) AS VARCHAR) AS base FROM stage_raw_parse`,
  );
  // An NDJSON file's records are numbered from 0 (it has no header) and hashed by their line's text.
  const first = o.ndjson ? 0 : 1;
  await numberRows(
    db,
    `(SELECT rowid - ${base ?? 0} AS r, ${o.ndjson ? 'h_line' : recordHashSql(o.layout.header)} AS h, * FROM stage_raw_parse)`,
    o.parserRejects,
    o.locator,
    first,
  );
  const reader = recordReader(o.layout.path, o.locator);
  try {
    const rejections: Rejection[] = parserRejections(o.parserRejects, o.locator, reader);
    if (mapsOtherTable(o.mapper)) {
      const staged = {
        db,
        text: (k: number) => reader.text(k),
        reread: csvReread(db, o.layout, reader.text(0)),
        fill: (table: string, cols: [string, string][], rows: unknown[][]) =>
          fillTable(db, table, cols, rows),
      };
      const mapper = o.mapper;
      const { result, failed } =
        mapper.name === 'dyad-index'
          ? await mapDyadIndex({ ...staged, o: { ...o, mapper } })
          : await mapStatistics({ ...staged, o: { ...o, mapper } });
      rejections.push(...failedRejections(failed, o.locator, reader));
      if (rejections.length) await sink.addRejections(rejections);
      return result;
    }
    const mapper = sqlMapper(o.mapper);
    const mapDb = mappingDb(db, o);
    await fillLookups(db, mapDb, o, mapper, 'stage_raw');
    const rec = {
      nulBytes: o.nulBytes ?? true,
      legacy: direct ? false : await hasLegacyHashes(db, o.source),
      listed: mappedUnoptimized(o),
    };
    const m = mappedRows(mapper, o, rec);
    const table = direct ? 'events' : 'stage_events';
    const where = direct ? `import_id = ${direct.importId}` : 'true';
    // A small delimited file's record check reads its records again ahead, mapped with the file's
    // (every record but those rejected whatever they map to: refused by the parser, or row faults).
    const ahead =
      mappedUnoptimized(o) && !o.ndjson
        ? await readCheckedAhead(
            db,
            o.layout,
            o.locator,
            first,
            new Set([...o.parserRejects, ...(o.rowFaults ?? [])].map((r) => r.recordNo)),
          )
        : null;
    const mapped = await (
      direct
        ? writeDirect(db, mapDb, o, mapper, rec, m, direct.importId, ahead !== null)
        : writeStaged(db, mapDb, o, mapper, rec, m, ahead !== null)
    ).finally(() => ahead?.done());
    rejections.push(...failedRejections(mapped.failed, o.locator, reader));
    const dups = await dropDuplicates(db, table, where);
    rejections.push(...duplicateRejections(dups, o.locator, reader));
    if (rejections.length) await sink.addRejections(rejections);
    const check = {
      table,
      where,
      path: o.layout.path,
      locator: o.locator,
      text: (k: number) => reader.text(k),
      reread: o.ndjson ? ndjsonReread(db, o.layout.header) : csvReread(db, o.layout, reader.text(0)),
      mapped: `(${mapper.query(o.layout.header, rec)}) m`,
      value: m.value,
    };
    await (mapped.again ? checkRecordNumbersAhead(db, check, mapped.again) : checkRecordNumbers(db, check));
    const [s] = await db.all<{ accepted: number; warnings: number; last: string | null }>(
      `SELECT count(*) AS accepted, count(*) FILTER (WHERE len(quality_flags) > 0) AS warnings,
         CAST(max(date_end) AS VARCHAR) AS last FROM ${table} WHERE ${where}`,
    );
    return {
      accepted: s!.accepted,
      rejected: mapped.failed.length + o.parserRejects.length + dups.length,
      metadata: mapped.metadata,
      warnings: s!.warnings,
      lastDate: s!.last,
      direct: Boolean(direct),
    };
  } finally {
    reader.close();
  }

  /**
   * The staged way: every staged row is mapped and joined to its lookups once. Rows that fail a check
   * or are metadata carry `fail` / `hxl`; only the others are written to `stage_events`: DuckDB's commit
   * of a table's new rows with deletions among them copies every row again (a 40-row file's staging
   * commit: 48 ms against 1 ms; 300,000 GED rows with their one HXL row deleted: 1.4 to 2.0 s of
   * CPU against 3 ms). A small file is mapped into a temporary table that gives both the rows kept and
   * those left out (see writeEvents for why); a larger one is mapped straight into `stage_events` and
   * its left-out rows (usually few) mapped again on their own (leftOutRows), so that no copy of every
   * mapped row is held. Then the NDJSON check (before the record check, which points `stage_raw` at
   * its own rows).
   */
  async function writeStaged(
    db: Db,
    mapDb: Db,
    o: MapStagedOptions,
    mapper: SqlMapper,
    rec: RecordOptions,
    m: ReturnType<typeof mappedRows>,
    ahead: boolean,
  ) {
    const columns = EVENT_COLUMNS.map((c) => c.name);
    const written = `${columns.join(', ')}, content_hash, line, record_key, fail, hxl, legacy_hash`;
    const mapped = `SELECT ${columns.map((c) => `v.${c}`).join(', ')}, ${m.hash}, NULL, NULL, v.fail, v.hxl, ${m.legacyHash} FROM ${m.rows}`;
    if (!mappedUnoptimized(o)) {
      const faults = new Map((o.rowFaults ?? []).map((f) => [f.recordNo, f.reason]));
      // Row faults are rejected whatever they map to: never written.
      if (faults.size) await fillRowFaults(db, o.rowFaults!);
      const notFault = faults.size ? ' AND v.record_no NOT IN (SELECT record_no FROM stage_row_faults)' : '';
      await mapDb.run(
        `INSERT INTO stage_events (${written}) ${mapped} WHERE (v.fail IS NOT NULL OR v.hxl) IS NOT TRUE${notFault}`,
      );
      // (Before `stage_raw` is narrowed to the rows left out.)
      if (o.ndjson) await checkNdjsonFields(db, o.layout.header, o.ndjson, reader);
      // Every parsed row is mapped once: those not written are the row faults and the rows left out.
      const [{ left }] = await db.all<{ left: number }>(
        `SELECT (SELECT count(*) FROM stage_raw_parse) - (SELECT count(*) FROM stage_events) AS left`,
      );
      const rows =
        Number(left) > faults.size
          ? await leftOutRows(db, mapDb, mapper, o.layout.header, rec, 'stage_events', 'true')
          : [];
      return { ...leftOutRejections(rows, faults), again: null };
    }
    await mapDb.run(
      `CREATE OR REPLACE TEMP TABLE stage_mapped_events AS SELECT * FROM (${mapped}) t(${written})`,
    );
    // The records read ahead for the record check (numbered below 0) are read with the rows left out,
    // and not written.
    if (ahead) await db.run(`CREATE OR REPLACE TEMP VIEW stage_raw AS SELECT * FROM stage_rows`);
    if (o.rowFaults?.length) {
      await fillRowFaults(db, o.rowFaults);
      await db.run(
        `UPDATE stage_mapped_events s SET fail = [NULL, NULL, f.reason], hxl = false FROM stage_row_faults f WHERE s.record_no = f.record_no`,
      );
    }
    const { left, again } = await leftOutAndAhead(db, ahead);
    await db.run(
      `INSERT INTO stage_events (${written}) SELECT ${written} FROM stage_mapped_events WHERE (fail IS NOT NULL OR hxl) IS NOT TRUE AND record_no >= 0`,
    );
    await db.run(`DROP TABLE stage_mapped_events`);
    if (o.ndjson) await checkNdjsonFields(db, o.layout.header, o.ndjson, reader);
    const failed = left.filter((r): r is LeftOut & { fail: string[] } => r.fail !== null);
    return { failed, metadata: left.filter((r) => r.hxl).length, again };
  }

  /**
   * The direct way: the accepted rows straight into `events`; the row faults (records rejected whatever
   * they map to) are taken out again; the rows left out give their reasons (writeEvents).
   */
  async function writeDirect(
    db: Db,
    mapDb: Db,
    o: MapStagedOptions,
    mapper: SqlMapper,
    rec: RecordOptions,
    m: ReturnType<typeof mappedRows>,
    importId: number,
    ahead: boolean,
  ) {
    const mine = `import_id = ${importId}`;
    const faults = new Map((o.rowFaults ?? []).map((f) => [f.recordNo, f.reason]));
    const { left, again } = await writeEvents(db, mapDb, m, importId, mappedUnoptimized(o), {
      ahead,
      between: async () => {
        if (faults.size) {
          await fillRowFaults(db, o.rowFaults!);
          await db.run(
            `DELETE FROM events WHERE ${mine} AND record_no IN (SELECT record_no FROM stage_row_faults)`,
          );
        }
        // (Before `stage_raw` is narrowed to the rows left out, by `again`.)
        if (o.ndjson) await checkNdjsonFields(db, o.layout.header, o.ndjson, reader);
      },
      again: () => leftOutRows(db, mapDb, mapper, o.layout.header, rec, 'events', mine),
    });
    return { ...leftOutRejections(left, faults), again };
  }
}

/**
 * The rejected rows (in record order) and the count of metadata rows among the mapped rows left out
 * and the row faults (record number to reason): a row fault is rejected with its own reason, whatever
 * its mapping gave.
 */
function leftOutRejections(
  left: readonly LeftOut[],
  faults: ReadonlyMap<number, string>,
): { failed: { record_no: number; fail: (string | null)[] }[]; metadata: number } {
  const failed: { record_no: number; fail: (string | null)[] }[] = [];
  let metadata = 0;
  for (const r of left) {
    if (faults.has(Number(r.record_no))) continue;
    if (r.fail) failed.push({ record_no: r.record_no, fail: r.fail });
    if (r.hxl) metadata++;
  }
  for (const [recordNo, reason] of faults) failed.push({ record_no: recordNo, fail: [null, null, reason] });
  failed.sort((a, b) => a.record_no - b.record_no);
  return { failed, metadata };
}

/** The row faults as a temp table (`stage_row_faults`: record_no, reason). */
async function fillRowFaults(db: Db, faults: readonly { recordNo: number; reason: string }[]): Promise<void> {
  await fillTable(
    db,
    'stage_row_faults',
    [
      ['record_no', 'INTEGER'],
      ['reason', 'VARCHAR'],
    ],
    faults.map((f) => [f.recordNo, f.reason]),
  );
}

/**
 * Defines `stage_rows` and `stage_raw` (what the mapper reads) over parsed rows numbered `r` from 0 in
 * file order: record numbers start at `first` (1 after a header line) and skip the records the parser
 * refused. Without `raw`, `stage_raw` is left to the caller (a small file's read ahead defines it).
 */
export async function numberRows(
  db: Db,
  parsed: string,
  refused: readonly { recordNo: number }[],
  locator: { length: number } | null,
  first = 1,
  raw = true,
): Promise<void> {
  if (refused.length === 0) {
    await db.run(
      `CREATE OR REPLACE TEMP VIEW stage_rows AS SELECT r + ${first} AS record_no, * EXCLUDE (r) FROM ${parsed}`,
    );
  } else {
    await fillTable(
      db,
      'stage_refused',
      [['record_no', 'INTEGER']],
      refused.map((r) => [r.recordNo]),
    );
    await db.run(`CREATE OR REPLACE TEMP TABLE stage_recmap AS SELECT row_number() OVER (ORDER BY i) - 1 AS r, i AS record_no
      FROM range(${first}, ${locator!.length}) t(i) WHERE i NOT IN (SELECT record_no FROM stage_refused)`);
    // A constant offset and a plain join: a subquery in the join made DuckDB loop over row pairs.
    await db.run(
      `CREATE OR REPLACE TEMP VIEW stage_rows AS SELECT m.record_no, p.* EXCLUDE (r) FROM ${parsed} p JOIN stage_recmap m ON m.r = p.r`,
    );
  }
  if (raw) await db.run(`CREATE OR REPLACE TEMP VIEW stage_raw AS SELECT * FROM stage_rows`);
}

/**
 * Reads again, ahead of a small delimited file's mapping, the records from `first` its record check
 * may sample (record-check.ts `aheadNumbers`, `readAhead`), except `skip` (records rejected whatever
 * they map to). `done` removes the records' file once the mapping has read it.
 */
export async function readCheckedAhead(
  db: Db,
  layout: DelimitedLayout,
  locator: RecordLocator,
  first: number,
  skip: ReadonlySet<number>,
): Promise<{ done(): void }> {
  const records = recordReader(layout.path, locator);
  const dir = mkdtempSync(join(tmpdir(), 'faultline-check-'));
  const done = () => rmSync(dir, { recursive: true, force: true });
  try {
    await readAhead(
      db,
      { text: (k) => records.text(k), reread: csvReread(db, layout, records.text(0), 'stage_ahead') },
      aheadNumbers(first, locator.length - 1).filter((k) => !skip.has(k)),
      dir,
    );
  } catch (e) {
    done();
    throw e;
  } finally {
    records.close();
  }
  return { done };
}

/**
 * The record check's reader for a delimited file (record-check.ts `reread`): the header and the
 * records' texts written as a file laid out like the original, read by the import's own reader
 * (its refused rows kept in tables named from `rejects`: another name than the file's own read's
 * when both run in one statement, record-check.ts `readAhead`).
 */
export const csvReread =
  (db: Db, layout: DelimitedLayout, headerText: string, rejects?: string) =>
  async (texts: readonly string[], dir: string): Promise<string> => {
    const path = join(dir, 'records.csv');
    writeFileSync(path, [headerText, ...texts, ''].join(layout.newline));
    return `(SELECT row_number() OVER () AS i, ${recordHashSql(layout.header)} AS h, * FROM ${await readCsv(db, { ...layout, path }, rejects)})`;
  };

/**
 * Checks sampled staged rows of an NDJSON file (the first, the last and one in CHECK_EVERY) against
 * JavaScript's reading of the same lines: every key's text must be what `toFieldText` gives (absent
 * and null read as empty, as the mappers read them). Throws EngineReadDiffers at the first that is not,
 * so the caller reads the file the JavaScript way.
 */
async function checkNdjsonFields(
  db: Db,
  keys: readonly string[],
  js: NdjsonMapping,
  reader: { text(k: number): string },
): Promise<void> {
  const cols = keys.map((_, i) => `c${i}`);
  const rows = await db.all<Record<string, string | null> & { record_no: number }>(
    `SELECT record_no, ${cols.join(', ')} FROM stage_raw WHERE record_no % ${CHECK_EVERY} = 0
       OR record_no IN (SELECT min(record_no) FROM stage_raw UNION ALL SELECT max(record_no) FROM stage_raw)`,
  );
  for (const row of rows) {
    const k = Number(row.record_no);
    const fields = js.fields(reader.text(k));
    if (!fields) continue; // not an object: rejected with JavaScript's reason (the caller checked it)
    keys.forEach((key, i) => {
      const engine = row[cols[i]!] ?? '';
      const mine = fields[key] ?? '';
      if (engine !== mine)
        throw new EngineReadDiffers(
          `record ${k}: ${key} reads ${JSON.stringify(engine)} in DuckDB, ${JSON.stringify(mine)} in JavaScript`,
        );
    });
  }
}

/** Rejections of the rows the parser refused. */
export const parserRejections = (
  refused: readonly (ParserReject & { recordNo: number })[],
  locator: RecordLocator,
  reader: { text(k: number): string },
): Rejection[] =>
  refused.map((r) => ({
    line: locator.line(r.recordNo),
    field: null,
    value: null,
    reason: r.reason,
    raw: reader.text(r.recordNo),
  }));
