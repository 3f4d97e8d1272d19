/** The charts' count axes: whole-number ticks formatted for the reader, and no scale where nothing is covered. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countAxis, stackMax } from '../../web/src/charts/count-axis.ts';

describe('count axes', () => {
  it('draws no axis and no scale when no month is covered (not a line of zeros)', () => {
    assert.deepEqual(countAxis(null, 'events'), { axis: null, domain: [0, 1], label: null });
  });

  it('asks for no more ticks than the largest count, so 3 events get no tick at 0.5', () => {
    assert.equal((countAxis(3, 'events') as { ticks: number }).ticks, 3);
    assert.equal((countAxis(1, 'events') as { ticks: number }).ticks, 1);
    assert.equal((countAxis(0, 'events') as { ticks: number }).ticks, 1);
    assert.equal((countAxis(7330, 'events') as { ticks: number }).ticks, 5);
  });

  it('formats a tick as a whole number with the grouping of the locale, never "0.000000"', () => {
    const { tickFormat } = countAxis(7330, 'events') as { tickFormat: (v: number) => string };
    assert.equal(tickFormat(0), '0');
    assert.equal(tickFormat(7000), (7000).toLocaleString('en'));
  });

  it('takes the tallest stack: the sum of the pieces of one bar', () => {
    const rows = [
      { m: '2021-01', v: 2 },
      { m: '2021-01', v: 3 },
      { m: '2021-02', v: 4 },
    ];
    assert.equal(
      stackMax(
        rows,
        (r) => r.m,
        (r) => r.v,
      ),
      5,
    );
    assert.equal(stackMax([], String, Number), null);
  });
});
