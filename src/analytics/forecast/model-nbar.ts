/**
 * NBAR: a pooled negative-binomial autoregression on log1p lags, fitted at the origin and
 * simulated forward recursively (each draw is fed back as the next month's lag).
 */
import { LRUCache } from 'lru-cache';
import { InvalidInputError } from '../../domain/errors.ts';
import { cholesky, type Matrix } from './linear.ts';
import { monthIndex } from './months.ts';
import { fitNegBin, type NegBinFit } from './nb-regression.ts';
import { isObserved, targetMonths } from './panel.ts';
import { indexFeatures, RELATIONS_WINDOW } from './relations-covariate.ts';
import { createRng, type Rng } from './rng.ts';
import type { Method, MethodInput, Neighbours, Series, UnitMonthDraws } from './types.ts';

/** Hyper-parameters of NBAR (chosen on origins before 2015, see docs/forecasting.md). */
export interface NbarOptions {
  /** Training targets are the months in (origin − trainMonths, origin]; all history when undefined. */
  trainMonths?: number;
  /** Half-life in months of the weight of a training row, by the age of its target at the origin; equal weights when undefined. */
  halfLife?: number;
  /** Adds sin/cos of the target's month of year. */
  seasonal: boolean;
  /** Adds one intercept per unit (all but the first), so levels need not come only from the lags. */
  unitEffects: boolean;
  /** Lets the log dispersion depend on log1p(12-month mean): log α = γ₀ + γ₁·log1p(mean12). */
  dispersionByLevel: boolean;
  /** Draws each path's coefficients from N(β̂, Σ̂) so that parameter uncertainty enters the draws. */
  parameterUncertainty: boolean;
  /** Ridge penalty on the slopes. */
  ridge: number;
  /** Simulated means are capped at this multiple of the largest training count, so that no path explodes. */
  muCapFactor: number;
  /**
   * Adds ViEWS's "time since" decay: 2^(−s/12), s the months since the unit last had at least this
   * many (deaths or events) within the last 12 months, 0 when none did. Off when undefined.
   */
  sinceHigh?: number;
  /**
   * Covariate series of the panel (Series.covariates, e.g. the actor-group deaths of
   * actor-groups.ts) entered as log1p of their mean over the 12 months before the target; beyond
   * the origin, where they are unknown, the simulation holds the 12 months up to the origin. None when undefined.
   */
  covariates?: readonly string[];
  /**
   * Signed index covariates (relations-covariate.ts: a relations index per month, NaN where not
   * covered), each entered as two columns: the signed log of its mean over the observed months
   * among the 3 before the target, and a 0/1 "covered" indicator (both 0 when none is observed, so
   * an uncovered month never reads as a value of 0); held at the origin beyond it. None when undefined.
   */
  indexCovariates?: readonly string[];
  /** Fewest training months an index covariate must cover to be estimated (MIN_COVERED_MONTHS when undefined). */
  minCoveredMonths?: number;
}

/** Defaults chosen on the validation origins 2009-12 … 2013-12 (see `tuneNbar`). */
export const NBAR_DEFAULTS: NbarOptions = {
  trainMonths: undefined,
  halfLife: 24,
  seasonal: false,
  unitEffects: true,
  dispersionByLevel: true,
  parameterUncertainty: false,
  ridge: 1e-3,
  muCapFactor: 3,
};

/** NBAR fitted at one origin: the regression, the names of its columns and the cap on simulated means. */
export interface NbarFit {
  origin: string;
  features: string[];
  regression: NegBinFit;
  muCap: number;
  /** Index covariates left out of this fit (their columns fixed at 0): covered in fewer than MIN_COVERED_MONTHS training months. */
  droppedCovariates: string[];
}

const LAGS = 12; // the 12-month mean is the longest memory the features use
const MEAN12_COLUMN = 4; // position of log1p_mean12 in every design row

// Which optional columns a design row has: neighbour lists, season, and how many unit intercepts (1: none).
interface Layout {
  neighbourIdx: number[][] | undefined;
  seasonal: boolean;
  units: number;
  sinceHigh?: number;
}

