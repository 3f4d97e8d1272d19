// test-run: alone, about 9 s (many routes)
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../app/api-keys.ts';
import { DATA_DIR } from '../app/bundled-data.ts';
import { createStore, type Store } from '../storage/index.ts';
import { gedStoreCopy } from '../../test/helpers/bundled-store.ts';
import { addStagedEvents, monthlyEvents, stagedEvent } from '../../test/helpers/synthetic-events.ts';
import { invalidateMemo } from '../app/analysis/memo.ts';
import { AUTH_DECISIONS, type AuthDecision } from './auth.ts';
import { FILTER_PARAMS } from './params.ts';
import { createApi, isLoopback, sharedComputePool, type Api } from './server.ts';
import { OFFLOAD_SERIES_POINTS, querySeries, seriesInputs, seriesSize } from '../app/analysis/series.ts';
import { resolveFilter } from '../app/filters.ts';
import { render } from '../app/render-answer.ts';

const STATS_FILE = `${DATA_DIR}published-statistics/pakistan_security_reports.csv`;
type Who = 'anonymous' | 'viewer' | 'analyst' | 'reviewer' | 'admin';
const WHO: Who[] = ['anonymous', 'viewer', 'analyst', 'reviewer', 'admin'];

let store: Store;
const keys: Record<Exclude<Who, 'anonymous'>, string> = { viewer: '', analyst: '', reviewer: '', admin: '' };
let eventId = '';

before(async () => {
  // The bundled GED file imported (a copy of the run's one store of it).
  store = await createStore({ path: await gedStoreCopy({ placed: false }) });
  for (const role of ['viewer', 'analyst', 'reviewer', 'admin'] as const)
    keys[role] = (await createApiKey(store, { role, name: `test ${role}` })).key;
  eventId = (await store.queryEvents({ limit: 1 })).rows[0]!.id;
});
after(() => store.close());

// Forecasts and briefings now really stop at the time limit (10 s by default): a loaded test machine needs more.
const api = (o: Partial<Parameters<typeof createApi>[0]> = {}) =>
  createApi({ store, log: () => {}, queryTimeoutMs: 120_000, ...o });
const auth = (who: Who): Record<string, string> =>
  who === 'anonymous' ? {} : { authorization: `Bearer ${keys[who]}` };
const json = async (r: Response) => JSON.parse(await r.text());

/** A request exercising each route (method + Hono path); a new route without one fails the matrix test. */
function sample(route: string): [string, RequestInit] {
  const form = () => {
    const f = new FormData();
    f.set('file', new Blob([readFileSync(STATS_FILE)]), 'pakistan_security_reports.csv');
    return f;
  };
  const samples: Record<string, [string, RequestInit]> = {
    'GET /api/v1/events': ['/api/v1/events?limit=2', {}],
    'GET /api/v1/events/:id': [`/api/v1/events/${eventId}`, {}],
    'GET /api/v1/series': ['/api/v1/series?from=2021&to=2021', {}],
    'GET /api/v1/compare': ['/api/v1/compare?period1=2020&period2=2021', {}],
    'GET /api/v1/border': ['/api/v1/border?from=2021-11&to=2021-12', {}],
    'GET /api/v1/changepoints': ['/api/v1/changepoints?from=2018&to=2021', {}],
    'GET /api/v1/signals': ['/api/v1/signals?to=2021-12-31', {}],
    'GET /api/v1/index': ['/api/v1/index?from=2021&to=2021', {}],
    'GET /api/v1/network': ['/api/v1/network?from=2021&to=2021', {}],
    'GET /api/v1/deadliest': ['/api/v1/deadliest?from=2021', {}],
    'GET /api/v1/disagreements': ['/api/v1/disagreements?from=2021-01&to=2021-02', {}],
    'GET /api/v1/relations': ['/api/v1/relations?a=PAK&b=AFG', {}],
    // Events, not deaths: the same route and roles, without the bottom-up province model (about
    // 2 s of CPU each time the matrix asks, against a quarter of a second).
    'GET /api/v1/forecast': ['/api/v1/forecast?level=country&metric=events', {}],
    'POST /api/v1/claims/check': [
      '/api/v1/claims/check',
      {
        method: 'POST',
        body: 'claims:\n  - id: c1\n    text: t\n    metric: deaths\n    geography: { country: PAK }\n    period: "2021"\n    comparator: { kind: at_least, value: 1 }\n',
      },
    ],
    'GET /api/v1/claims/examples/:name': ['/api/v1/claims/examples/ttp-essay', {}],
    'POST /api/v1/claims/extract': [
      '/api/v1/claims/extract',
      { method: 'POST', body: 'In 2021, TTP attacks killed over 200 people in Pakistan.' },
    ],
    'GET /api/v1/briefing': ['/api/v1/briefing?period=2021-Q4&country=PAK', {}],
    'GET /api/v1/sources': ['/api/v1/sources', {}],
    'GET /api/v1/imports/:id/rejections': ['/api/v1/imports/1/rejections', {}],
    'GET /api/v1/imports/:id/warnings': ['/api/v1/imports/1/warnings', {}],
    'GET /api/v1/gdelt/gaps': ['/api/v1/gdelt/gaps?from=2025-08-07&kind=download', {}],
    'GET /api/v1/statistics': ['/api/v1/statistics', {}],
    'GET /api/v1/statistics/months': ['/api/v1/statistics/months?metric=returns&from=2025&to=2025', {}],
    'GET /api/v1/places': ['/api/v1/places?q=Quetta', {}],
    'GET /api/v1/geo/disagreements': ['/api/v1/geo/disagreements?country=PAK', {}],
    'GET /api/v1/actors': ['/api/v1/actors', {}],
    'GET /api/v1/health': ['/api/v1/health', {}],
    'POST /api/v1/imports': ['/api/v1/imports', { method: 'POST', body: form() }],
    'GET /api/v1/keys': ['/api/v1/keys', {}],
    'POST /api/v1/keys': [
      '/api/v1/keys',
      {
        method: 'POST',
        body: JSON.stringify({ role: 'viewer' }),
        headers: { 'content-type': 'application/json' },
      },
    ],
    'DELETE /api/v1/keys/:id': ['/api/v1/keys/000000000000', { method: 'DELETE' }],
    // Desk routes: a new draft, and actions on an event that does not exist (404 once the role is allowed).
    'GET /api/v1/desk/events': ['/api/v1/desk/events', {}],
    'POST /api/v1/desk/events': [
      '/api/v1/desk/events',
      {
        method: 'POST',
        body: '{"headline": "matrix draft"}',
        headers: { 'content-type': 'application/json' },
      },
    ],
    'GET /api/v1/desk/events/:id': ['/api/v1/desk/events/999999', {}],
    'POST /api/v1/desk/events/:id': ['/api/v1/desk/events/999999', { method: 'POST', body: '{}' }],
    'POST /api/v1/desk/events/:id/submit': ['/api/v1/desk/events/999999/submit', { method: 'POST' }],
    'POST /api/v1/desk/events/:id/verify': ['/api/v1/desk/events/999999/verify', { method: 'POST' }],
    'POST /api/v1/desk/events/:id/publish': ['/api/v1/desk/events/999999/publish', { method: 'POST' }],
    'POST /api/v1/desk/events/:id/reject': [
      '/api/v1/desk/events/999999/reject',
      { method: 'POST', body: '{"reason": "matrix"}' },
    ],
    'POST /api/v1/desk/events/:id/retract': ['/api/v1/desk/events/999999/retract', { method: 'POST' }],
    'GET /api/v1/desk/queue': ['/api/v1/desk/queue', {}],
    'POST /api/v1/desk/news': [
      '/api/v1/desk/news',
      {
        method: 'POST',
        body: '{"text": "Two soldiers were killed in an attack in Bannu on Monday.", "save": false}',
        headers: { 'content-type': 'application/json' },
      },
    ],
    'GET /api/v1/desk/audit': ['/api/v1/desk/audit', {}],
    'GET /api/v1/alerts': ['/api/v1/alerts', {}],
    'GET /api/v1/alerts/rules': ['/api/v1/alerts/rules', {}],
    'POST /api/v1/alerts/rules': [
      '/api/v1/alerts/rules',
      {
        method: 'POST',
        body: JSON.stringify({ kind: 'border', interstate: true }),
        headers: { 'content-type': 'application/json' },
      },
    ],
    'DELETE /api/v1/alerts/rules/:id': ['/api/v1/alerts/rules/999999', { method: 'DELETE' }],
    'POST /api/v1/alerts/evaluate': ['/api/v1/alerts/evaluate', { method: 'POST' }],
    'GET /api/v1/alerts/deliveries': ['/api/v1/alerts/deliveries', {}],
    // A delivery that does not exist: 404 once the role (admin) is allowed.
    'POST /api/v1/alerts/deliveries/:id/resend': [
      '/api/v1/alerts/deliveries/999999/resend',
      { method: 'POST' },
    ],
    'GET /api/v1/openapi.json': ['/api/v1/openapi.json', {}],
    'GET /api/v1/docs': ['/api/v1/docs', {}],
    'GET /api/v1': ['/api/v1', {}],
    'GET /': ['/', {}],
    'GET /*': ['/index.html', {}],
  };
  const s = samples[route];
  assert.ok(s, `no sample request for ${route}: add one to the authorization matrix`);
  return s;
}

