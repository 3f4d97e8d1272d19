/**
 * Aggregate queries over a relation (events or rollups, see duckdb-relations.ts): counts and
 * null-aware sums per period bucket and group, conflict-index units, dyads, source versions used.
 * Column names, bucket units and group expressions come only from the allowlists in this file;
 * every filter value is a parameter (see duckdb-filters.ts).
 */
import {
  PRECISION_UNIT,
  precisionsCoarserThan,
  specMetrics,
  type AggregateSpec,
  type BucketUnit,
  type GroupBy,
} from '../../domain/aggregate.ts';
import { BORDER_SIDE_SQL } from './duckdb-border-side.ts';
import { ADMIN2_COUNTED, Params, whereClause, type SqlFragment } from './duckdb-filters.ts';
import type { Relation } from './duckdb-relations.ts';

// Key and label of each group; the label is the least name seen for the key (codes are what group).
const GROUP_SQL: Record<GroupBy, { col: string; key: string; label: string }> = {
  admin1: { col: 'e.admin1_code, e.admin1_name', key: 'e.admin1_code', label: 'min(e.admin1_name)' },
  admin2: { col: 'e.admin2_code, e.admin2_name', key: 'e.admin2_code', label: 'min(e.admin2_name)' },
  actor: { col: 'unnest(e.actor_ids) AS actor_id', key: 'e.actor_id', label: 'NULL' },
  type: { col: 'e.common_type', key: 'e.common_type', label: 'NULL' },
  source: { col: 'e.source AS grp_source', key: 'e.grp_source', label: 'NULL' },
  h3: { col: 'e.h3_coarse', key: 'e.h3_coarse', label: 'NULL' },
  h3_fine: { col: 'e.h3_fine', key: 'e.h3_fine', label: 'NULL' },
  border_side: { col: `${BORDER_SIDE_SQL} AS grp_side`, key: 'e.grp_side', label: 'NULL' },
};

const UNITS: Record<BucketUnit, string> = {
  day: 'day',
  week: 'week',
  month: 'month',
  quarter: 'quarter',
  year: 'year',
};

/** Groups the rollups cannot split by (they keep the coarse H3 cell only, and no border side). */
export const GROUPS_OFF_ROLLUP: readonly GroupBy[] = ['h3_fine', 'border_side'];

/**
 * The aggregate of a spec over a relation; rows come grouped by bucket, group, source and version.
 * Grouped on the truncated date, formatted afterwards (a per-row strftime key cost 2.2x).
 */
export function aggregateSql(spec: AggregateSpec, rel: Relation): SqlFragment {
  const p = new Params();
  const unit = spec.unit ? UNITS[spec.unit] : undefined;
  if (spec.unit && !unit) throw new Error(`unknown bucket unit: ${spec.unit}`);
  const group = spec.groupBy ? GROUP_SQL[spec.groupBy] : undefined;
  if (spec.groupBy && !group) throw new Error(`unknown group: ${spec.groupBy}`);
  // Only the spec's death metrics (an allowlisted subset): a count of events sums no death column.
  const metrics = specMetrics(spec);
  const cols = [
    'e.date_start',
    'e.date_precision',
    'e.source',
    'e.source_version',
    ...(group ? [group.col] : []),
    ...rel.measureCols(metrics),
  ];
  // Records whose date is coarser than the unit form the band: bucketed by their own week, month or year.
  const coarse = spec.unit ? precisionsCoarserThan(spec.unit) : [];
  const band = coarse.length
    ? `CASE e.date_precision ${coarse.map((c) => `WHEN '${c}' THEN '${c}'`).join(' ')} END`
    : 'NULL';
  const bucket = !unit
    ? 'NULL'
    : coarse.length
      ? `date_trunc(CASE e.date_precision ${coarse.map((c) => `WHEN '${c}' THEN '${PRECISION_UNIT[c]}'`).join(' ')} ELSE '${unit}' END, e.date_start)`
      : `date_trunc('${unit}', e.date_start)`;
  const deaths = metrics.map((m) => `, sum(e.${m}) AS ${m}, ${rel.known(m)} AS ${m}_known`).join('');
  const inner = `SELECT ${bucket} AS b, ${band} AS band, ${group ? group.key : 'NULL'} AS grp, ${group ? group.label : 'NULL'} AS grp_label,
    e.source AS source, e.source_version AS version, ${rel.events} AS events${deaths}
    FROM ${rel.from(cols, p)} GROUP BY 1, 2, 3, 5, 6`;
  const out = metrics.map((m) => `, ${m}, ${m}_known`).join('');
  const sql = `SELECT strftime(b, '%Y-%m-%d') AS bucket, band, grp, grp_label, source, version, events${out} FROM (${inner})`;
  return { sql, params: p.values };
}

/** Events per source version over a relation (in no order: `inSqlOrder` sorts the few rows). */
export function sourcesSql(rel: Relation): SqlFragment {
  const p = new Params();
  const from = rel.from(['e.source', 'e.source_version', ...rel.measureCols([])], p);
  return {
    sql: `SELECT e.source AS source, e.source_version AS version, ${rel.events} AS events FROM ${from} GROUP BY 1, 2`,
    params: p.values,
  };
}

