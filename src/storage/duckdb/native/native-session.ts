import { openSync, readSync, closeSync } from 'node:fs';
import { EVENT_COLUMNS, GEO_COLUMNS, type EventGeo } from '../../event-columns.ts';
import type {
  DelimitedLayout,
  MapStagedOptions,
  NativeMapResult,
  NativeMapper,
  RecordLocator,
  StagedFile,
} from '../../native-import.ts';
import type { StoredRejection } from '../../store.ts';
import type { Db } from '../duckdb-connection.ts';
import { appendValue } from '../duckdb-append.ts';
import { contentHashSql } from './content-hash.ts';
import { lit } from './sql-fields.ts';
import { acledSqlMapper } from './acled-sql.ts';
import type { SqlMapper } from './sql-mapper.ts';
import { ucdpSqlMapper } from './ucdp-sql.ts';

/** The reason a record that is not valid UTF-8 is rejected with (ingest INVALID_UTF8). */
const INVALID_UTF8 = 'invalid UTF-8: the record holds bytes that are not UTF-8 text';

/**
 * Parses a delimited file with DuckDB's CSV reader into `stage_raw_parse` (every column as text,
 * named c0..cN by position, quoting and line ends fixed, no sniffing), keeping the rows its parser
 * refuses in a rejects table. Returns how many data rows it gave and which lines it refused.
 */
export async function stageDelimited(db: Db, layout: DelimitedLayout): Promise<StagedFile> {
  const columns = `{${layout.header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  await db.run(`DROP TABLE IF EXISTS stage_rej_errors`);
  await db.run(`DROP TABLE IF EXISTS stage_rej_scans`);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE stage_raw_parse AS SELECT * FROM read_csv(${lit(layout.path)},
      header = true, delim = ${lit(layout.delimiter)}, quote = '"', escape = '"', new_line = ${lit(layout.newline === '\r\n' ? '\\r\\n' : '\\n')},
      columns = ${columns}, auto_detect = false, strict_mode = false, null_padding = false,
      store_rejects = true, rejects_table = 'stage_rej_errors', rejects_scan = 'stage_rej_scans', max_line_size = 16777216)`,
  );
  const [{ n }] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM stage_raw_parse`);
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
  return {
    parsed: n!,
    parserRejects: rejects.map((r) => ({ byte: Number(r.byte), text: r.text ?? '', reason: r.reason })),
  };
}

/** The SQL twin of a format's mapper. */
function sqlMapper(m: NativeMapper): SqlMapper {
  switch (m.name) {
    case 'ucdp':
      return ucdpSqlMapper(m.params);
    case 'acled':
      return acledSqlMapper(m.params);
  }
}

/** Reads records' exact text from the source file by their offsets, for rejected rows. */
function recordReader(path: string, locator: RecordLocator) {
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

/** The date class of an ISO date column: how many of the breaks it is on or after. */
const dateClass = (col: string, breaks: readonly string[]): string =>
  breaks.length ? breaks.map((b) => `CASE WHEN ${col} >= ${lit(b)} THEN 1 ELSE 0 END`).join(' + ') : '0';

/** Appends rows of values to a fresh temp table, typed column by column. */
async function fillTable(db: Db, table: string, cols: [string, string][], rows: unknown[][]): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ${table} (${cols.map(([n, t]) => `${n} ${t}`).join(', ')})`);
  const ap = await db.raw.createAppender(table, 'main', 'temp');
  for (const r of rows) {
    cols.forEach(([, t], i) => appendValue(ap, t, r[i]));
    ap.endRow();
  }
  ap.closeSync();
}

/**
 * Maps the staged file natively: record numbers, the mapper's SQL (values and the first failing
 * check per row), country, actor and placement lookups run once per distinct value in JavaScript and
 * joined back, in-file duplicate ids rejected, and every rejection kept with its line and raw text.
 */
