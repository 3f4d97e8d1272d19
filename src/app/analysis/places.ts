/** The places use case: a name resolved through the gazetteer, and place names the loaded events use. */
import { InvalidInputError } from '../../domain/errors.ts';
import { shownValue } from '../../domain/quote.ts';
import { resolveDistrict } from '../../geo/district-search.ts';
import { resolvePlace } from '../../geo/gazetteer.ts';
import type { Store } from '../../storage/store.ts';

/** One place: from the gazetteer (GeoNames, aliases, admin-1 units), the bundled district boundaries, or the events' own place names. */
export interface PlaceRow {
  name: string;
  from: 'gazetteer' | 'districts' | 'events';
  country: string;
  admin1_code: string | null;
  admin1_name: string | null;
  admin2_name: string | null;
  lat: number | null;
  lon: number | null;
  kind: string;
  matched_by: string;
  population: number | null;
  /**
   * Events with this place name as every count takes them, without superseded Candidate copies or
   * desk events (events rows only; null for gazetteer rows).
   */
  events: number | null;
}

/** Checks a place query's text and countries (as the API and the CLI take them: ISO3 codes, comma-separated). */
export function placeQueryInput(q: string, country?: string): { text: string; country?: string[] } {
  const text = q.trim();
  if (text.length < 2) throw new InvalidInputError(`invalid q: ${shownValue(q)} (use at least 2 characters)`);
  const codes = country
    ?.split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  for (const c of codes ?? [])
    if (!/^[A-Z]{3}$/.test(c))
      throw new InvalidInputError(
        `invalid country: ${shownValue(c)} (use an ISO 3166-1 alpha-3 code such as PAK)`,
      );
  return { text, ...(codes?.length ? { country: codes } : {}) };
}

/**
 * The rows no store is needed for: gazetteer matches for `text` (best first), then districts of that
 * name or starting with it (Pakistan's 2023 districts, Afghanistan's ADM2; a point inside each).
 */
export function namedPlaces(text: string, q: { country?: string[]; limit?: number } = {}): PlaceRow[] {
  const limit = q.limit ?? 20;
  const countries = q.country?.length ? q.country : [undefined];
  const fromGazetteer: PlaceRow[] = countries
    .flatMap((c) => resolvePlace(text, { country: c }))
    .slice(0, limit)
    .map((p) => ({
      name: p.name,
      from: 'gazetteer',
      country: p.country,
      admin1_code: p.admin1Code,
      admin1_name: p.admin1Name,
      admin2_name: null,
      lat: p.lat,
      lon: p.lon,
      kind: p.kind,
      matched_by: p.matchedBy,
      population: p.population,
      events: null,
    }));
  const districts: PlaceRow[] = countries
    .flatMap((c) => resolveDistrict(text, { country: c }))
    .slice(0, limit)
    .map((d) => ({
      name: d.name,
      from: 'districts',
      country: d.country,
      admin1_code: d.admin1Code,
      admin1_name: d.admin1Name,
      admin2_name: d.name,
      lat: d.lat,
      lon: d.lon,
      kind: 'district',
      matched_by: d.matchedBy,
      population: null,
      events: null,
    }));
  return [...fromGazetteer, ...districts];
}

/** The named places (`namedPlaces`), then event place names starting with `q` (most events first). */
export async function placesQuery(
  store: Store,
  q: { q: string; country?: string[]; limit?: number },
): Promise<{ places: PlaceRow[] }> {
  const text = q.q.trim();
  if (text.length < 2)
    throw new InvalidInputError(`invalid q: ${shownValue(q.q)} (use at least 2 characters)`);
  const limit = q.limit ?? 20;
  const rows = await store.places({ prefix: text, country: q.country, limit });
  const fromEvents: PlaceRow[] = rows.map((r) => ({
    name: r.name,
    from: 'events',
    country: r.country,
    admin1_code: r.admin1_code,
    admin1_name: r.admin1_name,
    admin2_name: r.admin2_name,
    lat: r.lat === null ? null : Math.round(r.lat * 1e4) / 1e4,
    lon: r.lon === null ? null : Math.round(r.lon * 1e4) / 1e4,
    kind: 'place',
    matched_by: 'prefix',
    population: null,
    events: Number(r.events),
  }));
  return { places: [...namedPlaces(text, { country: q.country, limit }), ...fromEvents] };
}
