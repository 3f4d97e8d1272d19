/** A published desk event as a canonical event row (source faultline-desk, version `edit-N`), placed like any import. */
import { resolveActorIds } from '../../domain/actors.ts';
import { DESK_SOURCE, deskEventId, deskVersion, type DeskEvent } from '../../domain/desk.ts';
import type { Event } from '../../domain/event.ts';
import { NO_GEO, type EventGeo, type StagedEvent } from '../../domain/placed-event.ts';
import { resolveDistrict } from '../../geo/district-search.ts';

/**
 * A placement with the province of the district it found, when the desk event names a district and
 * no province (`--admin2 "North Waziristan"` alone, as the desk's form allows): the district lies
 * in one province, and without it a province filter (`--admin1 PK-KP`) would leave the event out.
 */
function withProvince(geo: EventGeo, admin2: string | null, country: string): EventGeo {
  if (geo.admin1Code !== null || geo.admin2Code === null || admin2 === null) return geo;
  const district = resolveDistrict(admin2, { country }).find((d) => d.code === geo.admin2Code);
  if (!district?.admin1Code) return geo;
  return { ...geo, admin1Code: district.admin1Code, admin1Name: district.admin1Name, geoMethod: 'label' };
}

/** The canonical event of a desk event's current version (its problems are already cleared: date and country are set). */
export function deskCanonical(d: DeskEvent, place: (e: Event) => EventGeo = () => NO_GEO): StagedEvent {
  const f = d.fields;
  const date = f.date_start!;
  const event: Event = {
    id: deskEventId(d.id),
    source: DESK_SOURCE,
    sourceVersion: deskVersion(d.version),
    sourceId: String(d.id),
    dateStart: date,
    dateEnd: f.date_end ?? date,
    datePrecision: f.date_precision,
    country: f.country!,
    admin1Label: f.admin1,
    admin2Label: f.admin2,
    place: f.place,
    lat: f.lat,
    lon: f.lon,
    geoPrecision: null,
    geoExact: f.lat !== null && f.lon !== null,
    sourceType: `desk:${f.common_type}`,
    sourceSubtype: null,
    commonType: f.common_type,
    actor1: f.actor1,
    actor2: f.actor2,
    actorIds: resolveActorIds([f.actor1, f.actor2], date),
    fatalitiesBest: f.fatalities_best,
    fatalitiesLow: f.fatalities_low,
    fatalitiesHigh: f.fatalities_high,
    deathsSideA: f.deaths_side_a,
    deathsSideB: f.deaths_side_b,
    deathsCivilians: f.deaths_civilians,
    deathsUnknown: f.deaths_unknown,
    headline: f.headline,
    notes: f.notes,
    sourceArticles: d.citations.map((c) => c.url),
  };
  return {
    ...event,
    ...withProvince(place(event), f.admin2, event.country),
    line: 0,
    qualityFlags: [],
    fileSha256: null,
    recordNo: null,
    recordKey: JSON.stringify({ id: d.id, version: d.version, fields: f, citations: d.citations }),
  };
}
