/**
 * Desk routes: analysts' events and their review (docs/desk.md). The route's auth decision is the
 * least role of its action; the use case checks the rest (retracting a published event needs an
 * admin, nobody reviews their own event), and each change is in the audit log.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { keyActor } from '../../app/desk/desk-identity.ts';
import {
  auditLog,
  auditRow,
  AUDIT_COLUMNS,
  listDeskEvents,
  listReviewQueue,
  parseStates,
  queueRow,
  QUEUE_COLUMNS,
  showDeskEvent,
} from '../../app/desk/desk-views.ts';
import {
  createDeskEvent,
  editDeskEvent,
  parseDeskId,
  publishDeskEvent,
  rejectDeskEvent,
  retractDeskEvent,
  submitDeskEvent,
  verifyDeskEvent,
  type DeskDeps,
} from '../../app/desk/desk-workflow.ts';
import type { DeskActor } from '../../domain/desk.ts';
import { AuthenticationError } from '../../app/errors.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { quoteJsonValue, quoteValue } from '../../domain/quote.ts';
import type { StoredApiKey } from '../../storage/store.ts';
import { readNewsText } from '../../app/news/news-text.ts';
import type { PublishRelations } from '../../app/desk/desk-incident.ts';
import type { DeskAuditAnswer } from '../answer-types.ts';
import { bodyText, parseJsonBody } from '../json-body.ts';
import { int, parseValues } from '../params.ts';
import { API, route, type ApiDeps, type RouteDef } from '../route-table.ts';

const tag = 'desk';
const ID = { id: 'the desk event id (a whole number)' };
const CONFLICT = { 409: 'the event is in a state this action does not apply to (the message names it)' };

/** The key holder a desk route acts for (the guard has checked the key). */
function actor(c: Context): DeskActor {
  const key = c.get('apiKey' as never) as StoredApiKey | null;
  if (!key) throw new AuthenticationError('authentication required: desk changes need an API key');
  return keyActor(key);
}

const deps = (d: ApiDeps): DeskDeps => ({ place: d.place, onChange: d.onDeskChange });

/** A JSON body; none (a review action sent bare) is `{}`. */
async function body(c: Context, example: string): Promise<unknown> {
  const text = await bodyText(c);
  return text.trim() ? parseJsonBody(text, example) : {};
}

const PublishBody = z.object({
  supersedes: z.array(z.number().int()).optional(),
  distinct_from: z.array(z.number().int()).optional(),
});

/** What a publish body says of the events that may be the same incident: a desk event id or a list of them per relation. */
async function relations(c: Context): Promise<PublishRelations> {
  const b = await body(c, '{"supersedes": [1]}');
  if (typeof b !== 'object' || b === null || Array.isArray(b))
    throw new InvalidInputError(
      `invalid body: ${quoteJsonValue(b)} (send one JSON object such as {"supersedes": [1]} or {"distinct_from": [1]})`,
    );
  const out: PublishRelations = {};
  for (const [key, v] of Object.entries(b as Record<string, unknown>)) {
    if (key !== 'supersedes' && key !== 'distinct_from')
      throw new InvalidInputError(`unknown field: ${quoteValue(key)} (use supersedes or distinct_from)`);
    if (v === null || v === undefined) continue;
    const ids = Array.isArray(v) ? v : [v];
    if (!ids.every((n) => Number.isInteger(n) && (n as number) > 0))
      throw new InvalidInputError(
        `invalid ${key}: ${quoteValue(JSON.stringify(v))} (desk event ids, such as [1])`,
      );
    out[key] = ids as number[];
  }
  return out;
}

async function reason(c: Context): Promise<string | null> {
  const b = await body(c, '{"reason": "the report names another district"}');
  if (typeof b !== 'object' || b === null || Array.isArray(b))
    throw new InvalidInputError(
      `invalid body: ${quoteJsonValue(b)} (send one JSON object such as {"reason": "..."})`,
    );
  const { reason: r, ...rest } = b as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra) throw new InvalidInputError(`unknown field: ${quoteValue(extra)} (use reason)`);
  if (r !== undefined && r !== null && typeof r !== 'string')
    throw new InvalidInputError(`invalid reason: ${quoteJsonValue(r)} (give text)`);
  return (r as string | undefined) ?? null;
}

const NEWS_EXAMPLE =
  '{"text": "PESHAWAR, Dec 3: Three policemen were martyred ...", "url": "https://news.example.org/news/1", "published": "2026-12-03"}';

const EXAMPLE =
  '{"date_start": "2026-11-28", "country": "PAK", "admin1": "Khyber Pakhtunkhwa", "common_type": "battle", "fatalities_best": 5, "citations": [{"url": "https://...", "outlet": "Example News", "published_at": "2026-11-29", "quote": "..."}]}';

