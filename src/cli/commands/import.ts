import { grouped } from '../../domain/format-number.ts';
import { Option, type Command } from 'commander';
import { matchChoice, parseChoice } from '../../domain/choice.ts';
import { InvalidInputError, invalidParam } from '../../domain/errors.ts';
import { counted } from '../../domain/plural.ts';
import { quoteValue } from '../../domain/quote.ts';
import { FORMAT_IDS, type FormatId } from '../../ingest/source-format.ts';
import { alertRunLines } from '../alert-run-lines.ts';
import { importFollowUps } from '../import-follow-ups.ts';
import { userPath, type Context } from '../context.ts';
import { render, type OutputFormat } from '../output.ts';
import { checkReadableFile } from '../../app/readable-file.ts';

/** `faultline import PATH...`: imports dataset files into the store, one transaction each. */
export function registerImport(program: Command, ctx: Context): void {
  program
    .command('import')
    .description(
      'import dataset files (UCDP GED/Candidate CSV, ACLED CSV, published statistics, API downloads) into the store',
    )
    .argument('<paths...>', 'files to import')
    .option(
      '--input-format <format>',
      `the file's format, instead of detecting it (${[...FORMAT_IDS, 'gdelt'].join(', ')})`,
    )
    .option(
      '--countries <list>',
      'GDELT only: keep rows where an actor or the action location is in these ISO3 countries (e.g. PAK,AFG,IND); the rest are counted as out of scope',
    )
    .option(
      '--mapping <file>',
      'column-mapping file (YAML/JSON) for a generic CSV (format csv-mapped; see docs/importing.md)',
    )
    .option('--version <version>', 'dataset version to record (default: from the file name, or inferred)')
    .option(
      '--full-release',
      'the file is a full release: stored rows of its source missing from it (in its dates and countries) are removed (default: only for a UCDP GED file whose name states its version; not for GDELT files)',
    )
    .option('--no-full-release', 'never remove stored rows, whatever the format')
    .option(
      '--allow-removals <n>',
      'let the import remove up to N stored events (without it, an import that would remove more than 5% of its source stops; not for GDELT files)',
    )
    .option(
      '--allow-older',
      'import a UCDP GED release older than the newest stored one (without it, such a file is refused: the events the newer release withdrew would be added back)',
    )
    .addOption(new Option('--supersede', 'same as --full-release').hideHelp())
    .option('--format <format>', 'output: table or json', 'table')
    .option('--output <format>', 'old name of --format (output: table or json)')
    .addHelpText(
      'after',
      '\nExamples:\n  faultline import data/ucdp-ged/conflict_data_pak.csv\n  faultline import 20250807220000.export.CSV.zip --countries PAK,AFG,IND\n  faultline import GEDEvent_v26_0_7.csv --input-format ucdp-candidate --format json\n\nEach file is one transaction: accepted + rejected = rows read, or nothing is written (GDELT files given\ntogether go in batches of about 1M rows, one transaction each: a file that fails leaves the files before\nit stored and nothing of itself).\nImporting the same file again changes nothing.\nStored rows are removed only by a full release (--full-release, or a UCDP GED file whose name states\nits version, e.g. GEDEvent_v23_1.csv); removing more than 5% of the events of a source needs --allow-removals N.\nA UCDP GED release older than the newest one stored is refused unless --allow-older (Candidate files are not).',
    )
    .action(
      async (
        paths: string[],
        o: {
          inputFormat?: string;
          format: string;
          mapping?: string;
          version?: string;
          fullRelease?: boolean;
          supersede?: boolean;
          allowRemovals?: string;
          allowOlder?: boolean;
          output?: string;
          countries?: string;
        },
      ) => {
        // `--format` named the input format until it became the output format, as in every command.
        const fileFormat = matchChoice(o.format, FORMAT_IDS);
        if (fileFormat !== undefined)
          throw new InvalidInputError(
            `invalid format: ${quoteValue(o.format)} (--format is the output format, table or json; give the file's format with --input-format ${fileFormat})`,
          );
        const output = parseChoice('format', o.output ?? o.format, ['table', 'json'] as const);
        o.inputFormat = o.inputFormat
          ? parseChoice('input_format', o.inputFormat, [...FORMAT_IDS, 'gdelt'] as const)
          : undefined;
        if (o.allowRemovals !== undefined && !/^\d{1,10}$/.test(o.allowRemovals))
          throw invalidParam('allow_removals', `${quoteValue(o.allowRemovals)} (a count >= 0)`);
        const fullRelease = o.supersede ? true : o.fullRelease;
        // The files and options are checked before the store is opened: bad input makes no store.
        for (const path of [...paths, ...(o.mapping === undefined ? [] : [o.mapping])])
          checkReadableFile(userPath(ctx, path));
        const { parseCountryList } = await import('../../ingest/gdelt/gdelt-schema.ts');
        const countries = o.countries === undefined ? undefined : parseCountryList(o.countries);
        const gdelt = await import('../../app/import-gdelt.ts');
        const isGdelt = async (path: string) =>
          o.inputFormat ? o.inputFormat === 'gdelt' : gdelt.looksLikeGdeltFile(userPath(ctx, path));
        // Options a GDELT file would ignore are refused before anything is imported (--no-full-release is what it does).
        const releaseOptions = {
          ...(fullRelease ? { fullRelease: o.supersede ? '--supersede' : '--full-release' } : {}),
          ...(o.allowRemovals !== undefined ? { allowRemovals: '--allow-removals' } : {}),
          ...(o.allowOlder ? { allowOlder: '--allow-older' } : {}),
        };
        if (Object.keys(releaseOptions).length || o.mapping !== undefined)
          for (const path of paths) {
            if (!(await isGdelt(path))) continue;
            gdelt.refuseReleaseOptions(path, releaseOptions);
            // A GDELT file is read by GDELT's own layout: a mapping would be ignored.
            if (o.mapping !== undefined)
              throw new InvalidInputError(
                `--mapping applies to generic CSV files (format csv-mapped), not GDELT ones; ${quoteValue(path)} is one`,
              );
          }
        const store = await ctx.store();
        const { importFile, importSummary } = await import('../../app/import-dataset.ts');
        const { ledgerRow } = await import('../../app/sources-view.ts');
        const { listedRejections } = await import('../../app/listed-rejections.ts');
        const { Progress } = await import('../progress.ts');
        // As importSummary: the path as given, and the ledger's entry as `faultline sources` gives it.
        const gdeltResult = (path: string, g: Awaited<ReturnType<typeof gdelt.importGdelt>>) => ({
          file: path,
          already_imported: g.alreadyImported,
          ledger: ledgerRow(g.ledger),
          ...listedRejections(g),
          unknown_fips: g.unknownFips,
        });
        const results: (ReturnType<typeof importSummary> | ReturnType<typeof gdeltResult>)[] = [];
        // What was imported, as a table or JSON: also when a later file fails (those before it are committed).
        const report = () => {
          if (output === 'json') return ctx.out(JSON.stringify(results, null, 2) + '\n');
          // Rows of an older version than the stored one are neither added, changed nor unchanged: without
          // this column an older release's rows would be missing from the sum.
          const stale = results.some((r) => r.ledger.stale > 0);
          const rows = results.map(({ ledger: l, already_imported }) => ({
            import: l.id,
            file: l.file,
            format: l.format,
            version: l.version + (l.version_inferred ? ' (inferred)' : ''),
            rows_read: l.rows_read,
            accepted: l.accepted,
            rejected: l.rejected,
            ...(l.out_of_scope !== null ? { out_of_scope: l.out_of_scope } : {}),
            added: l.added,
            changed: l.changed,
            removed: l.removed,
            unchanged: l.unchanged,
            ...(stale ? { stale: l.stale } : {}),
            status: already_imported ? 'already imported' : 'imported',
          }));
          ctx.out(render(rows, 'table' as OutputFormat));
          for (const r of results) {
            // The table shows five of each file's rejected rows; JSON lists up to 100 and notes the rest.
            const shown = r.rejections.slice(0, 5);
            for (const x of shown)
              ctx.err(
                `  rejected ${r.ledger.file}:${x.line}: ${x.reason}${x.value !== null ? ` (value ${quoteValue(x.value)})` : ''}\n`,
              );
            if (!r.already_imported && r.ledger.rejected > shown.length)
              ctx.err(
                `  (the first ${grouped(shown.length)} of ${counted(r.ledger.rejected, 'rejected row')} of ${quoteValue(r.ledger.file)})\n`,
              );
          }
          for (const r of results)
            for (const u of ('unknown_fips' in r ? r.unknown_fips : []) ?? [])
              ctx.err(
                `  ${quoteValue(r.ledger.file)}: ${counted(u.rows, 'row')} with unknown FIPS country code ${quoteValue(u.code)} (kept, action country unknown)\n`,
              );
          // The same bytes imported before: nothing is read, so options that would change the import do nothing.
          const ignored = [
            o.version !== undefined && '--version',
            fullRelease !== undefined && '--full-release',
            o.allowRemovals !== undefined && '--allow-removals',
            o.allowOlder && '--allow-older',
          ].filter(Boolean);
          for (const r of results)
            if (r.already_imported)
              ctx.err(
                `note: ${quoteValue(r.file)}: the same bytes were imported before as ${quoteValue(r.ledger.file)} (import ${r.ledger.id}, version ${r.ledger.version}): nothing read${ignored.length ? `, so ${ignored.join(', ')} changed nothing` : ''}\n`,
              );
          for (const line of importFollowUps(results)) ctx.err(`${line}\n`);
        };
        let i = 0;
        try {
          for (; i < paths.length; i++) {
            const path = paths[i]!;
            const bar = new Progress(`importing ${quoteValue(path)}`, ctx.progress);
            // The bar redraws on a timer until done: ended here whatever happens (an error included).
            try {
              const gd = await isGdelt(path);
              if (!gd && countries)
                throw new InvalidInputError(
                  `--countries applies to GDELT files only; ${quoteValue(path)} is not one`,
                );
              if (gd) {
                // GDELT files given together: Node reads one ahead, and the store takes them in batches of
                // one transaction (app/import-gdelt-files.ts); a single file is its own transaction.
                let end = i + 1;
                while (end < paths.length && (await isGdelt(paths[end]!))) end++;
                if (end - i > 1) {
                  const run = paths.slice(i, end);
                  const files = new Progress(`importing ${counted(run.length, 'GDELT file')}`, ctx.progress);
                  let done = 0;
                  const { importGdeltFiles } = await import('../../app/import-gdelt-files.ts');
                  try {
                    await importGdeltFiles(
                      store,
                      run.map((p) => userPath(ctx, p)),
                      {
                        ...(countries ? { countries } : {}),
                        ...(o.version !== undefined ? { version: o.version } : {}),
                        onFile: (_, g) => {
                          results.push(gdeltResult(run[done]!, g));
                          files.update(++done, run.length, 'files');
                        },
                      },
                    );
                  } finally {
                    files.done();
                  }
                  i = end - 1;
                  continue;
                }
                const g = await gdelt.importGdelt(store, userPath(ctx, path), {
                  ...(countries ? { countries } : {}),
                  ...(o.version !== undefined ? { version: o.version } : {}),
                  onProgress: (b, total) => bar.update(b, total),
                });
                bar.done();
                results.push(gdeltResult(path, g));
                continue;
              }
              const r = await importFile(store, userPath(ctx, path), {
                format: o.inputFormat as FormatId | undefined,
                version: o.version,
                mapping: o.mapping === undefined ? undefined : userPath(ctx, o.mapping),
                ...(fullRelease !== undefined ? { fullRelease } : {}),
                ...(o.allowRemovals !== undefined ? { allowRemovals: Number(o.allowRemovals) } : {}),
                refuseOlderGed: !o.allowOlder,
                place: await ctx.placer(),
                onProgress: (phase, b, total) => bar.update(b, phase === 'import' ? total : 0),
              });
              bar.done();
              results.push(importSummary(path, r));
              if (r.linkage)
                ctx.err(
                  `linked ${r.linkage.from} to ${r.linkage.to} across sources: ${counted(r.linkage.records, 'record')}${r.linkage.extended && r.linkage.scored < r.linkage.records ? ` (${grouped(r.linkage.scored)} scored again: those within reach of the days that changed)` : ''}, ${counted(r.linkage.links, 'link')}, ${counted(r.linkage.incidents, 'incident')} of two or more records (faultline disagreements)\n`,
                );
              if (r.linkageError) ctx.err(`warning: ${r.linkageError}\n`);
              if (r.parsedInJavaScriptBecause)
                ctx.err(
                  `${quoteValue(path)}: read in JavaScript, not by DuckDB: ${r.parsedInJavaScriptBecause}\n`,
                );

              // The alerts it recorded, each rule's error and note: the evaluation after an import
              // is read by no one else (its notes were said to no one). JSON has them in `alerts`.
              if (output === 'table') for (const line of alertRunLines(r.alerts)) ctx.err(`${line}\n`);
            } finally {
              bar.done();
            }
          }
        } catch (e) {
          // Files before the failing one are imported (each its own transaction): say which.
          if (results.length) {
            const after = paths.length - i - 1;
            report();
            ctx.err(
              `note: ${grouped(results.length)} of ${counted(paths.length, 'file')} imported before ${quoteValue(paths[i] ?? '')} failed (listed above); ${after === 0 ? 'it was the last' : after === 1 ? 'the file after it was not read' : `the ${grouped(after)} files after it were not read`}\n`,
            );
          }
          throw e;
        }
        report();
      },
    );
}
