/**
 * Derives data/gazetteer/ucdp-places.csv, the villages and towns UCDP has geocoded that the
 * GeoNames extract and the curated aliases do not know, from the bundled UCDP files (GED 22.1 and
 * Candidate 26.0.x, CC BY 4.0). `npm run derive:ucdp-places` writes the file and prints what it left
 * out; test/ucdp-places.test.ts derives it again and compares, so the file cannot drift from here.
 *
 * A place is a `where_coordinates` of an event UCDP places at where_prec 1 (the place itself), its
 * name cut at the first comma ("Spinkai village, Raghzai locality"), without a closing parenthesis
 * ("Khazana Town (Peshawar)") and without one trailing word of settlement (SETTLEMENT_WORDS: "Mir
 * Ali town", "Sipah village"); other trailing words are part of the name ("Nawa Pass"). Left out,
 * and counted: a name the gazetteer already finds (a GeoNames town by name or spelling, an alias,
 * a province); a name of a district (a bare district name means the district); a name UCDP gives
 * two points at where_prec 1 in one country, or at a coarser where_prec a point more than 25 km
 * from its exact one (ambiguous); a name that is a common word, a country, a people or a person's
 * name (COMMON_NAMES, PERSON_WORDS: capitalised in a sentence they would place it); and a point
 * whose province, by UCDP's `adm_1`, is not the province point-in-polygon gives (or no province).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { resolveAdmin1Label } from '../src/geo/admin-labels.ts';
import { admin1Index } from '../src/geo/boundaries.ts';
import { resolveDistrict } from '../src/geo/district-search.ts';
import { resolvePlace, UCDP_PLACES_FILE } from '../src/geo/gazetteer.ts';
import { nameKey } from '../src/geo/normalize.ts';
import { toIso3 } from '../src/ingest/countries.ts';

const DATA = new URL('../data/', import.meta.url);

/** The bundled UCDP files read, with the version each holds. */
export const UCDP_SOURCES = [
  { file: 'ucdp-ged/conflict_data_pak.csv', version: 'GED 22.1' },
  { file: 'ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv', version: 'Candidate 26.0.6' },
  { file: 'ucdp-candidate/GEDEvent_v26_0_7_PAK_AFG.csv', version: 'Candidate 26.0.7' },
] as const;

/**
 * Words UCDP adds after a settlement's name ("Mir Ali town", "Tarlai Kalan suburb of Islamabad"),
 * dropped from the name with what follows them. "valley" too: "Swat valley" is then "Swat", a
 * district's name, and is left out as one.
 */
export const SETTLEMENT_WORDS = ['town', 'village', 'city', 'suburb', 'locality', 'area', 'valley'];
const SETTLEMENT_WORD = new RegExp(`^(.+?)\\s+(?:${SETTLEMENT_WORDS.join('|')})(?:\\s+of\\s.*)?$`, 'i');

/**
 * Names that are words of a sentence as often as places, capitalised at its start or in a
 * headline ("Police", "Market", "Much"), countries, peoples and cities abroad ("Bahrain", "Hazara",
 * "Allahabad"), or people's names ("Hashim", "Zoe", "Shah Latif"): found by reading the derived
 * list, and left out. Facilities keep their whole name ("Mandan Police Station"), which only
 * that name in capitals finds.
 */
export const COMMON_NAMES = [
  'police',
  'market',
  'bazaar',
  'gate',
  'colony',
  'station',
  'post',
  'camp',
  'fort',
  'field',
  'chowk',
  'much',
  'gang',
  'cham',
  'mena',
  'rai',
  'kot',
  'thana',
  'bahrain',
  'hazara',
  'hashim',
  'karam',
  'isha',
  'kahan',
  'wah',
  'zoe',
  'zeba',
  'jibril',
  'asghar',
  'qambar',
  'allahabad',
  'shah latif',
  'shah mansur',
  'mulla saiyid',
  'sakhi sarwar',
  'karim dad qureshi',
  // A word that ends many places' names (Pashto for a cliff: "Kechi Kamar", "Khar Kamar"), so a
  // village's unknown name ending in it put its report at Bajaur's Kamar, 243 km off.
  'kamar',
];

