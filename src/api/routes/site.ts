/** Routes outside the data: the OpenAPI document, the docs page, and the site root (dashboard or a pointer to the docs). */
import { serveStatic } from '@hono/node-server/serve-static';
import { z } from 'zod';
import type { RoutesAnswer } from '../answer-types.ts';
import { docsPage } from '../docs-page.ts';
import { unmatched } from '../errors.ts';
import { openApiDocument } from '../openapi.ts';
import { API, route, type RouteDef } from '../route-table.ts';

// A built asset: assets/NAME-HASH.ext, the hash Vite's (8 or more URL-safe characters).
const ASSET_PATH = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.(js|css|woff2?|png|svg)$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

const ROOT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>faultline</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em">
<h1>faultline</h1><p>An open conflict observatory. The dashboard is not built here yet; the HTTP API is.</p>
<ul><li><a href="/api/v1/docs">API documentation</a></li><li><a href="/api/v1/openapi.json">OpenAPI 3.1 document</a></li>
<li><a href="/api/v1/series?country=PAK&amp;from=2020-01-01&amp;to=2021-12-31&amp;interval=month">Pakistan, events per month, 2020-2021</a></li></ul></body></html>`;

/**
 * A static file's answer as a browser revalidating its copy should get it: a validator (a weak ETag
 * from the file's size and modification time) and `no-cache`; 304 without the body when the copy it
 * names (If-None-Match, else If-Modified-Since) is still the file.
 */
function revalidated(res: Response, ifNoneMatch?: string, ifModifiedSince?: string): Response {
  const modified = res.headers.get('last-modified');
  const etag = `W/"${res.headers.get('content-length') ?? ''}-${modified ? Date.parse(modified) / 1000 : ''}"`;
  res.headers.set('cache-control', 'no-cache');
  res.headers.set('etag', etag);
  const fresh =
    ifNoneMatch !== undefined
      ? ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')
      : ifModifiedSince !== undefined &&
        modified !== null &&
        Date.parse(ifModifiedSince) >= Date.parse(modified);
  if (!fresh) return res;
  void res.body?.cancel();
  const headers = new Headers(res.headers);
  for (const h of ['content-length', 'content-type']) headers.delete(h);
  return new Response(null, { status: 304, headers });
}

/** The document and docs routes, built over the whole table (`all` is read when first asked). */
export function siteRoutes(all: () => readonly RouteDef[]): RouteDef[] {
  let doc: Record<string, unknown> | null = null;
  const document = () => (doc ??= openApiDocument(all()));
  return [
    route({
      method: 'GET',
      path: API,
      auth: 'public',
      tag: 'docs',
      cache: false,
      formats: ['json'],
      summary: "The API's routes: method, path, what each answers and who may call it",
      query: z.strictObject({}),
      async handle() {
        return {
          body: {
            name: 'faultline API',
            docs: `${API}/docs`,
            openapi: `${API}/openapi.json`,
            routes: all()
              .filter((r) => r.path.startsWith(API))
              .map((r) => ({ method: r.method, path: r.path, summary: r.summary, auth: r.auth })),
          } satisfies RoutesAnswer,
        };
      },
    }),
    route({
      method: 'GET',
      path: `${API}/openapi.json`,
      auth: 'public',
      tag: 'docs',
      cache: false,
      formats: ['json'],
      summary: 'This OpenAPI 3.1 document',
      query: z.strictObject({}),
      async handle() {
        return { body: document() };
      },
    }),
    route({
      method: 'GET',
      path: `${API}/docs`,
      auth: 'public',
      tag: 'docs',
      cache: false,
      formats: ['json'],
      summary: 'The API documentation as an HTML page',
      query: z.strictObject({}),
      async handle(c) {
        return c.html(docsPage(document()));
      },
    }),
    route({
      method: 'GET',
      path: '/',
      auth: 'public',
      tag: 'site',
      cache: false,
      formats: ['json'],
      summary: 'A page pointing to the API docs (registered when no dashboard build exists)',
      query: z.strictObject({}),
      async handle(c) {
        return c.html(ROOT_PAGE);
      },
    }),
    route({
      method: 'GET',
      path: '/*',
      auth: 'public',
      tag: 'site',
      cache: false,
      formats: ['json'],
      summary: 'The dashboard, served from web/dist (registered when that directory exists)',
      // Static assets carry their own query strings (cache busting), so any parameter is accepted here.
      query: z.object({}).loose() as unknown as z.ZodObject,
      async handle(c, deps) {
        const res = await serveStatic({ root: deps.staticDir ?? '' })(c, async () => {});
        // No such file: a path of the API asked with a method it does not take is 405, not 404.
        if (!res) return unmatched(all)(c);
        if (res.status !== 200) return res;
        // Vite names every built script and style sheet after its content (assets/index-HASH.js): a
        // browser may keep them for good, and reuses their compiled code.
        if (ASSET_PATH.test(c.req.path)) {
          res.headers.set('cache-control', IMMUTABLE);
          return res;
        }
        // Other files (index.html, config.json, the map outlines: 768 KB for the districts) may change
        // in place with a new build: checked every time, and sent again only when they changed.
        return revalidated(res, c.req.header('if-none-match'), c.req.header('if-modified-since'));
      },
    }),
  ];
}
