import { grouped } from '../../domain/format-number.ts';
import { counted } from '../../domain/plural.ts';
import type { Command } from 'commander';
import { BUNDLED_FILES } from '../../app/bundled-data.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import type { Context } from '../context.ts';
import { asJson, render, textOrJson } from '../output.ts';
import { liveOwner, StoreOwnedError } from '../forward.ts';
import { announceStarting } from '../server-discovery.ts';
import { addServeOptions, serveNumbers, serveUntilStopped, type ServeOptions } from './serve.ts';
import { quoteValue } from '../../domain/quote.ts';

/** Imports the bundled open data (a no-op when already imported). */
export async function ensureBundledData(ctx: Context): Promise<void> {
  const store = await ctx.store();
  const { importFile } = await import('../../app/import-dataset.ts');
  const { Progress } = await import('../progress.ts');
  for (const path of BUNDLED_FILES) {
    const bar = new Progress(`importing ${quoteValue(path.split('/').slice(-2).join('/'))}`, ctx.progress);
    let r;
    try {
      r = await importFile(store, path, {
        place: await ctx.placer(),
        onProgress: (p, b, t) => bar.update(b, p === 'import' ? t : 0),
      });
    } finally {
      bar.done();
    }
    if (!r.alreadyImported)
      ctx.err(
        `imported ${quoteValue(r.ledger.fileName)}: ${grouped(r.ledger.accepted)} accepted, ${grouped(r.ledger.rejected)} rejected\n`,
      );
  }
}

/** `faultline start`: the main job — load the bundled data on first run, then summarise it. */
export function registerStart(program: Command, ctx: Context): void {
  addServeOptions(
    program
      .command('start')
      .description(
        'import the bundled open data on first run (idempotent), summarise what is loaded, then serve the API (unless --no-serve)',
      ),
  )
    .option('--no-serve', 'stop after the summary instead of serving the API')
    .option(
      '--format <format>',
      'the summary as a table or as json (store, sources, statistics, relations indexes)',
      'table',
    )
    .action(async (o: ServeOptions & { serve: boolean; format: string }) => {
      const format = textOrJson(o.format, 'table');
      // A bad --port or --rate-limit is refused before the import, not after it; with --no-serve a
      // serving flag does nothing, and is refused as --output is with a table (it was dropped unsaid).
      if (o.serve) await serveNumbers(ctx, o);
      else
        for (const [flag, given] of [
          ['--host', o.host],
          ['--port', o.port],
          ['--rate-limit', o.rateLimit],
          [o.anonymousRead ? '--anonymous-read' : '--no-anonymous-read', o.anonymousRead],
        ] as const)
          if (given !== undefined)
            throw new InvalidInputError(
              `invalid ${flag} with --no-serve: it applies when start serves the API (leave out one of them)`,
            );
      // A running server on the store is refused after the flags (as serve refuses it), before the
      // store is opened (its lock is the server's); and again once held, for one that started meanwhile.
      const db = ctx.settings.db === ':memory:' || !o.serve ? null : ctx.settings.db;
      const running = db ? await liveOwner(db) : null;
      if (running) throw new StoreOwnedError(running);
      // Hold the store, then say so: other commands wait for this server instead of failing on the lock.
      await ctx.store();
      const owned = db ? await liveOwner(db) : null; // a start sent to a running server
      if (owned) throw new StoreOwnedError(owned);
      const starting = db ? announceStarting(db) : null;
      try {
        await summarise(ctx, format);
        if (o.serve) await serveUntilStopped(ctx, o, starting ?? undefined);
      } finally {
        starting?.withdraw();
      }
    });
}

/** Imports the bundled data when missing and prints what the store holds. */
async function summarise(ctx: Context, format: 'table' | 'json'): Promise<void> {
  await ensureBundledData(ctx);
  const store = await ctx.store();
  const sources = (await store.coverage()).map((c) => ({
    source: c.source,
    version: c.version,
    first_date: c.firstDate,
    last_date: c.lastDate,
    events: c.events,
    countries: c.countries,
  }));
  const stats = await store.listStatistics();
  const organisations = new Set(stats.map((s) => s.organisation)).size;
  const indexes = await store.dyadIndexSources();
  if (format === 'json')
    return ctx.out(
      asJson({
        store: ctx.settings.db,
        sources,
        statistics: { figures: stats.length, organisations },
        relations_indexes: indexes.map((d) => ({
          source: d.source,
          version: d.version,
          days: d.days,
          first_date: d.firstDate,
          last_date: d.lastDate,
          pairs: d.pairs,
        })),
      }),
    );
  ctx.out(`faultline store: ${ctx.settings.db}\n\nLoaded events by source version\n`);
  ctx.out(render(sources, 'table'));
  // Which command lists them, as the relations line names its command (a newcomer had no way in).
  const ends = stats.map((s) => s.periodEnd).sort();
  ctx.out(
    `\nPublished statistics: ${counted(stats.length, 'figure')} from ${counted(organisations, 'organisation')}${ends.length ? `, periods ending ${ends[0]} to ${ends.at(-1)}` : ''} (faultline indicators; returns of Afghans: faultline indicators --metric returns --country PAK)\n`,
  );
  for (const d of indexes)
    ctx.out(
      `Relations index ${d.source} (${d.version}): ${counted(d.days, 'day')} from ${d.firstDate} to ${d.lastDate}, ${counted(d.pairs.length, 'country pair')} (faultline relations PAK AFG)\n`,
    );
  ctx.out(
    `\nNext:\n  faultline events --country PAK --from 2021 --to 2021 --admin1 PK-KP\n  faultline events --actor TTP --sort -fatalities --limit 10\n  faultline sources\n  faultline --help\n`,
  );
}
