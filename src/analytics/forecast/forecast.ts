/** The forecasting entry points: draws and quantiles from one origin, and the rolling-origin backtest. */
import type { EnsembleWeights } from './ensemble.ts';
import { METHOD_NAMES, methodByName, type MethodName } from './methods.ts';
import { NBAR_DEFAULTS, type NbarOptions } from './model-nbar.ts';
import { historyUpTo, validatePanel } from './panel.ts';
import { quantileSorted, sortedCopy } from './quantile.ts';
import type { Neighbours, Panel } from './types.ts';

/** `backtest(panel, { origins, seed, draws, … })`: the rolling-origin backtest (see backtest.ts); and its origins. */
export { runBacktest as backtest, TEST_ORIGINS, VALIDATION_ORIGINS } from './backtest.ts';
/** Types of the backtest's options and results. */
export type { BacktestOptions, BacktestResult, Comparison, MethodScores } from './backtest.ts';
/** Names of the methods: zero, poisson-last, bootstrap, conflictology, nbar, nbar-mix. */
export type { MethodName } from './methods.ts';

/** Probability levels of the quantiles `forecast` reports. */
export const QUANTILE_LEVELS = {
  q05: 0.05,
  q10: 0.1,
  q25: 0.25,
  q50: 0.5,
  q75: 0.75,
  q90: 0.9,
  q95: 0.95,
} as const;

/** Quantiles of the draws (type 7), keyed q05 … q95. */
export type Quantiles = Record<keyof typeof QUANTILE_LEVELS, number>;

/** Options of `forecast`: the last month of data to use, how far and how many draws, and which methods. */
export interface ForecastOptions {
  origin: string;
  horizons?: number;
  draws?: number;
  seed: number;
  /** One method, several, or every method when absent. */
  method?: MethodName | readonly MethodName[];
  neighbours?: Neighbours;
  nbar?: NbarOptions;
  /** Makes `nbar-mix` the skill-weighted ensemble with these weights (ensemble-weights.ts has the shipped ones). */
  ensemble?: EnsembleWeights;
}

/** One method's predictive distribution for one unit and target month. */
export interface UnitMonthForecast {
  method: MethodName;
  unit: string;
  month: string;
  horizon: number;
  draws: number[];
  mean: number;
  quantiles: Quantiles;
}

/** Draws, mean and quantiles per method, unit and target month, using only data up to `origin`. */
export function forecast(panel: Panel, options: ForecastOptions): UnitMonthForecast[] {
  validatePanel(panel);
  const methods: readonly MethodName[] =
    options.method === undefined
      ? METHOD_NAMES
      : typeof options.method === 'string'
        ? [options.method]
        : options.method;
  const input = {
    history: historyUpTo(panel, options.origin),
    origin: options.origin,
    horizons: options.horizons ?? 12,
    draws: options.draws ?? 1000,
    seed: options.seed,
    neighbours: options.neighbours,
  };
  return methods.flatMap((name) =>
    methodByName(
      name,
      options.nbar ?? NBAR_DEFAULTS,
      undefined,
      options.ensemble,
    )(input).map((f) => {
      const sorted = sortedCopy(f.draws);
      const quantiles = Object.fromEntries(
        Object.entries(QUANTILE_LEVELS).map(([key, p]) => [key, quantileSorted(sorted, p)]),
      ) as Quantiles;
      const mean = f.draws.reduce((a, b) => a + b, 0) / f.draws.length;
      return { method: name, ...f, mean, quantiles };
    }),
  );
}
