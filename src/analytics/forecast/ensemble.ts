/**
 * Skill-weighted ensembles: each unit-month's draws pooled from several methods, in proportions set
 * per horizon band from the methods' past (validation) skill. Every component is a seeded method
 * whose first n draws equal an n-draw run, so the pool is deterministic under a seed.
 */
import { InvalidInputError } from '../../domain/errors.ts';
import { bandOf, HORIZON_BANDS } from './bands.ts';
import type { Method, UnitMonthDraws } from './types.ts';

/** Shares of each component per horizon band: `weights[band][component]`, each band's shares summing to 1. */
export interface EnsembleWeights {
  components: readonly string[];
  weights: readonly (readonly number[])[];
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

/** Pools unit-month rows of component draws (same units, months and order) with the band's counts, taking each component's first draws. */
export function poolDraws(
  parts: readonly (readonly UnitMonthDraws[] | undefined)[],
  weights: readonly (readonly number[])[],
  m: number,
): UnitMonthDraws[] {
  const counts = weights.map((w) => drawCounts(w, m));
  const base = parts.find((p) => p !== undefined);
  if (!base) throw new InvalidInputError('an ensemble needs at least one component with draws');
  return base.map((row, i) => {
    const n = counts[Math.min(bandOf(row.horizon), counts.length - 1)]!;
    const draws: number[] = [];
    n.forEach((k, c) => {
      if (k === 0) return;
      const src = parts[c]?.[i];
      if (!src || src.draws.length < k || src.unit !== row.unit || src.month !== row.month)
        throw new InvalidInputError(`ensemble component ${c} has no draws for ${row.unit} ${row.month}`);
      for (let d = 0; d < k; d++) draws.push(src.draws[d]!);
    });
    return { ...row, draws };
  });
}

/** An ensemble method: runs each component for the most draws any band takes from it, then pools per band. */
export function ensemble(methods: readonly Method[], weights: EnsembleWeights): Method {
  if (weights.weights.length !== HORIZON_BANDS.length || methods.length !== weights.components.length)
    throw new InvalidInputError(
      `invalid ensemble: ${methods.length} methods, ${weights.components.length} components, ${weights.weights.length} bands (use one share list per band ${HORIZON_BANDS.map((b) => b.label).join(', ')})`,
    );
  return (input) => {
    const counts = weights.weights.map((w) => drawCounts(w, input.draws));
    const parts = methods.map((method, c) => {
      const most = Math.max(...counts.map((n) => n[c]!));
      return most > 0 ? method({ ...input, draws: most }) : undefined;
    });
    return poolDraws(parts, weights.weights, input.draws);
  };
}
