/**
 * Map: the province choropleth (events, or events per 100,000 people), H3 hexagons or event
 * points, with the border zone and districts; the rate table and the border panel (GET /border's
 * totals under the filters it takes, naming the set ones it does not) below.
 */
import { groupTotalsUrl } from '../api/queries.ts';
import type { BorderAnswer, SeriesAnswer } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { RateTable } from '../components/rate-table.tsx';
import { SourceNote } from '../components/source-note.tsx';
import { CoverageWarning } from '../components/status.tsx';
import { t, tMaybe } from '../i18n/t.ts';
import { MapPanel, type MapLayer } from '../map/map-panel.tsx';
import { countriesWithoutBoundaries, useUnits } from '../state/catalog.ts';
import { setOptions, setState, viewHref, type UrlState } from '../state/url-state.ts';
import { borderUrl } from './border-data.ts';
import { BorderNotApplied, BorderTable } from './border-relations.tsx';

const LAYERS: MapLayer[] = ['admin1', 'h3', 'points'];

/** The Map view. */
export function MapView({ state }: { state: UrlState }) {
  const layer = (LAYERS as string[]).includes(state.options.layer ?? '')
    ? (state.options.layer as MapLayer)
    : 'admin1';
  const districts = state.options.districts === 'true';
  const measure = state.options.measure === 'rate' ? 'rate' : 'count';
  const series = useApi<SeriesAnswer>(groupTotalsUrl(state.filters, 'admin1'));
  const units = useUnits();
  const border = useApi<BorderAnswer>(borderUrl(state.filters));
  const countries = state.filters.country?.split(',') ?? [];
  const without = units.data ? countriesWithoutBoundaries(countries, units.data) : [];
  return (
    <section class="card map-view" aria-labelledby="map-title">
      <header class="card-head">
        <h2 id="map-title">{t('map.title')}</h2>
        <div class="controls">
          <fieldset class="segmented">
            <legend>{t('map.layer')}</legend>
            {LAYERS.map((l) => (
              <label key={l}>
                <input
                  type="radio"
                  name="layer"
                  value={l}
                  checked={layer === l}
                  onChange={() => setOptions({ layer: l === 'admin1' ? undefined : l })}
                />
                <span>{t(`map.layer.${l}`)}</span>
              </label>
            ))}
          </fieldset>
          <fieldset class="segmented">
            <legend>{t('map.measure')}</legend>
            {(['count', 'rate'] as const).map((m) => (
              <label key={m}>
                <input
                  type="radio"
                  name="measure"
                  value={m}
                  checked={measure === m}
                  onChange={() => setOptions({ measure: m === 'count' ? undefined : m })}
                />
                <span>{t(`map.measure.${m}`)}</span>
              </label>
            ))}
          </fieldset>
          <label class="check">
            <input
              type="checkbox"
              name="districts"
              checked={districts}
              onChange={(e) => setOptions({ districts: e.currentTarget.checked ? 'true' : undefined })}
            />
            {t('map.districts')}
          </label>
        </div>
      </header>
      <MapPanel filters={state.filters} layer={layer} districts={districts} measure={measure} />
      {without.length > 0 && (
        <p class="note" role="note" data-testid="map-no-boundaries">
          {t('map.noBoundaries', { countries: without.map((c) => tMaybe(`country.${c}`, c)).join(', ') })}
        </p>
      )}
      <CoverageWarning text={series.data?.meta.coverage_warning} />
      <SourceNote sources={series.data?.meta.sources} desk={series.data?.meta.desk_events} />
      {measure === 'rate' && series.data && units.data && (
        <section aria-labelledby="rates-title">
          <h3 id="rates-title">{t('map.rates.title')}</h3>
          <p class="muted small">{t('map.rates.intro')}</p>
          <RateTable series={series.data} units={units.data} countries={countries} />
        </section>
      )}
      {border.data && (
        <section aria-labelledby="border-panel-title" data-testid="border-panel">
          <h3 id="border-panel-title">{t('border.panel.title')}</h3>
          <BorderTable answer={border.data} />
          <SourceNote sources={border.data.meta.sources} desk={border.data.meta.desk_events} />
          <BorderNotApplied filters={state.filters} />
          <p class="small">
            <a
              href={viewHref('border')}
              onClick={(e) => {
                e.preventDefault();
                setState({ view: 'border', options: {} });
              }}
            >
              {t('border.panel.more')}
            </a>
          </p>
        </section>
      )}
    </section>
  );
}
