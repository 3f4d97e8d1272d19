/** Ensemble weights from past skill: the shares per horizon band that minimise mean CRPS on validation origins. */
import { runBacktest } from './backtest.ts';
import { bandOf, HORIZON_BANDS } from './bands.ts';
import { drawCounts, quantileAverage, type CombinationRule, type EnsembleWeights } from './ensemble.ts';
import { BASELINE_NAMES, type MethodName } from './methods.ts';
import type { NbarOptions } from './model-nbar.ts';
import { valueAt } from './panel.ts';
import { quantileSorted, sortedCopy } from './quantile.ts';
import { pickSpread, SPREAD_GRID, spreadSortedInPlace, type SpreadCandidate } from './recalibrate.ts';
import { crps, crpsSorted, MIS_ALPHA } from './scores.ts';
import { onlinePass, type CalibrationState } from './online-calibration.ts';
import { onlineHoldout, pooledRows, type OnlineHoldout } from './online-holdout.ts';
import { spreadHoldout, type SpreadHoldout } from './spread-holdout.ts';
import { checkValidationOrigins } from './tune.ts';
import { combinationHoldout, type CombinationHoldout } from './combination-holdout.ts';
import type { Neighbours, Panel, UnitMonthDraws } from './types.ts';

/** Options of `tuneEnsemble`: validation origins (checked against the test period), draws, seed, grid step. */
export interface TuneEnsembleOptions {
  origins: readonly string[];
  components: readonly MethodName[];
  draws: number;
  seed: number;
  neighbours?: Neighbours;
  nbar?: NbarOptions;
  /** Share step of the refinement (0.05 unless given). */
  step?: number;
  /** Checks that every validation target precedes the test period (off only for the test period's own report). */
  validation?: boolean;
  /** Learns a spread factor per band after the shares (see recalibrate.ts); on unless false. */
  recalibrate?: boolean;
  /**
   * Also judges the other combination rules (combination-holdout.ts) and tunes the shares under
   * quantile averaging (the bench; off unless true).
   */
  alternatives?: boolean;
}

/** The other combination rules on the validation origins: their nested hold-out check, and the shares re-tuned under quantile averaging with their validation scores per band. */
export interface CombinationAlternatives {
  holdout: CombinationHoldout;
  quantileAverage: { weights: number[][]; bands: (PooledScore | null)[] };
}

/** The chosen weights and spread factors, and per band the validation scores of the choice (before and after recalibration) and of each component alone. */
export interface TunedEnsemble extends EnsembleWeights {
  /** The shipped factors: the learnt ones when the hold-out check adopts recalibration, else 1s. */
  spread: number[];
  /** The factors learnt on every validation origin, adopted or not. */
  learntSpread: number[];
  /** The hold-out check inside the validation origins (spread-holdout.ts); null when recalibration is off. */
  holdout: SpreadHoldout | null;
  /** The online calibration's step chosen on validation and its nested hold-out check (online-holdout.ts); null when recalibration is off. */
  online: OnlineHoldout | null;
  /** The other combination rules (null unless `alternatives`). */
  alternatives: CombinationAlternatives | null;
  /** The calibration state after every validation outcome, with the chosen step (where a test or live pass would start); null when recalibration is off. */
  onlineState: CalibrationState | null;
  bands: {
    label: string;
    crps: number;
    coverage90: number;
    /** The chosen spread factor with the validation CRPS and coverage90 of the recalibrated pool. */
    recalibrated: SpreadCandidate | null;
    single: Record<string, PooledScore | null>;
    n: number;
  }[];
}

/** Every share vector over k components on a grid of `step` (in a fixed order, so ties resolve the same way). */
export function simplexGrid(k: number, step: number): number[][] {
  const units = Math.round(1 / step);
  const out: number[][] = [];
  const walk = (left: number, prefix: number[]) => {
    if (prefix.length === k - 1) return void out.push([...prefix, left].map((u) => u / units));
    for (let u = left; u >= 0; u--) walk(left - u, [...prefix, u]);
  };
  walk(units, []);
  return out;
}

/** Component draws and what happened, for every scored unit-month of the given origins. */
export function collectDraws(
  panel: Panel,
  options: Omit<TuneEnsembleOptions, 'step'>,
): { parts: UnitMonthDraws[][]; observed: number[] } {
  if (options.validation !== false) checkValidationOrigins(options.origins, 12);
  const parts: UnitMonthDraws[][] = options.components.map(() => []);
  runBacktest(panel, {
    origins: options.origins,
    draws: options.draws,
    seed: options.seed,
    neighbours: options.neighbours,
    methods: options.components,
    nbar: options.nbar,
    onDraws: (_o, method, draws) => parts[options.components.indexOf(method)]!.push(...draws),
  });
  const observed = parts[0]!.map((r) =>
    valueAt(
      panel.find((s) => s.unit === r.unit)!,
      r.month,
    )!,
  );
  const keep = observed.map((v) => !Number.isNaN(v));
  return {
    parts: parts.map((p) => p.filter((_, i) => keep[i])),
    observed: observed.filter((_, i) => keep[i]),
  };
}

