/** Test helper: small seeded panels of negative-binomial counts with known structure. */
import { monthRange } from '../../src/analytics/forecast/months.ts';
import { historyUpTo } from '../../src/analytics/forecast/panel.ts';
import { createRng } from '../../src/analytics/forecast/rng.ts';
import type { Panel } from '../../src/analytics/forecast/types.ts';

/** A panel of `units` series, 2005-01 to 2016-12, whose log means follow an AR(1) with coefficient `phi` around unit levels. */
export function syntheticPanel(
  seed: number,
  units = 3,
  phi = 0.7,
  first = '2005-01',
  last = '2016-12',
): Panel {
  const months = monthRange(first, last);
  return Array.from({ length: units }, (_, u) => {
    const rng = createRng(seed, 'synthetic', u);
    const level = Math.log(2 + 10 * u);
    let eta = level;
    const values = months.map(() => {
      eta = level + phi * (eta - level) + 0.4 * rng.normal();
      return rng.negBinomial(Math.exp(eta), 0.5);
    });
    return { unit: `U${u}`, months: [...months], values };
  });
}

/** The ensemble tests' common forecast input: syntheticPanel(5) up to 2014-12, 12 horizons, 40 draws, seed 3. */
export function syntheticForecastInput() {
  return {
    history: historyUpTo(syntheticPanel(5), '2014-12'),
    origin: '2014-12',
    horizons: 12,
    draws: 40,
    seed: 3,
  };
}
