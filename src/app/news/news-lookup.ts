/**
 * The place lookups news extraction uses, built from the bundled geography: the GeoNames
 * gazetteer with its aliases, UCDP's geocoded villages and the provinces, the admin-1 labels sources print (FATA and its
 * agencies resolve to Khyber Pakhtunkhwa), and Pakistan's 2023 districts.
 */
import { resolveAdmin1Label } from '../../geo/admin-labels.ts';
import { afghanDistrictShapes } from '../../geo/boundaries.ts';
import type { BoundaryUnit } from '../../geo/boundary-set.ts';
import { resolveDistrict } from '../../geo/district-search.ts';
import { resolvePlace } from '../../geo/gazetteer.ts';
import {
  pakistanDistricts,
  resolvePakistanDistrict,
  splitPakistanDistrict,
} from '../../geo/pakistan-districts.ts';
import { PipIndex } from '../../geo/pip-index.ts';
import { admin1Unit } from '../../geo/units.ts';
import type { DraftPlace } from '../../ingest/news/news-draft.ts';
import type { PlaceLookup } from '../../ingest/news/text-places.ts';

/** Countries the bundled gazetteer covers, and so the countries news drafts can be placed in. */
export const NEWS_COUNTRIES = ['PAK', 'AFG'] as const;

/** A province as a draft's place (at its label point), or null for an unknown code. */
function provincePlace(country: string, code: string): DraftPlace | null {
  const unit = admin1Unit(code);
  return unit
    ? {
        name: unit.name,
        kind: 'admin1',
        country,
        admin1_code: unit.code,
        admin1_name: unit.name,
        lat: unit.labelPoint[1],
        lon: unit.labelPoint[0],
        point_source: null,
      }
    : null;
}

// Old unit names the gazetteer leaves out ("Federally Administered Tribal Areas", "Bajaur Agency"): today's province.
function historicalUnit(name: string): DraftPlace[] {
  for (const country of NEWS_COUNTRIES) {
    const found = resolveAdmin1Label(country, name);
    const place = found ? provincePlace(country, found.code) : null;
    if (place) return [place];
  }
  return [];
}

/** A district as a draft's place: its province, and no point (a district is not a point). */
function districtPlace(name: string, country: string, admin1Code: string | null): DraftPlace {
  return {
    name,
    kind: 'district',
    country,
    admin1_code: admin1Code,
    admin1_name: admin1Code ? (admin1Unit(admin1Code)?.name ?? null) : null,
    lat: null,
    lon: null,
    point_source: null,
  };
}

/**
 * How far (km) outside a district's edge a town's point still counts as in it: the bundled district
 * lines are simplified, and a village's point is one spot of a place that spreads.
 */
export const DISTRICT_EDGE_KM = 5;

const unitKeyOf = (unit: BoundaryUnit) => `${unit.country}:${unit.code}`;
let districtIndex: PipIndex<BoundaryUnit> | undefined;
// Pakistan's 2023 districts and Afghanistan's geoBoundaries ADM2, built on the first passage that names a district.
const districts = () =>
  (districtIndex ??= new PipIndex(
    [...pakistanDistricts().units, ...afghanDistrictShapes().units],
    (unit) => unit.polygons,
  ));

/** The key of the district of this name in a country (a 2023 district, older labels too, or an Afghan ADM2 district), or null. */
function districtKeyOfName(name: string, country: string): string | null {
  if (country === 'PAK') {
    const found = resolvePakistanDistrict(name, null);
    return found ? `PAK:${found.code}` : null;
  }
  const [found] = resolveDistrict(name, { country }).filter((d) => d.matchedBy === 'name');
  return found ? `${found.country}:${found.code}` : null;
}

/** Whether a point lies in the district of this key, or within DISTRICT_EDGE_KM of its edge. */
function pointInDistrict(lat: number, lon: number, key: string): boolean {
  return districts().nearest(lon, lat, DISTRICT_EDGE_KM, (unit) => unitKeyOf(unit) === key) !== null;
}

/** A PlaceLookup over the bundled gazetteer, the admin-1 labels (old ones too) and the district table. */
export function bundledPlaceLookup(): PlaceLookup {
  return {
    places: (name) => {
      const found = resolvePlace(name).map((p): DraftPlace => ({
        name: p.name,
        kind: p.kind,
        country: p.country,
        admin1_code: p.admin1Code,
        admin1_name: p.admin1Name,
        lat: p.lat,
        lon: p.lon,
        point_source: p.pointSource,
      }));
      return found.length ? found : historicalUnit(name);
    },
    district: (name) => {
      const found = resolvePakistanDistrict(name, null);
      return found ? districtPlace(found.name, 'PAK', found.parentCode) : null;
    },
    namedDistrict: (name) => {
      // Afghan districts (geoBoundaries ADM2) by their own name.
      const [found] = resolveDistrict(name, { country: 'AFG' }).filter((d) => d.matchedBy === 'name');
      return found ? districtPlace(found.name, 'AFG', found.admin1Code) : null;
    },
    splitDistrict: (name) => {
      const split = splitPakistanDistrict(name);
      const province = split ? provincePlace('PAK', split.province) : null;
      return split && province ? { province, note: split.note } : null;
    },
    districtNamed: (place) => {
      const key = districtKeyOfName(place.name, place.country);
      if (key === null || place.kind === 'district') return key;
      // A town of its district's name ("Peshawar", "Bannu") names the district too, when it lies in it.
      return place.kind === 'place' &&
        place.lat !== null &&
        place.lon !== null &&
        pointInDistrict(place.lat, place.lon, key)
        ? key
        : null;
    },
    inDistrict: (place, key) =>
      place.lat !== null && place.lon !== null && pointInDistrict(place.lat, place.lon, key),
  };
}
