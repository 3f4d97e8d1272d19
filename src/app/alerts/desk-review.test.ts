/**
 * A desk review rule fires once for a desk event that waits for review longer than its hours, from
 * the review change that submitted it on, and its webhook receiver on loopback gets a signed body.
 * The desk event is synthetic (a synthetic report), as in the desk tests.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startLocalServer, type LocalServer } from '../../../test/helpers/local-server.ts';
import { addStagedEvents, monthlyEvents } from '../../../test/helpers/synthetic-events.ts';
import { publishedDeskEvent, syntheticReport } from '../../../test/helpers/desk-events.ts';
import type { DeskActor } from '../../domain/desk.ts';
import { createStore, type Store } from '../../storage/index.ts';
import {
  createDeskEvent,
  editDeskEvent,
  publishDeskEvent,
  submitDeskEvent,
  verifyDeskEvent,
} from '../desk/desk-workflow.ts';
import { deliverPending, useWebhookLookup } from './deliver.ts';
import { evaluateAlerts } from './evaluate.ts';
import { createEventPlacer } from '../geography.ts';
import { addAlertRule } from './rules.ts';
import { listDeliveriesView } from './views.ts';
import { webhookLookup } from './webhook-address.ts';
import { settleAlertWork } from './work.ts';

const analyst: DeskActor = { id: 'an', name: null, role: 'analyst' };
const reviewer: DeskActor = { id: 'rv', name: null, role: 'reviewer' };
const admin: DeskActor = { id: 'ad', name: null, role: 'admin' };
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
              'not sent: "metadata.test" resolves to 169.254.169.254, a link-local address, where clouds serve instance metadata; webhooks may not reach link-local or unspecified addresses (docs/security.md)',
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

describe('border rules and published desk events', () => {
  let store: Store;
  before(async () => {
    store = await createStore({ path: ':memory:' });
  });
  after(() => store.close());

  // A synthetic report of a clash between the two states, reviewed on the day given (the desk's clock);
  // the rules are evaluated only where the test says (alerts: false), but for the last publication.
  const quiet = (at: string) => ({ now: () => at, alerts: false });
  const clash = async (day: string) => {
    const deps = quiet(`${day}T09:00:00.000Z`);
    const d = await createDeskEvent(
      store,
      {
        date_start: '2026-10-01',
        country: 'PAK',
        common_type: 'battle',
        actor1: 'Government of Pakistan',
        actor2: 'Government of Afghanistan',
        fatalities_best: 3,
        headline: 'Synthetic border clash',
        citations: [
          {
            url: `https://news.example.org/synthetic/${day}`,
            outlet: 'Synthetic Wire',
            published_at: '2026-10-02',
            quote: 'synthetic',
          },
        ],
      },
      analyst,
      deps,
    );
    await submitDeskEvent(store, d.id, analyst, deps);
    await verifyDeskEvent(store, d.id, reviewer, deps);
    return { id: d.id, deps };
  };

  it('fire for a desk event published after the rule was made, naming it as the source, with include_desk; say so without', async () => {
    const early = await clash('2026-10-03');
    await publishDeskEvent(store, early.id, admin, early.deps);
    const made = new Date('2026-10-04T00:00:00.000Z');
    const counting = (
      await addAlertRule(store, { kind: 'border', interstate: true, include_desk: true }, made)
    ).rule.id;
    const leaving = (await addAlertRule(store, { kind: 'border', interstate: true }, made)).rule.id;
    await assert.rejects(addAlertRule(store, { kind: 'border', interstate: true, include_desk: 'maybe' }), {
      message: 'invalid include_desk: "maybe" (use true, false, yes, no, 1 or 0)',
    });
    // Published before the rule: not new, nor after an edit and a second publication.
    await editDeskEvent(store, early.id, { fatalities_best: 4 }, analyst, quiet('2026-10-05T09:00:00.000Z'));
    await verifyDeskEvent(store, early.id, reviewer, early.deps);
    await publishDeskEvent(store, early.id, admin, quiet('2026-10-05T10:00:00.000Z'));
    // Verified, not yet published: it does not count.
    const late = await clash('2026-10-06');
    const waiting = await evaluateAlerts(store, { trigger: 'manual', ruleIds: [counting, leaving] });
    assert.deepEqual(waiting.alerts, []);
    assert.deepEqual(
      waiting.rules.map((r) => r.note),
      [null, null],
    );
    await publishDeskEvent(store, late.id, admin, { now: late.deps.now });
    const alerts = (await store.listAlerts({})).rows;
    assert.deepEqual(
      alerts.map((a) => [a.ruleId, a.key, a.trigger]),
      [[counting, `faultline-desk:${late.id}`, 'review']],
    );
    const a = alerts[0]!;
    assert.equal(a.detail.source, 'faultline-desk');
    assert.deepEqual(a.detail.desk_event, {
      id: late.id,
      edit: 'edit-1',
      headline: 'Synthetic border clash',
      citations: ['https://news.example.org/synthetic/2026-10-06'],
    });
    assert.match(
      a.title,
      new RegExp(
        `; from desk event ${late.id} \\(an analyst's report, published after review: https://news\\.example\\.org/synthetic/2026-10-06\\)$`,
      ),
    );
    const again = await evaluateAlerts(store, { trigger: 'manual', ruleIds: [leaving] });
    assert.equal(
      again.rules[0]!.note,
      '1 desk event published since the rule was made matches it, not counted: this rule leaves desk events out (a rule with include_desk counts them)',
    );
  });
});

describe('surge rules and published desk events', () => {
  let store: Store;
  before(async () => {
    store = await createStore({ path: ':memory:' });
    // Synthetic GED-like events in Balochistan: three a month (days 1-3), January to June 2021, so the
    // latest 30-day window (2021-05-05 to 2021-06-03) holds 3, and the highest earlier one 5.
    await addStagedEvents(store, monthlyEvents([3, 3, 3, 3, 3, 3], '2021-01'));
  });
  after(() => store.close());

  // Synthetic reports of clashes in Quetta, reviewed and published: three in the latest window, one after
  // the datasets' last day (in no window: a window of days no dataset covers has no total).
  const publishFour = async () => {
    for (const day of ['2021-05-20', '2021-05-21', '2021-05-22', '2021-07-01'])
      await publishedDeskEvent(
        store,
        syntheticReport(day, { admin1: 'Balochistan province', place: 'Quetta', lat: 30.18, lon: 67.0 }),
        { alerts: false },
      );
  };

  it('count published desk events in the window with include_desk, and say how many they leave out without', async () => {
    const rule = { kind: 'surge', admin1: 'Balochistan province', min_total: 4, pending_evaluations: 1 };
    await assert.rejects(addAlertRule(store, { ...rule, include_desk: 'often' }), {
      message: 'invalid include_desk: "often" (use true, false, yes, no, 1 or 0)',
    });
    const counting = (await addAlertRule(store, { ...rule, include_desk: true })).rule;
    const leaving = (await addAlertRule(store, rule)).rule;
    assert.deepEqual([counting.params.include_desk, leaving.params.include_desk], [true, false]);
    await publishFour();
    // A week after the data end, so that the note need not say how far behind they are.
    const r = await evaluateAlerts(store, {
      trigger: 'manual',
      ruleIds: [counting.id, leaving.id],
      now: new Date('2021-06-10T00:00:00Z'),
    });
    assert.deepEqual(
      r.alerts.map((a) => [a.rule_id, a.title.replace(/, the highest.*$/, '')]),
      [
        [
          counting.id,
          'surge in admin1 Balochistan province: 6 events (published desk events included) in 2021-05-05 to 2021-06-03',
        ],
      ],
    );
    assert.equal(r.alerts[0]!.detail.desk_events, 'included');
    assert.deepEqual(
      r.rules.map((x) => [x.holding, x.note]),
      [
        [
          1,
          '1 matching published desk event dated after 2021-06-03 is not in the window: it ends on the last day a loaded source version covers, since desk events make no day covered and a window of days no dataset covers has no total',
        ],
        [
          0,
          '3 published desk events dated in the window 2021-05-05 to 2021-06-03 match it, not counted: this rule leaves desk events out (a rule with include_desk counts them)',
        ],
      ],
    );
  });
});

describe("a surge rule on a province's label and desk events placed there", () => {
  it('counts a desk event placed in the province, whatever the analyst wrote for it, as a rule on the code does', async () => {
    const own = await createStore({ path: ':memory:' });
    try {
      // Synthetic GED-like events labelled "Balochistan province" (GED's label), three a month to 3
      // June 2021; three published desk events in the latest window, placed in PK-BA from a province
      // written as analysts write it, its code, and a point in Quetta with no province.
      await addStagedEvents(own, monthlyEvents([3, 3, 3, 3, 3, 3], '2021-01'));
      const place = await createEventPlacer(own);
      for (const [day, over] of [
        ['2021-05-20', { admin1: 'Balochistan' }],
        ['2021-05-21', { admin1: 'PK-BA' }],
        ['2021-05-22', { place: 'Quetta', lat: 30.18, lon: 67.0 }],
      ] as const)
        await publishedDeskEvent(own, syntheticReport(day, over), { alerts: false, place });
      const rule = { kind: 'surge', min_total: 4, pending_evaluations: 1, include_desk: true };
      const label = (await addAlertRule(own, { ...rule, admin1: 'Balochistan province' })).rule;
      const code = (await addAlertRule(own, { ...rule, admin1: 'PK-BA' })).rule;
      const leaving = (
        await addAlertRule(own, { ...rule, admin1: 'Balochistan province', include_desk: false })
      ).rule;
      const r = await evaluateAlerts(own, {
        trigger: 'manual',
        ruleIds: [label.id, code.id, leaving.id],
        now: new Date('2021-06-10T00:00:00Z'),
      });
      assert.deepEqual(
        r.alerts.map((a) => [a.rule_id, a.title.replace(/, the highest.*$/, '')]),
        [
          [
            label.id,
            'surge in admin1 Balochistan province: 6 events (published desk events included) in 2021-05-05 to 2021-06-03',
          ],
          [
            code.id,
            'surge in admin1 PK-BA: 6 events (published desk events included) in 2021-05-05 to 2021-06-03',
          ],
        ],
      );
      assert.equal(
        r.rules.find((x) => x.rule_id === leaving.id)?.note,
        '3 published desk events dated in the window 2021-05-05 to 2021-06-03 match it, not counted: this rule leaves desk events out (a rule with include_desk counts them)',
      );
    } finally {
      await own.close();
    }
  });
});
