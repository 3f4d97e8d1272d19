import type { Command } from 'commander';
import {
  addAnalysisFilters,
  analysisFormat,
  filterOfOptions,
  METRIC_HELP,
  printAnswer,
} from '../analysis-output.ts';
import type { Context } from '../context.ts';

/** `faultline changepoints`: where the monthly level shifts (PELT, Poisson cost; the API's /changepoints). */
export function registerChangepoints(program: Command, ctx: Context): void {
  addAnalysisFilters(
    program
      .command('changepoints')
      .description('find the months where the level of a series shifts (PELT with a Poisson cost)'),
  )
    .option('--metric <metric>', METRIC_HELP, 'events')
    .option('--interval <interval>', 'week, month or quarter', 'month')
    .option(
      '--penalty <n>',
      'penalty per change point, 0 to 1000000, used as given (default 3 ln(n) times the dispersion)',
    )
    .option('--dispersion <mode>', 'estimate (default) or poisson', 'estimate')
    .option('--min-segment <n>', 'fewest periods in a segment, 1 to 120', '3')
    .addHelpText('after', '\nExample:\n  faultline changepoints --country PAK --from 2010 --to 2021\n')
    .action(async (o: Record<string, string | undefined>) => {
      const format = analysisFormat(o);
      const { changepointsQuery } = await import('../../app/analysis/changepoints.ts');
      const { parseChoice, parseIntParam, parseMetric, parseNumberParam } =
        await import('../../app/analysis/params.ts');
      const r = await changepointsQuery(await ctx.store('read'), {
        filter: await filterOfOptions(ctx, o),
        metric: parseMetric(o.metric!),
        interval: parseChoice('interval', o.interval!, ['week', 'month', 'quarter'] as const),
        penalty: o.penalty === undefined ? undefined : parseNumberParam('penalty', o.penalty, 0, 1e6),
        dispersion: parseChoice('dispersion', o.dispersion!, ['estimate', 'poisson'] as const),
        minSegment: parseIntParam('min_segment', o.minSegment!, 1, 120),
      });
      printAnswer(ctx, format, r, r.changepoints, [
        'period',
        'date',
        'rate_before',
        'rate_after',
        'ratio',
        'absolute_change',
      ]);
    });
}
