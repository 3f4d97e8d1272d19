/**
 * Resolves the admin-1 and admin-2 labels that sources print (UCDP `adm_1`/`adm_2`, ACLED
 * `admin1`/`admin2`, user CSVs) to canonical units, including pre-2018 Pakistani units.
 */
import { ADMIN1_VARIANTS, FATA_AGENCIES, FATA_NAMES, FRONTIER_REGIONS } from './admin1-variants.ts';
import { nameKey, unitKey } from './normalize.ts';
import { ADMIN1_UNITS, FATA_MERGER_DATE, admin1Unit } from './units.ts';

/** A label resolved to a canonical unit. */
export interface Admin1Resolution {
  /** ISO 3166-2 code of today's unit. */
  code: string;
  /** English name of today's unit. */
  name: string;
  /** 'FATA' when the label names FATA or one of its agencies or Frontier Regions (now in PK-KP), else null. */
  historicalUnit: 'FATA' | null;
}

interface Entry {
  code: string;
  historicalUnit: 'FATA' | null;
}

function buildTable(): Map<string, Map<string, Entry>> {
  const table = new Map<string, Map<string, Entry>>([
    ['PAK', new Map()],
    ['AFG', new Map()],
  ]);
  const add = (country: string, label: string, entry: Entry): void => {
    const keys = table.get(country)!;
    const key = unitKey(label);
    const known = keys.get(key);
    if (known && known.code !== entry.code) {
      throw new Error(`admin-1 variant "${label}" names both ${known.code} and ${entry.code}`);
    }
    if (!known || entry.historicalUnit === null) keys.set(key, entry);
  };
  for (const name of FATA_NAMES) add('PAK', name, { code: 'PK-KP', historicalUnit: 'FATA' });
  for (const agency of FATA_AGENCIES) add('PAK', agency, { code: 'PK-KP', historicalUnit: 'FATA' });
  for (const place of FRONTIER_REGIONS) {
    add('PAK', `FR ${place}`, { code: 'PK-KP', historicalUnit: 'FATA' });
    add('PAK', `Frontier Region ${place}`, { code: 'PK-KP', historicalUnit: 'FATA' });
  }
  for (const unit of ADMIN1_UNITS) {
    const entry: Entry = { code: unit.code, historicalUnit: null };
    for (const label of [unit.code, unit.name, ...(ADMIN1_VARIANTS[unit.code] ?? [])])
      add(unit.country, label, entry);
    for (const label of [unit.nameUr, unit.nameFa]) if (label) add(unit.country, label, entry);
  }
  return table;
}

const TABLE = buildTable();

// GED writes Frontier Regions as "FR Bannu - Mir Ali", "FR Tank - Jandola": any "FR …" is ex-FATA.
const FRONTIER_REGION_KEY = /^(fr|frontier regions?) /;

/**
 * The canonical admin-1 unit a source label names, for a country given as ISO 3166-1 alpha-3,
 * or null when the label is empty or unknown. Old units resolve to today's: FATA, its agencies
 * and Frontier Regions, and NWFP → PK-KP; "Northern Areas" → PK-GB; "Sind" → PK-SD.
 */
export function resolveAdmin1Label(country: string, label: string | null): Admin1Resolution | null {
  if (label === null) return null;
  const keys = TABLE.get(country.trim().toUpperCase());
  const key = unitKey(label);
  if (!keys || key === '') return null;
  let entry = keys.get(key) ?? null;
  if (entry === null && country.trim().toUpperCase() === 'PAK' && FRONTIER_REGION_KEY.test(key)) {
    entry = { code: 'PK-KP', historicalUnit: 'FATA' };
  }
  if (entry === null) return null;
  return { code: entry.code, name: admin1Unit(entry.code)!.name, historicalUnit: entry.historicalUnit };
}

/**
 * A district name from a source's admin-2 label, for display and grouping: drops " district" /
 * " agency" (and GED's "Distrcit" typo) and a trailing parenthesis, which in UCDP is either the
 * province ("Fayzabad district (Badakhshan)") or another name ("Tere Zayi district (Alisher)").
 * Null for an empty label.
 */
export function resolveAdmin2Label(label: string | null): string | null {
  if (label === null) return null;
  const name = label
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*\([^()]*\)$/, '')
    .replace(/\s+(district|distrcit|agency)$/i, '')
    .trim();
  return name === '' ? null : name;
}

const AGENCY_KEYS = new Set(FATA_AGENCIES.map((agency) => nameKey(agency)));
const FATA_KEYS = new Set(FATA_NAMES.map((name) => unitKey(name)));

/**
 * Whether a label names a pre-merger FATA unit: FATA itself, an "agency", or a Frontier Region,
 * always; a bare agency name ("North Waziristan") only when the date (YYYY-MM-DD) is before the
 * 2018-05-31 merger; a "… district" never, since the districts are the post-merger units.
 */
export function isPreMergerFataLabel(label: string | null, date?: string): boolean {
  if (label === null) return false;
  const full = nameKey(label);
  const key = unitKey(label);
  if (FATA_KEYS.has(key) || FRONTIER_REGION_KEY.test(key)) return true;
  if (!AGENCY_KEYS.has(key)) return false;
  if (full.endsWith(' agency')) return true;
  if (full.endsWith(' district')) return false;
  return date !== undefined && date < FATA_MERGER_DATE;
}
