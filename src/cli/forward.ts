/**
 * The client side of "one process owns the store": when a live server owns the store a command
 * needs, the command runs inside that server over its internal route instead of opening the file
 * (which DuckDB would refuse with a lock error). See docs/architecture.md, "Who owns the store".
 */
import { grouped } from '../domain/format-number.ts';
import type { IncomingMessage } from 'node:http';
import { loadSettings, type Settings } from '../config/settings.ts';
import { InvalidInputError, oneLine, StoreError } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';
import { BUILD, sameBuild } from './build-id.ts';
import { readsStdin } from './stdin-arguments.ts';
import {
  dialHost,
  processAlive,
  readDiscovery,
  removeDiscovery,
  storePath,
  type ServerDiscovery,
} from './server-discovery.ts';

/** Settings a forwarded command takes from its caller (downloads, remote credentials); the rest are the server's. */
export const CALLER_SETTINGS = [
  'home',
  'ucdpToken',
  'apiKey',
  'ucdpApiUrl',
  'ucdpDownloadsUrl',
  'gdeltBaseUrl',
  'gdeltCountries',
  'gdeltFrom',
  'acledApiUrl',
  'acledUsername',
  'acledPassword',
  'bigqueryUrl',
  'bigqueryAccessToken',
  'googleApplicationCredentials',
] as const satisfies readonly (keyof Settings)[];

/** The caller's settings a forwarded command carries, as text (GDELT's countries as written in FAULTLINE_GDELT_COUNTRIES). */
export function callerSettingsOf(settings: Settings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of CALLER_SETTINGS) {
    const v = settings[k];
    if (v !== undefined) out[k] = k === 'gdeltCountries' ? (v === null ? 'all' : String(v)) : String(v);
  }
  return out;
}

/** A second server on a store that a live server owns. */
export class StoreOwnedError extends StoreError {
  constructor(d: ServerDiscovery) {
    super(
      d.port
        ? `store ${quoteValue(d.db)} is already served by pid ${d.pid} at ${quoteValue(d.url)}; stop that server first (other commands run through it)`
        : `store ${quoteValue(d.db)} is already held by pid ${d.pid}, which serves it once its import is done; stop that server first (other commands run through it)`,
    );
  }
}

// Longest wait for the owner probe: a server busy on a long answer still answers this quickly.
const PROBE_TIMEOUT_MS = 10_000;
// How long a command that found the store locked waits for its holder to announce itself as a server.
const ANNOUNCE_WAIT_MS = 5_000;
// How long a command waits for `start` to finish its import and serve.
const STARTING_WAIT_MS = 10 * 60_000;

/** Commands that never open the store, so run here even when a server owns it (`news` reads stdin and polls for hours). */
export const STORELESS_COMMANDS: readonly string[] = ['news'];

/** Subcommands of those that do write to the store (`news add` saves desk drafts), so go to the owner like any other. */
const STORE_SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = { news: ['add'] };

/** Subcommands that write to the store only with an option (`news watch --save`). */
const STORE_OPTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  news: { watch: '--save' },
};

/** Whether a command runs here without the store: a storeless command other than one of its store subcommands. */
export function runsWithoutStore(argv: readonly string[], command: string | null): boolean {
  if (command === null || !STORELESS_COMMANDS.includes(command)) return false;
  const sub = argv[argv.indexOf(command) + 1];
  if (sub === undefined) return true;
  const option = STORE_OPTIONS[command]?.[sub];
  return !(STORE_SUBCOMMANDS[command]?.includes(sub) || (option !== undefined && argv.includes(option)));
}

/** Whether the command serves the API itself (`serve`, `start` without --no-serve), so is never forwarded. */
function servesHere(argv: readonly string[], command: string | null): boolean {
  return command === 'serve' || (command === 'start' && !argv.includes('--no-serve'));
}

/**
 * Runs the command through the server that owns its store, when one does: writes its output,
 * sets the exit code and returns true. Returns false when the command should run here (no live
 * server, help, an in-memory store, or `serve` and a serving `start`, which refuse an owned store
 * themselves once their flags are checked).
 */
