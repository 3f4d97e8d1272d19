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

  it('refuses the waiters that would start past their time limit as soon as a slot is given back and shows how long one is held', async () => {
    // No slot was given back yet: nothing is known of the wait, and all three queue.
    const a = new Admission(1, 10, 200);
    const first = a.run(undefined, () => pause(150));
    const ran: string[] = [];
    const later = ['b', 'c', 'd'].map((n) =>
      a
        .run(undefined, async () => void ran.push(n))
        .then(
          () => 'ran',
          (e: unknown) => (e instanceof ServerBusyError ? 'busy' : 'other'),
        ),
    );
    assert.equal(a.queued, 3);
    await first;
    // b takes the freed slot at about 150 ms; c and d would start at about 300 ms and later, past
    // their 200 ms: refused at once (without a signal, they waited and ran past it).
    assert.deepEqual(await Promise.all(later), ['ran', 'busy', 'busy']);
    assert.deepEqual(ran, ['b']);
  });
});
