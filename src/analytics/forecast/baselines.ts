/** The four baselines of the ViEWS prediction challenge: zero, Poisson around the last value, global bootstrap, conflictology. */
import { createRng } from './rng.ts';
import { targetMonths } from './panel.ts';
import type { Method, MethodInput, UnitMonthDraws } from './types.ts';

/** Months of recent history the bootstrap baselines resample from. */
export const BOOTSTRAP_WINDOW = 12;

/** Zero: every draw is 0. */
export const zeroBaseline: Method = (input) => build(input, () => () => 0);

/** Poisson around the last observed value: every draw is Poisson(λ = value at the origin), at every horizon. */
export const poissonLastBaseline: Method = (input) =>
  build(input, (values, unit) => {
    const rng = createRng(input.seed, 'poisson-last', input.origin, unit);
    const lambda = values[values.length - 1]!;
    return () => rng.poisson(lambda);
  });

/** Global bootstrap: draws resampled uniformly from the pooled last 12 months of all units. */
export const bootstrapGlobalBaseline: Method = (input) => {
  const pool = input.history.flatMap((s) => s.values.slice(-BOOTSTRAP_WINDOW));
  return build(input, (_values, unit) => {
    const rng = createRng(input.seed, 'bootstrap', input.origin, unit);
    return () => pool[rng.index(pool.length)]!;
  });
};

/** Conflictology: draws resampled uniformly from the unit's own last 12 months. */
export const conflictologyBaseline: Method = (input) =>
  build(input, (values, unit) => {
    const rng = createRng(input.seed, 'conflictology', input.origin, unit);
    const own = values.slice(-BOOTSTRAP_WINDOW);
    return () => own[rng.index(own.length)]!;
  });

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
