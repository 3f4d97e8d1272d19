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
    `SELECT CAST(line_byte_position AS BIGINT) AS byte, any_value(csv_line) AS text, string_agg(DISTINCT CASE
        WHEN error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS') THEN regexp_replace(error_message, '^Expected Number of Columns: ([0-9]+) Found: ([0-9]+).*$', 'expected \\1 fields, found \\2')
        ELSE 'malformed CSV: ' || lower(error_type) || ': ' || error_message END, '; ') AS reason
     FROM stage_rej_errors GROUP BY line_byte_position ORDER BY line_byte_position`,
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

/** The lookup tables a mapping joins: countries, actors and placements, each run once per distinct value. */
async function fillLookups(db: Db, o: MapStagedOptions, mapper: SqlMapper, col: (name: string) => string) {
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
  // Actors (per set of names and date class) and places (per country, point, precision, labels and
  // date class), gathered in one narrow pass over the raw rows: cheap keys that equal the mapped
  // values of every valid row. Each grouping set gives one lookup's keys.
  const keys = mapper.rawKeys(o.layout.header);
  const names = keys.actors.map((_, i) => `n${i}`);
  const placeKeys = ['country', 'lat', 'lon', 'exact', 'a1', 'a2'];
  type KeyRow = Record<string, string | number | boolean | null> & { d: string | null; is_actor: boolean };
  const rows = await db.all<KeyRow>(
    `SELECT ${names.join(', ')}, acls, ${placeKeys.join(', ')}, pcls, min(d) AS d, grouping(acls) = 0 AS is_actor FROM (
      SELECT *, ${dateClass('d', o.lookups.actorDateBreaks)} AS acls, ${dateClass('d', o.lookups.placeDateBreaks)} AS pcls FROM (
        SELECT ${keys.actors.map((a, i) => `${a} AS n${i}`).join(', ')}, ${keys.country} AS country, ${keys.lat} AS lat,
          ${keys.lon} AS lon, ${keys.exact} AS exact, ${keys.admin1} AS a1, ${keys.admin2} AS a2, ${keys.date} AS d
        FROM ${keys.from}))
     GROUP BY GROUPING SETS ((${names.join(', ')}, acls), (${placeKeys.join(', ')}, pcls))`,
  );
  const actors = rows.filter((r) => r.is_actor && r.d !== null);
  await fillTable(
    db,
    'lk_actors',
    [...names.map((x) => [x, 'VARCHAR'] as [string, string]), ['cls', 'INTEGER'], ['ids', 'VARCHAR[]']],
    actors.map((s) => [
      ...names.map((x) => s[x]),
      s.acls,
      o.lookups.actorIds(
        names.map((x) => (s[x] as string | null) ?? null),
        s.d!,
      ),
    ]),
  );
  const places = rows.filter((r) => !r.is_actor && r.country !== null && r.d !== null);
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
    places.map((p) => {
      const g = o.lookups.place({
        country: p.country as string,
        lat: p.lat as number | null,
        lon: p.lon as number | null,
        geoExact: p.exact as boolean,
        admin1Label: p.a1 as string | null,
        admin2Label: p.a2 as string | null,
        date: p.d!,
      });
      return [
        p.country,
        p.lat,
        p.lon,
        p.exact,
        p.a1,
        p.a2,
        p.pcls,
        ...GEO_COLUMNS.map((gc) => g[gc.key as keyof EventGeo]),
      ];
    }),
  );
}

/** Whether any stored event of the source exists (a first import of a source has nothing to diff against). */
async function sourceIsStored(db: Db, source: string): Promise<boolean> {
  const rows = await db.all(`SELECT 1 FROM events WHERE source = $1 LIMIT 1`, [source]);
  return rows.length > 0;
}

/**
 * Maps the staged file natively: record numbers, the mapper's SQL (values and the first failing
 * check per row), country, actor and placement lookups run once per distinct value in JavaScript and
 * joined back, in-file duplicate ids rejected, and every rejection kept with its line and raw text.
 * When no stored event of the source exists, accepted rows go straight into `events` (nothing can
 * match them, so there is nothing to diff); otherwise into `stage_events`, diffed at commit.
 */
