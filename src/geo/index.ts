/** The geography library's public API: units and labels, boundaries, point-in-polygon, border, H3, placer, gazetteer. */
export {
  ADMIN1_COUNTRIES,
  ADMIN1_UNITS,
  FATA_MERGER_DATE,
  admin1Unit,
  type Admin1Unit,
  type GeoCountry,
} from './units.ts';
export {
  isPreMergerFataLabel,
  resolveAdmin1Label,
  resolveAdmin2Label,
  type Admin1Resolution,
} from './admin-labels.ts';
export { nameKey, unitKey } from './normalize.ts';
export {
  loadBoundarySet,
  type BoundaryLevel,
  type BoundarySet,
  type BoundarySetOptions,
  type BoundaryUnit,
} from './boundary-set.ts';
export {
  BOUNDARY_FILES,
  admin1Boundaries,
  admin1ByCode,
  admin1Index,
  afghanDistricts,
  borderLine,
  countryOutlines,
  type CountryOutline,
} from './boundaries.ts';
export { assignParents } from './district-parents.ts';
export { DEFAULT_SNAP_KM, PipIndex, type NearItem } from './pip-index.ts';
export {
  BORDER_ZONE_KM,
  borderDistanceKm,
  createBorderMeter,
  type BorderMeter,
  type BorderPosition,
  type BorderSide,
} from './border.ts';
export { H3_COARSE_RES, H3_FINE_RES, h3Cells, type H3Cells } from './h3.ts';
export type { GeoPlacement, PlaceInput, PlacementMethod } from './placement.ts';
export { createPlacer, type Place, type PlacerOptions } from './placer.ts';
export {
  GAZETTEER_FILE,
  UCDP_PLACES_FILE,
  resolvePlace,
  type MatchedBy,
  type PlaceMatch,
  type ResolvePlaceOptions,
} from './gazetteer.ts';
export type { MultiPolygonCoords, PolygonCoords, Position, Ring } from './geojson.ts';
export {
  PAKISTAN_CENSUS_YEAR,
  PAKISTAN_DISTRICT_FILES,
  pakistanDistricts,
  resolvePakistanDistrict,
  type DistrictMatch,
} from './pakistan-districts.ts';
export { PAKISTAN_CROSSWALK, type CrosswalkEntry } from './pakistan-crosswalk.ts';
export { AFGHAN_POPULATION_FILE, per100k, unitPopulation, type UnitPopulation } from './population.ts';
