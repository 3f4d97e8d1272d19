/**
 * Answers rendered to their body in a format (json, csv, ndjson, geojson), with a strong ETag over the
 * body and the export row cap. Pure work, no HTTP: the API sends the result (api/respond.ts), and a
 * compute worker can render a large answer off the server's event loop (compute-tasks.ts). CSV cells
 * are escaped against spreadsheet formulas (csv.ts); the JSON `meta` travels in headers for the
 * other formats.
 */
import { createHash } from 'node:crypto';
import { csvTable } from './csv.ts';
import { ExportTooLargeError } from './errors.ts';
import { TimeSlice } from './loop-turn.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { sourceUseText, type Release } from '../domain/release.ts';
import { notesBesideRows } from './notes-beside-rows.ts';
import { licencesText, type LicenceOfSource } from './licences-text.ts';
import { figureSourceText, isFigureFile, UNKNOWN_VERSION, type FigureFile } from './figure-sources-text.ts';

/** Formats a route can answer in. */
export type Format = 'json' | 'csv' | 'ndjson' | 'geojson' | 'parquet' | 'views';

/** What a handler returns: the JSON body, its rows for tabular formats, and GeoJSON when it has places. */
export interface Answer {
  body: unknown;
  rows?: readonly object[];
  /** The rows' columns, so a CSV of no rows still has its header (else the first row's keys). */
  columns?: readonly string[];
  /** Headers of a CSV or NDJSON answer (a cut page's total, which the JSON says in its body). */
  headers?: Record<string, string>;
  geojson?: () => unknown;
  status?: number;
}

/** A finished response body, ready to send or keep in the cache. */
export interface Rendered {
  status: number;
  contentType: string;
  etag: string;
  headers: Record<string, string>;
  /** The body: its text, or its UTF-8 bytes when the text is large (encoded ahead, see `bytesOfLarge`). */
  body: string | Uint8Array;
}

/** A rendered body's size: characters of a text, bytes of an encoded one. */
export function bodySize(r: Pick<Rendered, 'body'>): number {
  return typeof r.body === 'string' ? r.body.length : r.body.byteLength;
}

/** Whether a handler's result is already rendered (a large answer rendered on a compute worker). */
export function isRendered(x: unknown): x is Rendered {
  return typeof x === 'object' && x !== null && 'etag' in x && 'contentType' in x && 'body' in x;
}

const TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  views: 'text/csv; charset=utf-8', // ViEWS challenge layout (forecast draws), asked for only by format=views
};
/** A strong ETag: the quoted base64url sha256 of the body. */
export function etagOf(text: string): string {
  return `"${createHash('sha256').update(text).digest('base64url')}"`;
}

// Header values must be Latin-1 without control characters.
const headerSafe = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');

/** What an answer's meta says about its sources and coverage. */
export interface HeaderMeta {
  /** Source versions and the events counted from each; or, for published figures, files and their figures. */
  sources?: ((
    | {
        source: string;
        version: string;
        events: number;
        release?: Release | null;
      }
    | FigureFile
  ) &
    Partial<LicenceOfSource>)[];
  coverage_warning?: string | null;
  notes?: readonly string[];
}

/** Most characters of the notes header (a proxy may refuse a long header; the JSON answer has them all). */
const NOTES_HEADER_MAX = 4000;

/**
 * The headers that carry an answer's meta beside a body that has no room for it (CSV, NDJSON,
 * GeoJSON, Parquet): the source versions used, the coverage warning and the notes (what a series
 * set apart in `imprecise`, a list cut at its limit, ...), joined by " | ".
 */
export function metaHeaders(meta: HeaderMeta): Record<string, string> {
  const headers: Record<string, string> = {};
  // Published figures name their files and how many figures each gave (GET /statistics said
  // "statistics sha256:692c48f1bcc0 (undefined events)").
  const sources = meta.sources?.map((s) =>
    isFigureFile(s)
      ? { text: figureSourceText(s), licence: { ...s, version: s.version ?? UNKNOWN_VERSION } }
      : { text: sourceUseText(s), licence: s },
  );
  if (sources) headers['x-faultline-sources'] = headerSafe(sources.map((s) => s.text).join(', ') || 'none');
  // A table saved from the response keeps what it may be shared under only if the licences travel too.
  if (sources?.length)
    headers['x-faultline-licences'] = headerSafe(licencesText(sources.map((s) => s.licence)));
  if (meta.coverage_warning) headers['x-faultline-coverage-warning'] = headerSafe(meta.coverage_warning);
  if (meta.notes?.length) {
    const notes = notesBesideRows(meta.notes).join(' | ');
    headers['x-faultline-notes'] = headerSafe(
      notes.length > NOTES_HEADER_MAX
        ? `${notes.slice(0, NOTES_HEADER_MAX - 60)}... (cut; the JSON answer's meta.notes has them all)`
        : notes,
    );
  }
  return headers;
}

