/** The `faultline` program: every command registered around a context, without running anything (main.ts runs it). */
import { Command } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { usageErrorsNamed } from './fail.ts';
import { refuseRepeatedOptions } from './repeated-options.ts';
import { refuseInvisibleArgs } from './invisible-args.ts';
import { addHelpExamples } from './help-examples.ts';
import { registerActors } from './commands/actors.ts';
import { registerAlerts } from './commands/alerts.ts';
import { registerBorder } from './commands/border.ts';
import { registerChangepoints } from './commands/changepoints.ts';
import { registerCompare } from './commands/compare.ts';
import { registerDesk } from './commands/desk.ts';
import { registerDisagreements } from './commands/disagreements.ts';
import { registerIndex } from './commands/conflict-index.ts';
import { registerBrief } from './commands/brief.ts';
import { registerClaims } from './commands/claims.ts';
import { registerEvent } from './commands/event.ts';
import { registerEvents } from './commands/events.ts';
import { registerFetch } from './commands/fetch.ts';
import { registerForecast } from './commands/forecast.ts';
import { registerGaps } from './commands/gaps.ts';
import { registerGeo } from './commands/geo.ts';
import { registerImport } from './commands/import.ts';
import { registerIndicators } from './commands/indicators.ts';
import { registerKeys } from './commands/keys.ts';
import { registerNetwork } from './commands/network.ts';
import { registerNews } from './commands/news.ts';
import { registerRelations } from './commands/relations.ts';
import { registerSeries } from './commands/series.ts';
import { registerServe } from './commands/serve.ts';
import { registerSignals } from './commands/signals.ts';
import { registerSources } from './commands/sources.ts';
import { registerStart } from './commands/start.ts';
import { registerUpdate } from './commands/update.ts';
import type { Context } from './context.ts';

/** Builds the `faultline` program around a context (the composition root of the CLI). */
export function buildProgram(ctx: Context): Command {
  const program = new Command('faultline')
    .description(
      'faultline: an open conflict observatory. It imports UCDP, ACLED and published figures into one event store and measures trends, borders, claims and forecasts with their sources.',
    )
    .enablePositionalOptions() // options after a subcommand belong to it (`forecast backtest --level country`)
    .version(pkg.version, '-V, --version', 'print the version of faultline')
    .option('--db <path>', 'DuckDB store file (default: $FAULTLINE_DB or .faultline/faultline.duckdb)')
    .addHelpText(
      'after',
      '\nStart here:\n  faultline start --no-serve      import the bundled data and summarise it\n  faultline events --help         list and filter events\n  faultline series --help         counts per month, province, actor...\n  faultline serve                 HTTP API and dashboard on http://127.0.0.1:8080\n\nDocs: README.md and docs/ (cli.md lists every command).\nExit codes: 0 ok, 1 unexpected error, 2 bad input, 3 not found, 4 store error, 5 remote service error.',
    );
  program.hook('preAction', (_program, action) => {
    ctx.action = action;
    const db = (action.opts().db ?? program.opts().db) as string | undefined;
    if (db) ctx.settings.db = db;
  });
  registerStart(program, ctx);
  registerImport(program, ctx);
  registerEvents(program, ctx);
  registerEvent(program, ctx);
  registerSources(program, ctx);
  registerGaps(program, ctx);
  registerSeries(program, ctx);
  registerCompare(program, ctx);
  registerChangepoints(program, ctx);
  registerSignals(program, ctx);
  registerIndex(program, ctx);
  registerNetwork(program, ctx);
  registerDisagreements(program, ctx);
  registerBorder(program, ctx);
  registerRelations(program, ctx);
  registerIndicators(program, ctx);
  registerActors(program, ctx);
  registerServe(program, ctx);
  registerKeys(program, ctx);
  registerFetch(program, ctx);
  registerUpdate(program, ctx);
  registerForecast(program, ctx);
  registerAlerts(program, ctx);
  registerClaims(program, ctx);
  registerBrief(program, ctx);
  registerGeo(program, ctx);
  registerNews(program, ctx);
  registerDesk(program, ctx);
  // Options are positional (see above), so --db is offered after every command too.
  const withDb = (cmd: Command): void => {
    if (cmd !== program) cmd.option('--db <path>', 'DuckDB store file');
    cmd.commands.forEach(withDb);
  };
  withDb(program);
  // Usage errors are one line like every other failure, naming the command's help (docs/cli.md).
  usageErrorsNamed(program);
  addHelpExamples(program);
  refuseRepeatedOptions(program);
  refuseInvisibleArgs(program);
  return program;
}
