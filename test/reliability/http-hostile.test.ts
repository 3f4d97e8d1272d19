// test-run: alone, about 10 s (thousands of requests to one server)
/**
 * The reliability suite's HTTP campaign (issue 11): thousands of malformed and hostile requests
 * over every route of the route table, in-process, anonymous read off. Goals: no answer is a 500,
 * the process never exits, no caller below a route's role ever gets a 2xx, every error is one
 * printable line. `npm run bench reliability` runs every generated request and a load test.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../src/app/api-keys.ts';
import { createApi, dashboardDir } from '../../src/api/server.ts';
import { createStore, type Store } from '../../src/storage/index.ts';
import { addStagedEvents, stagedEvent } from '../helpers/synthetic-events.ts';
import { runCampaign } from './campaign.ts';
import { hostileRequests } from './hostile-requests.ts';

let store: Store;
const keys = { viewer: '', analyst: '', admin: '' };
before(async () => {
  store = await createStore({ path: ':memory:' });
  // A small store keeps the answers that succeed cheap: the campaign is about the ones that must not.
  await addStagedEvents(
    store,
    Array.from({ length: 60 }, (_, i) => stagedEvent(String(i + 1), { fatalitiesBest: i })),
  );
  for (const role of ['viewer', 'analyst', 'admin'] as const)
    keys[role] = (await createApiKey(store, { role, name: `fuzz ${role}` })).key;
});
after(() => store.close());

describe('hostile HTTP requests', () => {
  it('thousands of malformed or hostile requests over every route: no 500, no unauthorised success, one-line errors', async () => {
    const api = createApi({
      store,
      anonymousRead: false,
      rateLimitPerMinute: 1e9,
      queryTimeoutMs: 3000,
      staticDir: dashboardDir(fileURLToPath(new URL('../../web/dist', import.meta.url))),
      log: () => {},
    });
    const all = [...hostileRequests(api.routes, keys)];
    // Every request outside GET's parameter matrix, every 3rd of that matrix (every 9th for the
    // briefing, the costliest answer); the bench sends them all.
    const picked = all.filter(
      (r, i) => !r.label.startsWith('GET ') || i % (r.label.includes('/briefing') ? 9 : 3) === 0,
    );
    const report = await runCampaign(api, picked, 4);
    console.log(report.summary);
    assert.ok(report.sent >= 5000, `only ${report.sent} requests`);
    assert.ok(new Set(picked.map((r) => r.path.split('?')[0])).size >= api.routes.length);
    assert.deepEqual(report.serverErrors, [], 'answers of 500');
    assert.deepEqual(report.unauthorised, [], 'unauthorised successes');
    assert.deepEqual(
      report.badMessages,
      [],
      'error messages that are not one printable line of at most 500 characters',
    );
  });
});
