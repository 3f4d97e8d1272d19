/**
 * The bundled 2023-census districts of Pakistan (data/pakistan-districts-2023, ODbL boundaries
 * rebuilt from geoBoundaries; PBS census counts): polygons for point-in-polygon, and the names
 * that district labels resolve to, directly or through the crosswalk.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { type BoundarySet, type BoundaryUnit, collectionFeatures, featurePolygons } from './boundary-set.ts';
import { unitKey } from './normalize.ts';
import { PAKISTAN_CROSSWALK } from './pakistan-crosswalk.ts';

const DATA = new URL('../../data/pakistan-districts-2023/', import.meta.url);

/** File names of the bundled Pakistani district data, under data/pakistan-districts-2023/. */
export const PAKISTAN_DISTRICT_FILES = {
  boundaries: 'districts_2023.geojson',
  districts: 'districts.csv',
  counts: 'district_counts.csv',
} as const;

/** The census year of the bundled Pakistani districts and their population. */
export const PAKISTAN_CENSUS_YEAR = 2023;

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** Rows of a bundled CSV as records keyed by header. */
export function readDistrictCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(new URL(file, DATA)), { columns: true, skip_empty_lines: true });
}

/**
 * The 130 census map units of Pakistan (Karachi's 7 districts are one unit, `sd_karachi`), each
 * with its province; AJK and Gilgit-Baltistan are left out (not in the census tables, and the
 * source's `ajk` polygon reaches into Indian-administered Kashmir).
 */
export const pakistanDistricts = once((): BoundarySet => {
  const features = collectionFeatures(
    JSON.parse(readFileSync(new URL(PAKISTAN_DISTRICT_FILES.boundaries, DATA), 'utf8')),
  );
  const units = features
    .filter((f) => f.properties?.in_census_tables === true)
    .map((f, i): BoundaryUnit => ({
      code: String(f.properties!.map_unit_id),
      name: String(f.properties!.name),
      country: 'PAK',
      parentCode: `PK-${String(f.properties!.province_code)}`,
      historicalUnit: null,
      polygons: featurePolygons(f, `feature ${i}`),
    }));
  return { level: 'admin2', country: 'PAK', units };
});

/** A district label resolved to a 2023 map unit. */
export interface DistrictMatch {
  code: string;
  name: string;
  /** ISO 3166-2 code of the unit's province. */
  parentCode: string;
  /** 'name' when the label is a 2023 district's name, 'crosswalk' when it went through PAKISTAN_CROSSWALK. */
  via: 'name' | 'crosswalk';
}

interface LabelTable {
  byKey: Map<string, DistrictMatch | null>;
}

const labelTable = once((): LabelTable => {
  const units = new Map(pakistanDistricts().units.map((u) => [u.code!, u]));
  const byKey = new Map<string, DistrictMatch | null>();
  const match = (code: string, via: DistrictMatch['via']): DistrictMatch => {
    const unit = units.get(code);
    if (!unit) throw new Error(`unknown Pakistani map unit: ${code}`);
    return { code, name: unit.name, parentCode: unit.parentCode!, via };
  };
  for (const row of readDistrictCsv(PAKISTAN_DISTRICT_FILES.districts)) {
    for (const name of [row.district_name!, row.census_name!])
      byKey.set(unitKey(name), match(row.map_unit_id!, 'name'));
  }
  for (const entry of PAKISTAN_CROSSWALK) {
    byKey.set(unitKey(entry.label), entry.unit === null ? null : match(entry.unit, 'crosswalk'));
  }
  return { byKey };
});

/**
 * The 2023 map unit a Pakistani district label names (after `resolveAdmin2Label` has dropped
 * " district" and a parenthesis), or null when it names none, names a split district, or names
 * a unit of another province than `admin1Code` (when given).
 */
export function resolvePakistanDistrict(
  label: string | null,
  admin1Code: string | null,
): DistrictMatch | null {
  if (label === null) return null;
  const found = labelTable().byKey.get(unitKey(label)) ?? null;
  if (found === null) return null;
  return admin1Code === null || admin1Code === found.parentCode ? found : null;
}

/** A district label that names a district since split (Dir, Chitral, Kohistan): why, and the province of its parts. */
export function splitPakistanDistrict(label: string): { note: string; province: string } | null {
  const key = unitKey(label);
  const entry = PAKISTAN_CROSSWALK.find((e) => e.unit === null && e.province && unitKey(e.label) === key);
  return entry ? { note: entry.note, province: entry.province! } : null;
}
