/**
 * Online calibration of the ensemble's intervals by adaptive conformal inference (Gibbs & Candès
 * 2021): per horizon band a working miscoverage a is moved after every outcome that becomes known,
 * a ← a + γ(α − err), err = 1 when the outcome fell outside the 90% interval issued for it. At each
 * origin the draws are mapped, monotonically and without random numbers, so that their central 90%
 * interval is the raw pool's central (1 − a) interval. Only outcomes of months up to the origin count.
 */
import { InvalidInputError } from '../../domain/errors.ts';
import { bandOf, HORIZON_BANDS } from './bands.ts';
import { addMonths, monthIndex, monthString } from './months.ts';
import { quantileSorted, sortedCopy } from './quantile.ts';
import { MIS_ALPHA } from './scores.ts';

/** The working miscoverage is kept in [0, A_MAX] (a ≤ 0: the widest interval the draws allow). */
export const A_MAX = 0.5;

/** Step sizes γ the tuning tries (0 leaves the draws as they are). */
export const GAMMA_GRID: readonly number[] = [0, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1];

/** The state of the online calibration: the working miscoverage per horizon band, and what it rests on. */
export interface CalibrationState {
  /** Working miscoverage a per band (HORIZON_BANDS order); MIS_ALPHA (0.1) leaves draws unchanged. */
  alpha: number[];
  /** Outcomes that moved a, per band. */
  updates: number[];
  /** The last target month whose outcome was used, or null when none was. */
  known_through: string | null;
}

/** The starting state: a = MIS_ALPHA in every band, no outcome used. */
export function initialState(): CalibrationState {
  return {
    alpha: HORIZON_BANDS.map(() => MIS_ALPHA),
    updates: HORIZON_BANDS.map(() => 0),
    known_through: null,
  };
}

/** Throws `invalid calibration step: …` unless γ is a finite number in [0, 1]. */
export function checkGamma(gamma: number): void {
  if (!(gamma >= 0 && gamma <= 1))
    throw new InvalidInputError(
      `invalid calibration step: ${gamma} (use a number in [0, 1]; 0 leaves draws as they are)`,
    );
}

/** Scale of the quantile levels for working miscoverage a: the level 0.05 maps to a/2, 0.95 to 1 − a/2. */
export function levelScale(a: number): number {
  const clamped = Math.min(A_MAX, Math.max(0, a));
  return (1 - clamped) / (1 - MIS_ALPHA);
}

/** Ascending draws calibrated to working miscoverage a: the i-th becomes round(Q(0.5 + s·(i/(m−1) − 0.5))), Q the draws' type-7 quantile. */
export function calibrateSorted(sorted: ArrayLike<number>, a: number): Float64Array {
  const m = sorted.length;
  const out = new Float64Array(m);
  if (m === 0) return out;
  if (a === MIS_ALPHA) {
    out.set(Array.from(sorted));
    return out;
  }
  const s = levelScale(a);
  for (let i = 0; i < m; i++) {
    const u = m === 1 ? 0.5 : i / (m - 1);
    const p = Math.min(1, Math.max(0, 0.5 + s * (u - 0.5)));
    out[i] = Math.round(quantileSorted(sorted, p));
  }
  return out;
}

/** Draws calibrated to working miscoverage a (`calibrateSorted`), in their original order. */
export function calibrateDraws(draws: readonly number[], a: number): number[] {
  if (a === MIS_ALPHA) return [...draws];
  const sorted = sortedCopy(draws);
  const cal = calibrateSorted(sorted, a);
  const order = draws.map((_, i) => i).sort((i, j) => draws[i]! - draws[j]! || i - j);
  const out = new Array<number>(draws.length);
  order.forEach((i, rank) => (out[i] = cal[rank]!));
  return out;
}

/** One issued forecast of the online pass: its origin, horizon, ascending draws and outcome (NaN if no source covers it). */
export interface OnlineRow {
  origin: string;
  horizon: number;
  sorted: ArrayLike<number>;
  observed: number;
}

/** The pass's output: per row the working miscoverage used and its calibrated ascending draws, and the state after the last origin. */
export interface OnlinePass {
  alphaUsed: number[];
  calibrated: Float64Array[];
  state: CalibrationState;
}

interface Pending {
  target: number;
  origin: number;
  row: number;
  band: number;
  lo: number;
  hi: number;
}

/**
 * Runs the calibration over rows in origin order. At each origin, first every earlier forecast
 * whose target month is at or before the origin updates its band's a (in order of target month,
 * origin, row), then the origin's rows are calibrated with the current a. After the last origin,
 * outcomes up to `knownThrough` (when given) update the state too. Outcomes after an origin never
 * touch its draws.
 */
export function onlinePass(
  rows: readonly OnlineRow[],
  gamma: number,
  options: { start?: CalibrationState; knownThrough?: string } = {},
): OnlinePass {
  checkGamma(gamma);
  const state: CalibrationState = structuredClone(options.start ?? initialState());
  const origins = [...new Set(rows.map((r) => monthIndex(r.origin)))].sort((a, b) => a - b);
  const byOrigin = new Map<number, number[]>(origins.map((o) => [o, []]));
  rows.forEach((r, i) => byOrigin.get(monthIndex(r.origin))!.push(i));
  const alphaUsed = new Array<number>(rows.length);
  const calibrated = new Array<Float64Array>(rows.length);
  let pending: Pending[] = [];
  const release = (upTo: number) => {
    const ready = pending.filter((p) => p.target <= upTo);
    if (!ready.length) return;
    pending = pending.filter((p) => p.target > upTo);
    ready.sort((a, b) => a.target - b.target || a.origin - b.origin || a.row - b.row);
    for (const p of ready) {
      const y = rows[p.row]!.observed;
      if (Number.isNaN(y)) continue;
      const err = y < p.lo || y > p.hi ? 1 : 0;
      state.alpha[p.band] = Math.min(A_MAX, Math.max(0, state.alpha[p.band]! + gamma * (MIS_ALPHA - err)));
      state.updates[p.band]!++;
      const month = monthString(p.target);
      if (state.known_through === null || month > state.known_through) state.known_through = month;
    }
  };
  for (const origin of origins) {
    release(origin);
    for (const i of byOrigin.get(origin)!) {
      const r = rows[i]!;
      const band = bandOf(r.horizon);
      const a = state.alpha[band]!;
      const cal = calibrateSorted(r.sorted, a);
      alphaUsed[i] = a;
      calibrated[i] = cal;
      pending.push({
        target: monthIndex(addMonths(r.origin, r.horizon)),
        origin,
        row: i,
        band,
        lo: quantileSorted(cal, MIS_ALPHA / 2),
        hi: quantileSorted(cal, 1 - MIS_ALPHA / 2),
      });
    }
  }
  if (options.knownThrough !== undefined) release(monthIndex(options.knownThrough));
  return { alphaUsed, calibrated, state };
}