const FieldsBody = z
  .object({
    date_start: z.string().optional().describe('YYYY-MM-DD (not in the future)'),
    date_end: z.string().optional(),
    date_precision: z.enum(['day', 'week', 'month', 'year', 'range']).optional(),
    country: z.string().optional().describe('ISO3: one of the configured countries (AFG, PAK)'),
    admin1: z.string().optional(),
    admin2: z.string().optional(),
    place: z.string().optional(),
    lat: z.number().optional(),
    lon: z.number().optional(),
    common_type: z.string().optional(),
    actor1: z.string().optional(),
    actor2: z.string().optional(),
    fatalities_best: z.number().int().optional(),
    fatalities_low: z.number().int().optional(),
    fatalities_high: z.number().int().optional(),
    deaths_civilians: z.number().int().optional(),
    injured: z.number().int().optional(),
    headline: z.string().optional(),
    notes: z.string().optional(),
    citations: z
      .array(z.object({ url: z.string(), outlet: z.string(), published_at: z.string(), quote: z.string() }))
      .optional(),
    from_words: z.record(z.string(), z.string()).optional().describe('the words each field was read from'),
    origin: z
      .object({
        kind: z.enum(['manual', 'news']),
        url: z.string().nullable().optional(),
        outlet: z.string().nullable().optional(),
        published_at: z.string().nullable().optional(),
        quote: z.string().optional(),
      })
      .optional()
      .describe(
        'manual, or news with the article: url, outlet, published_at (null when the text gave none) and quote',
      ),
  })
  .describe('desk event fields (see docs/desk.md for all of them)');

const transition = (
  action: 'submit' | 'verify' | 'publish',
  auth: 'analyst' | 'reviewer' | 'admin',
  summary: string,
  run: typeof submitDeskEvent,
): RouteDef =>
  route({
    method: 'POST',
    path: `${API}/desk/events/:id/${action}`,
    auth,
    tag,
    cache: false,
    formats: ['json'],
    summary,
    pathParams: ID,
    responses: { 200: 'the event after the change', ...CONFLICT },
    query: z.strictObject({}),
    async handle(c, d) {
      return { body: await run(d.store, c.req.param('id')!, actor(c), deps(d)) };
    },
  });

const NewsBody = z
  .strictObject({
    text: z.string().describe('the report: plain text or HTML (headline and first paragraphs are read)'),
    url: z.string().optional().describe("the report's address (its citation, with published)"),
    outlet: z.string().optional().describe("the paper or agency (default: the url's host)"),
    published: z
      .string()
      .optional()
      .describe('publication time, e.g. 2026-12-03 ("on Tuesday" is read against it)'),
    countries: z
      .string()
      .optional()
      .describe('ISO3 countries drafts are for, comma-separated (default PAK,AFG)'),
    all: z.boolean().optional().describe('also drafts placed outside those countries or not placed'),
    save: z.boolean().optional().describe('save each draft as a desk draft (default true); false only reads'),
  })
  .describe('a news report given as text');

