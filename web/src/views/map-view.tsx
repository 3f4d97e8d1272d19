/** Map: the province choropleth, H3 hexagons or event points, with the border zone and districts. */
import { groupTotalsUrl } from '../api/queries.ts';
import type { SeriesAnswer } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { SourceNote } from '../components/source-note.tsx';
import { CoverageWarning } from '../components/status.tsx';
import { t } from '../i18n/t.ts';
import { MapPanel, type MapLayer } from '../map/map-panel.tsx';
import { setOptions, type UrlState } from '../state/url-state.ts';

const LAYERS: MapLayer[] = ['admin1', 'h3', 'points'];

/** The Map view. */
export function MapView({ state }: { state: UrlState }) {
  const layer = (LAYERS as string[]).includes(state.options.layer ?? '')
    ? (state.options.layer as MapLayer)
    : 'admin1';
  const districts = state.options.districts === 'true';
  const series = useApi<SeriesAnswer>(groupTotalsUrl(state.filters, 'admin1'));
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
      <MapPanel filters={state.filters} layer={layer} districts={districts} />
      <CoverageWarning text={series.data?.meta.coverage_warning} />
      <SourceNote sources={series.data?.meta.sources} desk={series.data?.meta.desk_events} />
    </section>
  );
}
