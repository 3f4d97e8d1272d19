import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agree, counted } from './plural.ts';
import { borderUnjudgedNote } from '../app/analysis/meta.ts';

describe('counts in prose', () => {
  it('one event is singular, every other count plural (0 too)', () => {
    assert.deepEqual(
      [0, 1, 2].map((n) => `${counted(n, 'event')} ${agree(n, 'has', 'have')}`),
      ['0 events have', '1 event has', '2 events have'],
    );
    assert.equal(counted(1, 'TTP event'), '1 TTP event');
    assert.equal(counted(3, 'person', 'people'), '3 people');
  });

  it('a note of the answers says "1 event ... it is", not "1 events ... they are"', () => {
    assert.equal(
      borderUnjudgedNote(1, { maxBorderKm: 50 }),
      '1 event matching the other filters could not be judged against 50 km (no border distance, or a range across the limit, e.g. placed only by province): it is left out',
    );
    assert.match(borderUnjudgedNote(2, {}), /^2 events .* against the border zone .*: they are left out$/);
  });
});
