/**
 * The routes README.md and docs/*.md name (`GET /api/v1/events`, `POST /api/v1/imports`) are routes
 * of the API with that method, read from the OpenAPI document the server builds from its route
 * table: a renamed route fails here instead of in a user's curl (linkage.md named
 * `POST /api/v1/admin/import`, a path the server never had).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createApi } from '../src/api/server.ts';
import { INTERNAL_CLI, INTERNAL_OWNER } from '../src/api/routes/internal-cli.ts';
import { createStore } from '../src/storage/index.ts';
import type { Store } from '../src/storage/store.ts';

const ROOT = new URL('../', import.meta.url);

/** README.md and every docs/*.md, by path from the repository root. */
function docFiles(): string[] {
  const docs = readdirSync(new URL('docs/', ROOT)).filter((f) => f.endsWith('.md'));
  return ['README.md', ...docs.sort().map((f) => `docs/${f}`)];
}

/**
 * The `METHOD /api/v1/...` routes a text names, without the query. A route quoted inside an error
 * message (`not found: GET /api/v1/nothing`, `method not allowed: POST /api/v1/series`) is an
 * example of a refusal, not a route.
 */
function routesIn(text: string): string[] {
  return [
    ...text.matchAll(/(?<!(?:found|allowed): )\b(GET|POST|PUT|PATCH|DELETE) (\/api\/v1\/[\w/{}:.-]*)/g),
  ].map((m) => `${m[1]} ${m[2]!.replace(/[.:]+$/, '')}`);
}

/** Whether the API has the route: its path matches a path of the document (`{id}` and `:id` any segment). */
function hasRoute(route: string, paths: Record<string, string[]>): boolean {
  const [method, path] = route.split(' ') as [string, string];
  const given = path.replace(/:(\w+)/g, '{$1}');
  return Object.entries(paths).some(([p, methods]) => {
    const pattern = new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return methods.includes(method) && (pattern.test(given) || p === given);
  });
}

describe('the API routes of README.md and docs/*.md', () => {
  let store: Store;
  let paths: Record<string, string[]>;
  before(async () => {
    store = await createStore({ path: ':memory:' });
    const api = createApi({ store, anonymousRead: true, queryTimeoutMs: 60_000 });
    const doc = (await (await api.app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    paths = Object.fromEntries(
      Object.entries(doc.paths).map(([p, ops]) => [p, Object.keys(ops).map((m) => m.toUpperCase())]),
    );
    // The owner's internal routes are left out of the public document on purpose.
    paths[INTERNAL_CLI] = ['POST'];
    paths[INTERNAL_OWNER] = ['GET'];
  });
  after(() => store.close());

  it('are routes of the API with that method', () => {
    const named = docFiles().flatMap((file) =>
      routesIn(readFileSync(new URL(file, ROOT), 'utf8')).map((route) => [file, route] as const),
    );
    // The docs name about 200 routes (December 2026): far fewer means the reader lost them.
    assert.ok(named.length > 150, `only ${named.length} routes read from the docs`);
    assert.deepEqual(
      named.filter(([, route]) => !hasRoute(route, paths)).map(([file, route]) => `${file}: ${route}`),
      [],
    );
  });

  it('are read with their method and path, and a route the API lacks is found', () => {
    const text =
      'Send `POST /api/v1/admin/import`, then `GET /api/v1/events/ucdp-ged:1?format=json`; `not found: GET /api/v1/nothing`.';
    assert.deepEqual(routesIn(text), ['POST /api/v1/admin/import', 'GET /api/v1/events/ucdp-ged:1']);
    assert.deepEqual(
      routesIn(text).map((r) => hasRoute(r, paths)),
      [false, true],
    );
    assert.equal(hasRoute('DELETE /api/v1/events', paths), false);
  });
});
