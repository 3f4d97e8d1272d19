/** Runs faultline commands in-process over a test store, the way the real program registers them. */
import { Command, CommanderError } from 'commander';
import type { Context } from '../../src/cli/context.ts';
import { lazyStore, storeOptions } from '../../src/cli/lazy-store.ts';
import { loadSettings } from '../../src/config/settings.ts';
import { NO_GEO } from '../../src/domain/placed-event.ts';
import type { Store } from '../../src/storage/store.ts';

/** A command module's registration function (registerEvents, registerSeries, ...). */
export type Register = (program: Command, ctx: Context) => void;

/** A CLI context over a test store: settings from `env` (bundled defaults), no placement, output to the given sinks. */
export function testContext(
  store: Store,
  out: (t: string) => void,
  err: (t: string) => void,
  env: Record<string, string> = {},
): Context {
  return {
    settings: loadSettings(env),
    store: async () => store,
    placer: async () => () => NO_GEO,
    out,
    err,
  };
}

/**
 * Runs `faultline ARGS...` with only these commands registered, with settings from `env` (as the
 * environment would give them) and the context's other parts from `extra` (a `sleep` that records
 * retry waits); returns stdout, stderr and the error raised, if any.
 */
export async function runCli(
  store: Store,
  registers: readonly Register[],
  args: readonly string[],
  env: Record<string, string> = {},
  extra: Pick<Context, 'sleep'> = {},
): Promise<{ out: string; err: string; error?: unknown }> {
  let out = '';
  let err = '';
  const ctx = {
    ...testContext(
      store,
      (t) => void (out += t),
      (t) => void (err += t),
      env,
    ),
    ...extra,
  };
  // As src/cli/program.ts builds it: options after a subcommand belong to it (`forecast backtest --level country`).
  const program = new Command('faultline').exitOverride().enablePositionalOptions();
  for (const register of registers) register(program, ctx);
  try {
    await program.parseAsync(['node', 'faultline', ...args]);
    return { out, err };
  } catch (error) {
    return { out, err, error };
  }
}

/**
 * The command at `path` (`['alerts', 'rules', 'add']`) with only these commands registered, as
 * runCli registers them: for tests of its options and --help text without running it.
 */
export function registeredCommand(
  store: Store,
  registers: readonly Register[],
  path: readonly string[],
): Command {
  const program = new Command('faultline').exitOverride().enablePositionalOptions();
  const ctx = testContext(
    store,
    () => {},
    () => {},
  );
  for (const register of registers) register(program, ctx);
  return path.reduce<Command>((c, name) => {
    const sub = c.commands.find((x) => x.name() === name);
    if (!sub) throw new Error(`no command ${path.join(' ')} (stopped at ${name})`);
    return sub;
  }, program);
}

/** What a `faultline` run printed and the exit code the binary would have given. */
export interface ProgramRun {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `faultline ARGS...` in this process through the real program builder, as a server runs a
 * forwarded command (src/cli/forwarded.ts): every command registered, the store opened as `env`'s
 * FAULTLINE_DB says and closed at the end, Commander's usage errors as exit 2, other errors as
 * `faultline: <one line>` with their exit code. It saves the second or so of CPU each spawned Node
 * process costs; tests about processes (the binary, signals, a server owning the store) still spawn.
 */
export async function runProgram(env: NodeJS.ProcessEnv, args: readonly string[]): Promise<ProgramRun> {
  const [{ buildProgram }, { exitCodeFor, failureLine, usageLine }, { createStore }, { settleAlertWork }] =
    await Promise.all([
      import('../../src/cli/program.ts'),
      import('../../src/cli/fail.ts'),
      import('../../src/storage/index.ts'),
      import('../../src/app/alerts/work.ts'),
    ]);
  const settings = loadSettings(env);
  const run = { stdout: '', stderr: '', status: 0 };
  // Opened as the binary opens it: read-only for commands that only read.
  const lazy = lazyStore(async (readOnly, mustExist) =>
    createStore(await storeOptions(settings, readOnly, mustExist)),
  );
  const ctx: Context = {
    settings,
    store: lazy.store,
    oneShot: true,
    placer: async () => {
      const { createEventPlacer } = await import('../../src/app/geography.ts');
      return createEventPlacer(await ctx.store(), { borderZoneKm: settings.borderZoneKm });
    },
    out: (t) => void (run.stdout += t),
    err: (t) => void (run.stderr += t),
    write: async (chunk) =>
      void (run.stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()),
    outIsTTY: false,
    progress: { isTTY: false, write: (t: string) => void (run.stderr += t) },
    program: buildProgram,
  };
  const program = buildProgram(ctx);
  const contain = (cmd: Command): void => {
    cmd
      .exitOverride()
      .configureOutput({ writeOut: ctx.out, writeErr: ctx.err, outputError: (t, w) => w(usageLine(t)) });
    cmd.commands.forEach(contain);
  };
  contain(program);
  try {
    await program.parseAsync(['node', 'faultline', ...args]);
  } catch (e) {
    // Commander has written its own message.
    if (e instanceof CommanderError) run.status = e.exitCode === 0 ? 0 : 2;
    else {
      run.stderr += failureLine(e, ctx.action);
      run.status = exitCodeFor(e);
    }
  } finally {
    // A store that failed to open has nothing to close (the command saw the error).
    const store = await lazy.opened()?.catch(() => null);
    if (store) {
      await settleAlertWork(store, 20_000);
      await store.close();
    }
  }
  return run;
}
