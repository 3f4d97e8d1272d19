/**
 * The place lookups news extraction uses, built from the bundled geography: the GeoNames
 * gazetteer with its aliases and provinces, and Pakistan's 2023 districts.
 */
import { resolvePlace } from '../../geo/gazetteer.ts';
import { resolvePakistanDistrict } from '../../geo/pakistan-districts.ts';
import { admin1Unit } from '../../geo/units.ts';
import type { DraftPlace } from '../../ingest/news/news-draft.ts';
import type { PlaceLookup } from '../../ingest/news/text-places.ts';

/** Countries the bundled gazetteer covers, and so the countries news drafts can be placed in. */
export const NEWS_COUNTRIES = ['PAK', 'AFG'] as const;

/** A PlaceLookup over the bundled gazetteer and district table. */
export function bundledPlaceLookup(): PlaceLookup {
  return {
    places: (name) =>
      resolvePlace(name).map((p): DraftPlace => ({
        name: p.name,
        kind: p.kind,
        country: p.country,
        admin1_code: p.admin1Code,
        admin1_name: p.admin1Name,
        lat: p.lat,
        lon: p.lon,
      })),
    district: (name) => {
      const found = resolvePakistanDistrict(name, null);
      if (!found) return null;
      return {
        name: found.name,
        kind: 'district',
        country: 'PAK',
        admin1_code: found.parentCode,
        admin1_name: admin1Unit(found.parentCode)?.name ?? null,
        lat: null,
        lon: null,
      };
    },
  };
}
