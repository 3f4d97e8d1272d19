/**
 * Skill-weighted ensembles: each unit-month's draws pooled from several methods, in proportions set
 * per horizon band from the methods' past (validation) skill. Every component is a seeded method,
 * so the pool is deterministic under a seed (its draws are not prefix-stable for every component:
 * docs/forecasting.md, "Pooling").
 */
import { InvalidInputError } from '../../domain/errors.ts';
import { bandOf, HORIZON_BANDS } from './bands.ts';
import { checkSpread, spreadAround } from './recalibrate.ts';
import type { Method, UnitMonthDraws } from './types.ts';

/** Shares of each component per horizon band: `weights[band][component]`, each band's shares summing to 1. */
export interface EnsembleWeights {
  components: readonly string[];
  weights: readonly (readonly number[])[];
  /**
   * Recalibration factor per horizon band, applied to the pooled draws (see recalibrate.ts):
   * learnt on validation origins; 1 (or absent) leaves the pool as it is.
   */
  spread?: readonly number[];
}

/**
 * How many of m draws each component gives: cumulative rounding, so the counts sum to m and a
 * two-component pool takes round(w·m) from the first (the rule of `mixture`).
 */
export function drawCounts(shares: readonly number[], m: number): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  if (shares.some((w) => !(w >= 0)) || Math.abs(total - 1) > 1e-9)
    throw new InvalidInputError(
      `invalid ensemble weights: ${shares.join(', ')} (use shares >= 0 summing to 1)`,
    );
  let cum = 0;
  let given = 0;
  return shares.map((w) => {
    cum += w;
    const upTo = Math.min(m, Math.round(cum * m));
    const n = upTo - given;
    given = upTo;
    return n;
  });
}

/**
 * Pools unit-month rows of component draws (same units, months and order) with the band's counts,
 * taking each component's first draws, then recalibrates each pool by the band's spread factor.
 */
export function poolDraws(
  parts: readonly (readonly UnitMonthDraws[] | undefined)[],
  weights: readonly (readonly number[])[],
  m: number,
  spread?: readonly number[],
): UnitMonthDraws[] {
  spread?.forEach(checkSpread);
  const counts = weights.map((w) => drawCounts(w, m));
  const base = parts.find((p) => p !== undefined);
  if (!base) throw new InvalidInputError('an ensemble needs at least one component with draws');
  return base.map((row, i) => {
    const band = Math.min(bandOf(row.horizon), counts.length - 1);
    const n = counts[band]!;
    const draws: number[] = [];
    n.forEach((k, c) => {
      if (k === 0) return;
      const src = parts[c]?.[i];
      if (!src || src.draws.length < k || src.unit !== row.unit || src.month !== row.month)
        throw new InvalidInputError(`ensemble component ${c} has no draws for ${row.unit} ${row.month}`);
      for (let d = 0; d < k; d++) draws.push(src.draws[d]!);
    });
    const factor = spread?.[band] ?? 1;
    return { ...row, draws: factor === 1 ? draws : spreadAround(draws, factor) };
  });
}

/** An ensemble method: runs each component for the most draws any band takes from it, then pools (and recalibrates) per band. */
export function ensemble(methods: readonly Method[], weights: EnsembleWeights): Method {
  if (
    weights.weights.length !== HORIZON_BANDS.length ||
    methods.length !== weights.components.length ||
    (weights.spread !== undefined && weights.spread.length !== HORIZON_BANDS.length)
  )
    throw new InvalidInputError(
      `invalid ensemble: ${methods.length} methods, ${weights.components.length} components, ${weights.weights.length} bands, ${weights.spread?.length ?? 'no'} spread factors (use one share list and at most one spread factor per band ${HORIZON_BANDS.map((b) => b.label).join(', ')})`,
    );
  return (input) => {
    const counts = weights.weights.map((w) => drawCounts(w, input.draws));
    const parts = methods.map((method, c) => {
      const most = Math.max(...counts.map((n) => n[c]!));
      return most > 0 ? method({ ...input, draws: most }) : undefined;
    });
    return poolDraws(parts, weights.weights, input.draws, weights.spread);
  };
}
