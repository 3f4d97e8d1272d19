/** Turns API answers into what the map draws: province figures, hexagon polygons, event points. */
import { totalsByGroup } from '../api/queries.ts';
import type { EventsGeojson, SeriesAnswer } from '../api/types.ts';
import type { UnitFigure } from './map-engine.ts';

/** Events and deaths per admin-1 code from a series split by admin1. */
export function unitFigures(series: SeriesAnswer): Map<string, UnitFigure> {
  const out = new Map<string, UnitFigure>();
  for (const [code, g] of totalsByGroup(series.points))
    if (code !== null) out.set(code, { events: g.events, deaths: g.deaths });
  return out;
}

/** Hexagon polygons (from h3-js, loaded on demand) with their event counts, from a series split by h3. */
export async function hexFeatures(series: SeriesAnswer): Promise<GeoJSON.FeatureCollection> {
  const { cellToBoundary } = await import('h3-js');
  const features: GeoJSON.Feature[] = [];
  for (const [cell, g] of totalsByGroup(series.points)) {
    if (cell === null || g.events === 0) continue;
    features.push({
      type: 'Feature',
      properties: { cell, events: g.events, deaths: g.deaths },
      geometry: { type: 'Polygon', coordinates: [cellToBoundary(cell, true)] },
    });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * Event points from two pages of the same filter, deadliest first: all events and exactly located
 * ones (`exact=true`). An event of the first page is exact when the second has it: the top N of a
 * subset in the same order contains every subset member of the top N of the whole.
 */
export function pointFeatures(
  all: EventsGeojson,
  exact: EventsGeojson,
): { points: GeoJSON.FeatureCollection; shown: number; exact: number; approx: number } {
  const exactIds = new Set(exact.features.map((f) => f.properties.id));
  const features: GeoJSON.Feature[] = [];
  let nExact = 0;
  for (const f of all.features) {
    if (!f.geometry) continue;
    const isExact = exactIds.has(f.properties.id);
    if (isExact) nExact++;
    features.push({
      type: 'Feature',
      properties: { id: f.properties.id, exact: isExact, deaths: f.properties.fatalities_best },
      geometry: f.geometry,
    });
  }
  return {
    points: { type: 'FeatureCollection', features },
    shown: features.length,
    exact: nExact,
    approx: features.length - nExact,
  };
}
