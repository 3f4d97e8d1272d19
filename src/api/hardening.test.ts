// test-run: alone, about 9 s (measures event-loop stalls)
/**
 * The server half of issue 11, one test per defect found by the adversarial run: nested bodies,
 * bodies and uploads read whole before their limit, heavy work on the event loop, long names,
 * forged cursors, raw binary echoed in errors, HTML through Markdown, reads beside an import.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { BriefingData } from '../report/briefing-data.ts';
import { renderMarkdown } from '../report/render-markdown.ts';
import { createApiKey } from '../app/api-keys.ts';
import { createStore, type Store } from '../storage/index.ts';
import { GED_FILE } from '../../test/helpers/ged-rows.ts';
import { gedStoreCopy } from '../../test/helpers/bundled-store.ts';
import { closeDiscarded } from '../../test/helpers/discard-store.ts';
import { createApi, sharedComputePool, startServer, type RunningServer } from './server.ts';

let store: Store;
let analyst = '';
before(async () => {
  // The bundled GED file imported and placed (a copy of the run's one store of it).
  store = await createStore({ path: await gedStoreCopy({ placed: true }) });
  analyst = (await createApiKey(store, { role: 'analyst', name: 'test' })).key;
});
// The copy is thrown away: closed without DuckDB's checkpoint (discard-store.ts).
after(() => closeDiscarded(store));

const api = (o: Partial<Parameters<typeof createApi>[0]> = {}) => createApi({ store, log: () => {}, ...o });
const json = async (r: Response) =>
  JSON.parse(await r.text()) as { error: { code: string; message: string } };
const ms = (t0: number) => Math.round(performance.now() - t0);
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const PRINTABLE_LINE = /^[^\u0000-\u001f\u007f-\u009f\ufffd]*$/;

/** Streams `total` bytes of `chunk`s to a path with chunked transfer encoding; stops when the answer comes. */
function sendChunked(
  url: string,
  path: string,
  headers: Record<string, string>,
  head: Buffer,
  total: number,
): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request(`${url}${path}`, { method: 'POST', headers }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      // The server may close the connection once it has answered: the answer counts, not the reset.
      res.on('close', () => resolve({ status: res.statusCode!, body, sent }));
    });
    req.on('error', (e) => (answered ? undefined : reject(e)));
    const chunk = Buffer.alloc(64 * 1024, '[');
    const pump = () => {
      while (!answered && sent < total) {
        const part = sent === 0 ? head : chunk;
        sent += part.length;
        if (!req.write(part)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('bounded bodies', () => {
  it('two anonymous claim checks of 10 KB of nested [ answer 400 at once, and the server lives on', async () => {
    const a = api();
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      const res = await a.app.request('/api/v1/claims/check', { method: 'POST', body: '['.repeat(10_000) });
      assert.equal(res.status, 400);
      assert.equal(
        (await json(res)).error.message,
        'invalid claim file: nested more than 64 levels deep (line 1)',
      );
      assert.ok(ms(t0) < 5000, `answered after ${ms(t0)} ms`);
    }
    assert.equal((await a.app.request('/api/v1/health')).status, 200);
  });

  it('a YAML alias bomb and deep indentation are refused with one line', async () => {
    const a = api();
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const deep = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n');
    for (const body of [bomb.join('\n'), deep]) {
      const res = await a.app.request('/api/v1/claims/check', { method: 'POST', body });
      assert.equal(res.status, 400);
      assert.match((await json(res)).error.message, /^invalid claim file: /);
    }
  });

  describe('over a real connection', () => {
    let server: RunningServer;
    before(async () => {
      server = await startServer(api({ maxUploadBytes: 1024 * 1024 }), '127.0.0.1', 0);
    });
    after(() => server.close());

    it('a chunked claims body over 256 KB is refused with 413 long before the client has sent it all', async () => {
      const r = await sendChunked(
        server.url,
        '/api/v1/claims/check',
        { 'content-type': 'application/yaml' },
        Buffer.from('claims: '),
        64 << 20,
      );
      assert.equal(r.status, 413);
      assert.equal(
        JSON.parse(r.body).error.message,
        'request body too large: over 262,144 bytes (the limit)',
      );
      assert.ok(r.sent < 16 << 20, `the server let the client send ${r.sent} bytes`);
    });

    it('a query string over the header limit gets the one-line JSON error (431), not an empty body', async () => {
      const res = await fetch(`${server.url}/api/v1/events?admin2=${'x'.repeat(20_000)}`);
      assert.equal(res.status, 431);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      assert.match((await json(res)).error.message, /^request headers too large \(/);
    });

    it('a declared Content-Length over the limit is refused before any byte of the body is read', async () => {
      const res = await fetch(`${server.url}/api/v1/claims/check`, {
        method: 'POST',
        headers: { 'content-length': String(300 * 1024), 'content-type': 'application/yaml' },
        body: Buffer.alloc(300 * 1024, 'x'),
      });
      assert.equal(res.status, 413);
    });

    it('a chunked upload over the limit is refused with 413 while it is being sent', async () => {
      const boundary = 'faultlineboundary';
      const head = Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.csv"\r\ncontent-type: text/csv\r\n\r\n`,
      );
      const r = await sendChunked(
        server.url,
        '/api/v1/imports',
        { authorization: `Bearer ${analyst}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        head,
        128 << 20,
      );
      assert.equal(r.status, 413);
      assert.match(JSON.parse(r.body).error.message, /^upload too large: over 1,048,576 bytes/);
      assert.ok(r.sent < 32 << 20, `the server let the client send ${r.sent} bytes`);
    });
  });
});

describe('the event loop stays free', () => {
  it('/health keeps answering in milliseconds while a forecast runs (before: held for the whole forecast)', async () => {
    const server = await startServer(api({ queryTimeoutMs: 120_000 }), '127.0.0.1', 0);
    try {
      assert.equal((await fetch(`${server.url}/api/v1/health`)).status, 200);
      // Seconds of simulation (eight provinces and their backtest): it held /health for all of them.
      const forecast = fetch(`${server.url}/api/v1/forecast?seed=7`);
      let done = false;
      void forecast.finally(() => (done = true));
      const waits: number[] = [];
      while (!done || waits.length < 3) {
        const t0 = performance.now();
        const health = await fetch(`${server.url}/api/v1/health`);
        assert.equal(health.status, 200, await health.clone().text());
        waits.push(ms(t0));
        await new Promise((r) => setTimeout(r, 50));
      }
      const answer = await forecast;
      assert.equal(answer.status, 200, await answer.clone().text());
      // Loose bounds: the test machine is shared; the bench measures the p99 under load.
      const sorted = [...waits].sort((x, y) => x - y);
      const shown = `/health waited ${waits.join(', ')} ms`;
      assert.ok(sorted[Math.floor(sorted.length / 2)]! < 100, shown);
      assert.ok(sorted.at(-1)! < 1000, shown);
    } finally {
      await server.close();
    }
  });

  it('a forecast over its time limit answers 503 at the limit and its worker is stopped', async () => {
    const a = api({ queryTimeoutMs: 200 });
    const t0 = performance.now();
    const res = await a.app.request('/api/v1/forecast?seed=11');
    assert.equal(res.status, 503);
    assert.equal(
      (await json(res)).error.message,
      'query timed out after 200 ms; narrow the period or filters and try again',
    );
    assert.ok(ms(t0) < 2000, `answered after ${ms(t0)} ms`);
    assert.equal(sharedComputePool().pending, 0, 'the forecast is still running');
    // Nothing of it goes on holding the event loop: requests over the next two seconds answer at once.
    for (let i = 0; i < 8; i++) {
      const t1 = performance.now();
      assert.equal((await a.app.request('/api/v1/health')).status, 200);
      assert.ok(ms(t1) < 500, `/health answered after ${ms(t1)} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  it('past the heavy slots and their queue a heavy request answers 503 with Retry-After at once; /health, cached answers and event pages do not wait', async () => {
    const a = api({ heavySlots: 1, heavyQueue: 1, queryTimeoutMs: 60_000, rateLimitPerMinute: 1e9 });
    const server = await startServer(a, '127.0.0.1', 0);
    const get = (path: string) => fetch(`${server.url}/api/v1/${path}`);
    const until = async (ok: () => boolean) => {
      while (!ok()) await new Promise((r) => setTimeout(r, 5));
    };
    try {
      assert.equal((await get('index?from=2015-01-01')).status, 200); // now kept until the next import
      // The test holds the one slot itself, so what follows does not depend on how fast work runs.
      let free!: () => void;
      const held = a.admission.run(undefined, () => new Promise<void>((r) => (free = r)));
      const queued = get('series?interval=week&by=admin1&from=1990-01-01&to=2021-12-31');
      await until(() => a.admission.queued === 1);
      const t0 = performance.now();
      const refused = await get('forecast?level=country&seed=42');
      assert.equal(refused.status, 503);
      assert.equal(refused.headers.get('retry-after'), '5');
      assert.equal(
        (await json(refused)).error.message,
        'server busy: 1 heavy requests running and 1 waiting; retry in a few seconds',
      );
      for (const path of ['health', 'index?from=2015-01-01', 'events?limit=5'])
        assert.equal((await get(path)).status, 200, path);
      assert.ok(ms(t0) < 1000, `answered after ${ms(t0)} ms`);
      free();
      await held;
      // The queued series (about 15,000 points) now runs in the slot: /health answers while it does.
      let done = false;
      void queued.finally(() => (done = true));
      const waits: number[] = [];
      do {
        const t1 = performance.now();
        assert.equal((await get('health')).status, 200);
        waits.push(ms(t1));
        await new Promise((r) => setTimeout(r, 10));
      } while (!done);
      assert.equal((await queued).status, 200);
      assert.ok(Math.max(...waits) < 1000, `/health waited ${waits.join(', ')} ms`);
    } finally {
      await server.close();
    }
  });

  it('a burst that queued before any slot was given back is refused (503 busy, Retry-After) as soon as the hold time shows a request would start past its time limit, not at the limit', async () => {
    // Each conflict index takes 1 s more than its SQL (a real store whose indexUnits waits first).
    const slow = Object.create(store, {
      indexUnits: {
        value: async (f: Parameters<Store['indexUnits']>[0]) => {
          await new Promise((r) => setTimeout(r, 1000));
          return store.indexUnits(f);
        },
      },
    }) as Store;
    const a = createApi({
      store: slow,
      log: () => {},
      heavySlots: 1,
      heavyQueue: 8,
      queryTimeoutMs: 4000,
      rateLimitPerMinute: 1e9,
    });
    const server = await startServer(a, '127.0.0.1', 0);
    try {
      const t0 = performance.now();
      // Dates no other test asks for (an answer the store's memo keeps never queues), one at a time
      // so that they queue in order. No hold time is known while they arrive: all seven are admitted.
      const answers: Promise<{ status: number; retry: string | null; body: string; ms: number }>[] = [];
      for (const year of [2010, 2011, 2012, 2013, 2014, 2015, 2016]) {
        answers.push(
          fetch(`${server.url}/api/v1/index?from=${year}-02-03&to=2021-11-29`).then(async (res) => ({
            status: res.status,
            retry: res.headers.get('retry-after'),
            body: await res.text(),
            ms: ms(t0),
          })),
        );
        const until = performance.now() + 10_000;
        while (a.admission.running + a.admission.queued < answers.length && performance.now() < until)
          await new Promise((r) => setTimeout(r, 5));
      }
      assert.equal(a.admission.queued, 6, 'the burst queued');
      const [first, second, , , ...late] = await Promise.all(answers);
      // The first held the slot about 1.1 s: the second runs then, the third and fourth would start
      // at about 2.2 and 3.3 s, within their 4 s; the last three only at 4.4 s or later, past it:
      // they are told so at once (they waited the whole 4 s for a query_timeout).
      assert.equal(first!.status, 200, first!.body);
      assert.equal(second!.status, 200, second!.body);
      for (const r of late) {
        assert.equal(r.status, 503, r.body);
        assert.equal(r.retry, '5');
        assert.equal((JSON.parse(r.body) as { error: { code: string } }).error.code, 'busy', r.body);
        assert.ok(r.ms < 2500, `refused after ${r.ms} ms, not when the first gave its slot back`);
      }
    } finally {
      await server.close();
    }
  });

  it('a heavy request still waiting for a slot at its time limit answers 503 with Retry-After', async () => {
    const a = api({ heavySlots: 1, heavyQueue: 4, queryTimeoutMs: 300 });
    let free!: () => void;
    const held = a.admission.run(undefined, () => new Promise<void>((r) => (free = r)));
    try {
      const res = await a.app.request('/api/v1/network?from=2016-01-01');
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '5');
      assert.equal(
        (await json(res)).error.message,
        'query timed out after 300 ms; narrow the period or filters and try again',
      );
      assert.equal(a.admission.queued, 0, 'the request left the queue');
    } finally {
      free();
      await held;
    }
  });

  it('a daily series from year 1000 to 9999 is refused (413) without listing its days', async () => {
    const t0 = performance.now();
    const res = await api().app.request('/api/v1/series?from=1000-01-01&to=9999-12-31&interval=day');
    assert.equal(res.status, 413);
    assert.match((await json(res)).error.message, /^export too large: 3,287,182 rows \(limit 100,000\)/);
    assert.ok(ms(t0) < 1000, `answered after ${ms(t0)} ms`);
  });
});

describe('clean errors', () => {
  it('an upload named with 300 characters is imported under a shortened name', async () => {
    const form = new FormData();
    form.set('file', new Blob([readFileSync(GED_FILE)]), `${'n'.repeat(296)}.csv`);
    form.set('dataset_format', 'ucdp-ged');
    const res = await api().app.request('/api/v1/imports', {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${analyst}` },
    });
    assert.ok([200, 201].includes(res.status), `status ${res.status}: ${await res.clone().text()}`);
  });

  it('a form field over 1024 bytes is refused quoting its name (it showed the name bare)', async () => {
    const form = new FormData();
    form.set('file', new Blob(['x']), 'a.csv');
    form.set('my note', 'n'.repeat(1025));
    const res = await api().app.request('/api/v1/imports', {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${analyst}` },
    });
    assert.deepEqual(
      [res.status, (await json(res)).error.message],
      [400, 'invalid upload: field "my note" over 1024 bytes'],
    );
  });

  it('forged cursors answer 400 (or an empty page), never 500', async () => {
    const a = api();
    const first = (await (await a.app.request('/api/v1/events?limit=1')).json()) as { next_cursor: string };
    const { q } = JSON.parse(Buffer.from(first.next_cursor, 'base64url').toString()) as { q: string };
    const forged = [1e300, 2 ** 63, 2 ** 53 + 1, -1, 1.5, '1', null, 6416, 1e9].map((o) =>
      Buffer.from(JSON.stringify({ o, q })).toString('base64url'),
    );
    forged.push('null', '%00', 'e30', Buffer.from('[1,2]').toString('base64url'), 'x'.repeat(999));
    for (const cursor of forged) {
      const res = await a.app.request(`/api/v1/events?limit=1&cursor=${encodeURIComponent(cursor)}`);
      assert.ok([200, 400].includes(res.status), `cursor ${cursor}: status ${res.status}`);
      if (res.status === 400) assert.match((await json(res)).error.message, /^invalid cursor: "/);
    }
  });

  it('a bad value is quoted with at most 200 printable characters, never raw binary', async () => {
    const a = api();
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256));
    const id = encodeURIComponent(binary.toString('latin1'));
    for (const res of [
      await a.app.request(`/api/v1/events/${id}`),
      await a.app.request('/api/v1/claims/check', { method: 'POST', body: binary }),
      await a.app.request(`/api/v1/claims/examples/${id}`),
    ]) {
      assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
      const { message } = (await json(res)).error;
      assert.match(message, PRINTABLE_LINE);
      assert.ok(message.length <= 400, `message of ${message.length} characters`);
    }
  });

  it('render=markdown shows <script> as text', async () => {
    // A hostile filter value no longer reaches the briefing: unknown districts are refused, quoted.
    const refused = await api().app.request(
      '/api/v1/briefing?period=2021&admin2=%3Cscript%3Ealert(1)%3C/script%3E&render=markdown',
    );
    assert.equal(refused.status, 400);
    // Text that does reach it (a source's own labels) is escaped: the briefing's data with a
    // <script> planted in its title and a paragraph, rendered as the route renders it.
    const res = await api().app.request('/api/v1/briefing?period=2021');
    assert.equal(res.status, 200);
    const data = (await res.json()) as BriefingData;
    const md = renderMarkdown({ ...data, title: '<script>alert(1)</script>', subtitle: '<b>x</b>' });
    assert.ok(!md.includes('<script>'), 'the Markdown carries <script>');
    assert.ok(md.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(md.includes('&lt;b&gt;x&lt;/b&gt;'));
  });
});

describe('imports isolated from reads', () => {
  it('reads that fail beside an API import neither abort it nor make other reads answer 500', async () => {
    const a = api();
    const form = new FormData();
    // The same rows with other line ends: new bytes (not a no-op), no event removed.
    const crlf = readFileSync(GED_FILE, 'utf8').replace(/\r?\n/g, '\r\n');
    form.set('file', new Blob([crlf]), 'conflict_data_pak.csv');
    const importing = a.app.request('/api/v1/imports', {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${analyst}` },
    });
    const reads = [
      '/api/v1/events?from=2021-02-30',
      '/api/v1/series?from=2021-02-30&to=2021-03-01&interval=day',
      '/api/v1/events?limit=1&to=2021-13-45',
      '/api/v1/events?limit=5',
      '/api/v1/series?from=2020&to=2021',
      '/api/v1/index?from=2021&to=2021',
    ];
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => reads.map((p) => a.app.request(p))).flat(),
    );
    const statuses = answers.map((r) => r.status);
    assert.ok(
      statuses.every((s) => s < 500),
      `statuses ${statuses.join(', ')}`,
    );
    const imported = await importing;
    assert.equal(imported.status, 201, await imported.clone().text());
    assert.equal((await a.app.request('/api/v1/events?limit=1')).status, 200);
  });
});
