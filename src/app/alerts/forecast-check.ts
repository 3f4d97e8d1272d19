/**
 * Forecast rules: a unit's count in the latest month the data cover is above the 90% upper bound
 * (the 95th percentile) of the model's one-month-ahead forecast made from the month before it,
 * with only the data up to that month (docs/forecasting.md; the model is nbar-mix).
 */
import { grouped } from '../../domain/format-number.ts';
import { ENSEMBLE_WEIGHTS } from '../../analytics/forecast/ensemble-weights.ts';
import { forecast } from '../../analytics/forecast/forecast.ts';
import { PAK_PROVINCE_NEIGHBOURS } from '../../analytics/forecast/ged-panel.ts';
import { addMonths } from '../../analytics/forecast/months.ts';
import { dayNumber, isoDate } from '../../analytics/aggregate/dates.ts';
import { offload } from '../offload.ts';
import { buildPanel, type BuiltPanel, type ForecastLevel, type ForecastMetric } from '../forecast/panels.ts';
import { DEFAULT_SEED } from '../forecast/run-forecast.ts';
import type { KindCheck } from './found.ts';
import { staleDays } from './stale.ts';

/** A forecast rule's settings. */
export interface ForecastRuleParams {
  country: string;
  level: ForecastLevel;
  metric: ForecastMetric;
  source: string;
  draws: number;
}

/** A unit whose latest month was above the bound. */
export interface Exceedance {
  unit: string;
  month: string;
  observed: number;
  q95: number;
  mean: number;
  origin: string;
}

/** The units whose observed count in `built.last` exceeds the q95 of the forecast from the month before (pure: runs on a worker in a server). */
export function forecastExceedances({
  built,
  p,
}: {
  built: BuiltPanel;
  p: ForecastRuleParams;
}): Exceedance[] {
  const origin = addMonths(built.last, -1);
  const rows = forecast(built.panel, {
    origin,
    horizons: 1,
    draws: p.draws,
    seed: DEFAULT_SEED,
    method: 'nbar-mix',
    ensemble: ENSEMBLE_WEIGHTS[p.level],
    neighbours: p.level === 'admin1' && p.country === 'PAK' ? PAK_PROVINCE_NEIGHBOURS : undefined,
  });
  const out: Exceedance[] = [];
  for (const f of rows) {
    const series = built.panel.find((s) => s.unit === f.unit);
    const i = series?.months.indexOf(built.last) ?? -1;
    const observed = i >= 0 ? series!.values[i]! : NaN;
    // NaN: no source covers the month for this unit, so nothing is judged (missing is not zero).
    if (Number.isFinite(observed) && observed > f.quantiles.q95)
      out.push({
        unit: f.unit,
        month: built.last,
        observed,
        // To the cent: the 95th percentile of whole-number draws lies on a multiple of 0.05
        // ((draws - 1) * 0.95 has a fraction in twentieths), which floating point wrote as
        // 221.34999999999968 in titles and details.
        q95: Math.round(f.quantiles.q95 * 100) / 100,
        mean: f.mean,
        origin,
      });
  }
  return out;
}

/** Checks a forecast rule on the store's panel. */
export const forecastCheck: KindCheck = async (store, rule, now) => {
  const p = rule.params as unknown as ForecastRuleParams;
  const built = await buildPanel(store, {
    country: p.country,
    level: p.level,
    metric: p.metric,
    source: p.source,
  });
  const found = await offload('alert-forecast', { built, p }, () => forecastExceedances({ built, p }));
  const counts = p.metric === 'fatalities' ? 'deaths (best estimate)' : 'events';
  // A latest month long past is judged as the latest: said, so that a quiet rule is not read as
  // quiet months since (it said nothing, as a relations rule on an old index does).
  const lastDay = isoDate(dayNumber(`${addMonths(built.last, 1)}-01`)! - 1);
  const behind = staleDays(lastDay, now);
  return {
    conditions: found.map((x) => ({
      key: `${x.unit} ${x.month}`,
      title: `${x.unit} ${x.month}: ${x.observed} ${counts}, above the forecast's 90% upper bound ${x.q95} (mean ${Math.round(x.mean * 10) / 10}, forecast from ${x.origin})`,
      detail: { ...x, counts, model: 'nbar-mix', draws: p.draws, rests_on: built.restsOn },
    })),
    note:
      behind === null
        ? null
        : `the loaded data end with ${built.last}, ${grouped(behind)} days before ${now.toISOString().slice(0, 10)}: the rule judges that month against its forecast, not the months since, which no loaded source version covers (faultline update, or a newer release, brings them)`,
  };
};