// log1p of a covariate's mean over the observed months among the 12 before index `end` (0 when none is).
function covariateMean12(unit: Series, name: string, end: number): number {
  const xs = unit.covariates?.[name];
  if (!xs) throw new InvalidInputError(`NBAR covariate ${name} is missing for unit ${unit.unit}`);
  let sum = 0;
  let seen = 0;
  for (let i = Math.max(0, end - LAGS); i < end; i++) {
    if (!isObserved(xs[i])) continue;
    if (xs[i]! < 0)
      throw new InvalidInputError(
        `NBAR covariate ${name} has value ${xs[i]} for unit ${unit.unit} (log1p covariates are counts; use indexCovariates for a signed index)`,
      );
    [sum, seen] = [sum + xs[i]!, seen + 1];
  }
  return seen === 0 ? 0 : Math.log1p(sum / seen);
}

// Every covariate column of a row whose target is at index `end` of the unit's series (the months before it only).
function covariateColumns(unit: Series, options: NbarOptions, end: number): number[] {
  const out = options.covariates?.map((name) => covariateMean12(unit, name, end)) ?? [];
  for (const name of options.indexCovariates ?? []) {
    const xs = unit.covariates?.[name];
    if (!xs) throw new InvalidInputError(`NBAR covariate ${name} is missing for unit ${unit.unit}`);
    out.push(...indexFeatures(xs, end));
  }
  return out;
}

/** Fits NBAR on the rows whose target month is at or before the origin (the history is already cut there). */
export function fitNbar(
  input: Pick<MethodInput, 'history' | 'origin' | 'neighbours'>,
  options: NbarOptions = NBAR_DEFAULTS,
): NbarFit {
  const units = input.history;
  const neighbourIdx = neighbourIndex(units, input.neighbours);
  const layout: Layout = {
    neighbourIdx,
    seasonal: options.seasonal,
    units: options.unitEffects ? units.length : 1,
    sinceHigh: options.sinceHigh,
  };
  const names = designNames(units, neighbourIdx, options);
  const originIdx = monthIndex(input.origin);
  const x: number[][] = [];
  const y: number[] = [];
  const weights: number[] = [];
  const backs: number[] = []; // each row's months between target and origin
  units.forEach((s, u) => {
    const len = s.values.length;
    for (let t = firstTarget(len, options); t < len; t++) {
      const back = len - 1 - t; // months between target and origin
      // Neighbour values k months before the target, found by distance to the origin (histories end there).
      const lagOf = (v: number, k: number): number => {
        const series = units[v]!.values;
        return series[series.length - 1 - back - k] ?? 0;
      };
      if (!isObserved(s.values[t])) continue; // a month no source covers is no target
      const covs = covariateColumns(s, options, t);
      const row = featureRow(u, lagOf, layout, originIdx - back, covs);
      if (row === null) continue; // nothing observed in the 12 months before it
      x.push(row);
      backs.push(back);
      y.push(s.values[t]!);
      weights.push(options.halfLife === undefined ? 1 : 0.5 ** (back / options.halfLife));
    }
  });
  if (y.length === 0) throw new InvalidInputError(`no training rows for NBAR at origin ${input.origin}`);
  const droppedCovariates = dropThinCovariates(
    names,
    x,
    backs,
    options.indexCovariates ?? [],
    options.minCoveredMonths ?? MIN_COVERED_MONTHS,
  );
  const dispersionCovariate = options.dispersionByLevel ? x.map((row) => row[MEAN12_COLUMN]!) : undefined;
  const regression = fitNegBin(x, y, { ridge: options.ridge, dispersionCovariate, weights });
  const muCap = options.muCapFactor * Math.max(1, ...y);
  return { origin: input.origin, features: names, regression, muCap, droppedCovariates };
}

// The design's column names for a history (its neighbour lists as neighbourIndex gives them).
function designNames(
  units: MethodInput['history'],
  neighbourIdx: number[][] | undefined,
  options: NbarOptions,
): string[] {
  return featureNames(
    neighbourIdx !== undefined,
    options.seasonal,
    options.unitEffects ? units.map((s) => s.unit) : [],
    options.sinceHigh !== undefined,
    options.covariates,
    options.indexCovariates,
  );
}

