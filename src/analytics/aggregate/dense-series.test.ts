import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { denseSeries } from './dense-series.ts';

describe('denseSeries', () => {
  it('monthly totals equal the sum of daily events, with zeros for empty months', () => {
    const points = [{ date: '2021-01-03' }, { date: '2021-01-30' }, { date: '2021-03-01' }];
    const s = denseSeries(points, '2021-01', '2021-04', 'month');
    assert.deepEqual(s.periods, ['2021-01', '2021-02', '2021-03', '2021-04']);
    assert.deepEqual(s.values, [2, 0, 1, 0]);
  });

  it('sums deaths and counts unknown deaths and out-of-range points instead of treating them as zero', () => {
    const points = [
      { date: '2021-01-03', value: 4 },
      { date: '2021-01-04', value: null },
      { date: '2020-12-31', value: 9 },
      { date: '2021-01-05', value: 0 },
    ];
    const s = denseSeries(points, '2021', '2021', 'quarter');
    assert.deepEqual(s.values, [4, 0, 0, 0]);
    assert.deepEqual(s.skipped, { outOfRange: 1, unknownValue: 1 });
  });
});
