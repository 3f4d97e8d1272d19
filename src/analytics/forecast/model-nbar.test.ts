import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  featureNames,
  fitNbar,
  KEPT_FITS,
  keptFit,
  NBAR_DEFAULTS,
  nbarMethod,
  simulateNbar,
} from './model-nbar.ts';
import { historyUpTo } from './panel.ts';
import { quantileSorted, sortedCopy } from './quantile.ts';
import { syntheticPanel } from '../../../test/helpers/synthetic-panel.ts';
import type { MethodInput } from './types.ts';

const history = historyUpTo(syntheticPanel(5), '2014-12');
const neighbours = new Map([
  ['U0', ['U1']],
  ['U1', ['U0', 'U2']],
  ['U2', ['U1']],
]);
const input: MethodInput = { history, origin: '2014-12', horizons: 12, draws: 400, seed: 9, neighbours };

describe('NBAR', () => {
  it('has one column per lag feature, neighbour lag, season term and unit intercept beyond the first', () => {
    assert.deepEqual(featureNames(true, true, ['U0', 'U1', 'U2']), [
      'intercept',
      'log1p_lag1',
      'log1p_lag2',
      'log1p_lag3',
      'log1p_mean12',
      'log1p_neighbour_mean_lag1',
      'sin_month',
      'cos_month',
      'unit_U1',
      'unit_U2',
    ]);
    assert.equal(fitNbar(input).regression.beta.length, 8);
  });
  it('the "time since" decay (option sinceHigh) is one more column, and with it the draws still see nothing after the origin', () => {
    const options = { ...NBAR_DEFAULTS, sinceHigh: 10 };
    const fit = fitNbar(input, options);
    assert.ok(fit.features.includes('decay_since_high'));
    assert.equal(fit.features.length, featureNames(true, false, ['U0', 'U1', 'U2']).length + 1);
    const full = syntheticPanel(5);
    const tampered = full.map((s) => ({
      ...s,
      values: s.values.map((v, i) => (s.months[i]! > '2014-12' ? 1e6 : v)),
    }));
    const run = (p: typeof full) =>
      nbarMethod(options)({ ...input, draws: 50, history: historyUpTo(p, '2014-12') });
    assert.deepEqual(run(tampered), run(full));
    // The column changes the model: the draws differ from those without it.
    assert.notDeepEqual(run(full), nbarMethod()({ ...input, draws: 50 }));
  });

  it('learns strong persistence from a panel whose log means follow an AR(1) with coefficient 0.95', () => {
    const persistent = historyUpTo(syntheticPanel(5, 3, 0.95), '2014-12');
    const { beta } = fitNbar(
      { ...input, history: persistent },
      { ...NBAR_DEFAULTS, halfLife: undefined },
    ).regression;
    assert.ok(beta[1]! + beta[2]! + beta[3]! + beta[4]! > 0.5, `lag coefficients ${beta.slice(1, 5)}`);
  });
  it('draws non-negative integers for every unit and horizon', () => {
    const out = nbarMethod()(input);
    assert.equal(out.length, 36);
    assert.ok(
      out.every((r) => r.draws.length === 400 && r.draws.every((d) => Number.isInteger(d) && d >= 0)),
    );
  });
  it('gives identical draws for the same seed and different draws for another seed', () => {
    const small = { ...input, draws: 50 };
    assert.deepEqual(nbarMethod()(small), nbarMethod()(small));
    assert.notDeepEqual(nbarMethod()(small), nbarMethod()({ ...small, seed: 10 }));
  });
  it('feeds each path’s draw back as a lag: draws at horizons 1 and 2 of the same path are correlated', () => {
    const out = simulateNbar(fitNbar(input), { ...input, draws: 2000 });
    const [h1, h2] = [1, 2].map((h) => out.find((r) => r.unit === 'U2' && r.horizon === h)!.draws);
    assert.ok(correlation(h1!, h2!) > 0.1, `correlation ${correlation(h1!, h2!)}`);
  });
  it('widens the 90% interval from horizon 1 to 12 when a persistent panel starts at its typical level', () => {
    // Log means follow an AR(1) with coefficient 0.95; the last 12 months are set to each unit's median,
    // so no reversion from an extreme start can narrow the later horizons.
    const persistent = historyUpTo(syntheticPanel(5, 3, 0.95), '2014-12').map((s) => {
      const median = [...s.values].sort((a, b) => a - b)[Math.floor(s.values.length / 2)]!;
      return { ...s, values: s.values.map((v, i) => (i >= s.values.length - 12 ? median : v)) };
    });
    const calm = { ...input, history: persistent, draws: 2000 };
    const out = simulateNbar(fitNbar(calm), calm);
    const width = (h: number) =>
      out
        .filter((r) => r.horizon === h)
        .reduce((sum, r) => {
          const s = sortedCopy(r.draws);
          return sum + quantileSorted(s, 0.95) - quantileSorted(s, 0.05);
        }, 0);
    assert.ok(width(12) > 1.2 * width(1), `width at h=1 ${width(1)}, at h=12 ${width(12)}`);
  });
  it('refuses a unit with less than 12 months of history', () => {
    const short = [{ unit: 'S', months: history[0]!.months.slice(-5), values: history[0]!.values.slice(-5) }];
    assert.throws(
      () => simulateNbar(fitNbar({ ...input, history: [...history] }), { ...input, history: short }),
      {
        message: 'NBAR needs 12 months before origin 2014-12; unit S has 5',
      },
    );
  });
});

