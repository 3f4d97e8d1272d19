/** The one HTTP error handler: every failure becomes `{ "error": { "code", "message" } }` with one line. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { TooManyRequestsError } from '../app/errors.ts';
import { FaultlineError, InvalidInputError } from '../domain/errors.ts';
import { visibleText } from '../domain/invisible.ts';
import { printableMessage } from '../domain/quote.ts';

const STATUS: Record<string, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  request_aborted: 400,
  request_timeout: 408,
  conflict: 409,
  export_too_large: 413,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  query_timeout: 503,
  busy: 503,
  query_cancelled: 503,
  store_error: 503,
  remote_error: 502,
  unauthorized: 502,
  rate_limited: 502,
};

/** Seconds a 503 (busy, over the time limit, store unavailable) asks the client to wait before retrying. */
export const RETRY_AFTER_S = 5;

/**
 * The error body: one printable line (a bad value echoed in a message never carries raw binary),
 * and the JSON names of the fields a refusal is about when the check knows them.
 */
export function errorBody(code: string, message: string, fields?: readonly string[]) {
  return {
    error: { code, message: printableMessage(message), ...(fields?.length ? { fields: [...fields] } : {}) },
  };
}

/** Maps an error to its status and body; unexpected errors are logged and reported as `internal`. */
export function onError(
  err: unknown,
  c: Context,
  log: (line: string) => void = (l) => void process.stderr.write(l + '\n'),
): Response {
  if (err instanceof FaultlineError) {
    const status = STATUS[err.code] ?? 500;
    if (err instanceof TooManyRequestsError) c.header('retry-after', String(err.retryAfterS));
    if (status === 503) c.header('retry-after', String(RETRY_AFTER_S));
    if (status === 401) c.header('www-authenticate', 'Bearer');
    const fields = err instanceof InvalidInputError ? err.fields : undefined;
    return c.json(errorBody(err.code, err.message, fields), status as 400);
  }
  if (err instanceof HTTPException) {
    const code =
      err.status === 413 ? 'payload_too_large' : err.status === 400 ? 'invalid_input' : 'http_error';
    return c.json(errorBody(code, err.message || `request failed with status ${err.status}`), err.status);
  }
  // The path (decoded: `%E2%80%AE` is U+202E) and the message may hold what a client sent.
  log(`faultline api: ${c.req.method} ${visibleText(c.req.path)}: ${loggedError(err)}`);
  return c.json(errorBody('internal', 'internal error; the server log has details'), 500);
}

/**
 * An unexpected error as the server log shows it: its first line (name and message, which may quote
 * a value a client sent) on one line with visibleText()'s escapes, then its stack's frames, each on
 * its own line as before. A stack that does not start with its message is shown all on one line.
 */
function loggedError(err: unknown): string {
  if (!(err instanceof Error)) return visibleText(String(err));
  const head = String(err);
  const stack = err.stack ?? head;
  if (!stack.startsWith(head)) return visibleText(stack);
  return visibleText(head) + stack.slice(head.length).split('\n').map(visibleText).join('\n');
}

/** Whether a route's Hono path (`/api/v1/events/:id`) matches a request path. */
function pathMatches(pattern: string, path: string): boolean {
  const re = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+');
  return new RegExp(`^${re}$`).test(path);
}

/**
 * The handler of a request no route took: 405 with `Allow` for a path whose routes take other
 * methods (`POST /api/v1/series`), as RFC 9110 asks, else the 404 of `notFound`; both in the same shape.
 */
export function unmatched(registered: () => readonly { method: string; path: string }[]) {
  return (c: Context): Response => {
    // The dashboard's catch-all takes any GET; it says nothing of which methods a path allows.
    const methods = registered()
      .filter((r) => r.path !== '/*' && pathMatches(r.path, c.req.path))
      .map((r) => r.method);
    if (!methods.length) return notFound(c);
    const allow = [...new Set([...methods, ...(methods.includes('GET') ? ['HEAD'] : [])])].join(', ');
    c.header('allow', allow);
    return c.json(
      errorBody(
        'method_not_allowed',
        `method not allowed: ${c.req.method} ${visibleText(c.req.path)} (this path takes ${allow})`,
      ),
      405,
    );
  };
}

/** 404 for a route that does not exist, in the same shape; under /api/, it says where the routes are listed. */
export function notFound(c: Context): Response {
  const hint = c.req.path.startsWith('/api/') ? ' (GET /api/v1 lists the routes; docs at /api/v1/docs)' : '';
  // The path as sent (decoded): a U+202E in it turned the rest of the message around.
  return c.json(errorBody('not_found', `not found: ${c.req.method} ${visibleText(c.req.path)}${hint}`), 404);
}
