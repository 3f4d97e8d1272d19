/**
 * The MapLibre map, loaded on demand (it is the largest part of the dashboard). It draws only
 * GeoJSON that ships with the build — country outlines, admin-1 units, the border line and zone,
 * districts of both countries — and the layers the API's answers make: a province choropleth, H3 hexagons or
 * event points (exact locations filled, centroid-placed ones as rings). A raster tile URL from
 * config.json is drawn underneath when set.
 */
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import {
  breaks,
  colourOf,
  currentPalette,
  rateBreaksByCountry,
  type MapPalette,
  type RateClasses,
} from './palette.ts';

/** The boundaries the map draws and the credit each asks for (the Sources view lists every dataset's). */
export const MAP_ATTRIBUTION =
  'Made with Natural Earth · Afghan districts: geoBoundaries (Runfola et al. 2020) · Pakistan districts: geoBoundaries (ODbL), rebuilt to 2023 census districts by shehroz-iqbal/pakistan-district-data';

maplibregl.setWorkerUrl(workerUrl);
// MapLibre's web worker stays for the page's life: without it, leaving the map's last view ended
// the worker, and each return to a map view started and compiled a new one.
maplibregl.prewarm();

/** Optional settings from config.json next to index.html. */
export interface MapConfig {
  tileUrl?: string;
  tileAttribution?: string;
}

/** A province's figures for the choropleth and its tooltip. */
export interface UnitFigure {
  events: number;
  deaths: number | null;
  /** Events per 100,000 people when the map shows rates: null where faultline has no population. */
  rate?: number | null;
}

type Geo = GeoJSON.FeatureCollection;
const EMPTY: Geo = { type: 'FeatureCollection', features: [] };
/** The desk band's colour: apart from every dataset palette. */
export const DESK_COLOUR = '#e8590c';
const BOUNDS: [[number, number], [number, number]] = [
  [60.4, 23.6],
  [77.9, 38.6],
];

/**
 * Padding that fits the countries clear of the map's own controls: the attribution, 34 px tall
 * at the bottom right, and the zoom buttons, 39 px wide at the top right. With an even padding the
 * attribution lay over the south of Sindh (Karachi) on the overview's map and a phone's, and the
 * zoom buttons over Gilgit-Baltistan on a phone.
 */
function clearOfControls(p: number): maplibregl.PaddingOptions {
  return { top: p, left: p, bottom: Math.max(p, 38), right: Math.max(p, 44) };
}

let webglSeen = false;

/**
 * Whether the browser can draw the map at all. Asked once a page while the answer is yes: each ask
 * made a WebGL context of its own, which stayed in the GPU process until garbage collection (the
 * probe's is released at once now).
 */
export function webglAvailable(): boolean {
  if (webglSeen) return true;
  try {
    const c = document.createElement('canvas');
    const gl = c.getContext('webgl2') ?? c.getContext('webgl');
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    return (webglSeen = !!gl);
  } catch {
    return false;
  }
}

/** The map and the layers the dashboard switches. */
export class FaultlineMap {
  readonly map: maplibregl.Map;
  readonly ready: Promise<void>;
  private palette: MapPalette = currentPalette();
  private unitCodes: string[] = [];
  private figures = new Map<string, UnitFigure>();
  private districtCountry = new Map<string, string>();
  private unitCountry = new Map<string, string>();
  private hexMax = 1;
  private readonly admin1: Geo;
  private districtCodes: string[] = [];
  /** The sources set to anything but EMPTY since they last were (the others start and stay empty). */
  private readonly holding = new Set<'districts' | 'hexes' | 'points' | 'desk'>();
  /** The size the canvas was last given, `WIDTHxHEIGHT` in CSS pixels. */
  private size = '';
  /** The fit `shown` made, until `fitTo` is asked for the same (the view's own fit, once it is on screen). */
  private shownFit: string | null = null;
  private readonly popup = new maplibregl.Popup({
    closeButton: false,
    closeOnClick: false,
    className: 'map-tip',
  });

