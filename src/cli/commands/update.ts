import type { Command } from 'commander';
import { agree, counted } from '../../domain/plural.ts';
import { matchChoice } from '../../domain/choice.ts';
import { InvalidInputError, invalidParam } from '../../domain/errors.ts';
import type { Context } from '../context.ts';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { quoteValue } from '../../domain/quote.ts';
import { render, textOrJson } from '../output.ts';
import type { UpdatedFile } from '../../app/update-ucdp.ts';
import type { RetryNotice } from '../../ingest/http/retrying-request.ts';
import { retryLine } from '../retry-notice.ts';
import { alertRunLines } from '../alert-run-lines.ts';
import { gapKindCounts } from '../gdelt-gap-lines.ts';
import type { AlertRunAnswer } from '../../app/answers.ts';
import { goingOn, partsFailed, type PartFailure } from '../update-stopped.ts';

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
    .option(
      '--sources <list>',
      'ucdp, gdelt or ucdp,gdelt; default ucdp, plus gdelt when FAULTLINE_GDELT_COUNTRIES is set',
    )
    .option(
      '--allow-removals <n>',
      'let the final GED release remove up to N stored events UCDP withdrew (without it, a release that would remove more than 5% of the stored GED events stops)',
    )
    .option(
      '--dry-run',
      'list the files it would download and import, each new, changed, unchanged or unknown (with why) as the server answers a conditional HEAD; download and change nothing',
    )
    .option('--format <format>', 'table or json', 'table')
    .addHelpText(
      'after',
      "\nExamples:\n  faultline update                       # Pakistan and Afghanistan, 1989 to last month\n  faultline update --countries all --dry-run\n  faultline update --base-url https://mirror.example.org/ucdp/\n  FAULTLINE_GDELT_COUNTRIES=PAK,AFG,IND FAULTLINE_GDELT_FROM=7d faultline update\n\nGDELT: when FAULTLINE_GDELT_COUNTRIES is set (ISO3 codes or all), update also fetches GDELT 2.0's\nexports from FAULTLINE_GDELT_FROM (YYYY-MM-DD or days back such as 7d; default 2d) to now, as\nfaultline fetch gdelt does; --countries applies to UCDP only.\n\nEach part runs whatever the other did (a UCDP that cannot be reached still leaves GDELT fetched); a\npart that failed is said on stderr and in the JSON's failed, and the update exits with the first\nfailed part's code (5 remote, 4 this machine, 2 bad input).\n",
    )
    .action(
      async (o: {
        countries: string;
        baseUrl?: string;
        dryRun?: boolean;
        format: string;
        sources?: string;
        allowRemovals?: string;
      }) => {
        const format = textOrJson(o.format, 'table');
        if (o.allowRemovals !== undefined && !/^\d{1,10}$/.test(o.allowRemovals))
          throw invalidParam('allow_removals', `${quoteValue(o.allowRemovals)} (a count >= 0)`);
        const gdeltOn = ctx.settings.gdeltCountries !== undefined;
        const sources = (o.sources ?? (gdeltOn ? 'ucdp,gdelt' : 'ucdp')).split(',').map((given) => {
          const x = matchChoice(given.trim(), ['ucdp', 'gdelt'] as const);
          if (x === undefined)
            throw invalidParam('sources', `${quoteValue(given.trim())} (use ucdp, gdelt or ucdp,gdelt)`);
          return x;
        });
        // GDELT removes no stored rows: the option would be ignored without the UCDP part.
        if (o.allowRemovals !== undefined && !sources.includes('ucdp'))
          throw new InvalidInputError(
            `--allow-removals applies to UCDP's final GED release only; --sources ${quoteValue(sources.join(','))} updates none`,
          );
        if (sources.includes('gdelt') && !gdeltOn)
          throw new InvalidInputError(
            'GDELT is not configured: set FAULTLINE_GDELT_COUNTRIES (e.g. PAK,AFG,IND or all) and optionally FAULTLINE_GDELT_FROM (see docs/fetching.md)',
          );
        // Each part's options and settings are checked before any part runs: a bad one fails the
        // update before anything is done (GDELT's period is taken again when its part starts, to now).
        const ucdp = sources.includes('ucdp') ? await ucdpOptions(ctx, o) : null;
        if (sources.includes('gdelt'))
          (await import('../../app/update-gdelt.ts')).gdeltUpdatePeriod(ctx.settings.gdeltFrom, new Date());
        const answer: Record<string, unknown> = {};
        const parts = (['ucdp', 'gdelt'] as const).filter((p) => sources.includes(p));
        // Each part runs whatever the one before it did: a UCDP that cannot be reached keeps no
        // GDELT export from being fetched (until 2026-12-07 the first failure stopped the update).
        const failures: PartFailure[] = [];
        try {
          for (const [i, part] of parts.entries()) {
            const at: { url: string | null } = { url: null };
            try {
              if (part === 'ucdp') await updateUcdp(ctx, o, ucdp!, format, answer, at);
              else await updateGdelt(ctx, o.dryRun === true, format, answer);
            } catch (e) {
              failures.push({ part, url: at.url, error: e });
              const next = parts.slice(i + 1);
              if (next.length) ctx.err(`${goingOn(part, next, e)}\n`);
            }
          }
          if (failures.length) {
            // What was done, what failed (the first failure is the command's own line, and its exit code).
            for (const line of partsFailed(answer, parts, failures, format)) ctx.err(`${line}\n`);
            throw failures[0]!.error;
          }
        } finally {
          // Also when a part failed: what was imported is committed, and said so.
          if (format === 'json' && Object.keys(answer).length)
            ctx.out(JSON.stringify(answer, null, 2) + '\n');
        }
      },
    );
}

