/**
 * Choosing the online calibration's step γ on validation origins, and the nested hold-out check
 * that decides whether it ships: within the validation origins, γ is chosen on the origins whose
 * targets precede each year and that year is scored with it, against the raw draws.
 */
import { InvalidInputError } from '../../domain/errors.ts';
import { bandOf, HORIZON_BANDS } from './bands.ts';
import { drawCounts } from './ensemble.ts';
import { addMonths, monthIndex } from './months.ts';
import { GAMMA_GRID, onlinePass, type OnlineRow } from './online-calibration.ts';
import { quantileSorted } from './quantile.ts';
import { COVERAGE_TARGET } from './recalibrate.ts';
import { crpsSorted, MIS_ALPHA } from './scores.ts';
import { HOLDOUT_MIN_FIT_ORIGINS } from './spread-holdout.ts';
import type { UnitMonthDraws } from './types.ts';

/** Rows for an online pass from collected component draws, pooled per band with `weights` as `poolDraws` does (each component's first draws). */
export function pooledRows(
  collected: { parts: UnitMonthDraws[][]; observed: number[] },
  weights: readonly (readonly number[])[],
  draws: number,
): OnlineRow[] {
  const counts = weights.map((w) => drawCounts(w, draws));
  return collected.parts[0]!.map((r, i) => {
    const pool = new Float64Array(draws);
    let at = 0;
    counts[bandOf(r.horizon)]!.forEach((k, c) => {
      const src = collected.parts[c]![i]!.draws;
      for (let d = 0; d < k; d++) pool[at++] = src[d]!;
    });
    return {
      origin: addMonths(r.month, -r.horizon),
      horizon: r.horizon,
      sorted: pool.sort(),
      observed: collected.observed[i]!,
    };
  });
}

/** Held-out CRPS may rise by at most this share for the calibration to be adopted. */
export const ONLINE_MAX_CRPS_RISE = 0.01;

/** Calibrated ascending draws of every row after an online pass with step γ. */
export type PassFn = (rows: readonly OnlineRow[], gamma: number) => Float64Array[];

/** Per row of an online pass: whether its calibrated 90% interval covered the outcome, and its CRPS (NaN where unobserved). */
export interface Scored {
  covered: boolean[];
  crps: number[];
}

/** The outcome of the check, and the γ chosen on every validation origin. */
export interface OnlineHoldout {
  /** The step chosen on all the validation rows (what ships when adopted). */
  gamma: number;
  /** Held-out calendar years (of the origins), in order, with the γ chosen for each. */
  years: number[];
  gammas: number[];
  /** Year-bands scored. */
  n: number;
  /** Mean |coverage90 − 90%| over held-out year-bands, raw and calibrated online. */
  gap_raw: number;
  gap_online: number;
  /** Year-bands whose coverage90 lies within 85-95%, raw and calibrated. */
  inside_raw: number;
  inside_online: number;
  /** Mean CRPS over the held-out rows, raw and calibrated. */
  crps_raw: number;
  crps_online: number;
  adopted: boolean;
  /** Mean CRPS over the held-out rows of the best of the baselines given (null when none is). */
  best_baseline_crps: number | null;
}

/** Coverage and CRPS of every row after an online pass with step γ over all the rows. */
export function scorePass(rows: readonly OnlineRow[], gamma: number, pass: PassFn): Scored {
  const calibrated = pass(rows, gamma);
  const covered: boolean[] = [];
  const crps: number[] = [];
  rows.forEach((r, i) => {
    const cal = calibrated[i]!;
    const y = r.observed;
    covered.push(quantileSorted(cal, MIS_ALPHA / 2) <= y && y <= quantileSorted(cal, 1 - MIS_ALPHA / 2));
    crps.push(Number.isNaN(y) ? NaN : crpsSorted(cal, y));
  });
  return { covered, crps };
}

interface Keyed {
  year: number;
  band: number;
  origin: number;
}

// Mean over (year, band) groups of |coverage − 90%| among the rows `use` selects, and their mean CRPS.
function yearBandGap(keys: readonly Keyed[], s: Scored, use: (i: number) => boolean) {
  const groups = new Map<string, { inside: number; n: number }>();
  let crps = 0;
  let n = 0;
  keys.forEach((k, i) => {
    if (!use(i) || Number.isNaN(s.crps[i]!)) return;
    const key = `${k.year}:${k.band}`;
    const g = groups.get(key) ?? { inside: 0, n: 0 };
    g.inside += +s.covered[i]!;
    g.n++;
    groups.set(key, g);
    crps += s.crps[i]!;
    n++;
  });
  let gap = 0;
  let inside = 0;
  for (const g of groups.values()) {
    const c = g.inside / g.n;
    gap += Math.abs(c - COVERAGE_TARGET);
    inside += +(c >= 0.85 && c <= 0.95);
  }
  return {
    gap: groups.size ? gap / groups.size : NaN,
    inside,
    groups: groups.size,
    crps: n ? crps / n : NaN,
  };
}

