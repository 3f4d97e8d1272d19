import { detectMeanShifts } from '../../analytics/trends/changepoints.ts';
import type { RelationsPoint, RelationsSeries } from '../answers.ts';

/** A series' change points, found by PELT over its periods with a value, rounded as answered, and the penalty. */
export function meanShifts(points: readonly RelationsPoint[]): {
  changepoints: RelationsSeries['changepoints'];
  penalty: number;
} {
  const known = points.filter((p) => p.value !== null);
  const shifts = detectMeanShifts({
    periods: known.map((p) => p.period),
    values: known.map((p) => p.value!),
  });
  return {
    changepoints: shifts.shifts.map((x) => ({
      period: x.period,
      mean_before: round(x.meanBefore),
      mean_after: round(x.meanAfter),
      change: round(x.change),
    })),
    penalty: shifts.penalty,
  };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
