/**
 * Overview: the key figures, the time chart and the province map of the current filter. Split by
 * province, the chart's series also feeds the key figures and the map (one request for three).
 */
import { chartUrl, groupTotalsUrl } from '../api/queries.ts';
import type { SeriesAnswer } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { TimeChart } from '../charts/time-chart.tsx';
import { Kpis } from '../components/kpis.tsx';
import { SourceNote } from '../components/source-note.tsx';
import { ErrorGroup } from '../components/status.tsx';
import { t } from '../i18n/t.ts';
import { MapPanel } from '../map/map-panel.tsx';
import { useChartInterval } from '../state/catalog.ts';
import type { UrlState } from '../state/url-state.ts';

/** The Overview view. */
export function Overview({ state }: { state: UrlState }) {
  const by = state.options.by === 'actor' ? 'actor' : 'admin1';
  const metric = state.options.metric === 'fatalities_best' ? 'fatalities_best' : 'events';
  const interval = useChartInterval(state.filters);
  const byProvince = by === 'admin1' ? chartUrl(state.filters, 'admin1', interval) : undefined;
  // The map's own series (the chart's when split by province: the same request), for its source line.
  const mapUrl = byProvince ?? groupTotalsUrl(state.filters, 'admin1');
  const map = useApi<SeriesAnswer>(mapUrl);
  const mapMeta = map.url === mapUrl ? map.data?.meta : undefined;
  return (
    <div class="overview">
      <ErrorGroup>
        <Kpis filters={state.filters} seriesUrl={byProvince} />
        <div class="overview-grid">
          <TimeChart filters={state.filters} by={by} metric={metric} />
          <section class="card" aria-labelledby="overview-map-title">
            <header class="card-head">
              <h2 id="overview-map-title">{t('map.title')}</h2>
            </header>
            <MapPanel filters={state.filters} compact choroplethUrl={mapUrl} />
            <SourceNote sources={mapMeta?.sources} desk={mapMeta?.desk_events} />
          </section>
        </div>
      </ErrorGroup>
    </div>
  );
}
