import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { RemoteError } from '../../domain/errors.ts';
import { getText } from './get-text.ts';

// A body over the most a caller reads is refused whole, in one line that says both sizes as a person
// reads them, and is not asked for again (a retry would only fetch the same body).
describe('a body over the most getText reads', () => {
  let server: Server;
  let base = '';
  let requests = 0;
  before(async () => {
    server = createServer((req, res) => {
      requests++;
      const body = 'x'.repeat(12_345);
      if (req.url === '/declared') res.writeHead(200, { 'content-length': String(body.length) });
      // Chunked: no Content-Length, so the limit is found while reading.
      else res.writeHead(200, { 'transfer-encoding': 'chunked' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const refusal = async (path: string) => {
    requests = 0;
    const e = await getText(`${base}${path}`, { service: 'news', maxBytes: 10_000, backoffMs: 1 }).then(
      () => assert.fail('read a body over the limit'),
      (err: unknown) => err,
    );
    assert.ok(e instanceof RemoteError);
    assert.equal(requests, 1);
    return e.message;
  };

  it('with a declared length: refused before reading, both sizes grouped', async () => {
    assert.equal(
      await refusal('/declared'),
      `news: too large: "${base}/declared" is 12,345 bytes (at most 10,000)`,
    );
  });

  it('sent in chunks: refused once past the limit', async () => {
    assert.equal(await refusal('/chunked'), `news: too large: "${base}/chunked" is over 10,000 bytes`);
  });
});
