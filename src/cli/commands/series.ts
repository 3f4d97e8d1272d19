import type { Command } from 'commander';
import { addAnalysisFilters, analysisFormat, filterOfOptions, printAnswer } from '../analysis-output.ts';
import type { Context } from '../context.ts';
import { GROUP_BYS } from '../../domain/aggregate.ts';

/** `faultline series`: a dense series of events and deaths per period (the API's /series). */
export function registerSeries(program: Command, ctx: Context): void {
  addAnalysisFilters(
    program
      .command('series')
      .description('dense series of events and deaths per day, week, month, quarter or year'),
  )
    .option('--interval <interval>', 'day, week, month, quarter or year', 'month')
    .option('--by <dimension>', `split by ${GROUP_BYS.slice(0, -1).join(', ')} or ${GROUP_BYS.at(-1)}`)
    .option(
      '--metrics <list>',
      'comma-separated metrics (default all): events, fatalities_best, fatalities_low, fatalities_high, deaths_civilians, deaths_side_a, deaths_side_b, deaths_unknown',
    )
    .option(
      '--per-100k',
      'add <metric>_per_100k per 100,000 people (Pakistan: 2023 census; Afghanistan: 2021 estimate) for --by admin1/admin2 groups or the one filtered unit',
    )
    .option(
      '--dedupe',
      'one count per incident across sources (linked records count once; docs/linkage.md says which source represents an incident)',
    )
    .addHelpText(
      'after',
      '\nExample:\n  faultline series --country PAK --from 2020-01-01 --to 2021-12-31 --interval month --metrics events,fatalities_best\n',
    )
    .action(async (o: Record<string, string | undefined>) => {
      const format = analysisFormat(o);
      const { parseGroupBy, parseInterval, parseMetrics } = await import('../../app/analysis/params.ts');
      const { querySeries } = await import('../../app/analysis/series.ts');
      // Read-only unless --dedupe, which may store links it had to compute.
      const dedupe = (o as { dedupe?: boolean }).dedupe === true;
      const r = await querySeries(await ctx.store(dedupe ? undefined : 'read'), {
        filter: await filterOfOptions(ctx, o),
        interval: parseInterval(o.interval!),
        // An empty value is refused, as the API refuses `metrics=`: it answered every metric, unsaid.
        groupBy: o.by !== undefined ? parseGroupBy(o.by) : undefined,
        metrics: o.metrics !== undefined ? parseMetrics(o.metrics) : undefined,
        per100k: (o as { per100k?: boolean }).per100k === true,
        dedupe,
      });
      printAnswer(ctx, format, r, r.points);
      // The table shows the imprecise-date band under the series (json carries it as `imprecise`).
      if (format === 'table' && r.imprecise.length) {
        const { render } = await import('../output.ts');
        ctx.out(
          `\nimprecise dates (known only to a coarser unit than the ${o.interval}, in no row above):\n`,
        );
        ctx.out(render(r.imprecise, 'table'));
      }
    });
}
