/**
 * The slice of GeoJSON geo/ reads (RFC 7946), described as our own types so callers need no
 * GeoJSON typings package.
 */

/** [longitude, latitude] in degrees (WGS 84). */
export type Position = readonly number[];
/** A closed ring: first and last positions are equal. */
export type Ring = readonly Position[];
/** An outer ring followed by its holes. */
export type PolygonCoords = readonly Ring[];
/** Several polygons; every (Multi)Polygon is held in this form after loading. */
export type MultiPolygonCoords = readonly PolygonCoords[];
/** Several lines. */
export type MultiLineCoords = readonly (readonly Position[])[];

/** A GeoJSON geometry as read from a file, before validation. */
export interface RawGeometry {
  type: string;
  coordinates: unknown;
}

/** A GeoJSON feature as read from a file, before validation. */
export interface RawFeature {
  type: string;
  properties: Record<string, unknown> | null;
  geometry: RawGeometry | null;
}

/** A GeoJSON FeatureCollection as read from a file, before validation. */
export interface RawFeatureCollection {
  type: 'FeatureCollection';
  features: RawFeature[];
}
