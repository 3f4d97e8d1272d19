import type { Command } from 'commander';
import { analysisFormat } from '../analysis-output.ts';
import type { Context } from '../context.ts';
import { render } from '../output.ts';

const COLUMNS = [
  'source',
  'period',
  'days_covered',
  'value',
  'ci_low',
  'ci_high',
  'value_sum',
  'per_1000_volume',
];

/** `faultline relations A B`: a country pair's relations index per period (the API's /relations). */
export function registerRelations(program: Command, ctx: Context): void {
  program
    .command('relations')
    .description(
      "a country pair's relations index per period, from the loaded dyad indexes (bundled: the GDELT-derived daily index of gzemo/gdelt-graph-data, 2018 to Feb 2024)",
    )
    .argument('<a>', 'ISO3 code of one country (PAK)')
    .argument('<b>', 'ISO3 code of the other (AFG); the bundled index is undirected')
    .option('--interval <interval>', 'day, week, month, quarter or year', 'month')
    .option('--from <period>', 'first day or period (2022, 2022-04, 2022-04-01); default: the first day held')
    .option('--to <period>', 'last day or period; default: the last day held')
    .option('--format <format>', 'table, csv or json (json prints exactly what the API returns)', 'table')
    .addHelpText(
      'after',
      `
Per period: value = mean daily index value over the days the index covers (negative: conflictual
news coverage outweighs cooperative), its bootstrap interval, the sum, and the sum per 1,000 of
all pairs' absolute weight on the same days. Periods no index covers are empty (not 0).
The bundled index is a third party's (GPL-3.0), not faultline's barometer: see docs/relations.md.

Example:
  faultline relations PAK AFG --interval month --from 2022 --to 2023
`,
    )
    .action(async (a: string, b: string, o: Record<string, string | undefined>) => {
      const format = analysisFormat(o);
      const { parseInterval } = await import('../../app/analysis/params.ts');
      const { relationsQuery } = await import('../../app/relations/relations.ts');
      const r = await relationsQuery(await ctx.store(), {
        a,
        b,
        interval: parseInterval(o.interval!),
        ...(o.from !== undefined ? { from: o.from } : {}),
        ...(o.to !== undefined ? { to: o.to } : {}),
      });
      if (format === 'json') return ctx.out(JSON.stringify(r, null, 2) + '\n');
      const rows = r.series.flatMap((s) => s.points.map((p) => ({ source: s.source.id, ...p })));
      ctx.out(render(rows, format, COLUMNS));
      if (format !== 'table') return;
      for (const s of r.series) {
        ctx.err(`source: ${s.source.name}, version ${s.source.version}; licence ${s.source.licence}\n`);
        for (const c of s.changepoints)
          ctx.err(`level shift at ${c.period}: mean ${c.mean_before} -> ${c.mean_after}\n`);
      }
      ctx.err(`coverage: ${r.meta.coverage_status}\n`);
      for (const n of r.meta.notes) ctx.err(`note: ${n}\n`);
    });
}
