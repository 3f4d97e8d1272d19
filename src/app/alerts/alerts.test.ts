import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeCandidateCut } from '../../../test/helpers/ged-rows.ts';
import { startLocalServer, type LocalServer } from '../../../test/helpers/local-server.ts';
import { createStore } from '../../storage/index.ts';
import type { DuckDBStore } from '../../storage/duckdb/duckdb-store.ts';
import type { Store } from '../../storage/store.ts';
import { importFile } from '../import-dataset.ts';
import { deliverPending, SIGNATURE_HEADER, TIMESTAMP_HEADER, useDeliveryPolicy } from './deliver.ts';
import { scheduleAlerts } from './background.ts';
import { evaluateAlerts } from './evaluate.ts';
import { addAlertRule } from './rules.ts';
import { deliveriesAnswer, listAlertsView, listDeliveriesView } from './views.ts';
import { settleAlertWork } from './work.ts';

// Real rows: the bundled GED 22.1 events of Balochistan province, January 2009 to March 2012,
// re-serialised in UCDP Candidate's layout (GED's columns less iso3) as two files whose names
// declare the months they cover. Balochistan's 30 days to 2012-03-31 are its highest in one and
// three years (docs/methods.md, "Surge signal"); to 2012-02-29 they are not.
const writeCut = (dir: string, name: string, from: string, to: string) =>
  writeCandidateCut(dir, name, 'Balochistan province', from, to);

const HOUR = 3_600_000;
// Two attempts, 1.5 s each at most: a loaded machine still answers a loopback request in time.
const POLICY = { attempts: 2, minTimeoutMs: 20, factor: 2, timeoutMs: 1500 };

