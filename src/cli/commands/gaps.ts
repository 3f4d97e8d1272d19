import { grouped } from '../../domain/format-number.ts';
import type { Command } from 'commander';
import { counted } from '../../domain/plural.ts';
import { LIST_MAX_LIMIT } from '../../domain/query.ts';
import type { Context } from '../context.ts';
import { cutByOptions, outputFormat, render } from '../output.ts';

/** The most gaps a table shows without --limit (csv, json and ndjson list every one). */
const GAPS_TABLE = 1000;

/**
 * `faultline gaps`: the GDELT gaps the store records, as GET /api/v1/gdelt/gaps answers. A command of
 * its own beside `sources` and `rejections` (what the store records of its imports), not a flag of
 * `fetch gdelt`: it only reads, so it opens the store read-only, and none of the fetch's flags
 * (`--parallel`, `--base-url`, `--via`, its required period) would mean anything to it.
 */
export function registerGaps(program: Command, ctx: Context): void {
  program
    .command('gaps')
    .description(
      'list the GDELT gaps the store records (15-minute slices a fetch found with no usable export), with kind, reason and when, counted per kind',
    )
    .option('--from <date>', 'first day or time, YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)')
    .option('--to <date>', 'last day or time, YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC), included')
    .option(
      '--kind <kinds>',
      'unlisted, missing-upstream, download, checksum, damaged or import, comma-separated (default: every kind)',
    )
    .option('--format <format>', 'table, csv, json or ndjson', 'table')
    .option(
      '--limit <n>',
      `at most this many gaps, 0 to ${LIST_MAX_LIMIT} as the API's limit (table: default ${GAPS_TABLE}; csv, json, ndjson: all)`,
    )
    .option('--offset <n>', "skip this many gaps first, 0 to 1000000000 (default 0), as the API's offset")
    .addHelpText(
      'after',
      '\nEach faultline fetch gdelt (and the GDELT part of faultline update) records the gaps of its own\nperiod, replacing those it recorded there before: a period no fetch covered has none recorded.\nThe kinds are those of faultline fetch gdelt --help (docs/fetching.md, "GDELT gaps").',
    )
    .action(
      async (o: {
        from?: string;
        to?: string;
        kind?: string;
        format: string;
        limit?: string;
        offset?: string;
      }) => {
        const format = outputFormat(o.format);
        const { listWindowParam } = await import('../../app/rejections.ts');
        const { gdeltGapsAnswer, GAP_COLUMNS } = await import('../../app/gdelt-gaps.ts');
        const window = {
          limit:
            o.limit !== undefined
              ? listWindowParam('limit', o.limit)
              : format === 'table'
                ? GAPS_TABLE
                : null,
          offset: o.offset !== undefined ? listWindowParam('offset', o.offset) : 0,
        };
        const request = {
          ...(o.from !== undefined ? { from: o.from } : {}),
          ...(o.to !== undefined ? { to: o.to } : {}),
          ...(o.kind !== undefined ? { kind: o.kind } : {}),
        };
        const answer = await gdeltGapsAnswer(await ctx.store('read'), request, window);
        // json prints the API's answer (GET /api/v1/gdelt/gaps); csv and ndjson its rows.
        if (format === 'json') return ctx.out(JSON.stringify(answer, null, 2) + '\n');
        ctx.out(render(answer.gaps, format, [...GAP_COLUMNS]));
        // What the rows leave unsaid, on stderr: the count per kind, and a list cut short (never silently).
        const { total, gaps, offset } = answer;
        if (total > 0)
          ctx.err(
            `${counted(total, 'gap')} recorded (by kind: ${answer.by_kind.map((k) => `${k.kind} ${grouped(k.gaps)}`).join(', ')})\n`,
          );
        if (gaps.length < total) {
          const held = gaps.length ? `gaps ${grouped(offset + 1)}-${grouped(offset + gaps.length)}` : '0';
          const cutBy = cutByOptions(o, format, GAPS_TABLE);
          const next =
            offset + gaps.length < total && gaps.length
              ? `page on with --offset ${offset + gaps.length}, `
              : '';
          const every =
            format === 'table' ? '--format csv, json or ndjson' : `no --limit (--format ${format} lists all)`;
          ctx.err(
            `note: ${held} of ${counted(total, 'gap')} listed (${cutBy}): ${next}give a larger --limit, or ${every} for every one\n`,
          );
        }
        if (total === 0 && answer.note) ctx.err(`note: ${answer.note}\n`);
      },
    );
}
