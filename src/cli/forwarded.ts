/**
 * The server side of "one process owns the store": runs a command another faultline process
 * forwarded, with the server's own store and placer, its output streamed back as frames and its
 * failure mapped to an exit code for that request (never `process.exit`: the server keeps serving).
 */
import { CommanderError, type Command } from 'commander';
import { InvalidInputError } from '../domain/errors.ts';
import type { CliFrame, CliRequest, OwnerChannel } from '../api/routes/internal-cli.ts';
import { invalidateMemo } from '../app/analysis/memo.ts';
import { createEventPlacer, type EventPlacer } from '../app/geography.ts';
import { gdeltCountriesOf, type Settings } from '../config/settings.ts';
import type { Store } from '../storage/store.ts';
import type { Context } from './context.ts';
import { EXIT, exitCodeFor, failureLine, usageErrorsNamed } from './fail.ts';
import { CALLER_SETTINGS, commandOf } from './forward.ts';

/** Store methods that change what answers say: after a forwarded command calls one, the answer cache goes. */
export const STORE_WRITES: ReadonlySet<string> = new Set([
  'beginImport',
  'beginImportBatch',
  'addApiKey',
  'revokeApiKey',
  'addBoundarySet',
  'updatePlacements',
  'placeByKeys',
  'rebuildRollups',
  'migrate',
  'replaceGdeltGaps',
  'saveLinkageRun',
  'linkInEngine',
  'saveDeskChange',
  'decideDeskChange',
  'nextDeskEventId',
  // Alert state is in no cached answer (the alert routes are not cached); listed as writes all the same.
  'addAlertRule',
  'removeAlertRule',
  'applyAlertEvaluation',
  'recordDeliveryAttempt',
]);

/** The placer a server uses for its imports; a forwarded command that adds a boundary set renews it. */
export interface Placement {
  place: EventPlacer;
}

/** A command behind another says what it waits for once it has waited this long (ms). */
export const WAIT_NOTICE_MS = 1000;

/**
 * The internal channel of a serving context: forwarded commands run over its store one at a time
 * (their writes would queue for the store's writer lease anyway); `running` tracks them for
 * shutdown.
 */
export function ownerChannel(
  ctx: Context,
  program: (ctx: Context) => Command,
  who: { token: string; db: string; startedAt: string },
  running: Set<Promise<number>>,
  placement: Placement,
  /** How long a command waits behind another before it says so (a quick turn needs no notice). */
  waitNoticeMs = WAIT_NOTICE_MS,
): OwnerChannel {
  let queue: Promise<unknown> = Promise.resolve();
  // The command running now, so that one arriving behind it says what it waits for.
  let current: { command: string; since: string } | null = null;
  return {
    ...who,
    pid: process.pid,
    run(req, write) {
      // Named when the notice is due: the command running then (another may have ended meanwhile).
      const notice = current
        ? setTimeout(() => {
            const ahead = current;
            if (ahead)
              void write({
                err: `faultline: waiting for \`faultline ${ahead.command}\` (running in the server since ${ahead.since}) to end: the server runs commands one at a time\n`,
              });
          }, waitNoticeMs)
        : undefined;
      const start = () => {
        clearTimeout(notice);
        current = {
          command: commandOf(req.argv) ?? 'help',
          since: new Date().toISOString().slice(11, 19) + ' UTC',
        };
        return runForwarded(ctx, program, req, write, placement).finally(() => (current = null));
      };
      const p = queue.then(start);
      queue = p.catch(() => {});
      running.add(p);
      void p.finally(() => running.delete(p)).catch(() => {});
      return p;
    },
  };
}

/** Runs one forwarded command in this process; resolves to its exit code. */
export async function runForwarded(
  owner: Context,
  program: (ctx: Context) => Command,
  req: CliRequest,
  write: (frame: CliFrame) => Promise<void>,
  placement: Placement,
): Promise<number> {
  const store = await owner.store();
  const wrote = new Set<string>();
  const watched = watchWrites(store, (method) => wrote.add(method));
  const ctx: Context = {
    settings: { ...owner.settings, ...callerSettings(req.settings) },
    store: async () => watched,
    placer: async () => placement.place,
    out: (text) => void write({ out: text }),
    err: (text) => void write({ err: text }),
    write: (chunk) =>
      write(typeof chunk === 'string' ? { out: chunk } : { bytes: Buffer.from(chunk).toString('base64') }),
    outIsTTY: req.stdoutTty ?? false,
    cwd: req.cwd,
    progress: { isTTY: req.tty ?? false, write: (text: string) => void write({ err: text }) },
    // Never the server's own stdin: the caller's, when it sent it (it does for a `-` argument).
    stdin: async () => {
      if (req.stdin === undefined)
        throw new InvalidInputError(
          'standard input was not forwarded with this command (give a file instead of -)',
        );
      return req.stdin;
    },
  };
  const cmd = program(ctx);
  contain(cmd, ctx);
  try {
    await cmd.parseAsync(req.argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    // Commander has already written its message (through ctx.err).
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    ctx.err(failureLine(e, ctx.action));
    return exitCodeFor(e);
  } finally {
    if (wrote.size) invalidateMemo(store);
    // New districts: later imports place events on them, as a fresh process would.
    if (wrote.has('addBoundarySet'))
      placement.place = await createEventPlacer(store, { borderZoneKm: owner.settings.borderZoneKm });
  }
}

/** Makes every command of a program throw instead of exiting, and write through the context. */
function contain(cmd: Command, ctx: Context): void {
  const exitsThrow = (c: Command): void => {
    c.exitOverride();
    c.commands.forEach(exitsThrow);
  };
  exitsThrow(cmd);
  usageErrorsNamed(cmd, { writeOut: ctx.out, writeErr: ctx.err });
}

/** The store, noting calls that write; `close` is the server's alone. */
function watchWrites(store: Store, onWrite: (method: string) => void): Store {
  return new Proxy(store, {
    get(target, key) {
      if (key === 'close') return async () => {};
      const v = Reflect.get(target, key, target) as unknown;
      if (typeof v !== 'function') return v;
      if (typeof key === 'string' && STORE_WRITES.has(key)) onWrite(key);
      return (v as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

/** The caller's settings (forward.ts, callerSettingsOf) as Settings: GDELT's countries read back into a list. */
function callerSettings(given: Record<string, string> | undefined): Partial<Settings> {
  const out: Record<string, unknown> = {};
  for (const k of CALLER_SETTINGS) {
    const v = given?.[k];
    if (v !== undefined) out[k] = k === 'gdeltCountries' ? gdeltCountriesOf(v) : v;
  }
  return out as Partial<Settings>;
}
