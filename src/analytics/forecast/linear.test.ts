import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cholesky, choleskySolve, digamma, logGamma, trigamma } from './linear.ts';

describe('cholesky', () => {
  it('solves a 3×3 symmetric positive-definite system exactly', () => {
    const a = [
      [4, 12, -16],
      [12, 37, -43],
      [-16, -43, 98],
    ];
    assert.deepEqual(cholesky(a), [
      [2, 0, 0],
      [6, 1, 0],
      [-8, 5, 3],
    ]);
    const x = choleskySolve(cholesky(a), [4 * 1 + 12 * 2 - 16 * 3, 12 + 74 - 129, -16 - 86 + 294]);
    x.forEach((v, i) => assert.ok(Math.abs(v - [1, 2, 3][i]!) < 1e-12));
  });
  it('rejects a matrix that is not positive definite, quoting the pivot', () => {
    assert.throws(
      () =>
        cholesky([
          [1, 2],
          [2, 1],
        ]),
      { message: 'matrix is not positive definite: pivot -3' },
    );
  });
});

describe('logGamma', () => {
  it('matches log Γ at 1, 1/2, 10 and 1e-3 to 1e-12 relative', () => {
    const cases: [number, number][] = [
      [1, 0],
      [0.5, Math.log(Math.sqrt(Math.PI))],
      [10, Math.log(362880)],
      [1e-3, 6.907178885383854], // Python math.lgamma(0.001),
    ];
    for (const [x, expected] of cases)
      assert.ok(Math.abs(logGamma(x) - expected) <= 1e-12 * (1 + Math.abs(expected)), `logGamma(${x})`);
  });
});

describe('digamma and trigamma', () => {
  it('match ψ(1) = −γ, ψ(0.5) = −γ − 2 ln 2, ψ′(1) = π²/6 and ψ′(0.5) = π²/2 to 1e-12', () => {
    const euler = 0.5772156649015329;
    assert.ok(Math.abs(digamma(1) + euler) < 1e-12);
    assert.ok(Math.abs(digamma(0.5) + euler + 2 * Math.LN2) < 1e-12);
    assert.ok(Math.abs(trigamma(1) - Math.PI ** 2 / 6) < 1e-12);
    assert.ok(Math.abs(trigamma(0.5) - Math.PI ** 2 / 2) < 1e-12);
  });
});
