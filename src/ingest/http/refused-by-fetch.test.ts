import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { RemoteError } from '../../domain/errors.ts';
import { getText } from './get-text.ts';
import { createSender, refusedByFetch, type RetryNotice } from './retrying-request.ts';

// Port 9 (discard) is one the Fetch standard blocks: Node's fetch refuses it before connecting.
const BLOCKED = 'http://127.0.0.1:9/list.txt';

/** A URL on a port nothing listens on (one just freed): its connection is refused, a network failure. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/x`;
}

describe('a request fetch refuses before sending is not retried', () => {
  it('knows a blocked port, a scheme other than http(s) and an unparsable URL from a network failure', async () => {
    const failure = (url: string) =>
      fetch(url).then(
        () => assert.fail(`fetched ${url}`),
        (e: unknown) => e,
      );
    assert.equal(refusedByFetch(await failure(BLOCKED)), true);
    assert.equal(refusedByFetch(await failure('ftp://127.0.0.1/x')), true);
    assert.equal(refusedByFetch(await failure('http://exa mple/')), true);
    // A refused connection may pass (the server may be starting), so it is retried.
    assert.equal(refusedByFetch(await failure(await closedPortUrl())), false);
  });

  it('the API sender fails at once, in one line naming the cause and the URL', async () => {
    const notices: RetryNotice[] = [];
    const send = createSender('GDELT API', { backoffMs: 1, onRetry: (n) => notices.push(n) });
    await assert.rejects(send(BLOCKED, {}), (e: unknown) => {
      assert.ok(e instanceof RemoteError);
      assert.equal(e.message, `GDELT API: network error (bad port): "${BLOCKED}"`);
      return true;
    });
    assert.deepEqual(notices, []);
  });

  it('getText fails at once with one attempt, where a network failure is tried again', async () => {
    const notices: RetryNotice[] = [];
    await assert.rejects(
      getText(BLOCKED, { service: 'feed', backoffMs: 1, onRetry: (n) => notices.push(n) }),
      new RemoteError('remote_error', `feed: network error (bad port): "${BLOCKED}" (1 attempt)`),
    );
    assert.equal(notices.length, 0);
    await assert.rejects(
      getText(await closedPortUrl(), { service: 'feed', backoffMs: 1, onRetry: (n) => notices.push(n) }),
    );
    assert.equal(notices.length, 2);
  });
});
