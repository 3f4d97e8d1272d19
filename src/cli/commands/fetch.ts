import { grouped } from '../../domain/format-number.ts';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parseChoice } from '../../domain/choice.ts';
import { InvalidInputError, invalidParam, periodReversed } from '../../domain/errors.ts';
import { agree, counted } from '../../domain/plural.ts';
import { isCalendarDay } from '../../domain/query.ts';
import { quoteValue } from '../../domain/quote.ts';
import { parseIntParam } from '../../domain/number-params.ts';
import type { UcdpDataset } from '../../ingest/ucdp-api/ucdp-api-client.ts';
import type { RetryNotice } from '../../ingest/http/retrying-request.ts';
import { retryLine } from '../retry-notice.ts';
import { alertRunLines } from '../alert-run-lines.ts';
import { importFollowUps } from '../import-follow-ups.ts';
import { gapKindCounts, gapKindsHelp, gapLine } from '../gdelt-gap-lines.ts';
import { userPath, type Context } from '../context.ts';
import { asJson, render, textOrJson } from '../output.ts';

const today = () => new Date().toISOString().slice(0, 10);

/** Checks an API fetch's --from and --to days (UCDP, ACLED, BigQuery) before any request: the APIs answer a bad day with an error page, or with nothing. */
function checkDays(o: { from?: string; to?: string }): void {
  for (const [flag, v] of [
    ['--from', o.from],
    ['--to', o.to],
  ] as const)
    if (v !== undefined && !isCalendarDay(v))
      throw new InvalidInputError(`invalid ${flag}: ${quoteValue(v)} (use a day YYYY-MM-DD)`);
  if (o.from && o.to && o.to < o.from) throw periodReversed(o.from, o.to);
}

/** The Gleditsch-Ward numbers UCDP's API filters countries by, of the ISO3 codes faultline's other flags take. */
const UCDP_COUNTRY: Readonly<Record<string, string>> = { PAK: '770', AFG: '700', IND: '750', IRN: '630' };

/**
 * `fetch ucdp --country` as UCDP's API reads it: its numbers as given, PAK, AFG, IND and IRN turned
 * into theirs; other text refused before any request (the API filters by the numbers alone).
 */
function ucdpCountries(v: string): string {
  return v
    .split(',')
    .map((item) => {
      const t = item.trim();
      if (/^\d{1,4}$/.test(t)) return t;
      const gw = UCDP_COUNTRY[t.toUpperCase()];
      if (gw) return gw;
      throw invalidParam(
        'country',
        `${quoteValue(t)} (use UCDP's country numbers, such as 770 for Pakistan and 700 for Afghanistan, or PAK, AFG, IND or IRN)`,
      );
    })
    .join(',');
}

/**
 * The `fetched N records` progress line of an API download, ended once the download ends, failed or
 * not: a failure's `faultline: ...` line then starts a line of its own instead of trailing the count.
 */
function progressLine(ctx: Context) {
  let open = false;
  const end = () => {
    if (open) ctx.err('\n');
    open = false;
  };
  return {
    onRecords: (n: number, pages: number) => {
      open = true;
      ctx.err(`\rfetched ${counted(n, 'record')} (${counted(pages, 'page')})`);
    },
    // A retried page is said on a line of its own (the count goes on below it).
    onRetry: (n: RetryNotice) => {
      end();
      ctx.err(retryLine(n));
    },
    end,
  };
}

/** Checks `--format` of an API fetch (table or json) before any request. */
const fetchFormat = (v: string) => textOrJson(v, 'table');

/** Imports a downloaded NDJSON file and prints the ledger line and, as `faultline import`, the alert rules' evaluation (or, as JSON, what `faultline import --format json` prints for it, with the download). */
async function importDownload(
  ctx: Context,
  path: string,
  records: number,
  format: 'table' | 'json',
): Promise<void> {
  ctx.err(`downloaded ${counted(records, 'record')} to ${quoteValue(path)}\n`);
  const { importFile, importSummary } = await import('../../app/import-dataset.ts');
  const r = await importFile(await ctx.store(), path, { place: await ctx.placer() });
  const summary = importSummary(path, r);
  if (format === 'json') return ctx.out(asJson({ downloaded: { path, records }, ...summary }));
  const l = summary.ledger;
  ctx.out(
    render(
      [
        {
          file: l.file,
          version: l.version,
          rows_read: l.rows_read,
          accepted: l.accepted,
          rejected: l.rejected,
          added: l.added,
          changed: l.changed,
          unchanged: l.unchanged,
          // Rows of an older version than the stored one (an older release fetched after a newer).
          ...(l.stale > 0 ? { stale: l.stale } : {}),
          status: summary.already_imported ? 'already imported' : 'imported',
        },
      ],
      'table',
    ),
  );
  // As `faultline import`: the command that lists what the table only counts, then what the alert
  // rules' evaluation after the import recorded and said (JSON has it in `alerts`).
  for (const line of [...importFollowUps([summary]), ...alertRunLines(r.alerts)]) ctx.err(`${line}\n`);
}

