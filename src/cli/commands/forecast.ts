import type { Command } from 'commander';
import { scoreForecastFile } from '../../analytics/forecast/forecast-file.ts';
import { backtestTable } from '../../analytics/forecast/table.ts';
import { backtestFromStore, forecastFromStore } from '../../app/forecast/run-forecast.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import type { Context } from '../context.ts';
import { outputFormat, render } from '../output.ts';

function level(v: string): 'country' | 'admin1' {
  if (v !== 'country' && v !== 'admin1') throw new InvalidInputError(`invalid level: ${v} (use country or admin1)`);
  return v;
}
function metric(v: string): 'fatalities' | 'events' {
  if (v !== 'fatalities' && v !== 'events') throw new InvalidInputError(`invalid metric: ${v} (use fatalities or events)`);
  return v;
}
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** `faultline forecast`: monthly forecasts with quantiles, backtests against baselines, and scoring of any draws file. */
export function registerForecast(program: Command, ctx: Context): void {
  const cmd = program
    .command('forecast')
    .enablePositionalOptions() // `forecast backtest --level country`: the subcommand's own options
    .description('forecast monthly fatalities or events with uncertainty, shown with their backtest skill (see docs/forecasting.md)')
    .option('--country <iso3>', 'country', 'PAK')
    .option('--level <level>', 'country or admin1', 'admin1')
    .option('--metric <metric>', 'fatalities (best) or events', 'fatalities')
    .option('--source <source>', 'source dataset of the history', 'ucdp-ged')
    .option('--seed <n>', 'random seed (same seed, same draws)')
    .option('--format <format>', 'table or json', 'table')
    .action(async (o: Record<string, string>) => {
      const store = await ctx.store();
      const req = { country: o.country, level: level(o.level!), metric: metric(o.metric!), source: o.source, seed: o.seed ? Number(o.seed) : undefined };
      const f = await forecastFromStore(store, { ...req, methods: ['nbar-mix', 'conflictology'] });
      const skill = await backtestFromStore(store, { ...req, draws: 300 });
      const rows = f.forecasts.map((x) => ({ method: x.method, unit: x.unit, month: x.month, horizon: x.horizon, mean: round(x.mean, 1), q05: x.quantiles.q05, q50: x.quantiles.q50, q95: x.quantiles.q95 }));
      const skillRows = skill.comparisons.map((c) => ({ model: c.model, crps_ratio: round(c.crps_ratio), ign_diff: round(c.ign_diff), mis_ratio: round(c.mis_ratio), coverage90: round(skill.methods[c.model]!.coverage90) }));
      if (outputFormat(o.format!) === 'json') return ctx.out(JSON.stringify({ origin: f.origin, spec: f.spec, forecasts: rows, skill: skillRows }, null, 2) + '\n');
      ctx.out(`Forecast of monthly ${f.spec.metric} (${f.spec.source}, ${f.spec.level} level) from origin ${f.origin}, seed ${f.spec.seed}\n`);
      ctx.out(render(rows.filter((r) => r.method === 'nbar-mix'), 'table'));
      ctx.out(`\nBacktest skill (origins 2014-12..2020-12, horizons 1-12; ratios < 1 and negative ign_diff beat the best baseline)\n`);
      ctx.out(render(skillRows, 'table'));
    });

  cmd
    .command('score')
    .description('score a forecast file (columns unit, month, draw, value, observed) with CRPS, IGN, MIS and 90% coverage')
    .argument('<file>', 'CSV of draws')
    .action(async (file: string) => {
      const s = await scoreForecastFile(file);
      ctx.out(JSON.stringify({ crps: s.crps, ign: s.ign, mis: s.mis, coverage90: s.coverage90, n: s.n, pit: s.pit }) + '\n');
    });

  cmd
    .command('backtest')
    .description('rolling-origin backtest of the model and every baseline on the loaded data')
    .option('--country <iso3>', 'country', 'PAK')
    .option('--level <level>', 'country or admin1', 'admin1')
    .option('--metric <metric>', 'fatalities (best) or events', 'fatalities')
    .option('--source <source>', 'source dataset', 'ucdp-ged')
    .option('--draws <n>', 'draws per unit-month', '1000')
    .option('--seed <n>', 'random seed')
    .option('--format <format>', 'table or json', 'table')
    .action(async (o: Record<string, string>) => {
      const store = await ctx.store();
      const r = await backtestFromStore(store, { country: o.country, level: level(o.level!), metric: metric(o.metric!), source: o.source, draws: Number(o.draws), seed: o.seed ? Number(o.seed) : undefined });
      if (outputFormat(o.format!) === 'json') {
        const methods = Object.fromEntries(Object.entries(r.methods).map(([k, v]) => [k, { crps: v!.crps, ign: v!.ign, mis: v!.mis, coverage90: v!.coverage90, n: v!.n }]));
        return ctx.out(JSON.stringify({ spec: r.spec, origins: r.origins, methods, comparisons: r.comparisons }, null, 2) + '\n');
      }
      ctx.out(backtestTable(r) + '\n');
    });
}
