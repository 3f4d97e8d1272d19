/** The dashboard's API client: a request that gets no answer at all is refused in words a reader can act on. */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { getJson, getText, postText } from '../../web/src/api/client.ts';

/** A loopback port that nothing listens on: one a listener held, closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

const UNREACHABLE = 'the faultline server did not answer (it may have stopped, or the network is down)';

describe('the dashboard API client', () => {
  it('says the server did not answer, not the browser\'s "Failed to fetch", when nothing listens', async () => {
    const base = `http://127.0.0.1:${await closedPort()}/api/v1`;
    await assert.rejects(getJson(`${base}/series`), { message: UNREACHABLE });
    await assert.rejects(getText(`${base}/briefing?format=html`), { message: UNREACHABLE });
    await assert.rejects(postText(`${base}/claims/check`, 'claims: []'), { message: UNREACHABLE });
  });
});
