/**
 * Answers in the format asked for (format= or Accept: json, csv, ndjson, geojson), with a strong
 * ETag over the body (304 on If-None-Match) and the export row cap. CSV cells are escaped against
 * spreadsheet formulas (app/csv.ts); the JSON `meta` travels in headers for the other formats.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { csvTable } from '../app/csv.ts';
import { ExportTooLargeError } from '../app/errors.ts';
import { choiceHint } from '../app/analysis/params.ts';
import { InvalidInputError } from '../domain/errors.ts';

/** Formats a route can answer in. */
export type Format = 'json' | 'csv' | 'ndjson' | 'geojson' | 'parquet';

/** What a handler returns: the JSON body, its rows for tabular formats, and GeoJSON when it has places. */
export interface Answer {
  body: unknown;
  rows?: readonly object[];
  geojson?: () => unknown;
  status?: number;
}

/** A finished response body, ready to send or keep in the cache. */
export interface Rendered {
  status: number;
  contentType: string;
  text: string;
  etag: string;
  headers: Record<string, string>;
}

const TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};
const ACCEPT: [RegExp, Format][] = [
  [/application\/geo\+json/, 'geojson'],
  [/text\/csv/, 'csv'],
  [/application\/(x-)?ndjson/, 'ndjson'],
  [/application\/vnd\.apache\.parquet/, 'parquet'],
];

/** The format of a request: `format=` wins, then the Accept header, then JSON. */
export function negotiate(c: Context, allowed: readonly Format[]): Format {
  const asked = c.req.query('format');
  if (asked !== undefined) {
    if (!(allowed as readonly string[]).includes(asked))
      throw new InvalidInputError(`invalid format: ${asked} (${choiceHint(allowed)})`);
    return asked as Format;
  }
  const accept = c.req.header('accept') ?? '';
  for (const [re, f] of ACCEPT) if (re.test(accept) && allowed.includes(f)) return f;
  return 'json';
}

/** A strong ETag: the quoted base64url sha256 of the body. */
export function etagOf(text: string): string {
  return `"${createHash('sha256').update(text).digest('base64url')}"`;
}

// Header values must be Latin-1 without control characters.
const headerSafe = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');

/** Renders an answer in a format, enforcing the export row cap. */
export function render(answer: Answer, format: Format, maxRows: number): Rendered {
  const headers: Record<string, string> = {};
  const meta = (
    answer.body as {
      meta?: {
        sources?: { source: string; version: string; events: number }[];
        coverage_warning?: string | null;
      };
    } | null
  )?.meta;
  const rows = (answer.rows ?? []) as readonly Record<string, unknown>[];
  if (format !== 'json' && rows.length > maxRows) throw new ExportTooLargeError(rows.length, maxRows);
  let text: string;
  switch (format) {
    case 'json':
      text = JSON.stringify(answer.body);
      break;
    case 'csv':
      text = csvTable(rows);
      break;
    case 'ndjson':
      text = rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
      break;
    case 'geojson':
      text = JSON.stringify(answer.geojson!());
      break;
    case 'parquet':
      throw new InvalidInputError('invalid format: parquet is answered only by streamed exports');
  }
  if (format !== 'json' && meta) {
    if (meta.sources)
      headers['x-faultline-sources'] = headerSafe(
        meta.sources.map((s) => `${s.source} ${s.version} (${s.events} events)`).join(', ') || 'none',
      );
    if (meta.coverage_warning) headers['x-faultline-coverage-warning'] = headerSafe(meta.coverage_warning);
  }
  return { status: answer.status ?? 200, contentType: TYPES[format], text, etag: etagOf(text), headers };
}

/** Sends a rendered body, or 304 when the client already holds it. */
export function send(c: Context, r: Rendered): Response {
  const inm = c.req.header('if-none-match');
  const common = { etag: r.etag, vary: 'Accept, Authorization, X-API-Key', ...r.headers };
  if (inm && r.status === 200 && inm.split(',').some((t) => t.trim() === r.etag || t.trim() === '*'))
    return c.body(null, 304, common);
  return c.body(r.text, r.status as 200, { 'content-type': r.contentType, ...common });
}