export async function mapStaged(
  db: Db,
  sink: {
    readonly importId: number;
    addRejections(rows: readonly Omit<StoredRejection, 'importId'>[]): Promise<void>;
  },
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
      `CREATE OR REPLACE TEMP VIEW stage_rows AS SELECT rowid - ${offset} + 1 AS record_no, * FROM stage_raw_parse`,
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
      `CREATE OR REPLACE TEMP VIEW stage_rows AS SELECT m.record_no, p.* FROM stage_raw_parse p JOIN stage_recmap m ON m.r = p.rowid - ${offset}`,
    );
  }
  // The mapper reads `stage_raw`: every row, then (written straight into events) the rows left out.
  await db.run(`CREATE OR REPLACE TEMP VIEW stage_raw AS SELECT * FROM stage_rows`);
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
    await fillLookups(db, o, mapper, col);
    const sel = mapper.select(o.source);
    const direct = !o.alwaysDiff && !(await sourceIsStored(db, o.source));
    const value = (name: string): string => {
      if (name === 'actor_ids') return 'a.ids';
      if (name === 'file_sha256') return lit(o.fileSha256);
      if (name === 'source_version' && o.version !== undefined) return lit(o.version);
      if (GEO_COLUMNS.some((g) => g.name === name)) return `g.${name}`;
      const v = sel[name];
      if (v === undefined) throw new Error(`native mapper gives no ${name}`);
      return v;
    };
    const columns = EVENT_COLUMNS.map((c) => c.name);
    const nd = (x: string, y: string) => `${x} IS NOT DISTINCT FROM ${y}`;
    const actorClass = dateClass('m.ds', o.lookups.actorDateBreaks);
    const placeClass = dateClass('m.ds', o.lookups.placeDateBreaks);
    const mapped = `(${mapper.query(header)}) m
       LEFT JOIN lk_actors a ON ${mapper.actorsIn.map((x, i) => nd(`a.n${i}`, x)).join(' AND ')} AND a.cls = ${actorClass}
       LEFT JOIN lk_place g ON ${nd('g.country', sel.country!)} AND ${nd('g.lat', sel.lat!)} AND ${nd('g.lon', sel.lon!)}
         AND ${nd('g.exact', sel.geo_exact!)} AND ${nd('g.a1', sel.admin1_label!)} AND ${nd('g.a2', sel.admin2_label!)} AND g.cls = ${placeClass}`;
    const hash = contentHashSql(value, 'm.record_hash');
    let failed: { record_no: number; fail: string[] }[];
    let metadata: number;
    let target: { table: string; where: string };
    if (direct) {
      const dateValue = (name: string) => {
        const t = EVENT_COLUMNS.find((e) => e.name === name)!.type;
        return t === 'DATE' ? `CAST(${value(name)} AS DATE)` : value(name);
      };
      await db.run(
        `INSERT INTO events (${columns.join(', ')}, content_hash, import_id)
         SELECT ${columns.map(dateValue).join(', ')}, ${hash}, ${sink.importId}
         FROM ${mapped} WHERE m.fail IS NULL AND NOT m.hxl`,
      );
      // The rows left out (rejected or metadata, usually few) are mapped again on their own for their reasons.
      await db.run(
        `CREATE OR REPLACE TEMP VIEW stage_raw AS SELECT * FROM stage_rows
         WHERE record_no NOT IN (SELECT record_no FROM events WHERE import_id = ${sink.importId})`,
      );
      await db.run(
        `CREATE OR REPLACE TEMP TABLE stage_failed AS SELECT record_no, fail, hxl FROM (${mapper.query(header)}) WHERE fail IS NOT NULL OR hxl`,
      );
      const [c] = await db.all<{ metadata: number }>(
        `SELECT count(*) FILTER (WHERE hxl) AS metadata FROM stage_failed`,
      );
      metadata = c!.metadata;
      failed = await db.all(
        `SELECT record_no, fail FROM stage_failed WHERE fail IS NOT NULL ORDER BY record_no`,
      );
      target = { table: 'events', where: `WHERE import_id = ${sink.importId}` };
    } else {
      // One pass: every staged row is mapped, joined to its lookups and written once; rows that fail a
      // check or are metadata carry `fail` / `hxl` and are taken out below.
      await db.run(
        `INSERT INTO stage_events (${columns.join(', ')}, content_hash, line, record_key, fail, hxl)
         SELECT ${columns.map(value).join(', ')}, ${hash}, NULL, NULL, m.fail, m.hxl FROM ${mapped}`,
      );
      const [c] = await db.all<{ metadata: number }>(
        `SELECT count(*) FILTER (WHERE hxl) AS metadata FROM stage_events`,
      );
      metadata = c!.metadata;
      failed = await db.all(
        `SELECT record_no, fail FROM stage_events WHERE fail IS NOT NULL ORDER BY record_no`,
      );
      if (metadata + failed.length > 0)
        await db.run(`DELETE FROM stage_events WHERE fail IS NOT NULL OR hxl`);
      target = { table: 'stage_events', where: '' };
    }
    for (const r of failed) {
      const [field, value, reason] = r.fail;
      rejections.push({
        line: o.locator.line(r.record_no),
        field: field ?? null,
        value: value ?? null,
        reason: `${field}: ${reason}`,
        raw: reader.text(r.record_no),
      });
    }
    // In-file duplicate ids: the first record is kept, later ones rejected.
    const dups = await db.all<{ record_no: number; source_id: string; first: number }>(
      `SELECT record_no, source_id, first FROM (SELECT record_no, source_id, min(record_no) OVER (PARTITION BY id) AS first,
        row_number() OVER (PARTITION BY id ORDER BY record_no) AS rn FROM ${target.table} ${target.where}) WHERE rn > 1 ORDER BY record_no`,
    );
    if (dups.length) {
      await fillTable(
        db,
        'stage_dup_records',
        [['record_no', 'INTEGER']],
        dups.map((d) => [d.record_no]),
      );
      await db.run(
        `DELETE FROM ${target.table} WHERE ${target.where ? `${target.where.slice(6)} AND ` : ''}record_no IN (SELECT record_no FROM stage_dup_records)`,
      );
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
      `SELECT count(*) AS accepted, count(*) FILTER (WHERE len(quality_flags) > 0) AS warnings,
        CAST(max(date_end) AS VARCHAR) AS last FROM ${target.table} ${target.where}`,
    );
    return {
      accepted: s!.accepted,
      rejected: failed.length + o.parserRejects.length + dups.length,
      metadata,
      warnings: s!.warnings,
      lastDate: s!.last,
      direct,
    };
  } finally {
    reader.close();
  }
}
