/**
 * The bundled boundaries (Natural Earth admin-1 and countries, geoBoundaries Afghan districts),
 * read from data/boundaries on first use and cached for the life of the process.
 */
import { readFileSync } from 'node:fs';
import {
  type BoundarySet,
  type BoundaryUnit,
  collectionFeatures,
  featurePolygons,
  loadBoundarySet,
} from './boundary-set.ts';
import { assignParents } from './district-parents.ts';
import type { MultiLineCoords, MultiPolygonCoords } from './geojson.ts';
import { PipIndex } from './pip-index.ts';
import { type GeoCountry, NE_FATA_ADM1_CODE, admin1UnitOfNaturalEarth } from './units.ts';

const DATA = new URL('../../data/boundaries/', import.meta.url);

/** File names of the bundled boundary data, under data/boundaries/. */
export const BOUNDARY_FILES = {
  admin1: 'ne_10m_admin_1_pak_afg.geojson',
  countries: 'ne_10m_pak_afg_countries_and_border.geojson',
  afghanDistricts: 'geoBoundaries-AFG-ADM2_simplified.geojson',
} as const;

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(new URL(file, DATA), 'utf8'));
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/**
 * Admin-1 polygons of Pakistan and Afghanistan with canonical codes: 42 units, since PK-KP has two
 * polygons (Natural Earth's K.P. and its separate PK-TA, kept with `historicalUnit: 'FATA'`).
 */
export const admin1Boundaries = once((): BoundarySet => {
  const units = collectionFeatures(readJson(BOUNDARY_FILES.admin1)).map((feature, i): BoundaryUnit => {
    const adm1Code = String(feature.properties?.adm1_code ?? '');
    const unit = admin1UnitOfNaturalEarth(adm1Code);
    if (unit === null) throw new Error(`unknown Natural Earth adm1_code: ${adm1Code}`);
    return {
      code: unit.code,
      name: unit.name,
      country: unit.country,
      parentCode: null,
      historicalUnit: adm1Code === NE_FATA_ADM1_CODE ? 'FATA' : null,
      polygons: featurePolygons(feature, `feature ${i}`),
    };
  });
  return { level: 'admin1', country: 'PAK+AFG', units };
});

/** Point-in-polygon index over `admin1Boundaries()`. */
export const admin1Index = once(() => new PipIndex(admin1Boundaries().units, (unit) => unit.polygons));

/** Admin-1 polygons grouped by canonical code (PK-KP maps to both of its polygons). */
export const admin1ByCode = once((): ReadonlyMap<string, readonly BoundaryUnit[]> => {
  const byCode = new Map<string, BoundaryUnit[]>();
  for (const unit of admin1Boundaries().units)
    byCode.set(unit.code!, [...(byCode.get(unit.code!) ?? []), unit]);
  return byCode;
});

/** The 398 Afghan districts of geoBoundaries AFG ADM2 (2014) as the file has them, without their provinces. */
export const afghanDistrictShapes = once((): BoundarySet =>
  loadBoundarySet(readJson(BOUNDARY_FILES.afghanDistricts), {
    level: 'admin2',
    nameProperty: 'shapeName',
    codeProperty: 'shapeID',
    country: 'AFG',
  }),
);

/** The 398 Afghan districts of geoBoundaries AFG ADM2 (2014), each with its province derived spatially. */
export const afghanDistricts = once((): BoundarySet => assignParents(afghanDistrictShapes(), admin1Index()));

/** A country outline from Natural Earth admin-0. */
export interface CountryOutline {
  country: GeoCountry;
  polygons: MultiPolygonCoords;
}

const countryFeatures = once(() => collectionFeatures(readJson(BOUNDARY_FILES.countries)));

/** Outlines of Pakistan and Afghanistan (Natural Earth 10m admin-0 via world-atlas). */
export const countryOutlines = once((): CountryOutline[] =>
  countryFeatures()
    .filter((feature) => feature.geometry?.type !== 'MultiLineString')
    .map((feature, i) => {
      const iso = feature.properties?.iso_n3;
      if (iso !== '586' && iso !== '004')
        throw new Error(`unexpected country feature: iso_n3 ${String(iso)}`);
      return { country: iso === '586' ? 'PAK' : 'AFG', polygons: featurePolygons(feature, `feature ${i}`) };
    }),
);

/** The Afghanistan–Pakistan border (the Durand Line as Natural Earth draws it), as lines of [lon, lat]. */
export const borderLine = once((): MultiLineCoords => {
  const line = countryFeatures().find((feature) => feature.geometry?.type === 'MultiLineString');
  if (!line) throw new Error(`no border line in ${BOUNDARY_FILES.countries}`);
  return line.geometry!.coordinates as MultiLineCoords;
});