/**
 * Downloads an API's pages to one NDJSON file, then imports it (importDownload). The import waits
 * for the last page, so a download that stops part-way imports nothing and no alert rule judges
 * anything: said in a note before the failure, as `faultline update` says what it imported before
 * it stopped (the rules judge that). A failure before any page (a refused token) needs no note: its
 * own line says it all.
 */
async function downloadThenImport(
  ctx: Context,
  command: 'ucdp' | 'acled',
  pages: AsyncIterable<readonly object[]>,
  path: string,
  line: ReturnType<typeof progressLine>,
  format: 'table' | 'json',
): Promise<void> {
  const { fetchToNdjson } = await import('../../ingest/fetch-to-file.ts');
  let fetched = { records: 0, pages: 0 };
  let got;
  try {
    got = await fetchToNdjson(pages, path, {
      onRecords: (records, n) => {
        fetched = { records, pages: n };
        line.onRecords(records, n);
      },
    });
  } catch (e) {
    line.end();
    if (fetched.pages)
      ctx.err(
        `note: nothing was imported, so no alert rule was evaluated: the download stopped after ${counted(fetched.pages, 'page')} (${counted(fetched.records, 'record')}), which ${agree(fetched.pages, 'is', 'are')} not kept; faultline fetch ${command} again starts over\n`,
      );
    throw e;
  }
  line.end();
  await importDownload(ctx, path, got.records, format);
}

/**
 * Refuses a GED release older than the newest one stored, before any request, by import's rule
 * (newerStoredGed: a stored version inferred from a file's dates is no release and never counts).
 * Rows of the stored newer release would stay (stale), but every event the older one holds and the
 * newer one does not (an event UCDP withdrew) would be added back and counted again. Candidate
 * releases are not checked: an older monthly release covers other months, and the store orders them.
 */
async function refuseOlderGed(ctx: Context, version: string): Promise<void> {
  const { newerStoredGed, olderGedReason } = await import('../../app/import-dataset.ts');
  // A version that is no GED release is refused by the client in its own words.
  const stored = await newerStoredGed(await ctx.store(), version);
  if (stored !== null)
    throw new InvalidInputError(
      `${olderGedReason(version, stored)}; nothing was fetched (--allow-older imports it anyway)`,
    );
}

