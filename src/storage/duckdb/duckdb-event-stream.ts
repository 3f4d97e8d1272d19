/**
 * Every event matching a filter, in the listing's order, as export text: streaming queries whose
 * rows the engine sorts a batch at a time, writes as CSV or JSON text and hands over a chunk at a
 * time while the caller writes them, so memory stays flat however many rows match. And the same rows as event summaries copied to
 * Parquet by the engine (`COPY ... TO`), which streams them to the file itself.
 */
import {
  EVENT_SUMMARY_COLUMNS,
  type EventSummary,
  type EventSummaryColumn,
} from '../../domain/event-summary.ts';
import type { EventSort } from '../../domain/query.ts';
import type { EventStreamQuery, EventTextForm, SourcedText } from '../store.ts';
import type { Reader } from './duckdb-connection.ts';
import { BORDER_SIDE_BASIS_SQL, BORDER_SIDE_SQL } from './duckdb-border-side.ts';
import { rowText, type TypedColumn } from './duckdb-event-text.ts';
import { ADMIN2_COUNTED, Params, whereClause } from './duckdb-filters.ts';
import { batchConditions, keyGroupsSql, sortBatches } from './duckdb-sort-batches.ts';
import type { DuckDBPool } from './duckdb-pool.ts';

/** What an export needs of the pool: a short read (the column types) and a long stream. */
export type StreamReader = Reader & Pick<DuckDBPool, 'streamSession' | 'sortBatch'>;

/** The order of each sort, ending on the unique id so that it is total. */
const ORDER: Record<EventSort, string> = {
  date: 'e.date_start, e.id',
  '-date': 'e.date_start DESC, e.id DESC',
  // As queryEvents orders them: unknown deaths first going up, last going down.
  fatalities: 'coalesce(e.fatalities_best, -1), e.date_start, e.id',
  '-fatalities': 'coalesce(e.fatalities_best, -1) DESC, e.date_start, e.id',
};

const orderBy = (sort: EventSort) => ORDER[sort];

/** The types of the summary's columns, asked of the engine once per pool: how each is written as text. */
const typesOf = new WeakMap<object, Promise<TypedColumn[]>>();
function summaryTypes(db: Reader): Promise<TypedColumn[]> {
  let types = typesOf.get(db);
  if (!types) {
    types = db
      .all<{ column_name: string; column_type: string }>(
        `DESCRIBE SELECT ${SELECT_SUMMARY} FROM events e LIMIT 0`,
      )
      .then((rows) => rows.map((r) => ({ name: r.column_name, type: r.column_type })));
    // A failed look-up is asked again next time.
    types.catch(() => typesOf.delete(db));
    typesOf.set(db, types);
  }
  return types;
}

/**
 * The export text of the events matching a filter, in order, a chunk of rows at a time, each row
 * already written as text by the engine (duckdb-event-text.ts), on a connection of its own
 * (duckdb-streams.ts): the matching rows counted per leading sort key, then one streamed query per
 * batch of about `db.sortBatch` rows (duckdb-sort-batches.ts), all in one snapshot.
 */
export async function* streamEventText(
  db: StreamReader,
  q: EventStreamQuery,
  form: EventTextForm,
  source = false,
): AsyncGenerator<string[]> {
  const columns = await summaryTypes(db);
  const sort = q.sort ?? 'date';
  // With `source`, each text ends with its record number and file hash in fixed widths (SOURCE_TAIL).
  const text = source
    ? `${rowText(columns, form)} || lpad(coalesce(CAST(s.__record_no AS VARCHAR), ''), 20, ' ') || coalesce(s.__file_sha256, repeat(' ', 64))`
    : rowText(columns, form);
  const extra = source ? ', e.record_no AS __record_no, e.file_sha256 AS __file_sha256' : '';
  yield* db.streamSession(async function* (s) {
    // One snapshot for the counts and every batch: a row committed meanwhile is in none of them.
    await s.all('BEGIN TRANSACTION');
    const p = new Params();
    const groups = await s.all(keyGroupsSql(sort, whereClause(q, p)), p.values);
    let skip = q.offset ?? 0;
    let left = q.limit ?? Infinity;
    for (const batch of sortBatches(groups, sort, db.sortBatch)) {
      if (left <= 0) return;
      if (skip >= batch.rows) {
        skip -= batch.rows;
        continue;
      }
      const bp = new Params();
      const conds = [whereClause(q, bp).replace(/^WHERE /, ''), ...batchConditions(sort, batch, bp)];
      const where = conds.filter(Boolean).join(' AND ');
      const take = Math.min(left, batch.rows - skip);
      const limit = take < batch.rows - skip ? ` LIMIT ${bp.add(take)}` : '';
      const offset = skip ? ` OFFSET ${bp.add(skip)}` : '';
      // Sorted first, written after: the sort carries the summary's values, not their longer text.
      yield* s.strings(
        `SELECT ${text} AS t FROM (SELECT ${SELECT_SUMMARY}${extra} FROM events e ${where ? `WHERE ${where}` : ''}
           ORDER BY ${orderBy(sort)}${limit}${offset}) s`,
        bp.values,
      );
      left -= take;
      skip = 0;
    }
  });
}

/** Characters a sourced text ends with: the record number (20, padded) and the file hash (64). */
const SOURCE_TAIL = 84;

