/** Rolling-origin backtest: fit at each origin on data up to it, forecast 1..H months ahead, score against what happened. */
import { InvalidInputError } from '../../domain/errors.ts';
import { bandOf, HORIZON_BANDS } from './bands.ts';
import { bottomUpMethod, type BottomUp } from './bottom-up.ts';
import type { EnsembleWeights } from './ensemble.ts';
import { BASELINE_NAMES, METHOD_NAMES, methodByName, type BaselineName, type MethodName } from './methods.ts';
import { NBAR_DEFAULTS, type NbarOptions } from './model-nbar.ts';
import { historyUpTo, isObserved, validatePanel, valueAt } from './panel.ts';
import { monthIndex, monthRange } from './months.ts';
import { scoreForecasts, type ForecastRow, type MonthSums, type ScoreSummary } from './scores.ts';
import type { Neighbours, Panel, UnitMonthDraws } from './types.ts';

/** The test origins: Decembers 2014 … 2020, forecasting each following calendar year. */
export const TEST_ORIGINS: readonly string[] = [
  '2014-12',
  '2015-12',
  '2016-12',
  '2017-12',
  '2018-12',
  '2019-12',
  '2020-12',
];

/** Origins used to choose hyper-parameters: their targets (2010–2014) all lie before the first test target. */
export const VALIDATION_ORIGINS: readonly string[] = ['2009-12', '2010-12', '2011-12', '2012-12', '2013-12'];

/** Every month from 2014-12 to 2020-12: the monthly test origins of the bench (targets 2015-01 … 2021-12). */
export const MONTHLY_TEST_ORIGINS: readonly string[] = monthRange('2014-12', '2020-12');

/** Every month from 1990-12 to 2013-12: monthly validation origins (12 months of history from 1989-12; targets before 2015). */
export const MONTHLY_VALIDATION_ORIGINS: readonly string[] = monthRange('1990-12', '2013-12');

/** Options of `runBacktest`. */
export interface BacktestOptions {
  origins?: readonly string[];
  horizons?: number;
  draws?: number;
  seed: number;
  neighbours?: Neighbours;
  methods?: readonly MethodName[];
  nbar?: NbarOptions;
  mixWeight?: number;
  /** Ensemble weights that make `nbar-mix` the skill-weighted ensemble (see ensemble.ts). */
  ensemble?: EnsembleWeights;
  /** Also keep each method's scores summed per target month (`byMonth`, for skill-intervals.ts). */
  byMonth?: boolean;
  /**
   * Makes `nbar-mix` of a one-unit (country) panel the sum of its parts' ensemble draws
   * (bottom-up.ts): `parts` and `neighbours` as the method sees them, `ensemble` the parts' shares.
   */
  bottomUp?: Omit<BottomUp, 'method'> & { ensemble: EnsembleWeights };
  /** Called with every method's draws at every origin (to save them, or to inspect them in tests). */
  onDraws?: (origin: string, method: MethodName, draws: UnitMonthDraws[]) => void;
}

/** Mean scores of one method over every origin, unit and horizon. */
export interface MethodScores {
  crps: number;
  ign: number;
  mis: number;
  coverage90: number;
  /** Share of outcomes inside the central 50% interval (q25 to q75). */
  coverage50: number;
  n: number;
}

/** A model against the best baseline on each metric (lower CRPS, IGN and MIS are better). */
export interface Comparison {
  model: MethodName;
  best: { crps: BaselineName; ign: BaselineName; mis: BaselineName };
  /** model CRPS / best baseline CRPS. */
  crps_ratio: number;
  /** model IGN − best baseline IGN, in bits (negative is better). */
  ign_diff: number;
  /** model MIS / best baseline MIS. */
  mis_ratio: number;
}

/** Scores per method (overall, with PIT, and per horizon), and each model against the best baseline. */
export interface BacktestResult {
  origins: string[];
  horizons: number;
  draws: number;
  seed: number;
  methods: Partial<Record<MethodName, MethodScores & { pit: number[] }>>;
  byHorizon: Partial<Record<MethodName, MethodScores[]>>;
  /** Scores per horizon band (HORIZON_BANDS order); a band with no scored forecast is null. */
  byBand: Partial<Record<MethodName, (MethodScores | null)[]>>;
  /** Scores summed per target month, in month order (only with `byMonth`). */
  byMonth?: Partial<Record<MethodName, MonthSums[]>>;
  comparisons: Comparison[];
}

/**
 * The origins a panel can score, in order: each needs 12 months of panel before it with one
 * observed among the last 12, every target month inside the panel, and one target month observed.
 */
export function feasibleOrigins(panel: Panel, origins: readonly string[], horizons: number): string[] {
  return origins.filter(
    (origin) =>
      panel.every((s) => {
        const end = monthIndex(origin) - monthIndex(s.months[0]!);
        if (end < 11 || end + horizons >= s.values.length) return false;
        return s.values.slice(end - 11, end + 1).some(isObserved);
      }) &&
      panel.some((s) => {
        const end = monthIndex(origin) - monthIndex(s.months[0]!);
        return s.values.slice(end + 1, end + 1 + horizons).some(isObserved);
      }),
  );
}

/** How often a backtest of the loaded data takes an origin: each December, or every month. */
export type OriginEvery = 'december' | 'monthly';

