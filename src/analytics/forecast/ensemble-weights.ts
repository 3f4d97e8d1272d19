/** The shipped ensemble: its components and, per level and horizon band, the shares tuned on validation origins (bench/forecast.bench.ts). */
import type { EnsembleWeights } from './ensemble.ts';
import type { MethodName } from './methods.ts';

/** Components of the `nbar-mix` ensemble, in the order of the shares. */
export const ENSEMBLE_COMPONENTS: readonly MethodName[] = ['nbar', 'conflictology', 'bootstrap', 'zero'];

/**
 * Shares per horizon band (1-3, 4-6, 7-12) at each level: the lowest mean CRPS on monthly
 * validation origins 1990-12 … 2013-12; and the spread factors (recalibrate.ts): 1, because the
 * hold-out check inside the validation origins (spread-holdout.ts) rejected recalibration at both levels;
 * and the combination rule: the linear pool, because the nested check of the other rules
 * (combination-holdout.ts) adopted neither quantile averaging nor the beta-transformed pool; and
 * the floor, where the `zero` share's draws sit: at each province's lowest month of the last 12 at
 * admin-1 level, at 0 at country level, as the same nested check decided (FLOOR_CHECK). All of it
 * was chosen with deaths as the outcome and serves events forecasts unchanged (docs/forecasting.md,
 * "Events as the target": shares learnt on events failed their nested check). Tuned again
 * 2026-12-06 on the panel that spreads records dated only to a year over their months
 * (month-shares.ts); the shares before it were tuned on a panel that put them in January.
 */
export const ENSEMBLE_WEIGHTS: Record<'country' | 'admin1', EnsembleWeights> = {
  country: {
    components: ENSEMBLE_COMPONENTS,
    weights: [
      [0.5, 0.4, 0, 0.1],
      [0.5, 0.4, 0, 0.1],
      [0.35, 0, 0.5, 0.15],
    ],
    spread: [1, 1, 1],
    rule: 'linear-pool',
    floor: 'zero',
  },
  admin1: {
    components: ENSEMBLE_COMPONENTS,
    weights: [
      [0.3, 0.65, 0.05, 0],
      [0.25, 0.65, 0.05, 0.05],
      [0.3, 0.55, 0.05, 0.1],
    ],
    spread: [1, 1, 1],
    rule: 'linear-pool',
    floor: 'recent-low',
  },
};

/**
 * The floor judged per level (docs/forecasting.md, "The floor of the pool"): the `zero` share's
 * draws at the unit's lowest month of the last 12 instead of 0, with the shipped shares (nothing
 * learnt), by the nested hold-out check of the combination rules (held-out year-bands 1997-2013;
 * adopted if the coverage gap falls and CRPS rises by at most 1%). Copied by hand from
 * `npm run bench -- forecast`, which judges the floor on every run.
 */
export const FLOOR_CHECK: Record<'country' | 'admin1', string> = {
  country:
    'the recent low: held-out mean |coverage90 - 90%| 0.089 -> 0.124, CRPS +0.5%, not adopted (the floor stays at 0)',
  admin1:
    'the recent low: held-out mean |coverage90 - 90%| 0.0481 -> 0.0474 (26 -> 27 of 51 year-bands inside 85-95%), CRPS +0.01%, adopted',
};

/**
 * The online calibration (online-calibration.ts) per level: the step chosen on the monthly
 * validation origins and the nested hold-out check's verdict (bench/forecast.bench.ts, copied by
 * hand). `adopted` is false at both levels; adopting it means giving live forecasts the state at
 * their origin first (docs/forecasting.md, "Online calibration"), hence the literal type.
 */
export const ONLINE_CALIBRATION: Record<
  'country' | 'admin1',
  { adopted: false; step: number; check: string }
> = {
  country: {
    adopted: false,
    step: 0.002,
    check:
      'held-out validation years 1997-2013: mean |coverage90 - 90%| 0.089 raw, 0.090 calibrated; CRPS +0.6%',
  },
  admin1: {
    adopted: false,
    step: 0.1,
    check:
      'held-out validation years 1997-2013: mean |coverage90 - 90%| 0.048 raw, 0.033 calibrated, but CRPS +5.0%',
  },
};

/**
 * The combination rules judged against the linear pool per level (combination-holdout.ts and
 * docs/forecasting.md, "Combining the components"): the nested hold-out check's verdict on the
 * validation years, copied by hand from the bench. Neither is adopted at either level.
 */
export const COMBINATION_CHECK: Record<'country' | 'admin1', string> = {
  country:
    'quantile averaging: held-out mean |coverage90 - 90%| 0.089 -> 0.129 (CRPS -4.8%); beta-transformed pool: 0.089 -> 0.102, CRPS +0.8%',
  admin1:
    'quantile averaging: held-out mean |coverage90 - 90%| 0.048 -> 0.053 (CRPS -1.2%); beta-transformed pool: 0.048 -> 0.058, CRPS +4.9%',
};

/**
 * Country forecasts of deaths bottom up (bottom-up.ts; docs/forecasting.md, "Bottom-up country
 * forecasts"): `nbar-mix` at country level is the sum, draw by draw, of the admin-1 ensemble's draws
 * for the country's provinces and for its deaths without a province, wherever the country has
 * provinces. Chosen on the validation years by proper scores (copied by hand from
 * `npx tsx bench/forecast.bench.ts --bottom-up-only`); events forecasts keep the country pool
 * (bottom up was judged on deaths only).
 */
export const COUNTRY_BOTTOM_UP: { adopted: boolean; metric: 'fatalities'; check: string } = {
  // Adopted on 2026-12-05 on the panel that put records dated only to a year in January; on the
  // panel that spreads them (2026-12-06) it fails the rule it was adopted by: a higher validation
  // CRPS than the country pool and 7-12 month coverage below 85%. So the country pool is shipped.
  adopted: false,
  metric: 'fatalities',
  check:
    'validation origins 1990-12 to 2013-12: CRPS 52.32 (country pool) -> 52.86 (+1.0%), coverage90 90.4% -> 85.9% (7-12 months 88.5% -> 84.8%, outside 85-95%); held-out year-bands 1997-2013: CRPS 68.75 -> 69.55, mean |coverage90 - 90%| 0.089 -> 0.116, inside 85-95% 16 -> 14',
};