/** Routes registered on the Hono app whose method and path have no entry in the route table. */
function undeclared(a: Api): string[] {
  const declared = new Map(a.routes.map((r) => [`${r.method} ${r.path}`, r.auth]));
  return a.app.routes
    .map((r) => `${r.method} ${r.path}`)
    .filter((k) => !AUTH_DECISIONS.includes(declared.get(k) as AuthDecision));
}

describe('the route table', () => {
  it('every route registered on the Hono app has an explicit auth decision in the table', () => {
    const a = api();
    assert.ok(a.app.routes.length >= 2 * 24);
    assert.deepEqual(undeclared(a), []);
    for (const r of a.routes) assert.ok(AUTH_DECISIONS.includes(r.auth), `${r.method} ${r.path}`);
  });

  it('the check catches a route registered outside the table', () => {
    const a = api();
    a.app.get('/api/v1/rogue', (c) => c.text('x'));
    assert.deepEqual(undeclared(a), ['GET /api/v1/rogue']);
  });

  it('the OpenAPI document lists every API route with its method, parameters and auth decision', async () => {
    const a = api();
    const doc = await json(await a.app.request('/api/v1/openapi.json'));
    assert.equal(doc.openapi, '3.1.0');
    const apiRoutes = a.routes.filter((r) => r.path.startsWith('/api/v1'));
    assert.ok(apiRoutes.length >= 24, `${apiRoutes.length} routes`);
    for (const r of apiRoutes) {
      const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      assert.ok(op, `${r.method} ${r.path} missing from the document`);
      assert.equal(op['x-faultline-auth'], r.auth);
      assert.deepEqual(
        op.parameters
          .filter((p: { in: string }) => p.in === 'query')
          .map((p: { name: string }) => p.name)
          .sort(),
        Object.keys(r.query.shape).sort(),
      );
    }
    const series = doc.paths['/api/v1/series'].get.parameters.find(
      (p: { name: string }) => p.name === 'interval',
    );
    assert.deepEqual(series.schema.enum, ['day', 'week', 'month', 'quarter', 'year']);
    // Fixed choices match in any case: every enum parameter and body field says so (it listed lower case only).
    assert.equal(
      series.description,
      'bucket: day, ISO week, month (default), quarter or year. Matched in any ASCII case (`Day` is `day`); an answer that echoes it uses the form listed here.',
    );
    type Param = { name: string; description?: string; schema: { enum?: unknown } };
    const paths = doc.paths as Record<string, Record<string, { parameters: Param[] }>>;
    for (const [path, ops] of Object.entries(paths))
      for (const [method, op] of Object.entries(ops))
        for (const p of op.parameters)
          if (p.schema.enum)
            assert.match(p.description ?? '', /Matched in any ASCII case/, `${method} ${path} ${p.name}`);
    const role =
      doc.paths['/api/v1/keys'].post.requestBody.content['application/json'].schema.properties.role;
    assert.deepEqual(role, {
      type: 'string',
      enum: ['viewer', 'analyst', 'reviewer', 'admin'],
      description:
        'role of the new key. Matched in any ASCII case (`Viewer` is `viewer`); an answer that echoes it uses the form listed here.',
    });
    // The rule body is free-form (no enum to note): its own description says so.
    assert.match(
      doc.paths['/api/v1/alerts/rules'].post.requestBody.content['application/json'].schema.description,
      /Fixed choices \(kind, metric, level, source, states, and true\/false .*\) match in any ASCII case/,
    );
    const param = (path: string, name: string) =>
      doc.paths[path].get.parameters.find((p: { name: string }) => p.name === name).schema;
    // A client generator reads the type and bounds, not the description's "at most 1000" (a page's;
    // an export's limit may be any count).
    assert.deepEqual(param('/api/v1/events', 'limit'), { type: 'integer', minimum: 1, maximum: 1000000000 });
    assert.deepEqual(param('/api/v1/compare', 'confidence'), {
      type: 'number',
      minimum: 0.5,
      maximum: 0.999,
    });
    assert.deepEqual(param('/api/v1/series', 'max_border_km'), {
      type: 'number',
      minimum: 0,
      maximum: 100000,
    });
    // The headers a client reads (an export's total and rows, its meta, the rate limit) are described.
    const ok = doc.paths['/api/v1/events'].get.responses['200'];
    const described = new Set(Object.keys(ok.headers).map((h) => h.toLowerCase()));
    const exported = await a.app.request('/api/v1/events?format=csv&limit=2', { headers: auth('viewer') });
    await exported.text();
    const sent: string[] = [];
    exported.headers.forEach((_v, h) => void (h.startsWith('x-') && sent.push(h)));
    assert.ok(sent.includes('x-faultline-total'), sent.join());
    assert.deepEqual(
      sent.filter((h) => !described.has(h)),
      [],
    );
    assert.ok(doc.paths['/api/v1/series'].get.responses['429'].headers['Retry-After']);
    const page = await (await a.app.request('/api/v1/docs')).text();
    for (const p of Object.keys(doc.paths)) assert.ok(page.includes(p), `docs page lacks ${p}`);
    assert.ok(page.includes('<code>integer 1..1000</code>'), 'the docs page shows the bounds of limit');
  });
});

