/** The dashboard shell: header, navigation, filter bar and the view the URL names. */
import { useEffect } from 'preact/hooks';
import { groupTotalsUrl, totalsByGroup } from './api/queries.ts';
import type { SeriesAnswer } from './api/types.ts';
import { useApi } from './api/use-api.ts';
import { FilterBar } from './components/filter-bar.tsx';
import { Nav } from './components/nav.tsx';
import { ThemeToggle } from './components/theme-toggle.tsx';
import { t, tMaybe } from './i18n/t.ts';
import { ACTOR_GROUPS } from './state/catalog.ts';
import { FILTER_KEYS, useUrlState, type ViewId } from './state/url-state.ts';
import { ActorsView } from './views/actors.tsx';
import { BorderRelationsView } from './views/border-relations.tsx';
import { AlertsView } from './views/alerts.tsx';
import { BriefingsView } from './views/briefings.tsx';
import { ClaimsView } from './views/claims.tsx';
import { CompareView } from './views/compare.tsx';
import { DisagreementsView } from './views/disagreements.tsx';
import { EventsView } from './views/events.tsx';
import { ForecastsView } from './views/forecasts.tsx';
import { MapView } from './views/map-view.tsx';
import { Overview } from './views/overview.tsx';
import { SourcesView } from './views/sources.tsx';
import { DeskView } from './views/desk.tsx';

/**
 * The actor groups and the actors seen in the loaded data, for the actor filter's suggestions;
 * asked for only where the filter bar is shown (`wanted`): the Desk, Claims and Alerts views fetched
 * the actor totals for a bar they do not show.
 */
function useActorOptions(wanted: boolean) {
  const r = useApi<SeriesAnswer>(wanted ? groupTotalsUrl({}, 'actor') : null);
  const groups = ACTOR_GROUPS.map((id) => ({ id, label: tMaybe(`group.${id}`, id) }));
  if (!r.data) return groups;
  const ids = new Set<string>(ACTOR_GROUPS);
  const actors = [...totalsByGroup(r.data.points)]
    .filter(([id]) => id !== null && !ids.has(id))
    .map(([id, g]) => ({ id: id!, label: g.label ?? id! }));
  return [...groups, ...actors];
}

/**
 * The views the filter does not narrow (the desk's own events, claims as their text gives them,
 * alerts by their rules): no filter bar there, only a line saying a filter set stays set.
 */
const UNFILTERED: ReadonlySet<ViewId> = new Set(['claims', 'desk', 'alerts']);

/** The whole dashboard. */
export function App() {
  const state = useUrlState();
  const filtered = !UNFILTERED.has(state.view);
  const actorOptions = useActorOptions(filtered);
  useEffect(() => {
    document.title = `${t(`nav.${state.view}`)} · ${t('app.title')}`;
  }, [state.view]);
  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header class="top">
        <div class="brand">
          <h1>{t('app.title')}</h1>
          <p class="tagline">{t('app.tagline')}</p>
        </div>
        <ThemeToggle />
      </header>
      <Nav view={state.view} />
      {filtered ? (
        <FilterBar filters={state.filters} actorOptions={actorOptions} />
      ) : (
        FILTER_KEYS.some((k) => state.filters[k]) && (
          <p class="muted small filters-unused" data-testid="filters-unused">
            {t('filters.unused', {
              n: FILTER_KEYS.filter((k) => state.filters[k]).length,
              view: t(`nav.${state.view}`),
            })}
          </p>
        )
      )}
      <main id="main" tabIndex={-1} data-view={state.view}>
        {state.view === 'overview' && <Overview state={state} />}
        {state.view === 'map' && <MapView state={state} />}
        {state.view === 'events' && <EventsView state={state} />}
        {state.view === 'compare' && <CompareView state={state} />}
        {state.view === 'actors' && <ActorsView state={state} />}
        {state.view === 'sources' && <SourcesView state={state} />}
        {state.view === 'disagreements' && <DisagreementsView state={state} />}
        {state.view === 'claims' && <ClaimsView />}
        {state.view === 'briefings' && <BriefingsView state={state} />}
        {state.view === 'forecasts' && <ForecastsView state={state} />}
        {state.view === 'border' && <BorderRelationsView state={state} />}
        {state.view === 'desk' && <DeskView />}
        {state.view === 'alerts' && <AlertsView />}
      </main>
    </>
  );
}