/** Mean CRPS and 90% coverage of a pool over one horizon band. */
export interface PooledScore {
  crps: number;
  coverage90: number;
}

const sortedCache = new WeakMap<object, Float64Array[][]>();

/** Each component's first `draws` draws per unit-month, ascending (memoised per collection and draws). */
export function sortedParts(collected: { parts: UnitMonthDraws[][] }, draws: number): Float64Array[][] {
  const hit = sortedCache.get(collected.parts);
  if (hit && hit[0]?.[0]?.length === draws) return hit;
  const out = collected.parts.map((p) => p.map((r) => sortedCopy(r.draws.slice(0, draws))));
  sortedCache.set(collected.parts, out);
  return out;
}

/**
 * Mean CRPS and 90% coverage per band of the pool with `weights` (one share list per band) over
 * collected draws: the same pool as `poolDraws` (each component's first draws), scored as
 * `scoreForecasts` does, without building the rows (the tuning scores hundreds of share vectors);
 * under `quantile-average`, the quantile average of each component's first `draws` draws.
 */
export function pooledScores(
  collected: { parts: UnitMonthDraws[][]; observed: number[] },
  weights: readonly (readonly number[])[],
  draws: number,
  onlyBand?: number,
  spread?: readonly number[],
  rule: CombinationRule = 'linear-pool',
): (PooledScore | null)[] {
  const counts = weights.map((w) => drawCounts(w, draws));
  const sorted = rule === 'quantile-average' ? sortedParts(collected, draws) : [];
  const sum = HORIZON_BANDS.map(() => 0);
  const inside = HORIZON_BANDS.map(() => 0);
  const n = HORIZON_BANDS.map(() => 0);
  const pool = new Float64Array(draws);
  collected.parts[0]!.forEach((r, i) => {
    const b = bandOf(r.horizon);
    if (onlyBand !== undefined && b !== onlyBand) return;
    if (rule === 'quantile-average')
      quantileAverage(
        sorted.map((p) => p[i]),
        weights[b]!,
        draws,
        pool,
      );
    else {
      let at = 0;
      counts[b]!.forEach((k, c) => {
        const src = collected.parts[c]![i]!.draws;
        for (let d = 0; d < k; d++) pool[at++] = src[d]!;
      });
      pool.sort();
    }
    spreadSortedInPlace(pool, spread?.[b] ?? 1);
    const y = collected.observed[i]!;
    sum[b]! += crpsSorted(pool, y);
    if (quantileSorted(pool, MIS_ALPHA / 2) <= y && y <= quantileSorted(pool, 1 - MIS_ALPHA / 2))
      inside[b]!++;
    n[b]!++;
  });
  return sum.map((s, b) => (n[b] ? { crps: s / n[b]!, coverage90: inside[b]! / n[b]! } : null));
}

/** Validation coverage90 the tuning aims for: choices inside it come before any outside it. */
export const COVERAGE_BAND: readonly [number, number] = [0.85, 0.95];

// Orders candidates: inside the coverage band first, then by CRPS.
const better = (a: PooledScore, b: PooledScore | null): boolean => {
  if (!b) return true;
  const inside = (s: PooledScore) => s.coverage90 >= COVERAGE_BAND[0] && s.coverage90 <= COVERAGE_BAND[1];
  if (inside(a) !== inside(b)) return inside(a);
  return a.crps < b.crps - 1e-12;
};

/**
 * The shares per band with the lowest mean CRPS among those whose 90% coverage on the collected
 * draws is within 85-95% (the lowest CRPS overall when none is), under the combination rule: the
 * best of a simplex grid of step 0.25, then moves of `step` from one component to another while
 * one improves (the best move each round; ties go to the first in a fixed order).
 */
export function chooseShares(
  collected: { parts: UnitMonthDraws[][]; observed: number[] },
  k: number,
  draws: number,
  step = 0.05,
  rule: CombinationRule = 'linear-pool',
): { score: PooledScore | null; shares: number[] }[] {
  const nPerBand = HORIZON_BANDS.map(
    (_, b) => collected.parts[0]!.filter((r) => bandOf(r.horizon) === b).length,
  );
  const best: { score: PooledScore | null; shares: number[] }[] = HORIZON_BANDS.map(() => ({
    score: null,
    shares: [],
  }));
  for (const shares of simplexGrid(k, 0.25)) {
    pooledScores(
      collected,
      HORIZON_BANDS.map(() => shares),
      draws,
      undefined,
      undefined,
      rule,
    ).forEach((s, b) => {
      if (s !== null && better(s, best[b]!.score)) best[b] = { score: s, shares };
    });
  }
  const units = Math.round(1 / step);
  HORIZON_BANDS.forEach((_, b) => {
    if (nPerBand[b] === 0) return;
    let current = best[b]!.shares.map((w) => Math.round(w * units));
    for (let round = 0; round < 100; round++) {
      let move: { score: PooledScore; shares: number[] } | null = null;
      for (let from = 0; from < k; from++)
        for (let to = 0; to < k; to++) {
          if (from === to || current[from]! === 0) continue;
          const next = current.map((u, c) => u + (c === to ? 1 : c === from ? -1 : 0));
          const shares = next.map((u) => u / units);
          const s = pooledScores(
            collected,
            HORIZON_BANDS.map(() => shares),
            draws,
            b,
            undefined,
            rule,
          )[b]!;
          if (better(s, move?.score ?? best[b]!.score)) move = { score: s, shares: next };
        }
      if (!move) break;
      current = move.shares;
      best[b] = { score: move.score, shares: current.map((u) => u / units) };
    }
  });
  return best;
}

