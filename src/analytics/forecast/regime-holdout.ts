/**
 * A combination rule chosen by the regime at the origin (issue 16, ninth pass): the quantile
 * average (narrow) when a unit's recent months look calm by a regime feature, the linear pool (wide)
 * otherwise, the feature's threshold learnt per horizon band on earlier origins. The pool
 * over-covers in calm years and under-covers in escalations; this asks whether the origin's own
 * history can tell the two apart. Judged by the nested hold-out check of the other combination
 * rules (same held-out year-bands, same adoption rule); not adopted so far (docs/forecasting.md).
 */
import { HORIZON_BANDS } from './bands.ts';
import {
  HeldOutTally,
  heldOutYears,
  scoreCombinations,
  type BandScore,
  type CombinationRow,
  type HeldOutScores,
} from './combination-holdout.ts';
import { addMonths, monthIndex } from './months.ts';
import { COVERAGE_TARGET } from './recalibrate.ts';
import type { Panel, UnitMonthDraws } from './types.ts';

/**
 * Regime features of a unit at an origin, fixed before the check was run:
 * - `escalation`: log((mean of the last 3 months + 1) / (mean of the last 24 + 1));
 * - `de-escalation`: its negative (calm = rising);
 * - `volatility`: the standard deviation of log1p over the last 12 months.
 * The rule takes the quantile average where the feature is at or under the threshold.
 */
export const REGIME_FEATURES = ['escalation', 'de-escalation', 'volatility'] as const;
export type RegimeFeature = (typeof REGIME_FEATURES)[number];

/** The feature of `values` at index `at` (the origin), from observed months up to it (NaN months left out; NaN when none). */
export function regimeFeature(values: readonly number[], at: number, feature: RegimeFeature): number {
  const window = (n: number) => values.slice(Math.max(0, at - n + 1), at + 1).filter((v) => !Number.isNaN(v));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  if (feature !== 'volatility') {
    const e = Math.log((mean(window(3)) + 1) / (mean(window(24)) + 1));
    return feature === 'escalation' ? e : -e;
  }
  const logs = window(12).map((v) => Math.log1p(v));
  if (logs.length < 2) return NaN;
  const m = mean(logs);
  return Math.sqrt(logs.reduce((a, x) => a + (x - m) ** 2, 0) / (logs.length - 1));
}

/** A scored unit-month with its origin's feature: `covered`, `crps` and `ign` hold the pool (0) and the quantile average (1). */
export type RegimeRow = Pick<CombinationRow, 'band' | 'origin' | 'covered' | 'crps' | 'ign'> & {
  feature: number;
};

/** Whether a row takes the quantile average under threshold `t` (a NaN feature keeps the pool). */
const usesAverage = (r: RegimeRow, t: number) => r.feature <= t;

/** Coverage90, mean CRPS and mean IGN of `rows` under threshold `t` (-Infinity: the pool throughout). */
export function regimeScores(rows: readonly RegimeRow[], t: number): BandScore {
  let c = 0;
  let crps = 0;
  let ign = 0;
  for (const r of rows) {
    const k = usesAverage(r, t) ? 1 : 0;
    c += +r.covered[k]!;
    crps += r.crps[k]!;
    ign += r.ign[k]!;
  }
  return { coverage90: c / rows.length, crps: crps / rows.length, ign: ign / rows.length };
}

/**
 * The threshold whose coverage90 on `rows` is nearest 90% (ties: the lower CRPS, then the first
 * candidate), among -Infinity (the pool throughout), the features' deciles and +Infinity (the
 * quantile average throughout).
 */
export function learnThreshold(rows: readonly RegimeRow[]): number {
  const xs = rows
    .map((r) => r.feature)
    .filter((x) => !Number.isNaN(x))
    .sort((a, b) => a - b);
  const deciles = xs.length
    ? Array.from({ length: 11 }, (_, i) => xs[Math.round((i / 10) * (xs.length - 1))]!)
    : [];
  let best = -Infinity;
  let s = regimeScores(rows, best);
  for (const t of [...deciles, Infinity]) {
    const c = regimeScores(rows, t);
    const d = Math.abs(c.coverage90 - COVERAGE_TARGET) - Math.abs(s.coverage90 - COVERAGE_TARGET);
    if (d < -1e-12 || (Math.abs(d) <= 1e-12 && c.crps < s.crps - 1e-12)) [best, s] = [t, c];
  }
  return best;
}

/** The check of one feature against the linear pool on the held-out year-bands. */
export interface RegimeHoldout extends HeldOutScores {
  feature: RegimeFeature;
  /** Thresholds per band learnt on every validation origin. */
  learnt: number[];
  years: number[];
  n: number;
}

/**
 * The nested hold-out check: for each calendar year with HOLDOUT_MIN_FIT_ORIGINS earlier origins
 * whose targets precede it, thresholds per band learnt on those origins only, then the year's
 * year-bands scored under the rule and under the pool.
 */
export function regimeHoldout(
  rows: readonly RegimeRow[],
  feature: RegimeFeature,
  horizons = 12,
): RegimeHoldout {
  const years: number[] = [];
  let n = 0;
  const tally = new HeldOutTally();
  for (const { year, first, cutoff } of heldOutYears(rows, horizons)) {
    years.push(year);
    HORIZON_BANDS.forEach((_, b) => {
      const held = rows.filter((r) => r.band === b && r.origin >= first && r.origin < first + 12);
      if (!held.length) return;
      const t = learnThreshold(rows.filter((r) => r.band === b && r.origin <= cutoff));
      n++;
      tally.add(held.length, regimeScores(held, -Infinity), regimeScores(held, t));
    });
  }
  return {
    feature,
    learnt: HORIZON_BANDS.map((_, b) => learnThreshold(rows.filter((r) => r.band === b))),
    years,
    n,
    ...tally.result(),
  };
}

/**
 * The collected validation draws pooled and averaged with `weights`, each unit-month given its
 * origin's feature from `panel`, then checked per feature (the bench's `--regime-only` step).
 */
export function regimeCheck(
  panel: Panel,
  collected: { parts: UnitMonthDraws[][]; observed: number[] },
  weights: readonly (readonly number[])[],
  draws: number,
  features: readonly RegimeFeature[] = REGIME_FEATURES,
): RegimeHoldout[] {
  const scored = scoreCombinations(collected, weights, draws);
  const at = collected.parts[0]!.map((r) => {
    const series = panel.find((s) => s.unit === r.unit)!;
    return {
      values: series.values,
      i: monthIndex(addMonths(r.month, -r.horizon)) - monthIndex(series.months[0]!),
    };
  });
  return features.map((feature) =>
    regimeHoldout(
      scored
        .map((r, i) => ({ ...r, feature: regimeFeature(at[i]!.values, at[i]!.i, feature) }))
        .filter((_, i) => !Number.isNaN(collected.observed[i]!)),
      feature,
    ),
  );
}
