/** A stored event summary, or a candidate record the store paired up, as cross-source linkage sees it (analytics/linkage): dates, place and its uncertainty, actor groups, deaths. */
import type { LinkRecord } from '../analytics/linkage/linkage.ts';
import { dayNumber } from '../analytics/aggregate/dates.ts';
import { ACTORS } from '../domain/actors.ts';
import type { EventSummary } from '../domain/event-summary.ts';
import type { LinkageCandidateRecord, PlaceRadiusRules } from '../storage/stored-linkage.ts';

/**
 * Radius (km) within which a record's place is known, from the source's own precision code (an
 * exact point: 0). The store applies the same rules when it pairs records up (linkageCandidates).
 */
export const PLACE_RADII: PlaceRadiusRules = {
  bySource: [
    { prefix: 'ucdp', km: { 1: 0, 2: 25, 3: 30, 4: 150, 5: 50 } },
    { prefix: 'acled', km: { 1: 0, 2: 25, 3: 100 } },
  ],
  otherKm: 25,
};

function placeKm(e: EventSummary): number | null {
  if (e.lat === null || e.lon === null) return null;
  if (e.geo_exact === true) return 0;
  const p = Number(e.geo_precision);
  const rule = PLACE_RADII.bySource.find((r) => String(e.source).startsWith(r.prefix));
  return rule ? (rule.km[p] ?? null) : PLACE_RADII.otherKm;
}

// An unidentified actor (UCDP's XXX770, ACLED's "Unidentified Armed Group") names no group: it
// neither matches nor contradicts a named one, or UCDP's "XXX770 - XXX770" could never link to a
// record of the same attack that names the TTP.
const GROUPS_OF = new Map(
  ACTORS.map((a) => [a.id, a.kind === 'unknown' ? [] : a.groups.length ? a.groups : [a.id]]),
);
/** Actor groups per actor id, as linkage counts them (an actor without groups is its own group; an id not listed too; an unidentified actor none). */
export const ACTOR_GROUPS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(GROUPS_OF);
const groupsOf = (ids: readonly string[]) => [...new Set(ids.flatMap((id) => GROUPS_OF.get(id) ?? [id]))];
const UNIDENTIFIED = new Set(ACTORS.filter((a) => a.kind === 'unknown').map((a) => a.id));

/**
 * The actor groups a record names, as `disagreements` compares perpetrators: linkage's groups, and
 * `unknown` for an unidentified actor, so "unidentified" against "TTP" is a disagreement on the
 * perpetrator of a linked incident (linkage itself lets it link).
 */
export function perpetratorGroups(e: EventSummary): string[] {
  const ids = (e.actor_ids as string[] | null) ?? [];
  return [...groupsOf(ids), ...(ids.some((id) => UNIDENTIFIED.has(id)) ? ['unknown'] : [])];
}

/**
 * The groups each registry actor stands for as `perpetratorGroups` counts them, for the store to
 * compare perpetrators itself: an unidentified actor `unknown`, any other its groups (or itself).
 * A record's groups are the union over its actor ids, an id not listed standing for itself.
 */
export const PERPETRATOR_GROUPS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  [...GROUPS_OF].map(([id, groups]) => [id, UNIDENTIFIED.has(id) ? [...groups, 'unknown'] : groups]),
);
const day = (iso: unknown) => dayNumber(String(iso).slice(0, 10)) ?? NaN;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** A stored event summary as linkage sees it. */
export function linkRecordOf(e: EventSummary): LinkRecord {
  const km = placeKm(e);
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
    actorGroups: groupsOf((e.actor_ids as string[] | null) ?? []),
    deathsBest: num(e.fatalities_best),
    deathsLow: num(e.fatalities_low),
    deathsHigh: num(e.fatalities_high),
  };
}

/** A record of a candidate pair (the store computed its days and place radius) as linkage sees it. */
export function linkRecordOfCandidate(c: LinkageCandidateRecord): LinkRecord {
  return {
    id: c.id,
    source: c.source,
    dayFrom: c.day_from,
    dayTo: c.day_to,
    lat: c.lat,
    lon: c.lon,
    placeKm: c.place_km,
    country: c.country,
    admin1: c.admin1_code,
    type: c.type,
    actorGroups: groupsOf(c.actor_ids ?? []),
    deathsBest: c.fatalities_best,
    deathsLow: c.fatalities_low,
    deathsHigh: c.fatalities_high,
  };
}
