import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchesBody } from './export-stream.ts';

describe('batchesBody', () => {
  it('makes each batch only when read, after a turn of the event loop, so other work runs between batches', async () => {
    const made: number[] = [];
    function* batches() {
      for (let i = 0; i < 5; i++) {
        made.push(i);
        yield `line ${i}\n`;
      }
    }
    const reader = batchesBody(batches()).getReader();
    const turns: number[] = [];
    const dec = new TextDecoder();
    let text = '';
    for (;;) {
      // Work queued behind the reader (an I/O callback, another request) runs before the next batch.
      let ran = false;
      setImmediate(() => (ran = true));
      const { done, value } = await reader.read();
      if (done) break;
      turns.push(ran ? 1 : 0);
      text += dec.decode(value);
    }
    assert.equal(text, 'line 0\nline 1\nline 2\nline 3\nline 4\n');
    assert.deepEqual(made, [0, 1, 2, 3, 4]);
    assert.deepEqual(turns, [1, 1, 1, 1, 1], 'a turn of the loop before every batch');
  });
});