export async function forwardToServer(
  argv: readonly string[],
  env = process.env,
  build = BUILD,
  interrupts: InterruptHooks = PROCESS_INTERRUPTS,
  input: CallerInput = process.stdin,
): Promise<boolean> {
  const command = commandOf(argv);
  if (command === null || runsWithoutStore(argv, command)) return false;
  const settings = loadSettings(env);
  const db = dbOption(argv) ?? settings.db;
  if (db === ':memory:') return false;
  let owner = await liveOwner(db);
  if (!owner) return false;
  // `serve` and a serving `start` run here and refuse a bad flag first (exit 2), then the owned store
  // (serveUntilStopped, registerStart): refused here, `serve --port 99999` and `start --port 99999`
  // named the running server, exit 4, and hid the typo.
  if (servesHere(argv, command)) return false;
  if (owner.port === 0) owner = await untilServing(db, owner);
  if (!owner) return false;
  // A server started before faultline was rebuilt or upgraded runs other code (and lazily loads files
  // the new build has replaced): it could answer otherwise, or fail half-way. Say so instead.
  if (!sameBuild(owner.build, build))
    throw new StoreError(
      `faultline serve (pid ${owner.pid}, ${quoteValue(owner.url)}) runs another build of faultline than this command: it started at ${owner.startedAt}, before a rebuild or upgrade; restart it, then run the command again`,
    );
  const caller = callerSettingsOf(settings);
  // Only an argument that means standard input reads it (`claims check -`, `desk add --json -`): a
  // `-` given as another value (a search text) left a piped stdin read whole and sent for nothing.
  const stdin = (await readsStdin(argv)) ? await callerStdin(input, owner) : undefined;
  const payload = JSON.stringify({
    argv,
    ...(stdin === undefined ? {} : { stdin: stdin.text }),
    cwd: process.cwd(),
    tty: Boolean(process.stderr.isTTY),
    stdoutTty: Boolean(process.stdout.isTTY),
    settings: caller,
  });
  if (stdin !== undefined) await checkForwardedSize(payload, stdin.bytes, owner);
  const res = await call(owner, 'POST', '/api/v1/internal/cli', payload).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ECONNREFUSED') return null; // stopped since the probe: run here
    throw e;
  });
  if (!res) return false;
  if (res.statusCode !== 200)
    throw new StoreError(`${quoteValue(owner.url)} refused the command: ${await errorOf(res)}`);
  const done = noticeInterrupts(owner, interrupts);
  try {
    process.exitCode = await relay(res, owner);
  } finally {
    done();
  }
  return true;
}

/** Where a forwarded command hears Ctrl-C and SIGTERM, and how it leaves: the process's own; tests pass theirs. */
export interface InterruptHooks {
  signals: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
  write(text: string): void;
  exit(code: number): void;
}

const PROCESS_INTERRUPTS: InterruptHooks = {
  signals: process,
  write: (text) => void process.stderr.write(text),
  exit: (code) => process.exit(code),
};

/**
 * Ctrl-C or SIGTERM while the server runs the command stops this client only: the command goes on
 * in the server to its end (an update or import commits there). Says so before leaving, so nobody
 * takes the store for untouched. Returns the function that stops listening.
 */
function noticeInterrupts(d: ServerDiscovery, hooks: InterruptHooks): () => void {
  const stop = (signal: NodeJS.Signals) => {
    hooks.write(
      `\nfaultline: interrupted here only: the command goes on to its end in the server that owns the store (pid ${d.pid}, ${quoteValue(d.url)}); faultline sources shows what it imported\n`,
    );
    hooks.exit(signal === 'SIGTERM' ? 143 : 130);
  };
  hooks.signals.on('SIGINT', stop);
  hooks.signals.on('SIGTERM', stop);
  return () => {
    hooks.signals.off('SIGINT', stop);
    hooks.signals.off('SIGTERM', stop);
  };
}

/** Where a forwarded command's standard input comes from: the process's own; tests pass theirs. */
export type CallerInput = AsyncIterable<Buffer | string> & { isTTY?: boolean };

/** The way out of a standard input too large to forward, said in every refusal of one. */
const forwardWayOut = (d: ServerDiscovery) =>
  `give the file's path instead of - (the server reads it itself), or stop the server (pid ${d.pid}, ${quoteValue(d.url)}) to run the command here`;

