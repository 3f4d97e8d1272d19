// Real answers of the bundled store against the schemas the OpenAPI document gives them: a type that
// says something other than what the API returns fails here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { bundledApi } from '../../test/helpers/bundled-api.ts';
import { useOffloader } from '../app/offload.ts';
import { createApi } from './server.ts';
import { RESPONSE_TYPES, responseKey } from './response-types.ts';

const api = bundledApi();
type Doc = { components: { schemas: Record<string, unknown> }; paths: Record<string, Record<string, Op>> };
type Op = {
  parameters: { name: string; description?: string; schema: { enum?: string[] } }[];
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }>;
};
let doc: Doc;
let ajv: Ajv2020;

let served: ReturnType<typeof createApi> | undefined;

/**
 * The API over the bundled store, its heavy work inline: the same functions a compute worker would
 * run, without the worker's start (about 2 s under tsx).
 */
function bundledServer(): ReturnType<typeof createApi> {
  if (!served) {
    served = createApi({ store: api.store(), log: () => {}, anonymousRead: true, queryTimeoutMs: 120_000 });
    useOffloader(null);
  }
  return served;
}
const app = () => bundledServer().app;

/** Reads the document once (the store opens in bundledApi's own before hook). */
async function documentRead(): Promise<void> {
  if (doc) return;
  doc = (await (await app().request('/api/v1/openapi.json')).json()) as Doc;
  // The document's own components, as a client generator reads them (`#/components/schemas/...`).
  ajv = new Ajv2020({ allErrors: true, strictTypes: false });
  ajv.addKeyword('components');
  ajv.addSchema({ $id: 'openapi', components: doc.components });
}

/** The validator of a route's 200 JSON answer, from the document. */
function validatorOf(method: string, path: string): ValidateFunction {
  const op = doc.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
  const ref = op?.responses['200']?.content?.['application/json']?.schema.$ref;
  assert.ok(ref, `${method} ${path}: the document gives its answer no schema`);
  return ajv.compile({ $ref: `openapi${ref}` });
}

/** Asks and checks the answer against the route's schema; returns the body. */
async function conforms(method: string, path: string, url: string, init: RequestInit = {}): Promise<unknown> {
  const res = await app().request(url, { method, ...init });
  assert.equal(res.status, 200, `${url}: ${res.status} ${res.status === 200 ? '' : await res.text()}`);
  const body: unknown = await res.json();
  await matches(method, path, body, url);
  return body;
}

/** Checks an answer against the schema the document gives the route's 200 JSON answer. */
async function matches(method: string, path: string, body: unknown, what: string): Promise<void> {
  await documentRead();
  const validate = validatorOf(method, path);
  const errors = validate(body)
    ? []
    : validate.errors!.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  assert.deepEqual(errors, [], `${what} does not match its schema`);
}

describe('the route table and the response schemas', () => {
  it('every API route has a response schema or is listed as deliberately without one', () => {
    const routes = bundledServer().routes.filter((r) => r.path.startsWith('/api/v1'));
    const keys = routes.map(responseKey);
    assert.deepEqual(
      keys.filter((k) => !RESPONSE_TYPES[k]),
      [],
      'routes missing from src/api/response-types.ts',
    );
    assert.deepEqual(
      Object.keys(RESPONSE_TYPES).filter((k) => !keys.includes(k)),
      [],
      'entries of src/api/response-types.ts for no route',
    );
  });

  it("each route's 200 JSON answer refers to its schema, and a route without one says why", async () => {
    await documentRead();
    for (const [key, t] of Object.entries(RESPONSE_TYPES)) {
      const [method, path] = key.split(' ') as [string, string];
      const op = doc.paths[path.replace(/:(\w+)/g, '{$1}')]![method.toLowerCase()]!;
      const ok = op.responses['200'] ?? op.responses['201']!;
      if ('schema' in t) {
        assert.equal(ok.content?.['application/json']?.schema.$ref, `#/components/schemas/${t.schema}`, key);
        assert.ok(doc.components.schemas[t.schema], `${key}: ${t.schema} is not in components`);
      } else assert.ok(ok.description.includes(t.none), `${key}: its description does not say why`);
    }
  });
});