/** What the conflict index needs per admin-1 unit (code null: events without a unit), in no order. */
export function indexUnitsSql(rel: Relation): SqlFragment {
  const p = new Params();
  const cols = [
    'e.admin1_code',
    'e.common_type',
    'e.h3_coarse',
    'e.actor_ids',
    ...rel.measureCols(['fatalities_best', 'deaths_civilians']),
  ];
  return {
    sql: `SELECT e.admin1_code AS "admin1Code", ${rel.events} AS events,
      coalesce(sum(e.fatalities_best), 0) AS deaths, ${rel.known('fatalities_best')} AS "eventsWithDeaths",
      ${rel.eventsWhere(`e.common_type = 'violence-against-civilians'`)} AS "civilianEvents",
      coalesce(sum(e.deaths_civilians), 0) AS "civilianDeaths", ${rel.known('deaths_civilians')} AS "eventsWithCivilianDeaths",
      CAST(count(DISTINCT e.h3_coarse) AS BIGINT) AS cells, ${rel.eventsWhere('e.h3_coarse IS NULL')} AS "eventsWithoutCell",
      list_sort(list_distinct(flatten(list(e.actor_ids)))) AS "actorIds"
      FROM ${rel.from(cols, p)} GROUP BY 1`,
    params: p.values,
  };
}

/** Unordered pairs of sides as named by the source (a null side: one row of its own), in no order. */
export function dyadsSql(rel: Relation): SqlFragment {
  const p = new Params();
  const both = 'e.actor1 IS NOT NULL AND e.actor2 IS NOT NULL';
  const cols = [
    'e.actor1',
    'e.actor2',
    'e.date_start',
    'e.last_day AS last_day',
    ...rel.measureCols(['fatalities_best']),
  ];
  return {
    // least() and greatest() skip nulls: an event with a missing side must not form a pair.
    sql: `SELECT CASE WHEN ${both} THEN least(e.actor1, e.actor2) END AS "actorA",
      CASE WHEN ${both} THEN greatest(e.actor1, e.actor2) END AS "actorB", ${rel.events} AS events,
      sum(e.fatalities_best) AS "deathsBest", ${rel.events} - ${rel.known('fatalities_best')} AS "eventsWithUnknownDeaths",
      strftime(min(e.date_start), '%Y-%m-%d') AS "firstDate", strftime(max(e.last_day), '%Y-%m-%d') AS "lastDate"
      FROM ${rel.from(cols, p)} GROUP BY 1, 2`,
    params: p.values,
  };
}

/** Distinct coarse H3 cells with events in each admin-1 unit, over every loaded event (rollup rows hold them all). */
export function cellsPerUnitSql(table: 'events' | 'rollup_month'): SqlFragment {
  return {
    sql: `SELECT admin1_code AS "admin1Code", CAST(count(DISTINCT h3_coarse) AS INTEGER) AS cells FROM ${table} WHERE admin1_code IS NOT NULL AND h3_coarse IS NOT NULL GROUP BY 1`,
    params: [],
  };
}

/** Distinct place names starting with a text (case-insensitive), with their unit and event count. */
export function placesSql(prefix: string, country: string[] | undefined, limit: number): SqlFragment {
  const p = new Params();
  // The events every count uses (no superseded Candidate copy, no desk event), by place name.
  const where = whereClause({ country }, p);
  const c = [`e.place IS NOT NULL`, `starts_with(lower(e.place), ${p.add(prefix.toLowerCase())})`];
  return {
    sql: `SELECT e.place AS name, e.country, any_value(e.admin1_code) AS admin1_code, any_value(coalesce(e.admin1_name, e.admin1_label)) AS admin1_name,
      any_value(${ADMIN2_COUNTED}) AS admin2_name, avg(e.lat) AS lat, avg(e.lon) AS lon, CAST(count(*) AS INTEGER) AS events
      FROM events e ${where ? `${where} AND` : 'WHERE'} ${c.join(' AND ')} GROUP BY 1, 2 ORDER BY events DESC, name LIMIT ${p.add(limit)}`,
    params: p.values,
  };
}

/**
 * Rows sorted as `ORDER BY` the given text keys would sort them in DuckDB (UTF-8 byte order, nulls
 * last). A small grouped read sorts its few rows here: a sort in the statement costs DuckDB 0.2-0.3
 * ms more (a pipeline of its own), a tenth of the read (docs/benchmarks.md, thirty-first session).
 */
export function inSqlOrder<T>(rows: T[], ...keys: ((r: T) => string | null)[]): T[] {
  const bytes = (v: string | null) => (v === null ? null : Buffer.from(v));
  const keyed = rows.map((r) => ({ r, k: keys.map((key) => bytes(key(r))) }));
  keyed.sort((x, y) => {
    for (let i = 0; i < keys.length; i++) {
      const a = x.k[i]!;
      const b = y.k[i]!;
      const c = a === null ? (b === null ? 0 : 1) : b === null ? -1 : Buffer.compare(a, b);
      if (c) return c;
    }
    return 0;
  });
  return keyed.map((x) => x.r);
}
