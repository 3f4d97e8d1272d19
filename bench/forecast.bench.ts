/**
 * Forecast benchmark: the rolling-origin backtest (origins 2014-12 … 2020-12, horizons 1–12, fatalities)
 * on UCDP GED 22.1 Pakistan at country and province level, printing every method's scores and the model's
 * ratios to the best baseline run in the same process. `--tune` first reruns the hyper-parameter search
 * on the validation origins 2009-12 … 2013-12.
 */
import { runBacktest, TEST_ORIGINS, type BacktestResult } from '../src/analytics/forecast/backtest.ts';
import {
  buildGedPanels,
  PAK_PROVINCE_NEIGHBOURS,
  readGedEvents,
} from '../src/analytics/forecast/ged-panel.ts';
import { NBAR_DEFAULTS } from '../src/analytics/forecast/model-nbar.ts';
import { backtestTable, horizonTable } from '../src/analytics/forecast/table.ts';
import { tuneMixWeight, tuneNbar, type TuneLevel } from '../src/analytics/forecast/tune.ts';

/** Options of the benchmark: draws per unit-month, the seed, and whether to rerun the tuning first. */
export interface BenchForecastOptions {
  draws?: number;
  seed?: number;
  tune?: boolean;
}

/** Runs the backtest at country and province level, prints the tables and returns the results. */
export async function benchForecast(
  options: BenchForecastOptions = {},
): Promise<Record<string, BacktestResult>> {
  const draws = options.draws ?? 1000;
  const seed = options.seed ?? 20261124;
  const t0 = performance.now();
  const panels = buildGedPanels(await readGedEvents(), 'fatalities');
  const levels: TuneLevel[] = [
    { name: 'country', panel: panels.country },
    { name: 'admin1', panel: panels.admin1, neighbours: PAK_PROVINCE_NEIGHBOURS },
  ];
  console.log(
    `forecast bench: GED 22.1 Pakistan fatalities (best), ${draws} draws, seed ${seed}, ${panels.droppedFromAdmin1} events without adm_1 left out of admin1`,
  );
  if (options.tune) {
    const t = performance.now();
    const ranked = tuneNbar(levels, { seed });
    for (const c of ranked.slice(0, 8))
      console.log('tune', c.meanCrpsRatio.toFixed(3), JSON.stringify(c.crpsRatio), JSON.stringify(c.nbar));
    const weights = tuneMixWeight(levels, ranked[0]!.nbar, { seed });
    console.log(
      'tune mix weights',
      JSON.stringify(weights),
      `${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
  }
  console.log('nbar settings', JSON.stringify(NBAR_DEFAULTS));
  const results: Record<string, BacktestResult> = {};
  for (const level of levels) {
    const t = performance.now();
    results[level.name] = runBacktest(level.panel, {
      origins: TEST_ORIGINS,
      draws,
      seed,
      neighbours: level.neighbours,
    });
    const seconds = ((performance.now() - t) / 1000).toFixed(1);
    console.log(
      `\n## ${level.name} (${level.panel.length} units, origins ${TEST_ORIGINS.join(', ')}): ${seconds} s\n`,
    );
    console.log(backtestTable(results[level.name]!));
    console.log(`\nCRPS by horizon\n\n${horizonTable(results[level.name]!)}`);
  }
  console.log(`\nforecast bench total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`)
  await benchForecast({ tune: process.argv.includes('--tune') });
