/**
 * The canonical Event: one record of organised violence (or another event type) from one source,
 * keeping the source's own labels and classification next to faultline's common ones.
 */

/** Sources faultline knows how to read; `csv` is a user-mapped generic file, `faultline-desk` analysts' events (domain/desk.ts). */
export type SourceId = 'ucdp-ged' | 'ucdp-candidate' | 'acled' | 'gdelt' | 'csv' | 'faultline-desk';

/** Common event classification shared across sources (see docs/data-model.md). */
export type CommonType =
  'battle' | 'remote-violence' | 'violence-against-civilians' | 'protest' | 'riot' | 'strategic' | 'other';

export const COMMON_TYPES: readonly CommonType[] = [
  'battle',
  'remote-violence',
  'violence-against-civilians',
  'protest',
  'riot',
  'strategic',
  'other',
];

/** How exactly the date is known: the event happened on that day, within that week, month, year, or a longer range. */
export type DatePrecision = 'day' | 'week' | 'month' | 'year' | 'range';

/** Canonical event as stored. Unknown numbers are null, never 0. */
export interface Event {
  /** Stable id: `${source}:${sourceId}`. */
  id: string;
  source: SourceId;
  sourceVersion: string;
  /** The record id the source gives (UCDP `id`, ACLED `event_id_cnty`). */
  sourceId: string;
  dateStart: string; // YYYY-MM-DD
  dateEnd: string; // YYYY-MM-DD
  datePrecision: DatePrecision;
  /** ISO 3166-1 alpha-3 code of the country where the event took place. */
  country: string;
  admin1Label: string | null;
  admin2Label: string | null;
  place: string | null;
  lat: number | null;
  lon: number | null;
  /** The source's own precision code (UCDP where_prec 1-7, ACLED geo_precision 1-3). */
  geoPrecision: number | null;
  /** Whether the coordinates are precise enough for point-in-polygon on districts. */
  geoExact: boolean;
  /** The source's classification scheme and values, kept verbatim. */
  sourceType: string; // e.g. 'ucdp:type_of_violence=3' or 'acled:Battles'
  sourceSubtype: string | null;
  commonType: CommonType;
  /** Actors as the source names them: UCDP side A/B, ACLED actor1/actor2. */
  actor1: string | null;
  actor2: string | null;
  /** Registry ids resolved from the actor names (see actors.ts). */
  actorIds: string[];
  fatalitiesBest: number | null;
  fatalitiesLow: number | null;
  fatalitiesHigh: number | null;
  deathsSideA: number | null;
  deathsSideB: number | null;
  deathsCivilians: number | null;
  deathsUnknown: number | null;
  headline: string | null;
  notes: string | null;
  sourceArticles: string[];
}

/** The stable id of a source record. */
export function eventId(source: SourceId, sourceId: string): string {
  return `${source}:${sourceId}`;
}

/** Names of events' numeric fields that count deaths, with what each counts. */
export const FATALITY_FIELDS = {
  fatalitiesBest: 'deaths, best estimate (all victims)',
  fatalitiesLow: 'deaths, low estimate',
  fatalitiesHigh: 'deaths, high estimate',
  deathsSideA: 'deaths on side A (UCDP) / actor 1',
  deathsSideB: 'deaths on side B (UCDP) / actor 2',
  deathsCivilians: 'civilian deaths',
  deathsUnknown: 'deaths of unknown status',
} as const;
