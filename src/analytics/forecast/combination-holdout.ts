/**
 * The nested hold-out check for the ensemble's combination rule (issue 16, fifth pass): within the
 * validation origins, for each calendar year with 60 earlier origins whose targets precede it,
 * the linear pool is compared with quantile averaging (same shares, nothing learnt) and with the
 * beta-transformed linear pool (a = b per band learnt on the earlier origins), year-band by year-band.
 */
import { bandOf, HORIZON_BANDS } from './bands.ts';
import { BETA_GRID, betaTransformSorted } from './beta-pool.ts';
import { drawCounts, quantileAverage } from './ensemble.ts';
import { addMonths, monthIndex } from './months.ts';
import { ONLINE_MAX_CRPS_RISE } from './online-holdout.ts';
import { quantileSorted, sortedCopy } from './quantile.ts';
import { COVERAGE_TARGET } from './recalibrate.ts';
import { crpsSorted, ignorance, MIS_ALPHA } from './scores.ts';
import { HOLDOUT_MIN_FIT_ORIGINS } from './spread-holdout.ts';
import type { UnitMonthDraws } from './types.ts';

/** A rule's scores against the linear pool's on the same held-out year-bands. */
export interface HeldOutScores {
  /** Mean |coverage90 − 90%| over held-out year-bands: linear pool, this rule. */
  gap_pool: number;
  gap_rule: number;
  /** Year-bands with coverage90 within 85-95%. */
  inside_pool: number;
  inside_rule: number;
  /** Mean CRPS and IGN (bits) over the held-out unit-months. */
  crps_pool: number;
  crps_rule: number;
  ign_pool: number;
  ign_rule: number;
  /** Gap falls and CRPS rises by at most ONLINE_MAX_CRPS_RISE (the online calibration's rule). */
  adopted: boolean;
}

/** One year-band's coverage90 and mean CRPS and IGN under one rule. */
export interface BandScore {
  coverage90: number;
  crps: number;
  ign: number;
}

/** Sums a rule's and the pool's scores over held-out year-bands (each band's means weighted by its rows). */
export class HeldOutTally {
  private n = 0;
  private rows = 0;
  private readonly sum = { gp: 0, gr: 0, ip: 0, ir: 0, cp: 0, cr: 0, np: 0, nr: 0 };

  /** Adds one held-out year-band of `rows` unit-months. */
  add(rows: number, pool: BandScore, rule: BandScore): void {
    const inside = (c: number) => +(c >= 0.85 && c <= 0.95);
    const s = this.sum;
    this.n++;
    this.rows += rows;
    s.gp += Math.abs(pool.coverage90 - COVERAGE_TARGET);
    s.gr += Math.abs(rule.coverage90 - COVERAGE_TARGET);
    s.ip += inside(pool.coverage90);
    s.ir += inside(rule.coverage90);
    s.cp += pool.crps * rows;
    s.cr += rule.crps * rows;
    s.np += pool.ign * rows;
    s.nr += rule.ign * rows;
  }

  /** The means, and whether the rule passes (NaN and not adopted when nothing was added). */
  result(): HeldOutScores {
    const { n, rows, sum: s } = this;
    const gapPool = n ? s.gp / n : NaN;
    const gapRule = n ? s.gr / n : NaN;
    const crpsPool = rows ? s.cp / rows : NaN;
    const crpsRule = rows ? s.cr / rows : NaN;
    return {
      gap_pool: gapPool,
      gap_rule: gapRule,
      inside_pool: s.ip,
      inside_rule: s.ir,
      crps_pool: crpsPool,
      crps_rule: crpsRule,
      ign_pool: rows ? s.np / rows : NaN,
      ign_rule: rows ? s.nr / rows : NaN,
      adopted: n > 0 && gapRule < gapPool - 1e-12 && crpsRule <= crpsPool * (1 + ONLINE_MAX_CRPS_RISE),
    };
  }
}

/**
 * The held-out years of a nested check over rows with origins (month indices): each calendar year
 * of origins with HOLDOUT_MIN_FIT_ORIGINS earlier origins whose targets (up to `horizons` ahead)
 * precede it, with its first origin and the last origin a fit for it may use.
 */
export function heldOutYears(
  rows: readonly { origin: number }[],
  horizons: number,
): { year: number; first: number; cutoff: number }[] {
  const origins = [...new Set(rows.map((r) => r.origin))];
  return [...new Set(origins.map((o) => Math.floor(o / 12)))]
    .sort((a, b) => a - b)
    .map((year) => ({ year, first: year * 12, cutoff: year * 12 - horizons }))
    .filter((y) => origins.filter((o) => o <= y.cutoff).length >= HOLDOUT_MIN_FIT_ORIGINS);
}

/** One alternative rule's check against the linear pool on the held-out year-bands. */
export interface RuleHoldout extends HeldOutScores {
  rule: 'quantile-average' | 'beta-pool';
  /** Beta a = b per band learnt on every validation origin (beta-pool only, else null). */
  learnt: number[] | null;
  /** Per held-out year, the a = b per band learnt on the origins before it (beta-pool only). */
  learnt_by_year: number[][] | null;
}

/** The check's outcome for both alternatives, over the same held-out years and year-bands. */
export interface CombinationHoldout {
  years: number[];
  n: number;
  rules: RuleHoldout[];
}

