import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addMonths, monthRange } from './months.ts';
import { createRng, deriveSeed } from './rng.ts';

describe('createRng', () => {
  it('repeats its stream for the same seed and labels and changes it for others', () => {
    const draw = (seed: number, label: string) => {
      const rng = createRng(seed, label);
      return Array.from({ length: 5 }, () => rng.uniform());
    };
    assert.deepEqual(draw(1, 'a'), draw(1, 'a'));
    assert.notDeepEqual(draw(1, 'a'), draw(2, 'a'));
    assert.notDeepEqual(draw(1, 'a'), draw(1, 'b'));
  });
  it('draws negative binomials with mean μ and variance μ + αμ² (μ = 8, α = 0.5: 40)', () => {
    // 40,000 draws: the sample mean has standard error √(40/40000) ≈ 0.032; the variance is checked to 10%.
    const rng = createRng(5, 'nb');
    const x = Array.from({ length: 40000 }, () => rng.negBinomial(8, 0.5));
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1);
    assert.ok(Math.abs(mean - 8) < 0.16, `mean ${mean}`);
    assert.ok(Math.abs(variance / 40 - 1) < 0.1, `variance ${variance}`);
  });
  it('draws 0 from Poisson(0) and NB with mean 0, where stdlib would return NaN', () => {
    const rng = createRng(1);
    assert.equal(rng.poisson(0), 0);
    assert.equal(rng.negBinomial(0, 2), 0);
  });
  it('rejects a seed that is not a safe integer', () => {
    assert.throws(() => deriveSeed(1.5), { message: 'invalid seed: 1.5' });
  });
});

describe('months', () => {
  it('step across year ends and list ranges inclusively', () => {
    assert.equal(addMonths('2014-12', 1), '2015-01');
    assert.equal(addMonths('2015-01', -13), '2013-12');
    assert.deepEqual(monthRange('2014-11', '2015-02'), ['2014-11', '2014-12', '2015-01', '2015-02']);
  });
});