// The γ of the grid with the smallest mean year-band gap on the selected rows (ties: the lower CRPS, then the smaller γ).
function choose(
  keys: readonly Keyed[],
  passes: readonly Scored[],
  grid: readonly number[],
  use: (i: number) => boolean,
) {
  let best = 0;
  let bestScore = yearBandGap(keys, passes[0]!, use);
  grid.forEach((_, g) => {
    const s = yearBandGap(keys, passes[g]!, use);
    if (
      s.gap < bestScore.gap - 1e-12 ||
      (Math.abs(s.gap - bestScore.gap) <= 1e-12 && s.crps < bestScore.crps - 1e-12)
    )
      [best, bestScore] = [g, s];
  });
  return grid[best]!;
}

/**
 * Chooses γ on all the (validation) rows (`baselines`: per row CRPS of each baseline, to report
 * the held-out rows' best baseline CRPS), and runs the nested check: for every calendar year Y of
 * the origins with at least HOLDOUT_MIN_FIT_ORIGINS origins whose targets precede Y's first origin,
 * γ is chosen on those rows and Y's rows are scored with it (the pass runs from the first origin,
 * so Y's draws use only outcomes known before each of its origins). Adopted when the held-out
 * year-bands' mean |coverage90 − 90%| falls and their CRPS rises by at most ONLINE_MAX_CRPS_RISE.
 */
export function onlineHoldout(
  rows: readonly OnlineRow[],
  grid: readonly number[] = GAMMA_GRID,
  horizons = 12,
  pass: PassFn = (r, g) => onlinePass(r, g).calibrated,
  baselines: Record<string, readonly number[]> = {},
): OnlineHoldout {
  if (grid[0] !== 0)
    throw new InvalidInputError(
      `invalid calibration grid: ${grid.join(', ')} (start it with 0, the raw draws)`,
    );
  const passes = grid.map((g) => scorePass(rows, g, pass));
  const keys: Keyed[] = rows.map((r) => {
    const origin = monthIndex(r.origin);
    return { origin, year: Math.floor(origin / 12), band: bandOf(r.horizon) };
  });
  const gamma = choose(keys, passes, grid, () => true);
  const years = [...new Set(keys.map((k) => k.year))].sort((a, b) => a - b);
  const out = { years: [] as number[], gammas: [] as number[], n: 0, gapRaw: 0, gapOnline: 0 };
  let insideRaw = 0;
  let insideOnline = 0;
  let crpsRaw = 0;
  let crpsOnline = 0;
  let nRows = 0;
  const baseSums: Record<string, number> = Object.fromEntries(Object.keys(baselines).map((k) => [k, 0]));
  for (const year of years) {
    const first = year * 12;
    const cutoff = first - horizons;
    const fitOrigins = new Set(keys.filter((k) => k.origin <= cutoff).map((k) => k.origin));
    if (fitOrigins.size < HOLDOUT_MIN_FIT_ORIGINS) continue;
    const g = choose(keys, passes, grid, (i) => keys[i]!.origin <= cutoff);
    const pass = passes[grid.indexOf(g)]!;
    out.years.push(year);
    out.gammas.push(g);
    HORIZON_BANDS.forEach((_, b) => {
      const held = (i: number) => keys[i]!.year === year && keys[i]!.band === b;
      const raw = yearBandGap(keys, passes[0]!, held);
      const cal = yearBandGap(keys, pass, held);
      if (!raw.groups) return;
      out.n++;
      out.gapRaw += raw.gap;
      out.gapOnline += cal.gap;
      insideRaw += raw.inside;
      insideOnline += cal.inside;
      rows.forEach((r, i) => {
        if (!held(i) || Number.isNaN(r.observed)) return;
        crpsRaw += passes[0]!.crps[i]!;
        crpsOnline += pass.crps[i]!;
        for (const k in baselines) baseSums[k]! += baselines[k]![i]!;
        nRows++;
      });
    });
  }
  const gapRaw = out.n ? out.gapRaw / out.n : NaN;
  const gapOnline = out.n ? out.gapOnline / out.n : NaN;
  const cr = nRows ? crpsRaw / nRows : NaN;
  const co = nRows ? crpsOnline / nRows : NaN;
  const sums = Object.values(baseSums);
  const best = sums.length && nRows ? Math.min(...sums) / nRows : null;
  return {
    best_baseline_crps: best,
    gamma,
    years: out.years,
    gammas: out.gammas,
    n: out.n,
    gap_raw: gapRaw,
    gap_online: gapOnline,
    inside_raw: insideRaw,
    inside_online: insideOnline,
    crps_raw: cr,
    crps_online: co,
    adopted: out.n > 0 && gapOnline < gapRaw - 1e-12 && co <= cr * (1 + ONLINE_MAX_CRPS_RISE),
  };
}
