/**
 * The model of a live forecast (docs/forecasting.md, "Forecast from the latest data"): the shipped
 * ensemble with two rules that a backtest on a gap-free history never meets, so the recorded
 * backtests are unchanged. (1) NBAR leaves the pool when the history has too few training rows
 * for its parameters; the other components' shares are scaled up. (2) The baselines and the floor
 * read the 12 calendar months up to the origin (the observed ones among them), not the last 12
 * observed months reaching back across a coverage gap. A country forecast made bottom up
 * (`LiveOptions.bottomUp`) runs this model on its parts and sums their draws, as the backtest does.
 */
import { grouped } from '../../domain/format-number.ts';
import { counted } from '../../domain/plural.ts';
import { recentLowMethod } from '../../analytics/forecast/baselines.ts';
import { sumByDraw } from '../../analytics/forecast/bottom-up.ts';
import { ensemble, type EnsembleWeights } from '../../analytics/forecast/ensemble.ts';
import {
  QUANTILE_LEVELS,
  type Quantiles,
  type UnitMonthForecast,
} from '../../analytics/forecast/forecast.ts';
import { methodByName, type MethodName } from '../../analytics/forecast/methods.ts';
import { nbarTrainingSize, type NbarOptions } from '../../analytics/forecast/model-nbar.ts';
import { addMonths } from '../../analytics/forecast/months.ts';
import { historyUpTo, isObserved, validatePanel } from '../../analytics/forecast/panel.ts';
import { quantileSorted, sortedCopy } from '../../analytics/forecast/quantile.ts';
import type { Method, Neighbours, Panel, Series, UnitMonthDraws } from '../../analytics/forecast/types.ts';

/** The "recent" window of the baselines and the floor: the calendar months up to and including the origin. */
export const RECENT_MONTHS = 12;

/**
 * Fewest observed months a recent window resamples from: half the window. When the 12 calendar
 * months hold fewer (a source that starts a few months before the origin), the window takes the
 * last MIN_RECENT_OBSERVED observed months, reaching back before the 12 months, and the answer says so.
 */
export const MIN_RECENT_OBSERVED = 6;

/**
 * Fewest NBAR training rows per estimated parameter (regression coefficients and the dispersion's
 * one or two), the usual rule of thumb of ten per parameter. Fewer, and the fit is left out of the
 * pool: on six Candidate months its paths ran into the cap or down to 0 (the GED histories have
 * 50 to 200 rows per parameter).
 */
export const MIN_ROWS_PER_PARAMETER = 10;

/** What the live model needs besides the panel: as `forecast` takes them. */
export interface LiveOptions {
  origin: string;
  horizons: number;
  draws: number;
  seed: number;
  methods?: readonly MethodName[];
  neighbours?: Neighbours;
  nbar: NbarOptions;
  ensemble: EnsembleWeights;
  /**
   * Makes `nbar-mix` of a one-unit (country) panel bottom up (bottom-up.ts): the live model of the
   * parts (provinces and the remainder) with their neighbours and shares, summed draw by draw.
   */
  bottomUp?: { parts: Panel; neighbours?: Neighbours; ensemble: EnsembleWeights };
}

/** The forecasts and what the answer must say about how the model departed from the shipped one. */
export interface LiveForecast {
  forecasts: UnitMonthForecast[];
  notes: string[];
}

/** The shares with `component`'s set to 0 and the others scaled up to sum to 1 in every band. */
export function withoutComponent(weights: EnsembleWeights, component: string): EnsembleWeights {
  const c = weights.components.indexOf(component);
  if (c < 0) return weights;
  return {
    ...weights,
    weights: weights.weights.map((band) => {
      const rest = band.reduce((a, w, i) => (i === c ? a : a + w), 0);
      return band.map((w, i) => (i === c ? 0 : w / rest));
    }),
  };
}

/** The months of a series' recent window: the observed ones among the 12 calendar months up to the origin, or (fallback) the last MIN_RECENT_OBSERVED observed. */
export function recentWindow(s: Series, origin: string): { kept: string[]; fallback: boolean } {
  const start = addMonths(origin, 1 - RECENT_MONTHS);
  const observed = s.months.filter((m, i) => m <= origin && isObserved(s.values[i]));
  const inside = observed.filter((m) => m >= start);
  if (inside.length >= MIN_RECENT_OBSERVED || inside.length === observed.length)
    return { kept: inside, fallback: false };
  return { kept: observed.slice(-MIN_RECENT_OBSERVED), fallback: true };
}

// The series with every month outside its recent window marked missing (NaN), so a baseline that
// reads "the last 12 observed months" reads the window's.
function masked(s: Series, origin: string): Series {
  const keep = new Set(recentWindow(s, origin).kept);
  return { ...s, values: s.values.map((v, i) => (keep.has(s.months[i]!) ? v : NaN)) };
}

/** A method that sees only each unit's recent window (the baselines and the floor). */
const windowed =
  (method: Method): Method =>
  (input) =>
    method({ ...input, history: input.history.map((s) => masked(s, input.origin)) });

