import { join } from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError } from '../../domain/errors.ts';
import type { UcdpDataset } from '../../ingest/ucdp-api/ucdp-api-client.ts';
import type { Context } from '../context.ts';
import { render } from '../output.ts';

const today = () => new Date().toISOString().slice(0, 10);

/** Imports a downloaded NDJSON file and prints the ledger line. */
async function importDownload(ctx: Context, path: string, records: number): Promise<void> {
  ctx.err(`downloaded ${records} records to ${path}\n`);
  const { importFile } = await import('../../app/import-dataset.ts');
  const r = await importFile(await ctx.store(), path, { place: await ctx.placer() });
  const l = r.ledger;
  ctx.out(
    render(
      [
        {
          file: l.fileName,
          version: l.version,
          rows_read: l.rowsRead,
          accepted: l.accepted,
          rejected: l.rejected,
          added: l.added,
          changed: l.changed,
          unchanged: l.unchanged,
          status: r.alreadyImported ? 'already imported' : 'imported',
        },
      ],
      'table',
    ),
  );
}

/** `faultline fetch ucdp|acled`: downloads from the source's API to an NDJSON file, then imports it. */
export function registerFetch(program: Command, ctx: Context): void {
  const fetch = program
    .command('fetch')
    .description('download events from the UCDP or ACLED API and import them (see docs/fetching.md)');
  fetch
    .command('ucdp')
    .description('download UCDP GED or Candidate events through the UCDP API (needs an access token)')
    .requiredOption('--version <version>', 'release, e.g. 25.1 (GED) or 26.0.7 (Candidate)')
    .option('--dataset <dataset>', 'ged or candidate', 'ged')
    .option(
      '--country <gwno>',
      'UCDP country code(s), e.g. 770 (Pakistan), 700 (Afghanistan), comma-separated',
    )
    .option('--from <date>', 'StartDate filter (YYYY-MM-DD)')
    .option('--to <date>', 'EndDate filter (YYYY-MM-DD)')
    .option('--token <token>', 'UCDP access token (default: $UCDP_TOKEN)')
    .action(
      async (o: {
        version: string;
        dataset: string;
        country?: string;
        from?: string;
        to?: string;
        token?: string;
      }) => {
        if (o.dataset !== 'ged' && o.dataset !== 'candidate')
          throw new InvalidInputError(`invalid dataset: ${o.dataset} (use ged or candidate)`);
        const { createUcdpClient } = await import('../../ingest/ucdp-api/ucdp-api-client.ts');
        const { ucdpApiFileName } = await import('../../ingest/ucdp-api/ucdp-api-importer.ts');
        const { fetchToNdjson } = await import('../../ingest/fetch-to-file.ts');
        const client = createUcdpClient({
          token: o.token ?? ctx.settings.ucdpToken ?? '',
          baseUrl: ctx.settings.ucdpApiUrl,
        });
        const query: Record<string, string> = {};
        if (o.country) query.Country = o.country;
        if (o.from) query.StartDate = o.from;
        if (o.to) query.EndDate = o.to;
        const path = join(
          ctx.settings.home,
          'downloads',
          ucdpApiFileName(o.dataset as UcdpDataset, o.version, today()),
        );
        const got = await fetchToNdjson(
          client.pages({ dataset: o.dataset as UcdpDataset, version: o.version, query }),
          path,
          {
            onRecords: (n, p) => ctx.err(`\rfetched ${n} records (${p} pages)`),
          },
        );
        ctx.err('\n');
        await importDownload(ctx, path, got.records);
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
    .action(async (o: { country: string; from?: string; to?: string }) => {
      const { createAcledClient } = await import('../../ingest/acled-api/acled-api-client.ts');
      const { acledApiFileName } = await import('../../ingest/acled-api/acled-api-importer.ts');
      const { fetchToNdjson } = await import('../../ingest/fetch-to-file.ts');
      const client = createAcledClient({
        username: ctx.settings.acledUsername ?? '',
        password: ctx.settings.acledPassword ?? '',
        baseUrl: ctx.settings.acledApiUrl,
      });
      const query: Record<string, string> = { country: o.country };
      if (o.from || o.to) {
        query.event_date = `${o.from ?? '1997-01-01'}|${o.to ?? today()}`;
        query.event_date_where = 'BETWEEN';
      }
      const path = join(ctx.settings.home, 'downloads', acledApiFileName(o.country.toLowerCase(), today()));
      const got = await fetchToNdjson(client.pages({ query }), path, {
        onRecords: (n, p) => ctx.err(`\rfetched ${n} records (${p} pages)`),
      });
      ctx.err('\n');
      await importDownload(ctx, path, got.records);
    });
}
