/**
 * The route table: every HTTP route with its method, path, explicit auth decision, summary, query
 * schema (zod: validates requests and generates the OpenAPI document), formats and handler.
 * server.ts registers routes only from here, so no route can exist without an auth decision.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import type { DeskAction, DeskEvent } from '../domain/desk.ts';
import type { Event } from '../domain/event.ts';
import type { EventGeo } from '../domain/placed-event.ts';
import type { Store } from '../storage/store.ts';
import type { AuthDecision } from './auth.ts';
import type { OwnerChannel } from './routes/internal-cli.ts';
import { choice } from './params.ts';
import type { Answer, Format, Rendered } from '../app/render-answer.ts';

/** What the API is built around: the store and its limits. */
export interface ApiDeps {
  store: Store;
  /** Places imported events on units, border and grid (as the CLI's import does). */
  place?: (e: Event) => EventGeo;
  /** Whether read routes answer requests without a key. */
  anonymousRead: boolean;
  /** Requests a minute per key (or per address when anonymous). */
  rateLimitPerMinute: number;
  queryTimeoutMs: number;
  maxPageSize: number;
  maxExportRows: number;
  /** Most rows a streamed export (events as csv, ndjson, geojson, parquet) may have; more answers 413. */
  maxStreamedRows: number;
  maxUploadBytes: number;
  /** The body of a JSON or text route (at most 256 KiB) must arrive within this after its headers, else 408; uploads have the server's request limit. */
  bodyTimeoutMs: number;
  /** Directory of the built dashboard served at `/`, when it exists. */
  staticDir: string | null;
  /** Uncached heavy requests (analysis, forecasts, briefings, claim checks) running at once (admission.ts). */
  heavySlots: number;
  /** Heavy requests waiting for a slot, at most; past it they answer 503. */
  heavyQueue: number;
  log: (line: string) => void;
  /** Called after every desk change (alert rules on review changes hook in here). */
  onDeskChange?: (event: DeskEvent, action: DeskAction) => void | Promise<void>;
  /** The internal channel of a server that owns its store file (forwarded CLI commands), when it does. */
  owner?: OwnerChannel;
  /** The build this server runs and the one installed now (src/cli/installed-build.ts), for /health. */
  build?: () => { running: string; installed: string | null; restartNeeded: boolean };
}

/** One route. */
export interface RouteDef<S extends z.ZodObject = z.ZodObject> {
  method: 'GET' | 'POST' | 'DELETE';
  /** Hono path (`/api/v1/events/:id`). */
  path: string;
  auth: AuthDecision;
  tag: string;
  summary: string;
  description?: string;
  /** Query parameters (strict: unknown ones are rejected). */
  query: S;
  /** Path parameters, for the document. */
  pathParams?: Record<string, string>;
  formats: readonly Format[];
  /** Formats the handler answers with a streamed Response: never cached, shared or held in memory whole. */
  streams?: readonly Format[];
  /** Whether answers may be kept until the next import (read routes). */
  cache: boolean;
  /** Request body: its type is checked (content-type.ts), and it is documented. */
  body?: {
    contentType: string;
    /** Media types the body may be sent as (default: `contentType` alone); any other is refused with 415. */
    accepts?: readonly string[];
    schema: z.ZodType;
    description: string;
  };
  /** The main responses besides errors, for the document. */
  responses?: Record<number, string>;
  /**
   * What a request that ran past the time limit can do instead, when "narrow the period or
   * filters" does not apply (a claim file has neither): the end of its 503's message.
   */
  timeoutAdvice?: string;
  handle(c: Context, deps: ApiDeps, q: z.output<S>): Promise<Answer | Rendered | Response>;
}

/** Declares a route; a `format` parameter listing its formats is added to its query schema. */
export function route<S extends z.ZodObject>(def: Omit<RouteDef<S>, 'query'> & { query: S }): RouteDef {
  const formats = def.formats as [Format, ...Format[]];
  const query = def.query.extend({
    format: choice(formats, 'answer format (or send an Accept header)').optional(),
  });
  return { ...def, query } as unknown as RouteDef;
}

/** Every API route lives under this prefix. */
export const API = '/api/v1';

/** An empty strict query schema. */
export const noParams = () => z.strictObject({});