/** `faultline fetch ucdp|acled`: downloads from the source's API to an NDJSON file, then imports it. */
export function registerFetch(program: Command, ctx: Context): void {
  const fetch = program
    .command('fetch')
    .description(
      'download events from the UCDP or ACLED API, or GDELT event exports, and import them (see docs/fetching.md)',
    );
  fetch
    .command('gdelt')
    .description(
      "download GDELT 2.0's 15-minute event exports of a period (masterfilelist.txt), check their md5 and import them into the GDELT table (reports, never violence counts)",
    )
    .requiredOption('--from <date>', 'first day or time, YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)')
    .requiredOption('--to <date>', 'last day or time, YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC), included')
    .option(
      '--countries <list>',
      'keep rows where an actor or the action location is in these ISO3 countries, e.g. PAK,AFG,IND (the rest are counted as out of scope)',
    )
    .option(
      '--base-url <url>',
      "GDELT 2.0's folder or a mirror (default $GDELT_BASE_URL or http://data.gdeltproject.org/gdeltv2/)",
    )
    .option('--parallel <n>', 'downloads at once, 1 to 4', '3')
    .option(
      '--via <via>',
      'files (the 15-minute exports) or bigquery (one aggregate query on gdelt-bq.gdeltv2.events)',
      'files',
    )
    .option('--project <id>', '--via bigquery: the Google Cloud project that runs (and pays for) the query')
    .option(
      '--key <file>',
      '--via bigquery: a service-account key JSON (default $GOOGLE_APPLICATION_CREDENTIALS)',
    )
    .option(
      '--access-token <token>',
      '--via bigquery: an OAuth access token instead of a key (default $BIGQUERY_ACCESS_TOKEN)',
    )
    .option(
      '--bigquery-url <url>',
      '--via bigquery: the REST base (default $BIGQUERY_URL or https://bigquery.googleapis.com/bigquery/v2)',
    )
    .option('--yes', '--via bigquery: run the query after the dry run without asking')
    .option('--format <format>', 'output: table or json', 'table')
    .addHelpText(
      'after',
      '\nExamples:\n  faultline fetch gdelt --from 2023-09-01 --to 2023-09-30 --countries PAK,AFG,IND\n  faultline fetch gdelt --from 2025-08-07T22:00 --to 2025-08-07T23:00 --format json\n\nEach export is about 150-500 kB zipped (96 a day). Zips are kept in <home>/downloads/gdelt and a rerun\nresumes or skips them. Slices with no usable export are listed as gaps, each with its kind:\n' +
        gapKindsHelp() +
        "\nExit code 0; when every export of the period failed and nothing could be imported, 4 if one\nfailed on this machine (kind import), else 5.\n\nBigQuery (--via bigquery --project P --countries PAK,AFG,IND --from YYYY-MM-DD --to YYYY-MM-DD):\none aggregate query (pair x DATEADDED day x QuadClass x root code, plus every day's total) is dry-run\nfirst: the bytes it would process are printed and you are asked before anything is billed (--yes\nskips the question; without a terminal and without --yes nothing runs). The aggregates are imported\nwith the query text, job id and bytes; faultline relations answers from them. See docs/fetching.md.",
    )
    .action(
      async (o: {
        from: string;
        to: string;
        countries?: string;
        baseUrl?: string;
        parallel: string;
        format: string;
        via: string;
        project?: string;
        key?: string;
        accessToken?: string;
        bigqueryUrl?: string;
        yes?: boolean;
      }) => {
        o.format = fetchFormat(o.format);
        o.via = parseChoice('via', o.via, ['files', 'bigquery'] as const);
        if (o.via === 'bigquery') return fetchViaBigQuery(ctx, o);
        parseIntParam('parallel', o.parallel, 1, 4);
        const { parseCountryList } = await import('../../ingest/gdelt/gdelt-schema.ts');
        // Read before the store opens and anything is downloaded.
        const countries = o.countries !== undefined ? parseCountryList(o.countries) : undefined;
        const { GDELT_BASE_URL } = await import('../../ingest/gdelt/gdelt-masterlist.ts');
        const { gdeltFetchAnswer, nothingFetched } = await import('../../app/fetch-gdelt.ts');
        const { fetchGdeltShown } = await import('../gdelt-fetch-progress.ts');
        const r = await fetchGdeltShown(ctx, {
          baseUrl: o.baseUrl ?? ctx.settings.gdeltBaseUrl ?? GDELT_BASE_URL,
          from: o.from,
          to: o.to,
          ...(countries ? { countries } : {}),
          dir: join(ctx.settings.home, 'downloads', 'gdelt'),
          parallel: Number(o.parallel),
        });
        // The answer's words (snake_case, each file's ledger entry as `faultline sources` gives it).
        const answer = gdeltFetchAnswer(r);
        // What may be missing though no gap names it: said in every format, and kept in the answer.
        for (const w of answer.warnings) ctx.err(`warning: ${w}\n`);
        // Every export of the period failed: the answer is given, then the command fails (exit 4 when
        // one failed on this machine, else 5).
        const failure = nothingFetched(r);
        if (o.format === 'json') {
          ctx.out(asJson(answer));
          if (failure) throw failure;
          return;
        }
        const { gdeltFetchTable } = await import('../gdelt-fetch-table.ts');
        ctx.out(gdeltFetchTable(answer));
        const { gaps } = answer;
        for (const g of gaps) ctx.err(`${gapLine(g)}\n`);
        if (gaps.length)
          ctx.err(
            `${counted(gaps.length, 'slice')} of the period ${agree(gaps.length, 'is', 'are')} missing (listed above; ${gapKindCounts(gaps)})\n`,
          );
        if (failure) throw failure;
        // A rerun over a period fetched before says in words that it brought nothing, not only by a 0 in the table.
        if (answer.imported === 0 && answer.listed > 0) {
          const failed = answer.listed - answer.already_imported;
          ctx.err(
            `nothing new: ${grouped(answer.already_imported)} of the ${counted(answer.listed, 'export')} listed for the period ${agree(answer.already_imported, 'was', 'were')} imported before${failed ? `; the other ${grouped(failed)} ${agree(failed, 'is a gap', 'are gaps')} (listed above)` : ''}\n`,
          );
        }
        // As `faultline import`: the command that lists the rows the table only counts.
        for (const line of importFollowUps(answer.files)) ctx.err(`${line}\n`);
      },
    );
  fetch
    .command('ucdp')
    .description('download UCDP GED or Candidate events through the UCDP API (needs an access token)')
    .requiredOption('--version <version>', 'release, e.g. 25.1 (GED) or 26.0.7 (Candidate)')
    .option('--dataset <dataset>', 'ged or candidate', 'ged')
    .option(
      '--country <codes>',
      "UCDP's country numbers (Gleditsch-Ward), comma-separated: 770 or PAK (Pakistan), 700 or AFG (Afghanistan), 750 or IND, 630 or IRN (default: every country)",
    )
    .option('--from <date>', 'StartDate filter (YYYY-MM-DD)')
    .option('--to <date>', 'EndDate filter (YYYY-MM-DD)')
    .option('--token <token>', 'UCDP access token (default: $UCDP_TOKEN)')
    .option(
      '--allow-older',
      'import a GED release older than the newest stored one (its events the newer release does not hold are added)',
    )
    .option('--format <format>', 'output: table or json', 'table')
    .action(
      async (o: {
        version: string;
        dataset: string;
        country?: string;
        from?: string;
        to?: string;
        token?: string;
        allowOlder?: boolean;
        format: string;
      }) => {
        const format = fetchFormat(o.format);
        o.dataset = parseChoice('dataset', o.dataset, ['ged', 'candidate'] as const);
        checkDays(o);
        const country = o.country === undefined ? undefined : ucdpCountries(o.country);
        if (o.dataset === 'ged' && !o.allowOlder) await refuseOlderGed(ctx, o.version);
        const { createUcdpClient } = await import('../../ingest/ucdp-api/ucdp-api-client.ts');
        const { ucdpApiFileName } = await import('../../ingest/ucdp-api/ucdp-api-importer.ts');
        const line = progressLine(ctx);
        const client = createUcdpClient({
          token: o.token ?? ctx.settings.ucdpToken ?? '',
          baseUrl: ctx.settings.ucdpApiUrl,
          onRetry: line.onRetry,
          sleep: ctx.sleep,
        });
        const query: Record<string, string> = {};
        if (country) query.Country = country;
        if (o.from) query.StartDate = o.from;
        if (o.to) query.EndDate = o.to;
        const path = join(
          ctx.settings.home,
          'downloads',
          ucdpApiFileName(o.dataset as UcdpDataset, o.version, today()),
        );
        await downloadThenImport(
          ctx,
          'ucdp',
          client.pages({ dataset: o.dataset as UcdpDataset, version: o.version, query }),
          path,
          line,
          format,
        );
      },
    );
  fetch
    .command('acled')
    .description(
      'download ACLED events through the ACLED API (your own account: $ACLED_USERNAME, $ACLED_PASSWORD)',
    )
    .option('--country <name>', 'country name as ACLED writes it', 'Pakistan')
    .option('--from <date>', 'first event date (YYYY-MM-DD)')
    .option('--to <date>', 'last event date (YYYY-MM-DD)')
    .option('--format <format>', 'output: table or json', 'table')
    .action(async (o: { country: string; from?: string; to?: string; format: string }) => {
      const format = fetchFormat(o.format);
      checkDays(o);
      const { createAcledClient } = await import('../../ingest/acled-api/acled-api-client.ts');
      const { acledApiFileName } = await import('../../ingest/acled-api/acled-api-importer.ts');
      const line = progressLine(ctx);
      const client = createAcledClient({
        username: ctx.settings.acledUsername ?? '',
        password: ctx.settings.acledPassword ?? '',
        baseUrl: ctx.settings.acledApiUrl,
        onRetry: line.onRetry,
        sleep: ctx.sleep,
      });
      const query: Record<string, string> = { country: o.country };
      if (o.from || o.to) {
        query.event_date = `${o.from ?? '1997-01-01'}|${o.to ?? today()}`;
        query.event_date_where = 'BETWEEN';
      }
      const path = join(ctx.settings.home, 'downloads', acledApiFileName(o.country.toLowerCase(), today()));
      await downloadThenImport(ctx, 'acled', client.pages({ query }), path, line, format);
    });
}

