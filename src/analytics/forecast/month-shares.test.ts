import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monthShares, spreadOverSpan } from './month-shares.ts';

describe('how a monthly panel counts a record dated coarser than a month', () => {
  it('spreads a yearly total evenly over its twelve months, keeping every death', () => {
    const shares = monthShares('2009-01', '2009-12', 1428);
    assert.equal(shares.length, 12);
    assert.deepEqual(shares[0], { month: '2009-01', value: 119 });
    assert.deepEqual(shares.at(-1), { month: '2009-12', value: 119 });
    assert.equal(
      shares.reduce((a, s) => a + s.value, 0),
      1428,
    );
  });
  it('shares a count out in whole numbers that sum to it, the larger shares spaced evenly from the first month', () => {
    const values = (first: string, last: string, v: number) =>
      monthShares(first, last, v).map((s) => s.value);
    assert.deepEqual(values('2013-01', '2013-02', 15), [8, 7]);
    assert.deepEqual(values('2010-01', '2010-12', 728), [61, 61, 60, 61, 61, 60, 61, 61, 60, 61, 61, 60]);
    assert.deepEqual(values('1994-01', '1994-06', 16), [3, 3, 2, 3, 3, 2]);
    // One event over a year stays one event, in its start month.
    assert.deepEqual(values('2009-01', '2009-12', 1), [1, ...new Array<number>(11).fill(0)]);
    assert.deepEqual(values('2009-01', '2009-03', 0), [0, 0, 0]);
  });
  it('gives a span within one month (or an end before its start) all to it', () => {
    assert.deepEqual(monthShares('2013-01', '2013-01', 15), [{ month: '2013-01', value: 15 }]);
    assert.deepEqual(monthShares('2013-03', '2013-01', 15), [{ month: '2013-03', value: 15 }]);
  });
  it('spreads only records dated to a year (the precision coarser than a month); the others count in their start month', () => {
    assert.deepEqual((['day', 'week', 'range', 'month', 'year'] as const).filter(spreadOverSpan), ['year']);
  });
});
