/**
 * The internal channel of a server that owns its store file: other faultline commands on the same
 * store run through it (DuckDB lets one process hold the file). Not part of the public API, so not
 * in the route table or the OpenAPI document: it has its own guard, which no API key passes. Only
 * callers on this machine that send the token of the discovery file (readable by its owner only).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isAbsolute } from 'node:path';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { AuthenticationError, ForbiddenError } from '../../app/errors.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { API } from '../route-table.ts';
import { bodyLimit, type BodyRule } from '../body-limit.ts';
import { acceptBody } from '../content-type.ts';

/** The most standard input a forwarded command carries (characters): articles and desk events are far smaller. */
export const MAX_FORWARDED_STDIN = 16 * 1024 * 1024;

/**
 * The largest body of a forwarded command (bytes): 16 MiB of standard input, doubled for JSON's
 * escapes (a text's quotes, backslashes and line breaks take two bytes each), and 4 MiB for its
 * arguments and settings (Linux passes a command at most 2 MiB of arguments and environment).
 */
export const MAX_FORWARDED_BODY_BYTES = 2 * MAX_FORWARDED_STDIN + 4 * 1024 * 1024;

/** A forwarded command: its arguments, the caller's directory and terminal, and per-run settings. */
export const CliRequest = z.strictObject({
  argv: z.array(z.string().max(100_000)).max(10_000),
  cwd: z.string().refine(isAbsolute, { message: 'use an absolute directory' }),
  tty: z.boolean().optional(),
  /** Whether the caller's standard output is a terminal (binary exports refuse to write to one). */
  stdoutTty: z.boolean().optional(),
  settings: z.record(z.string(), z.string().max(10_000)).optional(),
  /** The caller's standard input, read whole, for a command given `-` as a file (`news add -`, `desk add --json -`). */
  stdin: z.string().max(MAX_FORWARDED_STDIN).optional(),
});

/** A forwarded command's request. */
export type CliRequest = z.infer<typeof CliRequest>;

/** One frame of the answer (NDJSON): output, binary output (base64), error output, or the exit code (last). */
export type CliFrame = { out: string } | { bytes: string } | { err: string } | { exit: number };

/** What the owning process gives the API: the secret, who it is, and how it runs a command. */
export interface OwnerChannel {
  token: string;
  pid: number;
  db: string;
  startedAt: string;
  /**
   * Runs a forwarded command, writing its output as frames; resolves to its exit code. `write`
   * returns a promise that resolves once the caller has room for more (long exports wait on it).
   */
  run(request: CliRequest, write: (frame: CliFrame) => Promise<void>): Promise<number>;
}

/** Path of the forwarded-command route. */
export const INTERNAL_CLI = `${API}/internal/cli`;
/** Path of the owner probe (who owns the store), for clients checking a discovery file. */
export const INTERNAL_OWNER = `${API}/internal/owner`;

/**
 * Registers the internal routes of a store owner on the app; a forwarded command's body is bounded
 * by `body` (bodyRuleOf with MAX_FORWARDED_BODY_BYTES), as every route's is.
 */
export function registerInternalRoutes(app: Hono, owner: OwnerChannel, body: BodyRule): void {
  const guard = ownerGuard(owner.token);
  app.get(INTERNAL_OWNER, guard, (c) =>
    c.json({ pid: owner.pid, db: owner.db, started_at: owner.startedAt }, 200, {
      'cache-control': 'no-store',
    }),
  );
  const json = acceptBody(`POST ${INTERNAL_CLI}`, ['application/json']);
  app.post(INTERNAL_CLI, guard, json, bodyLimit(body), async (c) => {
    const parsed = CliRequest.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new InvalidInputError(
        `invalid internal request: ${issue.path.join('.') || 'body'}: ${issue.message}`,
      );
    }
    return frames((write) => owner.run(parsed.data, write));
  });
}

/**
 * Streams a run's frames as NDJSON, ending with its exit code. A write resolves while the stream's
 * queue has room and otherwise waits for the caller to read: an export through the server streams
 * in bounded memory.
 */
function frames(run: (write: (f: CliFrame) => Promise<void>) => Promise<number>): Response {
  const enc = new TextEncoder();
  const waiting: (() => void)[] = [];
  const release = () => waiting.splice(0).forEach((r) => r());
  let gone = false;
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const write = async (f: CliFrame) => {
          try {
            controller.enqueue(enc.encode(JSON.stringify(f) + '\n'));
          } catch {
            // The caller went away (Ctrl-C); the command still finishes here, as it would have alone.
            return;
          }
          if (!gone && (controller.desiredSize ?? 1) <= 0) await new Promise<void>((r) => waiting.push(r));
        };
        void run(write)
          .then(
            (code) => write({ exit: code }),
            (e: unknown) => {
              write({ err: `faultline: ${e instanceof Error ? e.message : String(e)}\n` });
              write({ exit: 1 });
            },
          )
          .finally(() => {
            try {
              controller.close();
            } catch {
              // Already cancelled by the caller.
            }
          });
      },
      pull: release,
      cancel() {
        gone = true;
        release();
      },
    },
    new CountQueuingStrategy({ highWaterMark: 64 }),
  );
  return new Response(body, {
    headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' },
  });
}

/** Lets through requests from this machine that carry the owner's token; API keys never pass. */
function ownerGuard(token: string): MiddlewareHandler {
  const expected = digest(token);
  return async (c, next) => {
    const { remote, local } = socketOf(c);
    if (!sameMachine(remote, local))
      throw new ForbiddenError(`forbidden: the internal route answers this machine only, not ${remote}`);
    const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!m || !timingSafeEqual(digest(m[1]!), expected))
      throw new AuthenticationError(
        'invalid owner token: the internal route needs the token of the store owner',
      );
    await next();
  };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function socketOf(c: Context): { remote: string; local: string } {
  const env = c.env as
    { incoming?: { socket?: { remoteAddress?: string; localAddress?: string } } } | undefined;
  const s = env?.incoming?.socket;
  return { remote: s?.remoteAddress ?? 'unknown', local: s?.localAddress ?? '' };
}

/** Loopback, or a peer whose address is the server's own (a client on this host dialling a LAN address). */
function sameMachine(remote: string, local: string): boolean {
  const r = remote.replace(/^::ffff:/, '');
  if (r === '::1' || /^127\.\d+\.\d+\.\d+$/.test(r)) return true;
  return r !== 'unknown' && r === local.replace(/^::ffff:/, '');
}
