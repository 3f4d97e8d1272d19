import { stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import type { Command } from 'commander';
import { parseChoice } from '../../domain/choice.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { userPath, type Context } from '../context.ts';
import { addFilterOptions, filterOfOptions } from '../filter-options.ts';

/** `faultline brief`: a citable one-period briefing as HTML, Markdown and PDF. */
export function registerBrief(program: Command, ctx: Context): void {
  const cmd = addFilterOptions(
    program
      .command('brief')
      .description(
        'write a citable briefing for one ISO week, month, quarter or year (HTML, Markdown, SVG figures, PDF; see docs/briefings.md)',
      ),
  );
  // A briefing's dates are its --period: --from and --to stay known (so the refusal below can say
  // what to use instead) but leave the help, which listed them as if they worked.
  for (const o of cmd.options) if (o.long === '--from' || o.long === '--to') o.hideHelp();
  cmd
    .option(
      '--period <period>',
      'an ISO week (2021-W40), month (2021-10), quarter (2021-Q4) or year (2021) (default: the latest quarter the loaded sources under the filter cover whole, named in the output)',
    )
    .option(
      '--out <dir>',
      "the folder the files are written to (default ./briefings/<briefing id>), not a file: a name ending in .pdf, .html, .md, .json or .svg is refused; an earlier briefing's files there are replaced, once every new one is complete",
    )
    .option('--claims <file>', 'also check the claims of this file and show their verdicts')
    .option('--top <n>', 'events and actor pairs listed per table (1 to 50, as the API)', '10')
    .option('--no-pdf', 'skip the PDF (no Chromium needed)')
    .option('--forecast', 'add an outlook: the province forecast with its backtest skill')
    .option(
      '--format <format>',
      "files (write HTML, Markdown, SVG, JSON and PDF) or json (print the briefing data, the API's GET /briefing answer, and write nothing)",
      'files',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  faultline brief --country PAK --period 2021-Q4\n  faultline brief --country PAK --period 2021-W40 --no-pdf\n  faultline brief --country PAK --period 2026-Q1 --format json > briefing.json\n  faultline brief --country PAK --actor TTP --period 2021 --claims examples/claims/ttp-essay.yaml --out out/ttp-2021\n',
    )
    .action(async (o: Record<string, string | boolean | undefined>) => {
      if (o.from || o.to)
        throw new InvalidInputError(
          'invalid filter: --from and --to do not apply to a briefing (give its --period, such as 2021-Q4)',
        );
      o.format = parseChoice('format', o.format, ['files', 'json'] as const);
      // The folder a briefing's files go to, when given (`--format json` writes none).
      const out = o.format === 'files' && typeof o.out === 'string' ? o.out : null;
      if (out !== null) await refuseFileName(userPath(ctx, out), out);
      // A given --out that cannot be written is refused before anything is read, built or loaded (it
      // was refused only once the whole briefing was built, then once its code had loaded: 0.5 s of
      // CPU); the folders made for it go if the briefing fails later.
      const [{ readyBriefingDir }, { removeDirs }] = await Promise.all([
        import('../../app/briefing/briefing-dir.ts'),
        import('../../util/make-dirs.ts'),
      ]);
      const made = out !== null ? await readyBriefingDir(userPath(ctx, out)) : [];
      try {
        const filter = await filterOfOptions(ctx, o);
        // Briefings load the analysis, chart and PDF code (playwright-core) only when one is written.
        const [{ buildBriefing }, { writeBriefing }, { loadClaimFile }, { parseIntParam }] =
          await Promise.all([
            import('../../app/briefing/build-briefing.ts'),
            import('../../app/briefing/write-briefing.ts'),
            import('../../app/claims/check-claims.ts'),
            import('../../app/analysis/params.ts'),
          ]);
        // An empty --claims is refused as a file that is not there (it wrote the briefing without claims, unsaid).
        const claims = o.claims !== undefined ? await loadClaimFile(userPath(ctx, String(o.claims))) : null;
        // Read-only unless a claim counts incidents (dedupe), which may store links it had to compute.
        const store = await ctx.store(claims?.file.claims.some((c) => c.dedupe) ? undefined : 'read');
        const data = await buildBriefing(store, {
          period: o.period === undefined ? undefined : String(o.period),
          filter,
          claims,
          top: parseIntParam('top', String(o.top), 1, 50),
          forecast: o.forecast === true,
        });
        if (o.format === 'json') return ctx.out(JSON.stringify(data, null, 2) + '\n');
        const dir = typeof o.out === 'string' ? o.out : join('briefings', data.id);
        const files = await writeBriefing(data, userPath(ctx, dir), { pdf: o.pdf !== false });
        ctx.out(
          `${data.title}\n${data.period_note ? `period ${data.period_note}\n` : ''}reproducibility id ${data.sources.reproducibility_id}\n`,
        );
        for (const [kind, path] of Object.entries(files)) if (path) ctx.out(`${kind.padEnd(8)} ${path}\n`);
      } catch (e) {
        await removeDirs(made);
        throw e;
      }
    });
}

/** What a briefing writes, by extension: an --out ending in one of these names a file, not the folder. */
const FILE_EXTENSIONS = ['.pdf', '.html', '.htm', '.md', '.json', '.svg'];

/**
 * Refuses an --out that reads as one of the briefing's files (`--out report/briefing.pdf`), unless a
 * folder of that name is there already: it made a folder named briefing.pdf holding the HTML,
 * Markdown, JSON, PDF and SVG files, and said nothing. Refused before anything is read or written.
 */
async function refuseFileName(path: string, given: string): Promise<void> {
  const ext = extname(given).toLowerCase();
  if (!FILE_EXTENSIONS.includes(ext)) return;
  if ((await stat(path).catch(() => null))?.isDirectory()) return;
  throw new InvalidInputError(
    `invalid --out: ${quoteValue(given)} ends in ${ext}, but --out names the folder a briefing's files are written to (briefing.html, .md, .json, .pdf and the SVG figures): give a folder, such as ${quoteValue(dirname(given))}`,
  );
}