describe('authorization', () => {
  const allowed: Record<AuthDecision, (who: Who, anonymousRead: boolean) => boolean> = {
    public: () => true,
    read: (who, anon) => who !== 'anonymous' || anon,
    analyst: (who) => who === 'analyst' || who === 'reviewer' || who === 'admin',
    reviewer: (who) => who === 'reviewer' || who === 'admin',
    admin: (who) => who === 'admin',
  };

  for (const anonymousRead of [true, false]) {
    it(`each role x each route, anonymous read ${anonymousRead ? 'on' : 'off'}: allowed routes answer, others get 401 or 403 in the error shape`, async () => {
      const a = api({ anonymousRead, staticDir: null });
      const failures: string[] = [];
      for (const r of a.routes) {
        if (r.path === '/*') continue; // registered only when web/dist exists; checked below
        for (const who of WHO) {
          const [url, init] = sample(`${r.method} ${r.path}`);
          const res = await a.app.request(url, {
            ...init,
            headers: { ...(init.headers as Record<string, string>), ...auth(who) },
          });
          const ok = allowed[r.auth](who, anonymousRead);
          const denied = res.status === 401 || res.status === 403;
          if (ok === denied || res.status >= 500)
            failures.push(`${who} ${r.method} ${r.path}: ${res.status}`);
          if (denied) {
            const body = await json(res);
            assert.equal(body.error.code, who === 'anonymous' ? 'unauthenticated' : 'forbidden');
            assert.equal(res.status, who === 'anonymous' ? 401 : 403);
          }
        }
      }
      assert.deepEqual(failures, []);
    });
  }

  it('the dashboard route is public when a build directory exists', async () => {
    const a = api({ anonymousRead: false, staticDir: DATA_DIR });
    const res = await a.app.request('/ATTRIBUTION.md');
    assert.equal(res.status, 200);
    assert.equal((await a.app.request('/nothing-here.js')).status, 404);
  });

  it('with a dashboard built, GET and HEAD of a POST-only API path answer 405 with Allow, as without one (before: 404)', async () => {
    const a = api({ staticDir: DATA_DIR });
    for (const method of ['GET', 'HEAD']) {
      const res = await a.app.request('/api/v1/claims/extract', { method });
      assert.deepEqual([res.status, res.headers.get('allow')], [405, 'POST'], method);
    }
    assert.equal((await a.app.request('/api/v1/nothing')).status, 404);
  });

  it('built assets (named after their content) may be cached for good; other dashboard files are checked each time and sent only when changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-site-'));
    try {
      mkdirSync(join(dir, 'assets'));
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
      writeFileSync(join(dir, 'assets', 'index-BLQ2jpIX.js'), 'export {};');
      writeFileSync(join(dir, 'assets', 'plain.js'), 'export {};');
      const a = api({ staticDir: dir });
      const cache = async (path: string) => {
        const res = await a.app.request(path);
        assert.equal(res.status, 200, path);
        return res.headers.get('cache-control');
      };
      assert.equal(await cache('/assets/index-BLQ2jpIX.js'), 'public, max-age=31536000, immutable');
      assert.equal(await cache('/assets/plain.js'), 'no-cache');
      assert.equal(await cache('/index.html'), 'no-cache');
      // Checked each time, but sent again only when changed: the validators answer 304 without a body.
      writeFileSync(
        join(dir, 'districts.geojson'),
        JSON.stringify({ type: 'FeatureCollection', features: [] }),
      );
      const first = await a.app.request('/districts.geojson');
      const etag = first.headers.get('etag')!;
      const modified = first.headers.get('last-modified')!;
      assert.match(etag, /^W\/"\d+-\d+"$/);
      assert.equal((await first.text()).length, Number(first.headers.get('content-length')));
      const again = (headers: Record<string, string>) => a.app.request('/districts.geojson', { headers });
      const unchanged = await again({ 'if-none-match': etag });
      assert.equal(unchanged.status, 304);
      assert.equal(await unchanged.text(), '');
      assert.equal(unchanged.headers.get('etag'), etag);
      assert.equal((await again({ 'if-modified-since': modified })).status, 304);
      assert.equal((await again({ 'if-none-match': 'W/"1-1"' })).status, 200);
      // The file rewritten (a new build): its size and time change, so the old copy is not fresh.
      writeFileSync(
        join(dir, 'districts.geojson'),
        JSON.stringify({ type: 'FeatureCollection', features: [1] }),
      );
      utimesSync(join(dir, 'districts.geojson'), new Date(), new Date(Date.now() + 5000));
      const changed = await again({ 'if-none-match': etag, 'if-modified-since': modified });
      assert.equal(changed.status, 200);
      assert.notEqual(changed.headers.get('etag'), etag);
      assert.match(await changed.text(), /\[1\]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keys are accepted as Bearer or X-API-Key; unknown and revoked keys get 401', async () => {
    const a = api({ anonymousRead: false });
    assert.equal(
      (await a.app.request('/api/v1/sources', { headers: { 'x-api-key': keys.viewer } })).status,
      200,
    );
    const bad = await a.app.request('/api/v1/sources', {
      headers: { authorization: `Bearer ${keys.viewer.slice(0, -1)}x` },
    });
    assert.equal(bad.status, 401);
    assert.deepEqual(await json(bad), {
      error: { code: 'unauthenticated', message: 'invalid API key: unknown, revoked or mistyped' },
    });
    // Two different keys are refused, not one of them picked; the same key twice is one key.
    const two = await a.app.request('/api/v1/keys', {
      headers: { 'x-api-key': keys.viewer, authorization: `Bearer ${keys.admin}` },
    });
    assert.deepEqual(
      [two.status, await json(two)],
      [
        401,
        {
          error: {
            code: 'unauthenticated',
            message: 'two different API keys: send one, as Authorization: Bearer <key> or X-API-Key: <key>',
          },
        },
      ],
    );
    const same = { 'x-api-key': keys.viewer, authorization: `Bearer ${keys.viewer}` };
    assert.equal((await a.app.request('/api/v1/sources', { headers: same })).status, 200);
    const created = await json(
      await a.app.request('/api/v1/keys', {
        method: 'POST',
        body: JSON.stringify({ role: 'viewer', name: 'temp' }),
        headers: { ...auth('admin'), 'content-type': 'application/json' },
      }),
    );
    assert.match(created.key, /^flk_[0-9a-f]{12}_/);
    assert.equal(
      (await a.app.request('/api/v1/health', { headers: { 'x-api-key': created.key } })).status,
      200,
    );
    const listed = await json(await a.app.request('/api/v1/keys', { headers: auth('admin') }));
    assert.ok(listed.keys.some((k: { id: string }) => k.id === created.id));
    assert.ok(!JSON.stringify(listed).includes(created.key.slice(18)), 'the key text is never listed');
    assert.equal(
      (await a.app.request(`/api/v1/keys/${created.id}`, { method: 'DELETE', headers: auth('admin') }))
        .status,
      200,
    );
    assert.equal(
      (await a.app.request('/api/v1/sources', { headers: { 'x-api-key': created.key } })).status,
      401,
    );
  });

  it('anonymous read defaults on for loopback hosts only', () => {
    assert.deepEqual(
      ['127.0.0.1', 'localhost', '::1', '127.0.0.2', '0.0.0.0', '192.168.1.5', '::'].map(isLoopback),
      [true, true, true, true, false, false, false],
    );
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a key (or address) has used its tokens, per key', async () => {
    const a = api({ rateLimitPerMinute: 3 });
    for (let i = 0; i < 3; i++)
      assert.equal((await a.app.request('/api/v1/health', { headers: auth('viewer') })).status, 200);
    const res = await a.app.request('/api/v1/health', { headers: auth('viewer') });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '20');
    assert.deepEqual(await json(res), {
      error: { code: 'too_many_requests', message: 'rate limit exceeded; retry after 20 s' },
    });
    assert.equal(
      (await a.app.request('/api/v1/health', { headers: auth('analyst') })).status,
      200,
      'another key has its own bucket',
    );
    for (let i = 0; i < 3; i++) await a.app.request('/api/v1/health');
    assert.equal(
      (await a.app.request('/api/v1/health')).status,
      429,
      'anonymous requests share their address bucket',
    );
  });

  it('every answer says what is left of the rate, a streamed export too', async () => {
    const a = api({ rateLimitPerMinute: 5 });
    for (const [url, left] of [
      ['/api/v1/events?limit=1', '4'],
      ['/api/v1/events?limit=1&format=csv', '3'],
      ['/api/v1/events?limit=1&format=parquet', '2'],
    ] as const) {
      const res = await a.app.request(url, { headers: auth('viewer') });
      await res.arrayBuffer();
      assert.deepEqual(
        [res.status, res.headers.get('x-ratelimit-limit'), res.headers.get('x-ratelimit-remaining')],
        [200, '5', left],
        url,
      );
    }
  });
});

