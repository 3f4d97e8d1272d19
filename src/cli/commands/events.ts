import { grouped } from '../../domain/format-number.ts';
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseChoice } from '../../domain/choice.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { parseIntParam } from '../../domain/number-params.ts';
import { quoteValue } from '../../domain/quote.ts';
import { EVENT_PAGE_MAX, EXPORT_LIMIT_MAX, MAX_OFFSET, type EventSort } from '../../domain/query.ts';
import type { Replacement } from '../../util/replace-file.ts';
import { whyNotWritten } from '../../util/write-failure.ts';
import { userPath, type Context } from '../context.ts';
import type { Meta } from '../../app/answers.ts';
import { addFilterOptions, filterOfOptions } from '../filter-options.ts';
import { render } from '../output.ts';
import { counted } from '../../domain/plural.ts';

const FORMATS = ['table', 'csv', 'ndjson', 'json', 'geojson', 'xlsx', 'parquet'] as const;
const SORTS: readonly EventSort[] = ['date', '-date', 'fatalities', '-fatalities'];
const TABLE_PAGE = 100;

/**
 * A count as typed, with the API's upper bound: a table's `--limit` at most EVENT_PAGE_MAX, as a JSON
 * page's `limit`; an export's at most EXPORT_LIMIT_MAX, as an export's `limit`; an offset at most
 * MAX_OFFSET: `invalid --limit: "5000" (use an integer from 0 to 1000)`. `--limit 0` is the CLI's
 * own: it says how many match.
 */
function count(name: 'limit' | 'offset', v: unknown, table: boolean): number | undefined {
  if (v === undefined) return undefined;
  const max = name === 'offset' ? MAX_OFFSET : table ? EVENT_PAGE_MAX : EXPORT_LIMIT_MAX;
  return parseIntParam(name, String(v), 0, max);
}