/**
 * This process's standard input, read whole, for a forwarded command given `-` for an argument that
 * reads it (src/cli/stdin-arguments.ts): the server cannot read the caller's terminal or pipe, and
 * its size in bytes. Undefined when stdin is a terminal (nothing piped).
 */
async function callerStdin(
  input: CallerInput,
  owner: ServerDiscovery,
): Promise<{ text: string; bytes: number } | undefined> {
  if (input.isTTY) return undefined;
  // Loaded here, not at start: the route module brings zod, which other commands need not load.
  const { MAX_FORWARDED_STDIN } = await import('../api/routes/internal-cli.ts');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > MAX_FORWARDED_STDIN)
      throw new InvalidInputError(
        `standard input is over ${MAX_FORWARDED_STDIN / 1024 / 1024} MiB (${grouped(MAX_FORWARDED_STDIN)} bytes), the most a command passes to the server that owns the store; ${forwardWayOut(owner)}`,
      );
    chunks.push(bytes);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), bytes: size };
}

/**
 * Refuses a forwarded command whose body the server would answer 413: standard input under its own
 * limit can still be too large as JSON, where a control character takes 6 bytes (\u0001) and a byte
 * of invalid UTF-8 3 (U+FFFD).
 */
async function checkForwardedSize(
  payload: string,
  stdinBytes: number,
  owner: ServerDiscovery,
): Promise<void> {
  const { MAX_FORWARDED_BODY_BYTES } = await import('../api/routes/internal-cli.ts');
  const bytes = Buffer.byteLength(payload);
  if (bytes > MAX_FORWARDED_BODY_BYTES)
    throw new InvalidInputError(
      `standard input is too large to pass to the server that owns the store: ${grouped(stdinBytes)} bytes make a request of ${grouped(bytes)} bytes as JSON (control characters and invalid UTF-8 take 3 to 6 bytes each), over its ${grouped(MAX_FORWARDED_BODY_BYTES)} (${MAX_FORWARDED_BODY_BYTES / 1024 / 1024} MiB); ${forwardWayOut(owner)}`,
    );
}

/**
 * After a command here could not open its store because another process holds it: when that
 * process is a server starting up (it opens the store before it announces itself), runs the command
 * through it and returns true; otherwise throws a one-line "store busy" error naming the process.
 * Returns false for any other error.
 */
export async function forwardAfterLock(
  err: unknown,
  argv: readonly string[],
  env = process.env,
): Promise<boolean> {
  const m = /Could not set lock on file .*Conflicting lock is held in .*\(PID (\d+)\)/.exec(oneLine(err));
  if (!m || commandOf(argv) === null) return false;
  const holder = Number(m[1]);
  const given = dbOption(argv) ?? loadSettings(env).db;
  const deadline = Date.now() + ANNOUNCE_WAIT_MS;
  while (Date.now() < deadline && processAlive(holder)) {
    // A server that never forwards (`serve`, a serving `start`) is refused once the holder announces itself.
    if (servesHere(argv, commandOf(argv))) {
      const owner = await liveOwner(given);
      if (owner) throw new StoreOwnedError(owner);
    } else if (await forwardToServer(argv, env)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  const db = storePath(given);
  throw new StoreError(
    `store ${quoteValue(db)} is busy: process ${holder} has it open; try again when it is done, or keep \`faultline serve\` running so commands share the store`,
  );
}

/**
 * The server that owns a store, when a live one does. A stale discovery file (its process gone,
 * its port closed, or answered by another server) is removed.
 */
export async function liveOwner(db: string): Promise<ServerDiscovery | null> {
  const d = readDiscovery(db);
  if (!d || d.db !== storePath(db)) return null;
  if (!processAlive(d.pid)) return stale(db, d);
  // `start` importing before it serves: nothing to probe yet. Our own pid there is a crashed run's
  // (a container restarts with the same pid) or our own `start`, which replaces it as it serves.
  if (d.port === 0) return d.pid === process.pid ? stale(db, d) : d;
  const res = await call(d, 'GET', '/api/v1/internal/owner').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ETIMEDOUT')
      throw new StoreError(
        `the server that owns ${quoteValue(d.db)} (pid ${d.pid}, ${quoteValue(d.url)}) does not answer`,
      );
    return null;
  });
  if (!res) return stale(db, d);
  // Another token, or another program on the port: not the owner.
  const body = await text(res);
  let pid: unknown = null;
  try {
    pid = (JSON.parse(body) as { pid?: unknown }).pid;
  } catch {
    // not JSON
  }
  return res.statusCode === 200 && pid === d.pid ? d : stale(db, d);
}