describe('answers rendered on request', () => {
  it('the briefing lists render=html and its text/html answer, and answers with each rendering it lists', async () => {
    await documentRead();
    const op = doc.paths['/api/v1/briefing']!.get!;
    const render = op.parameters.find((p) => p.name === 'render');
    assert.ok(render && render.schema.enum?.includes('html'), 'no render=html parameter');
    assert.match(render.description ?? '', /render=html: text\/html/);
    assert.deepEqual(op.responses['200']!.content!['text/html'], { schema: { type: 'string' } });
    assert.match(op.responses['200']!.description, /render=html: text\/html/);
    const t = RESPONSE_TYPES['GET /api/v1/briefing']!;
    const rendered = 'schema' in t ? (t.rendered ?? []) : [];
    assert.deepEqual(
      rendered.map((x) => x.media),
      ['text/html', 'text/markdown'],
    );
    for (const x of rendered) {
      assert.ok(op.responses['200']!.content![x.media], `${x.media} is not in the document`);
      const res = await app().request(
        `/api/v1/briefing?period=2021-06&country=PAK&top=2&${x.param}=${x.value}`,
      );
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type')?.split(';')[0], x.media);
      assert.ok((await res.text()).length > 0);
    }
  });
});

describe('real answers match their schemas', () => {
  it('events: a page (with original records), one event', async () => {
    const page = (await conforms(
      'GET',
      '/api/v1/events',
      '/api/v1/events?country=PAK&from=2021-06&to=2021-06&limit=2&original=true',
    )) as { events: { id: string }[] };
    await conforms('GET', '/api/v1/events', '/api/v1/events?country=AFG&from=2019&to=2019&limit=1');
    const id = page.events[0]!.id;
    await conforms('GET', '/api/v1/events/:id', `/api/v1/events/${encodeURIComponent(id)}`);
  });

  it('analysis: series, border, compare, changepoints, signals, index, network, deadliest', async () => {
    const f = 'country=PAK&from=2021-01&to=2021-06';
    await conforms('GET', '/api/v1/series', `/api/v1/series?${f}&by=admin1&per_100k=true`);
    await conforms('GET', '/api/v1/series', '/api/v1/series?from=2020&to=2026&interval=year');
    await conforms('GET', '/api/v1/border', '/api/v1/border?from=2026-01&to=2026-03');
    await conforms('GET', '/api/v1/compare', '/api/v1/compare?country=PAK&period1=2020&period2=2021');
    await conforms('GET', '/api/v1/compare', '/api/v1/compare?from=2021&to=2021&place1=PK-PB&place2=PK-KP');
    await conforms('GET', '/api/v1/changepoints', '/api/v1/changepoints?country=PAK&from=2018&to=2021');
    await conforms('GET', '/api/v1/signals', '/api/v1/signals?country=PAK&to=2021-12-31');
    await conforms('GET', '/api/v1/index', `/api/v1/index?${f}`);
    await conforms('GET', '/api/v1/network', `/api/v1/network?${f}&limit=5`);
    await conforms('GET', '/api/v1/deadliest', `/api/v1/deadliest?${f}&limit=3`);
  });

  it('catalog: relations, sources, statistics, places, actors, health, alerts', async () => {
    await conforms('GET', '/api/v1/relations', '/api/v1/relations?a=PAK&b=AFG&from=2023-01&to=2023-06');
    await conforms('GET', '/api/v1/sources', '/api/v1/sources');
    await conforms('GET', '/api/v1/sources', '/api/v1/sources?part=coverage');
    await conforms('GET', '/api/v1/statistics', '/api/v1/statistics?country=PAK&from=2021&to=2021');
    await conforms('GET', '/api/v1/places', '/api/v1/places?q=Quetta&limit=3');
    await conforms('GET', '/api/v1/actors', '/api/v1/actors');
    await conforms('GET', '/api/v1/health', '/api/v1/health');
    await conforms('GET', '/api/v1/alerts', '/api/v1/alerts');
  });

  it('linkage, claims, briefing, forecast', async () => {
    await conforms('GET', '/api/v1/disagreements', '/api/v1/disagreements?from=2026-01&to=2026-01');
    const drafts = (await conforms('POST', '/api/v1/claims/extract', '/api/v1/claims/extract', {
      body: 'In 2021, TTP attacks killed over 200 people in Pakistan.',
    })) as { claims: unknown[] };
    assert.ok(drafts.claims.length > 0, 'no draft claims');
    await conforms('POST', '/api/v1/claims/check', '/api/v1/claims/check', {
      body: 'claims:\n  - id: c1\n    text: t\n    metric: deaths\n    geography: { country: PAK }\n    period: "2021"\n    comparator: { kind: at_least, value: 1 }\n',
    });
    await conforms('GET', '/api/v1/briefing', '/api/v1/briefing?period=2021-06&country=PAK&top=2');
    await conforms('GET', '/api/v1/forecast', '/api/v1/forecast?level=country&draws=50');
  });
});
