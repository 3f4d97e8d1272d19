/**
 * The composition root of the HTTP API: builds the Hono app from the route table (each route with
 * its auth guard), the one error handler, the answer cache and limits, and serves it with
 * @hono/node-server on Node's HTTP server (http-server.ts).
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { getRequestListener, RequestError } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import { memo } from '../app/analysis/memo.ts';
import { runWithSignal } from '../storage/query-signal.ts';
import type { Store } from '../storage/store.ts';
import { useOffloader } from '../app/offload.ts';
import { Admission, cores, isHeavy, QUEUE_PER_SLOT } from './admission.ts';
import { guard } from './auth.ts';
import { ComputePool } from './compute-pool.ts';
import { bodyLimit, bodyRuleOf, type BodyRule } from './body-limit.ts';
import { acceptBody } from './content-type.ts';
import { QueryTimeoutError } from '../app/errors.ts';
import { errorBody, onError, unmatched } from './errors.ts';
import { createHttpServer, HTTP_TIMEOUTS, type HttpTimeouts } from './http-server.ts';
import { InFlight } from './in-flight.ts';
import { canonicalChoices, parseQuery } from './params.ts';
import { RateLimiter } from './rate-limit.ts';
import { negotiate, send } from './respond.ts';
import { bodySize, bytesOfLarge, etagOf, isRendered, render, type Rendered } from '../app/render-answer.ts';
import type { ApiDeps, RouteDef } from './route-table.ts';
import { adminRoutes } from './routes/admin.ts';
import { alertRoutes } from './routes/alerts.ts';
import { analysisRoutes } from './routes/analysis.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { eventRoutes } from './routes/events.ts';
import { forecastRoutes } from './routes/forecast.ts';
import { linkageRoutes } from './routes/linkage.ts';
import { claimRoutes } from './routes/claims.ts';
import { deskRoutes } from './routes/desk.ts';
import { INTERNAL_CLI, MAX_FORWARDED_BODY_BYTES, registerInternalRoutes } from './routes/internal-cli.ts';
import { siteRoutes } from './routes/site.ts';

/** Limits and switches used when the caller gives none. */
export const API_DEFAULTS = {
  anonymousRead: true,
  rateLimitPerMinute: 600,
  queryTimeoutMs: 10_000,
  maxPageSize: 1000,
  maxExportRows: 100_000,
  maxStreamedRows: 5_000_000,
  maxUploadBytes: 512 * 1024 * 1024,
  bodyTimeoutMs: 30_000,
  staticDir: null,
  heavySlots: cores(),
  heavyQueue: cores() * QUEUE_PER_SLOT,
  log: (line: string) => void process.stderr.write(line + '\n'),
} satisfies Omit<ApiDeps, 'store'>;

/** The built API: the Hono app, the route table it was built from, and its settings. */
export interface Api {
  app: Hono;
  routes: readonly RouteDef[];
  deps: ApiDeps;
  /** The slots and queue of heavy requests (admission.ts). */
  admission: Admission;
  /** The most bytes of body the route at a method and path takes (its limit and slack), for `Expect: 100-continue`. */
  bodyCapOf(method: string, path: string): number;
}

