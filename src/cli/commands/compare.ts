import type { Command } from 'commander';
import type { PlaceLevel } from '../../app/analysis/compare.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import {
  addAnalysisFilters,
  analysisFormat,
  filterOfOptions,
  METRIC_HELP,
  printAnswer,
} from '../analysis-output.ts';
import type { Context } from '../context.ts';

/** `faultline compare`: rate ratio of two periods or two places with an exact interval (the API's /compare). */
export function registerCompare(program: Command, ctx: Context): void {
  addAnalysisFilters(
    program
      .command('compare')
      .description('compare two periods (or two places) with an exact rate ratio, interval and p-value'),
  )
    .option('--period1 <period>', 'reference period: 2020, 2021-Q3, 2021-08 or 2021-01-01..2021-06-30')
    .option('--period2 <period>', 'compared period, in the forms --period1 takes')
    .option('--level <level>', 'level of --place1/--place2: country, admin1 or admin2', 'admin1')
    .option(
      '--place1 <place>',
      'reference place, a unit of --level: PAK, PK-KP (or Khyber Pakhtunkhwa), a district',
    )
    .option('--place2 <place>', 'compared place, as --place1')
    .option('--metric <metric>', METRIC_HELP, 'events')
    .option('--confidence <level>', 'confidence level of the interval, 0.5 to 0.999', '0.95')
    .option(
      '--dedupe',
      'one count per incident across sources (linked records count once; docs/linkage.md says which source represents an incident)',
    )
    .addHelpText(
      'after',
      "\nRates are per day a loaded source covers (covered_days1, covered_days2): a period covered in part\nis not diluted by the days no source covers, and a period no source covers has no count and no ratio.\nrate1_per_100k and rate2_per_100k are each side's whole count over those days per 100,000 people of\nits place (not per day or per year); a note under the table names the figure, its source and year.\n\nExamples:\n  faultline compare --country PAK --actor TTP --period1 2020 --period2 2021\n  faultline compare --from 2021 --to 2021 --place1 PK-BA --place2 PK-KP\n",
    )
    .action(async (o: Record<string, string | undefined>, cmd: Command) => {
      const format = analysisFormat(o);
      const { compareQuery, PLACE_LEVELS, refuseMixedComparison, refuseSamePeriods } =
        await import('../../app/analysis/compare.ts');
      const { parseChoice, parseMetric, parseNumberParam } = await import('../../app/analysis/params.ts');
      const base = {
        filter: await filterOfOptions(ctx, o),
        metric: parseMetric(o.metric!),
        confidence: parseNumberParam('confidence', o.confidence!, 0.5, 0.999),
        dedupe: (o as { dedupe?: boolean }).dedupe === true,
      };
      // Read-only unless --dedupe, which may store links it had to compute.
      const store = await ctx.store(base.dedupe ? undefined : 'read');
      let r;
      // --level has a default: only one typed is refused beside two periods.
      refuseMixedComparison({
        ...o,
        level: cmd.getOptionValueSource('level') === 'default' ? undefined : o.level,
      });
      if (o.period1 || o.period2) {
        if (!o.period1 || !o.period2)
          throw new InvalidInputError(
            `missing option: ${o.period1 ? '--period2' : '--period1'} (compare takes two periods)`,
          );
        refuseSamePeriods(o.period1, o.period2);
        r = await compareQuery(store, { ...base, kind: 'periods', period1: o.period1, period2: o.period2 });
      } else if (o.place1 || o.place2) {
        if (!o.place1 || !o.place2)
          throw new InvalidInputError(
            `missing option: ${o.place1 ? '--place2' : '--place1'} (compare takes two places)`,
          );
        r = await compareQuery(store, {
          ...base,
          kind: 'places',
          level: parseChoice<PlaceLevel>('level', o.level!, PLACE_LEVELS),
          place1: o.place1,
          place2: o.place2,
        });
      } else
        throw new InvalidInputError('invalid comparison: give period1 and period2, or place1 and place2');
      printAnswer(
        ctx,
        format,
        r,
        [r.comparison],
        format === 'table'
          ? [
              'metric',
              'label1',
              'count1',
              'days1',
              'covered_days1',
              'label2',
              'count2',
              'days2',
              'covered_days2',
              // The rates the ratio compares, which the exposure note names (it named columns the table hid).
              'rate1_per_day',
              'rate2_per_day',
              // Rates per 100,000 people when both places (or the filter's unit) have a population:
              // its note describes them, so the table shows them.
              ...(r.comparison.rate1_per_100k !== null || r.comparison.rate2_per_100k !== null
                ? ['rate1_per_100k', 'rate2_per_100k']
                : []),
              'rate_ratio',
              'ci_low',
              'ci_high',
              'p_value',
              // Two places of different size: the ratio per person beside the one per day.
              ...(r.comparison.rate_ratio_per_person !== null
                ? ['rate_ratio_per_person', 'ci_low_per_person', 'ci_high_per_person']
                : []),
            ]
          : undefined,
      );
    });
}
