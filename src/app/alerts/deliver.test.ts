import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { firedAlertEvaluation } from '../../../test/helpers/fired-alert.ts';
import { startLocalServer, type LocalServer } from '../../../test/helpers/local-server.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { deliverInBackground } from './background.ts';
import { deliverPending } from './deliver.ts';
import { addAlertRule } from './rules.ts';
import { listDeliveriesView } from './views.ts';
import { settleAlertWork } from './work.ts';

// Three attempts, a few milliseconds apart: enough to see what is retried and what is not.
const POLICY = { attempts: 3, minTimeoutMs: 10, factor: 2, timeoutMs: 1500 };

describe('webhook deliveries to a real receiver', () => {
  let store: Store;
  let receiver: LocalServer;
  let flaky = 0;

  before(async () => {
    // In memory: nothing reads the file (closing a file store that was written to checkpoints it).
    store = await createStore({ path: ':memory:' });
    receiver = await startLocalServer((req, res) => {
      if (req.url === '/moved') return res.writeHead(301, { location: `${receiver.url}/hook` }).end();
      // Redirects to URLs carrying a user name and password, absolute and protocol-relative.
      if (req.url === '/moved-with-password')
        return res.writeHead(302, { location: `http://relay:s3cret@${receiver.url.slice(7)}/hook` }).end();
      if (req.url === '/moved-relative-with-password')
        return res.writeHead(307, { location: '//relay:s3cret@other.example/hook' }).end();
      if (req.url === '/gone') return res.writeHead(410).end();
      if (req.url === '/flaky') return res.writeHead(++flaky === 1 ? 503 : 200).end();
      if (req.url === '/always-500') return res.writeHead(500).end();
      // Takes the request and never answers.
      if (req.url === '/hang') return;
      res.writeHead(204).end();
    });
  });

  after(async () => {
    await store.close();
    await receiver.close();
  });

  /** Records a fired alert of a new rule posting to `path`; resolves to its alert id. */
  async function fired(path: string): Promise<number> {
    const { rule } = await addAlertRule(store, {
      kind: 'border',
      interstate: true,
      webhook_url: `${receiver.url}${path}`,
    });
    const [alert] = await store.applyAlertEvaluation(firedAlertEvaluation(rule.id, rule.webhook_url));
    return alert!.id;
  }

  /** The id of an alert's delivery. */
  const idOf = async (alert: number) => (await listDeliveriesView(store, { alert }))[0]!.id;

  const log = async (alert: number) => {
    const [d] = await listDeliveriesView(store, { alert });
    return [d!.status, d!.attempt_log.map((a) => [a.http_status, a.error])];
  };

  it('a redirect is not followed nor retried, and the attempt says where it pointed', async () => {
    const alert = await fired('/moved');
    assert.deepEqual(await deliverPending(store, POLICY), {
      delivered: 0,
      failed: 1,
      failedIds: [await idOf(alert)],
    });
    // It was tried as often as a 500 (five times by default), with only "HTTP 301" to say why.
    assert.deepEqual(await log(alert), [
      'failed',
      [
        [
          301,
          `HTTP 301: redirected to "${receiver.url}/hook", not followed (give the rule the URL that answers; docs/security.md)`,
        ],
      ],
    ]);
    assert.deepEqual(
      receiver.seen.map((r) => r.url),
      ['/moved'],
    );
  });

  it('a 410 is not retried; a 503 is, and a delivered alert is never sent again', async () => {
    const gone = await fired('/gone');
    const flakyAlert = await fired('/flaky');
    assert.deepEqual(await deliverPending(store, POLICY), {
      delivered: 1,
      failed: 1,
      failedIds: [await idOf(gone)],
    });
    assert.deepEqual(await log(gone), ['failed', [[410, 'HTTP 410']]]);
    assert.deepEqual(await log(flakyAlert), [
      'delivered',
      [
        [503, 'HTTP 503'],
        [200, null],
      ],
    ]);
    const calls = receiver.seen.length;
    assert.deepEqual(await deliverPending(store, POLICY), { delivered: 0, failed: 0, failedIds: [] });
    assert.equal(receiver.seen.length, calls);
  });

  it('a delivery that failed in the background is said on the log, in the number it is', async () => {
    await fired('/gone');
    const logged: string[] = [];
    deliverInBackground(store, (line) => logged.push(line), POLICY);
    await settleAlertWork(store);
    // It said "1 webhook deliveries failed".
    assert.deepEqual(logged, ['alerts: 1 webhook delivery failed (see faultline alerts deliveries)']);
  });

  it('a delivery left pending after attempts of an earlier process is tried only as often as it has left', async () => {
    const alert = await fired('/always-500');
    const [d] = await listDeliveriesView(store, { alert });
    // A command that stopped after two attempts (it waits 20 s for its deliveries, then leaves them).
    for (const attempt of [1, 2])
      await store.recordDeliveryAttempt(
        {
          deliveryId: d!.id,
          attempt,
          at: new Date().toISOString(),
          httpStatus: 500,
          error: 'HTTP 500',
          durationMs: 1,
        },
        'pending',
      );
    await deliverPending(store, POLICY);
    // Three in all, as the policy says: it was given three more, five in all.
    assert.deepEqual(await log(alert), ['failed', [1, 2, 3].map(() => [500, 'HTTP 500'])]);
  });

  it('a receiver that hangs holds back no delivery of a later pass, and one under way is not sent twice', async () => {
    const policy = { attempts: 2, minTimeoutMs: 10, factor: 2, timeoutMs: 800 };
    const hung = await fired('/hang');
    let firstDone = false;
    const first = deliverPending(store, policy).finally(() => (firstDone = true));
    while (!receiver.seen.some((r) => r.url === '/hang')) await new Promise((r) => setTimeout(r, 10));
    // An alert that fires while the first pass still waits on the hanging receiver.
    const quick = await fired('/hook');
    const second = deliverPending(store, policy);
    let status = '';
    while (!firstDone && status !== 'delivered') {
      await new Promise((r) => setTimeout(r, 10));
      status = (await listDeliveriesView(store, { alert: quick }))[0]!.status;
    }
    // It waited for the first pass to end (about 1.6 s here, a minute with the default policy).
    assert.equal(status, 'delivered', 'delivered while the first pass was still under way');
    assert.deepEqual(await second, { delivered: 1, failed: 0, failedIds: [] });
    assert.deepEqual(await first, { delivered: 0, failed: 1, failedIds: [await idOf(hung)] });
    // The second pass saw it pending and left it to the first: two attempts, two requests.
    assert.equal(receiver.seen.filter((r) => r.url === '/hang').length, 2);
    assert.equal((await log(hung))[1]!.length, 2);
  });

  it('a redirect to a URL with a user name or password quotes it as http://***@host/..., recorded and listed (the password was shown)', async () => {
    const absolute = await fired('/moved-with-password');
    const relative = await fired('/moved-relative-with-password');
    await deliverPending(store, POLICY);
    const said = (to: string) =>
      `redirected to "${to}", not followed (give the rule the URL that answers; docs/security.md)`;
    assert.deepEqual(await log(absolute), [
      'failed',
      [[302, `HTTP 302: ${said(`http://***@${receiver.url.slice(7)}/hook`)}`]],
    ]);
    assert.deepEqual(await log(relative), [
      'failed',
      [[307, `HTTP 307: ${said('http://***@other.example/hook')}`]],
    ]);
    // Not recorded either: the store holds the error as listed.
    for (const alert of [absolute, relative])
      for (const a of await store.deliveryAttempts(await idOf(alert)))
        assert.ok(!a.error?.includes('s3cret'), a.error ?? '');
    // An attempt recorded before then, Location as received, is listed without the password too.
    const earlier = await fired('/hook');
    await store.recordDeliveryAttempt(
      {
        deliveryId: await idOf(earlier),
        attempt: 1,
        at: new Date().toISOString(),
        httpStatus: 301,
        error: `HTTP 301: ${said('https://relay:s3cret@other.example/hook')}`,
        durationMs: 3,
      },
      'failed',
    );
    assert.deepEqual(await log(earlier), [
      'failed',
      [[301, `HTTP 301: ${said('https://***@other.example/hook')}`]],
    ]);
  });
});