describe('alerts on real rows', () => {
  let dir: string;
  let store: Store;
  let good: LocalServer;
  let flaky: LocalServer;
  let dead: LocalServer;
  let secret: string;
  let pendingRule: number;
  let deadRule: number;
  let flakyRule: number;
  let flakyCalls = 0;
  const surge = { kind: 'surge', admin1: 'Balochistan province', cooldown_hours: 24 };

  before(async () => {
    useDeliveryPolicy(POLICY);
    dir = mkdtempSync(join(tmpdir(), 'faultline-alerts-'));
    // In memory: nothing reads the file (closing a file store that was written to checkpoints it).
    store = await createStore({ path: ':memory:' });
    good = await startLocalServer((_req, res) => res.writeHead(204).end());
    flaky = await startLocalServer((_req, res) => res.writeHead(++flakyCalls === 1 ? 500 : 200).end('ok'));
    // Takes the request and never answers.
    dead = await startLocalServer(() => {});
    await importFile(store, writeCut(dir, 'GEDEvent_v09_01_12_02.csv', '2009-01-01', '2012-02-29'), {
      format: 'ucdp-candidate',
    });
    const a = await addAlertRule(store, {
      ...surge,
      name: 'Balochistan surge',
      webhook_url: `${good.url}/hook`,
    });
    secret = a.webhook_secret!;
    pendingRule = a.rule.id;
    deadRule = (await addAlertRule(store, { ...surge, pending_evaluations: 1, webhook_url: dead.url })).rule
      .id;
    flakyRule = (await addAlertRule(store, { ...surge, pending_evaluations: 1, webhook_url: flaky.url })).rule
      .id;
  });

  after(async () => {
    await settleAlertWork(store);
    await store.close();
    await Promise.all([good.close(), flaky.close(), dead.close()]);
    useDeliveryPolicy(null);
    rmSync(dir, { recursive: true, force: true });
  });

  it('an import evaluates the rules after its commit and is not held up by a receiver that never answers', async () => {
    const r = await importFile(store, writeCut(dir, 'GEDEvent_v12_0_3.csv', '2012-03-01', '2012-03-31'), {
      format: 'ucdp-candidate',
    });
    assert.equal(r.ledger.added, 18);
    const byRule = new Map(r.alerts!.rules.map((x) => [x.rule_id, x]));
    // Two evaluations needed: the first sight of the surge is pending.
    assert.deepEqual(
      [byRule.get(pendingRule)!.holding, byRule.get(pendingRule)!.pending, byRule.get(pendingRule)!.fired],
      [1, 1, 0],
    );
    assert.equal(byRule.get(deadRule)!.fired, 1);
    assert.equal(byRule.get(flakyRule)!.fired, 1);
    const fired = r.alerts!.alerts.find((a) => a.rule_id === deadRule)!;
    assert.match(
      fired.title,
      /^surge in admin1 Balochistan province: \d+ events in 2012-03-02 to 2012-03-31, the highest 30-day total in its 1,095-day lookback$/,
    );
    // The import is back while the receiver still holds the request.
    const [delivery] = await listDeliveriesView(store, { alert: fired.id });
    assert.equal(delivery!.status, 'pending');
    await settleAlertWork(store);
    assert.ok(dead.seen.length >= 1, 'the dead receiver was called');
    const [done] = await listDeliveriesView(store, { alert: fired.id });
    assert.equal(done!.status, 'failed');
    assert.deepEqual(
      done!.attempt_log.map((a) => [a.attempt, a.http_status, a.error]),
      [1, 2].map((n) => [n, null, 'no answer within 1500 ms']),
    );
  });

  it('a deliveries list cut at its limit says so; one with every match says nothing', async () => {
    const all = await deliveriesAnswer(store, { limit: 10_000 });
    assert.ok(all.deliveries.length >= 2, `${all.deliveries.length} deliveries`);
    assert.equal(all.note, null);
    const cut = await deliveriesAnswer(store, { limit: 1 });
    assert.deepEqual(
      [cut.deliveries.map((d) => d.id), cut.note],
      [
        [all.deliveries[0]!.id],
        'the 1 newest of more matching deliveries: give a larger limit (at most 10000), or filter by status or alert',
      ],
    );
  });

  it('a surge rule fires once, not again during its cool-down, and again after it', async () => {
    const t0 = Date.now() + 60_000;
    const at = (h: number) => ({
      trigger: 'manual' as const,
      now: new Date(t0 + h * HOUR),
      ruleIds: [pendingRule],
    });
    const first = await evaluateAlerts(store, at(0));
    assert.deepEqual(
      first.alerts.map((a) => [a.rule_id, a.state, a.key]),
      [[pendingRule, 'fired', 'surge']],
    );
    const again = await evaluateAlerts(store, at(1));
    assert.equal(again.alerts.length, 0);
    assert.equal(again.rules[0]!.holding, 1);
    const listed = await listAlertsView(store, { rule: pendingRule });
    assert.deepEqual(
      listed.alerts.map((a) => [a.id, a.state, a.seen]),
      [[first.alerts[0]!.id, 'fired', 2]],
    );
    const later = await evaluateAlerts(store, at(25));
    assert.deepEqual(
      later.alerts.map((a) => [a.state, a.detail.reminder_of]),
      [['fired', first.alerts[0]!.id]],
    );
    assert.equal((await listAlertsView(store, { rule: pendingRule, state: 'fired' })).total, 2);
  });

  it('a webhook receiver on loopback gets the alert with an HMAC-SHA256 signature over timestamp and body', async () => {
    const before = good.seen.length;
    await deliverPending(store);
    const got = good.seen.slice(before);
    assert.equal(got.length, 2, 'the two fired alerts of the surge rule');
    for (const req of got) {
      const ts = String(req.headers[TIMESTAMP_HEADER.toLowerCase()]);
      assert.ok(Math.abs(Date.now() / 1000 - Number(ts)) < 60, `timestamp ${ts} is now`);
      const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${req.body}`).digest('hex')}`;
      const sent = String(req.headers[SIGNATURE_HEADER.toLowerCase()]);
      assert.ok(timingSafeEqual(Buffer.from(sent), Buffer.from(expected)), 'the signature verifies');
      const body = JSON.parse(req.body) as {
        alert: { rule_id: number; state: string };
        rule: { name: string };
      };
      assert.equal(body.alert.rule_id, pendingRule);
      assert.equal(body.alert.state, 'fired');
      assert.equal(body.rule.name, 'Balochistan surge');
      assert.equal(req.url, '/hook');
    }
    const forged = createHmac('sha256', 'not the secret').update(`x.${got[0]!.body}`).digest('hex');
    assert.notEqual(String(got[0]!.headers[SIGNATURE_HEADER.toLowerCase()]), `sha256=${forged}`);
  });

  it('a receiver that fails (500, then 200) is retried and the delivery log shows both attempts', async () => {
    // The rule fired on the import above (one evaluation is enough for it); its delivery ran in the background.
    await settleAlertWork(store);
    const { alerts } = await listAlertsView(store, { rule: flakyRule });
    assert.equal(alerts.length, 1);
    const [d] = await listDeliveriesView(store, { alert: alerts[0]!.id });
    assert.equal(d!.status, 'delivered', JSON.stringify(d));
    assert.deepEqual(
      d!.attempt_log.map((a) => [a.attempt, a.http_status, a.error]),
      [
        [1, 500, 'HTTP 500'],
        [2, 200, null],
      ],
    );
    assert.equal(flaky.seen.length, 2);
    assert.equal(flaky.seen[0]!.body, flaky.seen[1]!.body, 'a retry sends the same alert');
  });

  it('while a server runs, the rules are evaluated on a schedule, without being asked', async () => {
    const before = new Map((await store.listAlertRules()).map((r) => [r.id, r.lastEvaluatedAt]));
    const logged: string[] = [];
    // 0.005 minutes: 0.3 s between runs (the server's default is 15 minutes).
    const stop = scheduleAlerts(store, 0.005, (l) => logged.push(l));
    try {
      const deadline = Date.now() + 30_000;
      let changed = false;
      while (!changed && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        const now = await store.listAlertRules();
        changed = now.every((r) => r.lastEvaluatedAt !== before.get(r.id));
      }
      assert.ok(changed, 'every rule was evaluated again');
    } finally {
      await stop();
    }
    await settleAlertWork(store);
    assert.deepEqual(
      logged.filter((l) => !l.includes('deliveries failed')),
      [],
    );
  });

  it('a forecast rule judges the latest month against the bound; a relations rule with no index loaded says so (not a zero)', async () => {
    const forecast = await addAlertRule(store, {
      kind: 'forecast',
      country: 'PAK',
      level: 'country',
      metric: 'events',
      pending_evaluations: 1,
    });
    const relations = await addAlertRule(store, { kind: 'relations', a: 'AFG', b: 'PAK' });
    const run = await evaluateAlerts(store, {
      trigger: 'manual',
      ruleIds: [forecast.rule.id, relations.rule.id],
    });
    const [f, r] = run.rules;
    assert.deepEqual([f!.error, f!.holding, f!.fired], [null, 1, 1]);
    const alert = run.alerts[0]!;
    // The 18 events of March 2012 (the second file) against the forecast from February's history.
    assert.equal(alert.key, 'PAK 2012-03');
    assert.equal(alert.detail.observed, 18);
    assert.ok((alert.detail.q95 as number) < 18);
    assert.match(
      alert.title,
      /^PAK 2012-03: 18 events, above the forecast's 90% upper bound \d+ \(mean [\d.]+, forecast from 2012-02\)$/,
    );
    assert.deepEqual(
      [r!.error, r!.holding, r!.note],
      [null, 0, 'no loaded dyad index holds AFG-PAK: nothing judged'],
    );
  });
});