/**
 * Words that end a person's name as often as a place's ("Gul Shah", "Salim Khan"): a name ending
 * in one is left out, since a sentence naming a man of that name would place the event at his
 * namesake village.
 */
export const PERSON_WORDS = ['khan', 'shah', 'ali', 'din', 'gul', 'baba', 'jan', 'ullah', 'hussain', 'ahmad'];

/** Columns of the derived file, in order. */
export const UCDP_PLACE_COLUMNS = [
  'name',
  'country',
  'admin1_code',
  'lat',
  'lon',
  'where_prec',
  'events',
  'exact_events',
  'where_coordinates',
  'sources',
] as const;

type Row = Record<string, string>;

/** The name a where_coordinates gives the place, for matching: see the file's comment. */
export function placeName(whereCoordinates: string): string {
  const name = whereCoordinates
    .split(',')[0]!
    .replace(/\s*\([^()]*\)\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return SETTLEMENT_WORD.exec(name)?.[1] ?? name;
}

interface Candidate {
  key: string;
  country: string;
  /** Events at where_prec 1 by point ("lat,lon"), and their spellings and adm_1 labels. */
  exact: Map<
    string,
    { events: number; spellings: Map<string, number>; written: Set<string>; adm1: Set<string> }
  >;
  /** Events at any where_prec by point, and the source versions that place them there. */
  all: Map<string, { events: number; versions: Set<string> }>;
  /** Points UCDP gives the name at a coarser where_prec, away from its where_prec 1 points. */
  elsewhere: Set<string>;
}

/** How far apart two points given as "lat,lon" are, in km (on a sphere; the distances here are short). */
function km(a: string, b: string): number {
  const [lat1, lon1] = a.split(',').map(Number) as [number, number];
  const [lat2, lon2] = b.split(',').map(Number) as [number, number];
  const rad = Math.PI / 180;
  const x = (lon2 - lon1) * rad * Math.cos(((lat1 + lat2) / 2) * rad);
  return Math.hypot(x, (lat2 - lat1) * rad) * 6371;
}

// UCDP's where_prec 2 is "within 25 km": a name it gives a point farther than that from its exact
// point names another place too ("Nazarabad" is a town of Swat and, at where_prec 2, a village of Kech).
const ELSEWHERE_KM = 25;

/** What the derivation kept, and how many names it left out for each reason. */
export interface UcdpPlacesReport {
  csv: string;
  kept: number;
  leftOut: Record<'ambiguous' | 'known' | 'district' | 'common' | 'person' | 'province', string[]>;
}

function readEvents(): { row: Row; version: string }[] {
  const seen = new Set<string>();
  const events: { row: Row; version: string }[] = [];
  for (const source of UCDP_SOURCES) {
    const rows: Row[] = parse(readFileSync(new URL(source.file, DATA)), { columns: true, bom: true });
    for (const row of rows) {
      // GED's HDX extract has an HXL hashtag row, and ids 634642 and 634643 are in both Candidate files.
      if (!/^\d+$/.test(row.id ?? '') || seen.has(row.id!)) continue;
      seen.add(row.id!);
      events.push({ row, version: source.version });
    }
  }
  return events;
}

const most = (counts: Map<string, number>) =>
  [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];

/** Derives the file's text from the bundled UCDP files and the gazetteer as it stands. */
export function deriveUcdpPlaces(): UcdpPlacesReport {
  const candidates = new Map<string, Candidate>();
  const events = readEvents();
  for (const { row } of events) {
    if (row.where_prec !== '1') continue;
    const country = toIso3(row.country);
    const name = placeName(row.where_coordinates ?? '');
    const key = nameKey(name);
    if (!country || key === '') continue;
    const id = `${key}|${country}`;
    const c = candidates.get(id) ?? { key, country, exact: new Map(), all: new Map(), elsewhere: new Set() };
    candidates.set(id, c);
    const point = `${Number(row.latitude)},${Number(row.longitude)}`;
    const at = c.exact.get(point) ?? { events: 0, spellings: new Map(), written: new Set(), adm1: new Set() };
    c.exact.set(point, at);
    at.events++;
    at.spellings.set(name, (at.spellings.get(name) ?? 0) + 1);
    at.written.add(row.where_coordinates!.trim());
    at.adm1.add(row.adm_1 ?? '');
  }
  // Every event at a kept point under the same name, whatever its where_prec, counts as placed there.
  for (const { row, version } of events) {
    const c = candidates.get(`${nameKey(placeName(row.where_coordinates ?? ''))}|${toIso3(row.country)}`);
    const point = `${Number(row.latitude)},${Number(row.longitude)}`;
    if (!c) continue;
    if (!c.exact.has(point)) {
      c.elsewhere.add(point);
      continue;
    }
    const at = c.all.get(point) ?? { events: 0, versions: new Set() };
    c.all.set(point, at);
    at.events++;
    at.versions.add(version);
  }
  const leftOut: UcdpPlacesReport['leftOut'] = {
    ambiguous: [],
    known: [],
    district: [],
    common: [],
    person: [],
    province: [],
  };
  const records: (string | number)[][] = [];
  for (const c of candidates.values()) {
    const [[point, exact], ...others] = [...c.exact];
    const name = most(exact!.spellings);
    const label = `${name} (${c.country})`;
    const words = c.key.split(' ');
    if (resolvePlace(name).some((p) => p.matchedBy !== 'ucdp')) leftOut.known.push(label);
    else if (resolveDistrict(name).some((d) => d.matchedBy !== 'prefix')) leftOut.district.push(label);
    else if (others.length || [...c.elsewhere].some((p) => km(p, point!) > ELSEWHERE_KM))
      leftOut.ambiguous.push(label);
    else if (COMMON_NAMES.includes(c.key) || toIso3(name)) leftOut.common.push(label);
    else if (PERSON_WORDS.includes(words.at(-1)!)) leftOut.person.push(label);
    else {
      const [lat, lon] = point!.split(',').map(Number) as [number, number];
      const labels = [...exact!.adm1].map((l) => resolveAdmin1Label(c.country, l)?.code ?? null);
      const code = labels[0] ?? null;
      const within = admin1Index().locate(lon, lat)?.code ?? null;
      if (code === null || labels.some((l) => l !== code) || within !== code) {
        leftOut.province.push(label);
        continue;
      }
      const all = c.all.get(point!)!;
      records.push([
        name,
        c.country,
        code,
        lat,
        lon,
        1,
        all.events,
        exact!.events,
        [...exact!.written].sort().join('; '),
        UCDP_SOURCES.map((s) => s.version)
          .filter((v) => all.versions.has(v))
          .join('; '),
      ]);
    }
  }
  records.sort(
    (a, b) => String(a[1]).localeCompare(String(b[1])) || String(a[0]).localeCompare(String(b[0])),
  );
  for (const list of Object.values(leftOut)) list.sort();
  const csv = stringify(records, { header: true, columns: [...UCDP_PLACE_COLUMNS] });
  return { csv, kept: records.length, leftOut };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = deriveUcdpPlaces();
  writeFileSync(new URL(`gazetteer/${UCDP_PLACES_FILE}`, DATA), report.csv);
  console.log(`data/gazetteer/${UCDP_PLACES_FILE}: ${report.kept} places`);
  for (const [reason, names] of Object.entries(report.leftOut))
    console.log(`left out (${reason}): ${names.length}${names.length ? `: ${names.join(', ')}` : ''}`);
}
