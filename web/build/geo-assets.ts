/**
 * Boundary GeoJSON for the dashboard, made at build time from the bundled data through src/geo
 * (the same units, codes and border the API places events with): canonical admin-1 units with
 * their Urdu and Persian names, the two country outlines and the border line, the border zone as
 * merged H3 cells, and the districts of both countries. Geometry is simplified and rounded to keep the files small.
 */
import { cellToLatLng, cellsToMultiPolygon, polygonToCells } from 'h3-js';
import type { DistrictEntry, UnitEntry } from '../../src/app/answers.ts';
import { loadSettings } from '../../src/config/settings.ts';
import {
  ADMIN1_UNITS,
  admin1ByCode,
  afghanDistricts,
  borderLine,
  pakistanDistricts,
  countryOutlines,
  createBorderMeter,
  unitPopulation,
} from '../../src/geo/index.ts';
import { simplifyLines, simplifyMultiPolygon } from './simplify.ts';

/** H3 resolution of the cells the border zone is drawn with (edge ≈ 3.7 km). */
const ZONE_RES = 6;

const collection = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

/** Canonical admin-1 units (ex-FATA merged into PK-KP) with names in English, Urdu and Persian (Dari). */
export function admin1Geojson(): string {
  const byCode = admin1ByCode();
  return collection(
    ADMIN1_UNITS.map((u) => ({
      type: 'Feature',
      id: u.code,
      properties: {
        code: u.code,
        country: u.country,
        name: u.name,
        name_ur: u.nameUr,
        name_fa: u.nameFa,
        label_lon: u.labelPoint[0],
        label_lat: u.labelPoint[1],
      },
      geometry: {
        type: 'MultiPolygon',
        coordinates: simplifyMultiPolygon(
          (byCode.get(u.code) ?? []).flatMap((b) => b.polygons),
          0.004,
          3,
        ),
      },
    })),
  );
}

/** Pakistan and Afghanistan outlines and the border line between them. */
export function countriesGeojson(): string {
  const outlines = countryOutlines().map((c) => ({
    type: 'Feature',
    properties: { kind: 'country', country: c.country },
    geometry: { type: 'MultiPolygon', coordinates: simplifyMultiPolygon(c.polygons, 0.004, 3) },
  }));
  const line = {
    type: 'Feature',
    properties: { kind: 'border' },
    geometry: { type: 'MultiLineString', coordinates: simplifyLines(borderLine(), 0.001, 4) },
  };
  return collection([...outlines, line]);
}

/** The border zone: every H3 cell whose centre lies within the zone width of the border line, merged. */
export function borderZoneGeojson(zoneKm: number): string {
  const meter = createBorderMeter(zoneKm);
  const pts = borderLine().flat();
  const margin = zoneKm / 80; // degrees; 1° of longitude is ≥ 85 km at these latitudes
  const [minX, maxX] = [
    Math.min(...pts.map((p) => p[0]!)) - margin,
    Math.max(...pts.map((p) => p[0]!)) + margin,
  ];
  const [minY, maxY] = [
    Math.min(...pts.map((p) => p[1]!)) - margin,
    Math.max(...pts.map((p) => p[1]!)) + margin,
  ];
  const box = [
    [minX, minY],
    [maxX, minY],
    [maxX, maxY],
    [minX, maxY],
    [minX, minY],
  ];
  const cells = polygonToCells(box, ZONE_RES, true).filter((c) => {
    const [lat, lon] = cellToLatLng(c);
    return meter.distanceKm(lon, lat) <= zoneKm;
  });
  const coordinates = cellsToMultiPolygon(cells, true).map((poly) =>
    poly.map((ring) => ring.map(([x, y]) => [Math.round(x! * 1e3) / 1e3, Math.round(y! * 1e3) / 1e3])),
  );
  return collection([
    {
      type: 'Feature',
      properties: { kind: 'border-zone', km: zoneKm },
      geometry: { type: 'MultiPolygon', coordinates },
    },
  ]);
}

/** Afghan districts (geoBoundaries ADM2, provinces derived spatially) and Pakistan's 2023-census districts (ODbL). */
export function districtsGeojson(): string {
  return collection(
    [...afghanDistricts().units, ...pakistanDistricts().units].map((d) => ({
      type: 'Feature',
      properties: { name: d.name, code: d.code, admin1_code: d.parentCode, country: d.country },
      geometry: { type: 'MultiPolygon', coordinates: simplifyMultiPolygon(d.polygons, 0.003, 3) },
    })),
  );
}

/** The districts without geometry, by name, for the district filter's suggestions (loaded when the field is first used). */
export function districtsJson(): string {
  return JSON.stringify(
    [...afghanDistricts().units, ...pakistanDistricts().units]
      .map((d) => ({ name: d.name.trim(), country: d.country, admin1_code: d.parentCode ?? null }))
      .sort((a, b) => a.name.localeCompare(b.name)) satisfies DistrictEntry[],
  );
}

/** The admin-1 units without geometry, for the filter menus (small, loaded at start). */
export function unitsJson(): string {
  return JSON.stringify(
    ADMIN1_UNITS.map((u) => ({
      code: u.code,
      country: u.country,
      name: u.name,
      name_ur: u.nameUr,
      name_fa: u.nameFa,
      population: unitPopulation(u.code)?.population ?? null,
      population_year: unitPopulation(u.code)?.year ?? null,
      population_source: unitPopulation(u.code)?.source ?? null,
    })) satisfies UnitEntry[],
  );
}

/** Every asset by file name (under geo/ in the build). */
export function geoAssets(): Map<string, string> {
  const zoneKm = loadSettings().borderZoneKm;
  return new Map([
    ['units.json', unitsJson()],
    ['admin1.geojson', admin1Geojson()],
    ['countries.geojson', countriesGeojson()],
    ['border-zone.geojson', borderZoneGeojson(zoneKm)],
    ['districts.geojson', districtsGeojson()],
    ['districts.json', districtsJson()],
  ]);
}
