/** Exact binomial probabilities in log space, and the two-sided exact binomial test. */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Natural log of the gamma function for x > 0 (Lanczos approximation, relative error about 1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** log P(X = k) for X ~ Binomial(n, p); -Infinity when k is impossible. */
export function logBinomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return -Infinity;
  if (p === 0) return k === 0 ? 0 : -Infinity;
  if (p === 1) return k === n ? 0 : -Infinity;
  const logChoose = logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
  return logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

// R's binom.test tolerance: outcomes within a relative 1e-7 of the observed probability count as "as likely".
const LOG_RELATIVE_TOLERANCE = Math.log1p(1e-7);

// Below this log-probability a term's exp() is exactly 0 (doubles underflow below about -745.13), so
// leaving it out of a sum changes no bit of the sum. Kept well below the underflow point.
const LOG_ZERO = -800;

/**
 * The outcomes [lo, hi] outside which every P(X = k) of Binomial(n, p) is exactly 0 in doubles:
 * the log-probability is concave in k, so it falls below LOG_ZERO once on each side of the mode,
 * found by bisection. Every k for 0 < p < 1 unless the tails reach that far.
 */
export function nonZeroRange(n: number, p: number): [number, number] {
  if (!(p > 0 && p < 1)) return [0, n];
  const mode = Math.min(n, Math.max(0, Math.floor((n + 1) * p)));
  // Least k <= mode still above LOG_ZERO.
  let [a, b] = [0, mode];
  while (a < b) {
    const m = Math.floor((a + b) / 2);
    if (logBinomialPmf(m, n, p) >= LOG_ZERO) b = m;
    else a = m + 1;
  }
  const lo = a;
  // Greatest k >= mode still above LOG_ZERO.
  [a, b] = [mode, n];
  while (a < b) {
    const m = Math.ceil((a + b) / 2);
    if (logBinomialPmf(m, n, p) >= LOG_ZERO) a = m;
    else b = m - 1;
  }
  return [lo, a];
}

/**
 * Two-sided exact binomial test of H0: success probability = p, by the "minimum likelihood" rule: the
 * p-value sums P(X = k) over every k no more likely than the observed x (as R's binom.test does).
 * Outcomes whose probability is exactly 0 in doubles are skipped (nonZeroRange): the same sum, bit
 * for bit, in about 40 standard deviations of terms instead of n + 1 (for n = 100,000, a tenth).
 */
export function binomialTestTwoSided(x: number, n: number, p: number): number {
  const observed = logBinomialPmf(x, n, p) + LOG_RELATIVE_TOLERANCE;
  const [lo, hi] = nonZeroRange(n, p);
  let total = 0;
  if (!(p > 0 && p < 1)) {
    for (let k = lo; k <= hi; k++) {
      const logPk = logBinomialPmf(k, n, p);
      if (logPk <= observed) total += Math.exp(logPk);
    }
    return Math.min(1, total);
  }
  // logBinomialPmf's arithmetic in its order, with the terms that do not depend on k computed once.
  const [logN, logP, logQ] = [logGamma(n + 1), Math.log(p), Math.log1p(-p)];
  for (let k = lo; k <= hi; k++) {
    const logPk = logN - logGamma(k + 1) - logGamma(n - k + 1) + k * logP + (n - k) * logQ;
    if (logPk <= observed) total += Math.exp(logPk);
  }
  return Math.min(1, total);
}
