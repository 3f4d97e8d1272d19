/** Small seeded random generators for deterministic simulations in tests and calibration runs. */

/** mulberry32: a 32-bit seeded generator of uniform numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Poisson(rate) sample by inversion of the CDF (exact; meant for rates below about 700). */
export function poissonSample(rate: number, uniform: () => number): number {
  const u = uniform();
  let k = 0;
  let p = Math.exp(-rate);
  let cdf = p;
  while (u > cdf && p > 0) {
    k++;
    p *= rate / k;
    cdf += p;
  }
  return k;
}

/** A series of Poisson counts whose rate is `rates[i]` at position i. */
export function poissonSeries(rates: readonly number[], uniform: () => number): number[] {
  return rates.map((rate) => poissonSample(rate, uniform));
}

/** A standard normal sample (Box-Muller). */
export function normalSample(uniform: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** A Gamma(shape, scale 1) sample (Marsaglia & Tsang 2000). */
export function gammaSample(shape: number, uniform: () => number): number {
  if (shape < 1) return gammaSample(shape + 1, uniform) * Math.pow(uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalSample(uniform);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    if (Math.log(uniform()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** An overdispersed count with the given mean and variance-to-mean ratio (> 1): a gamma-Poisson (negative binomial) draw. */
export function negativeBinomialSample(mean: number, varianceToMean: number, uniform: () => number): number {
  const shape = mean / (varianceToMean - 1);
  return poissonSample((gammaSample(shape, uniform) * mean) / shape, uniform);
}
