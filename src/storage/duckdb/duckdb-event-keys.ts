/**
 * event_keys: the narrow, date-ordered table a listing's page is cut on (duckdb-event-pages.ts).
 * One row per counted event (no superseded Candidate copy), holding only what the common listings
 * filter and sort on: dates, deaths, id, country, admin-1 code, source and version. Rows are
 * written in date order, so DuckDB's zone maps skip every row group outside a listing's dates
 * (KP's 2021 events by deaths on 3M events: the cut 13.6 ms on `events`, 2.7 ms here; see
 * docs/benchmarks.md, thirtieth session). Kept by the rollup refresh (duckdb-rollups.ts), in the
 * same transaction and for the same source-months, so it changes wherever the rollups do.
 */
import type { EventPageQuery } from '../../domain/query.ts';
import { isAdmin1Code } from './duckdb-filters.ts';
import { NOT_SUPERSEDED } from './duckdb-supersede.ts';

/** The columns of event_keys, as events has them. */
const COLUMNS = [
  'date_start DATE',
  'fatalities_best INTEGER',
  'id VARCHAR',
  'country VARCHAR',
  'admin1_code VARCHAR',
  'source VARCHAR',
  'source_version VARCHAR',
];

export const EVENT_KEYS_DDL = `CREATE TABLE IF NOT EXISTS event_keys (${COLUMNS.join(', ')})`;

const NAMES = COLUMNS.map((c) => c.split(' ')[0]!);

/** The INSERT of the keys of the counted events matching `where` (a condition over alias e, or ''), in date order. */
export function insertEventKeysSql(where: string): string {
  const cond = where ? `${where} AND ${NOT_SUPERSEDED}` : NOT_SUPERSEDED;
  return `INSERT INTO event_keys SELECT ${NAMES.map((n) => `e.${n}`).join(', ')} FROM events e WHERE ${cond} ORDER BY e.date_start`;
}

/** SQL that creates event_keys and fills it from every stored event (migration 29). */
export const EVENT_KEYS_BUILD: readonly string[] = [EVENT_KEYS_DDL, insertEventKeysSql('')];

// The filter fields event_keys can answer; any other field set sends the cut to events.
const KEYED = new Set(['from', 'to', 'country', 'admin1', 'source', 'includeDesk', 'sourceVersion']);
// The page fields, which are not filters.
const PAGE = new Set(['sort', 'limit', 'offset', 'includeSuperseded']);

/**
 * Whether a listing's page can be cut on event_keys: it leaves superseded events out (the table
 * holds none) and filters on nothing but dates, countries, admin-1 codes, sources and versions. (An
 * admin-1 name is matched on events' names and labels: the table leaves them out, as their two
 * text columns cost a 2M-row import 0.3-0.5 s more for a filter the dashboard does not send.)
 */
export function keysCover(q: EventPageQuery): boolean {
  if (q.includeSuperseded || (q.admin1 && !q.admin1.every(isAdmin1Code))) return false;
  return Object.entries(q).every(([k, v]) => v === undefined || KEYED.has(k) || PAGE.has(k));
}
