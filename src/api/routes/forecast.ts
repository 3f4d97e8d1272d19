/** The forecast route: monthly forecasts with quantiles, the observed history, and the model's backtest skill. */
import { z } from 'zod';
import { forecastWithSkill } from '../../app/forecast/run-forecast.ts';
import { choice, int, text } from '../params.ts';
import { API, route, type RouteDef } from '../route-table.ts';

/** The forecast routes. */
export const forecastRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: `${API}/forecast`,
    auth: 'read',
    tag: 'forecast',
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary: 'Monthly forecasts (1-12 months) with quantiles, shown with their backtest skill',
    description:
      "Forecasts of the nbar-mix model from the last month the source covers, with the observed last 36 months and the model's rolling-origin backtest against four baselines (crps_ratio < 1 and ign_diff < 0 beat the best baseline). CSV and NDJSON give the forecast rows. See docs/forecasting.md.",
    query: z.strictObject({
      country: text('ISO3 country (default PAK)', 'PAK').optional(),
      level: choice(['country', 'admin1'], 'units: country or admin1 (default admin1)').optional(),
      metric: choice(
        ['fatalities', 'events'],
        'what is forecast (default fatalities, best estimate)',
      ).optional(),
      source: text(
        'history: ucdp (default: each month from a final GED release where one covers it, else UCDP Candidate) or one source dataset',
      ).optional(),
      seed: int(0, 2 ** 31 - 1, 'random seed (default 20261124)').optional(),
    }),
    async handle(_c, deps, q) {
      const r = await forecastWithSkill(deps.store, {
        country: q.country?.toUpperCase(),
        level: q.level as 'country' | 'admin1' | undefined,
        metric: q.metric as 'fatalities' | 'events' | undefined,
        source: q.source,
        seed: q.seed,
      });
      return { body: r, rows: r.forecasts };
    },
  }),
];