/** Runs the live model; draws, mean and quantiles per method, unit and month, as `forecast` gives them. */
export function liveForecast(panel: Panel, o: LiveOptions): LiveForecast {
  const methods =
    o.methods ?? (['zero', 'poisson-last', 'bootstrap', 'conflictology', 'nbar', 'nbar-mix'] as const);
  if (o.bottomUp && methods.includes('nbar-mix')) {
    const { parts, neighbours, ensemble: shares } = o.bottomUp;
    if (panel.length !== 1) throw new Error(`a bottom-up forecast is of one unit, got ${panel.length}`);
    const own = liveForecast(panel, {
      ...o,
      methods: methods.filter((m) => m !== 'nbar-mix'),
      bottomUp: undefined,
    });
    const up = liveForecast(parts, {
      ...o,
      methods: ['nbar-mix'],
      neighbours,
      ensemble: shares,
      bottomUp: undefined,
    });
    const sums = sumByDraw(up.forecasts, panel[0]!.unit, parts.length).map((f) => summarised('nbar-mix', f));
    return {
      forecasts: methods.flatMap((m) =>
        m === 'nbar-mix' ? sums : own.forecasts.filter((f) => f.method === m),
      ),
      notes: [...own.notes, ...up.notes.map((n) => `in the parts' ensemble (bottom up): ${n}`)],
    };
  }
  validatePanel(panel);
  const history = historyUpTo(panel, o.origin);
  const input = {
    history,
    origin: o.origin,
    horizons: o.horizons,
    draws: o.draws,
    seed: o.seed,
    neighbours: o.neighbours,
  };
  const notes: string[] = [];
  const fit = nbarTrainingSize({ history, neighbours: o.neighbours }, o.nbar);
  let weights = o.ensemble;
  if (fit.rows < MIN_ROWS_PER_PARAMETER * fit.parameters && weights.components.includes('nbar')) {
    weights = withoutComponent(weights, 'nbar');
    if (methods.includes('nbar-mix'))
      notes.push(
        `NBAR is left out of the ensemble: ${grouped(fit.rows)} training rows for its ${fit.parameters} parameters, fewer than ${MIN_ROWS_PER_PARAMETER} per parameter (fitted on so few rows, NBAR's paths ran into its runaway cap or down to 0); the other components' shares are scaled up to sum to 1`,
      );
  }
  const window = recentNote(panel[0], o.origin);
  if (window && methods.some((m) => m !== 'zero' && m !== 'poisson-last' && m !== 'nbar')) notes.push(window);
  const one = (name: MethodName): Method => {
    if (name === 'bootstrap' || name === 'conflictology') return windowed(methodByName(name, o.nbar));
    if (name !== 'nbar-mix') return methodByName(name, o.nbar);
    return ensemble(
      weights.components.map((c) =>
        c === 'zero' && weights.floor === 'recent-low' ? windowed(recentLowMethod) : one(c as MethodName),
      ),
      weights,
    );
  };
  const forecasts = methods.flatMap((name) => one(name)(input).map((f) => summarised(name, f)));
  return { forecasts, notes };
}

/** One unit-month's draws with their mean and quantiles, as `forecast` gives them. */
function summarised(method: MethodName, f: UnitMonthDraws): UnitMonthForecast {
  const sorted = sortedCopy(f.draws);
  const quantiles = Object.fromEntries(
    Object.entries(QUANTILE_LEVELS).map(([key, p]) => [key, quantileSorted(sorted, p)]),
  ) as Quantiles;
  return {
    method,
    unit: f.unit,
    month: f.month,
    horizon: f.horizon,
    draws: f.draws,
    mean: f.draws.reduce((a, b) => a + b, 0) / f.draws.length,
    quantiles,
  };
}

/** What the answer says when the 12 calendar months up to the origin are not all observed (null when they are). */
export function recentNote(s: Series | undefined, origin: string): string | null {
  if (!s) return null;
  const { kept, fallback } = recentWindow(s, origin);
  const start = addMonths(origin, 1 - RECENT_MONTHS);
  if (!fallback && kept.length === RECENT_MONTHS) return null;
  const runs = spans(kept);
  return fallback
    ? `the 12 calendar months up to the origin (${start} to ${origin}) hold only ${counted(kept.filter((m) => m >= start).length, 'observed month')}, fewer than ${MIN_RECENT_OBSERVED}, so the baselines and the floor resample the last ${MIN_RECENT_OBSERVED} observed months (${runs})`
    : `the baselines and the floor resample the ${kept.length} observed months among the 12 calendar months up to the origin (${runs}; ${start} to ${origin} less the months no source covers)`;
}

// Runs of consecutive months, "2026-01 to 2026-07, 2021-12".
function spans(months: readonly string[]): string {
  const out: [string, string][] = [];
  for (const m of months) {
    const last = out.at(-1);
    if (last && addMonths(last[1], 1) === m) last[1] = m;
    else out.push([m, m]);
  }
  return out.map(([a, b]) => (a === b ? a : `${a} to ${b}`)).join(', ');
}