/** Whether a host name or address is the loopback interface. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Builds the API over a store. Routes are registered only from the route table (plus a store owner's internal channel). */
export function createApi(options: Partial<ApiDeps> & { store: Store }): Api {
  const deps: ApiDeps = { ...API_DEFAULTS, ...options };
  const limiter = new RateLimiter(deps.rateLimitPerMinute);
  useOffloader(sharedComputePool());
  const inFlight = new InFlight();
  const admission = new Admission(deps.heavySlots, deps.heavyQueue, deps.queryTimeoutMs);
  const app = new Hono();
  app.onError((e, c) => onError(e, c, deps.log));
  const registered: RouteDef[] = [];
  app.notFound(unmatched(() => registered));
  const bodyRules = new TrieRouter<BodyRule>();
  // First, so the dashboard's catch-all never answers for it; outside the table: no API key reaches it.
  if (deps.owner) {
    const rule = bodyRuleOf(
      { body: { contentType: 'application/json', maxBytes: MAX_FORWARDED_BODY_BYTES } },
      deps,
    );
    bodyRules.add('POST', INTERNAL_CLI, rule);
    registerInternalRoutes(app, deps.owner, rule);
  }
  const routes: RouteDef[] = [];
  routes.push(
    ...eventRoutes,
    ...analysisRoutes,
    ...catalogRoutes,
    ...forecastRoutes,
    ...linkageRoutes,
    ...claimRoutes,
    ...adminRoutes,
    ...deskRoutes,
    ...alertRoutes,
    ...siteRoutes(() => routes),
  );
  for (const r of routes) {
    // The site root is a dashboard when one is built, else a pointer page.
    if (r.path === '/*' && !deps.staticDir) continue;
    if (r.path === '/' && deps.staticDir) continue;
    registered.push(r);
    const rule = bodyRuleOf(r, deps);
    bodyRules.add(r.method, r.path, rule);
    app.on(
      r.method,
      r.path,
      guard(r.auth, { store: deps.store, anonymousRead: deps.anonymousRead, limiter }),
      ...(r.body ? [acceptBody(`${r.method} ${r.path}`, r.body.accepts ?? [r.body.contentType])] : []),
      bodyLimit(rule),
      (c) => answer(c, r, deps, inFlight, isHeavy(r) ? admission : null),
    );
  }
  // A path no route takes (a 404) is bounded as a JSON body would be.
  const small = bodyRuleOf({}, deps);
  const bodyCapOf = (method: string, path: string) => {
    const rule = bodyRules.match(method, path)[0][0]?.[0] ?? small;
    return rule.limit + rule.slack;
  };
  return { app, routes, deps, admission, bodyCapOf };
}

let computePool: ComputePool | null = null;

/** The process's one compute pool (worker threads start on first use and stop when idle). */
export function sharedComputePool(): ComputePool {
  return (computePool ??= new ComputePool());
}

// Larger answers (exports) are recomputed rather than held in memory.
const MAX_CACHED_CHARS = 2_000_000;

/**
 * A GET runs under a signal that fires at the time limit or when every client waiting for the
 * same answer has gone; the store interrupts its reads then. Identical GETs in flight share one
 * computation (in-flight.ts), and a finished answer is kept until the next import (memo). A heavy
 * route's computation, when no kept answer serves it, first waits for a slot (admission.ts).
 */
async function answer(
  c: Context,
  r: RouteDef,
  deps: ApiDeps,
  inFlight: InFlight,
  admission: Admission | null,
): Promise<Response> {
  const format = negotiate(c, r.formats);
  const q = parseQuery(c, r.query);
  // Streamed exports run under the client's signal alone (they may rightly take minutes) and are
  // never shared or kept: their body is produced while it is read.
  if (r.streams?.includes(format))
    return runWithSignal(c.req.raw.signal, () => r.handle(c, deps, q)) as Promise<Response>;
  const compute = async (): Promise<Rendered | Response> => {
    const a = await r.handle(c, deps, q);
    // A large answer may come rendered already (on a compute worker: the dense series).
    return a instanceof Response || isRendered(a) ? a : render(a, format, deps.maxExportRows);
  };
  // Writes (imports, keys) are not cut short; a read by POST (claims check) has the time limit.
  if (r.method !== 'GET' && r.auth !== 'read') {
    const out = await compute();
    return out instanceof Response ? out : send(c, out);
  }
  // A shared or kept answer must be text: a Response's body can be read only once.
  const shareable = async (): Promise<Rendered> => {
    const out = await compute();
    return out instanceof Response ? rendered(out) : out;
  };
  const key = r.cache && r.method === 'GET' ? answerKey(c, r, format) : null;
  const admitted = <T>(signal: AbortSignal, work: () => Promise<T>) =>
    runWithSignal(signal, () => (admission ? admission.run(signal, work) : work()));
  const out = await inFlight
    .join(key, c.req.raw.signal, deps.queryTimeoutMs, (signal) =>
      key
        ? memo(
            deps.store,
            key,
            () => admitted(signal, shareable),
            (v) => bodySize(v) <= MAX_CACHED_CHARS,
            bodySize,
          )
        : admitted(signal, compute),
    )
    .catch((e: unknown) => {
      // The route's own advice where the default ("narrow the period or filters") does not apply.
      if (e instanceof QueryTimeoutError && r.timeoutAdvice)
        throw new QueryTimeoutError(e.ms, r.timeoutAdvice);
      throw e;
    });
  return out instanceof Response ? out : send(c, out);
}

