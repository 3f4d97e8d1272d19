/** Runs faultline commands in-process over a test store, the way the real program registers them. */
import { Command } from 'commander';
import type { Context } from '../../src/cli/context.ts';
import { loadSettings } from '../../src/config/settings.ts';
import { NO_GEO } from '../../src/domain/placed-event.ts';
import type { Store } from '../../src/storage/store.ts';

/** A command module's registration function (registerEvents, registerSeries, ...). */
export type Register = (program: Command, ctx: Context) => void;

/** A CLI context over a test store: bundled settings, no placement, output to the given sinks. */
export function testContext(store: Store, out: (t: string) => void, err: (t: string) => void): Context {
  return { settings: loadSettings({}), store: async () => store, placer: async () => () => NO_GEO, out, err };
}

/** Runs `faultline ARGS...` with only these commands registered; returns stdout, stderr and the error raised, if any. */
export async function runCli(
  store: Store,
  registers: readonly Register[],
  args: readonly string[],
): Promise<{ out: string; err: string; error?: unknown }> {
  let out = '';
  let err = '';
  const ctx = testContext(
    store,
    (t) => void (out += t),
    (t) => void (err += t),
  );
  const program = new Command('faultline').exitOverride();
  for (const register of registers) register(program, ctx);
  try {
    await program.parseAsync(['node', 'faultline', ...args]);
    return { out, err };
  } catch (error) {
    return { out, err, error };
  }
}
