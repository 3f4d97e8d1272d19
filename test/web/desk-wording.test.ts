/** The Desk view's wording: waits in minutes, hours or days. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fmtDuration } from '../../web/src/format.ts';

describe('the Desk view wording', () => {
  it('gives a wait in the largest whole unit it fills: minutes, hours, then days', () => {
    const min = 60_000;
    assert.deepEqual(
      [0, 59_999, min, 59 * min, 60 * min, 23 * 60 * min + 59 * min, 24 * 60 * min, 50 * 60 * min].map(
        fmtDuration,
      ),
      ['0 minutes', '0 minutes', '1 minute', '59 minutes', '1 hour', '23 hours', '1 day', '2 days'],
    );
    assert.equal(fmtDuration(null), '—');
  });
});
