/**
 * Pages of events (`queryEvents`, `queryListingEvents`): the total, the cut of one page on narrow
 * columns (of event_keys where it covers the filter), then the page's rows read back by id through
 * the index on `events.id` (migration 25).
 */
import type { EventPageQuery } from '../../domain/query.ts';
import type { SummaryEvent } from '../../domain/placed-event.ts';
import { keysCover } from './duckdb-event-keys.ts';
import { Params, whereClause } from './duckdb-filters.ts';
import type { DuckDBPool } from './duckdb-pool.ts';
import type { DuckDBReads } from './duckdb-reads.ts';
import type { EventRowCache } from './duckdb-row-cache.ts';
import { SUMMARY_EVENT_COLUMNS, summaryEventFromRow } from './duckdb-rows.ts';

// Columns whose range over a page's rows narrows the fetch of those rows: any column's range over
// a set of rows holds them all, and these two are the sort keys the table's zone maps know.
const RANGE_KEYS = [
  ['d', 'e.date_start'],
  ['f', 'e.fatalities_best'],
] as const;

/** `key` within the range the rows' values span (nulls included when one is null). */
function keyRange(key: string, values: readonly (number | string | null)[], p: Params): string {
  // Numbers, or dates as YYYY-MM-DD text: both order with < and >.
  const ks = values.filter((k): k is number | string => k !== null && k !== undefined);
  const nulls = ks.length < values.length ? `${key} IS NULL` : null;
  if (!ks.length) return nulls!;
  const lo = ks.reduce((a, b) => (b < a ? b : a));
  const hi = ks.reduce((a, b) => (b > a ? b : a));
  const cast = typeof lo === 'number' ? '' : '::DATE';
  const between = `${key} BETWEEN ${p.add(lo)}${cast} AND ${p.add(hi)}${cast}`;
  return nulls ? `(${between} OR ${nulls})` : between;
}

const ORDER: Record<string, string> = {
  date: 'e.date_start, e.id',
  '-date': 'e.date_start DESC, e.id DESC',
  fatalities: 'e.fatalities_best NULLS FIRST, e.date_start, e.id',
  '-fatalities': 'e.fatalities_best DESC NULLS LAST, e.date_start, e.id',
};

/** How many events a listing's filter matches. */
export async function pageTotal(db: DuckDBPool, reads: DuckDBReads, q: EventPageQuery): Promise<number> {
  if (!q.includeSuperseded) return reads.count(q);
  // Rollups never hold superseded events, so a listing that includes them counts on events.
  const p = new Params();
  const where = whereClause(q, p);
  return Number((await db.all<{ n: number }>(`SELECT count(*) AS n FROM events e ${where}`, p.values))[0]!.n);
}

/** The rows a page holds at most: its limit (default 100), within 0 to 100,000. */
const pageLimit = (q: EventPageQuery) => Math.max(0, Math.min(q.limit ?? 100, 100_000));

/**
 * The total a page read first gives (EventPageQuery.totalFromShortPage): its offset plus its length
 * when it is shorter than its limit and not past the end (an empty page after an offset does not say
 * how far short of the offset the events end), else null (count them).
 */
export function totalOfShortPage(q: EventPageQuery, length: number): number | null {
  const offset = Math.max(0, q.offset ?? 0);
  return length < pageLimit(q) && (length > 0 || offset === 0) ? offset + length : null;
}

/**
 * A listing's page and total, read at once on two readers: both are small reads since the page is
 * cut on event_keys (one read with its whole-table scan used both cores, and at once took as long).
 * With `totalFromShortPage` the page is read first, and the total counted only when the page does
 * not give it (totalOfShortPage).
 * The page's two reads are two snapshots: a write committed between them (an import removing
 * events) can leave a page id without its row. Then the page is read again, as a whole (twice at
 * most; rows still missing after that are left out).
 */
export async function pageWithTotal<R>(
  db: DuckDBPool,
  reads: DuckDBReads,
  q: EventPageQuery,
  read: () => Promise<(R | undefined)[]>,
): Promise<{ rows: R[]; total: number }> {
  let total: number;
  let rows: (R | undefined)[];
  if (q.totalFromShortPage) {
    rows = await read();
    // A read's length is its cut's (a row gone since the cut is undefined in it, not left out).
    total = totalOfShortPage(q, rows.length) ?? (await pageTotal(db, reads, q));
  } else [total, rows] = await Promise.all([pageTotal(db, reads, q), read()]);
  for (let attempt = 2; attempt <= 3 && rows.some((r) => r === undefined); attempt++) rows = await read();
  return { rows: rows.filter((r): r is R => r !== undefined), total };
}

/**
 * The most ids a page's read looks up in the index on `events.id`. DuckDB takes the index for at
 * most 2,048 rows (its `index_scan_max_count`); a longer page (a command's, up to 100,000 rows)
 * passes its ids as one list parameter and narrows the scan by the page's dates and deaths instead.
 */
export const INDEX_LOOKUP_MAX = 1000;

/** One page of a listing cut on narrow columns, in order: each row's id, date and deaths. */
export type PageKey = { id: string; d: string; f: number | null };

/**
 * Cuts one page of events on narrow columns (ids, dates, deaths), in the listing's order: on the
 * date-ordered event_keys when it holds every field the filter names and `keys` allows it (the
 * store's routing; duckdb-event-keys.ts), else on events.
 */
