/**
 * A linkage run's links as typed columns, as the store hands them to clustering, and what
 * clustering gives back (storage/stored-linkage.ts, analytics/linkage/cluster-columns.ts).
 */

/**
 * The links of a run as typed columns. Records are those of at least one link, numbered 0.. in id
 * order; links are best score first, ties by the ids (a < b).
 */
export interface LinkColumns {
  /** Source names; `source` holds an index into it. */
  sources: readonly string[];
  source: Int32Array;
  dayFrom: Int32Array;
  dayTo: Int32Array;
  /** NaN without a usable point. */
  lat: Float64Array;
  lon: Float64Array;
  placeKm: Float64Array;
  /** Country and province as codes (equal codes, equal names); -1 when unknown. */
  country: Int32Array;
  admin1: Int32Array;
  a: Int32Array;
  b: Int32Array;
  score: Float64Array;
}

/** What clustering gives back: each record's incident (its smallest record number) and the links it refused, with the reason. */
export interface ColumnClusters {
  root: Int32Array;
  refused: { link: number; reason: string }[];
}
