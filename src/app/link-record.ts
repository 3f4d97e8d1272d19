/** A stored event summary as cross-source linkage sees it (analytics/linkage): dates, place and its uncertainty, actor groups, deaths. */
import type { LinkRecord } from '../analytics/linkage/linkage.ts';
import { dayNumber } from '../analytics/aggregate/dates.ts';
import { ACTORS } from '../domain/actors.ts';
import type { EventSummary } from '../domain/event-summary.ts';

// Radius (km) within which a record's place is known, from the source's own precision code.
function placeKm(e: EventSummary): number | null {
  if (e.lat === null || e.lon === null) return null;
  if (e.geo_exact === true) return 0;
  const p = Number(e.geo_precision);
  if (String(e.source).startsWith('ucdp'))
    return ({ 1: 0, 2: 25, 3: 30, 4: 150, 5: 50 } as Record<number, number>)[p] ?? null;
  if (String(e.source).startsWith('acled'))
    return ({ 1: 0, 2: 25, 3: 100 } as Record<number, number>)[p] ?? null;
  return 25;
}

const GROUPS_OF = new Map(ACTORS.map((a) => [a.id, a.groups.length ? a.groups : [a.id]]));
const day = (iso: unknown) => dayNumber(String(iso).slice(0, 10)) ?? NaN;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** A stored event summary as linkage sees it. */
export function linkRecordOf(e: EventSummary): LinkRecord {
  const km = placeKm(e);
  const ids = (e.actor_ids as string[] | null) ?? [];
  return {
    id: String(e.id),
    source: String(e.source),
    dayFrom: day(e.date_start),
    dayTo: day(e.date_end ?? e.date_start),
    lat: km === null ? null : Number(e.lat),
    lon: km === null ? null : Number(e.lon),
    placeKm: km ?? 0,
    country: (e.country as string | null) ?? null,
    admin1: (e.admin1_code as string | null) ?? null,
    type: (e.type as string | null) ?? null,
    actorGroups: [...new Set(ids.flatMap((id) => GROUPS_OF.get(id) ?? [id]))],
    deathsBest: num(e.fatalities_best),
    deathsLow: num(e.fatalities_low),
    deathsHigh: num(e.fatalities_high),
  };
}