/** The desk routes. */
export const deskRoutes: RouteDef[] = [
  route({
    method: 'POST',
    path: `${API}/desk/news`,
    auth: 'analyst',
    tag,
    cache: false,
    formats: ['json'],
    summary:
      'Read a news report given as text into draft events (date, place, actors, counts, type, each with its words) and save them as desk drafts',
    body: {
      contentType: 'application/json',
      description: 'the report and where it was published',
      schema: NewsBody,
    },
    responses: { 201: 'the drafts and the desk drafts saved', 200: 'the drafts, read only (save: false)' },
    query: z.strictObject({}),
    async handle(c, d) {
      const input = parseValues(NewsBody, await body(c, NEWS_EXAMPLE));
      const answer = await readNewsText(d.store, input, actor(c), deps(d));
      return { status: answer.desk_events ? 201 : 200, body: answer };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/desk/events`,
    auth: 'analyst',
    tag,
    cache: false,
    formats: ['json', 'ndjson'],
    summary: 'List desk events (every state), newest first',
    query: z.strictObject({
      state: z
        .string()
        .optional()
        .describe('states, comma-separated (draft, submitted, verified, published, rejected, retracted)'),
      limit: int(1, 10_000, 'at most this many (default 1000)').optional(),
    }),
    async handle(_c, d, q) {
      const r = await listDeskEvents(d.store, parseStates(q.state), q.limit ?? 1000);
      return { body: r, rows: r.events };
    },
  }),
  route({
    method: 'POST',
    path: `${API}/desk/events`,
    auth: 'analyst',
    tag,
    cache: false,
    formats: ['json'],
    summary: 'Create a desk event (a draft; its problems are listed)',
    body: {
      contentType: 'application/json',
      description: 'the fields, citations, from_words, origin',
      schema: FieldsBody,
    },
    responses: { 201: 'the new draft' },
    query: z.strictObject({}),
    async handle(c, d) {
      return { status: 201, body: await createDeskEvent(d.store, await body(c, EXAMPLE), actor(c), deps(d)) };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/desk/events/:id`,
    auth: 'analyst',
    tag,
    cache: false,
    formats: ['json'],
    summary: 'One desk event: fields, citations, evidence, state, problems',
    pathParams: ID,
    query: z.strictObject({}),
    async handle(c, d) {
      return { body: await showDeskEvent(d.store, c.req.param('id')!) };
    },
  }),
  route({
    method: 'POST',
    path: `${API}/desk/events/:id`,
    auth: 'analyst',
    tag,
    cache: false,
    formats: ['json'],
    summary: 'Edit a desk event (a new edit version; an event under review or published goes back to review)',
    pathParams: ID,
    body: {
      contentType: 'application/json',
      description: 'the fields to change (null clears one)',
      schema: FieldsBody,
    },
    responses: {
      200: 'the event after the edit, with the same-incident links it made and dropped (relinked)',
      ...CONFLICT,
    },
    query: z.strictObject({}),
    async handle(c, d) {
      // The id is checked before the body is read; the event is looked up by the text sent, which a
      // not-found quotes.
      const id = c.req.param('id')!;
      parseDeskId(id);
      return { body: await editDeskEvent(d.store, id, await body(c, EXAMPLE), actor(c), deps(d)) };
    },
  }),
  transition(
    'submit',
    'analyst',
    'Submit a draft for review (refused while it has problems)',
    submitDeskEvent,
  ),
  transition('verify', 'reviewer', 'Verify a submitted event (never your own)', verifyDeskEvent),
  route({
    method: 'POST',
    path: `${API}/desk/events/:id/publish`,
    auth: 'admin',
    tag,
    cache: false,
    formats: ['json'],
    summary:
      'Publish a verified event: it counts (with include_desk) and shows on the map; refused while a published event may be the same incident unless the body says how they relate',
    pathParams: ID,
    body: {
      contentType: 'application/json',
      description:
        '{"supersedes": [1]} (those published events are the same incident and leave the counts) or {"distinct_from": [1]} (other incidents: both count); empty when no published event may be the same incident',
      schema: PublishBody,
    },
    responses: {
      200: 'the event after the change',
      409: 'the event is in a state publish does not apply to, or a published event may be the same incident and the body does not say how they relate (the message names it)',
    },
    query: z.strictObject({}),
    async handle(c, d) {
      const id = c.req.param('id')!;
      parseDeskId(id);
      const how = await relations(c);
      return { body: await publishDeskEvent(d.store, id, actor(c), deps(d), how) };
    },
  }),
  ...(['reject', 'retract'] as const).map((action) =>
    route({
      method: 'POST',
      path: `${API}/desk/events/:id/${action}`,
      auth: action === 'reject' ? 'reviewer' : 'analyst',
      tag,
      cache: false,
      formats: ['json'],
      summary:
        action === 'reject'
          ? 'Reject a submitted or verified event with a reason (never your own)'
          : 'Retract an event (analyst before publication, admin after); it leaves the counts',
      pathParams: ID,
      body: {
        contentType: 'application/json',
        description: action === 'reject' ? '{"reason": "..."} (required)' : '{"reason": "..."} (optional)',
        schema: z.object({ reason: z.string().optional() }),
      },
      responses: { 200: 'the event after the change', ...CONFLICT },
      query: z.strictObject({}),
      async handle(c, d) {
        const id = c.req.param('id')!;
        parseDeskId(id);
        const why = await reason(c);
        const run = action === 'reject' ? rejectDeskEvent : retractDeskEvent;
        return { body: await run(d.store, id, why, actor(c), deps(d)) };
      },
    }),
  ),
  route({
    method: 'GET',
    path: `${API}/desk/queue`,
    auth: 'analyst',
    tag,
    cache: false,
    formats: ['json', 'csv'],
    summary: 'The review queue: submitted and verified events, oldest first, with their age in hours',
    query: z.strictObject({}),
    async handle(_c, d) {
      const r = await listReviewQueue(d.store);
      return { body: r, rows: r.queue.map(queueRow), columns: QUEUE_COLUMNS };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/desk/audit`,
    auth: 'analyst',
    tag,
    cache: false,
    formats: ['json', 'csv', 'ndjson'],
    summary: 'The append-only audit log (who, when, action, before and after), oldest first; CSV export',
    query: z.strictObject({
      event: z.string().optional().describe('only this desk event id'),
    }),
    async handle(_c, d, q) {
      const entries = await auditLog(d.store, q.event);
      return {
        body: { entries, meta: { order: 'oldest first', entries: entries.length } } satisfies DeskAuditAnswer,
        rows: entries.map(auditRow),
        columns: AUDIT_COLUMNS,
      };
    },
  }),
];
