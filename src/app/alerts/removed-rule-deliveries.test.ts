import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { firedAlertEvaluation } from '../../../test/helpers/fired-alert.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { startLocalServer, type LocalServer } from '../../../test/helpers/local-server.ts';
import { createApi } from '../../api/server.ts';
import { registerAlerts } from '../../cli/commands/alerts.ts';
import { exitCodeFor, failureLine } from '../../cli/fail.ts';
import type { DuckDBStore } from '../../storage/duckdb/duckdb-store.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import type { DeliveryRow } from '../answers.ts';
import { createApiKey } from '../api-keys.ts';
import { deliverPending } from './deliver.ts';
import { addAlertRule } from './rules.ts';
import { listDeliveriesView } from './views.ts';

// Up to five attempts, a few milliseconds apart: a removed rule's delivery would get them all.
const POLICY = { attempts: 5, minTimeoutMs: 10, factor: 2, timeoutMs: 1500 };

describe("a removed rule's pending webhook deliveries are cancelled, never sent", () => {
  let store: Store;
  let receiver: LocalServer;
  let admin: string;
  /** What the receiver answers next; `hold` keeps the response until the test releases it. */
  let answer = 204;
  let held: ((status: number) => void) | null = null;
  let hold = false;
  const cli = (...args: string[]) => runCli(store, [registerAlerts], args);
  const api = (path: string, method = 'GET') =>
    createApi({ store, log: () => {}, anonymousRead: false }).app.request(`/api/v1${path}`, {
      method,
      headers: { 'x-api-key': admin },
    });

  before(async () => {
    // In memory: nothing reads the file (closing a file store that was written to checkpoints it).
    store = await createStore({ path: ':memory:' });
    admin = (await createApiKey(store, { role: 'admin' })).key;
    receiver = await startLocalServer((_req, res: ServerResponse) => {
      if (!hold) return void res.writeHead(answer).end();
      held = (status) => res.writeHead(status).end();
    });
  });

  after(async () => {
    await store.close();
    await receiver.close();
  });

  /** A new border rule posting to the receiver. */
  const rule = async () =>
    (await addAlertRule(store, { kind: 'border', interstate: true, webhook_url: `${receiver.url}/hook` }))
      .rule;

  /** Records a fired alert of the rule; resolves to its delivery's id. */
  const fire = async (ruleId: number, url: string | null) => {
    const [alert] = await store.applyAlertEvaluation(firedAlertEvaluation(ruleId, url));
    return (await listDeliveriesView(store, { alert: alert!.id }))[0]!.id;
  };

  const byId = async (id: number) => (await listDeliveriesView(store, {})).find((d) => d.id === id)!;

  it('queued and retrying deliveries are cancelled with the reason and time, listed so (CLI, API), sent by no later pass and refused a resend; delivered and failed ones stay', async () => {
    const r = await rule();
    answer = 204;
    const delivered = await fire(r.id, r.webhook_url);
    await deliverPending(store, POLICY);
    answer = 410;
    const failed = await fire(r.id, r.webhook_url);
    await deliverPending(store, POLICY);
    // One queued, and one being retried: an attempt of a process that stopped, left pending.
    const queued = await fire(r.id, r.webhook_url);
    const retrying = await fire(r.id, r.webhook_url);
    await store.recordDeliveryAttempt(
      {
        deliveryId: retrying,
        attempt: 1,
        at: new Date().toISOString(),
        httpStatus: 503,
        error: 'HTTP 503',
        durationMs: 1,
      },
      'pending',
    );
    const removed = await cli('alerts', 'rules', 'remove', String(r.id), '--format', 'json');
    assert.equal(removed.error, undefined);
    assert.deepEqual(JSON.parse(removed.out), { removed: r.id, cancelled_deliveries: 2 });
    assert.equal(
      removed.err,
      `removed alert rule ${r.id}; its 2 pending webhook deliveries are cancelled, never sent (faultline alerts deliveries --status cancelled)\n`,
    );
    const removedAt = (await store.listAlertRules(true)).find((x) => x.id === r.id)!.removedAt!;
    // Every later pass sent them on, to the removed rule's URL, signed with its secret.
    answer = 204;
    const seen = receiver.seen.length;
    assert.deepEqual(await deliverPending(store, POLICY), { delivered: 0, failed: 0, failedIds: [] });
    assert.equal(receiver.seen.length, seen, 'nothing sent');
    const row = (d: DeliveryRow) => [d.id, d.status, d.attempts, d.finished_at, d.cancel_reason];
    assert.deepEqual((await Promise.all([queued, retrying].map(byId))).map(row), [
      [queued, 'cancelled', 0, removedAt, 'rule removed'],
      [retrying, 'cancelled', 1, removedAt, 'rule removed'],
    ]);
    // History stays as it was.
    assert.deepEqual(
      [(await byId(delivered)).status, (await byId(failed)).status, (await byId(failed)).cancel_reason],
      ['delivered', 'failed', null],
    );
    // Listed as cancelled by the CLI (JSON and the table, with the reason) and the API.
    const listed = await cli('alerts', 'deliveries', '--status', 'cancelled', '--format', 'json');
    const { deliveries } = JSON.parse(listed.out) as { deliveries: DeliveryRow[] };
    assert.deepEqual(
      deliveries.map((d) => d.id),
      [retrying, queued],
    );
    const table = await cli('alerts', 'deliveries', '--status', 'cancelled');
    assert.match(table.out, /cancel_reason/);
    assert.equal(
      table.out.split('\n').filter((l) => / cancelled .* rule removed/.test(l)).length,
      2,
      table.out,
    );
    const res = await api('/alerts/deliveries?status=cancelled');
    assert.equal(res.status, 200);
    assert.deepEqual(
      ((await res.json()) as { deliveries: DeliveryRow[] }).deliveries.map(row),
      deliveries.map(row),
    );
    // A resend is refused as a removed rule's failed delivery is: exit 2, HTTP 409, nothing sent.
    const message = `delivery "${queued}" is of alert rule ${r.id}, removed at ${removedAt}: it is not sent again (a removed rule calls no webhook; add the rule again for its next alerts)`;
    const again = await cli('alerts', 'deliveries', 'resend', String(queued));
    assert.equal(exitCodeFor(again.error), 2);
    assert.equal(failureLine(again.error), `faultline: ${message}\n`);
    const refused = await api(`/alerts/deliveries/${queued}/resend`, 'POST');
    assert.equal(refused.status, 409);
    assert.equal(((await refused.json()) as { error: { message: string } }).error.message, message);
    assert.equal(receiver.seen.length, seen, 'nothing sent by a refused resend');
  });

  it('a rule without pending deliveries is removed with none cancelled, said as before', async () => {
    const r = await rule();
    const removed = await cli('alerts', 'rules', 'remove', String(r.id));
    assert.equal(removed.err, `removed alert rule ${r.id}\n`);
    const res = await api(`/alerts/rules/${(await rule()).id}`, 'DELETE');
    assert.deepEqual(await res.json(), { removed: r.id + 1, cancelled_deliveries: 0 });
  });

  it('an evaluation written after its rule was removed records its alert with the delivery cancelled and leaves no pending condition', async () => {
    const r = await rule();
    const at = new Date().toISOString();
    // The evaluation read the rule before the removal and writes after it (writes take turns).
    const evaluation = firedAlertEvaluation(r.id, r.webhook_url, at);
    const condition = {
      ruleId: r.id,
      key: 'event 2',
      firstSeenAt: at,
      lastSeenAt: at,
      evaluations: 1,
      alertId: null,
      alertAt: null,
      title: 'a clash awaiting confirmation',
      detail: {},
    };
    await cli('alerts', 'rules', 'remove', String(r.id));
    const [alert] = await store.applyAlertEvaluation({ ...evaluation, conditions: [condition] });
    const [delivery] = await listDeliveriesView(store, { alert: alert!.id });
    assert.equal(delivery!.status, 'cancelled');
    assert.deepEqual(await store.alertConditions(r.id), [], 'no condition of a removed rule');
    // A live rule's evaluation keeps its conditions, written the same way.
    const live = await rule();
    await store.applyAlertEvaluation({
      ...firedAlertEvaluation(live.id, null, at), // no delivery left for the next tests to send
      conditions: [{ ...condition, ruleId: live.id }],
    });
    assert.deepEqual(
      (await store.alertConditions(live.id)).map((c) => c.key),
      ['event 2'],
    );
  });

  for (const [status, outcome] of [
    [503, 'cancelled'],
    [204, 'delivered'],
  ] as const)
    it(`an attempt under way when the rule is removed is logged and, answered ${status}, leaves the delivery ${outcome}: no attempt follows it`, async () => {
      const r = await rule();
      const id = await fire(r.id, r.webhook_url);
      hold = true;
      const seen = receiver.seen.length;
      const pass = deliverPending(store, POLICY);
      while (!held) await new Promise((resolve) => setTimeout(resolve, 5));
      await cli('alerts', 'rules', 'remove', String(r.id));
      hold = false;
      held!(status);
      held = null;
      await pass;
      // The request under way was sent; it got all five attempts.
      assert.equal(receiver.seen.length, seen + 1);
      const d = await byId(id);
      assert.deepEqual(
        [d.status, d.cancel_reason, d.attempt_log.map((a) => a.http_status)],
        [outcome, outcome === 'cancelled' ? 'rule removed' : null, [status]],
      );
    });

  it('migration 35 cancels the pending deliveries of rules removed before it (they went on being sent)', async () => {
    const r = await rule();
    const kept = await rule();
    const pending = await fire(r.id, r.webhook_url);
    const live = await fire(kept.id, kept.webhook_url);
    // As an older faultline removed a rule: marked removed, its deliveries left pending.
    const duck = store as unknown as DuckDBStore;
    const at = '2026-12-06T11:00:00.000Z';
    await duck.select(`UPDATE alert_rules SET removed_at = $1 WHERE id = $2`, [at, r.id]);
    await duck.select(`DELETE FROM schema_migrations WHERE version = 35`);
    await store.migrate();
    const row = async (id: number) => {
      const d = await byId(id);
      return [d.status, d.finished_at, d.cancel_reason];
    };
    assert.deepEqual(await row(pending), ['cancelled', at, 'rule removed']);
    assert.deepEqual(await row(live), ['pending', null, null]);
    await cli('alerts', 'rules', 'remove', String(kept.id));
  });
});
