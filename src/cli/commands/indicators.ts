import { grouped } from '../../domain/format-number.ts';
import type { Command } from 'commander';
import { counted } from '../../domain/plural.ts';
import { analysisFormat } from '../analysis-output.ts';
import type { Context } from '../context.ts';
import { render, type OutputFormat } from '../output.ts';
import { licencesText } from '../../app/licences-text.ts';
import { figureSourceText, UNKNOWN_VERSION } from '../../app/figure-sources-text.ts';
import type { FigureSource } from '../../app/answers.ts';
import type { IndicatorsRequest } from '../../app/indicators.ts';
import { indicatorsRequest } from '../../app/indicators-request.ts';
import { parseChoice } from '../../domain/choice.ts';

/**
 * The table's columns: what each figure counts (`definition`) and where (`country`, `geography`) stand
 * beside the value, so two figures of one metric never look alike. csv and ndjson give every field
 * of the API's rows (GET /statistics), in its order.
 */
const TABLE_COLUMNS = [
  'organisation',
  'metric',
  'definition',
  'country',
  'geography',
  'country_to',
  'geography_to',
  'origin',
  'period_start',
  'period_end',
  'value',
  'qualifier',
  'unit',
  'period_overlaps',
  'revision',
  'secondary',
  'report',
  'url',
  'also_recorded',
  'quote',
];

/** `faultline indicators`: published figures with their page and quote (the API's /statistics). */
export function registerIndicators(program: Command, ctx: Context): void {
  program
    .command('indicators')
    .description(
      'list published figures (report statistics and indicator series such as returns of Afghans) with their source, page and quote',
    )
    .option('--metric <name>', 'the metric as published: returns, deportations, killed, attacks, ...')
    .option(
      '--organisation <text>',
      'figures whose organisation holds this text, in any case (UNHCR also matches "UNHCR (reported by Dawn)" and "UNHCR-IOM")',
    )
    .option(
      '--country <iso3s>',
      'figures of these countries, ISO3 codes comma-separated (PAK or PAK,IRN), as the geography or where people went; a geography naming one with another country ("Pakistan and Iran") is left out, and a note counts those',
    )
    .option(
      '--origin <iso3>',
      'figures of people who left this country alone (PAK for returns from Pakistan, IRN from Iran), several (several countries together) or all (the default)',
    )
    .option('--from <date>', 'figures whose period ends on or after this day (2023, 2023-09 or 2023-09-15)')
    .option(
      '--to <date>',
      'figures whose period starts on or before this day: with --from, every figure whose period overlaps (--from 2025 --to 2025 also lists a count since 2023 that ends in 2025)',
    )
    .option(
      '--by <period>',
      "month: for each month from --from to --to, the figures whose period lies within it (the API's /statistics/months)",
    )
    .option(
      '--format <format>',
      'table, csv, json or ndjson (json prints exactly what the API returns)',
      'table',
    )
    .addHelpText(
      'after',
      `
Figures are listed as published, never added up: their periods overlap (a count since September
2023 beside one of April 2025), and one metric holds counts and shares (returns in persons, and in
percent of returns): read unit, period and definition before comparing two figures.
period_overlaps counts the other loaded figures (listed or not) of the same metric and unit, from
and to the same places, whose period shares a day with the figure's: a count since 15 September 2023
overlaps every month after it. Figures that overlap add up to more people than returned, unless
their definitions say they count different people (Torkham and Chaman in September 2023).
Rows marked secondary were read through a news outlet ([secondary: ...] in the report): check the
publisher's original before citing. Qualifiers: exact, about, at_least ("over"), at_most ("up to").
A figure compiled twice (the same metric, period, exact value, unit and places in two records) is
one row naming its other records (also_recorded); a note says how many records were merged.
--country keeps a figure any of whose records names the country: as its one country, where people
left or where they went (docs/importing.md, "Which country a figure is of"). origin says where the
people a figure counts left from (PAK, IRN, several: countries together, or empty: a figure of one
place, or of no people who moved: attacks, population_estimate); --origin PAK keeps the figures of
returns from Pakistan alone, and a note counts those of several countries together it left out. When one publisher gives a figure of the same measure,
period and place in two reports (UNHCR's about 40,000 and about 38,000 returns of May 2024), both
are listed, the later publication marked as the revision (revision, revises, revised_by); a
figure read through a news outlet (secondary) is never marked: its date is the outlet's.

--by month answers month by month: each month lists the figures whose period lies within it, a
figure of exactly that month first, or says "no source" (never 0); a month whose only figures are
shares or rates (percent, per day) answers share_or_rate: no count of it is published. Figures
over longer periods are not split or prorated (spanning counts those holding the month); figures
are added up only where their periods share no day (covers "sum"). A figure compiled twice (in two
files, or twice in one) is one row naming its other records (also_recorded), listed and added once.
Without --origin a month may be answered by a figure of returns from Iran beside months of returns
from Pakistan: every figure names its origin, and a note says which origins the months hold.


Examples:
  faultline indicators --metric returns --country PAK --format csv > returns.csv
  faultline indicators --metric returns --country IRN --from 2025 --to 2025  # overlapping 2025
  faultline indicators --metric returns --origin PAK --from 2025 --to 2025 --by month
`,
    )
    .action(async (o: Record<string, string | undefined>) => {
      const format = analysisFormat(o);
      const request = indicatorsRequest(o);
      if (o.by !== undefined) {
        // Only months for now: a figure lies within a month or spans it; weeks and quarters would need
        // their own rule. In any case, as every choice (`--by Month`; docs/cli.md).
        parseChoice('by', o.by, ['month']);
        return printMonths(ctx, format, request);
      }
      const { figureRows, indicatorsQuery } = await import('../../app/indicators.ts');
      const r = await indicatorsQuery(await ctx.store('read'), request);
      if (format === 'json') return ctx.out(JSON.stringify(r, null, 2) + '\n');
      const notes = () => r.meta.notes.forEach((n) => ctx.err(`note: ${n}\n`));
      // A figure's other records in one cell, as the month view's rows give them.
      const rows = figureRows(r);
      if (format !== 'table') {
        ctx.out(render(rows, format));
        printSources(ctx, r.meta.sources);
        return notes();
      }
      ctx.out(render(rows, format, TABLE_COLUMNS));
      ctx.err(`${counted(r.statistics.length, 'figure')}; note: ${r.meta.note}\n`);
      printSources(ctx, r.meta.sources);
      notes();
    });
}

