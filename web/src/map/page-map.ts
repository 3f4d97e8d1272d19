/**
 * The page's one map: built the first time a view shows it, then kept for the page's life in an
 * element of its own that each map view's panel takes into its box and gives back when the view
 * goes. Building a MapLibre map (its WebGL context, shaders and boundaries) cost 1.5-3 s of CPU
 * drawn in software, and the box stood blank meanwhile, each time a view with the map was entered.
 */
import { getAsset } from '../api/client.ts';
import type { Unit } from '../api/types.ts';
import { fmtInt, fmtSig } from '../format.ts';
import { t } from '../i18n/t.ts';
import { setFilters } from '../state/url-state.ts';
import { FaultlineMap, type MapConfig, type UnitFigure } from './map-engine.ts';

export { addLabels } from './map-labels.ts';
export { webglAvailable } from './map-engine.ts';

type Geo = GeoJSON.FeatureCollection;

/** The map and the province outlines it draws (for the labels). */
export interface PageMap {
  map: FaultlineMap;
  admin1: Geo;
}

/** What MapLibre draws into; taken into a panel's box while a map view shows it, out of the page otherwise. */
const host = document.createElement('div');
host.className = 'map-host';
let built: Promise<PageMap> | null = null;

async function loadConfig(): Promise<MapConfig> {
  try {
    const r = await fetch(new URL('config.json', document.baseURI));
    if (!r.ok) return {};
    const c = (await r.json()) as { tileUrl?: string | null; tileAttribution?: string | null };
    return { tileUrl: c.tileUrl ?? undefined, tileAttribution: c.tileAttribution ?? undefined };
  } catch {
    return {};
  }
}

function describeUnit(units: readonly Unit[]) {
  const names = new Map(units.map((u) => [u.code, u]));
  return (code: string, f: UnitFigure | undefined) => {
    const u = names.get(code);
    const local = u ? (u.country === 'PAK' ? u.name_ur : u.name_fa) : null;
    const name = u ? `${u.name}${local ? ` (${local})` : ''}` : code;
    if (f?.rate !== undefined)
      return t('map.tooltip.rate', {
        name,
        n: fmtInt(f.events),
        rate: f.rate === null ? t('map.noPopulation') : fmtSig(f.rate),
      });
    return t('map.tooltip', {
      name,
      n: fmtInt(f?.events ?? 0),
      deaths: t('count.deaths', { n: fmtInt(f?.deaths ?? 0) }),
    });
  };
}

async function build(): Promise<PageMap> {
  const [admin1, countries, zone, config, unitList] = await Promise.all([
    getAsset<Geo>('geo/admin1.geojson'),
    getAsset<Geo>('geo/countries.geojson'),
    getAsset<Geo>('geo/border-zone.geojson'),
    loadConfig(),
    getAsset<Unit[]>('geo/units.json'),
  ]);
  const map = new FaultlineMap(
    host,
    { admin1, countries, zone },
    config,
    (code) => setFilters({ admin1: code }),
    describeUnit(unitList),
  );
  await map.ready;
  return { map, admin1 };
}

/**
 * Puts the map's element into `box` (so a map built now gets the box's size) and gives back a
 * function that takes it out again if it is still there.
 */
export function placeIn(box: HTMLElement): () => void {
  box.append(host);
  return () => {
    if (host.parentElement === box) host.remove();
  };
}

/**
 * The page's map, built on the first call. A build that fails (a boundary file that did not load)
 * is not kept: the next view with the map tries again, as it did when each view built its own.
 */
export function pageMap(): Promise<PageMap> {
  built ??= build().catch((e: unknown) => {
    built = null;
    throw e;
  });
  return built;
}
