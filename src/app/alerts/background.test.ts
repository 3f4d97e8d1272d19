import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Store } from '../../storage/store.ts';
import { alertsAfterWrite, deliverInBackground, scheduleAlerts } from './background.ts';
import { settleAlertWork } from './work.ts';

// Synthetic: a failure whose message holds what a receiver, a rule's parameters or a library could
// put in it: a right-to-left override, an escape sequence and a line break that starts a forged line.
const MESSAGE = 'rule "surge\u202eenil" \u001b[2Kfailed\nfaultline api: GET /forged';
const SHOWN = 'rule "surge\\u202eenil" \\x1b[2Kfailed\\x0afaultline api: GET /forged';

/** A store every read of which fails with MESSAGE (a store that cannot be read, as a background pass meets one). */
const failingStore = (thrown: unknown = new Error(MESSAGE)) =>
  new Proxy({} as Store, {
    get: () => async () => {
      throw thrown;
    },
  });

describe("the alerts' background log lines", () => {
  it('an evaluation after an import that failed is one line, its message escaped as the request log escapes it', async () => {
    const logged: string[] = [];
    assert.equal(await alertsAfterWrite(failingStore(), 'import', (l) => logged.push(l)), null);
    assert.deepEqual(logged, [`alerts: evaluation after import failed: ${SHOWN}`]);
  });

  it('a webhook delivery pass that stopped says why in one line, escaped', async () => {
    const logged: string[] = [];
    const store = failingStore();
    deliverInBackground(store, (l) => logged.push(l));
    await settleAlertWork(store);
    assert.deepEqual(logged, [`alerts: webhook delivery stopped: ${SHOWN}`]);
  });

  it('a scheduled evaluation that failed says why in one line, escaped; a thrown non-Error is shown as text', async () => {
    for (const [thrown, shown] of [
      [new Error(MESSAGE), SHOWN],
      [`plain\u2028text`, 'plain\\u2028text'],
    ] as const) {
      const logged: string[] = [];
      // 0.001 minutes: a run every 60 ms.
      const stop = scheduleAlerts(failingStore(thrown), 0.001, (l) => logged.push(l));
      const deadline = Date.now() + 10_000;
      while (!logged.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await stop();
      assert.ok(logged.length >= 1, 'the schedule ran');
      assert.ok(
        logged.every((l) => l === `alerts: scheduled evaluation failed: ${shown}`),
        logged.join('\n'),
      );
    }
  });
});
