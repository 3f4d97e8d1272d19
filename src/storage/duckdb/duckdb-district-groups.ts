/**
 * Events grouped by province, district label, placed district and exactness (`districtGroups`):
 * what `geo disagreements --level admin2` and `geo unplaced` read. The grouping is SQL's over every
 * matching event, so a large store is counted whole; the label lookups, which need the crosswalk
 * in JavaScript, then run once per group.
 */
import type { DistrictGroup } from '../../domain/placed-event.ts';
import type { EventFilter } from '../../domain/query.ts';
import type { Reader } from './duckdb-connection.ts';
import { Params, whereClause } from './duckdb-filters.ts';

/** The groups of the events matching the filter, in the order of each group's first event by date then id. */
export async function districtGroups(db: Reader, filter: EventFilter): Promise<DistrictGroup[]> {
  const p = new Params();
  // The first event of a group as one struct: its place comes from that row (arg_min would skip a
  // null place and take a later event's), and the groups are ordered by it.
  const rows = await db.all<Record<string, unknown>>(
    `SELECT admin1_code, admin2_label, admin2_code, admin2_name, geo_exact, events, first.place AS example_place
     FROM (
       SELECT e.admin1_code, e.admin2_label, e.admin2_code, e.admin2_name,
         coalesce(e.geo_exact, false) AS geo_exact, CAST(count(*) AS INTEGER) AS events,
         min({'d': e.date_start, 'id': e.id, 'place': e.place}) AS first
       FROM events e ${whereClause(filter, p)}
       GROUP BY ALL)
     ORDER BY first.d, first.id`,
    p.values,
  );
  return rows.map((r) => ({
    admin1Code: (r.admin1_code as string | null) ?? null,
    admin2Label: (r.admin2_label as string | null) ?? null,
    admin2Code: (r.admin2_code as string | null) ?? null,
    admin2Name: (r.admin2_name as string | null) ?? null,
    geoExact: Boolean(r.geo_exact),
    events: Number(r.events),
    examplePlace: (r.example_place as string | null) ?? null,
  }));
}
