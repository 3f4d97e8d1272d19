/**
 * Which schema describes each route's JSON answer in the OpenAPI document (openapi.ts), keyed by
 * method and Hono path: a name from answer-types.ts (its schema is generated into answer-schemas.json),
 * or the reason the route has none. Every API route is listed; a test fails on one that is not.
 */
import type { ResponseAnswerName } from './answer-types.ts';

/** How a route's success answer is documented: by a schema, or deliberately without one (and why). */
export type ResponseType =
  | {
      schema: ResponseAnswerName;
      /** Other media types the route answers with when a query parameter asks: the answer rendered. */
      rendered?: readonly Rendering[];
    }
  | {
      none: string;
      /** The media type the route really answers with, where its format list says json but it is not. */
      media?: string;
    };

/** A rendering of a route's answer: the media type, the query parameter and value that ask for it, what it is. */
export interface Rendering {
  media: string;
  param: string;
  value: string;
  what: string;
}

const WRITE = 'a write route: its answer has no named answer type yet';
const DESK = 'a desk route: its answer has no named answer type yet';
const ADMIN = 'an admin route: its answer has no named answer type yet';

/** Every API route's documented answer, by `METHOD /api/v1/path`. */
export const RESPONSE_TYPES: Readonly<Record<string, ResponseType>> = {
  'GET /api/v1/events': { schema: 'EventsPage' },
  'GET /api/v1/events/:id': { schema: 'EventAnswer' },
  'GET /api/v1/series': { schema: 'SeriesAnswer' },
  'GET /api/v1/border': { schema: 'BorderAnswer' },
  'GET /api/v1/compare': { schema: 'CompareAnswer' },
  'GET /api/v1/changepoints': { schema: 'ChangepointAnswer' },
  'GET /api/v1/signals': { schema: 'SignalAnswer' },
  'GET /api/v1/index': { schema: 'IndexAnswer' },
  'GET /api/v1/network': { schema: 'NetworkAnswer' },
  'GET /api/v1/deadliest': { schema: 'DeadliestAnswer' },
  'GET /api/v1/relations': { schema: 'RelationsAnswer' },
  'GET /api/v1/sources': { schema: 'SourcesPartsAnswer' },
  'GET /api/v1/statistics': { schema: 'IndicatorsAnswer' },
  'GET /api/v1/places': { schema: 'PlacesAnswer' },
  'GET /api/v1/actors': { schema: 'ActorsAnswer' },
  'GET /api/v1/health': { schema: 'HealthAnswer' },
  'GET /api/v1/forecast': { schema: 'ForecastAnswer' },
  'GET /api/v1/disagreements': { schema: 'DisagreementsAnswer' },
  'POST /api/v1/claims/extract': { schema: 'DraftsAnswer' },
  'POST /api/v1/claims/check': { schema: 'ClaimsAnswer' },
  'GET /api/v1/claims/examples/:name': { schema: 'ClaimsAnswer' },
  'GET /api/v1/briefing': {
    schema: 'BriefingAnswer',
    rendered: [
      {
        media: 'text/html',
        param: 'render',
        value: 'html',
        what: 'the briefing as one self-contained HTML page',
      },
      { media: 'text/markdown', param: 'render', value: 'markdown', what: 'the briefing as Markdown' },
    ],
  },
  'GET /api/v1/alerts': { schema: 'AlertsAnswer' },
  'POST /api/v1/imports': { none: WRITE },
  'GET /api/v1/keys': { none: ADMIN },
  'POST /api/v1/keys': { none: ADMIN },
  'DELETE /api/v1/keys/:id': { none: ADMIN },
  'POST /api/v1/desk/news': { none: DESK },
  'GET /api/v1/desk/events': { none: DESK },
  'POST /api/v1/desk/events': { none: DESK },
  'GET /api/v1/desk/events/:id': { none: DESK },
  'POST /api/v1/desk/events/:id': { none: DESK },
  'POST /api/v1/desk/events/:id/submit': { none: DESK },
  'POST /api/v1/desk/events/:id/verify': { none: DESK },
  'POST /api/v1/desk/events/:id/publish': { none: DESK },
  'POST /api/v1/desk/events/:id/reject': { none: DESK },
  'POST /api/v1/desk/events/:id/retract': { none: DESK },
  'GET /api/v1/desk/queue': { none: DESK },
  'GET /api/v1/desk/audit': { none: DESK },
  'GET /api/v1/alerts/rules': { none: ADMIN },
  'POST /api/v1/alerts/rules': { none: ADMIN },
  'DELETE /api/v1/alerts/rules/:id': { none: ADMIN },
  'POST /api/v1/alerts/evaluate': { none: ADMIN },
  'GET /api/v1/alerts/deliveries': { none: ADMIN },
  'GET /api/v1': { none: 'the list of routes, built inline' },
  'GET /api/v1/openapi.json': {
    none: 'this document: an OpenAPI 3.1 document (https://spec.openapis.org/oas/3.1/schema)',
  },
  'GET /api/v1/docs': { none: 'an HTML page', media: 'text/html' },
};

/** A route's key in RESPONSE_TYPES. */
export const responseKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