// The first target month fitNbar trains on in a series of `len` months (12 lags, then trainMonths).
const firstTarget = (len: number, options: NbarOptions) =>
  Math.max(LAGS, options.trainMonths === undefined ? 0 : len - options.trainMonths);

/**
 * The rows fitNbar would train on (an observed target with something observed in the 12 months
 * before it) and the parameters it estimates (the design's columns and the dispersion's one or
 * two), counted without fitting: whether a history can carry the model at all.
 */
export function nbarTrainingSize(
  input: Pick<MethodInput, 'history' | 'neighbours'>,
  options: NbarOptions = NBAR_DEFAULTS,
): { rows: number; parameters: number } {
  const units = input.history;
  let rows = 0;
  for (const s of units)
    for (let t = firstTarget(s.values.length, options); t < s.values.length; t++)
      if (isObserved(s.values[t]) && s.values.slice(t - LAGS, t).some(isObserved)) rows++;
  const names = designNames(units, neighbourIndex(units, input.neighbours), options);
  return { rows, parameters: names.length + (options.dispersionByLevel ? 2 : 1) };
}

/**
 * Fewest training months (distinct target months) an index covariate must cover for NBAR to
 * estimate it: a year, as the panel's own rule (12 lags and a year of targets). Fewer, and its
 * two columns are fixed at 0, so the fit is the one without it (a few covered rows overfit).
 */
export const MIN_COVERED_MONTHS = 12;

// Zeroes, in every row, the columns of the index covariates covered in too few training months; returns their names.
function dropThinCovariates(
  names: string[],
  x: number[][],
  backs: number[],
  covs: readonly string[],
  min: number,
): string[] {
  const dropped: string[] = [];
  for (const c of covs) {
    const flag = names.indexOf(`${c}_covered`);
    const months = new Set(backs.filter((_, i) => x[i]![flag] === 1));
    if (months.size >= min) continue;
    dropped.push(c);
    for (const row of x) row[flag - 1] = row[flag] = 0;
  }
  return dropped;
}

/** Simulates draws for horizons 1..H by recursion: each path feeds its own draws back as lags. */
export function simulateNbar(
  fit: NbarFit,
  input: MethodInput,
  options: NbarOptions = NBAR_DEFAULTS,
): UnitMonthDraws[] {
  const units = input.history;
  const neighbourIdx = neighbourIndex(units, input.neighbours);
  const layout: Layout = {
    neighbourIdx,
    seasonal: options.seasonal,
    units: options.unitEffects ? units.length : 1,
    sinceHigh: options.sinceHigh,
  };
  const [g0, g1] = fit.regression.gamma;
  const months = targetMonths(input.origin, input.horizons);
  const originIdx = monthIndex(input.origin);
  for (const s of units) {
    if (s.values.length < LAGS) {
      throw new InvalidInputError(
        `NBAR needs ${LAGS} months before origin ${input.origin}; unit ${s.unit} has ${s.values.length}`,
      );
    }
  }
  const out = units.flatMap((s) =>
    months.map((month, h) => ({
      unit: s.unit,
      month,
      horizon: h + 1,
      draws: new Array<number>(input.draws),
    })),
  );
  const rng = createRng(input.seed, 'nbar', input.origin);
  const betaChol = options.parameterUncertainty ? cholesky(fit.regression.covariance) : undefined;
  const path = units.map(() => new Float64Array(LAGS + input.horizons));
  // Covariates are unknown after the origin: every horizon takes the 12 months up to it.
  const covs = units.map((s) => covariateColumns(s, options, s.values.length));
  for (let d = 0; d < input.draws; d++) {
    const beta = betaChol ? drawBeta(fit.regression.beta, betaChol, rng) : fit.regression.beta;
    units.forEach((s, u) => path[u]!.set(s.values.slice(-LAGS)));
    for (let h = 1; h <= input.horizons; h++) {
      const pos = LAGS + h - 1;
      const lagOf = (v: number, k: number): number => path[v]![pos - k]!;
      for (let u = 0; u < units.length; u++) {
        const row = featureRow(u, lagOf, layout, originIdx + h, covs[u]);
        if (row === null)
          throw new InvalidInputError(
            `NBAR needs an observed month among the ${LAGS} before origin ${input.origin}; unit ${units[u]!.unit} has none`,
          );
        let eta = 0;
        for (let j = 0; j < row.length; j++) eta += row[j]! * beta[j]!;
        const mu = Math.min(Math.exp(Math.min(eta, 30)), fit.muCap);
        const draw = rng.negBinomial(mu, Math.exp(g0 + g1 * row[MEAN12_COLUMN]!));
        path[u]![pos] = draw;
        out[u * input.horizons + h - 1]!.draws[d] = draw;
      }
    }
  }
  return out;
}