describe('malformed parameters', () => {
  const cases: [string, string][] = [
    ['/api/v1/series?interval=hourly', 'invalid interval: "hourly" (use day, week, month, quarter or year)'],
    [
      '/api/v1/series?by=province',
      'invalid by: "province" (use admin1, admin2, actor, type, source, h3, h3_fine or border_side)',
    ],
    [
      '/api/v1/series?metrics=events,bodies',
      'invalid metrics: "bodies" (use events, fatalities_best, fatalities_low, fatalities_high, deaths_civilians, deaths_side_a, deaths_side_b or deaths_unknown)',
    ],
    [
      '/api/v1/series?from=2023-13-01',
      'invalid date for from: "2023-13-01" (use a year 2021, a month 2021-03 or a day 2021-03-07)',
    ],
    ['/api/v1/series?from=2021-05&to=2021-01-01', 'invalid period: from "2021-05" is after to "2021-01-01"'],
    ['/api/v1/series?colour=red', 'unknown parameter: "colour"'],
    [
      '/api/v1/series?country=PAK&country=AFG',
      'repeated parameter: "country" (give one value, comma-separated for lists)',
    ],
    // The format too, whatever its first value (it said `invalid format: "xml"`, or answered the first).
    [
      '/api/v1/series?format=xml&format=csv',
      'repeated parameter: "format" (give one value, comma-separated for lists)',
    ],
    [
      '/api/v1/events?format=csv&format=csv',
      'repeated parameter: "format" (give one value, comma-separated for lists)',
    ],
    [
      '/api/v1/series?actor=Nobody',
      'unknown actor: "Nobody" (nearest: BRAS, BLA, BLF, BRA, UBA; see docs/actors.md)',
    ],
    ['/api/v1/series?format=xml', 'invalid format: "xml" (use json, csv or ndjson)'],
    ['/api/v1/series?format=geojson', 'invalid format: "geojson" (use json, csv or ndjson)'],
    [
      '/api/v1/events?limit=0',
      'invalid limit: "0" (use an integer from 1 to 1000 for a page, or up to 1000000000 for an export (format=csv, ndjson, geojson or parquet))',
    ],
    [
      '/api/v1/events?limit=5000',
      'invalid limit: "5000" (use an integer from 1 to 1000 for a page, or up to 1000000000 for an export (format=csv, ndjson, geojson or parquet))',
    ],
    [
      '/api/v1/events?cursor=abc',
      'invalid cursor: "abc" (use the next_cursor of the page before, unchanged)',
    ],
    // (It was dropped without a word: assigned to the parsed object's prototype.)
    ['/api/v1/events?__proto__=1', 'unknown parameter: "__proto__"'],
    ['/api/v1/events?max_border_km=-5', 'invalid max_border_km: "-5" (use a number from 0 to 100000)'],
    ['/api/v1/events?border_zone=maybe', 'invalid border_zone: "maybe" (use true, false, yes, no, 1 or 0)'],
    ['/api/v1/forecast?relations=', 'invalid relations: "" (give a value, or leave the parameter out)'],
    // The value as sent, not its double (it quoted 9007199254740992).
    [
      '/api/v1/forecast?seed=9007199254740993',
      'invalid seed: "9007199254740993" (use an integer from 0 to 2147483647)',
    ],
    // (It said "no xyz events for PAK in the store".)
    ['/api/v1/forecast?source=xyz', 'unknown source: "xyz" (nearest: ucdp-ged, faultline-desk)'],
    // (It said "use --period", a flag of the CLI.)
    [
      '/api/v1/briefing?period=2021&from=2020',
      'invalid filter: from and to do not apply to a briefing (give its period, such as 2021-Q4)',
    ],
    [
      '/api/v1/briefing?period=x',
      'invalid period: "x" (use an ISO week 2021-W40, a month 2021-10, a quarter 2021-Q4 or a year 2021)',
    ],
    [
      '/api/v1/forecast?country=PAK,AFG',
      'invalid country: "PAK,AFG" (a forecast is for one country: give one ISO 3166-1 alpha-3 code such as PAK)',
    ],
    [
      '/api/v1/relations?a=PAK&b=AFG&from=2024-02-30',
      'invalid from: "2024-02-30" (use a year 2021, a quarter 2021-Q4, a month 2021-03, an ISO week 2021-W05 or a day 2021-03-07)',
    ],
    [
      '/api/v1/events?victim=soldiers',
      'invalid victim: "soldiers" (use civilians, side_a, side_b or unknown)',
    ],
    ['/api/v1/compare?period1=2020', 'missing parameter: period2'],
    ['/api/v1/compare', 'invalid comparison: give period1 and period2, or place1 and place2'],
    [
      '/api/v1/compare?period1=2020-13&period2=2021',
      'invalid period1: "2020-13" (use a year 2021, a quarter 2021-Q4, a month 2021-03, an ISO week 2021-W05 or a day 2021-03-07)',
    ],
    [
      '/api/v1/compare?period1=2020&period2=2021&confidence=2',
      'invalid confidence: "2" (use a number from 0.5 to 0.999)',
    ],
    ['/api/v1/changepoints?dispersion=normal', 'invalid dispersion: "normal" (use estimate or poisson)'],
    ['/api/v1/signals?window=0', 'invalid window: "0" (use an integer from 1 to 365)'],
    // Values are quoted as sent, not as the numbers or codes they were read as ("7", "NAN").
    [
      '/api/v1/signals?lookbacks=007',
      'invalid lookbacks: "007" (each at least the 30-day window: an earlier window must not overlap the latest)',
    ],
    [
      '/api/v1/forecast?level=country&views_country_id=007',
      'invalid views_country_id: "007" (only with format=views; the other formats name units by faultline\'s codes)',
    ],
    ['/api/v1/forecast?country=NaN', 'unknown country: "NaN" (nearest: CAN, NAM, PAN, AND, BEN)'],
    ['/api/v1/events?country=NaN', 'unknown country: "NaN" (nearest: CAN, NAM, PAN, AND, BEN)'],
    ['/api/v1/places?q=Peshawar&country=NaN', 'unknown country: "NaN" (nearest: CAN, NAM, PAN, AND, BEN)'],
    // A source faultline reads that the store has not loaded (it said "unknown source: acled").
    [
      '/api/v1/border?source=acled',
      'source not loaded: "acled" (faultline reads it, but this store holds none of its events; load them with faultline fetch acled or faultline import FILE; loaded: ucdp-ged, faultline-desk)',
    ],
    ['/api/v1/series?source=acledd', 'unknown source: "acledd" (nearest: ucdp-ged, faultline-desk)'],
    ['/api/v1/places', 'missing parameter: q'],
    ['/api/v1/places?q=a', 'invalid q: "a" (use at least 2 characters)'],
    // The start of the value and its length (it said `invalid q: longer than 1000 characters`).
    [
      `/api/v1/places?q=${'x'.repeat(1001)}`,
      `invalid q: "${'x'.repeat(200)}"... (1001 characters, cut) (give at most 1000 characters)`,
    ],
    // The country of a place search is read as every filter reads it (it answered no places for
    // XXX, and every place for ",,," or "PAK,", as if no country were given).
    ['/api/v1/places?q=Peshawar&country=XXX', 'unknown country: "XXX" (nearest: CXR, LUX, MEX, SXM, XKK)'],
    [
      '/api/v1/places?q=Peshawar&country=,,,',
      'invalid country: ",,," (give one or more values, comma-separated)',
    ],
    [
      '/api/v1/places?q=Peshawar&country=PAK,',
      'invalid country: "PAK," (an empty item between commas: give each value once, comma-separated)',
    ],
    // Invisible characters are refused and shown as escapes: "PAK" followed by a zero-width space
    // read as a refused "PAK", a bidi override turned the rest of the message around, and a
    // leading BOM was trimmed away and the value accepted (domain/invisible.ts).
    [
      '/api/v1/series?country=PAK%E2%80%8B',
      'invalid country: "PAK\\u200b" (holds an invisible character, U+200B: give the value without it)',
    ],
    [
      '/api/v1/series?interval=%E2%80%AEhtnom',
      'invalid interval: "\\u202ehtnom" (holds an invisible character, U+202E: give the value without it)',
    ],
    [
      '/api/v1/events?country=%EF%BB%BFPAK',
      'invalid country: "\\ufeffPAK" (holds an invisible character, U+FEFF: give the value without it)',
    ],
    [
      '/api/v1/events?admin1=PK-KP%E2%81%A9',
      'invalid admin1: "PK-KP\\u2069" (holds an invisible character, U+2069: give the value without it)',
    ],
    // A hashtag row exists in CSV alone: elsewhere the flag was dropped without a word (the CLI refuses it).
    [
      '/api/v1/events?hxl=true&format=ndjson',
      'invalid hxl: "true" (only with format=csv: a row of HXL hashtags under the header)',
    ],
    [
      '/api/v1/events?hxl=YES',
      'invalid hxl: "YES" (only with format=csv: a row of HXL hashtags under the header)',
    ],
    [
      '/api/v1/statistics?from=2023-02-30',
      'invalid date for from: "2023-02-30" (use a year 2021, a month 2021-03 or a day 2021-03-07)',
    ],
    [
      '/api/v1/statistics?to=2023-13',
      'invalid date for to: "2023-13" (use a year 2021, a month 2021-03 or a day 2021-03-07)',
    ],
    ['/api/v1/statistics?country=XYZ', 'unknown country: "XYZ" (nearest: BLZ, CYM, CYP, KAZ, KGZ)'],
    ['/api/v1/statistics?from=2024&to=2023', 'invalid period: from "2024" is after to "2023"'],
  ];
  it('the desk list’s limit is a whole number in plain digits, refused with the value quoted as every limit is', async () => {
    // It took 0x10, 1e3 and " 5 " (zod's coercion) and refused "abc" as `invalid limit: null`.
    const a = api();
    for (const v of ['0x10', '1e3', ' 5 ', 'abc', '0', '10001']) {
      const res = await a.app.request(`/api/v1/desk/events?limit=${encodeURIComponent(v)}`, {
        headers: auth('analyst'),
      });
      assert.deepEqual(
        [res.status, await json(res)],
        [
          400,
          {
            error: {
              code: 'invalid_input',
              message: `invalid limit: "${v}" (use an integer from 1 to 10000)`,
            },
          },
        ],
        v,
      );
    }
    const ok = await a.app.request('/api/v1/desk/events?limit=5', { headers: auth('analyst') });
    assert.equal(ok.status, 200);
  });

  it('a JSON body nested 100,000 deep is refused with its start quoted, not answered 500', async () => {
    // JSON.parse reads it; writing it back into the message overflowed the stack (a 500).
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const res = await api().app.request('/api/v1/keys', {
      method: 'POST',
      body: deep,
      headers: { ...auth('admin'), 'content-type': 'application/json' },
    });
    assert.deepEqual(
      [res.status, await json(res)],
      [
        400,
        {
          error: {
            code: 'invalid_input',
            message: `invalid body: ${'['.repeat(200)}... (nested too deep to write whole, cut) (give one JSON object)`,
          },
        },
      ],
    );
  });

  it('a parameter of 1000 characters is taken whatever their UTF-16 length (600 emoji are not over 1000)', async () => {
    const res = await api().app.request(`/api/v1/places?q=${encodeURIComponent('\u{1F600}'.repeat(600))}`);
    assert.equal(res.status, 200);
  });

  it('answer 400 with the error shape and an exact one-line message', async () => {
    const a = api();
    for (const [url, message] of cases) {
      const res = await a.app.request(url);
      assert.equal(res.status, 400, url);
      assert.deepEqual(await json(res), { error: { code: 'invalid_input', message } }, url);
    }
  });

  it('dates at the ends of the calendar (0001-01-01, 9999-12-31) are answered on every route, never with a 500', async () => {
    // 9999-12-31 once made GET /events fail in DuckDB: the month after it is year 10000.
    const a = api();
    const ends = ['from=9999-12-31', 'to=9999-12-31', 'from=0001-01-01', 'from=9999-12-01&to=9999-12-31'];
    for (const route of a.routes.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/'))) {
      const [url] = sample(`GET ${route.path}`);
      for (const end of ends) {
        const res = await a.app.request(`${url}${url.includes('?') ? '&' : '?'}${end}`);
        assert.ok(res.status < 500, `${url} ${end}: ${res.status}`);
        if (res.status >= 400) assert.ok((await json(res)).error.message, `${url} ${end}`);
      }
    }
    const events = await json(await a.app.request('/api/v1/events?from=2021-12-01&to=9999-12-31'));
    assert.equal(events.total, await store.countEvents({ from: '2021-12-01' }));
  });

  it('GET /api/v1 lists every API route of the table with its summary and who may call it', async () => {
    const a = api();
    const index = await json(await a.app.request('/api/v1'));
    assert.deepEqual(
      index.routes.map((r: { method: string; path: string }) => `${r.method} ${r.path}`).sort(),
      a.routes
        .filter((r) => r.path.startsWith('/api/v1'))
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    );
    assert.deepEqual(
      index.routes.find((r: { path: string }) => r.path === '/api/v1/keys'),
      {
        method: 'GET',
        path: '/api/v1/keys',
        summary: 'List API keys (ids, names, roles; never the keys or their hashes)',
        auth: 'admin',
      },
    );
    assert.equal(index.docs, '/api/v1/docs');
  });

  it('unknown routes answer 404, and a known path asked with another method 405 with Allow, in the same shape', async () => {
    const a = api();
    const res = await a.app.request('/api/v1/nothing');
    assert.deepEqual(
      [res.status, await json(res)],
      [
        404,
        {
          error: {
            code: 'not_found',
            message: 'not found: GET /api/v1/nothing (GET /api/v1 lists the routes; docs at /api/v1/docs)',
          },
        },
      ],
    );
    const post = await a.app.request('/api/v1/series', { method: 'POST' });
    assert.deepEqual(
      [post.status, post.headers.get('allow'), await json(post)],
      [
        405,
        'GET, HEAD',
        {
          error: {
            code: 'method_not_allowed',
            message: 'method not allowed: POST /api/v1/series (this path takes GET, HEAD)',
          },
        },
      ],
    );
    const key = await a.app.request('/api/v1/keys/abc123', { method: 'PUT', headers: auth('admin') });
    assert.deepEqual([key.status, key.headers.get('allow')], [405, 'DELETE']);
    assert.equal(
      (await a.app.request('/api/v1/keys', { method: 'OPTIONS' })).headers.get('allow'),
      'GET, POST, HEAD',
    );
    const missing = await a.app.request('/api/v1/events/ucdp-ged:nope');
    assert.deepEqual(await json(missing), {
      error: { code: 'not_found', message: 'no event with id "ucdp-ged:nope"' },
    });
  });
});

