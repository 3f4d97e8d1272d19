/** The places use case: a name resolved through the gazetteer, and place names the loaded events use. */
import { invalidParam, ParamError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { resolveDistrict } from '../../geo/district-search.ts';
import { resolvePlace } from '../../geo/gazetteer.ts';
import { iso3Codes } from '../../ingest/countries.ts';
import type { Store } from '../../storage/store.ts';
import { asSent, nearest, parseFilter } from '../filters.ts';

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

/**
 * Checks a place query's text and countries (as the API and the CLI take them: ISO3 codes,
 * comma-separated, read as every filter reads them). A code that names no country is refused, not
 * answered with no places: `unknown country: "XXX" (nearest: ...)`.
 */
export function placeQueryInput(q: string, country?: string): { text: string; country?: string[] } {
  const text = q.trim();
  if (text.length < 2) throw invalidParam('q', `${quoteValue(q)} (use at least 2 characters)`);
  if (country === undefined) return { text };
  const codes = parseFilter({ country }).country ?? [];
  for (const c of codes)
    if (!iso3Codes().includes(c))
      // A ParamError, so the CLI names its flag (`unknown --country`) where the API names `country`.
      throw new ParamError(
        (n) =>
          `unknown ${n.field('country')}: ${quoteValue(asSent({ country }, 'country', c))} (nearest: ${nearest(c, iso3Codes()).join(', ')})`,
      );
  return { text, country: codes };
}

/** The lists a place answer draws from, each cut at the answer's limit. */
export type PlaceList = PlaceRow['from'];

const LIST_NAMES: Record<PlaceList, string> = {
  gazetteer: 'gazetteer places',
  districts: 'districts',
  events: 'event place names',
};

/** The note of an answer with lists cut at `limit` (more matched), or null when every match is listed. */
export function placesCutNote(cut: readonly PlaceList[], limit: number): string | null {
  if (!cut.length) return null;
  const names = cut.map((l) => LIST_NAMES[l]);
  const listed = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
  return `more ${listed} match than the limit of ${limit} lists from each: give a larger limit (at most 100) for more`;
}

/**
 * The rows no store is needed for: gazetteer matches for `text` (best first), then districts of that
 * name or starting with it (Pakistan's 2023 districts, Afghanistan's ADM2; a point inside each), each
 * list cut at `limit`, and which lists were cut (more matched).
 */
export function namedPlaces(
  text: string,
  q: { country?: string[]; limit?: number } = {},
): { places: PlaceRow[]; cut: PlaceList[] } {
  const limit = q.limit ?? 20;
  const countries = q.country?.length ? q.country : [undefined];
  const gazetteer = countries.flatMap((c) => resolvePlace(text, { country: c }));
  const fromGazetteer: PlaceRow[] = gazetteer.slice(0, limit).map((p) => ({
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
  const found = countries.flatMap((c) => resolveDistrict(text, { country: c }));
  const districts: PlaceRow[] = found.slice(0, limit).map((d) => ({
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
  const cut: PlaceList[] = [];
  if (gazetteer.length > limit) cut.push('gazetteer');
  if (found.length > limit) cut.push('districts');
  return { places: [...fromGazetteer, ...districts], cut };
}

/**
 * The named places (`namedPlaces`), then event place names starting with `q` (most events first);
 * `note` says which lists more places matched than `limit` lists (null when none).
 */
export async function placesQuery(
  store: Store,
  q: { q: string; country?: string[]; limit?: number },
): Promise<{ places: PlaceRow[]; note: string | null }> {
  const text = q.q.trim();
  if (text.length < 2) throw invalidParam('q', `${quoteValue(q.q)} (use at least 2 characters)`);
  const limit = q.limit ?? 20;
  // One more than the limit: whether more place names match, so a cut list says so.
  const rows = await store.places({ prefix: text, country: q.country, limit: limit + 1 });
  const fromEvents: PlaceRow[] = rows.slice(0, limit).map((r) => ({
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
  const named = namedPlaces(text, { country: q.country, limit });
  const cut: PlaceList[] = rows.length > limit ? [...named.cut, 'events'] : named.cut;
  return { places: [...named.places, ...fromEvents], note: placesCutNote(cut, limit) };
}
