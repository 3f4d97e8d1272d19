import type { EventSummary } from '../domain/event-summary.ts';
import type { StoredEvent } from '../domain/placed-event.ts';

/** The flat summary of an event that listings print (CLI ndjson/csv/table, API csv); columns in domain/event-summary.ts. */
export function eventSummary(e: StoredEvent): EventSummary {
  return {
    id: e.id,
    source: e.source,
    source_version: e.sourceVersion,
    date_start: e.dateStart,
    date_end: e.dateEnd,
    country: e.country,
    admin1: e.admin1Label,
    admin1_code: e.admin1Code,
    admin1_name: e.admin1Name,
    admin2_name: e.admin2Name ?? e.admin2Label,
    place: e.place,
    lat: e.lat,
    lon: e.lon,
    geo_precision: e.geoPrecision,
    geo_exact: e.geoExact,
    type: e.commonType,
    source_type: e.sourceType,
    actors: [e.actor1, e.actor2].filter(Boolean),
    actor_ids: e.actorIds,
    fatalities_best: e.fatalitiesBest,
    fatalities_low: e.fatalitiesLow,
    fatalities_high: e.fatalitiesHigh,
    deaths_civilians: e.deathsCivilians,
    border_km: e.borderKm === null ? null : Math.round(e.borderKm * 10) / 10,
    border_zone: e.borderZone,
    geo_method: e.geoMethod,
  };
}

/** Columns the table format shows (the rest are in csv/json/ndjson). */
export const TABLE_COLUMNS = [
  'id',
  'date_start',
  'country',
  'admin1_code',
  'admin2_name',
  'type',
  'actors',
  'fatalities_best',
  'border_km',
];