describe('injection attempts', () => {
  const payloads = [
    "PAK' OR 1=1--",
    "x'); DROP TABLE events; --",
    '"; SELECT * FROM api_keys; --',
    "PK-KP' OR '1'='1",
    '%27%20OR%201=1',
    '1; DELETE FROM events',
  ];
  it('through every filter parameter are refused (400) or match nothing; never 500, never more rows, the store intact', async () => {
    const a = api();
    for (const name of Object.keys(FILTER_PARAMS)) {
      for (const p of payloads) {
        for (const path of ['/api/v1/events', '/api/v1/series']) {
          const url = `${path}?${new URLSearchParams({ [name]: p, ...(path.endsWith('series') && !['from', 'to'].includes(name) ? { from: '2021', to: '2021' } : {}) })}`;
          const res = await a.app.request(url);
          assert.ok(res.status === 400 || res.status === 200, `${url}: ${res.status}`);
          const body = await json(res);
          if (res.status === 400) assert.equal(body.error.code, 'invalid_input');
          // No rows; the total is 0, or null where the filter names nothing any loaded source covers.
          else if (path.endsWith('events'))
            assert.deepEqual(
              [body.events.length, body.total],
              [0, body.meta.coverage.length && body.meta.coverage_status !== 'not_covered' ? 0 : null],
              url,
            );
          else
            assert.equal(
              body.points.reduce((n: number, x: { events: number }) => n + x.events, 0),
              0,
              url,
            );
        }
      }
    }
    assert.equal(await store.countEvents({}), 6416);
    assert.equal((await store.listApiKeys()).length >= 3, true);
  });
});