describe('a surge over a lookback the data cover in part', () => {
  it('says in its title how many days of the lookback are covered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-alerts-part-'));
    const store = await createStore({ path: ':memory:' });
    try {
      // Real rows as above, but only October 2011 to March 2012 loaded: 182 days of the 1,095 before 2012-03-31.
      await importFile(store, writeCut(dir, 'GEDEvent_v11_10_12_03.csv', '2011-10-01', '2012-03-31'), {
        format: 'ucdp-candidate',
      });
      await addAlertRule(store, { kind: 'surge', admin1: 'Balochistan province', pending_evaluations: 1 });
      const r = await evaluateAlerts(store, { trigger: 'manual' });
      assert.deepEqual(
        r.alerts.map((a) => a.title.replace(/^.*, the highest/, 'the highest')),
        ['the highest 30-day total in the 182 covered days of its 1,095-day lookback'],
      );
    } finally {
      await settleAlertWork(store);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a rule's cool-down, however many alerts the rule has", () => {
  it('a key that holds again inside its cool-down is suppressed though 100,001 newer alerts of other keys were recorded since its alert (the newest 100,000 were read, so it fired again)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-alerts-many-'));
    const store = (await createStore({ path: ':memory:' })) as DuckDBStore;
    try {
      // Real rows as above, to March 2012: Balochistan's surge holds.
      await importFile(store, writeCut(dir, 'GEDEvent_v09_01_12_03.csv', '2009-01-01', '2012-03-31'), {
        format: 'ucdp-candidate',
      });
      const { rule } = await addAlertRule(store, {
        kind: 'surge',
        admin1: 'Balochistan province',
        pending_evaluations: 1,
        cooldown_hours: 24,
      });
      const t0 = Date.now() + 60_000;
      const at = (h: number) => new Date(t0 + h * HOUR).toISOString();
      const run = (h: number) =>
        evaluateAlerts(store, { trigger: 'manual', now: new Date(t0 + h * HOUR), ruleIds: [rule.id] });
      const first = await run(0);
      assert.deepEqual(
        first.alerts.map((a) => [a.state, a.key]),
        [['fired', 'surge']],
      );
      // An evaluation that found it no longer holding: its run ends and its alert is cleared.
      await store.applyAlertEvaluation({
        ruleId: rule.id,
        at: at(1),
        error: null,
        conditions: [],
        newAlerts: [],
        seenAlertIds: [],
        clearedAlertIds: [first.alerts[0]!.id],
        webhookUrl: null,
      });
      // More alerts of the rule's other keys since, all inside the cool-down, than the old read's limit.
      await store.select(
        `INSERT INTO alerts SELECT nextval('alert_id_seq'), $1, 'other ' || i, 'fired', NULL, 't', '{}', 'manual', $2, $2, 1, NULL
         FROM range(100001) t(i)`,
        [rule.id, at(2)],
      );
      const again = await run(3);
      assert.deepEqual(
        again.alerts.map((a) => [a.state, a.key, a.reason?.split(' was recorded')[0]]),
        [['suppressed', 'surge', `cool-down: alert ${first.alerts[0]!.id} for the same key (surge)`]],
      );
    } finally {
      await settleAlertWork(store);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
