import type { Command } from 'commander';
import { LIST_MAX_LIMIT } from '../../domain/query.ts';
import type { Context } from '../context.ts';
import { cutByOptions, outputFormat, render } from '../output.ts';
import { readAndKeepSources, readSourcesSnapshot } from '../sources-snapshot.ts';
import type { CreditRow, LedgerRow, SourcesAnswer } from '../../app/answers.ts';
import {
  DEFAULT_SOURCES_PART,
  SOURCES_COLUMNS,
  SOURCES_PARTS_TEXT,
  parseSourcesPart,
  sourcesJson,
} from '../../app/sources-parts.ts';

/**
 * The ledger and coverage: from the snapshot beside the store when the store has not changed since
 * it was taken, else from the store, keeping a new snapshot when the store stood still meanwhile
 * (src/cli/sources-snapshot.ts).
 */
async function sourcesOf(ctx: Context): Promise<SourcesAnswer> {
  const db = ctx.settings.db;
  // A server, which holds DuckDB anyway, reads its store.
  if (!ctx.oneShot) {
    const { sourcesAnswer } = await import('../../app/sources-view.ts');
    return sourcesAnswer(await ctx.store('read'));
  }
  // The store stays open until the command ends (main closes it), so it is stamped while still held.
  return (await readSourcesSnapshot(db)) ?? readAndKeepSources(db, () => ctx.store('read'));
}

/** Rejected rows a table of `faultline rejections` shows unless --limit says otherwise (exports list every one). */
const REJECTIONS_TABLE = 1000;

/**
 * The ledger as a table: each import by its number (`import`, as `faultline rejections N` takes
 * it), the sha256 cut to 12 characters and an inferred version marked `*` (csv and json give both
 * as stored), and the counts that reconcile rows_read, warnings and stale rows as columns when some
 * import has them.
 */
function ledgerTable(imports: readonly LedgerRow[]): string {
  const ledger = imports.map((l) => ({
    ...l,
    import: l.id,
    version: l.version + (l.version_inferred ? '*' : ''),
    sha256: l.sha256.slice(0, 12),
  }));
  const some = (k: 'metadata_rows' | 'out_of_scope' | 'warnings' | 'stale') =>
    ledger.some((l) => (l[k] ?? 0) > 0);
  return (
    'Imports (* = version inferred; --format csv or json gives whole hashes, times and declared periods)\n' +
    render(ledger, 'table', [
      'import',
      'file',
      'format',
      'version',
      'rows_read',
      'accepted',
      'rejected',
      ...(some('metadata_rows') ? ['metadata_rows'] : []),
      ...(some('out_of_scope') ? ['out_of_scope'] : []),
      ...(some('warnings') ? ['warnings'] : []),
      'added',
      'changed',
      'removed',
      'unchanged',
      ...(some('stale') ? ['stale'] : []),
      'sha256',
    ]) +
    listingHint(imports)
  );
}

/** Under the ledger, when it counts some: how to list an import's rejected rows and its warnings. */
function listingHint(imports: readonly LedgerRow[]): string {
  const warned = imports.findLast((l) => l.warnings > 0);
  const rejecting = imports.findLast((l) => l.rejected > 0);
  if (!warned && !rejecting) return '';
  const example = warned ? `${warned.id} --warnings` : `${rejecting!.id}`;
  return `(faultline rejections N lists the rejected rows of import N, with --warnings the warnings of the rows it kept: faultline rejections ${example})\n`;
}

/**
 * The loaded data that covers no days of events, so the coverage table leaves it out, and the
 * command that lists each (by ledger format).
 */
const LISTED_ELSEWHERE: readonly { formats: readonly string[]; what: string; command: string }[] = [
  { formats: ['statistics', 'series'], what: 'published figures', command: 'faultline indicators' },
  {
    formats: ['dyad-index', 'gdelt', 'gdelt-bigquery'],
    what: 'the relations index and GDELT',
    command: 'faultline relations',
  },
];

/**
 * Under the coverage table: which imports it leaves out (published figures, the relations index)
 * and where they are listed; empty when the ledger holds none.
 */
export function elsewhereHint(imports: readonly LedgerRow[]): string {
  const parts = LISTED_ELSEWHERE.flatMap(({ formats, what, command }) => {
    const ids = imports.filter((l) => formats.includes(l.format)).map((l) => l.id);
    if (!ids.length) return [];
    const which =
      ids.length === 1 ? `import ${ids[0]}` : `imports ${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`;
    return [`${what} (${which}) by ${command}`];
  });
  return parts.length
    ? `(Coverage lists the event sources, by the days their events cover; ${parts.join(', ')})\n`
    : '';
}

/**
 * The credits as lines, one a dataset: its licence, the credit it asks for and where it is
 * published (a table of sentences would be wider than any terminal).
 */
export function creditLines(credits: readonly CreditRow[]): string {
  const line = (c: CreditRow) =>
    `- ${c.dataset}${c.versions.length ? ` (${c.source} ${c.versions.join(', ')})` : ''}, for ${c.used_for}: ${c.licence}. Credit: ${c.credit}${c.url ? ` (${c.url})` : ''}\n`;
  return (
    'Credits (the licence of each dataset and the attribution it asks for)\n' + credits.map(line).join('')
  );
}

