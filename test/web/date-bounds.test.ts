/** The filter bar's date fields and its ISO period for a year or month in the URL (web/src/state/date-bounds.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundDay, periodWords, yearBeingTyped } from '../../web/src/state/date-bounds.ts';

describe('the filter bar dates', () => {
  it('shows a year or month of the URL as the day it starts or ends on, as the API reads it', () => {
    assert.equal(boundDay('2025', 'from'), '2025-01-01');
    assert.equal(boundDay('2025', 'to'), '2025-12-31');
    assert.equal(boundDay('2024-02', 'to'), '2024-02-29');
    assert.equal(boundDay('2023-02', 'to'), '2023-02-28');
    assert.equal(boundDay('2021-04', 'from'), '2021-04-01');
    assert.equal(boundDay('2021-03-07', 'to'), '2021-03-07');
    assert.equal(boundDay(undefined, 'from'), '');
    // A value the API refuses too: no day (its error says why).
    assert.equal(boundDay('2021-Q1', 'from'), '');
    assert.equal(boundDay('2021-13', 'to'), '');
  });

  it('words the period in ISO whatever order the date fields show', () => {
    assert.equal(periodWords('2025', '2025'), '2025-01-01 to 2025-12-31');
    assert.equal(periodWords('2021-03-01', undefined), 'from 2021-03-01');
    assert.equal(periodWords(undefined, '2021-04'), 'to 2021-04-30');
    assert.equal(periodWords(undefined, undefined), '');
  });

  it('tells a year still being typed (0002, 0020, 0202) from a whole one', () => {
    assert.deepEqual(['0002-03-02', '0020-03-02', '0202-03-02', '2021-03-02', ''].map(yearBeingTyped), [
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
