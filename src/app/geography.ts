import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Event } from '../domain/event.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';
import { createPlacer, loadBoundarySet, type GeoPlacement } from '../geo/index.ts';
import { PLACEMENT_DATE_BREAKS } from '../geo/placer.ts';
import type { EventGeo } from '../domain/placed-event.ts';
import type { PlacementUpdate, Store } from '../storage/store.ts';
import { checkReadableFile } from './readable-file.ts';

/** Places one canonical event; the function the importer calls for every row. */
export type EventPlacer = (e: Event) => EventGeo;

/** The store's columns from a geo placement. */
export function toEventGeo(p: GeoPlacement): EventGeo {
  return {
    admin1Code: p.admin1Code,
    admin1Name: p.admin1Name,
    admin2Code: p.admin2Code,
    admin2Name: p.admin2Name,
    pointAdmin1Code: p.pointAdmin1Code,
    labelAdmin1Code: p.labelAdmin1Code,
    geoMethod: p.method,
    historicalUnit: p.historicalUnit,
    preMergerLabel: p.preMergerLabel,
    snappedKm: p.snappedKm,
    borderKm: p.borderKm,
    borderSide: p.borderSide,
    borderZone: p.borderZone,
    h3Coarse: p.h3Coarse,
    h3Fine: p.h3Fine,
    borderKmLow: p.borderKmLow,
    borderKmHigh: p.borderKmHigh,
    borderMethod: p.borderMethod,
  };
}

/** A placer over the bundled boundaries plus every district set users added to the store. */
export async function createEventPlacer(
  store: Store,
  options: { borderZoneKm?: number } = {},
): Promise<EventPlacer> {
  const districts = (await store.listBoundarySets())
    .filter((b) => b.level === 'admin2')
    .map((b) =>
      loadBoundarySet(JSON.parse(b.geojson), {
        level: 'admin2',
        nameProperty: b.nameProperty,
        codeProperty: b.codeProperty ?? undefined,
        country: b.country,
      }),
    );
  const place = createPlacer({ districts, borderZoneKm: options.borderZoneKm });
  return (e) =>
    toEventGeo(
      place({
        country: e.country,
        lat: e.lat,
        lon: e.lon,
        exact: e.geoExact,
        admin1Label: e.admin1Label,
        admin2Label: e.admin2Label,
        place: e.place,
        date: e.dateStart,
      }),
    );
}

/**
 * Places every stored event (of one country, or all) again, after new boundaries or another border
 * zone: each distinct placement key once (country, point, precision, labels, place name and date
 * class: the 3M-event bench store has 1,329), then every event takes its key's placement in the store,
 * which writes only the events placed otherwise than stored. Returns how many events were placed and
 * how many changed. `onPlaced` hears the running count of keys placed, and of how many.
 */
export async function replaceEvents(
  store: Store,
  place: EventPlacer,
  country?: string,
  onPlaced?: (keys: number, of: number) => void,
): Promise<PlacementUpdate> {
  const q = { country, dateBreaks: PLACEMENT_DATE_BREAKS };
  const keys = await store.placementKeys(q);
  const placed = keys.map((key, i) => {
    const geo = place({
      country: key.country,
      lat: key.lat,
      lon: key.lon,
      geoExact: key.geoExact,
      admin1Label: key.admin1Label,
      admin2Label: key.admin2Label,
      place: key.place,
      dateStart: key.date,
    } as Event);
    if ((i + 1) % 1000 === 0 || i + 1 === keys.length) onPlaced?.(i + 1, keys.length);
    return { key, geo };
  });
  return store.placeByKeys(q, placed);
}

/** Options of a boundary import. */
export interface BoundaryImport {
  level: 'admin1' | 'admin2';
  country: string;
  nameProperty: string;
  codeProperty?: string;
  name?: string;
}

/**
 * Adds a GeoJSON boundary set (e.g. Pakistani districts from OCHA COD-AB or geoBoundaries) to the
 * store after validating it, then places that country's events again so they gain the new units.
 */
export async function importBoundaries(
  store: Store,
  path: string,
  opts: BoundaryImport,
  options: { borderZoneKm?: number; onPlaced?: (keys: number, of: number) => void } = {},
): Promise<{ id: number; units: number; replaced: number; changed: number }> {
  if (opts.level !== 'admin2')
    throw new InvalidInputError(
      `invalid level: ${quoteValue(opts.level)} (only admin2 district sets can be added; admin-1 units are canonical)`,
    );
  // One line quoting the name, as import's (it gave the stream's "ENOENT: no such file or directory, open ...").
  checkReadableFile(path);
  const text = await readFile(path, 'utf8').catch((e: Error) => {
    throw new InvalidInputError(`cannot read ${quoteValue(path)}: ${e.message}`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InvalidInputError(
      `invalid boundary file: ${quoteValue(path)} is not JSON (${(e as Error).message})`,
    );
  }
  const set = loadBoundarySet(json, {
    level: opts.level,
    nameProperty: opts.nameProperty,
    codeProperty: opts.codeProperty,
    country: opts.country,
  });
  const id = await store.addBoundarySet({
    name: opts.name ?? basename(path),
    level: opts.level,
    country: opts.country,
    nameProperty: opts.nameProperty,
    codeProperty: opts.codeProperty ?? null,
    sha256: createHash('sha256').update(text).digest('hex'),
    units: set.units.length,
    geojson: text,
    importedAt: new Date().toISOString(),
  });
  const r = await replaceEvents(
    store,
    await createEventPlacer(store, { borderZoneKm: options.borderZoneKm }),
    opts.country,
    options.onPlaced,
  );
  return { id, units: set.units.length, replaced: r.placed, changed: r.changed };
}
