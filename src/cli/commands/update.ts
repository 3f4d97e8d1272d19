import type { Command } from 'commander';
import { InvalidInputError } from '../../domain/errors.ts';
import type { Context } from '../context.ts';
import { outputFormat, render } from '../output.ts';

/** `faultline update`: the newest open UCDP data (final GED release and Candidate files after it), no account. */
export function registerUpdate(program: Command, ctx: Context): void {
  program
    .command('update')
    .description(
      "bring the store up to UCDP's newest open downloads: the latest final GED release and the Candidate files after it (no account; see docs/fetching.md)",
    )
    .option('--countries <list>', 'ISO3 codes to keep, comma-separated, or "all"', 'PAK,AFG')
    .option(
      '--base-url <url>',
      "UCDP's downloads folder or a mirror with its layout (ged/ged<VV>1-csv.zip, candidateged/GEDEvent_v...csv); default $UCDP_DOWNLOADS_URL or https://ucdp.uu.se/downloads/",
    )
    .option('--dry-run', 'list what would be downloaded and imported, change nothing')
    .option('--format <format>', 'table or json', 'table')
    .addHelpText(
      'after',
      '\nExamples:\n  faultline update                       # Pakistan and Afghanistan, 1989 to last month\n  faultline update --countries all --dry-run\n  faultline update --base-url https://mirror.example.org/ucdp/\n',
    )
    .action(async (o: { countries: string; baseUrl?: string; dryRun?: boolean; format: string }) => {
      const format = outputFormat(o.format);
      if (format !== 'table' && format !== 'json')
        throw new InvalidInputError(`invalid format: ${o.format} (use table or json)`);
      const countries =
        o.countries.trim().toLowerCase() === 'all' ? null : o.countries.split(',').map((c) => c.trim());
      for (const c of countries ?? [])
        if (!/^[A-Za-z]{3}$/.test(c))
          throw new InvalidInputError(
            `invalid country: ${c.slice(0, 200)} (use ISO3 codes such as PAK, or all)`,
          );
      const keep = countries?.map((c) => c.toUpperCase()) ?? null;
      const { UCDP_DOWNLOADS_URL } = await import('../../ingest/ucdp-downloads/ucdp-downloads-catalog.ts');
      const baseUrl = o.baseUrl ?? ctx.settings.ucdpDownloadsUrl ?? UCDP_DOWNLOADS_URL;
      if (!/^https?:\/\//i.test(baseUrl))
        throw new InvalidInputError(
          `invalid base URL: ${baseUrl.slice(0, 200)} (expected http:// or https://)`,
        );
      const { planUpdate, runUpdate } = await import('../../app/update-ucdp.ts');
      const plan = await planUpdate({ baseUrl });
      const skipped = plan.skipped.map((s) => `skipped ${s.url}: ${s.reason}`);
      if (o.dryRun) {
        const rows = plan.files.map((f) => ({ kind: f.kind, version: f.version, url: f.url }));
        ctx.out(
          format === 'json'
            ? JSON.stringify({ files: rows, skipped: plan.skipped }, null, 2) + '\n'
            : render(rows, 'table'),
        );
        if (format === 'table') for (const line of skipped) ctx.err(`${line}\n`);
        return;
      }
      const { Progress } = await import('../progress.ts');
      const bars = new Map<string, InstanceType<typeof Progress>>();
      const done = await runUpdate(await ctx.store(), plan, {
        baseUrl,
        countries: keep,
        home: ctx.settings.home,
        place: await ctx.placer(),
        onProgress: (label, b, total) => {
          let bar = bars.get(label);
          if (!bar) bars.set(label, (bar = new Progress(`downloading ${label}`, ctx.progress, true)));
          bar.update(b, total);
        },
      });
      for (const bar of bars.values()) bar.done();
      if (format === 'json') {
        ctx.out(JSON.stringify({ files: done, skipped: plan.skipped }, null, 2) + '\n');
        return;
      }
      ctx.out(
        render(
          done.map((d) => ({
            source: d.source,
            version: d.version,
            download: d.download,
            kept: `${d.rows_kept} of ${d.rows_read}`,
            added: d.added,
            changed: d.changed,
            removed: d.removed,
            unchanged: d.unchanged,
            rejected: d.rejected,
            status: d.status,
            coverage: d.coverage,
          })),
          'table',
        ),
      );
      for (const line of skipped) ctx.out(`${line}\n`);
    });
}