export async function mapStaged(
  db: Db,
  sink: { addRejections(rows: readonly Omit<StoredRejection, 'importId'>[]): Promise<void> },
  o: MapStagedOptions,
): Promise<NativeMapResult> {
  const header = o.layout.header;
  const col = (name: string) => {
    const i = header.indexOf(name);
    return i < 0 ? 'NULL' : `c${i}`;
  };
  // Record numbers: the n-th parsed row is the n-th data record the parser did not refuse. Rows of a table
  // created in an open transaction have consecutive row ids from a large offset, in insertion (file) order.
  const [{ base }] = await db.all<{ base: number | null }>(
    `SELECT CAST(min(rowid) AS BIGINT) AS base FROM stage_raw_parse`,
  );
  const offset = base ?? 0; // a constant: a subquery in the join below made DuckDB loop over row pairs
  if (o.parserRejects.length === 0) {
    await db.run(
      `CREATE OR REPLACE TEMP VIEW stage_raw AS SELECT rowid - ${offset} + 1 AS record_no, * FROM stage_raw_parse`,
    );
  } else {
    await fillTable(
      db,
      'stage_refused',
      [['record_no', 'INTEGER']],
      o.parserRejects.map((r) => [r.recordNo]),
    );
    await db.run(`CREATE OR REPLACE TEMP TABLE stage_recmap AS SELECT row_number() OVER (ORDER BY i) - 1 AS r, i AS record_no
      FROM range(1, ${o.locator.length}) t(i) WHERE i NOT IN (SELECT record_no FROM stage_refused)`);
    await db.run(
      `CREATE OR REPLACE TEMP VIEW stage_raw AS SELECT m.record_no, p.* FROM stage_raw_parse p JOIN stage_recmap m ON m.r = p.rowid - ${offset}`,
    );
  }
  const reader = recordReader(o.layout.path, o.locator);
  try {
    const rejections: Omit<StoredRejection, 'importId'>[] = o.parserRejects.map((r) => ({
      line: o.locator.line(r.recordNo),
      field: null,
      value: null,
      reason: r.reason,
      raw: reader.text(r.recordNo),
    }));
    const mapper = sqlMapper(o.mapper);
    // Countries, once per distinct pair of texts (a code and a name).
    const [first, second] = mapper.countryColumns;
    const pairs = await db.all<{ k1: string | null; k2: string | null }>(
      `SELECT DISTINCT ${col(first)} AS k1, ${col(second)} AS k2 FROM stage_raw`,
    );
    await fillTable(
      db,
      'lk_country',
      [
        ['k1', 'VARCHAR'],
        ['k2', 'VARCHAR'],
        ['code', 'VARCHAR'],
      ],
      pairs.map((p) => [p.k1, p.k2, o.lookups.country(p.k1, p.k2)]),
    );
    const sel = mapper.select(o.source);
    const keys = mapper.rawKeys(header);
    // Actors, once per distinct set of names and date class (gathered from the raw rows: cheap keys
    // that equal the mapped values of every valid row).
    const n = keys.actors.length;
    const names = Array.from({ length: n }, (_, i) => `n${i}`);
    const sides = await db.all<Record<string, string | null> & { cls: number; d: string | null }>(
      `SELECT ${names.join(', ')}, ${dateClass('d', o.lookups.actorDateBreaks)} AS cls, min(d) AS d FROM (SELECT ${keys.actors
        .map((a, i) => `${a} AS n${i}`)
        .join(', ')}, ${keys.date} AS d FROM ${keys.from}) GROUP BY ALL`,
    );
    await fillTable(
      db,
      'lk_actors',
      [...names.map((x) => [x, 'VARCHAR'] as [string, string]), ['cls', 'INTEGER'], ['ids', 'VARCHAR[]']],
      sides
        .filter((s) => s.d !== null)
        .map((s) => [
          ...names.map((x) => s[x]),
          s.cls,
          o.lookups.actorIds(
            names.map((x) => s[x] ?? null),
            s.d!,
          ),
        ]),
    );
    // Placement, once per distinct place (country, point, precision, labels) and date class.
    const places = await db.all<{
      country: string | null;
      lat: number | null;
      lon: number | null;
      exact: boolean;
      a1: string | null;
      a2: string | null;
      cls: number;
      d: string | null;
    }>(
      `SELECT country, lat, lon, exact, a1, a2, ${dateClass('d', o.lookups.placeDateBreaks)} AS cls, min(d) AS d FROM (
        SELECT ${keys.country} AS country, ${keys.lat} AS lat, ${keys.lon} AS lon, ${keys.exact} AS exact,
          ${keys.admin1} AS a1, ${keys.admin2} AS a2, ${keys.date} AS d FROM ${keys.from}) GROUP BY ALL`,
    );
    const geoCols = GEO_COLUMNS.map((g) => [g.name, g.type] as [string, string]);
    await fillTable(
      db,
      'lk_place',
      [
        ['country', 'VARCHAR'],
        ['lat', 'DOUBLE'],
        ['lon', 'DOUBLE'],
        ['exact', 'BOOLEAN'],
        ['a1', 'VARCHAR'],
        ['a2', 'VARCHAR'],
        ['cls', 'INTEGER'],
        ...geoCols,
      ],
      places
        .filter((p) => p.country !== null && p.d !== null)
        .map((p) => {
          const g = o.lookups.place({
            country: p.country!,
            lat: p.lat,
            lon: p.lon,
            geoExact: p.exact,
            admin1Label: p.a1,
            admin2Label: p.a2,
            date: p.d!,
          });
          return [
            p.country,
            p.lat,
            p.lon,
            p.exact,
            p.a1,
            p.a2,
            p.cls,
            ...GEO_COLUMNS.map((gc) => g[gc.key as keyof EventGeo]),
          ];
        }),
    );
    const value = (name: string): string => {
      if (name === 'actor_ids') return 'a.ids';
      if (name === 'file_sha256') return lit(o.fileSha256);
      if (GEO_COLUMNS.some((g) => g.name === name)) return `g.${name}`;
      const v = sel[name];
      if (v === undefined) throw new Error(`native mapper gives no ${name}`);
      return v;
    };
    const columns = EVENT_COLUMNS.map((c) => c.name);
    const nd = (x: string, y: string) => `${x} IS NOT DISTINCT FROM ${y}`;
    const actorClass = dateClass('m.ds', o.lookups.actorDateBreaks);
    const placeClass = dateClass('m.ds', o.lookups.placeDateBreaks);
    // One pass: every staged row is mapped, joined to its lookups and written once; rows that fail a
    // check or are metadata carry `fail` / `hxl` and are taken out below.
    await db.run(
      `INSERT INTO stage_events (${columns.join(', ')}, content_hash, line, record_key, fail, hxl)
       SELECT ${columns.map(value).join(', ')}, ${contentHashSql(value, 'm.record_hash')}, NULL, NULL, m.fail, m.hxl
       FROM (${mapper.query(header)}) m
       LEFT JOIN lk_actors a ON ${mapper.actorsIn.map((x, i) => nd(`a.n${i}`, x)).join(' AND ')} AND a.cls = ${actorClass}
       LEFT JOIN lk_place g ON ${nd('g.country', sel.country!)} AND ${nd('g.lat', sel.lat!)} AND ${nd('g.lon', sel.lon!)}
         AND ${nd('g.exact', sel.geo_exact!)} AND ${nd('g.a1', sel.admin1_label!)} AND ${nd('g.a2', sel.admin2_label!)} AND g.cls = ${placeClass}`,
    );
    if (o.rowFaults?.length) {
      await fillTable(
        db,
        'stage_row_faults',
        [
          ['record_no', 'INTEGER'],
          ['reason', 'VARCHAR'],
        ],
        o.rowFaults.map((f) => [f.recordNo, f.reason]),
      );
      await db.run(
        `UPDATE stage_events s SET fail = [NULL, NULL, f.reason], hxl = false FROM stage_row_faults f WHERE s.record_no = f.record_no`,
      );
    }
    const [c] = await db.all<{ metadata: number; rejected: number }>(
      `SELECT count(*) FILTER (WHERE hxl) AS metadata, count(*) FILTER (WHERE fail IS NOT NULL) AS rejected FROM stage_events`,
    );
    for (const r of await db.all<{ record_no: number; fail: string[] }>(
      `SELECT record_no, fail FROM stage_events WHERE fail IS NOT NULL ORDER BY record_no`,
    )) {
      const [field, value, reason] = r.fail;
      rejections.push({
        line: o.locator.line(r.record_no),
        field: field ?? null,
        value: value ?? null,
        reason: field ? `${field}: ${reason}` : reason!,
        raw: reader.text(r.record_no),
      });
    }
    if (c!.metadata + c!.rejected > 0) await db.run(`DELETE FROM stage_events WHERE fail IS NOT NULL OR hxl`);
    // In-file duplicate ids: the first record is kept, later ones rejected.
    const dups = await db.all<{ record_no: number; source_id: string; first: number }>(
      `SELECT record_no, source_id, first FROM (SELECT record_no, source_id, min(record_no) OVER (PARTITION BY id) AS first,
        row_number() OVER (PARTITION BY id ORDER BY record_no) AS rn FROM stage_events) WHERE rn > 1 ORDER BY record_no`,
    );
    if (dups.length) {
      await fillTable(
        db,
        'stage_dup_records',
        [['record_no', 'INTEGER']],
        dups.map((d) => [d.record_no]),
      );
      await db.run(`DELETE FROM stage_events WHERE record_no IN (SELECT record_no FROM stage_dup_records)`);
      for (const d of dups)
        rejections.push({
          line: o.locator.line(d.record_no),
          field: 'id',
          value: d.source_id,
          reason: `duplicate id ${d.source_id} (first at line ${o.locator.line(d.first)})`,
          raw: reader.text(d.record_no),
        });
    }
    if (rejections.length) await sink.addRejections(rejections);
    const [s] = await db.all<{ accepted: number; warnings: number; last: string | null }>(
      `SELECT count(*) AS accepted, count(*) FILTER (WHERE len(quality_flags) > 0) AS warnings, max(date_end) AS last FROM stage_events`,
    );
    return {
      accepted: s!.accepted,
      rejected: c!.rejected + o.parserRejects.length + dups.length,
      metadata: c!.metadata,
      warnings: s!.warnings,
      lastDate: s!.last,
    };
  } finally {
    reader.close();
  }
}
