/** Named reads over the events table that no rollup serves: placement inputs and counts, forecast panels. */
import {
  PRECISION_UNIT,
  precisionsCoarserThan,
  type PanelCell,
  type PanelQuery,
} from '../../domain/aggregate.ts';
import type { DatePrecision } from '../../domain/event.ts';
import type { EventFilter } from '../../domain/query.ts';
import type { EventGeo, PlacementCount, PlacementInput } from '../../domain/placed-event.ts';
import { GEO_COLUMNS } from '../event-columns.ts';
import type { FilterValues } from '../store.ts';
import type { Reader } from './duckdb-connection.ts';
import type { DuckDBPool } from './duckdb-pool.ts';
import { sideIds } from './duckdb-actor-sides.ts';
import { ADMIN2_COUNTED, Params, whereClause } from './duckdb-filters.ts';

/** ADMIN2_COUNTED over a table without the `e` alias (the rollups of the filter values). */
const ADMIN2_NAME = ADMIN2_COUNTED.replaceAll('e.', '');

/**
 * What placing the events (of one country, or all) needs, with the placement each holds now, a chunk
 * (up to 2,048 events) at a time, read on a streaming connection of its own (duckdb-streams.ts):
 * placing a store of millions of events again held every event's inputs, and every placement, in
 * memory at once.
 */
export async function* placementInputs(
  db: Pick<DuckDBPool, 'streamSession'>,
  country?: string,
): AsyncGenerator<PlacementInput[]> {
  const stored = GEO_COLUMNS.map((c, i) => `${c.name} AS g${i}`).join(', ');
  yield* db.streamSession(async function* (s) {
    const rows = s.rows<Record<string, unknown>>(
      `SELECT id, country, lat, lon, coalesce(geo_exact, false) AS "geoExact", admin1_label AS "admin1Label",
         admin2_label AS "admin2Label", place, CAST(date_start AS VARCHAR) AS "dateStart", ${stored}
       FROM events ${country ? 'WHERE country = $1' : ''}`,
      country ? [country] : [],
    );
    for await (const chunk of rows)
      yield chunk.map((r) => ({
        id: r.id as string,
        country: r.country as string,
        lat: r.lat as number | null,
        lon: r.lon as number | null,
        geoExact: r.geoExact as boolean,
        admin1Label: r.admin1Label as string | null,
        admin2Label: r.admin2Label as string | null,
        place: r.place as string | null,
        dateStart: r.dateStart as string,
        stored: Object.fromEntries(GEO_COLUMNS.map((c, i) => [c.key, r[`g${i}`]])) as unknown as EventGeo,
      }));
  });
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
