/** Routes of single events: the filtered, paged listing (with total and an opaque cursor) and one event in full. */
import { createHash } from 'node:crypto';
import { originalRecord, originalRecords } from '../../app/original-record.ts';
import { z } from 'zod';
import type { Context } from 'hono';
import { eventFeature, EXPORT_MEDIA, exportEvents } from '../../app/event-export.ts';
import { eventListingMeta } from '../../app/event-listing-meta.ts';
import { exportAbout } from '../../app/export-about.ts';
import { knownTotal } from '../../app/analysis/meta.ts';
import { memo } from '../../app/analysis/memo.ts';
import { metaHeaders } from '../../app/render-answer.ts';
import { eventDetail, eventSummary } from '../../app/event-view.ts';
import { eventAnswer } from '../../app/event-incident.ts';
import { ExportTooLargeError } from '../../app/errors.ts';
import { streamedResponse } from '../export-stream.ts';
import { negotiate } from '../respond.ts';
import { ConflictError, InvalidInputError, NotFoundError, invalidParam } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { parseEventId } from '../../domain/event-id.ts';
import {
  EVENT_LIMIT_HINT,
  EVENT_PAGE_MAX,
  EXPORT_LIMIT_MAX,
  type EventFilter,
  type EventSort,
} from '../../domain/query.ts';
import { choice, FILTER_PARAMS, filterOf, int, text, flag, isSet, type FlagWord } from '../params.ts';
import { API, route, type ApiDeps, type RouteDef } from '../route-table.ts';

const tag = 'events';

/**
 * The cursor of the page after `offset` for a query: base64url JSON of the offset, the query's hash
 * and the stamp of the data it paged (dataStamp).
 */
export function encodeCursor(offset: number, queryHash: string, stamp: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: queryHash, s: stamp })).toString('base64url');
}

/** A cursor's offset and the stamp of the data it was made on; throws when it is malformed or belongs to another query. */
export function decodeCursor(cursor: string, queryHash: string): { offset: number; stamp: string } {
  let parsed: { o?: unknown; q?: unknown; s?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidInputError(
      `invalid cursor: ${quoteValue(cursor)} (use the next_cursor of the page before, unchanged)`,
    );
  }
  // A safe integer: DuckDB refuses an OFFSET beyond BIGINT, and JSON can carry 1e300.
  if (
    !Number.isSafeInteger(parsed?.o) ||
    (parsed.o as number) < 0 ||
    typeof parsed.q !== 'string' ||
    typeof parsed.s !== 'string'
  )
    throw new InvalidInputError(
      `invalid cursor: ${quoteValue(cursor)} (use the next_cursor of the page before, unchanged)`,
    );
  if (parsed.q !== queryHash)
    throw new InvalidInputError(
      'invalid cursor: it belongs to another query (keep the filters and sort unchanged while paging)',
    );
  return { offset: parsed.o as number, stamp: parsed.s };
}

/**
 * What a cursor remembers of the data it paged: the matching events and the latest import. A cursor
 * is an offset, so an import or a desk change between two pages would shift the rows under it and
 * the next page would repeat or skip events without a word; a changed stamp refuses it instead.
 */
async function dataStamp(deps: ApiDeps, total: number): Promise<string> {
  const ledger = await memo(deps.store, 'ledger', () => deps.store.listImports());
  return `${total}.${ledger.reduce((m, e) => Math.max(m, e.id), 0)}`;
}

/** Throws 409 when the data a cursor was made on have changed since (dataStamp). */
function checkStamp(made: string, now: string): void {
  if (made !== now)
    throw new ConflictError(
      'stale cursor: the matching events changed since it was made (an import or a desk change), so its offset no longer continues the listing; start again without cursor',
    );
}

/**
 * Throws 400 when a cursor's offset lies at or past the last matching event: a next_cursor is made
 * only while events remain, so such a cursor was not one (it answered an empty page without a word).
 */
function checkOffset(cursor: string, offset: number, total: number): void {
  if (offset > 0 && offset >= total)
    throw new InvalidInputError(
      `invalid cursor: ${quoteValue(cursor)} (its offset, ${offset}, lies past the last of the ${total} matching events: use the next_cursor of the page before, unchanged)`,
    );
}

const hashOf = (f: EventFilter, sort: string) =>
  createHash('sha256')
    .update(JSON.stringify([f, sort]))
    .digest('base64url')
    .slice(0, 16);

const feature = eventFeature;

/** Formats of the event listing that stream every matching row instead of a page. */
export const STREAMED_FORMATS = ['csv', 'ndjson', 'geojson', 'parquet'] as const;

/** The query string of the next page: the request's own parameters with the new cursor. */
function nextLink(c: Context, cursor: string): string {
  const u = new URL(c.req.url);
  u.searchParams.set('cursor', cursor);
  return `${u.pathname}?${u.searchParams.toString()}`;
}

