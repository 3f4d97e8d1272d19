/**
 * How sure the test scores are: intervals for a model's skill against the best baseline, by a
 * moving-block bootstrap over target months (issue 16). A backtest scores one country (or its
 * provinces) over a few years, its forecasts share target months, and neighbouring months share
 * regimes, so the forecasts are far from independent; resampling whole runs of months keeps that
 * dependence. See docs/forecasting.md, "How sure are the test scores?".
 */
import { InvalidInputError } from '../../domain/errors.ts';
import { BASELINE_NAMES, MODEL_NAMES, type MethodName, type ModelName } from './methods.ts';
import { quantileSorted } from './quantile.ts';
import type { MonthSums } from './scores.ts';
import { createRng } from './rng.ts';

/** A central bootstrap interval (percentiles) of a statistic. */
export interface Interval {
  lo: number;
  hi: number;
}

/** The statistics `compare` reports, each with its interval. */
export type SkillStatistic = 'crps_ratio' | 'ign_diff' | 'coverage90';

/** One model's intervals and, for each goal given, the share of resamples in which it holds. */
export interface ModelSkillIntervals {
  model: ModelName;
  intervals: Record<SkillStatistic, Interval>;
  goalShares: Partial<Record<SkillStatistic, number>>;
}

/** Options of `skillIntervals`. */
export interface SkillIntervalOptions {
  seed: number;
  /** Resamples (default 2,000). */
  resamples?: number;
  /** Length of the blocks of consecutive target months (default 12: a year of seasons and regimes). */
  blockMonths?: number;
  /** Central share of the resampled statistics the interval holds (default 0.9). */
  level?: number;
  /** Goals as closed ranges (for example crps_ratio [−∞, 0.9]): the share of resamples inside each is reported. */
  goals?: Partial<Record<SkillStatistic, readonly [number, number]>>;
}

/** Every model's intervals, with what they were computed from. */
export interface SkillIntervals {
  method: 'moving-block bootstrap over target months, circular, the best baseline chosen again in each resample';
  months: number;
  blockMonths: number;
  resamples: number;
  level: number;
  models: ModelSkillIntervals[];
}

const STATISTICS: readonly SkillStatistic[] = ['crps_ratio', 'ign_diff', 'coverage90'];

/**
 * Intervals for each model's CRPS ratio and IGN difference against the best baseline, and for its
 * coverage90, from per-month score sums (`runBacktest` with `byMonth`). Each resample draws
 * ⌈M / L⌉ blocks of L consecutive target months (circular: a block may wrap from the last month to
 * the first) at uniform starts, keeps the first M months, sums the scores of those months, and
 * computes the statistics as `compare` does, choosing the best baseline again. Deterministic under
 * the seed.
 */
