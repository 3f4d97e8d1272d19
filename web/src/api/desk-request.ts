/** Requests to the desk routes with the user's API key; the API's one-line error becomes the thrown message. */
import { API_BASE } from './client.ts';
import { t } from '../i18n/t.ts';

/**
 * GET (no body) or POST (a JSON body) under /api/v1/desk. Without a key nothing is sent: the view
 * says where to enter one (the API's answer spoke of Authorization headers to someone on a page).
 */
export async function desk<T>(key: string, path: string, body?: unknown): Promise<T> {
  if (!key) throw new Error(t('desk.needsKey'));
  const r = await fetch(`${API_BASE}/desk${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      accept: 'application/json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await r.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!r.ok) throw new Error(answer.error?.message ?? `${r.status} ${r.statusText}`);
  return answer as T;
}