/** Streams every event matching the filter (or `limit` of them) in an export format. */
async function streamEvents(
  c: Context,
  deps: ApiDeps,
  q: { sort?: string; limit?: number; cursor?: string; hxl?: FlagWord; original?: FlagWord },
  filter: EventFilter & { includeSuperseded: boolean },
  format: (typeof STREAMED_FORMATS)[number],
): Promise<Response> {
  const sort = (q.sort ?? 'date') as EventSort;
  // The same hash as a JSON page's, so its next_cursor continues an export (the filter without the flag).
  const { includeSuperseded, ...plain } = filter;
  const cursor = q.cursor
    ? decodeCursor(q.cursor, hashOf(plain, sort + (includeSuperseded ? '+superseded' : '')))
    : null;
  const offset = cursor?.offset ?? 0;
  // Rollups never hold superseded events: a listing that includes them is counted on events.
  const total = filter.includeSuperseded
    ? (await deps.store.queryEvents({ ...filter, limit: 0 })).total
    : await deps.store.countEvents(filter);
  if (cursor) checkStamp(cursor.stamp, await dataStamp(deps, total));
  if (cursor) checkOffset(q.cursor!, offset, total);
  const rows = Math.max(0, Math.min(q.limit ?? Infinity, total - offset));
  // Limits are checked before the first byte: a 413 names the count, and nothing is ever cut short.
  if (rows > deps.maxStreamedRows) throw new ExportTooLargeError(rows, deps.maxStreamedRows);
  const name = `events.${format === 'geojson' ? 'geojson' : format}`;
  // The JSON page's meta, in headers: which source versions the rows come from, and a period no
  // loaded source covers (an empty file of 2023 is "nothing known", not zero events).
  const listing = await eventListingMeta(deps.store, filter);
  const meta = metaHeaders(listing);
  return streamedResponse(
    async (sink, signal) => {
      const written = await exportEvents(
        deps.store,
        { ...filter, sort, offset, limit: q.limit },
        format,
        sink,
        {
          hxl: isSet(q.hxl),
          signal,
          total: knownTotal(listing, total),
          original: isSet(q.original),
          about: exportAbout(
            listing,
            { sort, offset, limit: q.limit, includeSuperseded },
            knownTotal(listing, total),
            await memo(deps.store, 'ledger', () => deps.store.listImports()),
          ),
        },
      );
      // The headers were counted before the export's own snapshot: when a write landed in between,
      // the body is broken off (the client sees a failed transfer), never a file that disagrees with
      // them. (A client that left stopped the rows itself.)
      if (written !== rows && !signal.aborted)
        throw new Error(
          `the matching events changed during the export: ${rows} announced, ${written} written; ask again`,
        );
    },
    {
      'content-type': EXPORT_MEDIA[format],
      'content-disposition': `attachment; filename="${name}"`,
      // "unknown" where no loaded source covers the filter and nothing matched (not zero events).
      'x-faultline-total': String(knownTotal(listing, total) ?? 'unknown'),
      'x-faultline-rows': String(rows),
      ...meta,
      'cache-control': 'no-store',
    },
    c.req.raw.signal,
  );
}

