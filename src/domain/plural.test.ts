import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agree, counted } from './plural.ts';
import { grouped } from './format-number.ts';
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

  it('a count of a thousand or more is grouped with commas, every digit kept', () => {
    assert.equal(counted(4588, 'event'), '4,588 events');
    assert.equal(counted(2_999_899, 'record'), '2,999,899 records');
    assert.equal(counted(241_499_431, 'person', 'people'), '241,499,431 people');
    assert.deepEqual([999, 1000, 1234567, -1500, 1234.5].map(grouped), [
      '999',
      '1,000',
      '1,234,567',
      '-1,500',
      '1,234.5',
    ]);
  });

  it('a note of the answers says "1 event ... it is", not "1 events ... they are"', () => {
    assert.equal(
      borderUnjudgedNote(1, { maxBorderKm: 50 }),
      '1 event matching the other filters could not be judged against 50 km (no border distance, or a range across the limit, e.g. placed only by province): it is left out',
    );
    assert.match(borderUnjudgedNote(2, {}), /^2 events .* against the border zone .*: they are left out$/);
  });
});