/** Each unit's design row for the month after the origin, by column name (what the fitted coefficients multiply at h = 1). */
export function nextMonthFeatures(
  input: Pick<MethodInput, 'history' | 'origin' | 'neighbours'>,
  options: NbarOptions = NBAR_DEFAULTS,
): Map<string, Record<string, number> | null> {
  const units = input.history;
  const layout: Layout = {
    neighbourIdx: neighbourIndex(units, input.neighbours),
    seasonal: options.seasonal,
    units: options.unitEffects ? units.length : 1,
    sinceHigh: options.sinceHigh,
  };
  const names = featureNames(
    layout.neighbourIdx !== undefined,
    options.seasonal,
    options.unitEffects ? units.map((s) => s.unit) : [],
    options.sinceHigh !== undefined,
    options.covariates,
    options.indexCovariates,
  );
  const lagOf = (v: number, k: number): number => {
    const series = units[v]!.values;
    return series[series.length - k] ?? 0;
  };
  return new Map(
    units.map((s, u) => {
      const covs = covariateColumns(s, options, s.values.length);
      const row = featureRow(u, lagOf, layout, monthIndex(input.origin) + 1, covs);
      return [s.unit, row && Object.fromEntries(names.map((n, j) => [n, row[j]!]))];
    }),
  );
}

/**
 * NBAR as a forecasting method: fit at the origin (or reuse a fit of the same inputs: `keptFit`),
 * then simulate.
 */
export function nbarMethod(options: NbarOptions = NBAR_DEFAULTS): Method {
  return (input) => simulateNbar(keptFit(input, options), input, options);
}

/** How many fits are kept: a December backtest of 7 origins at both levels and the live fits, many times over. */
export const KEPT_FITS = 128;

/**
 * Fits kept in this process, keyed by everything fitNbar reads (fitKey), the least recently used
 * dropped first. A fit is a pure function of those inputs, so a kept one is the one fitNbar would
 * make again: a backtest of every method fits NBAR once per origin, not once for `nbar` and again
 * inside the `nbar-mix` ensemble, and a server's forecasts of one panel in another format, draws or
 * seed (their skill backtests included) reuse the fits of the first. Callers only read a fit
 * (simulateNbar).
 */
const keptFits = new LRUCache<string, NbarFit>({ max: KEPT_FITS });

/** fitNbar(input, options), from the kept fits when the same inputs were fitted before (the least recently used go first). */
export function keptFit(
  input: Pick<MethodInput, 'history' | 'origin' | 'neighbours'>,
  options: NbarOptions,
): NbarFit {
  const key = fitKey(input, options);
  const kept = keptFits.get(key);
  if (kept) return kept;
  const fit = fitNbar(input, options);
  keptFits.set(key, fit);
  return fit;
}

/**
 * Everything fitNbar reads, as a string: the origin, the options, the neighbour lists, each unit's
 * name and the exact bits of its values and of the covariates the options name (NaN and −0 included).
 */
function fitKey(input: Pick<MethodInput, 'history' | 'origin' | 'neighbours'>, options: NbarOptions): string {
  const names = [...(options.covariates ?? []), ...(options.indexCovariates ?? [])];
  const head = JSON.stringify([
    input.origin,
    options,
    input.neighbours ? [...input.neighbours] : null,
    input.history.map((s) => [s.unit, s.values.length, names.map((n) => s.covariates?.[n]?.length ?? -1)]),
  ]);
  const parts = [head];
  for (const s of input.history) {
    parts.push(bitsOf(s.values));
    for (const n of names) {
      const xs = s.covariates?.[n];
      if (xs) parts.push(bitsOf(xs));
    }
  }
  return parts.join('\u0000');
}

