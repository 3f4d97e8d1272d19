import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { InvalidInputError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import type { Context } from '../context.ts';
import { liveOwner, StoreOwnedError } from '../forward.ts';
import type { Placement } from '../forwarded.ts';
import { newToken, removeDiscovery, storePath, writeDiscovery } from '../server-discovery.ts';
import { BUILD } from '../build-id.ts';

/** Options of `serve` (and of `start` when it goes on to serve). */
export interface ServeOptions {
  host?: string;
  port?: string;
  anonymousRead?: boolean;
  rateLimit?: string;
}

/** Most requests a minute --rate-limit takes (as FAULTLINE_RATE_LIMIT does). */
const MAX_RATE_LIMIT = 1_000_000_000;

/** Where the dashboard build lives; served at `/` when it exists. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Adds --host, --port, --anonymous-read/--no-anonymous-read and --rate-limit to a command. */
export function addServeOptions(cmd: Command): Command {
  return cmd
    .option('--host <host>', 'address to listen on (default $FAULTLINE_HOST or 127.0.0.1)')
    .option('--port <port>', 'port, 0 to 65535 (default $FAULTLINE_PORT or 8080)')
    .option(
      '--anonymous-read',
      'answer read routes without a key (default: on for a loopback host, off otherwise; $FAULTLINE_ANONYMOUS_READ)',
    )
    .option('--no-anonymous-read', 'require a key for every route except health and docs')
    .option(
      '--rate-limit <n>',
      'requests a minute per key or address, 1 to 1000000000 (default $FAULTLINE_RATE_LIMIT or 600)',
    );
}

/**
 * The port and rate limit of --port and --rate-limit (else the settings'), in plain digits with the
 * range to give: Number() took 0x50, 1e3 and " 5 ". `start` checks them before it imports anything,
 * and the headers' time limit against the whole request's, and an empty --host (FAULTLINE_HOST=""
 * is refused as a setting): Node took `--host ""` for every address, and served all interfaces.
 */
export async function serveNumbers(ctx: Context, o: ServeOptions): Promise<{ port: number; rate: number }> {
  const [{ parseIntParam }, { HTTP_TIMEOUTS }] = await Promise.all([
    import('../../app/analysis/params.ts'),
    import('../../api/http-server.ts'),
  ]);
  // Node refuses headers allowed longer than the whole request: the server failed to start with
  // `cannot listen on 127.0.0.1:8080: ERR_OUT_OF_RANGE`, which named neither setting.
  if (o.host !== undefined && o.host.trim() === '')
    throw new InvalidInputError(
      `invalid --host: ${quoteValue(o.host)} (give an address to listen on, such as 127.0.0.1, or leave the flag out)`,
    );
  const headersMs = ctx.settings.headersTimeoutMs ?? HTTP_TIMEOUTS.headersMs;
  const requestMs = ctx.settings.requestTimeoutMs ?? HTTP_TIMEOUTS.requestMs;
  if (headersMs > requestMs)
    throw new InvalidInputError(
      `invalid setting FAULTLINE_HEADERS_TIMEOUT_MS: "${headersMs}" (at most the whole request's time limit, FAULTLINE_REQUEST_TIMEOUT_MS: ${requestMs} ms${ctx.settings.requestTimeoutMs === undefined ? ', the default' : ''})`,
    );
  return {
    port: o.port === undefined ? ctx.settings.port : parseIntParam('port', o.port, 0, 65535),
    rate:
      o.rateLimit === undefined
        ? ctx.settings.rateLimitPerMinute
        : parseIntParam('rate_limit', o.rateLimit, 1, MAX_RATE_LIMIT),
  };
}

/**
 * Serves the API over the context's store until SIGINT or SIGTERM. While it serves, a discovery
 * file next to the store lets other faultline commands on the store run through this process.
 */
export async function serveUntilStopped(
  ctx: Context,
  o: ServeOptions,
  started?: { token: string; startedAt: string },
): Promise<void> {
  const { port, rate } = await serveNumbers(ctx, o);
  const db = ctx.settings.db === ':memory:' ? null : storePath(ctx.settings.db);
  const refuseOwned = async () => {
    const owned = db ? await liveOwner(db) : null;
    if (owned && owned.token !== started?.token) throw new StoreOwnedError(owned);
  };
  // A second serve on an owned store is refused after its flags and before the API's modules load:
  // it loaded them all (1.8 s of CPU) to say one line. A serving `start` checks once they have
  // loaded, as it did: its own announcement (port 0) reads as stale here and goes, and commands
  // waiting for it would find no server while the modules load.
  if (!started) await refuseOwned();
  const [
    { createApi, dashboardDir, isLoopback, startServer },
    { ownerChannel },
    { cores, coresLessOne, QUEUE_PER_SLOT },
    { favourEventLoop },
    { holdBuild, watchInstalledBuild },
  ] = await Promise.all([
    import('../../api/server.ts'),
    import('../forwarded.ts'),
    import('../../api/admission.ts'),
    import('../../api/loop-priority.ts'),
    import('../installed-build.ts'),
  ]);
  if (started) await refuseOwned();
  const host = o.host ?? ctx.settings.host;
  const anonymousRead = o.anonymousRead ?? ctx.settings.anonymousRead ?? isLoopback(host);
  const who = {
    token: started?.token ?? newToken(),
    db: db ?? '',
    startedAt: started?.startedAt ?? new Date().toISOString(),
  };
  const running = new Set<Promise<number>>();
  const placement: Placement = { place: await ctx.placer() };
  const store = await ctx.store();
  // DuckDB's threads stay below the core count, so the event loop (and /health) always has a core.
  await store.limitThreads(ctx.settings.dbThreads ?? coresLessOne());
  const heavySlots = ctx.settings.heavySlots ?? cores();
  // Later builds keep this build's chunks while it serves; a rebuild is logged once and shown on /health.
  const release = holdBuild(BUILD);
  const installed = await watchInstalledBuild({ running: BUILD, log: (l) => ctx.err(l + '\n') });
  const api = createApi({
    store,
    place: (e) => placement.place(e),
    anonymousRead,
    rateLimitPerMinute: rate,
    queryTimeoutMs: ctx.settings.queryTimeoutMs,
    ...(ctx.settings.maxExportRows ? { maxStreamedRows: ctx.settings.maxExportRows } : {}),
    ...(ctx.settings.bodyTimeoutMs ? { bodyTimeoutMs: ctx.settings.bodyTimeoutMs } : {}),
    heavySlots,
    heavyQueue: ctx.settings.heavyQueue ?? heavySlots * QUEUE_PER_SLOT,
    staticDir: dashboardDir(WEB_DIST),
    log: (l) => ctx.err(l + '\n'),
    owner: db && ctx.program ? ownerChannel(ctx, ctx.program, who, running, placement) : undefined,
    build: () => installed.current(),
  });
  const limits = {
    headersMs: ctx.settings.headersTimeoutMs,
    requestMs: ctx.settings.requestTimeoutMs,
    keepAliveMs: ctx.settings.keepAliveTimeoutMs,
  };
  const timeouts = Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
  const server = await startServer(api, host, port, timeouts).catch((e: NodeJS.ErrnoException) => {
    throw new InvalidInputError(`cannot listen on ${quoteValue(`${host}:${port}`)}: ${e.code ?? e.message}`);
  });
  // The event loop before DuckDB's and the workers' threads (api/loop-priority.ts).
  const unfavour = favourEventLoop();
  const listening = Number(new URL(server.url).port);
  const unannounce = () => void (db && removeDiscovery(db, who.token));
  if (db && ctx.program) {
    writeDiscovery({ pid: process.pid, host, port: listening, url: server.url, ...who, build: BUILD });
    process.once('exit', unannounce);
  }
  // Alert rules on a schedule: reads on the store's readers, forecasts on the compute pool, so
  // requests are not held up; one evaluation at a time.
  const { scheduleAlerts } = await import('../../app/alerts/background.ts');
  const stopAlerts = scheduleAlerts(store, ctx.settings.alertIntervalMinutes, (l) => ctx.err(l + '\n'));
  // The addresses are quoted as every URL in a sentence is (domain/quote.ts), so where each ends is
  // plain beside the parenthesis and the semicolon that follow.
  if (dashboardDir(WEB_DIST)) ctx.err(`faultline dashboard on ${quoteValue(`${server.url}/`)}\n`);
  ctx.err(
    `faultline API on ${quoteValue(`${server.url}/api/v1`)} (docs ${quoteValue(`${server.url}/api/v1/docs`)}); anonymous read ${anonymousRead ? 'on' : 'off'}; Ctrl-C stops\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await stopAlerts();
  unannounce(); // no new forwarded commands; those under way finish before the store closes
  await Promise.allSettled(running);
  await server.close();
  unfavour();
  installed.stop();
  release();
  process.off('exit', unannounce);
}

/** `faultline serve`: the HTTP API (and the dashboard when built). */
export function registerServe(program: Command, ctx: Context): void {
  addServeOptions(
    program
      .command('serve')
      .description('serve the HTTP API under /api/v1 (and the dashboard from web/dist when it exists)'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  faultline serve                       # http://127.0.0.1:8080/api/v1/docs\n  faultline serve --host 0.0.0.0 --port 9000   # anonymous read off: create keys with `faultline keys create`\n',
    )
    .action((o: ServeOptions) => serveUntilStopped(ctx, o));
}
