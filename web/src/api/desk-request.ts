/** Requests to the desk routes with the user's API key; the API's one-line error becomes the thrown message. */
import { API_BASE } from './client.ts';
import { t } from '../i18n/t.ts';

/** A refusal of a desk request: the API's one line, and the JSON names of the fields it is about (none when it names none). */
export class DeskError extends Error {
  constructor(
    message: string,
    readonly fields: readonly string[] = [],
  ) {
    super(message);
  }
}

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
  const answer = (await r.json().catch(() => ({}))) as { error?: { message?: string; fields?: string[] } };
  if (!r.ok)
    throw new DeskError(answer.error?.message ?? `${r.status} ${r.statusText}`, answer.error?.fields);
  return answer as T;
}
