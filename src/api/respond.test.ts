import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Hono } from 'hono';
import { z } from 'zod';
import { bytesOfLarge, etagOf, render } from '../app/render-answer.ts';
import { parseQuery, text } from './params.ts';
import { send } from './respond.ts';
import { createApi, startServer, type Api } from './server.ts';
import { importFile } from '../app/import-dataset.ts';
import { DATA_DIR } from '../app/bundled-data.ts';
import { createStore, type Store } from '../storage/index.ts';
import type { StatisticFilter } from '../storage/store.ts';

const STATS_FILE = `${DATA_DIR}published-statistics/pakistan_security_reports.csv`;

// 600,000 characters with a four-byte character (a surrogate pair) across every 512K boundary.
const large = () => {
  const head = 'a'.repeat(512 * 1024 - 1);
  return `${head}😀${'é'.repeat(80_000)}😀${'z'.repeat(7_000)}`;
};

describe('large bodies', () => {
  test('are encoded a part at a time into exactly the bytes of the whole text, pairs unsplit', async () => {
    const text = large();
    const bytes = await bytesOfLarge(text);
    assert.ok(bytes, 'a text over 256K characters is encoded ahead');
    assert.deepEqual(Buffer.from(bytes), Buffer.from(text, 'utf8'));
    assert.equal(await bytesOfLarge('small'), undefined);
  });

  test('go out over HTTP whole, with their length and the ETag of their text', async () => {
    const rows = Array.from({ length: 6_000 }, (_, i) => ({ i, place: `Peshāwar 😀 ${i}`.repeat(3) }));
    const rendered = await render({ body: { rows } }, 'json', 100);
    assert.ok(rendered.body instanceof Uint8Array, 'the answer is large enough to be sent as bytes');
    const app = new Hono();
    app.get('/big', (c) => send(c, rendered));
    const server = await startServer({ app } as unknown as Api, '127.0.0.1', 0);
    try {
      const res = await fetch(`${server.url}/big`);
      const body = await res.text();
      assert.equal(body, JSON.stringify({ rows }));
      assert.equal(Number(res.headers.get('content-length')), Buffer.byteLength(body));
      assert.equal(res.headers.get('etag'), etagOf(body));
      const again = await fetch(`${server.url}/big`, { headers: { 'if-none-match': etagOf(body) } });
      assert.equal(again.status, 304);
    } finally {
      await server.close();
    }
  });
});

/** The refusal parseQuery gives a query string, or `accepted` with what it parsed. */
async function parsed(query: string): Promise<string> {
  const app = new Hono();
  app.get('/x', (c) => {
    try {
      return c.text(`accepted ${JSON.stringify(parseQuery(c, z.strictObject({ q: text('q').optional() })))}`);
    } catch (e) {
      return c.text((e as Error).message);
    }
  });
  return (await app.request(`/x${query}`)).text();
}

describe('query strings (parseQuery)', () => {
  test('a parameter without a name is refused as unknown (Hono drops it, so it was ignored)', async () => {
    assert.equal(await parsed('?=1'), 'unknown parameter: "" (a parameter without a name)');
    assert.equal(await parsed('?q=a&='), 'unknown parameter: "" (a parameter without a name)');
    // An empty piece between two ampersands names no parameter at all.
    assert.equal(await parsed('?q=a&&'), 'accepted {"q":"a"}');
  });
});

describe('answer keys (what identical requests share)', () => {
  test('a value holding & and = is not keyed as two parameters: it gets its own 400, never the kept answer of another request', async () => {
    const store = await createStore({ path: ':memory:' });
    let reads = 0;
    const counted: Store = Object.create(store, {
      listStatistics: { value: (f: StatisticFilter) => (reads++, store.listStatistics(f)) },
    });
    const server = await startServer(createApi({ store: counted, log: () => {} }), '127.0.0.1', 0);
    try {
      await importFile(store, STATS_FILE);
      const get = (q: string) => fetch(`${server.url}/api/v1/statistics?${q}`);
      const kept = await get('country=PAK&metric=killed');
      assert.equal(kept.status, 200);
      const killed = await kept.text();
      // Was keyed `country=PAK&metric=killed` too, and answered with the kept 200 above.
      const one = await get('country=PAK%26metric%3Dkilled');
      assert.equal(one.status, 400);
      assert.equal(
        (await one.json()).error.message,
        'invalid country: "PAK&metric=killed" (use an ISO 3166-1 alpha-3 code such as PAK)',
      );
      // The same parameters in another order or another encoding still share the kept answer.
      const before = reads;
      assert.equal(await (await get('metric=killed&country=%50AK')).text(), killed);
      assert.equal(reads, before, 'answered from the kept answer, without reading the store');
    } finally {
      await server.close();
      await store.close();
    }
  });

  test('enum values in another case share one kept answer: interval=Month is interval=month', async () => {
    const store = await createStore({ path: ':memory:' });
    let reads = 0;
    // Every read of the store counted: the second request must not make one.
    const counted = new Proxy(store, {
      get: (t, k) => {
        const v = Reflect.get(t, k) as unknown;
        return typeof v === 'function'
          ? (...a: unknown[]) => (reads++, (v as (...a: unknown[]) => unknown).apply(t, a))
          : v;
      },
    });
    const server = await startServer(createApi({ store: counted, log: () => {} }), '127.0.0.1', 0);
    try {
      await importFile(store, STATS_FILE);
      const get = (q: string) => fetch(`${server.url}/api/v1/series?from=2021&to=2021&${q}`);
      const first = await get('interval=month&by=source');
      assert.equal(first.status, 200);
      const body = await first.text();
      const before = reads;
      const again = await get('interval=Month&by=SOURCE');
      assert.equal(again.status, 200);
      assert.equal(await again.text(), body);
      assert.equal(reads, before, 'answered from the kept answer, without reading the store');
    } finally {
      await server.close();
      await store.close();
    }
  });
});