// Rows serialised between two checks of the time slice.
const PER_PART = 200;

/**
 * JSON text of a value, the same as JSON.stringify's; the elements of a large top-level array
 * member (a dense series' points) are written a slice at a time with a loop turn between slices.
 */
async function jsonInTurns(body: unknown, slice: TimeSlice): Promise<string[]> {
  const big = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > PER_PART;
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !Object.values(body).some(big))
    return [JSON.stringify(body)];
  const parts: string[] = [];
  for (const [k, v] of Object.entries(body)) {
    const head = `${parts.length ? ',' : '{'}${JSON.stringify(k)}:`;
    if (!big(v)) {
      const text = JSON.stringify(v);
      // Members JSON.stringify leaves out (undefined, functions) are left out here too.
      if (text !== undefined) parts.push(head + text);
      continue;
    }
    parts.push(head + '[');
    for (let i = 0; i < v.length; i += PER_PART) {
      if (slice.due) await slice.turn();
      const text = JSON.stringify(v.slice(i, i + PER_PART));
      parts.push((i > 0 ? ',' : '') + text.slice(1, -1));
    }
    parts.push(']');
  }
  parts.push(parts.length ? '}' : '{}');
  return parts;
}

/** NDJSON lines of the rows, a slice at a time with a loop turn between slices. */
async function ndjsonInTurns(rows: readonly Record<string, unknown>[], slice: TimeSlice): Promise<string[]> {
  const parts: string[] = [];
  for (let i = 0; i < rows.length; i += PER_PART) {
    if (slice.due) await slice.turn();
    parts.push(
      rows
        .slice(i, i + PER_PART)
        .map((r) => JSON.stringify(r) + '\n')
        .join(''),
    );
  }
  return parts;
}

/** Renders an answer in a format, enforcing the export row cap; large answers give the event loop turns. */
export async function render(answer: Answer, format: Format, maxRows: number): Promise<Rendered> {
  let headers: Record<string, string> = {};
  const meta = (answer.body as { meta?: HeaderMeta } | null)?.meta;
  const rows = (answer.rows ?? []) as readonly Record<string, unknown>[];
  if (format !== 'json' && rows.length > maxRows) throw new ExportTooLargeError(rows.length, maxRows);
  const slice = new TimeSlice();
  let parts: string[];
  switch (format) {
    case 'json':
      parts = await jsonInTurns(answer.body, slice);
      break;
    case 'csv':
      parts = [csvTable(rows, answer.columns)];
      break;
    case 'ndjson':
      parts = await ndjsonInTurns(rows, slice);
      break;
    case 'geojson':
      parts = [JSON.stringify(answer.geojson!())];
      break;
    case 'parquet':
      throw new InvalidInputError('invalid format: parquet is answered only by streamed exports');
    case 'views':
      throw new InvalidInputError('invalid format: views is answered only by the forecast route');
  }
  if (format !== 'json' && meta) headers = metaHeaders(meta);
  if (format !== 'json' && answer.headers) headers = { ...headers, ...answer.headers };
  // Hashed part by part: the same digest as the whole text's, without one long step.
  const hash = createHash('sha256');
  for (const p of parts) {
    if (slice.due) await slice.turn();
    hash.update(p);
  }
  const text = parts.join('');
  return {
    status: answer.status ?? 200,
    contentType: TYPES[format],
    etag: `"${hash.digest('base64url')}"`,
    headers,
    body: (await bytesOfLarge(text, slice)) ?? text,
  };
}

// Bodies larger than this are encoded ahead, a part at a time with loop turns between parts, and
// handed to the socket as bytes: Node then writes them as the socket drains, without JavaScript.
// (A web stream of parts pulled them all in one task on each drain: 0.4-0.7 s steps under load.)
const ENCODE_FROM_CHARS = 256 * 1024;
const PART_CHARS = 512 * 1024;

/** The UTF-8 bytes of a large text, encoded a part at a time with loop turns; undefined for a small one. */
export async function bytesOfLarge(text: string, slice = new TimeSlice()): Promise<Uint8Array | undefined> {
  if (text.length <= ENCODE_FROM_CHARS) return undefined;
  const parts: Buffer[] = [];
  for (let at = 0; at < text.length;) {
    if (slice.due) await slice.turn();
    let end = Math.min(text.length, at + PART_CHARS);
    // Never split a surrogate pair between two parts.
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
    parts.push(Buffer.from(text.slice(at, end), 'utf8'));
    at = end;
  }
  return Buffer.concat(parts);
}
