/** An event as stored: the canonical event plus where it was placed (units, border, grid cells). */
import type { Event } from './event.ts';
import type { EventFilter } from './query.ts';

/** Where an event was placed: canonical units, border distance and grid cells (see docs/geography.md). */
export interface EventGeo {
  admin1Code: string | null;
  admin1Name: string | null;
  admin2Code: string | null;
  admin2Name: string | null;
  pointAdmin1Code: string | null;
  labelAdmin1Code: string | null;
  /** How admin1Code was decided (geo/placement.ts PlacementMethod). */
  geoMethod: 'point' | 'label' | 'agree' | 'disagree' | 'border_snap' | 'other_country' | 'none';
  /** 'FATA' when the place lies in the pre-2018 Federally Administered Tribal Areas. */
  historicalUnit: string | null;
  /** Whether the source's label names a pre-merger FATA unit. */
  preMergerLabel: boolean | null;
  snappedKm: number | null;
  borderKm: number | null;
  borderSide: string | null;
  borderZone: boolean | null;
  h3Coarse: string | null;
  h3Fine: string | null;
  /** The range the border distance lies in (equal to borderKm for an exact point). */
  borderKmLow: number | null;
  borderKmHigh: number | null;
  /** How the border distance was found: 'point', 'border_name', 'crossing', 'district', 'province'; null without one. */
  borderMethod: string | null;
}

/** An event as the store holds it: the canonical event, its placement, and import bookkeeping. */
export interface StoredEvent extends Event, EventGeo, RecordRef {
  qualityFlags: string[];
  importId: number;
  /** The final GED release that supersedes this UCDP Candidate event (then it is left out of counts), else null. */
  supersededBy?: string | null;
}

/** The fields of a stored event that its summary (app/event-view.ts `eventSummary`) reads. */
export const SUMMARY_EVENT_KEYS = [
  'id',
  'source',
  'sourceVersion',
  'dateStart',
  'dateEnd',
  'datePrecision',
  'country',
  'admin1Label',
  'admin1Code',
  'admin1Name',
  'admin2Code',
  'admin2Name',
  'admin2Label',
  'place',
  'lat',
  'lon',
  'geoPrecision',
  'geoExact',
  'commonType',
  'sourceType',
  'actor1',
  'actor2',
  'actorIds',
  'fatalitiesBest',
  'fatalitiesLow',
  'fatalitiesHigh',
  'deathsCivilians',
  'borderKm',
  'borderKmLow',
  'borderKmHigh',
  'borderMethod',
  'borderZone',
  'borderSide',
  'geoMethod',
  'supersededBy',
  'fileSha256',
  'recordNo',
] as const satisfies readonly (keyof StoredEvent)[];

/** A stored event with only the fields its summary reads (an event listing's page). */
export type SummaryEvent = Pick<StoredEvent, (typeof SUMMARY_EVENT_KEYS)[number]>;

/** Where an event's original record lies: the archived file (by sha256) and the record's number in it. */
export interface RecordRef {
  /** sha256 of the imported file, the key of the source archive; null for events stored before the archive. */
  fileSha256: string | null;
  /** 0-based record number in that file, the header (if any) being record 0. */
  recordNo: number | null;
}

/** An event on its way into the store, with the source line and record it came from. */
export interface StagedEvent extends Event, EventGeo, RecordRef {
  line: number;
  qualityFlags: string[];
  /** The raw record text, hashed into the content hash. */
  recordKey: string;
}

/** A placement that says nothing, for events stored before (or without) geography. */
export const NO_GEO: EventGeo = {
  admin1Code: null,
  admin1Name: null,
  admin2Code: null,
  admin2Name: null,
  pointAdmin1Code: null,
  labelAdmin1Code: null,
  geoMethod: 'none',
  historicalUnit: null,
  preMergerLabel: null,
  snappedKm: null,
  borderKm: null,
  borderSide: null,
  borderZone: null,
  h3Coarse: null,
  h3Fine: null,
  borderKmLow: null,
  borderKmHigh: null,
  borderMethod: null,
};

/** What placing an event needs of it (an import places each distinct one once). */
export interface PlacementInput {
  country: string;
  lat: number | null;
  lon: number | null;
  geoExact: boolean;
  admin1Label: string | null;
  admin2Label: string | null;
  /** The place text, given only for rows without an exact point (it can decide their border distance). */
  place: string | null;
  /** YYYY-MM-DD: the earliest date of the events it stands for. */
  date: string;
}

/**
 * What placing stored events depends on, shared by every event it stands for: country, point,
 * precision, labels, the place name (only where the point is not exact) and the date class (how many
 * of the placement's date breaks the date is on or after: geo/placer.ts PLACEMENT_DATE_BREAKS).
 */
export interface PlacementKey extends PlacementInput {
  dateClass: number;
  /** How many stored events it stands for. */
  events: number;
}

/** Events of one country placed by one method, and how many of them were snapped onto land. */
export interface PlacementCount {
  country: string;
  geoMethod: EventGeo['geoMethod'];
  events: number;
  snapped: number;
}

/** An event of a placement listing: its summary's fields with the provinces its point and label lie in and the km snapped. */
export type PlacementEvent = SummaryEvent &
  Pick<EventGeo, 'pointAdmin1Code' | 'labelAdmin1Code' | 'snappedKm'>;

/** Which events a placement listing reads: those of `methods` matching the filter, the first `limit` in date order. */
export interface PlacementEventsQuery extends EventFilter {
  methods: readonly EventGeo['geoMethod'][];
  limit: number;
}

/** The first events of a placement listing, with how many of each method match in all (the list is cut when fewer rows than that sum). */
export interface PlacementEventsPage {
  rows: PlacementEvent[];
  /** Matching events per method asked for, every row counted, not only those read (0 for a method none has). */
  counts: Partial<Record<EventGeo['geoMethod'], number>>;
}

/**
 * Events of one district group (`districtGroups`): those sharing a province, a source district
 * label, a placed district and exactness, with how many there are and the place of the first.
 */
export interface DistrictGroup {
  admin1Code: string | null;
  /** The source's district label as written (GED's `adm_2`), null when it gives none. */
  admin2Label: string | null;
  /** The district placed (null when none was). */
  admin2Code: string | null;
  admin2Name: string | null;
  /** Whether the events' coordinates are an exact point. */
  geoExact: boolean;
  /** Events in the group: every matching one, however large the store. */
  events: number;
  /** The place of the group's first event by date then id (null when it names none). */
  examplePlace: string | null;
}
