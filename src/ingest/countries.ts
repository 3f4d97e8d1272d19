// The library without its 78 locales (its node entry loads them all); English is registered below.
import countries from 'i18n-iso-countries/index.js';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };

countries.registerLocale(en);

// UCDP writes former names in brackets ("DR Congo (Zaire)", "Russia (Soviet Union)"); these need a hint.
const OVERRIDES: Record<string, string> = {
  'dr congo': 'COD',
  congo: 'COG',
  russia: 'RUS',
  myanmar: 'MMR',
  'ivory coast': 'CIV',
  'kingdom of eswatini': 'SWZ',
  'bosnia-herzegovina': 'BIH',
  yemen: 'YEM',
  cambodia: 'KHM',
  serbia: 'SRB',
  madagascar: 'MDG',
  vietnam: 'VNM',
  iran: 'IRN',
  syria: 'SYR',
  turkey: 'TUR',
  laos: 'LAO',
};

const cache = new Map<string, string | null>();

/** ISO 3166-1 alpha-3 code for a country name or numeric code as sources write it, or null. */
export function toIso3(name: string | null | undefined): string | null {
  if (!name) return null;
  let hit = cache.get(name);
  if (hit === undefined) {
    hit = lookup(name.trim());
    if (cache.size < 10_000) cache.set(name, hit);
  }
  return hit;
}

function lookup(t: string): string | null {
  if (/^[A-Z]{3}$/.test(t) && countries.isValid(t)) return t;
  if (/^\d{1,3}$/.test(t)) return countries.numericToAlpha3(t.padStart(3, '0')) ?? null;
  const base = t.replace(/\s*\(.*\)\s*$/, '').toLowerCase();
  // Own keys only: a name such as "constructor" is no country (OVERRIDES' prototype would answer it).
  if (Object.hasOwn(OVERRIDES, base)) return OVERRIDES[base]!;
  const code = countries.getAlpha3Code(t, 'en') ?? countries.getAlpha3Code(base, 'en');
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) ? code : null;
}

/** The English names of an ISO 3166-1 alpha-3 code (IRN: "Islamic Republic of Iran", "Iran"), or none. */
export function countryNames(iso3: string): string[] {
  const names = countries.getName(iso3, 'en', { select: 'all' });
  return Array.isArray(names) ? names : [];
}

/** Every ISO 3166-1 alpha-3 code. */
export function iso3Codes(): string[] {
  return Object.keys(countries.getAlpha3Codes());
}

/** The ISO 3166-1 alpha-2 code of an alpha-3 code (PAK -> PK), or null. */
export function iso2Of(iso3: string): string | null {
  return countries.alpha3ToAlpha2(iso3) ?? null;
}

/** The ISO 3166-1 alpha-3 code of an alpha-2 code (PK -> PAK), or null. */
export function iso3Of(iso2: string): string | null {
  return countries.alpha2ToAlpha3(iso2) ?? null;
}
