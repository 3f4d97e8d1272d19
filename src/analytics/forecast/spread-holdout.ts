/**
 * The hold-out check that decides whether recalibration ships: within the validation origins, a
 * spread factor learnt on the origins before each year is applied to that year, and recalibration
 * is adopted only if it brings those years' 90% coverage nearer 90% than the raw pool does.
 */
import { bandOf, HORIZON_BANDS } from './bands.ts';
import { drawCounts } from './ensemble.ts';
import { addMonths, monthIndex } from './months.ts';
import { quantileSorted } from './quantile.ts';
import { COVERAGE_TARGET, SPREAD_GRID, spreadDraw } from './recalibrate.ts';
import { MIS_ALPHA } from './scores.ts';
import type { UnitMonthDraws } from './types.ts';

/** Origins a year's factor must be learnt on, at least (5 years of monthly origins). */
export const HOLDOUT_MIN_FIT_ORIGINS = 60;

/** The check's outcome: mean |coverage90 − 90%| over held-out year-bands, raw and recalibrated, and the decision. */
export interface SpreadHoldout {
  /** Held-out calendar years (of the origins), in order. */
  years: number[];
  /** Year-bands scored. */
  n: number;
  gap_raw: number;
  gap_recalibrated: number;
  /** Year-bands whose coverage90 lies within 85-95%, raw and recalibrated. */
  inside_raw: number;
  inside_recalibrated: number;
  adopted: boolean;
}

// One pooled, sorted unit-month: its band, origin (month index), median and observation.
interface Row {
  band: number;
  origin: number;
  pool: Float64Array;
  median: number;
  y: number;
}

// Type-7 quantile p of the pool after recalibration by f: the map is monotone, so the same order statistics.
function recalibratedQuantile(r: Row, p: number, f: number): number {
  const h = (r.pool.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, r.pool.length - 1);
  const a = f === 1 ? r.pool[lo]! : spreadDraw(r.pool[lo]!, r.median, f);
  const b = f === 1 ? r.pool[hi]! : spreadDraw(r.pool[hi]!, r.median, f);
  return a + (h - lo) * (b - a);
}

const covered = (r: Row, f: number) =>
  recalibratedQuantile(r, MIS_ALPHA / 2, f) <= r.y && r.y <= recalibratedQuantile(r, 1 - MIS_ALPHA / 2, f);

function coverage(rows: readonly Row[], f: number): number {
  let inside = 0;
  for (const r of rows) if (covered(r, f)) inside++;
  return inside / rows.length;
}

// The factor of SPREAD_GRID whose coverage on `rows` is nearest the target (ties: the one nearest 1).
function learnt(rows: readonly Row[]): number {
  let best = 1;
  let bestGap = Math.abs(coverage(rows, 1) - COVERAGE_TARGET);
  for (const f of SPREAD_GRID) {
    const gap = Math.abs(coverage(rows, f) - COVERAGE_TARGET);
    if (gap < bestGap - 1e-12 || (Math.abs(gap - bestGap) <= 1e-12 && Math.abs(f - 1) < Math.abs(best - 1)))
      [best, bestGap] = [f, gap];
  }
  return best;
}

/**
 * For every calendar year Y of the validation origins with at least HOLDOUT_MIN_FIT_ORIGINS origins
 * whose 12 targets precede Y's first origin, and every band: learns the factor on those earlier
 * origins (coverage nearest 90%) and scores Y's origins with it and without. Pools as `poolDraws`.
 */
export function spreadHoldout(
  collected: { parts: UnitMonthDraws[][]; observed: number[] },
  weights: readonly (readonly number[])[],
  draws: number,
  horizons = 12,
): SpreadHoldout {
  const counts = weights.map((w) => drawCounts(w, draws));
  const rows: Row[] = collected.parts[0]!.map((r, i) => {
    const band = bandOf(r.horizon);
    const pool: number[] = [];
    counts[band]!.forEach((k, c) => {
      for (let d = 0; d < k; d++) pool.push(collected.parts[c]![i]!.draws[d]!);
    });
    const sorted = Float64Array.from(pool).sort();
    return {
      band,
      origin: monthIndex(addMonths(r.month, -r.horizon)),
      pool: sorted,
      median: quantileSorted(sorted, 0.5),
      y: collected.observed[i]!,
    };
  });
  const originYears = [...new Set(rows.map((r) => Math.floor(r.origin / 12)))].sort((a, b) => a - b);
  const out = { years: [] as number[], n: 0, gapRaw: 0, gapCal: 0, insideRaw: 0, insideCal: 0 };
  const inside = (c: number) => c >= 0.85 && c <= 0.95;
  for (const yearIdx of originYears) {
    const first = yearIdx * 12;
    const cutoff = first - horizons;
    const fitOrigins = new Set(rows.filter((r) => r.origin <= cutoff).map((r) => r.origin));
    if (fitOrigins.size < HOLDOUT_MIN_FIT_ORIGINS) continue;
    out.years.push(yearIdx);
    HORIZON_BANDS.forEach((_, b) => {
      const fit = rows.filter((r) => r.band === b && r.origin <= cutoff);
      const held = rows.filter((r) => r.band === b && r.origin >= first && r.origin < first + 12);
      if (!fit.length || !held.length) return;
      const raw = coverage(held, 1);
      const cal = coverage(held, learnt(fit));
      out.n++;
      out.gapRaw += Math.abs(raw - COVERAGE_TARGET);
      out.gapCal += Math.abs(cal - COVERAGE_TARGET);
      out.insideRaw += +inside(raw);
      out.insideCal += +inside(cal);
    });
  }
  const gapRaw = out.n ? out.gapRaw / out.n : NaN;
  const gapCal = out.n ? out.gapCal / out.n : NaN;
  return {
    years: out.years,
    n: out.n,
    gap_raw: gapRaw,
    gap_recalibrated: gapCal,
    inside_raw: out.insideRaw,
    inside_recalibrated: out.insideCal,
    adopted: out.n > 0 && gapCal < gapRaw - 1e-12,
  };
}