export function skillIntervals(
  byMonth: Partial<Record<MethodName, readonly MonthSums[]>>,
  options: SkillIntervalOptions,
): SkillIntervals {
  const resamples = options.resamples ?? 2000;
  const blockMonths = options.blockMonths ?? 12;
  const level = options.level ?? 0.9;
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new InvalidInputError(`invalid resamples: ${resamples} (use a whole number of at least 1)`);
  if (!Number.isInteger(blockMonths) || blockMonths < 1)
    throw new InvalidInputError(
      `invalid block length: ${blockMonths} months (use a whole number of at least 1)`,
    );
  if (!(level > 0 && level < 1))
    throw new InvalidInputError(`invalid interval level: ${level} (use a share between 0 and 1)`);
  const baselines = BASELINE_NAMES.filter((b) => byMonth[b]?.length);
  const models = MODEL_NAMES.filter((m) => byMonth[m]?.length);
  if (!baselines.length || !models.length)
    throw new InvalidInputError('skill intervals need per-month scores of a baseline and a model');
  const names = [...baselines, ...models];
  const months = [...new Set(names.flatMap((m) => byMonth[m]!.map((s) => s.month)))].sort();
  const index = new Map(months.map((m, i) => [m, i]));
  // One array per method and score, indexed by month; a month a method did not score adds 0.
  const table = new Map(
    names.map((name) => {
      const t = {
        crps: new Float64Array(months.length),
        ign: new Float64Array(months.length),
        covered: new Float64Array(months.length),
        n: new Float64Array(months.length),
      };
      for (const s of byMonth[name]!) {
        const i = index.get(s.month)!;
        t.crps[i]! += s.crps;
        t.ign[i]! += s.ign;
        t.covered[i]! += s.covered;
        t.n[i]! += s.n;
      }
      return [name, t] as const;
    }),
  );
  const rng = createRng(options.seed, 'skill-intervals', blockMonths);
  const L = Math.min(blockMonths, months.length);
  const weight = new Float64Array(months.length); // how often each month is drawn in this resample
  const stats = new Map(models.map((m) => [m, STATISTICS.map(() => new Float64Array(resamples))]));
  for (let r = 0; r < resamples; r++) {
    weight.fill(0);
    for (let taken = 0; taken < months.length;) {
      const start = rng.index(months.length);
      for (let k = 0; k < L && taken < months.length; k++, taken++) weight[(start + k) % months.length]! += 1;
    }
    const mean = (name: MethodName, score: 'crps' | 'ign' | 'covered') => {
      const t = table.get(name)!;
      let s = 0;
      let n = 0;
      for (let i = 0; i < months.length; i++) {
        s += weight[i]! * t[score][i]!;
        n += weight[i]! * t.n[i]!;
      }
      return s / n;
    };
    const bestCrps = Math.min(...baselines.map((b) => mean(b, 'crps')));
    const bestIgn = Math.min(...baselines.map((b) => mean(b, 'ign')));
    for (const m of models) {
      const [crps, ign, cov] = stats.get(m)!;
      crps![r] = mean(m, 'crps') / bestCrps;
      ign![r] = mean(m, 'ign') - bestIgn;
      cov![r] = mean(m, 'covered');
    }
  }
  return {
    method:
      'moving-block bootstrap over target months, circular, the best baseline chosen again in each resample',
    months: months.length,
    blockMonths: L,
    resamples,
    level,
    models: models.map((model) => {
      const sorted = stats.get(model)!.map((x) => Float64Array.from(x).sort());
      const intervals = {} as Record<SkillStatistic, Interval>;
      const goalShares: Partial<Record<SkillStatistic, number>> = {};
      STATISTICS.forEach((stat, j) => {
        const x = sorted[j]!;
        intervals[stat] = { lo: quantileSorted(x, (1 - level) / 2), hi: quantileSorted(x, (1 + level) / 2) };
        const goal = options.goals?.[stat];
        if (goal) goalShares[stat] = x.filter((v) => v >= goal[0] && v <= goal[1]).length / resamples;
      });
      return { model, intervals, goalShares };
    }),
  };
}

/** A model's CRPS ratio to one baseline and its coverage90 over the target months of one calendar year. */
export interface YearSkill {
  year: string;
  model: ModelName;
  crps_ratio: number;
  coverage90: number;
  n: number;
}

/**
 * Each model's skill year by year of the target months, against one baseline (the full sample's
 * best, as `compare` chose it): the plainest view of whether a few years carry the overall ratio,
 * which weights each year by its CRPS, that is by how violent it was.
 */
export function yearlySkill(
  byMonth: Partial<Record<MethodName, readonly MonthSums[]>>,
  baseline: MethodName,
): YearSkill[] {
  const base = byMonth[baseline];
  if (!base?.length) throw new InvalidInputError(`no per-month scores of the baseline ${baseline}`);
  const sumByYear = (rows: readonly MonthSums[]) => {
    const out = new Map<string, { crps: number; covered: number; n: number }>();
    for (const s of rows) {
      const y = s.month.slice(0, 4);
      const t = out.get(y) ?? { crps: 0, covered: 0, n: 0 };
      t.crps += s.crps;
      t.covered += s.covered;
      t.n += s.n;
      out.set(y, t);
    }
    return out;
  };
  const b = sumByYear(base);
  return MODEL_NAMES.filter((m) => byMonth[m]?.length).flatMap((model) =>
    [...sumByYear(byMonth[model]!)]
      .filter(([year]) => b.has(year))
      .sort(([a], [c]) => (a < c ? -1 : 1))
      .map(([year, t]) => {
        const bt = b.get(year)!;
        return {
          year,
          model,
          crps_ratio: t.crps / t.n / (bt.crps / bt.n),
          coverage90: t.covered / t.n,
          n: t.n,
        };
      }),
  );
}
