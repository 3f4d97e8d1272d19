import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { getPriority } from 'node:os';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { favourEventLoop, HELPER_NICE } from './loop-priority.ts';

describe('the event loop before the helper threads', () => {
  it('lowers the priority of every thread but the main one, and leaves the main one as it was', async () => {
    const main = getPriority(process.pid);
    // A worker thread, as the compute pool starts them, running until told to stop.
    const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
    await new Promise((resolve) => worker.once('online', resolve));
    const stop = favourEventLoop();
    try {
      const others = readdirSync('/proc/self/task')
        .map(Number)
        .filter((tid) => tid !== process.pid);
      assert.ok(others.length >= 2, 'the process has helper threads (libuv, V8, the worker)');
      for (const tid of others) {
        // A thread may end between the listing and the read.
        let nice: number;
        try {
          nice = getPriority(tid);
        } catch {
          continue;
        }
        assert.equal(nice, Math.max(main, HELPER_NICE), `thread ${tid}`);
      }
      assert.equal(getPriority(process.pid), main);
    } finally {
      stop();
      await worker.terminate();
    }
  });
});
