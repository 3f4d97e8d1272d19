import type { StagedEvent } from '../domain/placed-event.ts';

// The placed-event types belong to the domain; re-exported for the adapters that read them from here.
export { NO_GEO, type EventGeo, type StagedEvent, type StoredEvent } from '../domain/placed-event.ts';

type ColumnType = 'VARCHAR' | 'DATE' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN' | 'VARCHAR[]';

/** One column of the events table: its SQL name, type and the event property it holds. */
export interface EventColumn {
  name: string;
  type: ColumnType;
  key: keyof StagedEvent;
}

/**
 * The events table, column by column, in order. The DDL, the import appender and the row reader
 * are all generated from this list so they cannot drift apart.
 */
export const EVENT_COLUMNS: readonly EventColumn[] = [
  { name: 'id', type: 'VARCHAR', key: 'id' },
  { name: 'source', type: 'VARCHAR', key: 'source' },
  { name: 'source_version', type: 'VARCHAR', key: 'sourceVersion' },
  { name: 'source_id', type: 'VARCHAR', key: 'sourceId' },
  { name: 'date_start', type: 'DATE', key: 'dateStart' },
  { name: 'date_end', type: 'DATE', key: 'dateEnd' },
  { name: 'date_precision', type: 'VARCHAR', key: 'datePrecision' },
  { name: 'country', type: 'VARCHAR', key: 'country' },
  { name: 'admin1_label', type: 'VARCHAR', key: 'admin1Label' },
  { name: 'admin2_label', type: 'VARCHAR', key: 'admin2Label' },
  { name: 'place', type: 'VARCHAR', key: 'place' },
  { name: 'lat', type: 'DOUBLE', key: 'lat' },
  { name: 'lon', type: 'DOUBLE', key: 'lon' },
  { name: 'geo_precision', type: 'INTEGER', key: 'geoPrecision' },
  { name: 'geo_exact', type: 'BOOLEAN', key: 'geoExact' },
  { name: 'source_type', type: 'VARCHAR', key: 'sourceType' },
  { name: 'source_subtype', type: 'VARCHAR', key: 'sourceSubtype' },
  { name: 'common_type', type: 'VARCHAR', key: 'commonType' },
  { name: 'actor1', type: 'VARCHAR', key: 'actor1' },
  { name: 'actor2', type: 'VARCHAR', key: 'actor2' },
  { name: 'actor_ids', type: 'VARCHAR[]', key: 'actorIds' },
  { name: 'fatalities_best', type: 'INTEGER', key: 'fatalitiesBest' },
  { name: 'fatalities_low', type: 'INTEGER', key: 'fatalitiesLow' },
  { name: 'fatalities_high', type: 'INTEGER', key: 'fatalitiesHigh' },
  { name: 'deaths_side_a', type: 'INTEGER', key: 'deathsSideA' },
  { name: 'deaths_side_b', type: 'INTEGER', key: 'deathsSideB' },
  { name: 'deaths_civilians', type: 'INTEGER', key: 'deathsCivilians' },
  { name: 'deaths_unknown', type: 'INTEGER', key: 'deathsUnknown' },
  { name: 'headline', type: 'VARCHAR', key: 'headline' },
  { name: 'notes', type: 'VARCHAR', key: 'notes' },
  { name: 'source_articles', type: 'VARCHAR[]', key: 'sourceArticles' },
  { name: 'file_sha256', type: 'VARCHAR', key: 'fileSha256' },
  { name: 'record_no', type: 'INTEGER', key: 'recordNo' },
  { name: 'quality_flags', type: 'VARCHAR[]', key: 'qualityFlags' },
  { name: 'admin1_code', type: 'VARCHAR', key: 'admin1Code' },
  { name: 'admin1_name', type: 'VARCHAR', key: 'admin1Name' },
  { name: 'admin2_code', type: 'VARCHAR', key: 'admin2Code' },
  { name: 'admin2_name', type: 'VARCHAR', key: 'admin2Name' },
  { name: 'point_admin1_code', type: 'VARCHAR', key: 'pointAdmin1Code' },
  { name: 'label_admin1_code', type: 'VARCHAR', key: 'labelAdmin1Code' },
  { name: 'geo_method', type: 'VARCHAR', key: 'geoMethod' },
  { name: 'historical_unit', type: 'VARCHAR', key: 'historicalUnit' },
  { name: 'pre_merger_label', type: 'BOOLEAN', key: 'preMergerLabel' },
  { name: 'snapped_km', type: 'DOUBLE', key: 'snappedKm' },
  { name: 'border_km', type: 'DOUBLE', key: 'borderKm' },
  { name: 'border_side', type: 'VARCHAR', key: 'borderSide' },
  { name: 'border_zone', type: 'BOOLEAN', key: 'borderZone' },
  { name: 'h3_coarse', type: 'VARCHAR', key: 'h3Coarse' },
  { name: 'h3_fine', type: 'VARCHAR', key: 'h3Fine' },
  { name: 'border_km_low', type: 'DOUBLE', key: 'borderKmLow' },
  { name: 'border_km_high', type: 'DOUBLE', key: 'borderKmHigh' },
  { name: 'border_method', type: 'VARCHAR', key: 'borderMethod' },
];

/** The placement columns, rewritten when events are placed again (new boundaries, a new border zone). */
export const GEO_COLUMNS: readonly EventColumn[] = EVENT_COLUMNS.slice(
  EVENT_COLUMNS.findIndex((c) => c.name === 'admin1_code'),
);

/** Columns whose content defines whether a re-imported record changed (bookkeeping and version excluded). */
// Placement is derived, not source content: re-placing events must not make a re-import look changed.
export const CONTENT_COLUMNS = EVENT_COLUMNS.filter(
  (c) =>
    c.name !== 'source_version' &&
    c.name !== 'file_sha256' &&
    c.name !== 'record_no' &&
    !GEO_COLUMNS.includes(c),
);
