import type { Command } from 'commander';
import { addAnalysisFilters, analysisFormat, filterOfOptions, printAnswer } from '../analysis-output.ts';
import type { Context } from '../context.ts';

/** `faultline network` (dyads of actors) and `faultline deadliest` (the API's /network and /deadliest). */
export function registerNetwork(program: Command, ctx: Context): void {
  addAnalysisFilters(
    program.command('network').description('the actor network: pairs of actors with their events and deaths'),
  )
    .option('--sort <order>', 'deaths_best or events', 'deaths_best')
    .option('--limit <n>', 'most dyads to print, 1 to 1000', '50')
    .action(async (o: Record<string, string | undefined>) => {
      const format = analysisFormat(o);
      const { networkQuery } = await import('../../app/analysis/network.ts');
      const { parseChoice, parseIntParam } = await import('../../app/analysis/params.ts');
      const r = await networkQuery(await ctx.store('read'), {
        filter: await filterOfOptions(ctx, o),
        sortBy: parseChoice('sort', o.sort!, ['deaths_best', 'events'] as const),
        limit: parseIntParam('limit', o.limit!, 1, 1000),
      });
      printAnswer(ctx, format, r, r.dyads);
    });

  addAnalysisFilters(
    program.command('deadliest').description('the events with the most deaths (best estimate)'),
  )
    .option('--limit <n>', 'how many events, 1 to 1000', '10')
    .action(async (o: Record<string, string | undefined>) => {
      const format = analysisFormat(o);
      const { deadliestQuery } = await import('../../app/analysis/network.ts');
      const { parseIntParam } = await import('../../app/analysis/params.ts');
      const { TABLE_COLUMNS } = await import('../../app/event-view.ts');
      const r = await deadliestQuery(await ctx.store('read'), {
        filter: await filterOfOptions(ctx, o),
        limit: parseIntParam('limit', o.limit!, 1, 1000),
      });
      printAnswer(ctx, format, r, r.events, format === 'table' ? TABLE_COLUMNS : undefined);
    });
}
