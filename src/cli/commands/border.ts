import type { Command } from 'commander';
import { BORDER_FILTER_KEYS, FILTER_KEYS, type FilterKey } from '../../domain/filter-vocabulary.ts';
import { analysisFormat, filterOfOptions, printAnswer } from '../analysis-output.ts';
import type { Context } from '../context.ts';
import { addFilterOptions } from '../filter-options.ts';
import { borderFilter } from '../../app/analysis/border-filter.ts';

// The view's own series fix the actors, places and types; the period, sources (desk events too) and
// distance are the user's: the filters GET /border and the dashboard's view take, from one list.
const KEPT: readonly FilterKey[] = BORDER_FILTER_KEYS;

/** `faultline border`: the cross-border view per month (the API's /border). */
export function registerBorder(program: Command, ctx: Context): void {
  const cmd = program
    .command('border')
    .description(
      'per month: Pakistan-Afghanistan interstate clashes, Pakistani strikes inside Afghanistan and TTP events near the border, by side of the border',
    );
  addFilterOptions(
    cmd,
    FILTER_KEYS.filter((k) => !KEPT.includes(k)),
  );
  // The shared wording ("only events ... within this many km") reads as if it cut every series; here
  // it is the distance of the TTP series alone.
  for (const o of cmd.options)
    if (o.long === '--max-border-km')
      o.description =
        'ttp_near_border only: TTP events whose whole border-distance range lies within this many km (0 to 100000) of the Afghanistan-Pakistan border (default 50); the interstate and strike series keep every distance';
  cmd
    .option(
      '--format <format>',
      'table, csv, json or ndjson (json prints exactly what the API returns)',
      'table',
    )
    .addHelpText(
      'after',
      `
Series (one row per month, series and side of the border, PAK or AFG):
  interstate          the Pakistani state on one side, the Afghan state on the other (--dyad pakistan:afghanistan)
  pakistani_strikes   first side (UCDP side_a) the Government of Pakistan, the event in Afghanistan
  ttp_near_border     TTP or a faction on either side, at most --max-border-km (default 50) from the border line;
                      TTP events without a border distance are counted in "unjudged", not in "events"
The side is the exact point's country, else the province the event was placed in, else the
source's country (docs/geography.md). Months no loaded source covers show no figures, not zeros.

Published desk events (analysts' reports from the news, docs/desk.md) count only with --include-desk;
they make no month covered.

Examples:
  faultline border --from 2026-01 --to 2026-06 --max-border-km 30
  faultline border --from 2026-11 --include-desk
`,
    )
    .action(async (o: Record<string, unknown>) => {
      const format = analysisFormat(o);
      const f = await filterOfOptions(ctx, o);
      const { queryBorder } = await import('../../app/analysis/border-view.ts');
      const r = await queryBorder(await ctx.store('read'), {
        filter: borderFilter(f),
        maxBorderKm: f.maxBorderKm,
      });
      printAnswer(ctx, format, r, r.rows);
      // The table shows the records dated only to a year under the months (json has them as `imprecise`).
      if (format === 'table' && r.imprecise.length) {
        const { render } = await import('../output.ts');
        ctx.out('\nimprecise dates (known only to a year or a span longer than a month, in no row above):\n');
        ctx.out(render(r.imprecise, 'table'));
      }
    });
}
