/**
 * A change of a relations index between two periods ("relations worsened in December 2022"): the
 * later period's value minus the baseline's, with a day-resampled bootstrap interval of the
 * difference. The index is signed, so a change is a difference, never a ratio.
 */
import { createRng } from '../analytics/forecast/rng.ts';
import type { Judgement } from './judge.ts';
import { formatNumber } from './tolerances.ts';

/** A period's days as numerators and denominators (value = sum(num) / sum(den)). */
export type RelationsDays = readonly { num: number; den: number }[];

const DRAWS = 1000;
const SEED = 15;
/** Fewest days in each period for an interval to mean anything (as the relations answer). */
export const MIN_DAYS = 5;

function ratio(days: RelationsDays, pick: (n: number) => number): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < days.length; i++) {
    const d = days[pick(i)]!;
    num += d.num;
    den += d.den;
  }
  return den > 0 ? num / den : NaN;
}

function percentiles(xs: Float64Array): [number, number] {
  xs.sort();
  return [xs[Math.floor(0.025 * (DRAWS - 1))]!, xs[Math.ceil(0.975 * (DRAWS - 1))]!];
}

/** The 95% percentile bootstrap interval of sum(num) / sum(den), days resampled; null under MIN_DAYS days. */
export function ratioInterval(days: RelationsDays, label: string): [number, number] | null {
  if (days.length < MIN_DAYS) return null;
  const rng = createRng(SEED, label);
  const out = new Float64Array(DRAWS);
  for (let i = 0; i < DRAWS; i++) out[i] = ratio(days, () => rng.index(days.length));
  return percentiles(out);
}

/** The difference later minus earlier with its 95% bootstrap interval (each period's days resampled on their own); null interval under MIN_DAYS days in either. */
export function differenceOf(
  later: RelationsDays,
  earlier: RelationsDays,
  label: string,
): { value: number; low: number | null; high: number | null } {
  const value = ratio(later, (i) => i) - ratio(earlier, (i) => i);
  if (later.length < MIN_DAYS || earlier.length < MIN_DAYS) return { value, low: null, high: null };
  const rng = createRng(SEED, label);
  const out = new Float64Array(DRAWS);
  for (let i = 0; i < DRAWS; i++)
    out[i] = ratio(later, () => rng.index(later.length)) - ratio(earlier, () => rng.index(earlier.length));
  const [low, high] = percentiles(out);
  return { value, low, high };
}

/**
 * Judges a difference against increase (improved) or decrease (worsened), as changes in counts
 * of events are judged: the wrong sign (or none) fails, the right sign with an interval that
 * excludes 0 holds, the right sign with an interval reaching 0 is inconclusive. Without an
 * interval (fewer than MIN_DAYS days) the sign alone decides, and the reason says so.
 */
export function judgeDifference(
  kind: 'increase' | 'decrease',
  d: { value: number; low: number | null; high: number | null },
  counts: string,
): Judgement {
  const up = kind === 'increase';
  const word = up ? 'an increase (relations improved)' : 'a decrease (relations worsened)';
  const f = (x: number) => formatNumber(x, 2);
  const shown = `difference ${f(d.value)}${d.low !== null ? ` (95% interval ${f(d.low)} to ${f(d.high!)})` : ' (no interval: fewer than 5 days in a period)'}`;
  const right = up ? d.value > 0 : d.value < 0;
  if (!right) return { outcome: 'fails', reason: `${shown} is not ${word} (${counts})` };
  if (d.low !== null && (up ? d.low <= 0 : d.high! >= 0))
    return {
      outcome: 'inconclusive',
      reason: `${shown} has the sign of ${word}, but its interval includes 0 (${counts})`,
    };
  return { outcome: 'holds', reason: `${shown} is ${word} (${counts})` };
}
