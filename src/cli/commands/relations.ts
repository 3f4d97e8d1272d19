import type { Command } from 'commander';
import { analysisFormat } from '../analysis-output.ts';
import type { Context } from '../context.ts';
import { render } from '../output.ts';
import { readable } from '../../domain/readable.ts';
import { counted } from '../../domain/plural.ts';
import { RELATIONS_COLUMNS, relationsRows } from '../../app/relations/relations-rows.ts';

const TABLE_COLUMNS = [
  'source',
  'period',
  'days_covered',
  'value',
  'ci_low',
  'ci_high',
  'value_sum',
  'per_1000_volume',
];
const BAROMETER_COLUMNS = [
  'source',
  'period',
  'days_covered',
  'value',
  'ci_low',
  'ci_high',
  'volume',
  'files',
  'events',
  'material_conflict_share',
  'goldstein_mention_weighted',
  'mean_tone',
];

/** `faultline relations A B`: a country pair's relations index per period (the API's /relations). */
export function registerRelations(program: Command, ctx: Context): void {
  program
    .command('relations')
    .description(
      "a country pair's relations per period: the bundled third-party GDELT dyad index (gzemo/gdelt-graph-data, 2018 to Feb 2024) and, once GDELT is fetched, faultline's own barometer",
    )
    .argument('<a>', 'ISO3 code of one country (PAK)')
    .argument('<b>', 'ISO3 code of the other (AFG); either direction unless --directed')
    .option('--interval <interval>', 'day, week, month, quarter or year', 'month')
    .option(
      '--from <period>',
      "first day or period (2022, 2022-Q2, 2022-04, 2022-W14, 2022-04-01); default: the first day held, or the start of --to's period when that is earlier",
    )
    .option(
      '--to <period>',
      "last day or period; default: the last day held, or the end of --from's period when that is later (--from 2025: 2025-12-31)",
    )
    .option('--directed', "only events with actor 1 in <a> and actor 2 in <b> (faultline's barometer)")
    .option(
      '--behind <period>',
      "list the top event codes and source URLs behind a period (2022-04) of faultline's barometer",
    )
    .option(
      '--format <format>',
      'table, csv, json or ndjson (json prints exactly what the API returns)',
      'table',
    )
    .addHelpText(
      'after',
      `
Per period: value = mean daily index value over the days the index covers (negative: conflictual
news coverage outweighs cooperative), its bootstrap interval, the sum, and the sum per 1,000 of
all pairs' absolute weight on the same days. Periods no index covers are empty (not 0).
The bundled index is a third party's (GPL-3.0), not faultline's barometer: see docs/relations.md.

When the store holds GDELT rows for the period (faultline fetch gdelt, or import of GDELT exports),
faultline's own barometer is a second series: per period GDELT's volume (every row read that day,
kept or not), the pair's events by QuadClass, the material-conflict share, the mention-weighted
Goldstein, the mean tone, and value = 1,000 x sum(Goldstein x mentions) / volume with its bootstrap
interval. A line under the table says which series answered.

Examples:
  faultline relations PAK AFG --interval month --from 2022 --to 2023
  faultline relations PAK AFG --directed --behind 2025-08 --format json
`,
    )
    .action(async (a: string, b: string, o: Record<string, string | undefined>) => {
      const format = analysisFormat(o);
      const { parseInterval } = await import('../../app/analysis/params.ts');
      const { relationsQuery } = await import('../../app/relations/relations.ts');
      const r = await relationsQuery(await ctx.store('read'), {
        a,
        b,
        interval: parseInterval(o.interval!),
        ...(o.from !== undefined ? { from: o.from } : {}),
        ...(o.to !== undefined ? { to: o.to } : {}),
        ...(o.directed ? { directed: true } : {}),
        ...(o.behind !== undefined ? { behind: o.behind } : {}),
      });
      if (format === 'json') return ctx.out(JSON.stringify(r, null, 2) + '\n');
      const rows = relationsRows(r);
      // csv and ndjson say on stderr what the table says under it (which series answered, coverage,
      // notes), as the other commands do: a month nothing covers was a silent empty row.
      if (format !== 'table') ctx.out(render(rows, format, [...RELATIONS_COLUMNS]));
      else {
        const index = rows.filter((x) => x.kind === 'third_party_index');
        const barometer = rows.filter((x) => x.kind === 'faultline_barometer');
        if (index.length || !barometer.length) ctx.out(render(index, format, TABLE_COLUMNS));
        if (barometer.length) ctx.out(render(barometer, format, BAROMETER_COLUMNS));
      }
      for (const s of r.series) {
        const kind =
          s.source.kind === 'faultline_barometer'
            ? "faultline's barometer"
            : "a third party's index, not faultline's barometer";
        const days = r.meta.answered_by.find((x) => x.id === s.source.id)?.days_covered ?? 0;
        ctx.err(`answered by: ${s.source.id} (${kind}), ${counted(days, 'day')} covered\n`);
        // The licence, its text and the credit it asks for, as `faultline sources --part credits` gives them.
        // The URL is the licence's text: after the whole wording, named, not beside its last phrase
        // (it read "derived from the GDELT Project <https://www.gnu.org/licenses/gpl-3.0.html>").
        const terms = s.source.licence_url
          ? `${s.source.licence}; licence text <${s.source.licence_url}>`
          : s.source.licence;
        const credit = s.source.credit ? `; credit: ${s.source.credit}` : '';
        ctx.err(`source: ${s.source.name}, version ${s.source.version}; licence ${terms}${credit}\n`);
        // What the table's figures count (the JSON's source.method), which the column names alone do not say.
        if (s.source.method) ctx.err(`counts: ${s.source.method}\n`);
        // The means are of the table's `value` column, so they are rounded as it is (json keeps 4 decimals).
        for (const c of s.changepoints)
          ctx.err(
            `level shift at ${c.period}: mean ${readable(c.mean_before, 'value')} -> ${readable(c.mean_after, 'value')}\n`,
          );
        if (s.behind) {
          const b = s.behind;
          ctx.err(
            `behind ${b.period} (${b.from} to ${b.to}), from the ${counted(b.days_covered, 'day')} covered for the pair:\n`,
          );
          // Days not covered list nothing, and are said so: their rows of the pair (if any) are not all there.
          if (b.uncovered.length)
            ctx.err(
              `  not covered for the pair, nothing listed of them: ${b.uncovered.map((u) => (u.from === u.to ? u.from : `${u.from} to ${u.to}`)).join(', ')}\n`,
            );
          for (const c of s.behind.event_codes)
            ctx.err(
              `  event code ${c.code}: ${counted(c.events, 'event')}, ${counted(c.mentions, 'mention')}\n`,
            );
          for (const u of s.behind.source_urls)
            ctx.err(`  ${u.date} ${u.event_code} ${counted(u.mentions, 'mention')} ${u.url}\n`);
        }
      }
      ctx.err(`coverage: ${r.meta.coverage_status}\n`);
      for (const n of r.meta.notes) ctx.err(`note: ${n}\n`);
    });
}
