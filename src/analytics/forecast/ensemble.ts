/**
 * Skill-weighted ensembles: each unit-month's draws pooled from several methods, in proportions set
 * per horizon band from the methods' past (validation) skill. Every component is a seeded method,
 * so the pool is deterministic under a seed (its draws are not prefix-stable for every component:
 * docs/forecasting.md, "Pooling").
 */
import { InvalidInputError } from '../../domain/errors.ts';
import { bandOf, HORIZON_BANDS } from './bands.ts';
import { sortedCopy } from './quantile.ts';
import { checkSpread, spreadAround } from './recalibrate.ts';
import type { Method, UnitMonthDraws } from './types.ts';

/**
 * How the components' draws are combined: `linear-pool` concatenates each component's first
 * share·m draws (a mixture); `quantile-average` (Vincentization) makes draw i the share-weighted
 * mean of the components' i-th smallest draws, rounded half to even.
 */
export type CombinationRule = 'linear-pool' | 'quantile-average';

/** The combination rules, in the order the bench reports them. */
export const COMBINATION_RULES: readonly CombinationRule[] = ['linear-pool', 'quantile-average'];

/** Shares of each component per horizon band: `weights[band][component]`, each band's shares summing to 1. */
export interface EnsembleWeights {
  components: readonly string[];
  weights: readonly (readonly number[])[];
  /** How the draws are combined (absent: `linear-pool`). */
  rule?: CombinationRule;
  /**
   * Recalibration factor per horizon band, applied to the pooled draws (see recalibrate.ts):
   * learnt on validation origins; 1 (or absent) leaves the pool as it is.
   */
  spread?: readonly number[];
  /**
   * Where the `zero` component's share puts its draws: at 0 (`zero`, or absent), or at the unit's
   * lowest observed month among the 12 up to the origin (`recent-low`: the same draws where that
   * month was 0). Adopted per level by the nested hold-out check (docs/forecasting.md, "The floor of the pool").
   */
  floor?: 'zero' | 'recent-low';
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

/** x rounded to the nearest integer, halves to the even one (after snapping float noise within 1e-9). */
export function roundHalfEven(x: number): number {
  const snapped = Math.round(x * 1e9) / 1e9;
  const lo = Math.floor(snapped);
  const frac = snapped - lo;
  if (frac < 0.5) return lo;
  if (frac > 0.5) return lo + 1;
  return lo % 2 === 0 ? lo : lo + 1;
}

/**
 * Quantile averaging (Vincentization): `sorted[c]` holds component c's draws in ascending order
 * (at least m of those with a share above 0); combined draw i (ascending) is
 * roundHalfEven(Σ_c shares[c]·sorted[c][i]). Its quantiles are the share-weighted means of the
 * components' quantiles, so it is no wider than its widest component (a linear pool is wider).
 */
export function quantileAverage(
  sorted: readonly (ArrayLike<number> | undefined)[],
  shares: readonly number[],
  m: number,
  out: number[] | Float64Array = new Array<number>(m),
): number[] | Float64Array {
  const used = shares.flatMap((w, c) => (w > 0 ? [c] : []));
  for (const c of used)
    if (!sorted[c] || sorted[c]!.length < m)
      throw new InvalidInputError(
        `quantile averaging needs ${m} draws of component ${c}, got ${sorted[c]?.length ?? 0}`,
      );
  for (let i = 0; i < m; i++) {
    let x = 0;
    for (const c of used) x += shares[c]! * sorted[c]![i]!;
    out[i] = roundHalfEven(x);
  }
  return out;
}

/**
 * Pools unit-month rows of component draws (same units, months and order) by the rule: a linear
 * pool with the band's counts (each component's first draws), or the quantile average of each
 * component's first m draws with the band's shares; then recalibrates by the band's spread factor.
 */
export function poolDraws(
  parts: readonly (readonly UnitMonthDraws[] | undefined)[],
  weights: readonly (readonly number[])[],
  m: number,
  spread?: readonly number[],
  rule: CombinationRule = 'linear-pool',
): UnitMonthDraws[] {
  spread?.forEach(checkSpread);
  const counts = weights.map((w) => drawCounts(w, m));
  const base = parts.find((p) => p !== undefined);
  if (!base) throw new InvalidInputError('an ensemble needs at least one component with draws');
  return base.map((row, i) => {
    const band = Math.min(bandOf(row.horizon), counts.length - 1);
    const n = rule === 'quantile-average' ? weights[band]!.map((w) => (w > 0 ? m : 0)) : counts[band]!;
    const draws: number[] = [];
    n.forEach((k, c) => {
      if (k === 0) return;
      const src = parts[c]?.[i];
      if (!src || src.draws.length < k || src.unit !== row.unit || src.month !== row.month)
        throw new InvalidInputError(`ensemble component ${c} has no draws for ${row.unit} ${row.month}`);
      if (rule === 'linear-pool') for (let d = 0; d < k; d++) draws.push(src.draws[d]!);
    });
    const combined =
      rule === 'linear-pool'
        ? draws
        : (quantileAverage(
            n.map((k, c) => (k > 0 ? sortedCopy(parts[c]![i]!.draws.slice(0, m)) : undefined)),
            weights[band]!,
            m,
          ) as number[]);
    const factor = spread?.[band] ?? 1;
    return { ...row, draws: factor === 1 ? combined : spreadAround(combined, factor) };
  });
}

/** An ensemble method: runs each component for the most draws any band takes from it (all m under quantile averaging), then combines (and recalibrates) per band. */
export function ensemble(methods: readonly Method[], weights: EnsembleWeights): Method {
  if (
    weights.weights.length !== HORIZON_BANDS.length ||
    methods.length !== weights.components.length ||
    (weights.spread !== undefined && weights.spread.length !== HORIZON_BANDS.length)
  )
    throw new InvalidInputError(
      `invalid ensemble: ${methods.length} methods, ${weights.components.length} components, ${weights.weights.length} bands, ${weights.spread?.length ?? 'no'} spread factors (use one share list and at most one spread factor per band ${HORIZON_BANDS.map((b) => b.label).join(', ')})`,
    );
  const rule = weights.rule ?? 'linear-pool';
  if (!COMBINATION_RULES.includes(rule))
    throw new InvalidInputError(`invalid combination rule: ${rule} (use ${COMBINATION_RULES.join(' or ')})`);
  return (input) => {
    const counts = weights.weights.map((w) =>
      rule === 'quantile-average' ? w.map((x) => (x > 0 ? input.draws : 0)) : drawCounts(w, input.draws),
    );
    const parts = methods.map((method, c) => {
      const most = Math.max(...counts.map((n) => n[c]!));
      return most > 0 ? method({ ...input, draws: most }) : undefined;
    });
    return poolDraws(parts, weights.weights, input.draws, weights.spread, rule);
  };
}
