import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareRates } from '../analytics/trends/rate-ratio.ts';
import type { ComparatorKind } from './claim-spec.ts';
import type { RateTest } from './evidence.ts';
import { figureRange, judgeChange, judgeShare, judgeValue } from './judge.ts';
import { acceptedRange, DEFAULT_TOLERANCES, toleranceFor } from './tolerances.ts';

const b = (kind: ComparatorKind, value: number) => ({ kind, value, words: `${kind} ${value}` });

const test = (count1: number, days1: number, count2: number, days2: number): RateTest => {
  const r = compareRates({ count1, exposure1: days1, count2, exposure2: days2 });
  return {
    count1,
    count2,
    days1,
    days2,
    rate_ratio: r.rateRatio,
    ci_low: r.ciLow,
    ci_high: r.ciHigh,
    confidence: r.confidence,
    p_value: r.pValue,
    method: r.method,
    note: r.note ?? null,
  };
};

describe('what the words of a claim accept', () => {
  it('"nearly 3,000" accepts 2,700 to 3,000 and nothing above 3,000', () => {
    const t = toleranceFor('nearly', undefined);
    assert.deepEqual(acceptedRange('nearly', 3000, t), { lo: 2700, loOpen: false, hi: 3000, hiOpen: false });
    assert.equal(judgeValue(b('nearly', 3000), t, figureRange(2987, 'exact')).outcome, 'holds');
    assert.equal(judgeValue(b('nearly', 3000), t, figureRange(3001, 'exact')).outcome, 'fails');
    assert.equal(judgeValue(b('nearly', 3000), t, figureRange(2325, 'exact')).outcome, 'fails');
  });

  it('"about" is symmetric, "over" is strict, and a claim can widen its own tolerance', () => {
    assert.equal(
      judgeValue(b('about', 1000), DEFAULT_TOLERANCES.about, figureRange(1100, 'exact')).outcome,
      'holds',
    );
    assert.equal(
      judgeValue(b('about', 1000), DEFAULT_TOLERANCES.about, figureRange(1101, 'exact')).outcome,
      'fails',
    );
    assert.equal(
      judgeValue(b('over', 1000), DEFAULT_TOLERANCES.over, figureRange(1000, 'exact')).outcome,
      'fails',
    );
    assert.equal(
      judgeValue(b('nearly', 3000), toleranceFor('nearly', { below: 0.25 }), figureRange(2325, 'exact'))
        .outcome,
      'holds',
    );
  });

  it('a published "800+" establishes "more than 700" but cannot establish "about 800"', () => {
    assert.equal(
      judgeValue(b('more_than', 700), DEFAULT_TOLERANCES.more_than, figureRange(800, 'at_least')).outcome,
      'holds',
    );
    assert.equal(
      judgeValue(b('about', 800), DEFAULT_TOLERANCES.about, figureRange(800, 'at_least')).outcome,
      'inconclusive',
    );
    assert.equal(
      judgeValue(b('at_most', 700), DEFAULT_TOLERANCES.at_most, figureRange(800, 'at_least')).outcome,
      'fails',
    );
  });
});

describe('change words against the exact rate test', () => {
  it('an increase in events needs the interval above 1: 119 against 71 TTP events holds, 12 against 10 is inconclusive', () => {
    const t = DEFAULT_TOLERANCES.increase;
    assert.equal(judgeChange('increase', undefined, t, test(71, 366, 119, 365), true).outcome, 'holds');
    assert.equal(judgeChange('increase', undefined, t, test(10, 365, 12, 365), true).outcome, 'inconclusive');
    assert.equal(judgeChange('increase', undefined, t, test(12, 365, 10, 365), true).outcome, 'fails');
  });

  it('a surge means a rate ratio of at least 1.5 (1.68 holds, 1.27 fails); an alarming increase at least 1.25 with the interval above 1', () => {
    assert.equal(
      judgeChange('surge', undefined, DEFAULT_TOLERANCES.surge, test(71, 366, 119, 365), true).outcome,
      'holds',
    );
    assert.equal(
      judgeChange('surge', undefined, DEFAULT_TOLERANCES.surge, test(41, 92, 52, 92), true).outcome,
      'fails',
    );
    assert.equal(
      judgeChange(
        'alarming_increase',
        undefined,
        DEFAULT_TOLERANCES.alarming_increase,
        test(400, 365, 520, 365),
        true,
      ).outcome,
      'holds',
    );
    assert.equal(
      judgeChange(
        'alarming_increase',
        undefined,
        DEFAULT_TOLERANCES.alarming_increase,
        test(100, 365, 126, 365),
        true,
      ).outcome,
      'inconclusive',
    );
  });

  it('deaths are judged on the ratio alone, since their interval is too narrow', () => {
    const small = test(10, 365, 12, 365);
    assert.equal(
      judgeChange('increase', undefined, DEFAULT_TOLERANCES.increase, small, false).outcome,
      'holds',
    );
  });

  it('"doubled" is a rate ratio within 10% of 2', () => {
    const t = DEFAULT_TOLERANCES.rate_ratio;
    assert.equal(judgeChange('rate_ratio', 2, t, test(100, 365, 205, 365), true).outcome, 'holds');
    assert.equal(judgeChange('rate_ratio', 2, t, test(100, 365, 150, 365), true).outcome, 'fails');
  });

  it('a share holds within 5 percentage points', () => {
    assert.equal(judgeShare(33, 35.9, DEFAULT_TOLERANCES.share, 110, 306).outcome, 'holds');
    assert.equal(judgeShare(60, 35.9, DEFAULT_TOLERANCES.share, 110, 306).outcome, 'fails');
  });
});
