import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Event } from '../domain/event.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';
import { createPlacer, loadBoundarySet, type GeoPlacement } from '../geo/index.ts';
import { samePlacement, type EventGeo } from '../domain/placed-event.ts';
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
 * zone, a chunk at a time as the store reads them; returns how many were placed and how many of them
 * changed placement. Only those are given to the store to write (the store checks again: it writes
 * only what differs), so an unchanged store holds nothing but the chunk being placed.
 * `onPlaced` hears the running count after each chunk.
 */
export async function replaceEvents(
  store: Store,
  place: EventPlacer,
  country?: string,
  onPlaced?: (placed: number) => void,
): Promise<PlacementUpdate> {
  let n = 0;
  async function* moved() {
    for await (const chunk of store.placementInputs(country)) {
      const out: (EventGeo & { id: string })[] = [];
      for (const r of chunk) {
        const geo = place(r as unknown as Event);
        if (!samePlacement(geo, r.stored)) out.push({ id: r.id, ...geo });
      }
      yield out;
      n += chunk.length;
      onPlaced?.(n);
    }
  }
  const { changed } = await store.updatePlacements(moved());
  return { placed: n, changed };
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
  options: { borderZoneKm?: number; onPlaced?: (placed: number) => void } = {},
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
