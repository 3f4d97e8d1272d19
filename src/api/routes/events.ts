/** Routes of single events: the filtered, paged listing (with total and an opaque cursor) and one event in full. */
import { createHash } from 'node:crypto';
import { originalRecord } from '../../app/original-record.ts';
import { z } from 'zod';
import { eventListingMeta } from '../../app/event-listing-meta.ts';
import type { EventSummary } from '../../app/answers.ts';
import { eventDetail, eventSummary } from '../../app/event-view.ts';
import { InvalidInputError, NotFoundError } from '../../domain/errors.ts';
import type { EventFilter, EventSort } from '../../domain/query.ts';
import { choice, FILTER_PARAMS, filterOf, int, text } from '../params.ts';
import { API, route, type RouteDef } from '../route-table.ts';

const tag = 'events';

/** The cursor of the page after `offset` for a query: base64url JSON of the offset and the query's hash. */
export function encodeCursor(offset: number, queryHash: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: queryHash })).toString('base64url');
}

/** The offset a cursor points at; throws when it is malformed or belongs to another query. */
export function decodeCursor(cursor: string, queryHash: string): number {
  let parsed: { o?: unknown; q?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidInputError(`invalid cursor: ${cursor.slice(0, 100)}`);
  }
  // A safe integer: DuckDB refuses an OFFSET beyond BIGINT, and JSON can carry 1e300.
  if (!Number.isSafeInteger(parsed?.o) || (parsed.o as number) < 0 || typeof parsed.q !== 'string')
    throw new InvalidInputError(`invalid cursor: ${cursor.slice(0, 100)}`);
  if (parsed.q !== queryHash)
    throw new InvalidInputError(
      'invalid cursor: it belongs to another query (keep the filters and sort unchanged while paging)',
    );
  return parsed.o as number;
}

const hashOf = (f: EventFilter, sort: string) =>
  createHash('sha256')
    .update(JSON.stringify([f, sort]))
    .digest('base64url')
    .slice(0, 16);

/** GeoJSON Feature of an event summary (null geometry when the source gives no coordinates). */
function feature(e: EventSummary | (EventSummary & { original: unknown })) {
  const geometry = e.lat === null || e.lon === null ? null : { type: 'Point', coordinates: [e.lon, e.lat] };
  return { type: 'Feature', id: e.id, geometry, properties: e };
}

/** The event routes. */
export const eventRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: `${API}/events`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'csv', 'ndjson', 'geojson'],
    summary: 'Events matching filters, a page at a time',
    description:
      '`total` is the number of matching events; pass `next_cursor` back as `cursor` for the next page (keep the filters and sort unchanged).',
    query: z.strictObject({
      ...FILTER_PARAMS,
      sort: choice(['date', '-date', 'fatalities', '-fatalities'], 'order (default date)').optional(),
      limit: int(1, 1000, 'page size (default 100, at most 1000)').optional(),
      cursor: text('opaque cursor from the previous page').optional(),
      include_superseded: choice(
        ['true', 'false'],
        'also list UCDP Candidate events a final GED release has superseded (never counted)',
      ).optional(),
    }),
    async handle(_c, deps, q) {
      const filter = filterOf(q);
      const includeSuperseded = q.include_superseded === 'true';
      const sort = (q.sort ?? 'date') as EventSort;
      const limit = Math.min(q.limit ?? 100, deps.maxPageSize);
      const h = hashOf(filter, sort + (includeSuperseded ? '+superseded' : ''));
      const offset = q.cursor ? decodeCursor(q.cursor, h) : 0;
      const page = await deps.store.queryEvents({ ...filter, sort, limit, offset, includeSuperseded });
      const events = page.rows.map(eventSummary);
      const meta = await eventListingMeta(deps.store, filter);
      const next = offset + events.length < page.total ? encodeCursor(offset + events.length, h) : null;
      const body = { events, total: page.total, offset, limit, next_cursor: next, meta };
      return {
        body,
        rows: events,
        geojson: () => ({
          type: 'FeatureCollection',
          features: events.map(feature),
          total: page.total,
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
    summary: 'One event in full, with the original source record',
    pathParams: { id: 'event id, `<source>:<source id>` (ucdp-ged:123456)' },
    query: z.strictObject({}),
    async handle(c, deps) {
      const id = c.req.param('id')!;
      const e = await deps.store.getEvent(id);
      if (!e) throw new NotFoundError(`no event with id ${id.slice(0, 200)}`);
      const original = (await originalRecord(deps.store, e))?.fields ?? null;
      return {
        body: { event: eventDetail(e, original) },
        rows: [eventSummary(e)],
        geojson: () => feature({ ...eventSummary(e), original }),
      };
    },
  }),
];
