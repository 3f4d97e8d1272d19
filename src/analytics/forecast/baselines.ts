/**
 * The four baselines of the ViEWS prediction challenge: zero, Poisson around the last value, global
 * bootstrap, conflictology. Months no source covers (NaN) are skipped: "the last value" and "the
 * last 12 months" are the last observed ones.
 */
import { InvalidInputError } from '../../domain/errors.ts';
import { createRng } from './rng.ts';
import { lastObserved, targetMonths } from './panel.ts';
import type { Method, MethodInput, UnitMonthDraws } from './types.ts';

/** Months of recent history the bootstrap baselines resample from. */
export const BOOTSTRAP_WINDOW = 12;

/** Zero: every draw is 0. */
export const zeroBaseline: Method = (input) => build(input, () => () => 0);

/** Poisson around the last observed value: every draw is Poisson(λ = value at the origin, or the last observed before it), at every horizon. */
export const poissonLastBaseline: Method = (input) =>
  build(input, (values, unit) => {
    const rng = createRng(input.seed, 'poisson-last', input.origin, unit);
    const lambda = observedWindow(values, 1, unit)[0]!;
    return () => rng.poisson(lambda);
  });

/**
 * Global bootstrap: draws resampled uniformly from the pooled last 12 observed months of all units
 * (a live forecast over a panel with uncovered months passes the observed months among the 12
 * calendar months up to the origin instead: src/app/forecast/live-model.ts).
 */
export const bootstrapGlobalBaseline: Method = (input) => {
  const pool = input.history.flatMap((s) => observedWindow(s.values, BOOTSTRAP_WINDOW, s.unit));
  return build(input, (_values, unit) => {
    const rng = createRng(input.seed, 'bootstrap', input.origin, unit);
    return () => pool[rng.index(pool.length)]!;
  });
};

/** Conflictology: draws resampled uniformly from the unit's own last 12 observed months. */
export const conflictologyBaseline: Method = (input) =>
  build(input, (values, unit) => {
    const rng = createRng(input.seed, 'conflictology', input.origin, unit);
    const own = observedWindow(values, BOOTSTRAP_WINDOW, unit);
    return () => own[rng.index(own.length)]!;
  });

/**
 * Recent low: every draw is the unit's lowest observed month among the last 12 (0 where one of
 * them was 0). Not one of the ViEWS baselines: where the admin-1 ensemble puts its `zero` share
 * (EnsembleWeights.floor; docs/forecasting.md, "The floor of the pool").
 */
export const recentLowMethod: Method = (input) =>
  build(input, (values, unit) => {
    const low = Math.min(...observedWindow(values, BOOTSTRAP_WINDOW, unit));
    return () => low;
  });

// The last n observed values of a unit's history; throws when it has none.
function observedWindow(values: readonly number[], n: number, unit: string): number[] {
  const out = lastObserved(values, n);
  if (out.length === 0) throw new InvalidInputError(`no observed month before the origin for unit ${unit}`);
  return out;
}

// Runs one sampler per unit over every horizon and draw, in a fixed order.
function build(
  input: MethodInput,
  sampler: (values: number[], unit: string) => () => number,
): UnitMonthDraws[] {
  const months = targetMonths(input.origin, input.horizons);
  const out: UnitMonthDraws[] = [];
  for (const s of input.history) {
    const next = sampler(s.values, s.unit);
    months.forEach((month, h) => {
      out.push({ unit: s.unit, month, horizon: h + 1, draws: Array.from({ length: input.draws }, next) });
    });
  }
  return out;
}
