// Real answers of the bundled store against the schemas the OpenAPI document gives them: a type that
// says something other than what the API returns fails here.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { bundledApi } from '../../test/helpers/bundled-api.ts';
import { settleAlertWork } from '../app/alerts/work.ts';
import { createApiKey } from '../app/api-keys.ts';
import { DATA_DIR } from '../app/bundled-data.ts';
import { useOffloader } from '../app/offload.ts';
import { createStore } from '../storage/index.ts';
import type { Store } from '../storage/store.ts';
import { csvLine, gedRows } from '../../test/helpers/ged-rows.ts';
import { REAL_GDELT_FILE } from '../../test/helpers/gdelt-rows.ts';
import { createApi, type Api } from './server.ts';
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
  // Compiled plainly: each component once, as a function the routes' validators call, and without
  // the optimising pass over the generated code (what is valid is the same; compiling took 1.1 s).
  ajv = new Ajv2020({ allErrors: true, strictTypes: false, inlineRefs: false, code: { optimize: false } });
  ajv.addKeyword('components');
  ajv.addSchema({ $id: 'openapi', components: doc.components });
}

/** Compiled validators by method, path and status: some 150 checks share about 40 (each compile costs ms). */
const validators = new Map<string, ValidateFunction>();

/** The validator of a route's JSON answer with this status (200, 201), from the document. */
function validatorOf(method: string, path: string, status = 200): ValidateFunction {
  const key = `${method} ${path} ${status}`;
  const kept = validators.get(key);
  if (kept) return kept;
  const op = doc.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
  const ref = op?.responses[String(status)]?.content?.['application/json']?.schema.$ref;
  assert.ok(ref, `${method} ${path}: the document gives its ${status} answer no schema`);
  const validate = ajv.compile({ $ref: `openapi${ref}` });
  validators.set(key, validate);
  return validate;
}

/** A real answer of each route the tests here checked, by RESPONSE_TYPES key, with its status. */
const checked = new Map<string, { body: unknown; status: number }>();

/** How a request is sent: to which API (default the bundled store's), and the status it must answer. */
interface Sent {
  api?: { request: (url: string, init: RequestInit) => Response | Promise<Response> };
  status?: number;
}

/** Asks and checks the answer against the route's schema; returns the body. */
async function conforms(
  method: string,
  path: string,
  url: string,
  init: RequestInit = {},
  { api: to = app(), status = 200 }: Sent = {},
): Promise<unknown> {
  const res = await to.request(url, { method, ...init });
  assert.equal(res.status, status, `${url}: ${res.status} ${res.status === status ? '' : await res.text()}`);
  const body: unknown = await res.json();
  await matches(method, path, body, url, status);
  return body;
}

/** The schema's errors for an answer (none when it matches). */
function errorsOf(method: string, path: string, body: unknown, status = 200): string[] {
  const validate = validatorOf(method, path, status);
  return validate(body)
    ? []
    : validate.errors!.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Checks an answer against the schema the document gives the route's JSON answer with that status. */
async function matches(
  method: string,
  path: string,
  body: unknown,
  what: string,
  status = 200,
): Promise<void> {
  await documentRead();
  assert.deepEqual(errorsOf(method, path, body, status), [], `${what} does not match its schema`);
  checked.set(`${method} ${path}`, { body, status });
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

  it('catalog: relations, sources, statistics, places, geo disagreements, actors, health, alerts', async () => {
    await conforms('GET', '/api/v1/relations', '/api/v1/relations?a=PAK&b=AFG&from=2023-01&to=2023-06');
    await conforms('GET', '/api/v1/sources', '/api/v1/sources');
    await conforms('GET', '/api/v1/sources', '/api/v1/sources?part=coverage');
    const { imports } = (await (await app().request('/api/v1/sources')).json()) as {
      imports: { id: number; file: string }[];
    };
    const returns = imports.find((l) => l.file === 'afghan_returns_published.csv')!.id;
    await conforms('GET', '/api/v1/imports/:id/rejections', `/api/v1/imports/${returns}/rejections`);
    await conforms('GET', '/api/v1/imports/:id/warnings', `/api/v1/imports/${returns}/warnings`);
    await conforms(
      'GET',
      '/api/v1/imports/:id/warnings',
      `/api/v1/imports/${imports[0]!.id}/warnings?limit=2`,
    );
    await conforms('GET', '/api/v1/statistics', '/api/v1/statistics?country=PAK&from=2021&to=2021');
    await conforms(
      'GET',
      '/api/v1/statistics/months',
      '/api/v1/statistics/months?metric=returns&country=PAK&from=2025&to=2025',
    );
    await conforms('GET', '/api/v1/places', '/api/v1/places?q=Quetta&limit=3');
    await conforms('GET', '/api/v1/geo/disagreements', '/api/v1/geo/disagreements?country=PAK,AFG');
    await conforms('GET', '/api/v1/actors', '/api/v1/actors');
    await conforms('GET', '/api/v1/health', '/api/v1/health');
    await conforms('GET', '/api/v1/alerts', '/api/v1/alerts');
    // The bundled store records no GDELT gap: the answer with its note (the write store below has some).
    await conforms('GET', '/api/v1/gdelt/gaps', '/api/v1/gdelt/gaps');
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
    await conforms('GET', '/api/v1/claims/examples/:name', '/api/v1/claims/examples/ttp-essay');
    await conforms('GET', '/api/v1/briefing', '/api/v1/briefing?period=2021-06&country=PAK&top=2');
    await conforms('GET', '/api/v1/forecast', '/api/v1/forecast?level=country&draws=50');
  });
});

