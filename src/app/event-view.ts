import { borderSideOf } from '../domain/border-side.ts';
import { datePrecisionNote } from '../domain/date-span.ts';
import type { EventSummaryColumn } from '../domain/event-summary.ts';
import type { StoredEvent, SummaryEvent } from '../domain/placed-event.ts';
import type { EventDetail, EventSummary } from './answers.ts';

// The typed summary (answers.ts) and the export's column list (domain/event-summary.ts) name the
// same keys: adding a column to one and not the other fails the type check.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** True only while both lists agree (a compile-time check). */
export type SummaryColumnsAgree = Same<keyof EventSummary, EventSummaryColumn> extends true ? true : never;
const agree: SummaryColumnsAgree = true;
void agree;

/** The flat summary of an event that listings print (CLI ndjson/csv/table, API csv); columns in domain/event-summary.ts. */
export function eventSummary(e: SummaryEvent): EventSummary {
  const side = borderSideOf(e);
  return {
    id: e.id,
    source: e.source,
    source_version: e.sourceVersion,
    date_start: e.dateStart,
    date_end: e.dateEnd,
    date_precision: e.datePrecision,
    country: e.country,
    admin1: e.admin1Label,
    admin1_code: e.admin1Code,
    admin1_name: e.admin1Name,
    admin2_code: e.admin2Code,
    admin2_name: e.admin2Name ?? e.admin2Label,
    place: e.place,
    lat: e.lat,
    lon: e.lon,
    geo_precision: e.geoPrecision,
    geo_exact: e.geoExact,
    type: e.commonType,
    source_type: e.sourceType,
    actors: [e.actor1, e.actor2].filter((a): a is string => Boolean(a)),
    actor_ids: e.actorIds,
    fatalities_best: e.fatalitiesBest,
    fatalities_low: e.fatalitiesLow,
    fatalities_high: e.fatalitiesHigh,
    deaths_civilians: e.deathsCivilians,
    border_km: e.borderKm === null ? null : Math.round(e.borderKm * 10) / 10,
    border_km_low: e.borderKmLow === null ? null : Math.round(e.borderKmLow * 10) / 10,
    border_km_high: e.borderKmHigh === null ? null : Math.round(e.borderKmHigh * 10) / 10,
    border_method: e.borderMethod,
    border_zone: e.borderZone,
    border_side: side.side,
    border_side_basis: side.basis,
    geo_method: e.geoMethod,
    superseded_by: e.supersededBy ?? null,
    admin2: e.admin2Label,
    file_sha256: e.fileSha256 ?? null,
    record_no: e.recordNo ?? null,
  };
}

/** Columns the table format shows (the rest are in csv/json/ndjson). */
export const TABLE_COLUMNS = [
  'id',
  'date_start',
  'date_precision',
  'country',
  'admin1_code',
  'admin2_name',
  'type',
  'actors',
  'fatalities_best',
  'border_km',
];

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** One event in full (GET /events/{id}): every stored field, snake_case, and the original record. */
export function eventDetail(e: StoredEvent, original: Record<string, string> | null): EventDetail {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) out[snake(k)] = v;
  out.original = original;
  out.date_precision_note = datePrecisionNote(e);
  return out as EventDetail;
}
