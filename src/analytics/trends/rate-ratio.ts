/**
 * Exact comparison of two Poisson rates (period 2 against period 1, or place B against place A) by the
 * conditional binomial method: given n = count1 + count2 events, count2 ~ Binomial(n, p) with
 * p = exposure2·RR / (exposure1 + exposure2·RR). See docs/methods.md ("Rate ratio").
 */
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { InvalidInputError } from '../../domain/errors.ts';
import { binomialTestTwoSided } from './binomial.ts';

/** Counts and exposures to compare; exposure is the length of each period in days. */
export interface RateComparisonInput {
  /** Events (or deaths) in period 1, the reference. */
  count1: number;
  /** Length of period 1 in days (or another exposure unit shared by both periods). */
  exposure1: number;
  /** Events (or deaths) in period 2, compared against period 1. */
  count2: number;
  /** Length of period 2 in days. */
  exposure2: number;
  /** Confidence level of the interval, default 0.95. */
  confidence?: number;
}

/** Rate ratio RR = rate2 / rate1 with its exact interval and exact two-sided p-value for RR = 1. */
export interface RateComparison {
  count1: number;
  count2: number;
  exposure1: number;
  exposure2: number;
  /** count1 per unit of exposure (per day when exposures are days). */
  rate1: number;
  /** count2 per unit of exposure. */
  rate2: number;
  /** rate2 / rate1; null when undefined (no events at all) or infinite (count1 = 0), see `note`. */
  rateRatio: number | null;
  /** Lower confidence limit of the rate ratio (0 when count2 = 0). */
  ciLow: number | null;
  /** Upper confidence limit; null when the interval is open above (count1 = 0). */
  ciHigh: number | null;
  confidence: number;
  /** Exact two-sided p-value for H0: rate2 = rate1. */
  pValue: number;
  method: string;
  /** Why a figure is null or degenerate. */
  note?: string;
}

/** How the interval and p-value are computed, as reported in every result. */
export const RATE_RATIO_METHOD =
  'exact conditional binomial: Clopper-Pearson interval for count2/(count1+count2) transformed to the rate ratio; ' +
  'two-sided p-value sums the probabilities of all outcomes no more likely than the observed one (as R binom.test / poisson.test)';

/** Compares the rate of period 2 with that of period 1 exactly (conditional binomial, Clopper-Pearson). */
export function compareRates(input: RateComparisonInput): RateComparison {
  const { count1, exposure1, count2, exposure2, confidence = 0.95 } = input;
  checkCount('count1', count1);
  checkCount('count2', count2);
  checkExposure('exposure1', exposure1);
  checkExposure('exposure2', exposure2);
  if (!(confidence > 0 && confidence < 1)) throw new InvalidInputError(`invalid confidence: ${confidence}`);

  const n = count1 + count2;
  const alpha = 1 - confidence;
  // Clopper-Pearson limits for the binomial share p = count2 / n; each tail keeps alpha/2 even when the other is open.
  const pLow = count2 === 0 ? 0 : betaQuantile(alpha / 2, count2, n - count2 + 1);
  const pHigh = count2 === n ? 1 : betaQuantile(1 - alpha / 2, count2 + 1, n - count2);
  const toRatio = (p: number): number | null => (p >= 1 ? null : (p * exposure1) / ((1 - p) * exposure2));
  const p0 = exposure2 / (exposure1 + exposure2);

  const result: RateComparison = {
    count1,
    count2,
    exposure1,
    exposure2,
    rate1: count1 / exposure1,
    rate2: count2 / exposure2,
    rateRatio: count1 === 0 ? null : count2 / exposure2 / (count1 / exposure1),
    ciLow: toRatio(pLow),
    ciHigh: toRatio(pHigh),
    confidence,
    pValue: n === 0 ? 1 : binomialTestTwoSided(count2, n, p0),
    method: RATE_RATIO_METHOD,
  };
  if (n === 0)
    result.note =
      'no events in either period: the rate ratio is undefined and the interval has no upper limit';
  else if (count1 === 0)
    result.note = 'count1 is 0: the rate ratio is infinite (null) and the interval has no upper limit';
  else if (count2 === 0) result.note = 'count2 is 0: the rate ratio is 0 and so is the lower limit';
  return result;
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new InvalidInputError(`invalid ${name}: ${value}`);
}

function checkExposure(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new InvalidInputError(`invalid ${name}: ${value}`);
}
