import type { Command } from 'commander';
import {
  addAnalysisFilters,
  analysisFormat,
  filterOfOptions,
  METRIC_HELP,
  printAnswer,
} from '../analysis-output.ts';
import type { Context } from '../context.ts';

/** `faultline signals`: is the latest 30-day total the highest in one or three years (the API's /signals)? */
export function registerSignals(program: Command, ctx: Context): void {
  addAnalysisFilters(
    program
      .command('signals')
      .description(
        'surge signal: the latest 30-day total against the last one and three years, and its monthly history',
      ),
  )
    .option('--metric <metric>', METRIC_HELP, 'events')
    .option('--window <days>', 'window length in days, 1 to 365', '30')
    .option('--min-total <n>', 'smallest window total that can be a surge, 0 to 1000000', '10')
    .option('--lookbacks <days>', 'comma-separated lookbacks in days, each 1 to 36500', '365,1095')
    .option(
      '--history',
      'table: print the rule at every month end instead of the latest day only (csv and ndjson always give this history, as the API does)',
    )
    .addHelpText('after', '\nExample:\n  faultline signals --country PAK --actor TTP --to 2021-12-31\n')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const format = analysisFormat(o);
      const { parseIntParam, parseLookbacks, parseMetric } = await import('../../app/analysis/params.ts');
      const { lookbacksHint, signalsQuery } = await import('../../app/analysis/signals.ts');
      const windowDays = parseIntParam('window', String(o.window), 1, 365);
      const r = await signalsQuery(await ctx.store('read'), {
        filter: await filterOfOptions(ctx, o),
        metric: parseMetric(String(o.metric)),
        windowDays,
        minTotal: parseIntParam('min_total', String(o.minTotal), 0, 1_000_000),
        lookbacks: parseLookbacks(String(o.lookbacks), { days: windowDays, hint: lookbacksHint(windowDays) }),
        typed: { from: o.from as string | undefined, to: o.to as string | undefined },
      });
      // csv and ndjson print the API's rows (the history); only the table shows the latest day alone by default.
      printAnswer(ctx, format, r, format !== 'table' || o.history ? r.history : [r.signal]);
      if (format === 'table') {
        // The columns say "total" and "previous_max": of what, the metric's definition says.
        const metric = parseMetric(String(o.metric));
        ctx.err(
          `total, previous_max: ${metric} in one ${windowDays}-day window (${(r.meta.metrics[metric] ?? metric).replace(/\.$/, '')})\n`,
        );
        ctx.err(`rule: ${r.rule}\n`);
      }
    });
}
