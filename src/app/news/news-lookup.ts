/**
 * The place lookups news extraction uses, built from the bundled geography: the GeoNames
 * gazetteer with its aliases, UCDP's geocoded villages and the provinces, the admin-1 labels sources print (FATA and its
 * agencies resolve to Khyber Pakhtunkhwa), and Pakistan's 2023 districts.
 */
import { resolveAdmin1Label } from '../../geo/admin-labels.ts';
import { resolveDistrict } from '../../geo/district-search.ts';
import { resolvePlace } from '../../geo/gazetteer.ts';
import { resolvePakistanDistrict, splitPakistanDistrict } from '../../geo/pakistan-districts.ts';
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
  };
}
