/**
 * The map as a component: loads MapLibre and the boundary files on first show (the page's one map,
 * page-map.ts, kept across views), then draws the layer asked for from the API's answers.
 * `data-testid="map"` carries `data-state` (loading, ready, unavailable, error) and `data-rendered`
 * (the data request the map shows).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { apiUrl, getAsset } from '../api/client.ts';
import { groupTotalsUrl } from '../api/queries.ts';
import type { EventsGeojson, SeriesAnswer } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { ErrorBox } from '../components/status.tsx';
import { t, tMaybe } from '../i18n/t.ts';
import { useUnits } from '../state/catalog.ts';
import type { Filters } from '../state/url-state.ts';
import { useThemeTick } from '../theme.ts';
import type { FaultlineMap } from './map-engine.ts';
import { unevenCoverage, uncoveredCountries } from './coverage.ts';
import { hexFeatures, pointFeatures, unitFigures } from './map-data.ts';
import { districtRateFigures, rateFigures, unitRates } from './map-rates.ts';
import { MapLegend } from './map-legend.tsx';
import type { RateClasses } from './palette.ts';

/** The data layers the map can show. */
export type MapLayer = 'admin1' | 'h3' | 'points';

type Geo = GeoJSON.FeatureCollection;

/**
 * Runs a map update once the browser is idle (within 250 ms): the chart and key figures of a
 * new filter reach the screen first, and the map's redraw, the slowest part without a GPU, follows.
 */
function whenIdle(fn: () => void): () => void {
  if (typeof requestIdleCallback !== 'function') {
    const t = setTimeout(fn, 0);
    return () => clearTimeout(t);
  }
  const id = requestIdleCallback(fn, { timeout: 250 });
  return () => cancelIdleCallback(id);
}

/** What the full map fits its view to: the provinces filtered on, else the countries (both when none). */
function fitOf(filters: Filters): { codes: string[]; countries: string[] } {
  return { codes: filters.admin1?.split(',') ?? [], countries: filters.country?.split(',') ?? [] };
}

/** The westmost and eastmost longitudes of a province's outline. */
function lonRange(g: GeoJSON.MultiPolygon): [number, number] {
  const lons = g.coordinates.flat(2).map((p) => p[0]!);
  return [Math.min(...lons), Math.max(...lons)];
}

