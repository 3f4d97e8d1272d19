/**
 * A hook that loads an API answer for a URL. The request starts while the component renders (not
 * after the next paint), an answer already in the cache is drawn at once, and the previous answer
 * stays on screen while the next one loads. A failed request drops it: after an error the view holds
 * no answer, so the last filter's figures never stand under the new filter beside the error; the
 * error's Retry (`retryFailed`) asks again in place.
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

/** How to ask again, for each hook whose last request failed. */
const failed = new Set<() => void>();

/**
 * Asks again for every answer whose request failed (the server was stopped, and may be back), in
 * place: a reload would lose the page to the browser's own error page while the server is down. With
 * no failed request (an error of another kind), it reloads the page.
 */
export function retryFailed(): void {
  if (!failed.size) return location.reload();
  for (const again of [...failed]) again();
}

/** Loads `url` (null: nothing to load) and re-renders when it arrives; stale answers are ignored. */
export function useApi<T>(url: string | null, load: (url: string) => Promise<T> = getJson): Loaded<T> {
  // `attempt` counts the retries of a failed request: the state answers one URL and attempt.
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<Loaded<T> & { attempt: number }>({
    data: null,
    error: null,
    loading: false,
    url: null,
    attempt: 0,
  });
  const pending = useMemo(() => (url === null ? null : load(url)), [url, attempt]);
  useEffect(() => {
    if (pending === null) return;
    let live = true;
    pending.then(
      (data) => live && setState({ data, error: null, loading: false, url, attempt }),
      (error: Error) => live && setState({ data: null, error, loading: false, url, attempt }),
    );
    return () => {
      live = false;
    };
  }, [pending]);
  const failedHere = !!state.error && state.url === url;
  useEffect(() => {
    if (!failedHere) return;
    const again = () => setAttempt((n) => n + 1);
    failed.add(again);
    return () => void failed.delete(again);
  }, [failedHere, url]);
  const { attempt: answered, ...loaded } = state;
  if (url === null || (state.url === url && answered === attempt)) return loaded;
  const ready = peek<T>(url);
  if (ready !== undefined) return { data: ready, error: null, loading: false, url };
  return { ...loaded, error: null, loading: true };
}