/** The bits of numbers, four UTF-16 code units each: equal strings are equal numbers, bit for bit. */
function bitsOf(xs: readonly number[]): string {
  const units = new Uint16Array(new Float64Array(xs).buffer);
  let out = '';
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.subarray(i, i + 4096));
  return out;
}

/** Column names of the design matrix, in order. */
export function featureNames(
  withNeighbours: boolean,
  seasonal: boolean,
  unitEffects: string[],
  sinceHigh = false,
  covariates: readonly string[] = [],
  indexCovariates: readonly string[] = [],
): string[] {
  return [
    'intercept',
    'log1p_lag1',
    'log1p_lag2',
    'log1p_lag3',
    'log1p_mean12',
    ...(withNeighbours ? ['log1p_neighbour_mean_lag1'] : []),
    ...(seasonal ? ['sin_month', 'cos_month'] : []),
    ...(sinceHigh ? ['decay_since_high'] : []),
    ...covariates.map((c) => `log1p_${c}_mean12`),
    ...indexCovariates.flatMap((c) => [`slog_${c}_mean${RELATIONS_WINDOW}`, `${c}_covered`]),
    ...unitEffects.slice(1).map((u) => `unit_${u}`),
  ];
}

/**
 * One design row for unit u; lagOf(v, k) is unit v's value k months before the target, NaN for a
 * month no source covers. The 12-month mean is over the observed months among the 12; a missing
 * lag 1-3 takes that mean; the neighbours' mean is over those observed a month before (the unit's
 * own lag 1 when none is); `covariates` are the row's covariate columns, already computed. Null
 * when none of the 12 months is observed: the row cannot be built.
 */
function featureRow(
  u: number,
  lagOf: (v: number, k: number) => number,
  layout: Layout,
  targetMonthIdx: number,
  covariates: readonly number[] = [],
): number[] | null {
  const { neighbourIdx, seasonal, units } = layout;
  let sum12 = 0;
  let seen = 0;
  for (let k = 1; k <= LAGS; k++) {
    const v = lagOf(u, k);
    if (isObserved(v)) [sum12, seen] = [sum12 + v, seen + 1];
  }
  if (seen === 0) return null;
  const mean12 = sum12 / seen;
  const lag = (k: number): number => {
    const v = lagOf(u, k);
    return isObserved(v) ? v : mean12;
  };
  const row = [1, Math.log1p(lag(1)), Math.log1p(lag(2)), Math.log1p(lag(3)), Math.log1p(mean12)];
  if (neighbourIdx) {
    const ns = neighbourIdx[u]!;
    let sum = 0;
    let n = 0;
    for (const v of ns) {
      const x = lagOf(v, 1);
      if (isObserved(x)) [sum, n] = [sum + x, n + 1];
    }
    row.push(ns.length === 0 ? 0 : n > 0 ? Math.log1p(sum / n) : row[1]!);
  }
  if (seasonal) {
    const angle = (2 * Math.PI * (targetMonthIdx % 12)) / 12;
    row.push(Math.sin(angle), Math.cos(angle));
  }
  if (layout.sinceHigh !== undefined) {
    let k = 1;
    while (k <= LAGS && !(lagOf(u, k) >= layout.sinceHigh)) k++; // NaN (missing) is not high
    row.push(k > LAGS ? 0 : 2 ** (-(k - 1) / 12));
  }
  row.push(...covariates);
  for (let v = 1; v < units; v++) row.push(v === u ? 1 : 0);
  return row;
}

// Neighbour positions per unit; neighbours outside the panel are ignored. Undefined when no lists are given.
function neighbourIndex(units: Series[], neighbours: Neighbours | undefined): number[][] | undefined {
  if (!neighbours) return undefined;
  const pos = new Map(units.map((s, i) => [s.unit, i]));
  return units.map((s) => (neighbours.get(s.unit) ?? []).flatMap((n) => (pos.has(n) ? [pos.get(n)!] : [])));
}

function drawBeta(beta: number[], l: Matrix, rng: Rng): number[] {
  const z = beta.map(() => rng.normal());
  return beta.map((b, i) => b + l[i]!.reduce((s, lij, j) => s + lij * z[j]!, 0));
}
