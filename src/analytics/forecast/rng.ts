import mt19937 from '@stdlib/random-base-mt19937';
import poissonBase from '@stdlib/random-base-poisson';
import gammaBase from '@stdlib/random-base-gamma';
import { InvalidInputError } from '../../domain/errors.ts';

/** A seeded source of the few distributions the forecasters draw from. */
export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Uniform integer in 0..n-1. */
  index(n: number): number;
  /** Poisson(lambda); 0 when lambda is 0. */
  poisson(lambda: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Negative binomial with mean `mu` and NB2 dispersion `alpha` (variance mu + alpha mu²), drawn as a gamma–Poisson mixture. */
  negBinomial(mu: number, alpha: number): number;
}

/** A 32-bit seed derived from a user seed and labels, so that each method, origin and unit gets its own stream. */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  if (!Number.isSafeInteger(seed)) throw new InvalidInputError(`invalid seed: ${seed}`);
  // FNV-1a over the text: stable across platforms and Node versions.
  let h = 0x811c9dc5;
  for (const ch of [seed, ...labels].join('|')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % 0xfffffffe) + 1; // mt19937 wants 1..2^32-1
}

/** A Mersenne Twister (MT19937) stream seeded with `deriveSeed(seed, ...labels)`. */
export function createRng(seed: number, ...labels: (string | number)[]): Rng {
  // stdlib's typings omit `.normalized` on factory output, though every MT19937 generator has it.
  const generator = mt19937.factory({ seed: deriveSeed(seed, ...labels) }) as unknown as {
    normalized: () => number;
  };
  const uniform = generator.normalized;
  const poisson = poissonBase.factory({ prng: uniform });
  const gamma = gammaBase.factory({ prng: uniform });
  const drawPoisson = (lambda: number): number => (lambda > 0 ? poisson(lambda) : 0);
  return {
    uniform,
    index: (n) => Math.floor(uniform() * n),
    poisson: drawPoisson,
    normal: () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()),
    negBinomial(mu, alpha) {
      if (!(mu > 0)) return 0;
      if (!(alpha > 0)) return drawPoisson(mu);
      const shape = 1 / alpha;
      return drawPoisson(gamma(shape, shape / mu));
    },
  };
}