describe('write, desk, key and alert answers match their schemas', () => {
  let store: Store;
  let writes: Api;
  let hook: Server;
  let hookUrl: string;
  const keys: Record<string, string> = {};
  const dir = mkdtempSync(join(tmpdir(), 'faultline-conformance-'));
  before(async () => {
    store = await createStore({ path: ':memory:' });
    for (const role of ['analyst', 'reviewer', 'admin'] as const)
      keys[role] = (await createApiKey(store, { role, name: `conformance ${role}` })).key;
    writes = createApi({ store, log: () => {}, anonymousRead: false, queryTimeoutMs: 120_000 });
    // The webhook receiver of the alert rules below: every delivery succeeds, but the first to /once-gone
    // (410: failed for good, so that it can be sent again).
    let gone = 0;
    hook = createServer((req, res) =>
      res.writeHead(req.url === '/once-gone' && ++gone === 1 ? 410 : 204).end(),
    );
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`;
  });
  after(async () => {
    await settleAlertWork(store);
    store.close();
    hook.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Sends JSON (or a form) as `who` to the write store's API and checks the answer. */
  const as = (who: 'analyst' | 'reviewer' | 'admin', status = 200): Sent => ({
    status,
    api: {
      request: (url, init) =>
        writes.app.request(url, {
          ...init,
          headers: {
            authorization: `Bearer ${keys[who]}`,
            ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
          },
        }),
    },
  });
  const post = (body: unknown): RequestInit => ({ body: JSON.stringify(body) });
  const upload = (file: string, name: string, fields: Record<string, string> = {}): RequestInit => {
    const form = new FormData();
    form.set('file', new Blob([readFileSync(file)]), name);
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    return { body: form };
  };

  it('imports: a dataset file (with a rejected row), the same bytes again, a GDELT export', async () => {
    const { header, rows } = gedRows();
    const best = header.indexOf('best');
    const cut = rows.slice(0, 3).map((r, i) => (i === 1 ? r.map((v, j) => (j === best ? 'n/a' : v)) : r));
    const ged = join(dir, 'GEDEvent_v25_1.csv');
    writeFileSync(ged, [header, ...cut].map(csvLine).join('\n') + '\n');
    const first = (await conforms(
      'POST',
      '/api/v1/imports',
      '/api/v1/imports',
      upload(ged, 'GEDEvent_v25_1.csv'),
      as('analyst', 201),
    )) as { rejections: unknown[] };
    assert.equal(first.rejections.length, 1);
    const again = (await conforms(
      'POST',
      '/api/v1/imports',
      '/api/v1/imports',
      upload(ged, 'GEDEvent_v25_1.csv'),
      as('analyst'),
    )) as { already_imported: boolean };
    assert.equal(again.already_imported, true);
    const gdelt = (await conforms(
      'POST',
      '/api/v1/imports',
      '/api/v1/imports',
      upload(REAL_GDELT_FILE, '20250807220000.export.CSV', { countries: 'IND' }),
      as('analyst', 201),
    )) as { unknown_fips: unknown[] };
    assert.ok(Array.isArray(gdelt.unknown_fips));
    await conforms(
      'POST',
      '/api/v1/imports',
      '/api/v1/imports',
      upload(
        `${DATA_DIR}published-statistics/pakistan_security_reports.csv`,
        'pakistan_security_reports.csv',
      ),
      as('admin', 201),
    );
  });

  it('GDELT gaps: recorded ones, a page of them (with its note), by period and kind', async () => {
    await store.replaceGdeltGaps!(
      { from: '20250807000000', to: '20250807234500' },
      [
        { slice: '20250807000000', kind: 'unlisted', reason: 'not in the master list' },
        { slice: '20250807001500', kind: 'download', reason: 'download failed: HTTP 503 after 5 attempts' },
      ],
      '2026-12-07T02:00:00.000Z',
    );
    const page = (await conforms(
      'GET',
      '/api/v1/gdelt/gaps',
      '/api/v1/gdelt/gaps?limit=1',
      {},
      as('analyst'),
    )) as {
      total: number;
      note: string | null;
    };
    assert.deepEqual([page.total, page.note], [2, 'gap 1 of 2 gaps listed; page on with offset 1']);
    await conforms(
      'GET',
      '/api/v1/gdelt/gaps',
      '/api/v1/gdelt/gaps?from=2025-08-07&to=2025-08-07T00:15&kind=download',
      {},
      as('analyst'),
    );
  });

  it('keys: list, create, revoke', async () => {
    const created = (await conforms(
      'POST',
      '/api/v1/keys',
      '/api/v1/keys',
      post({ role: 'viewer', name: 'conformance' }),
      as('admin', 201),
    )) as { id: string };
    await conforms('GET', '/api/v1/keys', '/api/v1/keys', {}, as('admin'));
    await conforms('DELETE', '/api/v1/keys/:id', `/api/v1/keys/${created.id}`, {}, as('admin'));
  });

  it('desk: news, create, list, show, edit, submit, verify, publish, reject, retract, queue, audit', async () => {
    const news = {
      text: 'PESHAWAR: Two soldiers were killed in an attack in Bannu on Monday, officials said.',
      url: 'https://news.example.org/synthetic/conformance',
      published: '2025-06-10',
    };
    await conforms('POST', '/api/v1/desk/news', '/api/v1/desk/news', post(news), as('analyst', 201));
    await conforms(
      'POST',
      '/api/v1/desk/news',
      '/api/v1/desk/news',
      post({ ...news, save: false }),
      as('analyst'),
    );
    const draft = {
      date_start: '2025-06-10',
      country: 'PAK',
      admin1: 'Khyber Pakhtunkhwa',
      common_type: 'battle',
      fatalities_best: 2,
      headline: 'synthetic: exchange of fire reported',
      citations: [
        {
          url: 'https://news.example.org/synthetic/1',
          outlet: 'Synthetic Wire',
          published_at: '2025-06-11',
          quote: 'synthetic quote for the conformance test',
        },
      ],
    };
    const desk = '/api/v1/desk/events';
    const create = async () =>
      ((await conforms('POST', desk, desk, post(draft), as('analyst', 201))) as { id: number }).id;
    const [published, rejected, retracted, waiting] = [
      await create(),
      await create(),
      await create(),
      await create(),
    ];
    await conforms('GET', desk, desk, {}, as('analyst'));
    await conforms('GET', `${desk}/:id`, `${desk}/${published}`, {}, as('analyst'));
    await conforms(
      'POST',
      `${desk}/:id`,
      `${desk}/${published}`,
      post({ fatalities_best: 3 }),
      as('analyst'),
    );
    for (const id of [published, rejected, waiting])
      await conforms('POST', `${desk}/:id/submit`, `${desk}/${id}/submit`, {}, as('analyst'));
    await conforms('POST', `${desk}/:id/verify`, `${desk}/${published}/verify`, {}, as('reviewer'));
    await conforms('POST', `${desk}/:id/publish`, `${desk}/${published}/publish`, {}, as('admin'));
    await conforms(
      'POST',
      `${desk}/:id/reject`,
      `${desk}/${rejected}/reject`,
      post({ reason: 'the report names another district' }),
      as('reviewer'),
    );
    await conforms('POST', `${desk}/:id/retract`, `${desk}/${retracted}/retract`, {}, as('analyst'));
    const queue = (await conforms('GET', '/api/v1/desk/queue', '/api/v1/desk/queue', {}, as('analyst'))) as {
      queue: unknown[];
    };
    assert.equal(queue.queue.length, 1);
    await conforms('GET', '/api/v1/desk/audit', '/api/v1/desk/audit', {}, as('analyst'));
  });

  it('alerts: add a rule, list rules, evaluate, deliveries, alerts, remove the rule', async () => {
    const rules = '/api/v1/alerts/rules';
    // The event left waiting for review above fires this rule at once: a delivery to the receiver.
    const added = (await conforms(
      'POST',
      rules,
      rules,
      post({ kind: 'desk_review', hours: 0, webhook_url: hookUrl }),
      as('admin', 201),
    )) as { rule: { id: number } };
    await conforms('GET', rules, `${rules}?all=true`, {}, as('admin'));
    const run = (await conforms(
      'POST',
      '/api/v1/alerts/evaluate',
      '/api/v1/alerts/evaluate',
      {},
      as('admin'),
    )) as {
      alerts: unknown[];
    };
    assert.equal(run.alerts.length, 1);
    await settleAlertWork(store);
    const sent = (await conforms(
      'GET',
      '/api/v1/alerts/deliveries',
      '/api/v1/alerts/deliveries',
      {},
      as('admin'),
    )) as { deliveries: { status: string }[] };
    assert.deepEqual(
      sent.deliveries.map((d) => d.status),
      ['delivered'],
    );
    await conforms('GET', '/api/v1/alerts', '/api/v1/alerts', {}, as('analyst'));
    // A second rule whose delivery fails for good, then is sent again.
    await conforms(
      'POST',
      rules,
      rules,
      post({ kind: 'desk_review', hours: 0, webhook_url: hookUrl.replace('/hook', '/once-gone') }),
      as('admin', 201),
    );
    await conforms('POST', '/api/v1/alerts/evaluate', '/api/v1/alerts/evaluate', {}, as('admin'));
    await settleAlertWork(store);
    const [failed] = (await store.listDeliveries({ status: 'failed' })).map((d) => d.id);
    const resend = '/api/v1/alerts/deliveries/:id/resend';
    const resent = (await conforms(
      'POST',
      resend,
      resend.replace(':id', String(failed)),
      {},
      as('admin'),
    )) as {
      delivery: { status: string };
    };
    assert.equal(resent.delivery.status, 'delivered');
    await conforms('DELETE', `${rules}/:id`, `${rules}/${added.rule.id}`, {}, as('admin'));
  });

  it('the list of routes', async () => {
    await conforms('GET', '/api/v1', '/api/v1');
  });
});

describe('the checks themselves', () => {
  it('every route with a schema had a real answer checked above', () => {
    const withSchema = Object.entries(RESPONSE_TYPES)
      .filter(([, t]) => 'schema' in t)
      .map(([k]) => k);
    assert.deepEqual(
      withSchema.filter((k) => !checked.has(k)),
      [],
    );
  });

  it("each route's schema refuses its real answer with a member it does not define, or without one it requires", () => {
    for (const [key, { body, status }] of checked) {
      const [method, path] = key.split(' ') as [string, string];
      assert.ok(typeof body === 'object' && body !== null && !Array.isArray(body), `${key}: not an object`);
      const extra = { ...body, unexpected_member: 1 };
      assert.notDeepEqual(errorsOf(method, path, extra, status), [], `${key}: an unknown member passes`);
      // Where the schema requires members (not Partial<SourcesAnswer>, not a union), one missing fails.
      const t = RESPONSE_TYPES[key]!;
      const schema = doc.components.schemas['schema' in t ? t.schema : ''] as { required?: string[] };
      const [first] = schema.required ?? [];
      if (first === undefined) continue;
      const rest: Record<string, unknown> = { ...body };
      delete rest[first];
      assert.notDeepEqual(errorsOf(method, path, rest, status), [], `${key}: passes without ${first}`);
    }
  });
});
