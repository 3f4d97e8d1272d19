import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { writeCandidateCut } from '../../../test/helpers/ged-rows.ts';
import { startLocalServer, type LocalServer } from '../../../test/helpers/local-server.ts';
import { createApi } from '../../api/server.ts';
import { registerAlerts } from '../../cli/commands/alerts.ts';
import { exitCodeFor, failureLine } from '../../cli/fail.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import type { DeliveryRow } from '../answers.ts';
import { createApiKey } from '../api-keys.ts';
import { importFile } from '../import-dataset.ts';
import {
  deliverPending,
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  useDeliveryPolicy,
} from './deliver.ts';
import { evaluateAlerts } from './evaluate.ts';
import { addAlertRule } from './rules.ts';
import { listDeliveriesView } from './views.ts';

// Real rows: the bundled GED 22.1 events of Balochistan province in UCDP Candidate's layout. The
// 30 days to 2012-03-31 are a surge (alerts.test.ts), so a rule made before March's file fires on
// the first evaluation after it.
const writeCut = (dir: string, name: string, from: string, to: string) =>
  writeCandidateCut(dir, name, 'Balochistan province', from, to);

// Two attempts, a few milliseconds apart, 1.5 s each at most.
const POLICY = { attempts: 2, minTimeoutMs: 10, factor: 2, timeoutMs: 1500 };