/** streamEventText with each row's archived source record (file hash and record number, or nulls). */
export async function* streamEventTextWithSource(
  db: StreamReader,
  q: EventStreamQuery,
  form: EventTextForm,
): AsyncGenerator<SourcedText[]> {
  for await (const texts of streamEventText(db, q, form, true))
    yield texts.map((t) => {
      const rec = t.slice(-SOURCE_TAIL, -64).trim();
      const sha = t.slice(-64).trim();
      return { text: t.slice(0, -SOURCE_TAIL), fileSha256: sha || null, recordNo: rec ? Number(rec) : null };
    });
}

/**
 * The summaries of the events matching a filter, in order, `batchSize` rows each (the last may be
 * shorter): the stream's JSON texts parsed.
 */
export async function* streamEventSummaries(
  db: StreamReader,
  q: EventStreamQuery,
): AsyncGenerator<EventSummary[]> {
  const size = Math.max(1, Math.min(q.batchSize ?? 5000, 100_000));
  let batch: EventSummary[] = [];
  for await (const texts of streamEventText(db, q, 'json')) {
    for (const t of texts) {
      batch.push(JSON.parse(t) as EventSummary);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}

/** Each summary column as SQL over the events table `e` (the same values as app/event-view.ts). */
export const SUMMARY_SQL: Record<EventSummaryColumn, string> = {
  id: 'e.id',
  source: 'e.source',
  source_version: 'e.source_version',
  date_start: 'e.date_start',
  date_end: 'e.date_end',
  date_precision: 'e.date_precision',
  country: 'e.country',
  admin1: 'e.admin1_label',
  admin1_code: 'e.admin1_code',
  admin1_name: 'e.admin1_name',
  admin2_code: 'e.admin2_code',
  admin2_name: ADMIN2_COUNTED,
  place: 'e.place',
  lat: 'e.lat',
  lon: 'e.lon',
  geo_precision: 'e.geo_precision',
  geo_exact: 'e.geo_exact',
  type: 'e.common_type',
  source_type: 'e.source_type',
  actors: "list_filter([e.actor1, e.actor2], x -> x IS NOT NULL AND x <> '')",
  actor_ids: 'e.actor_ids',
  fatalities_best: 'e.fatalities_best',
  fatalities_low: 'e.fatalities_low',
  fatalities_high: 'e.fatalities_high',
  deaths_civilians: 'e.deaths_civilians',
  border_km: 'round(e.border_km, 1)',
  border_km_low: 'round(e.border_km_low, 1)',
  border_km_high: 'round(e.border_km_high, 1)',
  border_method: 'e.border_method',
  border_zone: 'e.border_zone',
  border_side: BORDER_SIDE_SQL,
  border_side_basis: BORDER_SIDE_BASIS_SQL,
  geo_method: 'e.geo_method',
  superseded_by: 'e.superseded_by',
  admin2: 'e.admin2_label',
  file_sha256: 'e.file_sha256',
  record_no: 'e.record_no',
};

/** The summary columns as select items over the events table `e`. */
export const select = (columns: readonly EventSummaryColumn[]) =>
  columns.map((c) => `${SUMMARY_SQL[c]} AS "${c}"`).join(', ');
export const SELECT_SUMMARY = select(EVENT_SUMMARY_COLUMNS.map((c) => c.name));

/**
 * An export's rows as one query: these select items over `from` (the events table `e`, or `e`
 * joined to more), filtered, in the listing's order, from the offset, at most the limit.
 */
export function exportRowsSql(q: EventStreamQuery, items: string, p: Params, from = 'events e'): string {
  const where = whereClause(q, p);
  const limit = q.limit !== undefined ? ` LIMIT ${p.add(q.limit)}` : '';
  const offset = q.offset ? ` OFFSET ${p.add(q.offset)}` : '';
  return `SELECT ${items} FROM ${from} ${where} ORDER BY ${orderBy(q.sort ?? 'date')}${limit}${offset}`;
}

/** A string as an SQL literal: COPY takes no parameter for its target or options. */
export const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** COPY's target and options: a zstd Parquet file with key-value pairs in its footer. */
export function parquetTarget(path: string, keyValues: Readonly<Record<string, string>> = {}): string {
  const pairs = Object.entries(keyValues);
  const kv = pairs.length
    ? `, KV_METADATA {${pairs.map(([k, v]) => `"${k.replace(/"/g, '""')}": ${literal(v)}`).join(', ')}}`
    : '';
  return `${literal(path)} (FORMAT parquet, COMPRESSION zstd${kv})`;
}

/**
 * Copies the event summaries matching a filter, in order, to a Parquet file, with key-value pairs in
 * its footer (read back with `parquet_kv_metadata`); returns the rows written.
 */
export async function copyEventsParquet(
  db: Reader,
  q: EventStreamQuery,
  columns: readonly EventSummaryColumn[],
  path: string,
  keyValues: Readonly<Record<string, string>> = {},
): Promise<number> {
  const p = new Params();
  const rows = await db.all<{ Count: number }>(
    `COPY (${exportRowsSql(q, select(columns), p)}) TO ${parquetTarget(path, keyValues)}`,
    p.values,
  );
  return Number(rows[0]?.Count ?? 0);
}
