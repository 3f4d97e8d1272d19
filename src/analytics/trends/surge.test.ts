import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { densePeriods, periodBounds } from '../aggregate/periods.ts';
import { surgeHistory, surgeSignal, surgeSignals } from './surge.ts';

// 2019-01-01 .. 2022-12-31, zero everywhere except the given days.
function series(events: Record<string, number>, from = '2019-01-01', to = '2022-12-31') {
  const dates = densePeriods(from, to, 'day');
  return { dates, values: dates.map((d) => events[d] ?? 0) };
}

describe('surgeSignal', () => {
  it('fires when the last 30 days beat every earlier window of the past year, while naming the bigger window 2.5 years ago', () => {
    const s = surgeSignal(series({ '2020-06-10': 15, '2022-12-20': 12 }));
    assert.equal(s.windowStart, '2022-12-02');
    assert.equal(s.windowEnd, '2022-12-31');
    assert.equal(s.total, 12);
    assert.deepEqual(s.lookbacks, [
      { days: 365, highest: true, previousMax: 0, previousMaxEnd: '2022-12-01', leftOut: 0 },
      { days: 1095, highest: false, previousMax: 15, previousMaxEnd: '2020-07-09', leftOut: 0 },
    ]);
    assert.equal(s.surge, true);
  });

  it('does not fire below minTotal even when the window is the highest', () => {
    const s = surgeSignal(series({ '2022-12-20': 8 }));
    assert.equal(s.lookbacks[0]!.highest, true);
    assert.equal(s.surge, false);
    assert.equal(surgeSignal({ ...series({ '2022-12-20': 8 }), minTotal: 5 }).surge, true);
  });

  it('does not count a tie with an earlier window as the highest', () => {
    const s = surgeSignal(series({ '2022-06-01': 12, '2022-12-20': 12 }));
    assert.deepEqual(s.lookbacks[0], {
      days: 365,
      highest: false,
      previousMax: 12,
      previousMaxEnd: '2022-06-30',
      leftOut: 0,
    });
    assert.equal(s.surge, false);
  });

  it('ignores earlier windows that overlap the current one, so a sustained surge stays flagged', () => {
    const events: Record<string, number> = {};
    for (const d of densePeriods('2022-12-01', '2022-12-31', 'day')) events[d] = 1;
    const s = surgeSignal(series(events));
    assert.equal(s.total, 30);
    assert.equal(s.lookbacks[0]!.previousMax, 1, 'the window ending 2022-12-01 holds one event');
    assert.equal(s.surge, true);
  });

  it('leaves a lookback the series does not cover as null rather than guessing', () => {
    const s = surgeSignal(series({ '2022-12-20': 12 }, '2021-06-01'));
    assert.equal(s.lookbacks[0]!.highest, true);
    assert.deepEqual(s.lookbacks[1], {
      days: 1095,
      highest: null,
      previousMax: null,
      previousMaxEnd: null,
      leftOut: 0,
    });
    assert.equal(s.surge, true);
  });

  it('a day no source covers (NaN) is unknown: a window holding it has no total and is left out of the comparison', () => {
    const known = series({ '2022-06-10': 15, '2022-12-20': 12 });
    assert.equal(surgeSignal(known).lookbacks[0]!.highest, false, 'covered, June holds 15');
    // 10-12 June not covered: the 15 is unknown there, and the 32 windows holding one of those days
    // (ending 10 June to 11 July) are left out, not read as totals.
    const gap = new Set(['2022-06-10', '2022-06-11', '2022-06-12']);
    const s = surgeSignal({
      ...known,
      values: known.values.map((v, i) => (gap.has(known.dates[i]!) ? NaN : v)),
    });
    assert.deepEqual(s.lookbacks[0], {
      days: 365,
      highest: true,
      previousMax: 0,
      previousMaxEnd: '2022-12-01',
      leftOut: 32,
    });
    assert.equal(s.surge, true);
    // The latest window holding an uncovered day: no total, no signal (null, not "no surge").
    const late = surgeSignal({
      ...known,
      values: known.values.map((v, i) => (i === known.dates.length - 3 ? NaN : v)),
    });
    assert.equal(late.total, null);
    assert.equal(late.surge, null);
    assert.ok(late.lookbacks.every((l) => l.highest === null));
    // Every earlier window unknown: nothing to compare with.
    const dark = surgeSignal({
      ...known,
      values: known.values.map((v, i) => (i < known.dates.length - 30 ? NaN : v)),
    });
    assert.deepEqual(
      dark.lookbacks.map((l) => [l.highest, l.previousMax]),
      [
        [null, null],
        [null, null],
      ],
    );
    assert.equal(dark.total, 12);
    // 12 reaches the floor but is compared with nothing: not known, not "no surge".
    assert.equal(dark.surge, null);
    // Below the floor it is no surge whatever the earlier windows held.
    const small = surgeSignal({
      ...known,
      values: known.values.map((v, i) => (i < known.dates.length - 30 ? NaN : v === 12 ? 8 : v)),
    });
    assert.deepEqual([small.total, small.surge], [8, false]);
  });

  it('honours a custom window and lookbacks', () => {
    const s = surgeSignal({
      ...series({ '2022-12-30': 3, '2022-12-01': 2 }),
      windowDays: 7,
      lookbacks: [28],
      minTotal: 1,
    });
    assert.equal(s.windowStart, '2022-12-25');
    assert.deepEqual(s.lookbacks, [
      { days: 28, highest: true, previousMax: 2, previousMaxEnd: '2022-12-07', leftOut: 0 },
    ]);
    assert.match(s.rule, /7-day total is at least 1/);
  });

  it('rejects gaps, short series and impossible settings', () => {
    assert.throws(
      () =>
        surgeSignal({ dates: ['2021-01-01', '2021-01-03'], values: [1, 1], windowDays: 1, lookbacks: [1] }),
      {
        message: 'invalid daily series at 2021-01-03: expected consecutive days',
      },
    );
    assert.throws(() => surgeSignal(series({}, '2022-12-20')), {
      message: 'series shorter than window: 12 days < 30',
    });
    assert.throws(() => surgeSignal({ ...series({}), lookbacks: [10] }), {
      message:
        'invalid lookback: 10 (use whole days, at least the window of 30 days: an earlier window must not overlap the latest)',
    });
    assert.throws(() => surgeSignal({ dates: ['2021-01-01'], values: [-1], windowDays: 1, lookbacks: [1] }), {
      message: 'invalid value on 2021-01-01: -1',
    });
    assert.throws(
      () => surgeSignal({ dates: ['2021-01-01'], values: [Infinity], windowDays: 1, lookbacks: [1] }),
      { message: 'invalid value on 2021-01-01: Infinity' },
    );
  });
});

describe('surgeHistory', () => {
  it('evaluates every month end and fires in June 2020 and December 2022 only', () => {
    const history = surgeHistory(series({ '2020-06-10': 15, '2022-12-20': 12 }));
    assert.equal(history.length, 48);
    assert.equal(history[0]!.windowEnd, '2019-01-31');
    assert.ok(history.every((s) => periodBounds(s.windowEnd.slice(0, 7)).end === s.windowEnd));
    assert.deepEqual(
      history.filter((s) => s.surge).map((s) => s.windowEnd),
      ['2020-06-30', '2022-12-31'],
    );
    const june = history.find((s) => s.windowEnd === '2020-06-30')!;
    assert.equal(june.lookbacks[1]!.highest, null, 'less than three years of history in June 2020');
  });
});

describe('surgeSignals', () => {
  it('gives what surgeSignal and surgeHistory give, from one check of the series', () => {
    const input = series({ '2020-06-10': 15, '2021-03-02': 4, '2022-12-20': 12 });
    const both = surgeSignals(input);
    assert.deepEqual(both.now, surgeSignal(input));
    assert.deepEqual(both.history, surgeHistory(input));
    assert.ok(both.history.length > 40 && both.history.some((s) => s.surge));
  });
});
