import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addMonths, monthRange } from './months.ts';
import {
  A_MAX,
  calibrateDraws,
  calibrateSorted,
  checkGamma,
  onlinePass,
  type OnlineRow,
} from './online-calibration.ts';
import { poolDraws } from './ensemble.ts';
import { onlineHoldout, pooledRows } from './online-holdout.ts';
import { quantileSorted } from './quantile.ts';
import { createRng } from './rng.ts';

// Constructed (synthetic) forecasts: at every monthly origin from 2000-01 the draws are 0 … 999 for
// each horizon asked, and what happens is uniform on [lo, hi) (seeded), so the raw 90% interval
// [50, 949] covers it too often (narrow outcomes) or too rarely (wide ones).
function constructed(origins: number, lo: number, hi: number, horizons = [1]): OnlineRow[] {
  const rng = createRng(7, 'online-calibration-test', lo, hi);
  const sorted = Float64Array.from({ length: 1000 }, (_, i) => i);
  return monthRange('2000-01', addMonths('2000-01', origins - 1)).flatMap((origin) =>
    horizons.map((horizon) => ({
      origin,
      horizon,
      sorted,
      observed: Math.floor(lo + rng.uniform() * (hi - lo)),
    })),
  );
}

function coverage(rows: readonly OnlineRow[], draws: readonly ArrayLike<number>[], from = 0): number {
  let inside = 0;
  for (let i = from; i < rows.length; i++) {
    const d = draws[i]!;
    const y = rows[i]!.observed;
    if (quantileSorted(d, 0.05) <= y && y <= quantileSorted(d, 0.95)) inside++;
  }
  return inside / (rows.length - from);
}

describe('online calibration (adaptive conformal)', () => {
  it('makes the raw pool’s central (1 − a) interval the 90% interval, and leaves draws alone at a = 0.1', () => {
    const sorted = Float64Array.from({ length: 1001 }, (_, i) => i);
    const narrowed = calibrateSorted(sorted, 0.3);
    assert.equal(quantileSorted(narrowed, 0.05), 150);
    assert.equal(quantileSorted(narrowed, 0.95), 850);
    const widened = calibrateSorted(sorted, 0);
    assert.equal(quantileSorted(widened, 0.05), 0);
    assert.equal(quantileSorted(widened, 0.95), 1000);
    assert.deepEqual([...calibrateSorted(sorted, 0.1)], [...sorted]);
    // monotone and in the draws' original order
    assert.deepEqual(calibrateDraws([9, 0, 5, 1, 7], 0.5), [7, 1, 5, 3, 6]);
    assert.throws(() => checkGamma(-0.1), /invalid calibration step: -0.1/);
  });

  it('moves coverage toward 90% when the raw intervals are too wide, and when too narrow', () => {
    const wide = constructed(600, 200, 800); // raw [50, 949] covers every outcome
    const raw = wide.map((r) => r.sorted);
    assert.equal(coverage(wide, raw, 300), 1);
    const narrowed = onlinePass(wide, 0.01);
    const c1 = coverage(wide, narrowed.calibrated, 300);
    assert.ok(c1 >= 0.85 && c1 <= 0.95, `coverage ${c1}`);
    assert.ok(narrowed.state.alpha[0]! > 0.3 && narrowed.state.alpha[0]! <= A_MAX);

    const narrow = constructed(600, 0, 1100); // raw covers about 900 of 1100
    assert.ok(
      coverage(
        narrow,
        narrow.map((r) => r.sorted),
        300,
      ) < 0.84,
    );
    const widened = onlinePass(narrow, 0.01);
    const c2 = coverage(narrow, widened.calibrated, 300);
    assert.ok(c2 > 0.87 && c2 <= 0.95, `coverage ${c2}`);
    assert.ok(widened.state.alpha[0]! < 0.05);
  });

  it('uses at each origin only outcomes of months up to it (changing a later outcome leaves its draws unchanged)', () => {
    const rows = constructed(60, 0, 1100, [1, 2, 5, 12]);
    const base = onlinePass(rows, 0.05);
    const t = '2002-06';
    // every outcome whose target month lies after t, changed
    const changed = rows.map((r) => (addMonths(r.origin, r.horizon) > t ? { ...r, observed: 500 } : r));
    const after = onlinePass(changed, 0.05);
    let later = 0;
    rows.forEach((r, i) => {
      if (r.origin <= t) {
        assert.deepEqual([...after.calibrated[i]!], [...base.calibrated[i]!], `${r.origin} h${r.horizon}`);
        assert.equal(after.alphaUsed[i], base.alphaUsed[i]);
      } else if (after.alphaUsed[i] !== base.alphaUsed[i]) later++;
    });
    assert.ok(later > 0, 'the changed outcomes move later origins');
    // outcomes known only after the last origin count once asked for
    const end = onlinePass(rows, 0.05, { knownThrough: '2005-12' });
    assert.ok(end.state.updates[2]! > base.state.updates[2]!);
    assert.equal(end.state.known_through, '2005-12');
  });

  it('is adopted by the nested hold-out check when it brings held-out coverage nearer 90% at no CRPS cost', () => {
    const rows = constructed(144, 200, 800);
    const h = onlineHoldout(rows, [0, 0.02, 0.1]);
    assert.ok(h.n > 0 && h.gammas.every((g) => g > 0));
    assert.ok(h.gap_online < h.gap_raw, `${h.gap_online} < ${h.gap_raw}`);
    assert.ok(h.crps_online < h.crps_raw);
    assert.equal(h.adopted, true);
    assert.throws(() => onlineHoldout(rows, [0.01]), /invalid calibration grid: 0.01/);
  });

  it('pools the rows it calibrates exactly as the ensemble pools its draws, with each row’s origin', () => {
    const row = (c: number, h: number) => ({
      unit: 'U',
      month: addMonths('2010-12', h),
      horizon: h,
      draws: Array.from({ length: 10 }, (_, d) => c * 100 + d * h),
    });
    const parts = [0, 1].map((c) => [1, 5, 9].map((h) => row(c, h)));
    const weights = [
      [1, 0],
      [0.5, 0.5],
      [0.2, 0.8],
    ];
    const rows = pooledRows({ parts, observed: [1, 2, 3] }, weights, 10);
    const pooled = poolDraws(parts, weights, 10);
    rows.forEach((r, i) => {
      assert.equal(r.origin, '2010-12');
      assert.deepEqual(
        Array.from(r.sorted),
        [...pooled[i]!.draws].sort((a, b) => a - b),
      );
    });
    assert.deepEqual(
      rows.map((r) => r.observed),
      [1, 2, 3],
    );
  });
});
