/**
 * A streaming size limit on request bodies: a declared Content-Length over the limit is refused
 * before anything is read; otherwise (chunked bodies included) the bytes are counted as they
 * arrive and the body fails with PayloadTooLargeError as soon as the count passes the limit. An
 * upload is not buffered here: its handler streams it. The small body of a JSON or text route has
 * a deadline too (a client sending a byte at a time held its request for Node's whole request
 * limit), and is read whole, counted, before its route runs. A body whose client hangs up fails at
 * once (RequestAbortedError), whatever is reading it. The request's own body is never
 * cancelled: the server drops what is left of it after the answer (http-server.ts).
 */
import type { MiddlewareHandler } from 'hono';
import { PayloadTooLargeError, RequestAbortedError, RequestTimeoutError } from '../app/errors.ts';

/** Largest body of a route that takes JSON or YAML (claim files, key requests). */
export const MAX_BODY_BYTES = 256 * 1024;

/** How one route's body is bounded. */
export interface BodyRule {
  /** What the 413 calls the body (`upload`, `request body`). */
  what: string;
  /** The limit the 413 names, in bytes. */
  limit: number;
  /** Bytes allowed over the limit and not named in its 413 (a multipart form's framing around its file). */
  slack: number;
  /**
   * The whole body must have arrived this long after its headers, else 408; such a body is read
   * whole before the route runs (null: an upload, streamed to its route under the server's request limit).
   */
  deadlineMs: number | null;
}

// Room for a multipart form's boundaries, part headers and fields around the file itself.
const MULTIPART_FRAMING_BYTES = 64 * 1024;

/**
 * The one table of body limits: a multipart form (an upload) has the upload limit, with room for
 * its framing, and the server's request time limit; every other route the small limit of JSON and
 * text bodies (or the larger one it names: a forwarded CLI command with its standard input) and
 * their deadline. server.ts bounds each route's body with it and answers
 * `Expect: 100-continue` from it (http-server.ts).
 */
export function bodyRuleOf(
  route: { body?: { contentType: string; maxBytes?: number } },
  limits: { maxUploadBytes: number; bodyTimeoutMs: number },
): BodyRule {
  return route.body?.contentType === 'multipart/form-data'
    ? { what: 'upload', limit: limits.maxUploadBytes, slack: MULTIPART_FRAMING_BYTES, deadlineMs: null }
    : {
        what: 'request body',
        limit: route.body?.maxBytes ?? MAX_BODY_BYTES,
        slack: 0,
        deadlineMs: limits.bodyTimeoutMs,
      };
}

/**
 * Middleware limiting the body of each request by `rule`: over its limit the answer is 413, and a
 * body not all arrived by its deadline is 408, whatever the handler made of the failed read (some
 * turn read errors into 400).
 */
export function bodyLimit({ what, limit: shown, slack, deadlineMs }: BodyRule): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const limit = shown + slack;
    const declared = c.req.header('content-length');
    if (declared !== undefined && !c.req.header('transfer-encoding') && Number(declared) > limit)
      throw new PayloadTooLargeError(what, shown);
    let seen = 0;
    type Failure = PayloadTooLargeError | RequestTimeoutError | RequestAbortedError;
    let failure: Failure | null = null;
    let ended = false;
    const reader = body.getReader();
    // Read by hand, not piped: a pipe that fails cancels its source, and the request's cancelled
    // body reset the connection before the 413 went out. Left uncancelled, the rest of the body is
    // read and dropped once the answer is written (http-server.ts, lingeringClose).
    let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
    const fail = (e: Failure) => {
      if (ended) return;
      ended = true;
      failure = e;
      controller?.error(e);
      reader.releaseLock(); // a read still waiting (a stalled client) is let go
    };
    const counted = new ReadableStream<Uint8Array>({
      start: (ctl) => void (controller = ctl),
      async pull(ctl) {
        // The read fails when the client hangs up mid-body: the work ends now, not at the deadline
        // (a JSON body answered 408 then; an upload waited without end, its partial file kept).
        const next = await reader.read().catch(() => null);
        if (!next) return fail(new RequestAbortedError());
        if (ended) return;
        if (next.done) {
          ended = true;
          return ctl.close();
        }
        seen += next.value.byteLength;
        if (seen <= limit) return ctl.enqueue(next.value);
        fail(new PayloadTooLargeError(what, shown));
      },
      cancel: () => {
        ended = true;
        reader.releaseLock();
      },
    });
    const timer =
      deadlineMs === null ? null : setTimeout(() => fail(new RequestTimeoutError(deadlineMs)), deadlineMs);
    if (deadlineMs !== null) {
      // A small body is read whole before the route runs, so its deadline counts its arrival alone:
      // read by the route, a claim file trickled in was refused with the query time limit's 503
      // ("narrow the period or filters"), and held a heavy slot while it arrived.
      const whole = await new Response(counted).arrayBuffer().catch(() => null);
      if (timer) clearTimeout(timer);
      if (failure || !whole) throw failure ?? new RequestTimeoutError(deadlineMs);
      c.req.raw = new Request(c.req.raw, { body: whole });
      return next();
    }
    c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit);
    try {
      await next();
    } finally {
      if (timer) clearTimeout(timer);
    }
    if (failure) throw failure;
  };
}
