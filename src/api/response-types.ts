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
  'GET /api/v1/imports/:id/rejections': { schema: 'RejectionsAnswer' },
  'GET /api/v1/gdelt/gaps': { schema: 'GdeltGapsAnswer' },
  'GET /api/v1/imports/:id/warnings': { schema: 'WarningsAnswer' },
  'GET /api/v1/statistics': { schema: 'IndicatorsAnswer' },
  'GET /api/v1/statistics/months': { schema: 'FiguresByMonthAnswer' },
  'GET /api/v1/places': { schema: 'PlacesAnswer' },
  'GET /api/v1/geo/disagreements': { schema: 'PlacementDisagreementsAnswer' },
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
  'POST /api/v1/imports': { schema: 'ImportAnswer' },
  'GET /api/v1/keys': { schema: 'KeysAnswer' },
  'POST /api/v1/keys': { schema: 'CreatedApiKey' },
  'DELETE /api/v1/keys/:id': { schema: 'KeyRevokedAnswer' },
  'POST /api/v1/desk/news': { schema: 'NewsTextAnswer' },
  'GET /api/v1/desk/events': { schema: 'DeskEventsAnswer' },
  'POST /api/v1/desk/events': { schema: 'DeskEvent' },
  'GET /api/v1/desk/events/:id': { schema: 'DeskEvent' },
  'POST /api/v1/desk/events/:id': { schema: 'DeskEditAnswer' },
  'POST /api/v1/desk/events/:id/submit': { schema: 'DeskEvent' },
  'POST /api/v1/desk/events/:id/verify': { schema: 'DeskEvent' },
  'POST /api/v1/desk/events/:id/publish': { schema: 'DeskEvent' },
  'POST /api/v1/desk/events/:id/reject': { schema: 'DeskEvent' },
  'POST /api/v1/desk/events/:id/retract': { schema: 'DeskEvent' },
  'GET /api/v1/desk/queue': { schema: 'DeskQueueAnswer' },
  'GET /api/v1/desk/audit': { schema: 'DeskAuditAnswer' },
  'GET /api/v1/alerts/rules': { schema: 'AlertRulesAnswer' },
  'POST /api/v1/alerts/rules': { schema: 'AddedRule' },
  'DELETE /api/v1/alerts/rules/:id': { schema: 'AlertRuleRemovedAnswer' },
  'POST /api/v1/alerts/evaluate': { schema: 'AlertRunAnswer' },
  'GET /api/v1/alerts/deliveries': { schema: 'DeliveriesAnswer' },
  'POST /api/v1/alerts/deliveries/:id/resend': { schema: 'DeliveryResentAnswer' },
  'GET /api/v1': { schema: 'RoutesAnswer' },
  'GET /api/v1/openapi.json': {
    none: 'this document: an OpenAPI 3.1 document (https://spec.openapis.org/oas/3.1/schema)',
  },
  'GET /api/v1/docs': { none: 'an HTML page', media: 'text/html' },
};

/** A route's key in RESPONSE_TYPES. */
export const responseKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
