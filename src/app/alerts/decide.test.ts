import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertCondition, StoredAlert, StoredAlertRule } from '../../storage/alert-records.ts';
import { decide } from './decide.ts';
import type { FoundCondition } from './found.ts';

// The state machine alone, on conditions written out here (no data: keys and titles only).
const rule: StoredAlertRule = {
  id: 7,
  name: 'r',
  kind: 'surge',
  params: {},
  pendingEvaluations: 2,
  pendingHours: 1,
  cooldownHours: 24,
  webhookUrl: 'http://127.0.0.1:1/hook',
  webhookSecret: 'x'.repeat(16),
  afterImportId: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  removedAt: null,
  lastEvaluatedAt: null,
  lastError: null,
  lastNote: null,
};
const found = (key: string): FoundCondition => ({ key, title: `t ${key}`, detail: {} });
const at = (h: number) => new Date(Date.UTC(2026, 0, 2) + h * 3_600_000);
const step = (
  previous: AlertCondition[],
  keys: string[],
  h: number,
  recent: StoredAlert[] = [],
  oneShot = false,
) => decide({ rule, previous, found: keys.map(found), recent, now: at(h), trigger: 'manual', oneShot });
const asStored = (a: Omit<StoredAlert, 'id'>, id: number): StoredAlert => ({ ...a, id });

describe('the alert state machine', () => {
  it('a condition stays pending until it has held on two evaluations and for an hour', () => {
    const one = step([], ['k'], 0);
    assert.deepEqual([one.pending, one.write.newAlerts.length], [1, 0]);
    // Second evaluation, but only half an hour later: still pending.
    const two = step(one.write.conditions, ['k'], 0.5);
    assert.deepEqual(
      [two.pending, two.write.newAlerts.length, two.write.conditions[0]!.evaluations],
      [1, 0, 2],
    );
    const three = step(two.write.conditions, ['k'], 1);
    assert.deepEqual(
      three.write.newAlerts.map((a) => [a.key, a.state]),
      [['k', 'fired']],
    );
  });

  it('a condition that stops holding while pending leaves no alert, and its count starts again', () => {
    const one = step([], ['k'], 0);
    const gone = step(one.write.conditions, [], 2);
    assert.deepEqual([gone.write.conditions, gone.write.newAlerts, gone.write.clearedAlertIds], [[], [], []]);
    assert.equal(step(gone.write.conditions, ['k'], 3).pending, 1);
  });

  it('a key that comes back within its cool-down is recorded as suppressed with the reason, never dropped', () => {
    const first = step(step([], ['k'], -1).write.conditions, ['k'], 0);
    const fired = asStored(first.write.newAlerts[0]!, 41);
    assert.equal(fired.state, 'fired');
    // The condition cleared at hour 2 and holds again from hour 3: confirmed at hour 4, inside the 24 h.
    const again = step([], ['k'], 3, [fired]);
    const confirmed = step(again.write.conditions, ['k'], 4, [fired]);
    assert.deepEqual(
      confirmed.write.newAlerts.map((a) => [a.state, a.reason]),
      [
        [
          'suppressed',
          'cool-down: alert 41 for the same key (k) was recorded at 2026-01-02T00:00:00.000Z; no new alert for it until 2026-01-03T00:00:00.000Z',
        ],
      ],
    );
    // Another key of the same rule is distinct: it fires.
    const other = step(step([], ['j'], 3, [fired]).write.conditions, ['j'], 4, [fired]);
    assert.deepEqual(
      other.write.newAlerts.map((a) => a.state),
      ['fired'],
    );
  });

  it('an alerted condition that clears marks its alert cleared; a one-shot key is never fired twice', () => {
    const held: AlertCondition = {
      ruleId: 7,
      key: 'ev1',
      firstSeenAt: at(0).toISOString(),
      lastSeenAt: at(1).toISOString(),
      evaluations: 2,
      alertId: 9,
      alertAt: at(1).toISOString(),
      title: 't',
      detail: {},
    };
    assert.deepEqual(step([held], [], 2).write.clearedAlertIds, [9]);
    const later = step([held], ['ev1'], 100, [], true);
    assert.deepEqual([later.write.newAlerts.length, later.write.seenAlertIds], [0, [9]]);
    const repeating = step([held], ['ev1'], 100);
    assert.deepEqual(
      repeating.write.newAlerts.map((a) => [a.state, a.detail.reminder_of]),
      [['fired', 9]],
    );
  });
});
