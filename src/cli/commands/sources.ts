import type { Command } from 'commander';
import { InvalidInputError, NotFoundError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import type { Context } from '../context.ts';
import { outputFormat, render } from '../output.ts';
import { readAndKeepSources, readSourcesSnapshot } from '../sources-snapshot.ts';
import type { LedgerRow, SourcesAnswer } from '../../app/answers.ts';
import {
  DEFAULT_SOURCES_PART,
  SOURCES_COLUMNS,
  SOURCES_PARTS,
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
    ])
  );
}

/** `faultline sources` (the import ledger and coverage) and `faultline rejections ID`. */
export function registerSources(program: Command, ctx: Context): void {
  program
    .command('sources')
    .description('show the import ledger (file, sha256, version, counts) and what each source version covers')
    .option('--format <format>', 'table, csv, json or ndjson', 'table')
    .option(
      '--part <part>',
      `${SOURCES_PARTS.join(' or ')}, in any case: the part every format gives, as GET /api/v1/sources?part= does (without it, the table and json give both, csv and ndjson ${DEFAULT_SOURCES_PART})`,
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
      if (part !== 'coverage') ctx.out(ledgerTable(answer.imports));
      if (part === undefined) ctx.out('\n');
      if (part !== 'imports') ctx.out('Coverage\n' + render(answer.coverage, 'table'));
    });

  program
    .command('rejections')
    .description('list the rejected rows of one import, with line, field, value and reason')
    .argument('<import-id>', 'import number from `faultline sources`')
    .option('--format <format>', 'table, csv, json or ndjson', 'table')
    .option(
      '--limit <n>',
      `at most this many rows (table: default ${REJECTIONS_TABLE}; csv, json, ndjson: all)`,
    )
    .action(async (id: string, o: { format: string; limit?: string }) => {
      if (!/^\d{1,15}$/.test(id)) throw new InvalidInputError(`invalid import id: ${quoteValue(id)}`);
      if (o.limit !== undefined && !/^\d{1,9}$/.test(o.limit))
        throw new InvalidInputError(`invalid limit: ${quoteValue(o.limit)} (use a whole number, 0 or more)`);
      const format = outputFormat(o.format);
      const store = await ctx.store('read');
      // An empty table would read as "this import rejected nothing".
      const ledger = (await store.listImports()).find((l) => l.id === Number(id));
      if (!ledger) throw new NotFoundError(`unknown import id: ${id} (faultline sources lists the imports)`);
      const limit =
        o.limit !== undefined ? Number(o.limit) : format === 'table' ? REJECTIONS_TABLE : undefined;
      const listed = await store.listRejections(Number(id), limit);
      // Never cut short without a word: the ledger counts every rejected row.
      // (An export is cut only by --limit: leaving it out lists every one.)
      const every =
        format === 'table' ? '--format csv, json or ndjson' : `no --limit (--format ${format} lists all)`;
      if (listed.length < ledger.rejected)
        ctx.err(
          `note: ${listed.length ? `rows 1-${listed.length}` : '0'} of ${ledger.rejected} rejected rows listed (${o.limit !== undefined ? `--limit ${o.limit}` : `a table shows ${REJECTIONS_TABLE}`}): give a larger --limit, or ${every} for every one\n`,
        );
      const rows = listed.map((r) => ({
        line: r.line,
        field: r.field,
        value: r.value,
        reason: r.reason,
        raw: r.raw,
      }));
      ctx.out(render(rows, format, format === 'table' ? ['line', 'field', 'value', 'reason'] : undefined));
    });
}
