/** Named reads over the events table that no rollup serves: placement inputs and counts, forecast panels. */
import {
  PRECISION_UNIT,
  precisionsCoarserThan,
  type PanelCell,
  type PanelQuery,
} from '../../domain/aggregate.ts';
import type { DatePrecision } from '../../domain/event.ts';
import type { EventFilter } from '../../domain/query.ts';
import type { PlacementCount, PlacementKey } from '../../domain/placed-event.ts';
import type { FilterValues } from '../store.ts';
import type { Reader } from './duckdb-connection.ts';
import { sideIds } from './duckdb-actor-sides.ts';
import { ADMIN2_COUNTED, Params, whereClause } from './duckdb-filters.ts';
import { dateClass } from './native/sql-fields.ts';
import { GEO_COLUMNS } from '../event-columns.ts';

/** ADMIN2_COUNTED over a table without the `e` alias (the rollups of the filter values). */
const ADMIN2_NAME = ADMIN2_COUNTED.replaceAll('e.', '');

/** A table of placed keys (the import's `lk_place`, a refresh's `lk_placement`): the key's columns, then the placement's. */
export const PLACEMENT_KEY_TABLE: readonly [string, string][] = [
  ['country', 'VARCHAR'],
  ['lat', 'DOUBLE'],
  ['lon', 'DOUBLE'],
  ['exact', 'BOOLEAN'],
  ['a1', 'VARCHAR'],
  ['a2', 'VARCHAR'],
  ['pl', 'VARCHAR'],
  ['cls', 'INTEGER'],
  ...GEO_COLUMNS.map((c) => [c.name, c.type] as [string, string]),
];

/**
 * The columns of a placement key over the events table `e`, as `placementKeys` groups them and
 * `placeByKeys` joins them back: the place name counts only where the point is not exact.
 */
export function placementKeyColumns(breaks: readonly string[]): [string, string][] {
  return [
    ['country', 'e.country'],
    ['lat', 'e.lat'],
    ['lon', 'e.lon'],
    ['exact', 'coalesce(e.geo_exact, false)'],
    ['a1', 'e.admin1_label'],
    ['a2', 'e.admin2_label'],
    ['pl', 'CASE WHEN coalesce(e.geo_exact, false) THEN NULL ELSE e.place END'],
    ['cls', dateClass('e.date_start', breaks)],
  ];
}

/**
 * The distinct placement keys of the stored events (of one country, or all), each with its earliest
 * date and how many events it stands for: a store of millions of events has thousands (the 3M-event
 * bench store 1,329), so each is placed once.
 */
export async function placementKeys(
  db: Reader,
  q: { country?: string; dateBreaks: readonly string[] },
): Promise<PlacementKey[]> {
  const cols = placementKeyColumns(q.dateBreaks);
  const rows = await db.all<Record<string, unknown>>(
    `SELECT ${cols.map(([n, x]) => `${x} AS ${n}`).join(', ')}, CAST(min(e.date_start) AS VARCHAR) AS d,
       CAST(count(*) AS INTEGER) AS n
     FROM events e ${q.country ? 'WHERE e.country = $1' : ''} GROUP BY ALL`,
    q.country ? [q.country] : [],
  );
  return rows.map((r) => ({
    country: r.country as string,
    lat: r.lat as number | null,
    lon: r.lon as number | null,
    geoExact: r.exact as boolean,
    admin1Label: r.a1 as string | null,
    admin2Label: r.a2 as string | null,
    place: r.pl as string | null,
    dateClass: r.cls as number,
    date: r.d as string,
    events: r.n as number,
  }));
}

/**
 * Events per country and placement method matching a filter, with how many were snapped: the events
 * placementEvents and districtGroups read (superseded Candidate events, and desk events unless the
 * filter includes them, are left out; every row of the table was counted, so the summary's
 * `disagree` and `border_snap` counted events `geo disagreements` did not).
 */
export function placementCounts(db: Reader, f: EventFilter = {}): Promise<PlacementCount[]> {
  const p = new Params();
  const where = whereClause(f, p);
  return db.all<PlacementCount>(
    `SELECT e.country, e.geo_method AS "geoMethod", CAST(count(*) AS INTEGER) AS events,
     CAST(count(*) FILTER (WHERE e.snapped_km IS NOT NULL) AS INTEGER) AS snapped FROM events e ${where}
     GROUP BY 1, 2 ORDER BY 1, 2`,
    p.values,
  );
}

