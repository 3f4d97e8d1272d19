import type { Command } from 'commander';
import { parseFilter } from '../../app/filters.ts';
import type { EventSort } from '../../domain/query.ts';
import type { Context } from '../context.ts';
import { outputFormat, render } from '../output.ts';

/** Adds the shared filter options to a command. */
export function addFilterOptions(cmd: Command): Command {
  return cmd
    .option('--from <date>', 'first date (YYYY-MM-DD, YYYY-MM or YYYY)')
    .option('--to <date>', 'last date (YYYY-MM-DD, YYYY-MM or YYYY)')
    .option('--country <iso3>', 'country codes, comma-separated (PAK,AFG)')
    .option('--admin1 <unit>', 'province: ISO 3166-2 code (PK-KP) or source label')
    .option('--admin2 <name>', 'district name')
    .option('--actor <name>', 'actor or group, aliases allowed (TTP, "Pakistani Taliban", baloch-insurgents)')
    .option(
      '--type <type>',
      'common type (battle, violence-against-civilians, ...) or source type (one-sided, Battles)',
    )
    .option('--source <source>', 'source dataset (ucdp-ged, ucdp-candidate, acled)')
    .option('--border-zone', 'only events in the Afghanistan-Pakistan border zone')
    .option('--max-border-km <km>', 'only events at most this far from the border')
    .option('--victim <class>', 'only events with deaths in this class (civilians, side_a, side_b, unknown)');
}

/** `faultline events`: lists events matching filters. */
export function registerEvents(program: Command, ctx: Context): void {
  addFilterOptions(program.command('events').description('list events that match filters'))
    .option('--sort <order>', 'date, -date, fatalities or -fatalities', 'date')
    .option('--limit <n>', 'at most this many events', '100')
    .option('--offset <n>', 'skip this many events', '0')
    .option('--format <format>', 'table, csv, json or ndjson', 'table')
    .option(
      '--include-superseded',
      'also list UCDP Candidate events a final GED release has superseded (marked superseded_by; never counted)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  faultline events --country PAK --from 2021 --to 2021 --admin1 PK-KP --format ndjson\n  faultline events --actor TTP --sort -fatalities --limit 10\n',
    )
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const format = outputFormat(String(o.format));
      const { eventSummary, TABLE_COLUMNS } = await import('../../app/event-view.ts');
      const filter = parseFilter({ ...o, borderZone: o.borderZone ? true : undefined } as never);
      const store = await ctx.store();
      const page = await store.queryEvents({
        ...filter,
        sort: o.sort as EventSort,
        limit: Number(o.limit),
        offset: Number(o.offset),
        includeSuperseded: o.includeSuperseded === true,
      });
      const rows = page.rows.map(eventSummary);
      ctx.out(render(rows, format, format === 'table' ? TABLE_COLUMNS : undefined));
      if (format === 'table') {
        ctx.err(`${page.rows.length} of ${page.total} events\n`);
        // "No loaded source covers this" must never read as "0 events".
        const { eventListingMeta } = await import('../../app/event-listing-meta.ts');
        const { coverageLine } = await import('../../app/analysis/meta.ts');
        const line = coverageLine(await eventListingMeta(store, filter), page.total);
        if (line) ctx.err(`${line}\n`);
      }
    });
}