describe('formats, ETags and limits', () => {
  it('CSV escapes cells a spreadsheet would run as formulas, and GeoJSON gives points', async () => {
    const s = await createStore({ path: ':memory:' });
    await addStagedEvents(s, [
      stagedEvent('f1', {
        place: '=HYPERLINK("http://example.org","x")',
        actor1: '+cmd|calc',
        actor2: '@SUM(A1)',
        fatalitiesBest: -1 as never,
      }),
      stagedEvent('f2', { place: '\tTab', actor1: '-2+3', lat: null, lon: null }),
    ]);
    const a = createApi({ store: s, log: () => {} });
    const csv = await (await a.app.request('/api/v1/events?format=csv')).text();
    const [header, row1, row2] = csv.trim().split('\n');
    assert.match(header!, /^id,source,source_version,date_start/);
    assert.ok(row1!.includes(`"'=HYPERLINK(""http://example.org"",""x"")"`), row1);
    assert.ok(row1!.includes(`'+cmd|calc; @SUM(A1)`), row1);
    assert.ok(row1!.includes(',-1,'), 'plain negative numbers are left alone');
    assert.ok(row2!.includes(`'\tTab`) && row2!.includes(`'-2+3`), row2);
    const byAccept = await a.app.request('/api/v1/events', { headers: { accept: 'text/csv' } });
    assert.equal(byAccept.headers.get('content-type'), 'text/csv; charset=utf-8');
    // Accept as RFC 9110 reads it: order, then q-values; q=0 refuses; a browser's header is JSON.
    for (const [accept, type] of [
      ['application/json, text/csv', 'application/json; charset=utf-8'],
      ['text/csv, application/json', 'text/csv; charset=utf-8'],
      ['text/csv;q=0', 'application/json; charset=utf-8'],
      ['text/csv;q=0.5, application/x-ndjson', 'application/x-ndjson; charset=utf-8'],
      ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'application/json; charset=utf-8'],
    ])
      assert.equal(
        (
          await a.app.request('/api/v1/series?from=2021-03-01&to=2021-03-31', { headers: { accept } })
        ).headers.get('content-type'),
        type,
        accept,
      );
    const geo = await json(await a.app.request('/api/v1/events?format=geojson'));
    assert.equal(geo.type, 'FeatureCollection');
    assert.deepEqual(
      geo.features.map((f: { geometry: unknown }) => f.geometry),
      [{ type: 'Point', coordinates: [67, 30.18] }, null],
    );
    const nd = (
      await (
        await a.app.request('/api/v1/series?from=2021-03-01&to=2021-03-31&format=ndjson&metrics=events')
      ).text()
    )
      .trim()
      .split('\n');
    assert.deepEqual(
      nd.map((l) => JSON.parse(l)),
      [{ period: '2021-03', events: 2 }],
    );
    await s.close();
  });

  it('a strong ETag comes with every answer and If-None-Match gets 304 with no body', async () => {
    const a = api();
    const url = '/api/v1/series?country=PAK&from=2020-01-01&to=2021-12-31&interval=month';
    const first = await a.app.request(url);
    const etag = first.headers.get('etag')!;
    assert.match(etag, /^"[A-Za-z0-9_-]{43}"$/);
    const again = await a.app.request(url, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    // Compared weakly, as RFC 9110 asks of If-None-Match: a compressing proxy sends the tag back weak.
    const weak = await a.app.request(url, { headers: { 'if-none-match': `"x", W/${etag}` } });
    assert.equal(weak.status, 304);
    const other = await a.app.request(url.replace('month', 'quarter'), {
      headers: { 'if-none-match': etag },
    });
    assert.equal(other.status, 200);
    assert.notEqual(other.headers.get('etag'), etag);
  });

  it('the series answer has the documented shape', async () => {
    const body = await json(
      await api().app.request('/api/v1/series?country=PAK&from=2020-01-01&to=2021-12-31&interval=month'),
    );
    assert.equal(body.points.length, 24);
    assert.deepEqual(Object.keys(body.points[0]).slice(0, 3), ['period', 'events', 'fatalities_best']);
    for (const k of ['metrics', 'filter', 'sources', 'coverage', 'coverage_warning'])
      assert.ok(k in body.meta, k);
  });

  it('builds and renders a series of over ten thousand points on a compute worker, byte for byte as the use case does inline', async () => {
    const a = api();
    const q = {
      filter: await resolveFilter(store, { from: '2007-01-01', to: '2021-12-31' }),
      interval: 'day' as const,
      groupBy: 'type' as const,
    };
    const inputs = await seriesInputs(store, q, a.deps.maxExportRows);
    assert.ok(seriesSize(inputs) >= OFFLOAD_SERIES_POINTS, `${seriesSize(inputs)} points`);
    const series = await querySeries(store, q, a.deps.maxExportRows);
    for (const format of ['json', 'csv', 'ndjson'] as const) {
      const before = sharedComputePool().completed;
      const res = await a.app.request(
        `/api/v1/series?from=2007-01-01&to=2021-12-31&interval=day&by=type&format=${format}`,
      );
      assert.equal(res.status, 200);
      assert.equal(sharedComputePool().completed, before + 1, `${format}: rendered by a worker`);
      const inline = await render({ body: series, rows: series.points }, format, a.deps.maxExportRows);
      assert.equal(await res.text(), Buffer.from(inline.body).toString('utf8'), format);
      assert.equal(res.headers.get('etag'), inline.etag, format);
      assert.equal(res.headers.get('content-type'), inline.contentType, format);
    }
  });

  it('events are paged with a total and an opaque cursor tied to the query', async () => {
    const a = api();
    const p1 = await json(await a.app.request('/api/v1/events?from=2021&to=2021&limit=100'));
    assert.deepEqual([p1.total, p1.events.length], [189, 100]);
    const p2 = await json(
      await a.app.request(`/api/v1/events?from=2021&to=2021&limit=100&cursor=${p1.next_cursor}`),
    );
    assert.deepEqual([p2.events.length, p2.next_cursor], [89, null]);
    assert.equal(new Set([...p1.events, ...p2.events].map((e: { id: string }) => e.id)).size, 189);
    // A page's cursor continues an export of the same query: the 89 events after the first 100.
    const csv = await a.app.request(
      `/api/v1/events?from=2021&to=2021&format=ndjson&cursor=${p1.next_cursor}`,
    );
    assert.equal(csv.status, 200);
    assert.deepEqual(
      (await csv.text())
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: string }).id),
      p2.events.map((e: { id: string }) => e.id),
    );
    const wrong = await a.app.request(`/api/v1/events?from=2020&to=2020&cursor=${p1.next_cursor}`);
    assert.equal(
      (await json(wrong)).error.message,
      'invalid cursor: it belongs to another query (keep the filters and sort unchanged while paging)',
    );
    // A cursor whose offset lies past the last event (one made by hand: faultline makes none) is
    // refused in a page and an export alike (a page answered no events without a word).
    const made = JSON.parse(Buffer.from(p1.next_cursor, 'base64url').toString('utf8'));
    const past = Buffer.from(JSON.stringify({ ...made, o: 10_000 })).toString('base64url');
    for (const format of ['json', 'csv']) {
      const res = await a.app.request(`/api/v1/events?from=2021&to=2021&format=${format}&cursor=${past}`);
      assert.deepEqual(
        [res.status, (await json(res)).error.message],
        [
          400,
          `invalid cursor: "${past}" (its offset, 10000, lies past the last of the 189 matching events: use the next_cursor of the page before, unchanged)`,
        ],
        format,
      );
    }
    const one = await json(await a.app.request(`/api/v1/events/${encodeURIComponent(eventId)}`));
    assert.equal(one.event.id, eventId);
    assert.ok(Object.keys(one.event.original).length > 10, 'the original record comes with it');
  });

  it('a cursor made before an import is refused (409), never a page that repeats or skips events', async () => {
    const s = await createStore({ path: ':memory:' });
    try {
      await addStagedEvents(s, monthlyEvents([4], '2021-01'));
      const a = createApi({ store: s, log: () => {} });
      const p1 = await json(await a.app.request('/api/v1/events?limit=2'));
      const p2 = await json(await a.app.request(`/api/v1/events?limit=2&cursor=${p1.next_cursor}`));
      assert.equal(new Set([...p1.events, ...p2.events].map((e: { id: string }) => e.id)).size, 4);
      // An event dated before the others arrives between two pages: the second page's offset of 2
      // would now start at the first page's last event.
      await addStagedEvents(s, [stagedEvent('early', { dateStart: '2020-12-31', dateEnd: '2020-12-31' })]);
      invalidateMemo(s); // as every write through the server does
      const stale =
        'stale cursor: the matching events changed since it was made (an import or a desk change), so its offset no longer continues the listing; start again without cursor';
      for (const url of [
        `/api/v1/events?limit=2&cursor=${p1.next_cursor}`,
        `/api/v1/events?limit=2&format=csv&cursor=${p1.next_cursor}`,
      ]) {
        const res = await a.app.request(url);
        assert.deepEqual(
          [res.status, await json(res)],
          [409, { error: { code: 'conflict', message: stale } }],
        );
      }
    } finally {
      await s.close();
    }
  });

  it('CSV and NDJSON answers carry the notes in a header: what a series set apart in imprecise', async () => {
    // ucdp-ged:57152 is dated only to 2009: in no month of a monthly series.
    const url = '/api/v1/series?country=PAK&from=2009-01-01&to=2009-03-31&metrics=fatalities_best';
    const body = await json(await api().app.request(url));
    assert.ok(body.imprecise.length > 0);
    for (const format of ['csv', 'ndjson']) {
      const res = await api().app.request(`${url}&format=${format}`);
      assert.equal(res.status, 200);
      // The notes of the JSON answer, the one on the band saying where the band is (these rows hold the periods only).
      assert.equal(
        res.headers.get('x-faultline-notes'),
        body.meta.notes
          .map((n: string) =>
            /in `imprecise`/.test(n)
              ? `${n} (\`imprecise\` is a field of the JSON answer: CSV and NDJSON rows hold the periods only)`
              : n,
          )
          .join(' | '),
        format,
      );
      assert.match(res.headers.get('x-faultline-notes')!, /dated only to the year .* in `imprecise`/);
    }
  });

  it('an answer over the export limit gets 413 saying how to narrow it', async () => {
    const res = await api({ maxExportRows: 10 }).app.request('/api/v1/series?from=2020&to=2021');
    assert.equal(res.status, 413);
    assert.deepEqual(await json(res), {
      error: {
        code: 'export_too_large',
        message:
          'export too large: 24 rows (limit 10); narrow the period or filters, use a coarser interval or fewer groups, or page through /api/v1/events with limit and cursor',
      },
    });
  });

  it('an open end past every held day is today, or the end of its year for a start past today; an open start before every held day is its year start', async () => {
    const period = async (q: string) =>
      (
        (await json(await api().app.request(`/api/v1/series?interval=year&${q}`))) as {
          meta: { period: unknown };
        }
      ).meta.period;
    // They were the given day alone: a one-day answer cut short, 2030-01-01 to 2030-01-01.
    assert.deepEqual(await period('from=2030'), { from: '2030-01-01', to: '2030-12-31' });
    assert.deepEqual(await period('to=1980'), { from: '1980-01-01', to: '1980-12-31' });
    const today = new Date().toISOString().slice(0, 10);
    assert.deepEqual(await period(`from=${today.slice(0, 4)}&country=IND`), {
      from: `${today.slice(0, 4)}-01-01`,
      to: today,
    });
  });

  it('a series of more than 200,000 metric values gets 413 naming its points and the limit; one of fewer is answered', async () => {
    // 33 years of days by type, every metric with rates, was 200 with tens of megabytes.
    const a = api();
    const url = '/api/v1/series?from=1989&to=2021&interval=day&by=type';
    const res = await a.app.request(`${url}&per_100k=true`);
    assert.deepEqual(
      [res.status, await json(res)],
      [
        413,
        {
          error: {
            code: 'export_too_large',
            message:
              'series too large: 24,106 points x 8 metrics x 2 (per_100k) = 385,696 values (limit 200,000); use a coarser interval, fewer groups, fewer metrics (metrics=events,fatalities_best) or a shorter period',
          },
        },
      ],
    );
    assert.equal((await a.app.request(`${url}&per_100k=true&format=csv`)).status, 413);
    // The same points without rates (192,848 values), or with rates of two metrics, are answered.
    assert.equal((await a.app.request(`${url}&format=csv`)).status, 200);
    const fewer = await a.app.request(`${url}&per_100k=true&metrics=events,fatalities_best&format=csv`);
    assert.equal(fewer.status, 200);
  });

  it('a query over the time limit gets 503 in the error shape', async () => {
    const res = await api({ queryTimeoutMs: 1 }).app.request(
      '/api/v1/series?from=1989-01-01&to=2021-12-31&interval=day&by=type',
    );
    assert.equal(res.status, 503);
    assert.deepEqual(await json(res), {
      error: {
        code: 'query_timeout',
        message: 'query timed out after 1 ms; narrow the period or filters and try again',
      },
    });
  });

  it('an analyst can import an uploaded file; the answers after it see the new data', async () => {
    const a = api();
    const f = new FormData();
    f.set('file', new Blob(['not,a,dataset\n1,2,3\n']), 'notes.csv');
    const bad = await a.app.request('/api/v1/imports', { method: 'POST', body: f, headers: auth('analyst') });
    assert.equal(bad.status, 400);
    assert.equal((await json(bad)).error.code, 'invalid_input');
    const [url, init] = sample('POST /api/v1/imports');
    const res = await a.app.request(url, { ...init, headers: auth('analyst') });
    assert.ok(res.status === 201 || res.status === 200);
    // Published statistics are read by DuckDB (their native mapper), and the answer says so; the
    // authorization matrix may have imported these bytes already (200: nothing parsed, nothing said).
    assert.equal((await json(res)).parsed_by, res.status === 201 ? 'duckdb' : undefined);
    const repeat = await json(
      await a.app.request(url, { ...sample('POST /api/v1/imports')[1], headers: auth('admin') }),
    );
    assert.equal(repeat.already_imported, true);
    assert.equal(repeat.parsed_by, undefined);
    const sources = await json(await a.app.request('/api/v1/sources'));
    assert.ok(sources.imports.some((i: { file: string }) => i.file === 'pakistan_security_reports.csv'));
    assert.ok((await json(await a.app.request('/api/v1/statistics?country=PAK'))).statistics.length > 10);
    // A metric no loaded figure has is refused with the nearest ones; a loaded one that matches
    // nothing under the other filters is a true zero.
    const typo = await a.app.request('/api/v1/statistics?metric=kiled');
    assert.equal(typo.status, 400);
    assert.match((await json(typo)).error.message, /^unknown metric: "kiled" \(nearest: killed, /);
    const none = await a.app.request('/api/v1/statistics?metric=killed&from=1990-01-01&to=1990-12-31');
    assert.deepEqual([none.status, (await json(none)).statistics], [200, []]);
    // A year or a month stands for its first (from) or last (to) day, as in every other filter.
    const year = await json(await a.app.request('/api/v1/statistics?from=2023&to=2023'));
    const days = await json(await a.app.request('/api/v1/statistics?from=2023-01-01&to=2023-12-31'));
    assert.ok(year.statistics.length > 0);
    assert.deepEqual(year, days);
    const month = await json(await a.app.request('/api/v1/statistics?from=2023-09&to=2023-09'));
    assert.deepEqual(
      month,
      await json(await a.app.request('/api/v1/statistics?from=2023-09-01&to=2023-09-30')),
    );
  });
});