/** `faultline fetch gdelt --via bigquery`: dry run, consent, query, import. */
async function fetchViaBigQuery(
  ctx: Context,
  o: {
    from: string;
    to: string;
    countries?: string;
    format: string;
    project?: string;
    key?: string;
    accessToken?: string;
    bigqueryUrl?: string;
    yes?: boolean;
  },
): Promise<void> {
  checkDays(o);
  if (!o.project)
    throw new InvalidInputError(
      '--via bigquery needs --project (the Google Cloud project that runs the query)',
    );
  const { readFileSync } = await import('node:fs');
  const { BIGQUERY_URL, parseServiceAccountKey } =
    await import('../../ingest/gdelt-bigquery/bigquery-client.ts');
  const { parseCountryList } = await import('../../ingest/gdelt/gdelt-schema.ts');
  const { fetchGdeltBigQuery } = await import('../../app/fetch-gdelt-bigquery.ts');
  // The variables' values come through the settings, which refused an invisible character in them.
  const keyPath = o.key ?? (o.accessToken ? undefined : ctx.settings.googleApplicationCredentials);
  // Where the key's path came from, named when it cannot be read or is not a key: a path the user
  // never typed (the variable's) was reported as --key's, or as a bare path.
  const keyFrom = o.key !== undefined ? '--key' : 'GOOGLE_APPLICATION_CREDENTIALS';
  const token = o.accessToken ?? ctx.settings.bigqueryAccessToken;
  let auth;
  if (keyPath) {
    let text: string;
    try {
      text = readFileSync(userPath(ctx, keyPath), 'utf8');
    } catch {
      throw new InvalidInputError(`cannot read ${keyFrom}: ${quoteValue(keyPath)}`);
    }
    auth = { key: parseServiceAccountKey(text, keyPath, keyFrom) };
  } else if (token) auth = { accessToken: token };
  else
    throw new InvalidInputError(
      '--via bigquery needs --key (a service-account key JSON) or --access-token (or $GOOGLE_APPLICATION_CREDENTIALS, $BIGQUERY_ACCESS_TOKEN)',
    );
  const r = await fetchGdeltBigQuery(await ctx.store(), {
    baseUrl: o.bigqueryUrl ?? ctx.settings.bigqueryUrl ?? BIGQUERY_URL,
    project: o.project,
    auth,
    from: o.from,
    to: o.to,
    countries: o.countries !== undefined ? parseCountryList(o.countries) : [],
    confirm: async (bytes) => {
      const gb = (bytes / 1e9).toFixed(2);
      ctx.err(
        `dry run: the query would process ${grouped(bytes)} bytes (${gb} GB), billed to project ${o.project}\n`,
      );
      if (o.yes) return true;
      if (!process.stdin.isTTY) {
        ctx.err('not run: rerun with --yes to run the query\n');
        return false;
      }
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const answer = await rl.question('run it? [y/N] ');
      rl.close();
      return /^y(es)?$/i.test(answer.trim());
    },
  });
  if (o.format === 'json') {
    // The ledger entry as `faultline sources` gives it (null when the query was not run).
    const { ledgerRow } = await import('../../app/sources-view.ts');
    return ctx.out(JSON.stringify({ ...r, ledger: r.ledger && ledgerRow(r.ledger) }, null, 2) + '\n');
  }
  const row = {
    ran: r.ran,
    dry_run_bytes: r.dry_run_bytes,
    job_id: r.job_id,
    bytes_processed: r.bytes_processed,
    pair_rows: r.pair_rows,
    volume_days: r.volume_days,
    import_id: r.ledger?.id ?? null,
  };
  ctx.out(render([row], 'table'));
}
