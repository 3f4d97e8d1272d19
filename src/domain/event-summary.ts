/**
 * The columns of an event summary, the flat row that listings and exports carry (CLI csv, ndjson,
 * json, xlsx, Parquet; the API's csv, ndjson, GeoJSON properties and Parquet), in order, each with
 * its HXL hashtag (https://hxlstandard.org) for the optional hashtag row of CSV exports. The one
 * place the list lives: the JavaScript summary (app/event-view.ts) and the engine's Parquet copy
 * (storage/duckdb/duckdb-event-stream.ts) are both typed by it.
 */
export const EVENT_SUMMARY_COLUMNS = [
  { name: 'id', hxl: '#event+id' },
  { name: 'source', hxl: '#meta+source' },
  { name: 'source_version', hxl: '#meta+source+version' },
  { name: 'date_start', hxl: '#date+start' },
  { name: 'date_end', hxl: '#date+end' },
  { name: 'date_precision', hxl: '#date+precision' },
  { name: 'country', hxl: '#country+code' },
  { name: 'admin1', hxl: '#adm1+name+source' },
  { name: 'admin1_code', hxl: '#adm1+code' },
  { name: 'admin1_name', hxl: '#adm1+name' },
  { name: 'admin2_code', hxl: '#adm2+code' },
  { name: 'admin2_name', hxl: '#adm2+name' },
  { name: 'place', hxl: '#loc+name' },
  { name: 'lat', hxl: '#geo+lat' },
  { name: 'lon', hxl: '#geo+lon' },
  { name: 'geo_precision', hxl: '#geo+precision' },
  { name: 'geo_exact', hxl: '#geo+exact' },
  { name: 'type', hxl: '#event+type' },
  { name: 'source_type', hxl: '#event+type+source' },
  { name: 'actors', hxl: '#group+name' },
  { name: 'actor_ids', hxl: '#group+code' },
  { name: 'fatalities_best', hxl: '#affected+killed+best' },
  { name: 'fatalities_low', hxl: '#affected+killed+low' },
  { name: 'fatalities_high', hxl: '#affected+killed+high' },
  { name: 'deaths_civilians', hxl: '#affected+killed+civilians' },
  { name: 'border_km', hxl: '#geo+border+km' },
  { name: 'border_km_low', hxl: '#geo+border+km+min' },
  { name: 'border_km_high', hxl: '#geo+border+km+max' },
  { name: 'border_method', hxl: '#geo+border+method' },
  { name: 'border_zone', hxl: '#geo+border+zone' },
  { name: 'border_side', hxl: '#geo+border+side' },
  { name: 'border_side_basis', hxl: '#geo+border+side+basis' },
  { name: 'geo_method', hxl: '#geo+method' },
  { name: 'superseded_by', hxl: '#meta+superseded' },
  // Appended (2026-12-05), so the earlier columns keep their places: the source's district label and
  // where the original record lies, to cite a row and read it back (`faultline sources` names the file).
  { name: 'admin2', hxl: '#adm2+name+source' },
  { name: 'file_sha256', hxl: '#meta+file+sha256' },
  { name: 'record_no', hxl: '#meta+record+num' },
] as const;

/** A column name of the event summary. */
export type EventSummaryColumn = (typeof EVENT_SUMMARY_COLUMNS)[number]['name'];

/** An event summary row: one value per column (lists for actors and actor ids). */
export type EventSummary = Record<EventSummaryColumn, unknown>;