/** Waits while `start` imports before serving; the server once it serves, or null if it went away. */
async function untilServing(db: string, d: ServerDiscovery): Promise<ServerDiscovery | null> {
  process.stderr.write(
    `faultline: waiting for pid ${d.pid} to finish importing and serve ${quoteValue(d.db)}\n`,
  );
  const deadline = Date.now() + STARTING_WAIT_MS;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await liveOwner(db);
    if (!now || now.port > 0) return now;
    if (Date.now() > deadline)
      throw new StoreError(
        `store ${quoteValue(d.db)} is busy: pid ${d.pid} has been importing since ${d.startedAt}`,
      );
  }
}

function stale(db: string, d: ServerDiscovery): null {
  removeDiscovery(db, d.token);
  return null;
}

/** The subcommand of an argument list, or null for help, version or no command (they need no store). */
export function commandOf(argv: readonly string[]): string | null {
  const end = argv.indexOf('--');
  const args = end < 0 ? argv : argv.slice(0, end);
  if (args.includes('--help') || args.includes('-h')) return null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--db') i++;
    else if (a.startsWith('--db=')) continue;
    else if (a.startsWith('-')) return null;
    else return a === 'help' ? null : a;
  }
  return null;
}

/** The value of `--db` in an argument list (every command takes it), if any. */
export function dbOption(argv: readonly string[]): string | undefined {
  let db: string | undefined;
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    if (argv[i] === '--db') db = argv[++i];
    else if (argv[i]!.startsWith('--db=')) db = argv[i]!.slice(5);
  }
  return db;
}

async function call(
  d: ServerDiscovery,
  method: string,
  path: string,
  payload?: string,
): Promise<IncomingMessage> {
  // Loaded here: most commands find no server, and node:http is about 20 of Node's own modules.
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: dialHost(d.host),
        port: d.port,
        method,
        path,
        headers: {
          authorization: `Bearer ${d.token}`,
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      resolve,
    );
    req.on('error', reject);
    // Only the probe has a deadline: a forwarded import may rightly run for minutes.
    if (method === 'GET')
      req.setTimeout(PROBE_TIMEOUT_MS, () =>
        req.destroy(Object.assign(new Error('probe timed out'), { code: 'ETIMEDOUT' })),
      );
    req.end(payload);
  });
}

/**
 * Writes the frames of a forwarded run to stdout and stderr; resolves to its exit code. While
 * stdout is behind, the answer is paused, so the server's export waits too.
 */
function relay(res: IncomingMessage, d: ServerDiscovery): Promise<number> {
  return new Promise((resolve, reject) => {
    let rest = '';
    let exit: number | null = null;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      let full = false;
      for (const line of lines) {
        if (!line) continue;
        const f = JSON.parse(line) as { out?: string; bytes?: string; err?: string; exit?: number };
        if (f.out !== undefined) full = !process.stdout.write(f.out) || full;
        if (f.bytes !== undefined) full = !process.stdout.write(Buffer.from(f.bytes, 'base64')) || full;
        if (f.err !== undefined) process.stderr.write(f.err);
        if (f.exit !== undefined) exit = f.exit;
      }
      if (full) {
        res.pause();
        process.stdout.once('drain', () => res.resume());
      }
    });
    const end = () =>
      exit === null
        ? reject(
            new StoreError(
              `the server that owns ${quoteValue(d.db)} (pid ${d.pid}) stopped before the command finished`,
            ),
          )
        : resolve(exit);
    res.on('end', end);
    res.on('error', end);
    res.on('close', end); // the server went away mid-answer (settling twice changes nothing)
  });
}

function text(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (s += c));
    res.on('end', () => resolve(s));
    res.on('error', () => resolve(s));
  });
}

async function errorOf(res: IncomingMessage): Promise<string> {
  const body = await text(res);
  try {
    return (JSON.parse(body) as { error: { message: string } }).error.message;
  } catch {
    return `status ${res.statusCode}`;
  }
}
