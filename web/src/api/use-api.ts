/**
 * A hook that loads an API answer for a URL. The request starts while the component renders (not
 * after the next paint), an answer already in the cache is drawn at once, and the previous answer
 * stays on screen while the next one loads. A failed request drops it: after an error the view holds
 * no answer, so the last filter's figures never stand under the new filter beside the error.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { getJson, peek } from './client.ts';

/** What a component sees of a request. */
export interface Loaded<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  /** The URL `data` (or `error`) answers; it lags the URL asked for while loading. */
  url: string | null;
}

/** Loads `url` (null: nothing to load) and re-renders when it arrives; stale answers are ignored. */
export function useApi<T>(url: string | null, load: (url: string) => Promise<T> = getJson): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: false, url: null });
  const pending = useMemo(() => (url === null ? null : load(url)), [url]);
  useEffect(() => {
    if (pending === null) return;
    let live = true;
    pending.then(
      (data) => live && setState({ data, error: null, loading: false, url }),
      (error: Error) => live && setState({ data: null, error, loading: false, url }),
    );
    return () => {
      live = false;
    };
  }, [pending]);
  if (url === null || state.url === url) return state;
  const ready = peek<T>(url);
  if (ready !== undefined) return { data: ready, error: null, loading: false, url };
  return { ...state, error: null, loading: true };
}
