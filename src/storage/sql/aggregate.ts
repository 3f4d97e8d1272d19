/**
 * Aggregate queries over events: counts and null-aware sums per period bucket, optional group and
 * source version. Column names, bucket units and group expressions come only from the allowlists
 * in this file; every filter value is a bound parameter (see filters.ts).
 */
import type { EventFilter } from '../../domain/query.ts';
import { Params, whereClause, type SqlFragment } from './filters.ts';

/** Calendar units a bucket can have (the same as analytics' Interval). */
export type BucketUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Dimensions a series can be split by. */
export type GroupBy = 'admin1' | 'admin2' | 'actor' | 'type' | 'source' | 'h3' | 'h3_fine';
export const GROUP_BYS: readonly GroupBy[] = ['admin1', 'admin2', 'actor', 'type', 'source', 'h3', 'h3_fine'];

/** Death columns that can be summed, named as the API names its metrics. */
export type DeathMetric =
  | 'fatalities_best'
  | 'fatalities_low'
  | 'fatalities_high'
  | 'deaths_civilians'
  | 'deaths_side_a'
  | 'deaths_side_b'
  | 'deaths_unknown';
export const DEATH_METRICS: readonly DeathMetric[] = [
  'fatalities_best',
  'fatalities_low',
  'fatalities_high',
  'deaths_civilians',
  'deaths_side_a',
  'deaths_side_b',
  'deaths_unknown',
];

// Key and label of each group; the label is any name seen for the key (codes are what group).
const GROUP_SQL: Record<GroupBy, { key: string; label: string }> = {
  admin1: { key: 'e.admin1_code', label: 'any_value(e.admin1_name)' },
  admin2: { key: 'e.admin2_code', label: 'any_value(e.admin2_name)' },
  actor: { key: 'e.actor_id', label: 'NULL' },
  type: { key: 'e.common_type', label: 'NULL' },
  source: { key: 'e.source', label: 'NULL' },
  h3: { key: 'e.h3_coarse', label: 'NULL' },
  h3_fine: { key: 'e.h3_fine', label: 'NULL' },
};

const UNITS: Record<BucketUnit, string> = {
  day: 'day',
  week: 'week',
  month: 'month',
  quarter: 'quarter',
  year: 'year',
};

/** What to aggregate: a filter, an optional bucket unit and an optional group. */
export interface AggregateSpec {
  filter: EventFilter;
  /** Bucket by the start date truncated to this unit (weeks start on Monday); none gives one bucket. */
  unit?: BucketUnit;
  groupBy?: GroupBy;
}

/**
 * One row of an aggregate: bucket start date (YYYY-MM-DD, or null without a unit), group key and
 * label, source and version, event count, and for each death metric its sum (null when no event
 * reports it) and how many events report it (`<metric>_known`).
 */
export interface AggregateRow {
  bucket: string | null;
  grp: string | null;
  grp_label: string | null;
  source: string;
  version: string;
  events: number;
  [metric: string]: string | number | null;
}

/** Builds the aggregate query; rows come grouped by bucket, group, source and version. */
export function aggregateSql(spec: AggregateSpec): SqlFragment {
  const p = new Params();
  const where = whereClause(spec.filter, p);
  const unit = spec.unit ? UNITS[spec.unit] : undefined;
  if (spec.unit && !unit) throw new Error(`unknown bucket unit: ${spec.unit}`);
  const group = spec.groupBy ? GROUP_SQL[spec.groupBy] : undefined;
  if (spec.groupBy && !group) throw new Error(`unknown group: ${spec.groupBy}`);
  const bucket = unit ? `strftime(date_trunc('${unit}', e.date_start), '%Y-%m-%d')` : 'NULL';
  const deaths = DEATH_METRICS.map((m) => `sum(e.${m}) AS ${m}, count(e.${m}) AS ${m}_known`).join(', ');
  // Actors: an event counts once for each registry actor it names (unnest), never for none.
  const from =
    spec.groupBy === 'actor'
      ? `(SELECT e.date_start, e.source, e.source_version, ${DEATH_METRICS.map((m) => `e.${m}`).join(', ')}, unnest(e.actor_ids) AS actor_id FROM events e ${where}) e`
      : `events e ${where}`;
  const sql = `SELECT ${bucket} AS bucket, ${group ? group.key : 'NULL'} AS grp, ${group ? group.label : 'NULL'} AS grp_label,
    e.source AS source, e.source_version AS version, count(*) AS events, ${deaths}
    FROM ${from} GROUP BY 1, 2, 4, 5`;
  return { sql, params: p.values };
}

/** Rows of the fields the conflict index needs, for events matching a filter. */
export function indexRowsSql(filter: EventFilter): SqlFragment {
  const p = new Params();
  const where = whereClause(filter, p);
  return {
    sql: `SELECT e.admin1_code, e.fatalities_best, e.deaths_civilians, e.common_type, e.h3_coarse, e.actor_ids, e.source, e.source_version AS version FROM events e ${where}`,
    params: p.values,
  };
}

/** Distinct coarse H3 cells with events in each admin-1 unit, over every loaded event. */
export function cellsPerUnitSql(): SqlFragment {
  return {
    sql: `SELECT admin1_code, CAST(count(DISTINCT h3_coarse) AS INTEGER) AS cells FROM events WHERE admin1_code IS NOT NULL AND h3_coarse IS NOT NULL GROUP BY 1`,
    params: [],
  };
}

/** Side names, date and deaths of events matching a filter (for dyads). */
export function dyadRowsSql(filter: EventFilter): SqlFragment {
  const p = new Params();
  const where = whereClause(filter, p);
  return {
    sql: `SELECT e.id, strftime(e.date_start, '%Y-%m-%d') AS date, e.actor1, e.actor2, e.fatalities_best, e.source, e.source_version AS version FROM events e ${where}`,
    params: p.values,
  };
}

/** Distinct place names starting with a text (case-insensitive), with their unit and event count. */
export function placesSql(prefix: string, country: string[] | undefined, limit: number): SqlFragment {
  const p = new Params();
  const c = [`e.place IS NOT NULL`, `starts_with(lower(e.place), ${p.add(prefix.toLowerCase())})`];
  if (country?.length) c.push(`e.country IN ${p.list(country)}`);
  return {
    sql: `SELECT e.place AS name, e.country, any_value(e.admin1_code) AS admin1_code, any_value(coalesce(e.admin1_name, e.admin1_label)) AS admin1_name,
      any_value(coalesce(e.admin2_name, e.admin2_label)) AS admin2_name, avg(e.lat) AS lat, avg(e.lon) AS lon, CAST(count(*) AS INTEGER) AS events
      FROM events e WHERE ${c.join(' AND ')} GROUP BY 1, 2 ORDER BY events DESC, name LIMIT ${p.add(limit)}`,
    params: p.values,
  };
}
