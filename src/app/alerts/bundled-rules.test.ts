import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundledStoreCopy } from '../../../test/helpers/bundled-store.ts';
import { startLocalServer } from '../../../test/helpers/local-server.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { deliverPending } from './deliver.ts';
import { evaluateAlerts } from './evaluate.ts';
import { addAlertRule } from './rules.ts';

// The bundled data, as `faultline start` loads them: GED 22.1 to 2021, Candidate 26.0.6 and 26.0.7
// for 2026, nothing for 2022 to 2025.
describe('alert rules on the bundled data', () => {
  let path: string;
  let store: Store;

  before(async () => {
    path = await bundledStoreCopy();
    store = await createStore({ path });
  });

  after(async () => {
    await store.close();
    rmSync(dirname(path), { recursive: true, force: true });
  });

  it("a forecast rule's alert states the bound to the cent, and a second evaluation raises nothing new", async () => {
    const { rule } = await addAlertRule(store, { kind: 'forecast', pending_evaluations: 1 });
    const first = await evaluateAlerts(store, { trigger: 'manual', ruleIds: [rule.id] });
    assert.ok(first.alerts.length > 0, 'the latest month of a province is above its bound');
    for (const a of first.alerts) {
      const q95 = a.detail.q95 as number;
      // It read "above the forecast's 90% upper bound 221.34999999999968".
      assert.equal(q95, Math.round(q95 * 100) / 100, a.title);
      assert.ok(a.title.includes(`upper bound ${q95} (mean `), a.title);
      assert.ok((a.detail.observed as number) > q95, a.title);
      assert.deepEqual(
        (a.detail.rests_on as { source: string }[]).map((r) => r.source),
        ['ucdp-ged', 'ucdp-candidate'],
      );
    }
    const again = await evaluateAlerts(store, { trigger: 'manual', ruleIds: [rule.id] });
    assert.deepEqual([again.alerts, again.rules[0]!.holding], [[], first.alerts.length]);
  });

  it('surge and forecast rules say how far behind the data end, as relations rules do; not when the data are recent', async () => {
    const surge = (await addAlertRule(store, { kind: 'surge', admin1: 'PK-KP' })).rule;
    const forecast = (await addAlertRule(store, { kind: 'forecast', level: 'country' })).rule;
    const notes = async (now: string) =>
      (
        await evaluateAlerts(store, {
          trigger: 'manual',
          ruleIds: [surge.id, forecast.id],
          now: new Date(now),
        })
      ).rules.map((r) => r.note);
    // Both said nothing: a quiet rule in December read as a quiet August to December, which no
    // loaded source covers.
    assert.deepEqual(await notes('2026-12-06T08:00:00Z'), [
      'the loaded data end on 2026-07-31, 128 days before 2026-12-06: the rule judges the 30 days to then, not the days since, which no loaded source version covers (faultline update, or a newer release, brings them)',
      'the loaded data end with 2026-07, 128 days before 2026-12-06: the rule judges that month against its forecast, not the months since, which no loaded source version covers (faultline update, or a newer release, brings them)',
    ]);
    assert.deepEqual(await notes('2026-08-20T08:00:00Z'), [null, null]);
  });

  it('a surge rule of a one-day window says "the 1 day to then" (it said "the 1 days")', async () => {
    const { rule } = await addAlertRule(store, { kind: 'surge', admin1: 'PK-KP', window_days: 1 });
    const r = await evaluateAlerts(store, {
      trigger: 'manual',
      ruleIds: [rule.id],
      now: new Date('2026-12-06T08:00:00Z'),
    });
    assert.match(r.rules[0]!.note ?? '', /: the rule judges the 1 day to then, not the days since, /);
  });

  it('a surge on the bundled data reaches a receiver once, signed as docs/alerts.md verifies it', async () => {
    const receiver = await startLocalServer((_req, res) => res.writeHead(204).end());
    try {
      const { rule, webhook_secret } = await addAlertRule(store, {
        kind: 'surge',
        admin1: 'PK-BA',
        pending_evaluations: 1,
        webhook_url: `${receiver.url}/hook`,
      });
      const run = await evaluateAlerts(store, { trigger: 'manual', ruleIds: [rule.id] });
      assert.deepEqual(await deliverPending(store), { delivered: 1, failed: 0, failedIds: [] });
      const [alert] = run.alerts;
      assert.match(
        alert!.title,
        /^surge in admin1 PK-BA: \d+ events in 2026-07-02 to 2026-07-31, the highest/,
      );
      assert.deepEqual(
        (alert!.detail.sources as { source: string; version: string }[]).map(
          (x) => `${x.source} ${x.version}`,
        ),
        ['ucdp-candidate 26.0.6', 'ucdp-candidate 26.0.7'],
      );
      // The recipe of docs/alerts.md, "Verifying a delivery", as a receiver would write it.
      function verify(secret: string, headers: IncomingHttpHeaders, rawBody: string) {
        const ts = headers['x-faultline-timestamp'] as string;
        if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
        const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${rawBody}`).digest('hex')}`;
        const sent = String(headers['x-faultline-signature'] ?? '');
        return sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
      }
      const [post] = receiver.seen;
      assert.ok(verify(webhook_secret!, post!.headers, post!.body));
      assert.ok(!verify(webhook_secret!, post!.headers, post!.body.replace('PK-BA', 'PK-KP')));
      assert.equal(JSON.parse(post!.body).alert.id, alert!.id);
      // Evaluated again: nothing new, nothing sent again.
      const again = await evaluateAlerts(store, { trigger: 'manual', ruleIds: [rule.id] });
      assert.deepEqual(await deliverPending(store), { delivered: 0, failed: 0, failedIds: [] });
      assert.deepEqual([again.alerts, receiver.seen.length], [[], 1]);
    } finally {
      await receiver.close();
    }
  });
});