/** The event routes. */
export const eventRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: `${API}/events`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', ...STREAMED_FORMATS],
    streams: STREAMED_FORMATS,
    summary:
      'Events matching filters: JSON a page at a time, exports (csv, ndjson, geojson, parquet) complete',
    responses: {
      200: 'Events matching filters: JSON a page at a time, exports (csv, ndjson, geojson, parquet) complete',
      409: 'stale cursor: the matching events changed (an import or a desk change) since the cursor was made; start again without cursor',
    },
    description:
      "JSON: `total` is the number of matching events (null when none matches and no loaded source covers the filter: nothing is known there, not zero events; `meta.coverage_status` says `not_covered`, and exports say `x-faultline-total: unknown`); `next` is the URL of the next page (pass `next_cursor` back as `cursor`; keep the filters and sort unchanged). A cursor made before the matching events changed (an import or a desk change between two pages) answers 409 `stale cursor: ...` rather than a page that repeats or skips events: start again without it. Exports (`format=csv|ndjson|geojson|parquet` or an Accept header) stream every matching event (or `limit` of them, from `cursor`); more than the server's export maximum (FAULTLINE_MAX_EXPORT_ROWS, default 5,000,000) answers 413 with the count before any row is sent, never a cut-short file.",
    query: z.strictObject({
      ...FILTER_PARAMS,
      sort: choice(['date', '-date', 'fatalities', '-fatalities'], 'order (default date)').optional(),
      limit: int(
        1,
        EXPORT_LIMIT_MAX,
        `page size (default 100, at most ${EVENT_PAGE_MAX}); exports: at most this many rows (any count; over the server's export maximum, 413)`,
        EVENT_LIMIT_HINT,
      ).optional(),
      cursor: text('opaque cursor from the previous page').optional(),
      include_superseded: flag(
        'also list UCDP Candidate events a final GED release has superseded (never counted)',
      ).optional(),
      hxl: flag('csv: a row of HXL hashtags under the header').optional(),
      original: flag(
        "each event with its original source record from the archive: `original` (the record's fields, as in the event's detail; null when none is kept); csv and parquet: a last column `original` with the record's exact text",
      ).optional(),
    }),
    async handle(c, deps, q) {
      const filter = await filterOf(q, deps.store);
      const includeSuperseded = isSet(q.include_superseded);
      const format = negotiate(c, ['json', ...STREAMED_FORMATS]);
      // Checked before any byte is sent (an export's failure after its headers is a broken transfer).
      // As the CLI's --hxl: a hashtag row exists in CSV alone, so asking for it elsewhere is refused, not dropped.
      if (isSet(q.hxl) && format !== 'csv')
        throw new InvalidInputError(
          `invalid hxl: ${quoteValue(c.req.query('hxl')!)} (only with format=csv: a row of HXL hashtags under the header)`,
        );
      if (format !== 'json') return streamEvents(c, deps, q, { ...filter, includeSuperseded }, format);
      const sort = (q.sort ?? 'date') as EventSort;
      // A JSON page holds at most EVENT_PAGE_MAX events; only an export takes a larger limit.
      if (q.limit !== undefined && q.limit > EVENT_PAGE_MAX)
        throw invalidParam(
          'limit',
          `${quoteValue(c.req.query('limit') ?? String(q.limit))} (${EVENT_LIMIT_HINT})`,
        );
      const limit = Math.min(q.limit ?? 100, deps.maxPageSize);
      const h = hashOf(filter, sort + (includeSuperseded ? '+superseded' : ''));
      const cursor = q.cursor ? decodeCursor(q.cursor, h) : null;
      const offset = cursor?.offset ?? 0;
      const pageQuery = { ...filter, sort, limit, offset, includeSuperseded };
      // A summary reads 35 of an event's 55 columns; original records need the whole rows (each
      // event's file hash and record number).
      const wide = isSet(q.original) ? await deps.store.queryEvents(pageQuery) : null;
      const page = wide ?? (await deps.store.queryListingEvents(pageQuery));
      const originals = wide ? await originalRecords(deps.store, wide.rows) : null;
      const events = page.rows.map((e, i) =>
        originals ? { ...eventSummary(e), original: originals[i]?.fields ?? null } : eventSummary(e),
      );
      const meta = await eventListingMeta(deps.store, filter);
      const stamp = await dataStamp(deps, page.total);
      if (cursor) checkStamp(cursor.stamp, stamp);
      if (cursor) checkOffset(q.cursor!, offset, page.total);
      const next =
        offset + events.length < page.total ? encodeCursor(offset + events.length, h, stamp) : null;
      // null, not 0, where no loaded source covers the filter and nothing matched.
      const total = knownTotal(meta, page.total);
      const body = {
        events,
        total,
        offset,
        limit,
        next_cursor: next,
        next: next ? nextLink(c, next) : null,
        meta,
      };
      return {
        body,
        rows: events,
        geojson: () => ({
          type: 'FeatureCollection',
          features: events.map(feature),
          total,
          next_cursor: next,
          meta,
        }),
      };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/events/:id`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'geojson'],
    summary:
      'One event in full, with the original source record and the records of other sources linked to it',
    description:
      "`event`: every stored field and `original`, the untouched source record. `same_incident`: the records of other sources that the stored cross-source linkage holds to be the same incident (`records`, each with how it was joined: `joined`, `score`, `reasons`), the stored run it rests on (`run`), the other source versions compared and whether each covers the event's date and country (`compared`), and a `note`. `status` says what `records` means: `linked`; `none_linked` (`records: []`: another source covers the date and country and none of its records is linked); `no_other_source` (`records: null`: no other loaded source covers the date and country, so nothing was compared); `not_checked` (`records: null`: a superseded Candidate record, which linkage does not hold). When the stored links of the event's days are stale or missing they are linked again first (`relinked: true`), as `/disagreements` does. GeoJSON gives the event alone. See docs/linkage.md.",
    pathParams: { id: 'event id, `<source>:<source id>` (ucdp-ged:123456)' },
    query: z.strictObject({}),
    async handle(c, deps) {
      // A malformed id is bad input (400), not an event the store happens not to hold (404).
      const id = parseEventId(c.req.param('id')!);
      const e = await deps.store.getEvent(id);
      if (!e) throw new NotFoundError(`no event with id ${quoteValue(id)}`);
      // The GeoJSON feature carries the event alone: nothing is linked for it.
      if (negotiate(c, ['json', 'geojson']) === 'geojson') {
        const original = (await originalRecord(deps.store, e))?.fields ?? null;
        return {
          body: { event: eventDetail(e, original) },
          rows: [eventSummary(e)],
          geojson: () => feature({ ...eventSummary(e), original }),
        };
      }
      const body = await eventAnswer(deps.store, e);
      return {
        body,
        rows: [eventSummary(e)],
        geojson: () => feature({ ...eventSummary(e), original: body.event.original }),
      };
    },
  }),
];
