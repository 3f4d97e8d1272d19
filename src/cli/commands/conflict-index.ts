import type { Command } from 'commander';
import { addAnalysisFilters, analysisFormat, filterOfOptions, printAnswer } from '../analysis-output.ts';
import type { Context } from '../context.ts';

/** `faultline index`: conflict index components per admin-1 unit (the API's /index). */
export function registerIndex(program: Command, ctx: Context): void {
  addAnalysisFilters(
    program
      .command('index')
      .description(
        'conflict index components per province: deadliness, danger to civilians, diffusion, fragmentation',
      ),
  )
    .addHelpText('after', '\nExample:\n  faultline index --country PAK --from 2021 --to 2021\n')
    .action(async (o: Record<string, string | undefined>) => {
      const format = analysisFormat(o);
      const { indexQuery } = await import('../../app/analysis/conflict-index.ts');
      const r = await indexQuery(await ctx.store('read'), await filterOfOptions(ctx, o));
      // The rates the note under the table speaks of, beside the counts, where a population is known.
      const rates = r.units.some((u) => u.events_per_100k !== null)
        ? ['events_per_100k', 'civilian_deaths_per_100k']
        : [];
      printAnswer(
        ctx,
        format,
        r,
        r.units,
        format === 'table'
          ? [
              'admin1_code',
              'admin1_name',
              'events',
              'deadliness',
              'deadliness_rank',
              'danger_to_civilians',
              'danger_to_civilians_rank',
              'civilian_deaths',
              'diffusion',
              'diffusion_rank',
              'fragmentation',
              'fragmentation_rank',
              ...rates,
            ]
          : undefined,
      );
      // The components are not counts their names explain (danger_to_civilians counts events, not
      // deaths): the table says what each is, as the json's `definitions` do.
      if (format === 'table')
        for (const c of ['deadliness', 'danger_to_civilians', 'diffusion', 'fragmentation'])
          ctx.err(`${c}: ${r.definitions[c]}\n`);
    });
}