/** `faultline events`: lists events matching filters, or exports every one of them. */
export function registerEvents(program: Command, ctx: Context): void {
  addFilterOptions(
    program.command('events').description('list events that match filters, or export all of them'),
  )
    .option('--sort <order>', 'date, -date, fatalities or -fatalities', 'date')
    .option(
      '--format <format>',
      `${FORMATS.join(', ')}: table shows a page, the others every matching event`,
      'table',
    )
    .option(
      '--output <file>',
      'write the export to this file instead of standard output (an existing file is replaced, only once the export is complete)',
    )
    .option('--hxl', 'csv: add a row of HXL hashtags under the header (as HDX tools expect)')
    .option(
      '--original',
      "exports: each event with its original source record, read back from the archive (json, ndjson, geojson: the record's fields; csv, xlsx, parquet: a last column with its exact text)",
    )
    .option(
      '--limit <n>',
      `at most this many events (table: default ${TABLE_PAGE}, 0 to ${EVENT_PAGE_MAX}, as the API's pages; exports: all, or 0 to ${EXPORT_LIMIT_MAX})`,
    )
    .option('--offset <n>', `skip this many events first, 0 to ${MAX_OFFSET}`, '0')
    .option(
      '--include-superseded',
      'also list UCDP Candidate events a final GED release has superseded (marked superseded_by; never counted)',
    )
    .addHelpText(
      'after',
      `
Only --format table shows a page (it says how many more match); csv, ndjson, json, geojson, xlsx
and parquet write every matching event, streamed, unless --limit is given.

Examples:
  faultline events --country PAK --from 2021 --to 2021 --admin1 PK-KP
  faultline events --country PAK --from 2021 --to 2021 --format csv --hxl > pak-2021.csv
  faultline events --actor TTP --format parquet --output ttp.parquet
  faultline events --actor TTP --sort -fatalities --limit 10
  faultline events --country PAK --from 2021-01 --to 2021-01 --format ndjson --original
  faultline events --country PAK --from 2021-01 --to 2021-01 --format xlsx --original --output pak.xlsx
`,
    )
    .action(async (o: Record<string, unknown>) => {
      const format = parseChoice('format', o.format, FORMATS);
      const sort = parseChoice('sort', o.sort, SORTS);
      const limit = count('limit', o.limit, format === 'table');
      const offset = count('offset', o.offset, format === 'table') ?? 0;
      if (typeof o.output === 'string' && format === 'table')
        throw new InvalidInputError(
          `invalid --output with --format table: it applies to exports (--format csv, ndjson, json, geojson, xlsx or parquet)`,
        );
      if (o.hxl && format !== 'csv')
        throw new InvalidInputError(`invalid --hxl: it applies to --format csv only`);
      const original = o.original === true;
      if (original && format === 'table')
        throw new InvalidInputError(
          `invalid --original with --format ${quoteValue(format)}: it applies to exports (--format csv, ndjson, json, geojson, xlsx or parquet)`,
        );
      // The file --output names is opened (its new file made beside it) before the filter is checked,
      // the store opened or the export's code loaded: a missing folder, one this user cannot write
      // or a directory given as the file was refused only after the store had opened (or said there
      // was no store). Anything that fails later removes what was written.
      const output = typeof o.output === 'string' ? await openOutput(ctx, o.output) : null;
      try {
        const filter = await filterOfOptions(ctx, o);
        const store = await ctx.store('read');
        const includeSuperseded = o.includeSuperseded === true;
        let listed: Promise<Meta> | null = null;
        const listingMeta = () =>
          (listed ??= import('../../app/event-listing-meta.ts').then((m) =>
            m.eventListingMeta(store, filter),
          ));
        // Under a table and after an export alike: a period no loaded source covers, or covers in part,
        // is named on stderr ("not covered ... not zero events"; events listed there are records of
        // another period reaching into it, or desk reports, not a complete count), and so is a border
        // filter that could not judge some events.
        const noteCoverage = async (meta: Meta, rows: number) => {
          const { borderUnjudgedNote, versionsFiledElsewhereNote } =
            await import('../../app/analysis/meta.ts');
          const { listingCoverageLine } = await import('../../app/event-listing-meta.ts');
          const line = listingCoverageLine(meta, rows);
          if (line) ctx.err(`${line}\n`);
          const unjudged = Number(meta.border_unjudged ?? 0);
          if (unjudged > 0) ctx.err(`note: ${borderUnjudgedNote(unjudged, filter)}\n`);
          // A version filter leaves out the release's records filed under an earlier version.
          const filed = await versionsFiledElsewhereNote(store, filter);
          if (filed) ctx.err(`note: ${filed}\n`);
        };
        if (format === 'table') {
          const { eventSummary, TABLE_COLUMNS } = await import('../../app/event-view.ts');
          const page = await store.queryEvents({
            ...filter,
            sort,
            limit: limit ?? TABLE_PAGE,
            offset,
            includeSuperseded,
          });
          ctx.out(render(page.rows.map(eventSummary), 'table', TABLE_COLUMNS));
          // "No loaded source covers this" must never read as "0 events": then the coverage line
          // stands alone, without a count.
          const meta = await listingMeta();
          const shown = page.rows.length;
          const more = page.total - offset - shown;
          const { knownTotal } = await import('../../app/analysis/meta.ts');
          if (knownTotal(meta, page.total) !== null) {
            ctx.err(
              shown
                ? `events ${grouped(offset + 1)}-${grouped(offset + shown)} of ${grouped(page.total)}`
                : `0 of ${counted(page.total, 'event')}`,
            );
            ctx.err(
              more > 0
                ? `; ${grouped(more)} more: ${shown ? `--offset ${offset + shown} for the next page, or ` : ''}--format csv (ndjson, json, geojson, xlsx, parquet) for all of them\n`
                : '\n',
            );
          }
          // Which source versions the table's filter holds, as every analysis names them under its rows
          // (and as exports do after their rows).
          if (meta.sources.length) {
            const { licencesLine, sourcesLine } = await import('../analysis-output.ts');
            ctx.err(sourcesLine(meta) + licencesLine(meta));
          }
          await noteCoverage(meta, page.total);
          return;
        }
        const { exportEvents, BINARY_FORMATS } = await import('../../app/event-export.ts');
        const q = { ...filter, sort, limit, offset, includeSuperseded };
        // GeoJSON names the matching events as the collection's `total`, as the API's export does
        // (null where nothing matches and no loaded source covers the filter); GeoJSON, xlsx and
        // Parquet carry what they hold (filter, source versions, licences) in the file itself.
        const inFile = format === 'geojson' || format === 'xlsx' || format === 'parquet';
        const matching = inFile
          ? (await import('../../app/analysis/meta.ts')).knownTotal(
              await listingMeta(),
              (await store.queryEvents({ ...filter, includeSuperseded, limit: 0 })).total,
            )
          : null;
        const about = inFile
          ? {
              about: (await import('../../app/export-about.ts')).exportAbout(
                await listingMeta(),
                q,
                matching,
                await store.listImports(),
              ),
            }
          : {};
        const total = format === 'geojson' ? { total: matching } : {};
        const options = { hxl: Boolean(o.hxl), original, ...total, ...about };
        // After an export: with --limit or --offset, which of how many matching events it holds (an
        // export cut to nothing must not read as "no event matches"); the source versions the matching
        // events come from with their licences, as under a table (a CSV or JSON file has no room for
        // them, and its rows name no licence); then the coverage line.
        const exported = async (n: number) => {
          const meta = await listingMeta();
          const credits = async () => {
            if (!meta.sources.length) return;
            const { licencesLine, sourcesLine } = await import('../analysis-output.ts');
            ctx.err(sourcesLine(meta) + licencesLine(meta));
          };
          if (limit === undefined && offset === 0) {
            await credits();
            return noteCoverage(meta, n);
          }
          const { total } = await store.queryEvents({ ...filter, includeSuperseded, limit: 0 });
          const { knownTotal } = await import('../../app/analysis/meta.ts');
          if (knownTotal(meta, total) !== null)
            ctx.err(
              `${n ? `events ${grouped(offset + 1)}-${grouped(offset + n)}` : '0'} of ${counted(total, 'matching event')} exported (--offset ${offset}${limit === undefined ? '' : `, --limit ${limit}`})\n`,
            );
          await credits();
          await noteCoverage(meta, total);
        };
        if (output) {
          const n = await exportEvents(store, q, format, output.file, options);
          await output.file.commit().catch(async (e: NodeJS.ErrnoException) => {
            throw await cannotWrite(output.given, output.target, e);
          });
          ctx.err(`wrote ${counted(n, 'event')} to ${quoteValue(output.given)}\n`);
          await exported(n);
          return;
        }
        if (BINARY_FORMATS.has(format) && ctx.outIsTTY)
          throw new InvalidInputError(
            `invalid output: ${quoteValue(format)} is binary; give --output <file> or redirect standard output to a file`,
          );
        const write = ctx.write?.bind(ctx);
        if (!write) {
          if (BINARY_FORMATS.has(format))
            throw new InvalidInputError(`invalid output: ${quoteValue(format)} needs --output <file> here`);
          const n = await exportEvents(store, q, format, { write: async (c) => ctx.out(String(c)) }, options);
          await exported(n);
          return;
        }
        const n = await exportEvents(store, q, format, { write }, options);
        await exported(n);
      } catch (e) {
        await output?.file.abandon();
        throw e;
      }
    });
}