/** Per unit-month: coverage, CRPS and IGN of the pool (0), the quantile average (1) and each beta of BETA_GRID (2+). */
export interface CombinationRow {
  band: number;
  origin: number;
  covered: boolean[];
  crps: number[];
  ign: number[];
}

function scored(sorted: ArrayLike<number>, y: number) {
  return {
    covered: quantileSorted(sorted, MIS_ALPHA / 2) <= y && y <= quantileSorted(sorted, 1 - MIS_ALPHA / 2),
    crps: crpsSorted(sorted, y),
    ign: ignorance(sorted, y),
  };
}

/** Scores every collected unit-month (in collection order) under the linear pool, the quantile average and each beta of BETA_GRID. */
export function scoreCombinations(
  collected: { parts: UnitMonthDraws[][]; observed: number[] },
  weights: readonly (readonly number[])[],
  draws: number,
): CombinationRow[] {
  const counts = weights.map((w) => drawCounts(w, draws));
  return collected.parts[0]!.map((r, i) => {
    const band = bandOf(r.horizon);
    const pool = new Float64Array(draws);
    let at = 0;
    counts[band]!.forEach((k, c) => {
      const src = collected.parts[c]![i]!.draws;
      for (let d = 0; d < k; d++) pool[at++] = src[d]!;
    });
    pool.sort();
    const shares = weights[band]!;
    const va = quantileAverage(
      shares.map((w, c) => (w > 0 ? sortedCopy(collected.parts[c]![i]!.draws.slice(0, draws)) : undefined)),
      shares,
      draws,
      new Float64Array(draws),
    );
    const y = collected.observed[i]!;
    const all = [pool, va, ...BETA_GRID.map((a) => betaTransformSorted(pool, a))].map((x) => scored(x, y));
    return {
      band,
      origin: monthIndex(addMonths(r.month, -r.horizon)),
      covered: all.map((s) => s.covered),
      crps: all.map((s) => s.crps),
      ign: all.map((s) => s.ign),
    };
  });
}

const coverageOf = (rows: readonly CombinationRow[], k: number) =>
  rows.filter((r) => r.covered[k]).length / rows.length;
const meanOf = (rows: readonly CombinationRow[], k: number, key: 'crps' | 'ign') =>
  rows.reduce((a, r) => a + r[key][k]!, 0) / rows.length;

/** The a = b of BETA_GRID whose coverage90 on `rows` is nearest 90% (ties: the lower CRPS, then a nearest 1). */
function learnBeta(rows: readonly CombinationRow[]): number {
  let best = BETA_GRID.indexOf(1);
  const gapOf = (g: number) => Math.abs(coverageOf(rows, 2 + g) - COVERAGE_TARGET);
  BETA_GRID.forEach((_, g) => {
    const d = gapOf(g) - gapOf(best);
    const c = meanOf(rows, 2 + g, 'crps') - meanOf(rows, 2 + best, 'crps');
    if (d < -1e-12 || (Math.abs(d) <= 1e-12 && c < -1e-12)) best = g;
  });
  return BETA_GRID[best]!;
}

/**
 * Runs the check on collected validation draws with the shares chosen on them (`weights`):
 * quantile averaging needs nothing learnt; the beta-transformed pool learns a = b per band on the
 * origins whose targets precede each held-out year (coverage nearest 90%, as the spread factors).
 */
export function combinationHoldout(
  collected: { parts: UnitMonthDraws[][]; observed: number[] },
  weights: readonly (readonly number[])[],
  draws: number,
  horizons = 12,
): CombinationHoldout {
  const rows = scoreCombinations(collected, weights, draws).filter(
    (_, i) => !Number.isNaN(collected.observed[i]!),
  );
  const tallies = [new HeldOutTally(), new HeldOutTally()];
  const years: number[] = [];
  const byYear: number[][] = [];
  let n = 0;
  const bandScore = (rows: readonly CombinationRow[], k: number): BandScore => ({
    coverage90: coverageOf(rows, k),
    crps: meanOf(rows, k, 'crps'),
    ign: meanOf(rows, k, 'ign'),
  });
  for (const { year, first, cutoff } of heldOutYears(rows, horizons)) {
    years.push(year);
    const betas = HORIZON_BANDS.map((_, b) => {
      const fit = rows.filter((r) => r.band === b && r.origin <= cutoff);
      return fit.length ? learnBeta(fit) : 1;
    });
    byYear.push(betas);
    HORIZON_BANDS.forEach((_, b) => {
      const held = rows.filter((r) => r.band === b && r.origin >= first && r.origin < first + 12);
      if (!held.length) return;
      n++;
      const pool = bandScore(held, 0);
      [1, 2 + BETA_GRID.indexOf(betas[b]!)].forEach((k, j) =>
        tallies[j]!.add(held.length, pool, bandScore(held, k)),
      );
    });
  }
  const learnt = HORIZON_BANDS.map((_, b) => {
    const fit = rows.filter((r) => r.band === b);
    return fit.length ? learnBeta(fit) : 1;
  });
  const rules = tallies.map((t, j): RuleHoldout => ({
    rule: j === 0 ? 'quantile-average' : 'beta-pool',
    learnt: j === 0 ? null : learnt,
    learnt_by_year: j === 0 ? null : byYear,
    ...t.result(),
  }));
  return { years, n, rules };
}
