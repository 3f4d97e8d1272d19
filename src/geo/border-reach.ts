/**
 * Border distance for events without exact coordinates, from what their place text or units say.
 * A place named as the Afghanistan–Pakistan border, or as one of its crossings, lies at the line:
 * 0 km, anywhere up to BORDER_NAME_KM or CROSSING_KM away. A district or province spans a range,
 * from its nearest to its farthest point. docs/geography.md ("Border distance") gives the rules.
 */
import { nameKey } from './normalize.ts';
import type { MultiPolygonCoords } from './geojson.ts';

/**
 * How an event's border distance was found: 'point' its exact coordinates; 'border_name' the place
 * text names the border itself ("Afghanistan-Pakistan border", "Kunar-Bajaur border", "Durand
 * Line"); 'crossing' it names a border crossing; 'district' / 'province' the range of the unit
 * the event was placed in.
 */
export type BorderMethod = 'point' | 'border_name' | 'crossing' | 'district' | 'province';

/** A border distance with its range: the event lies between lowKm and highKm from the line. */
export interface BorderReach {
  method: BorderMethod;
  /** Best estimate: 0 for a border name or crossing, the unit's interior point for a unit. */
  km: number;
  lowKm: number;
  highKm: number;
}

/** How far from the line an event "at the Afghanistan-Pakistan border" may lie (a judgement: shelling and raids reach a few km in). */
export const BORDER_NAME_KM = 10;

/** How far from the line an event named after a crossing may lie (the crossing's town and approach roads). */
export const CROSSING_KM = 5;

/**
 * Crossings of the Afghanistan–Pakistan border, by the names sources use. The list follows Pakistan
 * Today, 2 July 2017, "Waziristan trade route with Afghanistan being reopened" (Torkham, Chaman,
 * Burki-Kharlachi, Ghulam Khan, Angor Adda, Nawa Pass, Ghakhi Pass), with common spellings.
 */
export const BORDER_CROSSINGS: readonly { name: string; spellings: readonly string[] }[] = [
  { name: 'Torkham', spellings: ['torkham', 'tor kham'] },
  {
    name: 'Chaman',
    spellings: [
      'chaman border',
      'chaman crossing',
      'friendship gate',
      'bab e dosti',
      'spin boldak border',
      'spin boldak crossing',
    ],
  },
  { name: 'Kharlachi', spellings: ['kharlachi', 'khar lachi'] },
  { name: 'Ghulam Khan', spellings: ['ghulam khan'] },
  { name: 'Angoor Adda', spellings: ['angoor adda', 'angor adda', 'angur adda', 'angor ada'] },
  { name: 'Nawa Pass', spellings: ['nawa pass'] },
  { name: 'Ghakhi Pass', spellings: ['ghakhi pass', 'gakhi pass'] },
];

const PAK = ['pakistan', 'pak', 'pakistani'];
const AFG = ['afghanistan', 'afghan', 'af'];

/** Whether normalised words contain the phrase as whole words. */
function hasPhrase(words: string, phrase: string): boolean {
  return ` ${words} `.includes(` ${phrase} `);
}

/** The crossing a place text names, or null. */
export function crossingIn(text: string): string | null {
  const words = nameKey(text);
  return BORDER_CROSSINGS.find((c) => c.spellings.some((s) => hasPhrase(words, s)))?.name ?? null;
}

/**
 * Whether a place text names the Afghanistan–Pakistan border itself: "Afghanistan-Pakistan border",
 * "Pak-Afghan border", "Durand Line", or "<unit>-<unit> border" with one unit on each side (the
 * sideOf function tells which country a unit name lies in).
 */
export function namesTheBorder(text: string, sideOf: (name: string) => 'PAK' | 'AFG' | null): boolean {
  const lower = text.toLowerCase();
  if (/\bdurand line\b/.test(lower)) return true;
  const pair = /([\p{L}. ]+?)\s*[-–/]\s*([\p{L}. ]+?)\s+border\b/u.exec(lower);
  if (!pair) return false;
  const side = (name: string): 'PAK' | 'AFG' | null => {
    const key = nameKey(name);
    if (PAK.includes(key)) return 'PAK';
    if (AFG.includes(key)) return 'AFG';
    return sideOf(name.trim());
  };
  // The pattern may start mid-phrase ("near the Kunar-Bajaur border"): try the last one to three words on the left.
  const left = pair[1]!.trim().split(/\s+/);
  const right = side(pair[2]!);
  if (right === null) return false;
  for (let n = 1; n <= Math.min(3, left.length); n++) {
    const l = side(left.slice(-n).join(' '));
    if (l !== null) return l !== right;
  }
  return false;
}

/** Great-circle km from a point to the border line. */
export type DistanceToLine = (lon: number, lat: number) => number;

/** Grid steps per side when sampling a unit's interior for its farthest point. */
const GRID = 24;

/**
 * The range of border distances over a unit: the nearest of its vertices and the farthest of its
 * vertices and of a grid of interior points. Vertex sampling is exact to the boundary's own
 * simplification (about a km for the bundled sets).
 */
export function unitRange(
  polygons: MultiPolygonCoords,
  distance: DistanceToLine,
  contains: (lon: number, lat: number) => boolean,
): { lowKm: number; highKm: number } {
  let low = Infinity;
  let high = 0;
  let minLon = Infinity,
    maxLon = -Infinity,
    minLat = Infinity,
    maxLat = -Infinity;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (const [lon, lat] of ring as [number, number][]) {
        const km = distance(lon, lat);
        if (km < low) low = km;
        if (km > high) high = km;
        minLon = Math.min(minLon, lon);
        maxLon = Math.max(maxLon, lon);
        minLat = Math.min(minLat, lat);
        maxLat = Math.max(maxLat, lat);
      }
    }
  }
  for (let i = 1; i < GRID; i++) {
    for (let j = 1; j < GRID; j++) {
      const lon = minLon + ((maxLon - minLon) * i) / GRID;
      const lat = minLat + ((maxLat - minLat) * j) / GRID;
      if (!contains(lon, lat)) continue;
      const km = distance(lon, lat);
      if (km > high) high = km;
      if (km < low) low = km;
    }
  }
  return { lowKm: low === Infinity ? 0 : low, highKm: high };
}
