import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Admission, ServerBusyError } from './admission.ts';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('admission of heavy requests', () => {
  it('runs at most `slots` at once and hands a freed slot to the first waiter', async () => {
    const a = new Admission(2, 10);
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        a.run(undefined, async () => {
          most = Math.max(most, a.running);
          await pause(5);
          order.push(i);
        }),
      ),
    );
    assert.equal(most, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.equal(a.running, 0);
  });

  it('refuses at once when the wait it would have is longer than the time limit', async () => {
    const a = new Admission(1, 10, 100);
    await a.run(undefined, () => pause(150)); // a slot is now held about 150 ms
    let free!: () => void;
    const held = a.run(undefined, () => new Promise<void>((r) => (free = r)));
    await assert.rejects(
      a.run(undefined, async () => {}),
      ServerBusyError,
    );
    assert.equal(a.queued, 0);
    free();
    await held;
  });
});