// Records dated only to the year belong to no one month (the imprecise band, docs/methods.md): a
// monthly panel reads them apart (`coarser`) and spreads them over their span (month-shares.ts).
const MONTH_PRECISE = `(${(Object.keys(PRECISION_UNIT) as DatePrecision[])
  .filter((p) => !precisionsCoarserThan('month').includes(p))
  .map((p) => `'${p}'`)
  .join(', ')})`;

/**
 * Unit-month cells of a forecast panel (records dated only to the year are left out, or with
 * `coarser` are the only ones read, one cell per record at its start month with its end month); split by the
 * registry ids of the two sides when asked (resolved as the dyad filter resolves them, on the
 * event's date). Read from `events`.
 */
export async function panelCells(db: Reader, q: PanelQuery): Promise<PanelCell[]> {
  const p = new Params();
  const [country, source] = [p.add(q.country), p.add(q.source)];
  // The province placed, as every other read counts it: placement keeps it in the event's own
  // country (border_snap, or none for other_country; docs/geography.md). An event placed in none of
  // these units (unplaced, or a store placed before that rule) is in no unit, not in its label's.
  const own = q.units === 'country' ? '' : p.strings(q.units);
  const unit =
    q.units === 'country' ? 'country' : `CASE WHEN list_contains(${own}, admin1_code) THEN admin1_code END`;
  const value = q.metric === 'fatalities' ? 'coalesce(sum(fatalities_best), 0)' : 'count(*)';
  const [a, b] = q.bySides ? sideIds(p) : [];
  const sides = q.bySides ? `, ${a} AS side_a, ${b} AS side_b` : '';
  // One cell per coarse record: a panel shares each record's count out in whole numbers, which
  // shared out as one sum would give other months.
  const through = q.coarser ? `, id, strftime(coalesce(date_end, date_start), '%Y-%m') AS through` : '';
  const rows = await db.all<PanelCell & { side_a?: string | null; side_b?: string | null }>(
    `SELECT unit, strftime(m, '%Y-%m') AS month, v AS value${q.coarser ? ', through' : ''}${q.bySides ? ', side_a, side_b' : ''} FROM (
       SELECT ${unit} AS unit, date_trunc('month', date_start) AS m${through}${sides}, CAST(${value} AS DOUBLE) AS v
       FROM events e WHERE country = ${country} AND source = ${source} AND superseded_by IS NULL
         AND date_precision ${q.coarser ? 'NOT IN' : 'IN'} ${MONTH_PRECISE} GROUP BY ALL)`,
    p.values,
  );
  if (!q.bySides) return rows;
  return rows.map(({ side_a, side_b, ...c }) => ({ ...c, sides: [side_a ?? null, side_b ?? null] }));
}

/** The distinct values filters name, read from the monthly rollup (a few thousand rows, not every event). */
export async function filterValues(db: Reader): Promise<FilterValues> {
  const strings = async (sql: string) => (await db.all<{ v: string }>(sql)).map((r) => r.v);
  const distinct = (cols: string[]) =>
    strings(
      cols.map((c) => `SELECT DISTINCT ${c} AS v FROM rollup_month WHERE ${c} IS NOT NULL`).join(' UNION ') +
        ' ORDER BY 1',
    );
  const [countries, admin1, admin2, admin2Countries, types, sources, versions] = await Promise.all([
    distinct(['country']),
    db.all<FilterValues['admin1'][number]>(
      `SELECT DISTINCT admin1_code AS code, admin1_name AS name, admin1_label AS label FROM rollup_month ORDER BY 1, 2, 3`,
    ),
    // A district filter matches the district an event counts in (ADMIN2_COUNTED) or its code.
    distinct([ADMIN2_NAME, 'admin2_code']),
    db.all<FilterValues['admin2Countries'][number]>(
      [ADMIN2_NAME, 'admin2_code']
        .map(
          (c) =>
            `SELECT DISTINCT ${c} AS value, country FROM rollup_month WHERE ${c} IS NOT NULL AND country IS NOT NULL`,
        )
        .join(' UNION ') + ' ORDER BY 1, 2',
    ),
    distinct(['common_type', 'source_type', 'source_subtype']),
    distinct(['source']),
    distinct(['source_version']),
  ]);
  return { countries, admin1, admin2, admin2Countries, types, sources, versions };
}
