/** The charts' count axes: whole-number ticks formatted for the reader, and no scale where nothing is covered. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countAxis, stackMax } from '../../web/src/charts/count-axis.ts';
import { spanLabels } from '../../web/src/charts/gaps.ts';

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

describe('"not covered" labels', () => {
  const gap = { from: '2022-01-01', to: '2025-12-31' };
  const allData = { from: new Date('1989-01-01'), to: new Date('2026-08-01') };
  const label = 'not covered';

  it('sets a label across a span wide enough for it, upright in a narrower one, and none in a sliver', () => {
    // The yearly chart of all data: 4 of 37.6 years are 64 px of a 600 px plot, 27 px of a phone's 250.
    assert.deepEqual(spanLabels([gap], label, allData, 1000), [{ span: gap, set: 'middle' }]);
    assert.deepEqual(spanLabels([gap], label, allData, 250), [{ span: gap, set: 'upright' }]);
    // August to December 2026 at the end of 2018-2026 on a phone: 12 px, no room for any label.
    const tail = { from: '2026-08-01', to: '2026-12-31' };
    const border = { from: new Date('2018-01-01'), to: new Date('2027-01-01') };
    assert.deepEqual(spanLabels([tail], label, border, 263), []);
    assert.deepEqual(spanLabels([tail], label, border, 1218), [{ span: tail, set: 'upright' }]);
  });

  it('labels no span under 60 days, and without a width labels as before (from the end a span reaches)', () => {
    assert.deepEqual(spanLabels([{ from: '2021-01-01', to: '2021-02-15' }], label, allData, 1000), []);
    const tail = { from: '2026-01-01', to: '2026-07-31' };
    assert.deepEqual(spanLabels([tail], label, allData), [{ span: tail, set: 'end' }]);
    assert.deepEqual(spanLabels([gap], label), [{ span: gap, set: 'middle' }]);
  });
});
