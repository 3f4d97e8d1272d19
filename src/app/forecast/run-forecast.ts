import { runBacktest, TEST_ORIGINS, type BacktestResult } from '../../analytics/forecast/backtest.ts';
import { forecast, type UnitMonthForecast } from '../../analytics/forecast/forecast.ts';
import { PAK_PROVINCE_NEIGHBOURS } from '../../analytics/forecast/ged-panel.ts';
import type { MethodName } from '../../analytics/forecast/methods.ts';
import type { Store } from '../../storage/store.ts';
import { buildPanel, type ForecastLevel, type ForecastMetric } from './panels.ts';

/** Seed used unless the caller gives one: forecasts are reproducible by default. */
export const DEFAULT_SEED = 20261124;

/** What to forecast or backtest. */
export interface ForecastRequest {
  country?: string;
  level?: ForecastLevel;
  metric?: ForecastMetric;
  source?: string;
  seed?: number;
  draws?: number;
  horizons?: number;
}

const defaults = (r: ForecastRequest) => ({
  country: r.country ?? 'PAK',
  level: r.level ?? 'admin1',
  metric: r.metric ?? 'fatalities',
  source: r.source ?? 'ucdp-ged',
  seed: r.seed ?? DEFAULT_SEED,
  draws: r.draws ?? 1000,
  horizons: r.horizons ?? 12,
});

/** Rolling-origin backtest (origins each December 2014-2020, horizons 1-12) on the store's data. */
export async function backtestFromStore(store: Store, req: ForecastRequest = {}): Promise<BacktestResult & { spec: ReturnType<typeof defaults> }> {
  const spec = defaults(req);
  const { panel } = await buildPanel(store, spec);
  const neighbours = spec.level === 'admin1' && spec.country === 'PAK' ? PAK_PROVINCE_NEIGHBOURS : undefined;
  const result = runBacktest(panel, { origins: TEST_ORIGINS, horizons: spec.horizons, draws: spec.draws, seed: spec.seed, neighbours });
  return { ...result, spec };
}

/** Forecasts from the last month the source covers, for the model and every baseline, with the origin used. */
export async function forecastFromStore(
  store: Store,
  req: ForecastRequest & { methods?: MethodName[] } = {},
): Promise<{ origin: string; forecasts: UnitMonthForecast[]; spec: ReturnType<typeof defaults> }> {
  const spec = defaults(req);
  const { panel, last } = await buildPanel(store, spec);
  const neighbours = spec.level === 'admin1' && spec.country === 'PAK' ? PAK_PROVINCE_NEIGHBOURS : undefined;
  const forecasts = forecast(panel, { origin: last, horizons: spec.horizons, draws: spec.draws, seed: spec.seed, method: req.methods, neighbours });
  return { origin: last, forecasts, spec };
}
