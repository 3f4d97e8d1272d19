import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareRates } from '../analytics/trends/rate-ratio.ts';
import type { ComparatorKind } from './claim-spec.ts';
import { evidence, type Evidence, type RateTest } from './evidence.ts';
import { figureRange, judgeChange, judgeShare, judgeShareBetween, judgeValue } from './judge.ts';
import { judgeRank } from './claim-rank.ts';
import { acceptedRange, DEFAULT_TOLERANCES, toleranceFor } from './tolerances.ts';
import { decide, label } from './verdict.ts';

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
    // The reason names which count is the period's and which the baseline's (the period's first).
    assert.match(
      judgeChange('increase', undefined, t, test(71, 366, 119, 365), true).reason,
      /\(119 in the period's 365 days against 71 in the baseline's 366 days\)$/,
    );
  });

  it('a one-day period is said in the singular: "the period\'s 1 day" (it read "1 days")', () => {
    assert.match(
      judgeChange('increase', undefined, DEFAULT_TOLERANCES.increase, test(3, 7, 9, 1), true).reason,
      /\(9 in the period's 1 day against 3 in the baseline's 7 days\)$/,
    );
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

describe('figures known only as a range (records dated only to a month or a year)', () => {
  it('a single figure holds when the whole range is accepted, fails when none of it is, else is inconclusive', () => {
    const t = toleranceFor('about', undefined);
    assert.equal(judgeValue(b('about', 300), t, { lo: 290, hi: 305 }).outcome, 'holds');
    assert.equal(judgeValue(b('about', 300), t, { lo: 400, hi: 900 }).outcome, 'fails');
    const open = judgeValue(b('about', 300), t, { lo: 279, hi: 1707 });
    assert.deepEqual(
      [
        open.outcome,
        open.reason.startsWith('between 279 and 1,707 may or may not be'),
        /a range$/.test(open.reason),
      ],
      ['inconclusive', true, true],
    );
  });

  it('a share range: within the points at both ends holds; wholly outside fails; across the accepted band is inconclusive', () => {
    const t = toleranceFor('share', undefined);
    // "40%" accepts 35-45 (5 points).
    assert.equal(
      judgeShareBetween(40, t, { part: 38, whole: 100 }, { part: 42, whole: 104 }).outcome,
      'holds',
    );
    assert.equal(
      judgeShareBetween(40, t, { part: 10, whole: 100 }, { part: 12, whole: 102 }).outcome,
      'fails',
    );
    assert.equal(
      judgeShareBetween(40, t, { part: 60, whole: 100 }, { part: 70, whole: 110 }).outcome,
      'fails',
    );
    // 30% to 50%: the truth could be 40%.
    assert.equal(
      judgeShareBetween(40, t, { part: 30, whole: 100 }, { part: 50, whole: 100 }).outcome,
      'inconclusive',
    );
    // A majority: more than half at the low end holds; at most half at the high end fails.
    assert.equal(
      judgeShareBetween(null, t, { part: 51, whole: 100 }, { part: 55, whole: 104 }).outcome,
      'holds',
    );
    assert.equal(
      judgeShareBetween(null, t, { part: 40, whole: 100 }, { part: 50, whole: 100 }).outcome,
      'fails',
    );
    assert.equal(
      judgeShareBetween(null, t, { part: 45, whole: 100 }, { part: 60, whole: 115 }).outcome,
      'inconclusive',
    );
  });

  it('a rank holds only when the figure stays ahead with every undated record against it, and fails only when another stays ahead however they fall', () => {
    const month = (label: string, value: number, extra = 0) => ({ label, value, extra });
    assert.equal(
      judgeRank('highest', month('May', 1189), [month('Jan', 279, 1428), month('Feb', 204, 1428)]).outcome,
      'inconclusive',
    );
    assert.equal(
      judgeRank('highest', month('May', 1189), [month('Jan', 279, 100), month('Feb', 204, 100)]).outcome,
      'holds',
    );
    assert.equal(judgeRank('highest', month('May', 100, 50), [month('Jan', 200)]).outcome, 'fails');
    assert.equal(judgeRank('highest', month('May', 100, 150), [month('Jan', 200)]).outcome, 'inconclusive');
    assert.equal(judgeRank('lowest', month('May', 10), [month('Jan', 20, 5)]).outcome, 'holds');
    assert.equal(judgeRank('lowest', month('May', 10, 15), [month('Jan', 20)]).outcome, 'inconclusive');
    assert.equal(judgeRank('lowest', month('May', 30), [month('Jan', 20, 5)]).outcome, 'fails');
    // Without undated records a tie is still a tie.
    assert.match(judgeRank('highest', month('May', 5), [month('Jan', 5)]).reason, /tied with Jan: 5/);
  });
});

describe('figures in a verdict’s words', () => {
  const figure = (over: Partial<Evidence>) =>
    evidence({
      source: 'ucdp-candidate',
      kind: 'events',
      version: '26.0.7',
      measure: 'deaths, best estimate',
      outcome: 'holds',
      reason: 'r',
      ...over,
    });

  it('a figure over part of its period says how many of its days are covered', () => {
    const partial = figure({ value: 744, covered: { days: 31, of: 184, ranges: [] } });
    assert.equal(
      decide([partial]).explanation,
      'Supported by ucdp-candidate 26.0.7 (preliminary): deaths, best estimate 744 (on the 31 of 184 days covered).',
    );
    const whole = figure({ value: 744, covered: { days: 184, of: 184, ranges: [] } });
    assert.equal(label(whole), 'ucdp-candidate 26.0.7 (preliminary): deaths, best estimate 744');
  });

  it('every rate ratio reads as a ratio: a lower bound is "at least", never a count of events', () => {
    const bound = figure({ measure: 'events', value: 0.2434, qualifier: 'rate_ratio_lower_bound' });
    assert.equal(label(bound), 'ucdp-candidate 26.0.7 (preliminary): events rate ratio at least 0.24');
    const ratio = figure({ measure: 'events', value: 1.7878, qualifier: 'rate_ratio' });
    assert.equal(label(ratio), 'ucdp-candidate 26.0.7 (preliminary): events rate ratio 1.79');
  });
});