/** `faultline sources` (the import ledger, coverage and credits) and `faultline rejections ID`. */
export function registerSources(program: Command, ctx: Context): void {
  program
    .command('sources')
    .description(
      'show the import ledger (file, sha256, version, counts), what each source version covers, and the licence and credit of each dataset',
    )
    .option('--format <format>', 'table, csv, json or ndjson', 'table')
    .option(
      '--part <part>',
      `${SOURCES_PARTS_TEXT}, in any case: the part every format gives, as GET /api/v1/sources?part= does (without it, the table and json give all three, csv and ndjson ${DEFAULT_SOURCES_PART})`,
    )
    .action(async (o: { format: string; part?: string }) => {
      const format = outputFormat(o.format);
      const part = o.part === undefined ? undefined : parseSourcesPart(o.part);
      const answer = await sourcesOf(ctx);
      // json prints the API's answer (the part named, or both); csv/ndjson the part's rows exactly as the API's csv/ndjson
      // give them (whole hashes, versions as stored); only the table shortens and marks values.
      if (format === 'json') return ctx.out(JSON.stringify(sourcesJson(answer, part), null, 2) + '\n');
      if (format !== 'table') {
        const named = part ?? DEFAULT_SOURCES_PART;
        return ctx.out(render(answer[named], format, [...SOURCES_COLUMNS[named]]));
      }
      if (part === undefined || part === 'imports') ctx.out(ledgerTable(answer.imports));
      if (part === undefined) ctx.out('\n');
      if (part === undefined || part === 'coverage')
        ctx.out('Coverage\n' + render(answer.coverage, 'table') + elsewhereHint(answer.imports));
      if (part === undefined) ctx.out('\n');
      if (part === undefined || part === 'credits') ctx.out(creditLines(answer.credits));
    });

  program
    .command('rejections')
    .description(
      'list the rejected rows of one import, with line, field, value and reason; --warnings lists the warnings its kept rows carry',
    )
    .argument('<import-id>', 'import number from `faultline sources`')
    .option('--format <format>', 'table, csv, json or ndjson', 'table')
    .option(
      '--warnings',
      'list the warnings of the rows the import kept (kind, id, line, record, field, value, warning) instead of its rejected rows',
    )
    .option(
      '--limit <n>',
      `at most this many rows, 0 to ${LIST_MAX_LIMIT} as the API's limit (table: default ${REJECTIONS_TABLE}; csv, json, ndjson: all)`,
    )
    .option('--offset <n>', "skip this many rows first, 0 to 1000000000 (default 0), as the API's offset")
    .action(
      async (id: string, o: { format: string; limit?: string; offset?: string; warnings?: boolean }) => {
        const format = outputFormat(o.format);
        const {
          importOf,
          rejectionsAnswer,
          shortNotes,
          warningsAnswer,
          listWindowParam,
          REJECTION_COLUMNS,
          WARNING_COLUMNS,
        } = await import('../../app/rejections.ts');
        const window = {
          limit:
            o.limit !== undefined
              ? listWindowParam('limit', o.limit)
              : format === 'table'
                ? REJECTIONS_TABLE
                : null,
          offset: o.offset !== undefined ? listWindowParam('offset', o.offset) : 0,
        };
        const store = await ctx.store('read');
        const ledger = await importOf(store, id);
        const answer = o.warnings
          ? await warningsAnswer(store, ledger, window)
          : await rejectionsAnswer(store, ledger, window);
        // Never cut short without a word: the ledger counts every rejected row and every warned one.
        // (An export is cut only by --limit and --offset: leaving them out lists every one.)
        const from = o.offset !== undefined;
        const every =
          format === 'table'
            ? `--format csv, json or ndjson${from ? ' without --offset' : ''}`
            : `no --limit${from ? ' and no --offset' : ''} (--format ${format} lists all)`;
        const cutBy = cutByOptions(o, format, REJECTIONS_TABLE);
        for (const n of shortNotes(answer, cutBy, every)) ctx.err(`note: ${n}\n`);
        // json prints the API's answer (GET /api/v1/imports/{id}/rejections or /warnings); csv and ndjson its rows.
        if (format === 'json') return ctx.out(JSON.stringify(answer, null, 2) + '\n');
        if ('rejections' in answer)
          return ctx.out(
            render(
              answer.rejections,
              format,
              format === 'table' ? ['line', 'field', 'value', 'reason'] : [...REJECTION_COLUMNS],
            ),
          );
        if (format !== 'table') return ctx.out(render(answer.warnings, format, [...WARNING_COLUMNS]));
        const rows = answer.warnings;
        ctx.out(render(rows, 'table', ['line', 'record', 'field', 'value', 'warning', 'kind', 'id']));
        if (!rows.length && !answer.rows_with_warnings)
          ctx.err(`note: import ${answer.import_id} kept no row with a warning\n`);
      },
    );
}