/** Headers a rendered answer sets itself (the rest of a handler's own headers are kept with it). */
const RENDERED_HEADERS = new Set(['content-type', 'content-length', 'etag']);

/** A handler's own Response (HTML, Markdown, CSV downloads) as a rendered text body, its headers kept (a download's filename). */
async function rendered(res: Response): Promise<Rendered> {
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? 'text/plain; charset=utf-8';
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    if (!RENDERED_HEADERS.has(k)) headers[k] = v;
  });
  return {
    status: res.status,
    contentType,
    etag: etagOf(text),
    headers,
    body: (await bytesOfLarge(text)) ?? text,
  };
}

/**
 * The key a GET's answer is shared and kept under: JSON of the route, the negotiated format, the
 * decoded query parameters in name order (`format` left out: the negotiated one stands for it; enum
 * values in their canonical case, so `interval=Month` shares the answer of `interval=month`) and
 * the path parameters. JSON quotes every value, so one holding `&`, `=` or `|` never reads as
 * more parameters: `country=PAK%26metric%3Dkilled` was keyed as `country=PAK&metric=killed` and got
 * that request's kept answer instead of its own 400.
 */
function answerKey(c: Context, r: RouteDef, format: string): string {
  const query = Object.entries(canonicalChoices(r.query, c.req.query()) as Record<string, string>)
    .filter(([k]) => k !== 'format')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(['http', r.method, r.path, format, query, c.req.param()]);
}

/** A running server: its URL and how to stop it. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the API on host:port (port 0 picks a free one), with HTTP_TIMEOUTS or the limits given. */
export function startServer(
  api: Api,
  host: string,
  port: number,
  timeouts: Partial<HttpTimeouts> = {},
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const listener = getRequestListener(api.app.fetch, { hostname: host, errorHandler: requestFailed });
    const server = createHttpServer(listener, { ...HTTP_TIMEOUTS, ...timeouts }, api.bodyCapOf);
    server.once('error', reject);
    server.listen(port, host, () => {
      const info = server.address() as AddressInfo;
      const shown = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${shown}:${info.port}`,
        close: () =>
          new Promise((res) => {
            server.close(() => res());
            // Idle keep-alive connections would hold close() open.
            server.closeAllConnections();
          }),
      });
    });
  });
}

/**
 * A request the adapter could not turn into a Request (a Host header with a space in it) is 400 in
 * the one JSON shape (it was an empty 400); anything else failing there, 500 in the same shape.
 */
function requestFailed(e: unknown): Response {
  if (e instanceof RequestError)
    return Response.json(
      errorBody('invalid_input', `invalid request: ${e.message.replace(/^\w/, (ch) => ch.toLowerCase())}`),
      { status: 400 },
    );
  return Response.json(errorBody('internal', 'internal error; the server log has details'), { status: 500 });
}

/** The dashboard build directory, when it exists. */
export function dashboardDir(root: string): string | null {
  return existsSync(root) ? root : null;
}
