import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Hono } from 'hono';
import { z } from 'zod';
import { bytesOfLarge, etagOf, render } from '../app/render-answer.ts';
import { parseQuery, text } from './params.ts';
import { send } from './respond.ts';
import { startServer, type Api } from './server.ts';

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