  constructor(
    container: HTMLElement,
    assets: { admin1: Geo; countries: Geo; zone: Geo },
    config: MapConfig,
    onUnitClick: (code: string) => void,
    describe: (code: string, f: UnitFigure | undefined) => string,
  ) {
    const p = this.palette;
    this.admin1 = assets.admin1;
    const tileSources: Record<string, maplibregl.SourceSpecification> = config.tileUrl
      ? {
          tiles: {
            type: 'raster',
            tiles: [config.tileUrl],
            tileSize: 256,
            attribution: config.tileAttribution ?? '',
          },
        }
      : {};
    const tileLayers: maplibregl.LayerSpecification[] = config.tileUrl
      ? [{ id: 'tiles', type: 'raster', source: 'tiles' }]
      : [];
    this.map = new maplibregl.Map({
      container,
      bounds: BOUNDS,
      fitBoundsOptions: { padding: clearOfControls(8) },
      // The districts drawn for Pakistan are ODbL, whose credit names the licence and who rebuilt them.
      attributionControl: { compact: true, customAttribution: MAP_ATTRIBUTION },
      // Sized by `fitCanvas` instead (MapLibre's own observer sized the canvas to 0 x 0 whenever a
      // view without the map took it off the page, and drew it again at the size `shown` had given it).
      trackResize: false,
      dragRotate: false,
      pitchWithRotate: false,
      style: {
        version: 8,
        sources: {
          ...tileSources,
          countries: { type: 'geojson', data: assets.countries },
          admin1: { type: 'geojson', data: assets.admin1, promoteId: 'code' },
          zone: { type: 'geojson', data: assets.zone },
          districts: { type: 'geojson', data: EMPTY, promoteId: 'code' },
          hexes: { type: 'geojson', data: EMPTY },
          points: { type: 'geojson', data: EMPTY },
          desk: { type: 'geojson', data: EMPTY },
        },
        layers: [
          { id: 'background', type: 'background', paint: { 'background-color': p.background } },
          ...tileLayers,
          {
            id: 'land',
            type: 'fill',
            source: 'countries',
            filter: ['==', ['get', 'kind'], 'country'],
            paint: { 'fill-color': p.land, 'fill-opacity': config.tileUrl ? 0.3 : 1 },
          },
          {
            id: 'choropleth',
            type: 'fill',
            source: 'admin1',
            paint: {
              'fill-color': ['coalesce', ['feature-state', 'colour'], p.noData],
              'fill-opacity': config.tileUrl ? 0.6 : 0.9,
            },
          },
          {
            id: 'hexes',
            type: 'fill',
            source: 'hexes',
            layout: { visibility: 'none' },
            paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.85 },
          },
          {
            id: 'districts-fill',
            type: 'fill',
            source: 'districts',
            paint: {
              'fill-color': ['coalesce', ['feature-state', 'colour'], 'rgba(0,0,0,0)'],
              'fill-opacity': 0.95,
            },
          },
          {
            id: 'districts',
            type: 'line',
            source: 'districts',
            paint: { 'line-color': p.outline, 'line-width': 0.4, 'line-opacity': 0.6 },
          },
          // The border zone over the district fills, which covered it along the Durand Line.
          { id: 'zone', type: 'fill', source: 'zone', paint: { 'fill-color': p.zone, 'fill-opacity': 0.12 } },
          {
            id: 'zone-edge',
            type: 'line',
            source: 'zone',
            paint: { 'line-color': p.zone, 'line-width': 1.5, 'line-dasharray': [3, 2] },
          },
          {
            id: 'admin1-line',
            type: 'line',
            source: 'admin1',
            paint: {
              'line-color': p.outline,
              'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3, 0.8],
            },
          },
          {
            id: 'border',
            type: 'line',
            source: 'countries',
            filter: ['==', ['get', 'kind'], 'border'],
            paint: { 'line-color': p.border, 'line-width': 2 },
          },
          {
            id: 'points-centroid',
            type: 'circle',
            source: 'points',
            layout: { visibility: 'none' },
            filter: ['!', ['get', 'exact']],
            paint: {
              'circle-radius': [
                'interpolate',
                ['linear'],
                ['sqrt', ['coalesce', ['get', 'deaths'], 0]],
                0,
                4,
                10,
                14,
              ],
              'circle-color': 'rgba(0,0,0,0)',
              'circle-stroke-color': p.centroid,
              'circle-stroke-width': 2,
            },
          },
          {
            id: 'points-exact',
            type: 'circle',
            source: 'points',
            layout: { visibility: 'none' },
            filter: ['get', 'exact'],
            paint: {
              'circle-radius': [
                'interpolate',
                ['linear'],
                ['sqrt', ['coalesce', ['get', 'deaths'], 0]],
                0,
                3,
                10,
                12,
              ],
              'circle-color': p.exact,
              'circle-opacity': 0.75,
              'circle-stroke-color': p.halo,
              'circle-stroke-width': 0.8,
            },
          },
          // Desk events (analysts' reports) in their own band, on top, whatever the data layer.
          {
            id: 'desk-points',
            type: 'circle',
            source: 'desk',
            paint: {
              'circle-radius': 6,
              'circle-color': DESK_COLOUR,
              'circle-stroke-color': '#ffffff',
              'circle-stroke-width': 1.5,
            },
          },
        ],
      },
    });
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.size = `${container.clientWidth}x${container.clientHeight}`;
    // Drawn at once, as MapLibre's own observer does, so a resized canvas is never shown blank.
    new ResizeObserver(() => this.fitCanvas() && this.map.redraw()).observe(container);
    this.unitCodes = assets.admin1.features.map((f: GeoJSON.Feature) => String(f.properties!.code));
    for (const f of assets.admin1.features as GeoJSON.Feature[])
      this.unitCountry.set(String(f.properties!.code), String(f.properties!.country ?? ''));
    this.ready = new Promise((resolve) => this.map.once('load', () => resolve()));
    this.map.once('load', () => this.foldCredit());
    const popup = this.popup;
    this.map.on('mousemove', 'choropleth', (e) => {
      const code = String(e.features?.[0]?.properties?.code ?? '');
      if (!code) return;
      this.map.getCanvas().style.cursor = 'pointer';
      popup
        .setLngLat(e.lngLat)
        .setText(describe(code, this.figures.get(code)))
        .addTo(this.map);
    });
    this.map.on('mouseleave', 'choropleth', () => {
      this.map.getCanvas().style.cursor = '';
      popup.remove();
    });
    this.map.on('click', 'choropleth', (e) => {
      const code = e.features?.[0]?.properties?.code;
      if (code) onUnitClick(String(code));
    });
  }

  /**
   * Colours provinces by events, and outlines the selected ones; a province `notCovered` names
   * (its country no loaded source covers in the period) gets the not-covered colour, never a zero's.
   */
  setChoropleth(
    figures: Map<string, UnitFigure>,
    selected: readonly string[],
    notCovered: (code: string) => boolean = () => false,
    outside: (code: string) => boolean = () => false,
  ): number[] {
    this.figures = figures;
    const max = Math.max(0, ...[...figures.values()].map((f) => f.events));
    const b = breaks(max);
    for (const code of this.unitCodes) {
      const f = figures.get(code);
      // A province of a country the filter leaves out is outside the question: the land colour,
      // never a zero's (with country=PAK, Afghanistan's 115 events of 2026 are not "0").
      const colour = outside(code)
        ? this.palette.land
        : !f?.events && notCovered(code)
          ? this.palette.notCovered
          : colourOf(f?.events ?? 0, b, this.palette);
      this.map.setFeatureState({ source: 'admin1', id: code }, { colour, selected: selected.includes(code) });
    }
    return b;
  }

  /**
   * Colours provinces (or districts) by events per 100,000 people, on each country's own classes
   * when both countries have rates (`rateBreaksByCountry`); a unit without a population figure gets
   * the land colour (no population data), never the colour of a zero rate.
   */
  setRates(
    figures: Map<string, UnitFigure>,
    selected: readonly string[],
    level: 'admin1' | 'districts',
    notCovered: (code: string) => boolean = () => false,
    outside: (code: string) => boolean = () => false,
  ): RateClasses[] {
    if (level === 'admin1') this.figures = figures;
    const codes = level === 'admin1' ? this.unitCodes : this.districtCodes;
    // The units drawn only, so each rate has its country.
    const classes = rateBreaksByCountry(
      codes.map((code) => ({ country: this.countryOf(code, level), rate: figures.get(code)?.rate })),
    );
    for (const code of codes) {
      const f = figures.get(code);
      const country = this.countryOf(code, level);
      const b = classes.find((c) => c.country === null || c.country === country)?.breaks ?? [0, 0, 0, 0];
      const colour = outside(code)
        ? this.palette.land
        : !f?.events && notCovered(code)
          ? this.palette.notCovered
          : f === undefined || f.rate === undefined
            ? this.palette.noData
            : f.rate === null
              ? this.palette.land
              : colourOf(f.rate, b, this.palette);
      this.map.setFeatureState(
        { source: level === 'admin1' ? 'admin1' : 'districts', id: code },
        level === 'admin1' ? { colour, selected: selected.includes(code) } : { colour },
      );
    }
    return classes;
  }

  /** Draws hexagons (features with an `events` property). */
  setHexes(hexes: Geo): number[] {
    this.hexMax = Math.max(
      0,
      ...hexes.features.map((f: GeoJSON.Feature) => Number(f.properties?.events ?? 0)),
    );
    const b = breaks(this.hexMax);
    for (const f of hexes.features)
      f.properties!.colour = colourOf(Number(f.properties!.events), b, this.palette);
    this.setData('hexes', hexes);
    return b;
  }

  /** Draws event points (features with `exact` and `deaths` properties). */
  setPoints(points: Geo): void {
    this.setData('points', points);
  }

  /** Draws published desk events in their own band. */
  setDesk(points: Geo): void {
    this.setData('desk', points);
  }

  /** Draws district outlines (or removes them). */
  setDistricts(districts: Geo | null): void {
    this.districtCodes = (districts?.features ?? []).map((f: GeoJSON.Feature) => String(f.properties!.code));
    this.districtCountry = new Map(
      (districts?.features ?? []).map((f: GeoJSON.Feature) => [
        String(f.properties!.code),
        String(f.properties!.country ?? ''),
      ]),
    );
    this.setData('districts', districts ?? EMPTY);
  }

  /**
   * Gives a source its features, unless it is empty and stays so: each setData sends the source to
   * MapLibre's worker to be tiled again and redraws the map once the tiles are back, and a view
   * opening emptied four empty sources (districts, hexagons, points, desk) and then the districts
   * and desk once more, some six redraws of 0.1-0.3 s each drawn in software, for the same picture.
   */
  private setData(id: 'districts' | 'hexes' | 'points' | 'desk', data: Geo): void {
    if (!data.features.length && !this.holding.has(id)) return;
    if (data.features.length) this.holding.add(id);
    else this.holding.delete(id);
    (this.map.getSource(id) as maplibregl.GeoJSONSource).setData(data);
  }

  /** The codes of the districts drawn. */
  districtCodesDrawn(): readonly string[] {
    return this.districtCodes;
  }

  /** The country (ISO alpha-3) of a drawn province or district, from its feature ('' when it has none). */
  countryOf(code: string, level: 'admin1' | 'districts'): string {
    return (level === 'admin1' ? this.unitCountry : this.districtCountry).get(code) ?? '';
  }

  /** The countries the drawn provinces or districts lie in. */
  countries(level: 'admin1' | 'districts'): string[] {
    return [...new Set((level === 'admin1' ? this.unitCountry : this.districtCountry).values())]
      .filter(Boolean)
      .sort();
  }

  /**
   * Colours the districts drawn by events (keys are the districts' codes, geoBoundaries shapeIDs);
   * a district without events that `notCovered` names gets the not-covered colour, never a zero's.
   */
  setDistrictFigures(
    figures: Map<string, UnitFigure>,
    notCovered: (code: string) => boolean = () => false,
  ): number[] {
    const b = breaks(Math.max(0, ...[...figures.values()].map((f) => f.events)));
    for (const code of this.districtCodes) {
      const events = figures.get(code)?.events ?? 0;
      this.map.setFeatureState(
        { source: 'districts', id: code },
        { colour: !events && notCovered(code) ? this.palette.notCovered : colourOf(events, b, this.palette) },
      );
    }
    return b;
  }

  /** Shows one data layer: the choropleth, the hexagons or the points. */
  showLayer(layer: 'admin1' | 'h3' | 'points'): void {
    const vis = (id: string, on: boolean) =>
      this.map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
    this.map.setPaintProperty('choropleth', 'fill-opacity', layer === 'admin1' ? 0.9 : 0.15);
    vis('hexes', layer === 'h3');
    vis('districts-fill', layer === 'admin1');
    vis('points-exact', layer === 'points');
    vis('points-centroid', layer === 'points');
  }

  /** Re-reads the theme's colours. */
  applyTheme(): void {
    const p = (this.palette = currentPalette());
    const set = (id: string, prop: string, value: unknown) =>
      this.map.setPaintProperty(id, prop as never, value as never);
    set('background', 'background-color', p.background);
    set('land', 'fill-color', p.land);
    set('choropleth', 'fill-color', ['coalesce', ['feature-state', 'colour'], p.noData]);
    set('zone', 'fill-color', p.zone);
    set('zone-edge', 'line-color', p.zone);
    set('districts', 'line-color', p.outline);
    set('admin1-line', 'line-color', p.outline);
    set('border', 'line-color', p.border);
    set('points-centroid', 'circle-stroke-color', p.centroid);
    set('points-exact', 'circle-color', p.exact);
    set('points-exact', 'circle-stroke-color', p.halo);
  }

  /** The palette in use (for legends). */
  get colours(): MapPalette {
    return this.palette;
  }

  /** Fits the view to the provinces or countries filtered on (both countries when neither is). */
  fitTo(codes: readonly string[], countries: readonly string[]): void {
    // Asked again for the fit `shown` made: the camera is there already, and a move redraws it.
    const asked = JSON.stringify([codes, countries]);
    if (this.shownFit === asked) return void (this.shownFit = null);
    this.shownFit = null;
    const pick = this.admin1.features.filter((f) =>
      codes.length
        ? codes.includes(f.properties!.code)
        : !countries.length || countries.includes(f.properties!.country),
    );
    if (!pick.length) return void this.map.fitBounds(BOUNDS, { padding: clearOfControls(8), duration: 0 });
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    const visit = (c: unknown): void => {
      if (typeof (c as number[])[0] === 'number') {
        const [x, y] = c as number[];
        [minX, minY, maxX, maxY] = [
          Math.min(minX, x!),
          Math.min(minY, y!),
          Math.max(maxX, x!),
          Math.max(maxY, y!),
        ];
      } else for (const part of c as unknown[]) visit(part);
    };
    for (const f of pick) visit((f.geometry as GeoJSON.MultiPolygon).coordinates);
    this.map.fitBounds(
      [
        [minX, minY],
        [maxX, maxY],
      ],
      { padding: clearOfControls(24), duration: 0 },
    );
  }

  /**
   * The credit folded behind its (i) button, as MapLibre folds it once the map is dragged: open,
   * the whole credit the licences ask for (two lines at 1280 px, four on a phone) lay over Sindh and
   * Balochistan. The Sources view lists every dataset's credit in full.
   */
  private foldCredit(): void {
    const credit = this.map.getContainer().querySelector('.maplibregl-ctrl-attrib.maplibregl-compact');
    credit?.classList.remove('maplibregl-compact-show');
    credit?.setAttribute('open', '');
  }

  /**
   * Sizes the canvas to its element's box when that has a size (not off the page) other than the
   * canvas's; whether it did. Setting a canvas's size clears it, so each resize costs a redraw.
   */
  private fitCanvas(): boolean {
    const box = this.map.getContainer();
    const size = `${box.clientWidth}x${box.clientHeight}`;
    if (!box.clientWidth || !box.clientHeight || size === this.size) return false;
    this.size = size;
    this.map.resize();
    return true;
  }

  /**
   * Readies the map for a view that has just put its element on screen, as a map built for it
   * would be: no data drawn (the last view's colours, hexagons, points, districts and desk events
   * are not this view's), no tooltip, the credit folded, sized to the new box and opening on the
   * two countries, or on `fit`'s provinces or countries (`fitTo`'s), where the view zooms to them:
   * one move, where it opened on the two countries and moved again (each move tiles every source
   * anew at its zoom and draws the map again).
   */
  shown(fit?: { codes: readonly string[]; countries: readonly string[] }): void {
    this.popup.remove();
    this.map.getCanvas().style.cursor = '';
    this.figures = new Map();
    this.map.removeFeatureState({ source: 'admin1' });
    this.map.removeFeatureState({ source: 'districts' });
    this.setDistricts(null);
    this.setHexes(EMPTY);
    this.setPoints(EMPTY);
    this.setDesk(EMPTY);
    this.showLayer('admin1');
    this.foldCredit();
    this.fitCanvas();
    this.shownFit = null;
    if (!fit) return void this.map.fitBounds(BOUNDS, { padding: clearOfControls(8), duration: 0 });
    this.fitTo(fit.codes, fit.countries);
    this.shownFit = JSON.stringify([fit.codes, fit.countries]);
  }
}
