/**
 * A desk review rule fires once for a desk event that waits for review longer than its hours, from
 * the review change that submitted it on, and its webhook receiver on loopback gets a signed body.
 * The desk event is synthetic (a synthetic report), as in the desk tests.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startLocalServer, type LocalServer } from '../../../test/helpers/local-server.ts';
import type { DeskActor } from '../../domain/desk.ts';
import { createStore, type Store } from '../../storage/index.ts';
import { createDeskEvent, submitDeskEvent } from '../desk/desk-workflow.ts';
import { deliverPending, useWebhookLookup } from './deliver.ts';
import { evaluateAlerts } from './evaluate.ts';
import { addAlertRule } from './rules.ts';
import { listDeliveriesView } from './views.ts';
import { webhookLookup } from './webhook-address.ts';
import { settleAlertWork } from './work.ts';

const analyst: DeskActor = { id: 'an', name: null, role: 'analyst' };
// The submit's own evaluation runs on the real clock: the test's clock starts now.
const T0 = new Date().toISOString();
const hoursAfter = (h: number) => new Date(Date.parse(T0) + h * 3_600_000);

describe('desk review alerts', () => {
  let store: Store;
  let receiver: LocalServer;
  const bodies: { body: string; signature: string; ts: string }[] = [];
  before(async () => {
    store = await createStore({ path: ':memory:' });
    receiver = await startLocalServer((req, res) => {
      bodies.push({
        body: req.body,
        signature: String(req.headers['x-faultline-signature']),
        ts: String(req.headers['x-faultline-timestamp']),
      });
      res.writeHead(204);
      res.end();
    });
  });
  after(async () => {
    await receiver.close();
    await store.close();
  });

  it('rejects a state that is not a review state, in one line', async () => {
    await assert.rejects(addAlertRule(store, { kind: 'desk_review', hours: '24', states: 'draft' }), {
      message: 'invalid states: "draft" (use submitted, verified or both)',
    });
  });

  it('fires once when a submitted event has waited longer than the rule’s hours, and not again', async () => {
    const { rule, webhook_secret } = await addAlertRule(store, {
      kind: 'desk_review',
      hours: '24',
      webhook_url: `${receiver.url}/hook`,
    });
    const deps = { now: () => T0 };
    const d = await createDeskEvent(
      store,
      {
        date_start: T0.slice(0, 10),
        country: 'PAK',
        common_type: 'battle',
        citations: [
          {
            url: 'https://news.example.org/synthetic/1',
            outlet: 'Synthetic Wire',
            published_at: T0.slice(0, 10),
            quote: 'synthetic',
          },
        ],
      },
      analyst,
      deps,
    );
    await submitDeskEvent(store, d.id, analyst, deps);
    // The submit evaluated the rules (trigger "review"): nothing has waited 24 hours yet.
    assert.equal((await store.listAlerts({})).total, 0);
    const early = await evaluateAlerts(store, { trigger: 'manual', now: hoursAfter(23) });
    assert.deepEqual(early.alerts, []);
    const late = await evaluateAlerts(store, { trigger: 'manual', now: hoursAfter(25) });
    assert.equal(late.alerts.length, 1);
    assert.match(late.alerts[0]!.title, new RegExp(`^desk event ${d.id} awaits review for 25 h`));
    const again = await evaluateAlerts(store, { trigger: 'manual', now: hoursAfter(30) });
    assert.deepEqual(again.alerts, [], 'one alert per wait');
    await settleAlertWork(store, 20_000);
    await deliverPending(store);
    assert.equal(bodies.length, 1);
    const b = bodies[0]!;
    const expected = `sha256=${createHmac('sha256', webhook_secret!).update(`${b.ts}.${b.body}`).digest('hex')}`;
    assert.equal(b.signature, expected);
    assert.equal(JSON.parse(b.body).alert.rule_id, rule.id);
  });

  it('a webhook whose host name resolves to a link-local address is not sent: one attempt says why, with no retry', async () => {
    // Names resolved as a cloud's metadata name (metadata.test) and a local relay's (relay.test) would be.
    useWebhookLookup(
      webhookLookup((host, _o, cb) =>
        cb(null, [{ address: host === 'relay.test' ? '127.0.0.1' : '169.254.169.254', family: 4 }]),
      ),
    );
    try {
      const port = new URL(receiver.url).port;
      const hook = (host: string) => ({
        kind: 'desk_review',
        hours: '1',
        webhook_url: `http://${host}:${port}/hook`,
      });
      const meta = (await addAlertRule(store, hook('metadata.test'))).rule.id;
      const relay = (await addAlertRule(store, hook('relay.test'))).rule.id;
      await evaluateAlerts(store, { trigger: 'manual', now: hoursAfter(40), ruleIds: [meta, relay] });
      await settleAlertWork(store, 20_000);
      const before = bodies.length;
      await deliverPending(store);
      const log = (await listDeliveriesView(store, {})).map((d) => [
        d.rule_id,
        d.status,
        d.attempt_log.map((a) => a.error),
      ]);
      assert.deepEqual(
        log.filter(([r]) => r === meta),
        [
          [
            meta,
            'failed',
            [
              'not sent: metadata.test resolves to 169.254.169.254, a link-local address, where clouds serve instance metadata; webhooks may not reach link-local or unspecified addresses (docs/security.md)',
            ],
          ],
        ],
      );
      // The connection goes where the checked lookup said: the relay on loopback gets its alert.
      assert.deepEqual(
        log.filter(([r]) => r === relay),
        [[relay, 'delivered', [null]]],
      );
      assert.equal(bodies.length, before + 1);
    } finally {
      useWebhookLookup(null);
    }
  });
});
