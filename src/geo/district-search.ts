/**
 * District names resolved to their units: Pakistan's 2023 districts (their names, census names
 * and the crosswalk of older labels such as "Bajaur Agency") and Afghanistan's geoBoundaries ADM2
 * districts, each with a point inside it, so that "Lakki Marwat" or "Bajaur" resolves as a
 * district where the town gazetteer has no entry.
 */
import { admin1Index, afghanDistrictShapes } from './boundaries.ts';
import { parentOf } from './district-parents.ts';
import type { BoundaryUnit } from './boundary-set.ts';
import { interiorPoint } from './interior-point.ts';
import { unitKey } from './normalize.ts';
import { pakistanDistricts, resolvePakistanDistrict, splitPakistanDistrict } from './pakistan-districts.ts';
import { admin1Unit, type GeoCountry } from './units.ts';

/** One district a name may refer to. */
export interface DistrictPlace {
  name: string;
  country: GeoCountry;
  /** The boundary set's unit code (Pakistan's map unit id, geoBoundaries' shapeID). */
  code: string;
  admin1Code: string | null;
  admin1Name: string | null;
  /** A point inside the district (not its centroid, which can fall outside), rounded to 4 decimals. */
  lat: number;
  lon: number;
  /**
   * 'name': the district's own name; 'crosswalk': an older label of it; 'former': the name of a
   * district since split, of which this is a part ("Dir": Upper Dir and Lower Dir); 'prefix': a
   * name that starts with the query.
   */
  matchedBy: 'name' | 'crosswalk' | 'former' | 'prefix';
}

const points = new Map<string, [number, number]>();

/** A district's name keys: geoBoundaries writes another name in parentheses ("Khost(Matun)"), and both count. */
function ownKeys(name: string): string[] {
  const m = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(name);
  return (m ? [m[1]!, m[2]!] : [name]).map(unitKey).filter((k) => k !== '');
}
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

function place(
  unit: BoundaryUnit,
  country: GeoCountry,
  matchedBy: DistrictPlace['matchedBy'],
): DistrictPlace {
  const key = `${country}:${unit.code}`;
  let point = points.get(key);
  if (!point) points.set(key, (point = interiorPoint(unit.polygons)));
  // Afghan shapes come without their province: found as afghanDistricts() finds it, for matches only.
  const parentCode = unit.parentCode ?? (country === 'AFG' ? parentOf(unit, country, admin1Index()) : null);
  const parent = parentCode ? admin1Unit(parentCode) : null;
  return {
    name: unit.name,
    country,
    code: unit.code!,
    admin1Code: parentCode,
    admin1Name: parent?.name ?? null,
    lat: r4(point[1]),
    lon: r4(point[0]),
    matchedBy,
  };
}

/**
 * Districts a name may refer to: exact names (and, in Pakistan, older labels) first, then districts
 * whose name starts with it (at least 3 letters), each group by name. [] when nothing matches.
 */
export function resolveDistrict(name: string, options: { country?: string } = {}): DistrictPlace[] {
  const key = unitKey(name);
  if (key === '') return [];
  const country = options.country?.trim().toUpperCase();
  const sets: [GeoCountry, readonly BoundaryUnit[]][] = [];
  if (!country || country === 'PAK') sets.push(['PAK', pakistanDistricts().units]);
  if (!country || country === 'AFG') sets.push(['AFG', afghanDistrictShapes().units]);
  const exact: DistrictPlace[] = [];
  const prefix: DistrictPlace[] = [];
  for (const [iso3, units] of sets) {
    const pakistan = iso3 === 'PAK' ? resolvePakistanDistrict(name, null) : null;
    // A district since split names its parts: "Dir" is Upper and Lower Dir, "Kohistan" three units
    // of Khyber Pakhtunkhwa ending in its name.
    const split = iso3 === 'PAK' ? splitPakistanDistrict(name) : null;
    for (const unit of units) {
      const own = ownKeys(unit.name);
      if (own.includes(key)) exact.push(place(unit, iso3, 'name'));
      else if (pakistan?.code === unit.code) exact.push(place(unit, iso3, 'crosswalk'));
      else if (split && unit.parentCode === split.province && own.some((k) => k.endsWith(` ${key}`)))
        exact.push(place(unit, iso3, 'former'));
      else if (key.length >= 3 && own.some((k) => k.startsWith(key)))
        prefix.push(place(unit, iso3, 'prefix'));
    }
  }
  const byName = (a: DistrictPlace, b: DistrictPlace) =>
    a.name.localeCompare(b.name) || a.country.localeCompare(b.country);
  return [...exact.sort(byName), ...prefix.sort(byName)];
}

let names: string[] | undefined;
let lower: Set<string> | undefined;

/** The names of the bundled districts (Pakistan's 2023 map units, Afghanistan's geoBoundaries ADM2), as placement gives them to events. */
export function districtNames(): readonly string[] {
  return (names ??= [...pakistanDistricts().units, ...afghanDistrictShapes().units].map((u) =>
    u.name.trim(),
  ));
}

/** Whether a name is, exactly (case aside), the name of a bundled district. */
export function isDistrictName(name: string): boolean {
  lower ??= new Set(districtNames().map((n) => n.toLowerCase()));
  return lower.has(name.trim().toLowerCase());
}