/**
 * The test origins a backtest of the loaded data scores: every December (or, with `every: 'monthly'`,
 * every month) from the first test origin (2014-12, after every validation target) to the panel's
 * last month that has history before it and observed months after it (`feasibleOrigins`). A live
 * forecast's skill takes the Decembers: with GED to 2021 these are TEST_ORIGINS; with a newer release
 * loaded, the later Decembers join, so the skill includes the latest years the data can score. The
 * monthly origins are the design of docs/forecasting.md's tables (MONTHLY_TEST_ORIGINS with GED to 2021).
 */
export function liveTestOrigins(panel: Panel, horizons: number, every: OriginEvery = 'december'): string[] {
  const last = panel.reduce((m, s) => (s.months.at(-1)! > m ? s.months.at(-1)! : m), TEST_ORIGINS[0]!);
  const months = monthRange(TEST_ORIGINS[0]!, last);
  return feasibleOrigins(
    panel,
    every === 'monthly' ? months : months.filter((m) => m.endsWith('-12')),
    horizons,
  );
}

/** Runs every method at every origin on data cut at that origin, and scores the draws. */
export function runBacktest(panel: Panel, options: BacktestOptions): BacktestResult {
  validatePanel(panel);
  const origins = [...(options.origins ?? TEST_ORIGINS)];
  const horizons = options.horizons ?? 12;
  const draws = options.draws ?? 1000;
  const names = [...(options.methods ?? METHOD_NAMES)];
  const rows = new Map<MethodName, (ForecastRow & { horizon: number })[]>(names.map((m) => [m, []]));
  for (const origin of origins) {
    const history = historyUpTo(panel, origin);
    const input = { history, origin, horizons, draws, seed: options.seed, neighbours: options.neighbours };
    for (const name of names) {
      const bu = name === 'nbar-mix' ? options.bottomUp : undefined;
      const method = bu
        ? bottomUpMethod({
            ...bu,
            method: methodByName(name, options.nbar ?? NBAR_DEFAULTS, undefined, bu.ensemble),
          })
        : methodByName(name, options.nbar ?? NBAR_DEFAULTS, options.mixWeight, options.ensemble);
      const forecasts = method(input);
      options.onDraws?.(origin, name, forecasts);
      for (const f of forecasts) {
        const observed = valueAt(
          panel.find((s) => s.unit === f.unit)!,
          f.month,
        );
        if (observed === undefined)
          throw new InvalidInputError(`backtest origin ${origin} needs data for ${f.unit} ${f.month}`);
        if (Number.isNaN(observed)) continue; // no source covers the month: nothing to score against
        rows.get(name)!.push({ unit: f.unit, month: f.month, horizon: f.horizon, draws: f.draws, observed });
      }
    }
  }
  const methods: BacktestResult['methods'] = {};
  const byHorizon: BacktestResult['byHorizon'] = {};
  const byBand: BacktestResult['byBand'] = {};
  const byMonth: NonNullable<BacktestResult['byMonth']> = {};
  for (const [name, list] of rows) {
    let scored: ScoreSummary;
    if (options.byMonth) {
      const withMonths = scoreForecasts(list, { byMonth: true });
      byMonth[name] = withMonths.byMonth;
      scored = withMonths;
    } else scored = scoreForecasts(list);
    const { crps, ign, mis, coverage90, coverage50, n, pit } = scored;
    methods[name] = { crps, ign, mis, coverage90, coverage50, n, pit };
    byHorizon[name] = Array.from({ length: horizons }, (_, h) =>
      strip(scoreForecasts(list.filter((r) => r.horizon === h + 1))),
    );
    byBand[name] = HORIZON_BANDS.map((_, b) => {
      const inBand = list.filter((r) => bandOf(r.horizon) === b);
      return inBand.length ? strip(scoreForecasts(inBand)) : null;
    });
  }
  return {
    origins,
    horizons,
    draws,
    seed: options.seed,
    methods,
    byHorizon,
    byBand,
    ...(options.byMonth ? { byMonth } : {}),
    comparisons: compare(methods),
  };
}

/** Each model's CRPS ratio, IGN difference and MIS ratio against the best baseline on that metric. */
export function compare(methods: Partial<Record<MethodName, MethodScores>>): Comparison[] {
  const baselines = BASELINE_NAMES.filter((b) => methods[b]);
  if (baselines.length === 0) return [];
  const bestOn = (metric: 'crps' | 'ign' | 'mis'): BaselineName =>
    baselines.reduce((a, b) => (methods[b]![metric] < methods[a]![metric] ? b : a));
  const best = { crps: bestOn('crps'), ign: bestOn('ign'), mis: bestOn('mis') };
  return METHOD_NAMES.filter((m) => !(BASELINE_NAMES as readonly string[]).includes(m) && methods[m]).map(
    (model) => ({
      model,
      best,
      crps_ratio: methods[model]!.crps / methods[best.crps]!.crps,
      ign_diff: methods[model]!.ign - methods[best.ign]!.ign,
      mis_ratio: methods[model]!.mis / methods[best.mis]!.mis,
    }),
  );
}

function strip({ crps, ign, mis, coverage90, coverage50, n }: MethodScores): MethodScores {
  return { crps, ign, mis, coverage90, coverage50, n };
}
