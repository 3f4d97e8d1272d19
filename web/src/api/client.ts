/**
 * The dashboard's only way to the data: GET requests to the faultline API (/api/v1), answers kept
 * in a small in-memory cache by URL (the data only change on import, and going back to a filter
 * should be instant), with one-line errors from the API's `{ error }` body.
 */
import { FILTER_KEYS, type FilterKey } from '../../../src/domain/filter-vocabulary.ts';
import { t } from '../i18n/t.ts';
import type { Filters } from '../state/url-state.ts';

/** Base path of the API. */
export const API_BASE = '/api/v1';

/** An API answer that was not 2xx: its status and the API's one-line message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * fetch, with a request that got no answer at all (the server stopped, the network down) refused in
 * words a reader can act on: the browser's own message ("Failed to fetch", "NetworkError when
 * attempting to fetch resource") names neither the server nor a cause.
 */
function send(url: string, init?: RequestInit): Promise<Response> {
  return fetch(url, init).catch((e: unknown) => {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new Error(t('state.unreachable'));
  });
}

/** Query values; undefined and empty values are left out. */
export type Params = Record<string, string | number | undefined | null>;

/** The URL of an API path with parameters, keys sorted so equal requests share a cache entry. */
export function apiUrl(path: string, params: Params = {}): string {
  const q = new URLSearchParams();
  for (const k of Object.keys(params).sort()) {
    const v = params[k];
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return `${API_BASE}${path}${s ? `?${s}` : ''}`;
}

/**
 * The filter as API parameters: every set filter, or only those among `taken`, the filters a route
 * takes (one that refuses the others, as GET /border does, is sent only what it takes).
 */
export function filterParams(f: Filters, taken: readonly FilterKey[] = FILTER_KEYS): Params {
  const out: Params = {};
  for (const k of taken) if (f[k]) out[k] = f[k];
  return out;
}

/** The set filters a route does not take (among `taken`), in the vocabulary's order: a view names them as not applied. */
export const filtersNotTaken = (f: Filters, taken: readonly FilterKey[]): FilterKey[] =>
  FILTER_KEYS.filter((k) => f[k] && !taken.includes(k));

const cache = new Map<string, Promise<unknown>>();
const settled = new Map<string, unknown>();
const MAX_CACHE = 200;

/** The answer for a URL when it has already arrived (so a view can draw it without a loading frame). */
export function peek<T>(url: string): T | undefined {
  return settled.get(url) as T | undefined;
}

/** Fetches JSON (cached by URL); a failed request is dropped from the cache so it can be retried. */
export function getJson<T>(url: string): Promise<T> {
  const hit = cache.get(url);
  if (hit) {
    cache.delete(url);
    cache.set(url, hit);
    return hit as Promise<T>;
  }
  const p = send(url, { headers: { accept: 'application/json' } }).then(async (r) => {
    if (!r.ok) {
      let message = `${r.status} ${r.statusText}`;
      try {
        const body = (await r.json()) as { error?: string | { message?: string } };
        const e = body.error;
        if (typeof e === 'string') message = e;
        else if (e?.message) message = e.message;
      } catch {
        // not JSON: keep the status line
      }
      throw new ApiError(r.status, message);
    }
    const body = (await r.json()) as T;
    if (cache.get(url) === p) settled.set(url, body);
    return body;
  });
  p.catch(() => cache.delete(url));
  cache.set(url, p);
  if (cache.size > MAX_CACHE) {
    const oldest = cache.keys().next().value!;
    cache.delete(oldest);
    settled.delete(oldest);
  }
  return p;
}

/** Fetches a static file next to index.html (boundaries, config), cached. */
export function getAsset<T>(path: string): Promise<T> {
  return getJson<T>(new URL(path, document.baseURI).href);
}

/** The one-line message of a failed answer: the API's `{ error }` text, else the status line. */
async function errorOf(r: Response): Promise<ApiError> {
  let message = `${r.status} ${r.statusText}`;
  try {
    const body = (await r.json()) as { error?: string | { message?: string } };
    const e = body.error;
    if (typeof e === 'string') message = e;
    else if (e?.message) message = e.message;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(r.status, message.split('\n')[0]!);
}

const texts = new Map<string, Promise<string>>();

/** Fetches a text answer (a rendered briefing), cached by URL like getJson. */
export function getText(url: string): Promise<string> {
  const hit = texts.get(url);
  if (hit) return hit;
  const p = send(url).then(async (r) => {
    if (!r.ok) throw await errorOf(r);
    return r.text();
  });
  p.catch(() => texts.delete(url));
  texts.set(url, p);
  if (texts.size > 20) texts.delete(texts.keys().next().value!);
  return p;
}

/** POSTs a text body (a claim file) and reads the JSON answer; not cached. */
export async function postText<T>(url: string, body: string, contentType = 'application/yaml'): Promise<T> {
  const r = await send(url, {
    method: 'POST',
    body,
    headers: { 'content-type': contentType, accept: 'application/json' },
  });
  if (!r.ok) throw await errorOf(r);
  return (await r.json()) as T;
}
