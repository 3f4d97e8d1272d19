/**
 * The dashboard's state lives in the URL, so a link reproduces the view: `view` picks the view,
 * the filter parameters are exactly the API's (`country=PAK&from=2021-01-01&admin1=PK-KP`), and a
 * few view options (`by`, `metric`, `returns_by`, `origin`, `layer`, `sort`, `cursor`, `event`, compare, forecast and
 * briefing settings) ride along.
 */
import { useEffect, useState } from 'preact/hooks';
import { FILTER_KEYS, type FilterKey } from '../../../src/domain/filter-vocabulary.ts';

/** The views, in navigation order. */
export const VIEWS = [
  'overview',
  'map',
  'events',
  'compare',
  'actors',
  'sources',
  'disagreements',
  'claims',
  'briefings',
  'forecasts',
  'border',
  'desk',
  'alerts',
] as const;
export type ViewId = (typeof VIEWS)[number];

/** Filter parameters, named as the API names them: the server's filter vocabulary (plain data, no imports). */
export { FILTER_KEYS, type FilterKey };
/** The current filter: only keys with a value are present. */
export type Filters = Partial<Record<FilterKey, string>>;

/** View options kept in the URL besides the filter. */
export const OPTION_KEYS = [
  'by',
  'metric',
  'returns_by',
  'origin',
  'layer',
  'sort',
  'cursor',
  'event',
  'mode',
  'period1',
  'period2',
  'place1',
  'place2',
  'districts',
  'level',
  'period',
  'outlook',
  'measure',
  'differ',
  'covariates',
] as const;
export type OptionKey = (typeof OPTION_KEYS)[number];
export type Options = Partial<Record<OptionKey, string>>;

/** Everything the URL says. */
export interface UrlState {
  view: ViewId;
  filters: Filters;
  options: Options;
}

/** Parses a query string into the state (unknown keys are ignored, empty values dropped). */
export function parseState(search: string): UrlState {
  const q = new URLSearchParams(search);
  const v = q.get('view');
  const view = (VIEWS as readonly string[]).includes(v ?? '') ? (v as ViewId) : 'overview';
  const filters: Filters = {};
  for (const k of FILTER_KEYS) {
    const value = q.get(k)?.trim();
    if (value) filters[k] = value;
  }
  const options: Options = {};
  for (const k of OPTION_KEYS) {
    const value = q.get(k)?.trim();
    if (value) options[k] = value;
  }
  return { view, filters, options };
}

/** The query string of a state, keys in a stable order (`?view=…&from=…`), empty for the default. */
export function formatState(s: UrlState): string {
  const q = new URLSearchParams();
  if (s.view !== 'overview') q.set('view', s.view);
  for (const k of FILTER_KEYS) if (s.filters[k]) q.set(k, s.filters[k]!);
  for (const k of OPTION_KEYS) if (s.options[k]) q.set(k, s.options[k]!);
  const text = q.toString();
  return text ? `?${text}` : '';
}

let current = parseState(location.search);
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

addEventListener('popstate', () => {
  current = parseState(location.search);
  notify();
});

/** The current state. */
export const getState = (): UrlState => current;

/**
 * Changes the state: a new history entry (so Back undoes a filter), or a replaced one; `entry` is
 * kept as the entry's `history.state` (the event panel marks the entry it opened, to close with Back).
 */
export function setState(
  next: Partial<UrlState> & { filters?: Filters; options?: Options },
  mode: 'push' | 'replace' = 'push',
  entry: Record<string, string> | null = null,
): void {
  const merged: UrlState = {
    view: next.view ?? current.view,
    filters: next.filters ?? current.filters,
    options: next.options ?? current.options,
  };
  const search = formatState(merged);
  if (search === formatState(current)) return;
  current = parseState(search);
  history[mode === 'push' ? 'pushState' : 'replaceState'](entry, '', `${location.pathname}${search}`);
  notify();
}

/**
 * Sets or clears some filter values, keeping the view and options but the events page's `cursor`:
 * the API refuses a cursor with another filter than its own, so a new filter starts at page 1.
 */
export const setFilters = (patch: Filters, mode?: 'push' | 'replace') => {
  const filters = { ...current.filters, ...patch };
  for (const k of FILTER_KEYS) if (!filters[k]) delete filters[k];
  const options = { ...current.options };
  delete options.cursor;
  setState({ filters, options }, mode);
};

/**
 * Sets or clears some view options. A reader's choice (a sort, a layer, a page) is a new history
 * entry, so Back undoes it; a view correcting the URL on its own passes `replace`.
 */
export const setOptions = (
  patch: Options,
  mode: 'push' | 'replace' = 'push',
  entry: Record<string, string> | null = null,
) => {
  const options = { ...current.options, ...patch };
  for (const k of OPTION_KEYS) if (!options[k]) delete options[k];
  setState({ options }, mode, entry);
};

/** The link of a view under the current filter (navigation links keep the filter). */
export const viewHref = (view: ViewId): string =>
  formatState({ view, filters: current.filters, options: {} }) || '?';

/** Subscribes a component to the URL state. */
export function useUrlState(): UrlState {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return current;
}