/** The map of the current filter. */
export function MapPanel({
  filters,
  layer = 'admin1',
  districts = false,
  compact = false,
  choroplethUrl,
  measure = 'count',
}: {
  filters: Filters;
  layer?: MapLayer;
  districts?: boolean;
  compact?: boolean;
  choroplethUrl?: string;
  /** `rate`: provinces and districts coloured by events per 100,000 people. */
  measure?: 'count' | 'rate';
}) {
  const box = useRef<HTMLDivElement>(null);
  const [engine, setEngine] = useState<FaultlineMap | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'unavailable' | 'error'>('loading');
  const [legend, setLegend] = useState<number[] | null>(null);
  const [rateLegend, setRateLegend] = useState<RateClasses[] | null>(null);
  const [rendered, setRendered] = useState('');
  const [pointInfo, setPointInfo] = useState<{ shown: number; exact: number; approx: number } | null>(null);
  // Countries no loaded source covers in the period: their provinces are "not covered", not 0.
  const [notCovered, setNotCovered] = useState<string[]>([]);
  // Countries the filter leaves out: drawn in the land colour, "outside the filter" in the legend.
  const [outside, setOutside] = useState<string[]>([]);
  // The covered days of each country, when they differ: their counts do not compare across the border.
  const [uneven, setUneven] = useState<ReturnType<typeof unevenCoverage>>([]);
  const units = useUnits();
  const theme = useThemeTick();

  useEffect(() => {
    let live = true;
    const slot = box.current!;
    // Undone when the view goes, last first: the page's map stays built for the next view.
    const undo: (() => void)[] = [];
    (async () => {
      const mod = await import('./page-map.ts');
      if (!live) return;
      if (!mod.webglAvailable()) return setStatus('unavailable');
      undo.push(mod.placeIn(slot));
      const { map, admin1 } = await mod.pageMap();
      if (!live) return;
      // The full map opens on the provinces or country filtered on (the effect below fits it to a
      // new filter), the overview's small map on both countries.
      map.shown(compact ? undefined : fitOf(filters));
      // What the map shows, west,south,east,north (for tests: the countries clear of the controls).
      const showBounds = () => {
        const b = map.map.getBounds();
        slot.dataset.bounds = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
          .map((x) => x.toFixed(3))
          .join(',');
      };
      map.map.on('moveend', showBounds);
      undo.push(() => map.map.off('moveend', showBounds));
      showBounds();
      if (!compact)
        undo.push(
          mod.addLabels(
            map.map,
            admin1.features.map((f: GeoJSON.Feature) => {
              const p = f.properties as {
                code: string;
                country: string;
                name: string;
                name_ur: string | null;
                name_fa: string | null;
                label_lon: number;
                label_lat: number;
              };
              const local = p.country === 'PAK' ? p.name_ur : p.name_fa;
              const [west, east] = lonRange(f.geometry as GeoJSON.MultiPolygon);
              return {
                code: p.code,
                lon: p.label_lon,
                lat: p.label_lat,
                text: p.name,
                local: local ? { text: local, lang: p.country === 'PAK' ? 'ur' : 'fa' } : null,
                short: tMaybe(`map.short.${p.code}`, '') || null,
                west,
                east,
                minor: p.country === 'AFG' || p.code === 'PK-IS',
              };
            }),
          ),
        );
      // The drawing order, bottom first, for tests (the border zone lies over the district fills).
      slot.dataset.layers = map.map
        .getStyle()
        .layers.map((l) => l.id)
        .join(',');
      setEngine(map);
      setStatus('ready');
    })().catch(() => live && setStatus('error'));
    return () => {
      live = false;
      for (const f of undo.reverse()) f();
    };
  }, []);

  // Any series split by admin1 will do (the overview passes its chart's, so both share one request).
  const choroUrl = choroplethUrl ?? groupTotalsUrl(filters, 'admin1');
  const choro = useApi<SeriesAnswer>(choroUrl);
  const hexUrl = layer === 'h3' ? groupTotalsUrl(filters, 'h3') : null;
  const hex = useApi<SeriesAnswer>(hexUrl);
  const page = { ...filters, format: 'geojson', sort: '-fatalities', limit: 1000 };
  const allUrl = layer === 'points' ? apiUrl('/events', page) : null;
  const exactUrl = layer === 'points' ? apiUrl('/events', { ...page, exact: 'true' }) : null;
  const all = useApi<EventsGeojson>(allUrl);
  const exact = useApi<EventsGeojson>(exactUrl);
  const selected = filters.admin1?.split(',') ?? [];
  // Published desk events, in their own band: the filter's dates and countries, never mixed into the layers above.
  const deskUrl = compact
    ? null
    : apiUrl('/events', {
        from: filters.from,
        to: filters.to,
        country: filters.country,
        source: 'faultline-desk',
        include_desk: 'true',
        format: 'geojson',
        limit: 1000,
      });
  const desk = useApi<EventsGeojson>(deskUrl);
  const deskShown = desk.data ? desk.data.features.filter((f) => f.geometry).length : null;
  useEffect(() => {
    if (!engine || !desk.data || desk.url !== deskUrl) return;
    const data = desk.data;
    return whenIdle(() =>
      engine.setDesk({
        type: 'FeatureCollection',
        features: data.features.filter((f) => f.geometry),
      } as never),
    );
  }, [engine, desk.data, desk.url]);

  useEffect(() => {
    if (engine) engine.applyTheme();
  }, [engine, theme]);

  // The full map zooms to the provinces or country filtered on; the overview's small map keeps
  // both countries in view (and so skips re-tiling every source at a new zoom on each change).
  useEffect(() => {
    if (!engine || compact) return;
    const { codes, countries } = fitOf(filters);
    return whenIdle(() => engine.fitTo(codes, countries));
  }, [engine, filters.admin1, filters.country]);

  useEffect(() => {
    if (!engine || !choro.data || choro.url !== choroUrl) return;
    const data = choro.data;
    const uncovered = uncoveredCountries(data, engine.countries('admin1'));
    const isUncovered = (code: string) => uncovered.includes(engine.countryOf(code, 'admin1'));
    // Countries the filter leaves out are outside the question, not zeros.
    const wanted = filters.country?.split(',').map((c) => c.trim().toUpperCase()) ?? null;
    const outsideCountries = wanted ? engine.countries('admin1').filter((c) => !wanted.includes(c)) : [];
    const isOutside = (code: string) => outsideCountries.includes(engine.countryOf(code, 'admin1'));
    return whenIdle(() => {
      engine.showLayer(layer);
      setUneven(
        unevenCoverage(
          data,
          engine.countries('admin1').filter((c) => !outsideCountries.includes(c)),
        ),
      );
      const rates =
        measure === 'rate' && units.data
          ? engine.setRates(
              rateFigures(unitRates(data, units.data, [])),
              selected,
              'admin1',
              isUncovered,
              isOutside,
            )
          : null;
      const b = rates ? null : engine.setChoropleth(unitFigures(data), selected, isUncovered, isOutside);
      if (layer === 'admin1') {
        setLegend(b);
        setRateLegend(rates);
        setOutside(outsideCountries);
        setNotCovered(uncovered.filter((c) => !outsideCountries.includes(c)));
        setRendered(choroUrl);
      }
    });
  }, [engine, choro.data, choro.url, filters.admin1, filters.country, layer, theme, measure, units.data]);

  useEffect(() => {
    if (!engine || layer !== 'h3' || !hex.data || hex.url !== hexUrl) return;
    let live = true;
    void hexFeatures(hex.data).then((fc) => {
      if (!live) return;
      setLegend(engine.setHexes(fc));
      setRendered(hexUrl!);
    });
    return () => {
      live = false;
    };
  }, [engine, hex.data, hex.url, layer, theme]);

  useEffect(() => {
    if (
      !engine ||
      layer !== 'points' ||
      !all.data ||
      !exact.data ||
      all.url !== allUrl ||
      exact.url !== exactUrl
    )
      return;
    const r = pointFeatures(all.data, exact.data);
    return whenIdle(() => {
      engine.setPoints(r.points);
      setPointInfo({ shown: r.shown, exact: r.exact, approx: r.approx });
      setRendered(allUrl!);
    });
  }, [engine, all.data, exact.data, all.url, exact.url, layer]);

  const [districtsDrawn, setDistrictsDrawn] = useState(false);
  useEffect(() => {
    if (!engine) return;
    setDistrictsDrawn(false);
    if (!districts) return engine.setDistricts(null);
    let live = true;
    void getAsset<Geo>('geo/districts.geojson').then((d) => {
      if (!live) return;
      engine.setDistricts(d);
      setDistrictsDrawn(true);
    });
    return () => {
      live = false;
    };
  }, [engine, districts]);

  // Districts are coloured by events in the province layer (their codes, geoBoundaries shapeIDs and
  // Pakistan's 2023 map_unit_ids, are what the placer stores as admin2_code).
  const districtUrl =
    districts && layer === 'admin1'
      ? `${groupTotalsUrl(filters, 'admin2')}${measure === 'rate' ? '&per_100k=true' : ''}`
      : null;
  const districtSeries = useApi<SeriesAnswer>(districtUrl);
  const [districtLegend, setDistrictLegend] = useState<number[] | null>(null);
  const [districtRateLegend, setDistrictRateLegend] = useState<RateClasses[] | null>(null);
  const [districtsNotCovered, setDistrictsNotCovered] = useState(0);
  useEffect(() => {
    if (!engine || !districtsDrawn || !districtSeries.data || districtSeries.url !== districtUrl) {
      setDistrictLegend(null);
      setDistrictRateLegend(null);
      return;
    }
    const data = districtSeries.data;
    // Districts without events in a country no loaded source covers: "not covered", not 0.
    const figures = unitFigures(data);
    const uncovered = uncoveredCountries(data, engine.countries('districts'));
    const isUncovered = (code: string) =>
      !figures.get(code)?.events && uncovered.includes(engine.countryOf(code, 'districts'));
    return whenIdle(() => {
      const rates =
        measure === 'rate' ? engine.setRates(districtRateFigures(data), [], 'districts', isUncovered) : null;
      setDistrictRateLegend(rates);
      setDistrictLegend(rates ? null : engine.setDistrictFigures(figures, isUncovered));
      setDistrictsNotCovered(engine.districtCodesDrawn().filter(isUncovered).length);
    });
  }, [
    engine,
    districtsDrawn,
    districtSeries.data,
    districtSeries.url,
    districtUrl,
    theme,
    measure,
    units.data,
  ]);

  const error = choro.error ?? hex.error ?? all.error ?? exact.error ?? districtSeries.error;
  return (
    <div class={`map-wrap${compact ? ' compact' : ''}`}>
      <div
        ref={box}
        class="map"
        data-testid="map"
        data-state={status}
        // After a failed request the layer drawn is another filter's: dimmed (a data attribute, as
        // MapLibre owns the element's classes), with no legend.
        data-stale={error ? 'true' : undefined}
        data-rendered={error ? '' : rendered}
        data-not-covered={notCovered.join(',')}
        data-outside={outside.join(',')}
        data-districts-not-covered={districtsNotCovered}
        role="region"
        aria-label={t('map.aria')}
        aria-busy={status === 'loading'}
      >
        {status === 'loading' && <p class="map-status">{t('map.loading')}</p>}
        {status === 'unavailable' && <p class="map-status">{t('map.unavailable')}</p>}
        {status === 'error' && (
          <p class="map-status" data-testid="map-failed">
            {t('map.failed')}
          </p>
        )}
      </div>
      {error && <ErrorBox error={error} part={t('state.part.map')} />}
      {engine && !error && (
        <MapLegend
          layer={layer}
          breaks={legend}
          palette={engine.colours}
          pointInfo={pointInfo}
          total={all.data?.total ?? null}
          districtBreaks={districtLegend}
          rateClasses={rateLegend}
          districtRateClasses={districtRateLegend}
          measure={measure}
          notCovered={layer === 'admin1' ? notCovered : []}
          outside={layer === 'admin1' ? outside : []}
          uneven={uneven}
          nothingCovered={
            layer === 'admin1' &&
            notCovered.length > 0 &&
            engine.countries('admin1').every((c) => outside.includes(c) || notCovered.includes(c))
          }
        />
      )}
      {deskShown !== null && (
        <p class="muted small" data-testid="map-desk" data-count={deskShown}>
          {deskShown ? t('map.desk', { n: deskShown }) : t('map.deskNone')}
        </p>
      )}
      {/* Only under a map that is drawn: under a failed or missing one it pointed at nothing. */}
      {units.data && layer === 'admin1' && status === 'ready' && !error && (
        <p class="muted small" data-testid="map-click-hint">
          {t('map.clickHint')}
        </p>
      )}
    </div>
  );
}
