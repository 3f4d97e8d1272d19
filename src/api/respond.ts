/**
 * Answers over HTTP: the format a request asks for (format= or Accept: json, csv, ndjson, geojson),
 * and a rendered answer (app/render-answer.ts) sent with its strong ETag (304 on If-None-Match).
 */
import type { Context } from 'hono';
import { accepts } from 'hono/accepts';
import { choiceHint } from '../app/analysis/params.ts';
import type { Format, Rendered } from '../app/render-answer.ts';
import { matchChoice } from '../domain/choice.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';
import { repeatedParameter } from './params.ts';

/** The media types each format answers an Accept header for. */
const MEDIA_TYPES: [string, Format][] = [
  ['application/json', 'json'],
  ['application/geo+json', 'geojson'],
  ['text/csv', 'csv'],
  ['application/x-ndjson', 'ndjson'],
  ['application/ndjson', 'ndjson'],
  ['application/vnd.apache.parquet', 'parquet'],
];

/** The format of a request: `format=` wins, then the Accept header (with its q-values), then JSON. */
export function negotiate<F extends Format>(c: Context, allowed: readonly F[]): F {
  // Read before the query's schema checks it: a repeated format is refused as any repeated parameter is.
  if ((c.req.queries('format')?.length ?? 0) > 1) throw repeatedParameter('format');
  const asked = c.req.query('format');
  if (asked !== undefined) {
    const format = matchChoice(asked, allowed);
    if (format === undefined)
      throw new InvalidInputError(`invalid format: ${quoteValue(asked)} (${choiceHint(allowed)})`);
    return format;
  }
  // The Accept header as RFC 9110 reads it: the highest q first, then the most specific type, then
  // the header's order; q=0 refuses a type; nothing acceptable (or */*) is JSON.
  const types = MEDIA_TYPES.filter(([, f]) => f === 'json' || (allowed as readonly Format[]).includes(f));
  const type = accepts(c, { header: 'Accept', supports: types.map(([t]) => t), default: 'application/json' });
  return (types.find(([t]) => t === type)?.[1] ?? 'json') as F;
}

/** Sends a rendered body, or 304 when the client already holds it. */
export function send(c: Context, r: Rendered): Response {
  const inm = c.req.header('if-none-match');
  const common = { etag: r.etag, vary: 'Accept, Authorization, X-API-Key', ...r.headers };
  // If-None-Match compares weakly (RFC 9110 13.1.2): a proxy that compresses the answer sends the tag
  // back as W/"..." (nginx's gzip weakens it), and that copy is as fresh as the strong one.
  const tags = inm?.split(',').map((t) => t.trim().replace(/^W\//, '')) ?? [];
  if (r.status === 200 && tags.some((t) => t === r.etag || t === '*')) return c.body(null, 304, common);
  return c.body(r.body as string | Uint8Array<ArrayBuffer>, r.status as 200, {
    'content-type': r.contentType,
    ...common,
  });
}