describe('webhook deliveries that fail for good are seen and can be sent again', () => {
  let dir: string;
  let store: Store;
  let receiver: LocalServer;
  let answer = 500;
  let secret: string;
  let admin: string;
  let viewer: string;
  const surge = { kind: 'surge', admin1: 'Balochistan province', pending_evaluations: 1 };
  const cli = (...args: string[]) => runCli(store, [registerAlerts], args);
  const api = () => createApi({ store, log: () => {}, anonymousRead: false });
  const resend = (id: number | string, key = admin) =>
    api().app.request(`/api/v1/alerts/deliveries/${id}/resend`, {
      method: 'POST',
      headers: { 'x-api-key': key },
    });
  const attempts = (d: DeliveryRow) => d.attempt_log.map((a) => [a.attempt, a.http_status, a.error]);

  before(async () => {
    useDeliveryPolicy(POLICY);
    dir = mkdtempSync(join(tmpdir(), 'faultline-failed-deliveries-'));
    // In memory: nothing reads the file (closing a file store that was written to checkpoints it).
    store = await createStore({ path: ':memory:' });
    receiver = await startLocalServer((_req, res) => res.writeHead(answer).end());
    admin = (await createApiKey(store, { role: 'admin' })).key;
    viewer = (await createApiKey(store, { role: 'viewer' })).key;
    await importFile(store, writeCut(dir, 'GEDEvent_v09_01_12_02.csv', '2009-01-01', '2012-02-29'), {
      format: 'ucdp-candidate',
    });
    secret = (await addAlertRule(store, { ...surge, webhook_url: `${receiver.url}/hook` })).webhook_secret!;
    // March comes in without an evaluation: the cron job's `alerts evaluate` is the one that fires.
    await importFile(store, writeCut(dir, 'GEDEvent_v12_0_3.csv', '2012-03-01', '2012-03-31'), {
      format: 'ucdp-candidate',
      alerts: false,
    });
  });

  after(async () => {
    await store.close();
    await receiver.close();
    useDeliveryPolicy(null);
    rmSync(dir, { recursive: true, force: true });
  });

  it('alerts evaluate exits 5 when a delivery failed for good, after evaluating and recording everything (it exited 0)', async () => {
    const r = await cli('alerts', 'evaluate');
    const [d] = await listDeliveriesView(store, { status: 'failed' });
    assert.deepEqual(attempts(d!), [
      [1, 500, 'HTTP 500'],
      [2, 500, 'HTTP 500'],
    ]);
    assert.equal(exitCodeFor(r.error), 5);
    assert.equal(
      failureLine(r.error),
      `faultline: 1 webhook delivery failed for good (delivery ${d!.id}: HTTP 500); every rule was evaluated and recorded, and the alerts are listed (faultline alerts deliveries --status failed; send one again with faultline alerts deliveries resend ${d!.id})\n`,
    );
    // The rule was evaluated, reported and recorded before the command failed.
    assert.match(r.out, /surge/);
    assert.match(r.err, /webhook deliveries: 0 delivered, 1 failed/);
    const [rule] = await store.listAlertRules();
    assert.notEqual(rule!.lastEvaluatedAt, null);
    // A run with nothing left to send succeeds: only the run's own failures count.
    const again = await cli('alerts', 'evaluate', '--format', 'json');
    assert.equal(again.error, undefined);
    assert.deepEqual(JSON.parse(again.out).deliveries, { delivered: 0, failed: 0 });
  });

  it('alerts deliveries resend sends a failed delivery again, signed, its attempts added to the same record', async () => {
    const [failed] = await listDeliveriesView(store, { status: 'failed' });
    const id = failed!.id;
    const before = receiver.seen.length;
    // Still failing: exit 5, and the new attempts recorded.
    const still = await cli('alerts', 'deliveries', 'resend', String(id));
    assert.equal(exitCodeFor(still.error), 5);
    assert.equal(
      failureLine(still.error),
      `faultline: webhook delivery ${id} failed again (attempt 4: HTTP 500); its attempts are listed by faultline alerts deliveries --alert ${failed!.alert_id}\n`,
    );
    answer = 204;
    const ok = await cli('alerts', 'deliveries', 'resend', String(id), '--format', 'json');
    assert.equal(ok.error, undefined);
    const { delivery } = JSON.parse(ok.out) as { delivery: DeliveryRow };
    assert.deepEqual(
      [delivery.id, delivery.status, delivery.attempts, attempts(delivery)],
      [
        id,
        'delivered',
        5,
        [
          [1, 500, 'HTTP 500'],
          [2, 500, 'HTTP 500'],
          [3, 500, 'HTTP 500'],
          [4, 500, 'HTTP 500'],
          [5, 204, null],
        ],
      ],
    );
    const sent = receiver.seen.slice(before);
    assert.equal(sent.length, 3);
    for (const req of sent) {
      assert.equal(req.headers[DELIVERY_HEADER.toLowerCase()], String(id));
      const ts = String(req.headers[TIMESTAMP_HEADER.toLowerCase()]);
      const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${req.body}`).digest('hex')}`;
      assert.equal(req.headers[SIGNATURE_HEADER.toLowerCase()], expected, 'signed with the rule secret');
      // The same delivery of the same alert (as it stands now: seen again by the second evaluation).
      const body = JSON.parse(req.body) as { delivery_id: number; alert: { id: number } };
      assert.deepEqual([body.delivery_id, body.alert.id], [id, failed!.alert_id]);
    }
    // Delivered: refused, exit 2, one line quoting the id; an unknown id exits 3.
    const twice = await cli('alerts', 'deliveries', 'resend', String(id));
    assert.equal(exitCodeFor(twice.error), 2);
    assert.equal(
      failureLine(twice.error),
      `faultline: delivery "${id}" was delivered at ${delivery.finished_at}: it is not sent again (only a failed delivery is)\n`,
    );
    const unknown = await cli('alerts', 'deliveries', 'resend', '999');
    assert.equal(exitCodeFor(unknown.error), 3);
    assert.equal(
      failureLine(unknown.error),
      'faultline: no webhook delivery "999" (see alerts deliveries)\n',
    );
    const bad = await cli('alerts', 'deliveries', 'resend', 'x');
    assert.equal(exitCodeFor(bad.error), 2);
    assert.equal(
      failureLine(bad.error),
      'faultline: invalid delivery id: "x" (use a whole number from alerts deliveries)\n',
    );
    assert.equal(receiver.seen.length, before + 3, 'nothing sent by a refused resend');
  });

  it('POST /alerts/deliveries/{id}/resend answers the delivery; 409 when delivered, 404 unknown, 403 to a viewer', async () => {
    answer = 500;
    await addAlertRule(store, { ...surge, webhook_url: `${receiver.url}/second` });
    await evaluateAlerts(store, { trigger: 'manual' });
    const pass = await deliverPending(store);
    const [d] = await listDeliveriesView(store, { status: 'failed' });
    assert.deepEqual(pass, { delivered: 0, failed: 1, failedIds: [d!.id] });
    answer = 204;
    assert.equal((await resend(d!.id, viewer)).status, 403);
    const res = await resend(d!.id);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { delivery: DeliveryRow };
    assert.deepEqual(
      [body.delivery.status, attempts(body.delivery)],
      [
        'delivered',
        [
          [1, 500, 'HTTP 500'],
          [2, 500, 'HTTP 500'],
          [3, 204, null],
        ],
      ],
    );
    const twice = await resend(d!.id);
    assert.equal(twice.status, 409);
    assert.equal(
      ((await twice.json()) as { error: { message: string } }).error.message,
      `delivery "${d!.id}" was delivered at ${body.delivery.finished_at}: it is not sent again (only a failed delivery is)`,
    );
    assert.equal((await resend(999)).status, 404);
    assert.equal((await resend('x')).status, 400);
  });

  it("a failed delivery of a removed rule is refused (exit 2, 409), not sent to the removed rule's URL (it was)", async () => {
    answer = 500;
    const { rule } = await addAlertRule(store, { ...surge, webhook_url: `${receiver.url}/removed` });
    await evaluateAlerts(store, { trigger: 'manual' });
    const pass = await deliverPending(store);
    assert.equal(pass.failed, 1);
    const [d] = (await listDeliveriesView(store, { status: 'failed' })).filter((x) => x.rule_id === rule.id);
    assert.equal((await cli('alerts', 'rules', 'remove', String(rule.id))).error, undefined);
    const [removed] = (await store.listAlertRules(true)).filter((r) => r.id === rule.id);
    answer = 204;
    const before = receiver.seen.length;
    const message = `delivery "${d!.id}" is of alert rule ${rule.id}, removed at ${removed!.removedAt}: it is not sent again (a removed rule calls no webhook; add the rule again for its next alerts)`;
    const r = await cli('alerts', 'deliveries', 'resend', String(d!.id));
    assert.equal(exitCodeFor(r.error), 2);
    assert.equal(failureLine(r.error), `faultline: ${message}\n`);
    const res = await resend(d!.id);
    assert.equal(res.status, 409);
    assert.equal(((await res.json()) as { error: { message: string } }).error.message, message);
    assert.equal(receiver.seen.length, before, 'nothing sent to the removed rule');
    const [still] = (await listDeliveriesView(store, { status: 'failed' })).filter((x) => x.id === d!.id);
    assert.equal(still!.attempts, 2, 'no attempt added');
  });
});