function correlation(a: number[], b: number[]): number {
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const [ma, mb] = [mean(a), mean(b)];
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  a.forEach((v, i) => {
    sab += (v - ma) * (b[i]! - mb);
    saa += (v - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

describe('kept NBAR fits', () => {
  // A deep copy: equal inputs in other arrays and maps, as a second request builds them.
  const copy = (i: MethodInput): MethodInput => ({
    ...i,
    history: i.history.map((s) => ({
      ...s,
      months: [...s.months],
      values: [...s.values],
      ...(s.covariates
        ? { covariates: Object.fromEntries(Object.entries(s.covariates).map(([k, v]) => [k, [...v]])) }
        : {}),
    })),
    neighbours: i.neighbours && new Map([...i.neighbours].map(([k, v]) => [k, [...v]])),
  });
  const withCovariate = (i: MethodInput, name: string, f: (v: number) => number): MethodInput => ({
    ...i,
    history: i.history.map((s) => ({ ...s, covariates: { ...s.covariates, [name]: s.values.map(f) } })),
  });

  it('reuses the fit of equal inputs, which is the fit fitNbar makes', () => {
    const first = keptFit(copy(input), NBAR_DEFAULTS);
    assert.equal(keptFit(copy(input), { ...NBAR_DEFAULTS }), first);
    assert.deepEqual(first, fitNbar(input));
    // The seed, draws and horizons are the simulation's, not the fit's.
    const other: MethodInput = { ...copy(input), seed: 1, draws: 3, horizons: 2 };
    assert.equal(keptFit(other, NBAR_DEFAULTS), first);
  });

  it("fits again when anything the fit reads differs, down to a value's bits", () => {
    const first = keptFit(input, NBAR_DEFAULTS);
    const changed = (i: MethodInput, options = NBAR_DEFAULTS) => {
      const fit = keptFit(i, options);
      assert.notEqual(fit, first);
      assert.deepEqual(fit, fitNbar(i, options));
    };
    const oneValue = (v: number): MethodInput => {
      const c = copy(input);
      c.history[1]!.values[c.history[1]!.values.length - 1] = v;
      return c;
    };
    const last = input.history[1]!.values.at(-1)!;
    changed(oneValue(last + 1));
    changed(oneValue(NaN));
    changed({ ...copy(input), origin: '2014-11' });
    changed({ ...copy(input), neighbours: new Map([['U0', ['U2']]]) });
    changed({ ...copy(input), neighbours: undefined });
    changed(copy(input), { ...NBAR_DEFAULTS, ridge: 2e-3 });
    changed({ ...copy(input), history: copy(input).history.map((s, i) => ({ ...s, unit: `V${i}` })) });
    // A covariate counts when the options name it, in every bit of it; one they do not name does not.
    const cov = { ...NBAR_DEFAULTS, covariates: ['g'] };
    const a = keptFit(
      withCovariate(input, 'g', (v) => v),
      cov,
    );
    assert.notEqual(a, first);
    assert.equal(
      keptFit(
        withCovariate(copy(input), 'g', (v) => v),
        cov,
      ),
      a,
    );
    const other = keptFit(
      withCovariate(input, 'g', (v) => v + 1),
      cov,
    );
    assert.notEqual(other, a);
    assert.deepEqual(
      other,
      fitNbar(
        withCovariate(input, 'g', (v) => v + 1),
        cov,
      ),
    );
    assert.equal(
      keptFit(
        withCovariate(copy(input), 'unnamed', (v) => v + 1),
        NBAR_DEFAULTS,
      ),
      first,
    );
  });

  it(`keeps the ${KEPT_FITS} fits used last`, () => {
    // Two years of history: quick fits.
    const small = {
      ...input,
      history: input.history.map((s) => ({ ...s, months: s.months.slice(-24), values: s.values.slice(-24) })),
    };
    const first = keptFit(small, NBAR_DEFAULTS);
    // KEPT_FITS other ridges, each a fit of its own: the first is then the oldest, and goes.
    for (let i = 1; i <= KEPT_FITS; i++) keptFit(small, { ...NBAR_DEFAULTS, ridge: i });
    const again = keptFit(small, NBAR_DEFAULTS);
    assert.notEqual(again, first);
    assert.deepEqual(again, first);
  });
});