/** The file an export is written to: as the user gave it, as resolved, and its replacement being written. */
interface Output {
  given: string;
  target: string;
  file: Replacement;
}

/**
 * Opens the file --output names for replacement (written beside it and renamed onto it when
 * complete: an export that failed midway left its first rows under the user's name, and had already
 * emptied the file it replaced), or refuses it in one line: the store's own file, a directory, a
 * folder that is missing or does not take new files.
 */
async function openOutput(ctx: Context, given: string): Promise<Output> {
  await refuseStoreFile(ctx, given);
  const { openReplacement } = await import('../../util/replace-file.ts');
  const target = userPath(ctx, given);
  const file = await openReplacement(target).catch(async (e: NodeJS.ErrnoException) => {
    throw await cannotWrite(given, target, e);
  });
  return { given, target, file };
}

/**
 * Refuses an --output that names the store's own file or its write-ahead log: the export was
 * renamed onto it when complete, replacing the database under the process that holds it open.
 */
async function refuseStoreFile(ctx: Context, output: string): Promise<void> {
  const db = ctx.settings.db;
  if (db === ':memory:') return;
  const real = (p: string) => realpath(p).catch(() => resolve(p));
  const target = await real(userPath(ctx, output));
  const store = await real(db);
  if (target === store || target === `${store}.wal`)
    throw new InvalidInputError(
      `cannot write ${quoteValue(output)}: it is the store's own ${target === store ? 'database file' : 'write-ahead log'} (give --output another file)`,
    );
}

/**
 * A file --output cannot be opened for, in one line quoting the path as given: a directory says so
 * (it was Node's raw `EISDIR: illegal operation on a directory, open '...'`), other causes say what
 * refused in the user's terms (write-failure.ts): `/proc/version` read "ENOENT: no such file or
 * directory", of a file that exists, where its folder refused the new file written beside it.
 */
async function cannotWrite(
  path: string,
  target: string,
  e: NodeJS.ErrnoException,
): Promise<InvalidInputError> {
  if (e.code === 'EISDIR')
    return new InvalidInputError(
      `cannot write ${quoteValue(path)}: it is a directory, not a file (give --output a file path)`,
    );
  return new InvalidInputError(
    `cannot write ${quoteValue(path)}: ${await whyNotWritten(e, quoteValue, target)}`,
  );
}