export async function cutPage(db: DuckDBPool, q: EventPageQuery, keys = true): Promise<PageKey[]> {
  const p = new Params();
  const onKeys = keys && keysCover(q);
  // event_keys holds no superseded event, so its filter has no clause for them (as on rollups).
  const where = whereClause(q, p, onKeys ? 'rollup' : 'events');
  const limit = p.add(pageLimit(q));
  const offset = p.add(Math.max(0, q.offset ?? 0));
  return db.all<PageKey>(
    `SELECT e.id, e.date_start AS d, e.fatalities_best AS f FROM ${onKeys ? 'event_keys' : 'events'} e ${where} ORDER BY ${ORDER[q.sort ?? 'date']} LIMIT ${limit} OFFSET ${offset}`,
    p.values,
  );
}

/** The flag a page's rows are read with: whether the row still matches the listing's filter. */
const MATCH = 'page_match';

/**
 * The read of a page's rows (`columns` of events `e`) by their ids. Up to INDEX_LOOKUP_MAX ids it is
 * `WHERE e.id IN (...)` and nothing else, so DuckDB looks the rows up in the index on `events.id`
 * (any other condition in the WHERE makes it scan the table); the listing's filter is then a column
 * of the answer, `page_match`. A longer page repeats the filter and adds the page's ranges of dates
 * and deaths, so the scan decodes only the vectors that can hold them.
 */
export function pageRowsQuery(
  q: EventPageQuery,
  keys: readonly PageKey[],
  columns: string,
): { sql: string; params: unknown[]; matchColumn: boolean } {
  const w = new Params();
  const filter = whereClause(q, w).replace(/^WHERE /, '');
  const ids = keys.map((r) => r.id);
  if (ids.length <= INDEX_LOOKUP_MAX) {
    const match = filter ? `, (${filter}) AS ${MATCH}` : '';
    const sql = `SELECT ${columns}${match} FROM events e WHERE e.id IN ${w.list(ids)}`;
    return { sql, params: w.values, matchColumn: filter !== '' };
  }
  const ranges = RANGE_KEYS.map(([k, col]) =>
    keyRange(
      col,
      keys.map((r) => r[k]),
      w,
    ),
  );
  const where = [filter, ...ranges].filter(Boolean).join(' AND ');
  const sql = `SELECT ${columns} FROM events e WHERE ${where} AND e.id IN (SELECT unnest(${w.strings(ids)}))`;
  return { sql, params: w.values, matchColumn: false };
}

/**
 * Reads rows of a page back (pageRowsQuery; `columns` must include `date_start` and
 * `fatalities_best`), only those still as the cut saw them: a row removed, or changed so that it no
 * longer matches the filter or sits elsewhere in the order, by a write between the two reads (they
 * are two snapshots) is left out, and the caller reads the page again.
 */
export async function fetchPageRows(
  db: DuckDBPool,
  q: EventPageQuery,
  keys: readonly PageKey[],
  columns: string,
): Promise<Record<string, unknown>[]> {
  const { sql, params, matchColumn } = pageRowsQuery(q, keys, columns);
  let rows = await db.all(sql, params);
  if (matchColumn) {
    rows = rows.filter((r) => r[MATCH] === true);
    for (const r of rows) delete r[MATCH];
  }
  const cut = new Map(keys.map((k) => [k.id, k]));
  return rows.filter((r) => {
    const k = cut.get(String(r.id));
    return k !== undefined && r.date_start === k.d && (r.fatalities_best ?? null) === k.f;
  });
}

/**
 * The wide rows of one page of events, in order (undefined for a row gone since the cut): the page
 * is cut on narrow columns first (ids, dates, deaths), then its rows come from the row cache, else
 * from a read of the page's rows (fetchPageRows).
 */
export async function readPage(
  db: DuckDBPool,
  cache: EventRowCache,
  q: EventPageQuery,
  keys = true,
): Promise<(Record<string, unknown> | undefined)[]> {
  const page = await cutPage(db, q, keys);
  const since = cache.mark();
  const found = new Map<string, Record<string, unknown>>();
  for (const r of page) {
    const row = cache.get(r.id);
    if (row) found.set(r.id, row);
  }
  const missing = page.filter((r) => !found.has(r.id));
  if (missing.length) {
    const rows = await fetchPageRows(db, q, missing, 'e.*');
    cache.keep(since, rows);
    for (const r of rows) found.set(String(r.id), r);
  }
  return page.map((r) => found.get(r.id));
}

/** The columns a listing's events are read with: what a summary reads, not the 55 of a wide row. */
export const LISTING_COLUMNS = [...SUMMARY_EVENT_COLUMNS.map((c) => `e.${c.name}`), 'e.superseded_by'].join(
  ', ',
);

/**
 * One page of events with only the fields a summary reads, in order (undefined for a row gone since
 * the cut): cut as readPage cuts, then those columns read back. The wide rows' cache is not used:
 * its rows are whole events.
 */
export async function readListingPage(
  db: DuckDBPool,
  q: EventPageQuery,
  keys = true,
): Promise<(SummaryEvent | undefined)[]> {
  const page = await cutPage(db, q, keys);
  if (!page.length) return [];
  const rows = await fetchPageRows(db, q, page, LISTING_COLUMNS);
  const byId = new Map(rows.map((r) => [String(r.id), summaryEventFromRow(r)]));
  return page.map((r) => byId.get(r.id));
}
