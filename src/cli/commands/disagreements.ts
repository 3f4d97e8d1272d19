import { grouped } from '../../domain/format-number.ts';
import type { Command } from 'commander';
import { addAnalysisFilters, analysisFormat, filterOfOptions, storedLinksLine } from '../analysis-output.ts';
import type { Context } from '../context.ts';
import { render } from '../output.ts';
import { counted } from '../../domain/plural.ts';

/** `faultline disagreements`: incidents where the loaded sources disagree (the API's /disagreements). */
export function registerDisagreements(program: Command, ctx: Context): void {
  addAnalysisFilters(
    program
      .command('disagreements')
      .description(
        'link the events of a filter across sources into incidents and list where the sources disagree (deaths, date, province, perpetrator); see docs/linkage.md',
      ),
  )
    .option(
      '--limit <n>',
      'most disagreeing incidents to list, 0 to 100000 (the total is always printed)',
      '100',
    )
    .option(
      '--differ <what>',
      'only incidents whose sources differ on this: deaths, date, province or perpetrator',
    )
    .option(
      '--only-in <source>',
      'list the incidents only this source reports on days another loaded source covers (instead of the disagreeing ones), e.g. --only-in ucdp-candidate',
    )
    .option('--include-superseded', 'also compare Candidate events a final release superseded')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const format = analysisFormat(o);
      const [{ sourcesDisagree, DIFFERENCES }, { parseChoice, parseIntParam }] = await Promise.all([
        import('../../app/disagreements.ts'),
        import('../../app/analysis/params.ts'),
      ]);
      // It may link a stale period again and keep the links: the store is opened for writing, but
      // must exist (a mistyped --db answered "not covered" from a new, empty store).
      const r = await sourcesDisagree(
        await ctx.store('existing'),
        await filterOfOptions(ctx, o as Record<string, string>),
        {
          limit: parseIntParam('limit', String(o.limit), 0, 100_000),
          includeSuperseded: o.includeSuperseded === true,
          differ: o.differ === undefined ? undefined : parseChoice('differ', String(o.differ), DIFFERENCES),
          ...(typeof o.onlyIn === 'string' ? { onlyIn: o.onlyIn } : {}),
        },
      );
      if (format === 'json') return ctx.out(JSON.stringify(r, null, 2) + '\n');
      // One row per record of each disagreeing incident (or, with --only-in, per record only that
      // source reports where another covers the day): the API's CSV rows.
      const { disagreementRows } = await import('../../app/disagreements-rows.ts');
      const { rows, columns } = disagreementRows(r);
      // An empty CSV keeps its header, as the API's does; an empty table draws nothing (the lines below say why).
      ctx.out(render(rows, format, format === 'csv' ? [...columns] : undefined));
      // A period no loaded source covers has no counts to give: its note says so (not "0 records").
      if (r.coverage_status === 'not_covered') for (const n of r.notes) ctx.err(`${n}\n`);
      else {
        ctx.err(
          `${counted(r.records ?? 0, 'record')} from ${r.sources.join(', ') || 'no source'}: ${counted(r.incidents ?? 0, 'incident')}, ${grouped(r.multi_source ?? 0)} reported by two or more sources, ${grouped(r.disagreeing_total ?? 0)} disagreeing (${grouped(r.disagreeing.length)} listed)\n`,
        );
        ctx.err(
          `reported by one source only: ${r.single_source.map((s) => `${s.source} ${grouped(s.incidents)} (${grouped(s.where_others_cover)} on days another source covers${s.linked_outside_filter ? `; ${grouped(s.linked_outside_filter)} linked to another source's record outside the filter` : ''})`).join(', ') || 'none'}\n`,
        );
        if (r.only_in)
          ctx.err(
            `only in ${r.only_in.source}, on days another source covers: ${counted(r.only_in.total, 'record')} (${grouped(r.only_in.records.length)} listed)\n`,
          );
        for (const n of r.notes) ctx.err(`note: ${n}\n`);
      }
      // (A period no source covers has no links to name: its note says so.)
      if (r.linkage.basis === 'stored' && r.coverage_status !== 'not_covered')
        ctx.err(`${storedLinksLine(r.linkage)}\n`);
    });
}
