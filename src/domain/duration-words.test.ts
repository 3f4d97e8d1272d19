import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { durationWords } from './duration-words.ts';

describe('durationWords', () => {
  it('says a span in the largest whole unit it fills, rounded down, as the dashboard and the CLI show a wait', () => {
    const min = 60_000;
    assert.deepEqual(
      [
        45 * min,
        59 * min + 59_999,
        3 * 60 * min + 59 * min,
        24 * 60 * min,
        2 * 24 * 60 * min + 23 * 60 * min,
      ].map((ms) => durationWords(ms)),
      ['45 minutes', '59 minutes', '3 hours', '1 day', '2 days'],
    );
    // A clock behind the stored time is no wait, not a negative one.
    assert.equal(durationWords(-5 * min), '0 minutes');
  });
});
