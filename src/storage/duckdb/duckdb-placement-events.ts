/**
 * The events of some placement methods (`placementEvents`): what `geo disagreements` lists. Only
 * those events are read, in the listings' date order and cut at a limit in SQL, with how many of
 * each method match in all, so that a cut list says how much it leaves out.
 */
import type { PlacementEvent, PlacementEventsPage, PlacementEventsQuery } from '../../domain/placed-event.ts';
import type { Reader } from './duckdb-connection.ts';
import { LISTING_COLUMNS } from './duckdb-event-pages.ts';
import { Params, whereClause } from './duckdb-filters.ts';
import { summaryEventFromRow } from './duckdb-rows.ts';

/** The first `limit` events of the methods asked matching the filter, by date then id, and the count of each method. */
export async function placementEvents(db: Reader, q: PlacementEventsQuery): Promise<PlacementEventsPage> {
  const counts: PlacementEventsPage['counts'] = Object.fromEntries(q.methods.map((m) => [m, 0]));
  if (!q.methods.length) return { rows: [], counts };
  const { methods, limit, ...filter } = q;
  const p = new Params();
  const where = whereClause(filter, p);
  const method = `e.geo_method IN ${p.list(methods)}`;
  // The counts ride on every row as windows over all matching events, computed before the LIMIT:
  // one statement, so rows and counts come from one snapshot (two reads could straddle an import).
  const windows = methods
    .map((m, i) => `CAST(count(*) FILTER (WHERE e.geo_method = ${p.add(m)}) OVER () AS INTEGER) AS n_${i}`)
    .join(', ');
  const rows = await db.all<Record<string, unknown>>(
    `SELECT ${LISTING_COLUMNS}, e.point_admin1_code, e.label_admin1_code, e.snapped_km, ${windows}
     FROM events e ${where ? `${where} AND ${method}` : `WHERE ${method}`}
     ORDER BY e.date_start, e.id LIMIT ${p.add(Math.max(1, limit))}`,
    p.values,
  );
  // At least one row is read, whose windows give the counts: a limit of 0 still counts.
  if (rows.length) methods.forEach((m, i) => (counts[m] = Number(rows[0]![`n_${i}`])));
  return {
    rows: rows.slice(0, Math.max(0, limit)).map((r): PlacementEvent => ({
      ...summaryEventFromRow(r),
      pointAdmin1Code: (r.point_admin1_code as string | null) ?? null,
      labelAdmin1Code: (r.label_admin1_code as string | null) ?? null,
      snappedKm: (r.snapped_km as number | null) ?? null,
    })),
    counts,
  };
}