/**
 * Chooses, band by band, the shares with the lowest mean validation CRPS among those whose
 * validation 90% coverage is within 85-95% (the lowest CRPS overall when none is): the best of a
 * coarse simplex grid (step 0.25), then moves of `step` (0.05) from one component to another while
 * one improves (the best move each round; ties go to the first in a fixed order). Then, with
 * those shares, the spread factor of SPREAD_GRID whose validation coverage90 is nearest 90%,
 * kept only if the hold-out check inside the validation origins adopts recalibration.
 */
export function tuneEnsemble(panel: Panel, options: TuneEnsembleOptions): TunedEnsemble {
  const collected = collectDraws(panel, options);
  const k = options.components.length;
  const nPerBand = HORIZON_BANDS.map(
    (_, b) => collected.parts[0]!.filter((r) => bandOf(r.horizon) === b).length,
  );
  const best = chooseShares(collected, k, options.draws, options.step ?? 0.05);
  const recalibrated = HORIZON_BANDS.map((_, b) =>
    nPerBand[b] === 0 || options.recalibrate === false
      ? null
      : chooseSpread(collected, best[b]!.shares, options.draws, b),
  );
  const learntSpread = recalibrated.map((r) => r?.factor ?? 1);
  const holdout =
    options.recalibrate === false
      ? null
      : spreadHoldout(
          collected,
          best.map((b) => (b.shares.length ? b.shares : options.components.map((_, c) => +(c === 0)))),
          options.draws,
        );
  const shares = best.map((b) => (b.shares.length ? b.shares : options.components.map((_, c) => +(c === 0))));
  const baselineCrps = Object.fromEntries(
    options.components
      .map((name, c) => [name, c] as const)
      .filter(([name]) => (BASELINE_NAMES as readonly string[]).includes(name))
      .map(([name, c]) => [
        name,
        collected.parts[c]!.map((r, i) => crps(r.draws.slice(0, options.draws), collected.observed[i]!)),
      ]),
  );
  const rows = options.recalibrate === false ? [] : pooledRows(collected, shares, options.draws);
  const online = rows.length ? onlineHoldout(rows, undefined, 12, undefined, baselineCrps) : null;
  const lastTarget = collected.parts[0]!.reduce((a, r) => (r.month > a ? r.month : a), '');
  const onlineState = online ? onlinePass(rows, online.gamma, { knownThrough: lastTarget }).state : null;
  const singles = options.components.map((_, c) =>
    pooledScores(
      collected,
      HORIZON_BANDS.map(() => options.components.map((_, j) => (j === c ? 1 : 0))),
      options.draws,
    ),
  );
  const alternatives = options.alternatives
    ? {
        holdout: combinationHoldout(collected, shares, options.draws),
        quantileAverage: (() => {
          const qa = chooseShares(collected, k, options.draws, options.step ?? 0.05, 'quantile-average');
          return { weights: qa.map((b) => b.shares), bands: qa.map((b) => b.score) };
        })(),
      }
    : null;
  return {
    components: options.components,
    alternatives,
    weights: best.map((b) => b.shares),
    spread: holdout?.adopted ? learntSpread : HORIZON_BANDS.map(() => 1),
    learntSpread,
    holdout,
    online,
    onlineState,
    bands: HORIZON_BANDS.map((band, b) => ({
      label: band.label,
      crps: best[b]!.score?.crps ?? NaN,
      coverage90: best[b]!.score?.coverage90 ?? NaN,
      recalibrated: recalibrated[b]!,
      single: Object.fromEntries(options.components.map((name, c) => [name, singles[c]![b] ?? null])),
      n: nPerBand[b]!,
    })),
  };
}

/** Scores every factor of SPREAD_GRID on band `band` of the collected (validation) draws pooled with `shares`, and picks one (`pickSpread`). */
export function chooseSpread(
  collected: { parts: UnitMonthDraws[][]; observed: number[] },
  shares: readonly number[],
  draws: number,
  band: number,
): SpreadCandidate {
  const weights = HORIZON_BANDS.map(() => shares);
  const candidates = SPREAD_GRID.map((factor) => {
    const s = pooledScores(
      collected,
      weights,
      draws,
      band,
      HORIZON_BANDS.map(() => factor),
    )[band]!;
    return { factor, crps: s.crps, coverage90: s.coverage90 };
  });
  return pickSpread(candidates);
}