/** `--by month`: the month view's rows (json: the API's answer), its note, sources and notes on stderr. */
async function printMonths(ctx: Context, format: OutputFormat, request: IndicatorsRequest): Promise<void> {
  const { figuresByMonthQuery, monthRows, MONTH_COLUMNS } = await import('../../app/monthly-figures.ts');
  const r = await figuresByMonthQuery(await ctx.store('read'), request);
  if (format === 'json') return ctx.out(JSON.stringify(r, null, 2) + '\n');
  ctx.out(render(monthRows(r), format, [...MONTH_COLUMNS]));
  if (format === 'table') {
    const answered = r.months.filter((m) => m.answer !== 'no source').length;
    // Months with figures but no count among them are said apart: they answer no "how many".
    const shares = r.months.filter((m) => m.answer === 'share_or_rate').length;
    const without = shares ? ` (${grouped(shares)} with only shares or rates, no count)` : '';
    // The origin asked, said with the count it qualifies: "5 with figures of origin PAK".
    const of = r.meta.origin === 'all' ? '' : ` of origin ${r.meta.origin}`;
    ctx.err(
      `${counted(r.months.length, 'month')}, ${grouped(answered)} with figures${of}${without}; note: ${r.meta.note}\n`,
    );
  }
  printSources(ctx, r.meta.sources);
  r.meta.notes.forEach((n) => ctx.err(`note: ${n}\n`));
  // The API's note says "the list of figures" in words the dashboard can show too; here, the command.
  if (r.months.some((m) => m.spanning > 0))
    ctx.err('note: faultline indicators without --by lists the figures over more than one month\n');
}

/**
 * The files the figures came from and their terms, as every other answer names its sources: on
 * stderr under the table, and beside a CSV or NDJSON export too, as `events --format csv` names them
 * (the export said nothing of where its rows came from or under what terms).
 */
function printSources(ctx: Context, sources: readonly FigureSource[]): void {
  if (!sources.length) return;
  ctx.err(`sources: ${sources.map(figureSourceText).join(', ')}\n`);
  ctx.err(
    `licences: ${licencesText(sources.map((x) => ({ ...x, version: x.version ?? UNKNOWN_VERSION })))}; credit: ${sources[0]!.credit}\n`,
  );
}
