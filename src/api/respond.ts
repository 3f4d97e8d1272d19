/**
 * Answers over HTTP: the format a request asks for (format= or Accept: json, csv, ndjson, geojson),
 * and a rendered answer (app/render-answer.ts) sent with its strong ETag (304 on If-None-Match).
 */
import type { Context } from 'hono';
import { choiceHint } from '../app/analysis/params.ts';
import type { Format, Rendered } from '../app/render-answer.ts';
import { InvalidInputError } from '../domain/errors.ts';

const ACCEPT: [RegExp, Format][] = [
  [/application\/geo\+json/, 'geojson'],
  [/text\/csv/, 'csv'],
  [/application\/(x-)?ndjson/, 'ndjson'],
  [/application\/vnd\.apache\.parquet/, 'parquet'],
];

/** The format of a request: `format=` wins, then the Accept header, then JSON. */
export function negotiate<F extends Format>(c: Context, allowed: readonly F[]): F {
  const asked = c.req.query('format');
  if (asked !== undefined) {
    if (!(allowed as readonly string[]).includes(asked))
      throw new InvalidInputError(`invalid format: ${asked} (${choiceHint(allowed)})`);
    return asked as F;
  }
  const accept = c.req.header('accept') ?? '';
  for (const [re, f] of ACCEPT)
    if (re.test(accept) && (allowed as readonly Format[]).includes(f)) return f as F;
  return 'json' as F;
}

/** Sends a rendered body, or 304 when the client already holds it. */
export function send(c: Context, r: Rendered): Response {
  const inm = c.req.header('if-none-match');
  const common = { etag: r.etag, vary: 'Accept, Authorization, X-API-Key', ...r.headers };
  if (inm && r.status === 200 && inm.split(',').some((t) => t.trim() === r.etag || t.trim() === '*'))
    return c.body(null, 304, common);
  return c.body(r.body as string | Uint8Array<ArrayBuffer>, r.status as 200, {
    'content-type': r.contentType,
    ...common,
  });
}
