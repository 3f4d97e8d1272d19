/**
 * Typed boundary sets built from GeoJSON: the bundled provinces and districts, and any set a user
 * adds (OCHA COD-AB or geoBoundaries Pakistan ADM2, for example), validated with one-line errors.
 */
import { InvalidInputError } from '../domain/errors.ts';
import { quoteJsonValue, quoteValue } from '../domain/quote.ts';
import type { MultiPolygonCoords, PolygonCoords, RawFeature } from './geojson.ts';

/** One polygon unit of a boundary set. */
export interface BoundaryUnit {
  /** Canonical ISO 3166-2 code for admin-1; the source's code (e.g. geoBoundaries shapeID) or null for admin-2. */
  code: string | null;
  name: string;
  /** ISO 3166-1 alpha-3. */
  country: string;
  /** ISO 3166-2 code of the province containing a district (derived spatially), null for admin-1 or when unknown. */
  parentCode: string | null;
  /** 'FATA' for the polygon of the pre-2018 Federally Administered Tribal Areas, else null. */
  historicalUnit: 'FATA' | null;
  /** The geometry as a MultiPolygon (a Polygon becomes a one-part MultiPolygon). */
  polygons: MultiPolygonCoords;
}

/** Administrative level of a boundary set. */
export type BoundaryLevel = 'admin1' | 'admin2';

/** A validated set of units at one level for one country. */
export interface BoundarySet {
  level: BoundaryLevel;
  /** ISO 3166-1 alpha-3 ('PAK+AFG' for the bundled admin-1 set, which spans both; each unit names its own). */
  country: string;
  units: BoundaryUnit[];
}

/** How to read a user's boundary file. */
export interface BoundarySetOptions {
  level: BoundaryLevel;
  /** Feature property holding the unit's name, e.g. `shapeName` (geoBoundaries) or `ADM2_EN` (OCHA COD-AB). */
  nameProperty: string;
  /** Feature property holding the unit's code, e.g. `shapeID` or `ADM2_PCODE`; codes are null without it. */
  codeProperty?: string;
  /** ISO 3166-1 alpha-3 code of the country the file covers. */
  country: string;
}

function fail(reason: string): never {
  throw new InvalidInputError(`invalid boundary file: ${reason}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object')
    return `an object with type ${quoteJsonValue((value as { type?: unknown }).type)}`;
  return quoteJsonValue(value);
}

function checkRing(ring: unknown, where: string): void {
  if (!Array.isArray(ring) || ring.length < 4) fail(`${where} has a ring with fewer than 4 positions`);
  for (const position of ring) {
    const ok =
      Array.isArray(position) &&
      position.length >= 2 &&
      typeof position[0] === 'number' &&
      typeof position[1] === 'number' &&
      Math.abs(position[0]) <= 180 &&
      Math.abs(position[1]) <= 90;
    if (!ok) {
      fail(
        `${where} has position ${quoteJsonValue(position)}, not [lon, lat] in degrees (is the file projected?)`,
      );
    }
  }
}

function checkPolygon(polygon: unknown, where: string): PolygonCoords {
  if (!Array.isArray(polygon) || polygon.length === 0) fail(`${where} has a polygon without rings`);
  for (const ring of polygon) checkRing(ring, where);
  return polygon as PolygonCoords;
}

/** The geometry of a raw feature as a MultiPolygon, or a one-line error naming the feature. */
export function featurePolygons(feature: RawFeature, where: string): MultiPolygonCoords {
  const geometry = feature.geometry;
  if (geometry === null || typeof geometry !== 'object') fail(`${where} has no geometry`);
  if (geometry.type === 'Polygon') return [checkPolygon(geometry.coordinates, where)];
  if (geometry.type === 'MultiPolygon') {
    if (!Array.isArray(geometry.coordinates) || geometry.coordinates.length === 0) {
      fail(`${where} has an empty MultiPolygon`);
    }
    return geometry.coordinates.map((polygon) => checkPolygon(polygon, where));
  }
  return fail(
    `${where} has geometry type ${JSON.stringify(geometry.type)}, expected Polygon or MultiPolygon`,
  );
}

/** The features of a parsed GeoJSON FeatureCollection, or a one-line error saying what it is instead. */
export function collectionFeatures(geojson: unknown): RawFeature[] {
  const collection = geojson as { type?: unknown; features?: unknown } | null;
  if (collection === null || typeof collection !== 'object' || collection.type !== 'FeatureCollection') {
    fail(`expected a GeoJSON FeatureCollection, got ${describe(geojson)}`);
  }
  if (!Array.isArray(collection.features) || collection.features.length === 0) fail('no features');
  return collection.features as RawFeature[];
}

function propertyText(feature: RawFeature, property: string, where: string): string {
  const value = feature.properties?.[property];
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value.trim() === '')
    fail(`${where} has no ${quoteValue(property)} property`);
  return value.replace(/\s+/g, ' ').trim();
}

/**
 * Validates a parsed GeoJSON FeatureCollection of (Multi)Polygons and returns it as a boundary
 * set; throws InvalidInputError `invalid boundary file: <reason>` on the first problem.
 */
export function loadBoundarySet(geojson: unknown, options: BoundarySetOptions): BoundarySet {
  const country = options.country.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(country)) {
    throw new InvalidInputError(
      `invalid boundary country: ${quoteValue(options.country)} (expected ISO 3166-1 alpha-3, e.g. PAK)`,
    );
  }
  if (options.level !== 'admin1' && options.level !== 'admin2') {
    throw new InvalidInputError(
      `invalid boundary level: ${quoteValue(options.level)} (expected admin1 or admin2)`,
    );
  }
  const units = collectionFeatures(geojson).map((feature, i): BoundaryUnit => {
    const where = `feature ${i}`;
    if (feature === null || typeof feature !== 'object' || feature.type !== 'Feature') {
      fail(`${where} is not a GeoJSON Feature`);
    }
    const name = propertyText(feature, options.nameProperty, where);
    const code = options.codeProperty ? propertyText(feature, options.codeProperty, where) : null;
    return {
      code,
      name,
      country,
      parentCode: null,
      historicalUnit: null,
      polygons: featurePolygons(feature, where),
    };
  });
  return { level: options.level, country, units };
}
