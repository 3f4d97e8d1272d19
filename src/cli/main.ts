import { Command, CommanderError } from 'commander';
import type { Context } from './context.ts';
import { argsToParse } from './command-word.ts';
import { buildProgram } from './program.ts';
import { loadSettings } from '../config/settings.ts';
import type { EventPlacer } from '../app/geography.ts';
import { EXIT, fail } from './fail.ts';
import { forwardAfterLock, forwardToServer } from './forward.ts';
import { lazyStore, storeOptions } from './lazy-store.ts';
import { refreshSourcesSnapshot } from './sources-snapshot.ts';

/** How long a command waits, before it exits, for webhook deliveries its import started. */
const ALERT_SETTLE_MS = 20_000;

/** The context of a real run: a lazily opened store and stdout/stderr. */
function realContext(): { ctx: Context; close: () => Promise<void> } {
  const settings = loadSettings();
  // DuckDB's module is loaded here, not at the top: its native library is most of a command's start-up.
  const openStore = async (readOnly: boolean, mustExist = readOnly) => {
    // Checked before DuckDB loads: a command that only reads refuses a store file that does not exist.
    const options = await storeOptions(settings, readOnly, mustExist);
    const { createStore } = await import('../storage/index.ts');
    return createStore(options);
  };
  const lazy = lazyStore(openStore);
  let placer: Promise<EventPlacer> | null = null;
  const ctx: Context = {
    settings,
    store: lazy.store,
    oneShot: true,
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
  const close = async () => {
    // A store that failed to open has nothing to close (the command saw the error).
    const s = await lazy.opened()?.catch(() => null);
    if (!s) return;
    // Webhook deliveries an import started go on in the background: give them a while, then leave
    // the rest pending in the store (the next evaluation or a running server sends them).
    const { settleAlertWork } = await import('../app/alerts/work.ts');
    const left = await settleAlertWork(s, ALERT_SETTLE_MS);
    if (left)
      process.stderr.write(
        'alerts: webhook deliveries still under way are left pending; `faultline alerts evaluate` or a running server sends them\n',
      );
    await s.close();
    // A command that wrote the store leaves the sources snapshot of what it wrote, so the next
    // `faultline sources` answers without loading DuckDB (src/cli/sources-snapshot.ts).
    if (lazy.writable()) await refreshSourcesSnapshot(settings.db, () => openStore(true));
  };
  return { ctx, close };
}

async function main(): Promise<void> {
  // A reader that stops early (`| head`) closed the pipe: stop quietly, as other tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.ok);
    throw e;
  });
  // A live server owns the store: the command runs there (docs/architecture.md, "Who owns the store").
  if (await forwardToServer(process.argv.slice(2)).catch(fail)) return;
  // A bad setting in a command that did not forward (--help, an in-memory store): one line, not a stack.
  const { ctx, close } = await Promise.resolve().then(realContext).catch(fail);
  const program = buildProgram(ctx);
  // Commander's errors (unknown option, missing argument) become exit 2 in every subcommand, not
  // only at the top: exitOverride is per command, and the subcommands exist by now.
  const override = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  };
  override(program);
  try {
    await program.parseAsync(argsToParse(program, process.argv.slice(2)), { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? EXIT.ok : EXIT.usage);
    // The store was locked by a server still starting up: the command ran through it.
    if (await forwardAfterLock(e, process.argv.slice(2)).catch(fail)) process.exit();
    // A command that imported before it failed (an update stopped at a later file, an import of
    // several files) evaluated the rules on what it imported: their webhook deliveries get their
    // while, as after a success, before the failure exits (it cut them, left pending, unsent).
    await close().catch(() => {});
    fail(e, ctx.action);
  } finally {
    await close();
  }
}

await main();
// Done: leave now rather than wait for Node to tear down the V8 heap (about 5% of the main
// thread's CPU samples of a `faultline sources` at exit), unless output is still queued for a
// slow reader, which a natural exit lets drain.
if (!process.stdout.writableLength && !process.stderr.writableLength) process.exit();