/** UCDP's options as the part needs them, checked: the countries kept (null: all) and the downloads' base URL. */
async function ucdpOptions(
  ctx: Context,
  o: { countries: string; baseUrl?: string },
): Promise<{ keep: string[] | null; baseUrl: string }> {
  const countries =
    o.countries.trim().toLowerCase() === 'all' ? null : o.countries.split(',').map((c) => c.trim());
  // A code of no country (XYZ) is refused before the release is downloaded: it would keep no row of it.
  const { iso3Codes } = await import('../../ingest/countries.ts');
  const known = new Set(iso3Codes());
  for (const c of countries ?? [])
    if (!known.has(c.toUpperCase()))
      throw invalidParam('countries', `${quoteValue(c)} (use ISO3 codes such as PAK, or all)`);
  const keep = countries?.map((c) => c.toUpperCase()) ?? null;
  const { UCDP_DOWNLOADS_URL } = await import('../../ingest/ucdp-downloads/ucdp-downloads-catalog.ts');
  const baseUrl = o.baseUrl ?? ctx.settings.ucdpDownloadsUrl ?? UCDP_DOWNLOADS_URL;
  if (!/^https?:\/\//i.test(baseUrl))
    throw new InvalidInputError(`invalid base URL: ${quoteValue(baseUrl)} (expected http:// or https://)`);
  return { keep, baseUrl };
}

/** The UCDP part: the newest final GED release and the Candidate files after it. */
async function updateUcdp(
  ctx: Context,
  o: { dryRun?: boolean; allowRemovals?: string },
  { keep, baseUrl }: { keep: string[] | null; baseUrl: string },
  format: 'table' | 'json',
  answer: Record<string, unknown>,
  /** Set to the file whose import failed, when one did. */
  at: { url: string | null },
): Promise<void> {
  const { dryRunUpdate, planUpdate, runUpdate, skipOlderGed } = await import('../../app/update-ucdp.ts');
  const say = (n: RetryNotice) => ctx.err(retryLine(n));
  const planned = await planUpdate({ baseUrl, onRetry: say, sleep: ctx.sleep });
  // A final release older than the stored one (its newer one forbidden, a lagging mirror) is skipped,
  // and said. A dry run only reads the store, and makes none where there is none yet.
  const none = o.dryRun && ctx.oneShot && ctx.settings.db !== ':memory:' && !existsSync(ctx.settings.db);
  const plan = none ? planned : await skipOlderGed(await ctx.store(o.dryRun ? 'read' : undefined), planned);
  const skipped = plan.skipped.map((s) => `skipped ${quoteValue(s.url)}: ${s.reason}`);
  // A newer release that answered 403 may exist: said at once, in every format, and kept in the answer.
  for (const w of plan.warnings) ctx.err(`warning: ${w}\n`);
  if (plan.warnings.length) answer.warnings = plan.warnings;
  if (o.dryRun) {
    // Asked of the server without downloading: new, changed, unchanged or unknown (with why).
    const rows = await dryRunUpdate(plan, { home: ctx.settings.home, onRetry: say, sleep: ctx.sleep });
    answer.files = rows;
    answer.skipped = plan.skipped;
    if (format === 'table') {
      // The file's path rather than its URL: the table cuts cells at 48 characters (JSON has the URL).
      const table = rows.map(({ kind, version, status, reason }, i) => {
        const file = plan.files[i]!.path;
        return { kind, version, file, status, reason };
      });
      ctx.out(render(table, 'table'));
      for (const line of skipped) ctx.err(`${line}\n`);
    }
    return;
  }
  const { Progress } = await import('../progress.ts');
  // One download or import at a time: a new file's bar ends the last one's.
  const current: { label?: string; bar?: InstanceType<typeof Progress> } = {};
  const done: UpdatedFile[] = [];
  let alerts: AlertRunAnswer | null | undefined;
  try {
    await runUpdate(await ctx.store(), plan, {
      baseUrl,
      countries: keep,
      home: ctx.settings.home,
      ...(o.allowRemovals !== undefined ? { allowRemovals: Number(o.allowRemovals) } : {}),
      place: await ctx.placer(),
      onProgress: (label, b, total, phase = 'download') => {
        const title = `${phase === 'import' ? 'importing' : 'downloading'} ${quoteValue(label)}`;
        if (current.label !== title) {
          current.bar?.done();
          current.label = title;
          current.bar = new Progress(title, ctx.progress, phase === 'download');
        }
        current.bar!.update(b, total);
      },
      sleep: ctx.sleep,
      // A retried download is said on a line of its own: the bar ends, and the next bytes start another.
      onRetry: (n) => {
        current.bar?.done();
        current.label = undefined;
        say(n);
      },
      onFilterReused: (f, out) => {
        current.bar?.done();
        current.label = undefined;
        ctx.err(
          `reused ${quoteValue(relative(ctx.settings.home, out))}: filtered before from the same ${quoteValue(f.path)} (same sha256) and countries\n`,
        );
      },
      onImported: (f) => done.push(f),
      onAlerts: (run) => (alerts = run),
    });
  } catch (e) {
    // Files imported before the failure stay imported (each is one transaction): list them, as
    // `faultline import` lists the files before a failing one, and what the rules said of them.
    if (done.length) {
      answer.files = done;
      answer.skipped = plan.skipped;
      if (alerts === null || (alerts && alerts.rules.length)) answer.alerts = alerts;
      const { importStopped } = await import('../update-stopped.ts');
      const failed = plan.files[done.length]?.url ?? null;
      at.url = failed;
      if (format === 'table') {
        current.bar?.done();
        printUcdp(ctx, done, []);
        for (const line of alertRunLines(alerts)) ctx.err(`${line}\n`);
      }
      ctx.err(`${importStopped(done.length, plan.files.length, failed, alerts, format)}\n`);
    }
    throw e;
  } finally {
    current.bar?.done();
  }
  answer.files = done;
  answer.skipped = plan.skipped;
  // As `faultline import --format json`: only when the store has rules (null: the evaluation failed).
  if (alerts === null || (alerts && alerts.rules.length)) answer.alerts = alerts;
  for (const d of done)
    if (!d.length_verified)
      ctx.err(
        `warning: ${quoteValue(d.url)}: the server announced no length, so the download's completeness was not verified (the next update downloads it again)\n`,
      );
  if (format === 'json') return;
  printUcdp(ctx, done, skipped);
  // As `faultline import`: what the alert rules' evaluation after the update recorded and said.
  for (const line of alertRunLines(alerts)) ctx.err(`${line}\n`);
}

/** The table of the UCDP files an update imported, the months it skipped and where rejected rows are. */
function printUcdp(ctx: Context, done: UpdatedFile[], skipped: string[]): void {
  const stale = done.some((d) => d.stale > 0);
  ctx.out(
    render(
      done.map((d) => ({
        import: d.import_id,
        source: d.source,
        version: d.version,
        download: d.download,
        kept: `${d.rows_kept} of ${d.rows_read}`,
        added: d.added,
        changed: d.changed,
        removed: d.removed,
        unchanged: d.unchanged,
        ...(stale ? { stale: d.stale } : {}),
        rejected: d.rejected,
        status: d.status,
        coverage: d.coverage,
      })),
      'table',
    ),
  );
  for (const line of skipped) ctx.out(`${line}\n`);
  for (const d of done) {
    if (d.status !== 'imported') continue;
    if (d.rejected > 0)
      ctx.err(
        `${d.source} ${d.version}: ${counted(d.rejected, 'rejected row')}: faultline rejections ${d.import_id}\n`,
      );
    if (d.warnings > 0)
      ctx.err(
        `${d.source} ${d.version}: ${counted(d.warnings, 'row')} kept with warnings: faultline rejections ${d.import_id} --warnings\n`,
      );
  }
}

/** The GDELT part: the exports from FAULTLINE_GDELT_FROM to now, kept to FAULTLINE_GDELT_COUNTRIES. */
async function updateGdelt(
  ctx: Context,
  dryRun: boolean,
  format: 'table' | 'json',
  answer: Record<string, unknown>,
): Promise<void> {
  const { gdeltUpdatePeriod } = await import('../../app/update-gdelt.ts');
  const { GDELT_BASE_URL } = await import('../../ingest/gdelt/gdelt-masterlist.ts');
  const period = gdeltUpdatePeriod(ctx.settings.gdeltFrom, new Date());
  const countries = ctx.settings.gdeltCountries ?? null;
  const baseUrl = ctx.settings.gdeltBaseUrl ?? GDELT_BASE_URL;
  const plan = { from: period.from, to: period.to, countries: countries ?? 'all', base_url: baseUrl };
  if (dryRun) {
    answer.gdelt = { plan };
    if (format === 'table')
      ctx.out(
        `gdelt: would fetch ${period.from} to ${period.to} UTC from ${quoteValue(baseUrl)}, countries ${plan.countries}\n`,
      );
    return;
  }
  const { gdeltFetchAnswer, nothingFetched } = await import('../../app/fetch-gdelt.ts');
  // The same progress line and retry notices as `fetch gdelt` (the GDELT part showed nothing while
  // it downloaded two days of exports, 192 files).
  const { fetchGdeltShown } = await import('../gdelt-fetch-progress.ts');
  const r = await fetchGdeltShown(ctx, {
    baseUrl,
    from: period.from,
    to: period.to,
    ...(countries ? { countries } : {}),
    dir: join(ctx.settings.home, 'downloads', 'gdelt'),
  });
  // As `faultline fetch gdelt --format json` answers, after the plan.
  const fetched = gdeltFetchAnswer(r);
  answer.gdelt = { plan, ...fetched };
  for (const w of fetched.warnings) ctx.err(`gdelt: warning: ${w}\n`);
  // Every export of the period failed: as `fetch gdelt`, the answer is given, then the update fails
  // (exit 4 when one failed on this machine, else 5); the JSON answer is printed as the command leaves.
  const failure = nothingFetched(r);
  if (format === 'json') {
    if (failure) throw failure;
    return;
  }
  const { gaps } = fetched;
  ctx.out(`gdelt ${period.from} to ${period.to} UTC, countries ${plan.countries}:\n`);
  const { gdeltFetchTable } = await import('../gdelt-fetch-table.ts');
  ctx.out(gdeltFetchTable(fetched));
  if (gaps.length)
    ctx.err(
      `gdelt: ${counted(gaps.length, 'slice')} of the period ${agree(gaps.length, 'is', 'are')} missing (${gapKindCounts(gaps)}; faultline gaps --from ${period.from} --to ${period.to} lists them)\n`,
    );
  if (failure) throw failure;
  const { importFollowUps } = await import('../import-follow-ups.ts');
  for (const line of importFollowUps(fetched.files)) ctx.err(`gdelt: ${line}\n`);
}
