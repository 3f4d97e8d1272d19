import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, CommanderError } from 'commander';
import { loadSettings } from '../config/settings.ts';
import type { Store } from '../storage/index.ts';
import { registerBorder } from './commands/border.ts';
import { registerChangepoints } from './commands/changepoints.ts';
import { registerCompare } from './commands/compare.ts';
import { registerIndex } from './commands/conflict-index.ts';
import { registerBrief } from './commands/brief.ts';
import { registerClaims } from './commands/claims.ts';
import { registerEvents } from './commands/events.ts';
import { registerFetch } from './commands/fetch.ts';
import { registerForecast } from './commands/forecast.ts';
import { registerGeo } from './commands/geo.ts';
import type { EventPlacer } from '../app/geography.ts';
import { registerImport } from './commands/import.ts';
import { registerKeys } from './commands/keys.ts';
import { registerNetwork } from './commands/network.ts';
import { registerSeries } from './commands/series.ts';
import { registerServe } from './commands/serve.ts';
import { registerSignals } from './commands/signals.ts';
import { registerSources } from './commands/sources.ts';
import { registerStart } from './commands/start.ts';
import { registerUpdate } from './commands/update.ts';
import type { Context } from './context.ts';
import { EXIT, fail } from './fail.ts';
import { forwardAfterLock, forwardToServer } from './forward.ts';

/** Builds the `faultline` program around a context (the composition root of the CLI). */
export function buildProgram(ctx: Context): Command {
  const program = new Command('faultline')
    .description(
      'faultline: an open conflict observatory. It imports UCDP, ACLED and published figures into one event store and measures trends, borders, claims and forecasts with their sources.',
    )
    .enablePositionalOptions() // options after a subcommand belong to it (`forecast backtest --level country`)
    .option('--db <path>', 'DuckDB store file (default: $FAULTLINE_DB or .faultline/faultline.duckdb)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nStart here:\n  faultline start --no-serve      import the bundled data and summarise it\n  faultline events --help         list and filter events\n  faultline series --help         counts per month, province, actor...\n  faultline serve                 HTTP API and dashboard on http://127.0.0.1:8080\n\nDocs: README.md and docs/ (cli.md lists every command).\nExit codes: 0 ok, 1 unexpected error, 2 bad input, 3 not found, 4 store error, 5 remote service error.',
    );
  program.hook('preAction', (_program, action) => {
    const db = (action.opts().db ?? program.opts().db) as string | undefined;
    if (db) ctx.settings.db = db;
  });
  registerStart(program, ctx);
  registerImport(program, ctx);
  registerEvents(program, ctx);
  registerSources(program, ctx);
  registerSeries(program, ctx);
  registerCompare(program, ctx);
  registerChangepoints(program, ctx);
  registerSignals(program, ctx);
  registerIndex(program, ctx);
  registerNetwork(program, ctx);
  registerBorder(program, ctx);
  registerServe(program, ctx);
  registerKeys(program, ctx);
  registerFetch(program, ctx);
  registerUpdate(program, ctx);
  registerForecast(program, ctx);
  registerClaims(program, ctx);
  registerBrief(program, ctx);
  registerGeo(program, ctx);
  // Options are positional (see above), so --db is offered after every command too.
  const withDb = (cmd: Command): void => {
    if (cmd !== program) cmd.option('--db <path>', 'DuckDB store file');
    cmd.commands.forEach(withDb);
  };
  withDb(program);
  return program;
}

/** The context of a real run: a lazily opened store and stdout/stderr. */
function realContext(): { ctx: Context; close: () => Promise<void> } {
  const settings = loadSettings();
  let store: Promise<Store> | null = null;
  let placer: Promise<EventPlacer> | null = null;
  const ctx: Context = {
    settings,
    store() {
      if (!store) {
        if (settings.db !== ':memory:') mkdirSync(dirname(settings.db), { recursive: true });
        // Loaded here, not at the top: DuckDB's native library is most of a command's start-up.
        store = import('../storage/index.ts').then(({ createStore }) =>
          createStore({
            path: settings.db,
            memoryLimit: settings.memoryLimit,
            readConnections: settings.readConnections,
            statementCache: settings.statementCache,
          }),
        );
      }
      return store;
    },
    placer() {
      placer ??= ctx.store().then(async (s) => {
        const { createEventPlacer } = await import('../app/geography.ts');
        return createEventPlacer(s, { borderZoneKm: settings.borderZoneKm });
      });
      return placer;
    },
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    write: (chunk) =>
      new Promise((resolve) => {
        if (process.stdout.write(chunk)) resolve();
        else process.stdout.once('drain', resolve);
      }),
    outIsTTY: Boolean(process.stdout.isTTY),
    program: buildProgram,
  };
  return { ctx, close: async () => (store ? (await store).close() : undefined) };
}

async function main(): Promise<void> {
  // A reader that stops early (`| head`) closed the pipe: stop quietly, as other tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.ok);
    throw e;
  });
  // A live server owns the store: the command runs there (docs/architecture.md, "Who owns the store").
  if (await forwardToServer(process.argv.slice(2)).catch(fail)) return;
  const { ctx, close } = realContext();
  const program = buildProgram(ctx);
  // Commander's errors (unknown option, missing argument) become exit 2 in every subcommand, not
  // only at the top: exitOverride is per command, and the subcommands exist by now.
  const override = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  };
  override(program);
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? EXIT.ok : EXIT.usage);
    // The store was locked by a server still starting up: the command ran through it.
    if (await forwardAfterLock(e, process.argv.slice(2)).catch(fail)) process.exit();
    fail(e);
  } finally {
    await close();
  }
}

await main();
