/**
 * A streaming size limit on request bodies: a declared Content-Length over the limit is refused
 * before anything is read; otherwise (chunked bodies included) the bytes are counted as they
 * arrive and the body fails with PayloadTooLargeError as soon as the count passes the limit. No
 * body is buffered here: the handler reads (and bounds) what it needs. The request's own body is
 * never cancelled: the server drops what is left of it after the answer (http-server.ts).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { PayloadTooLargeError } from '../app/errors.ts';

/** Largest body of a route that takes JSON or YAML (claim files, key requests). */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Middleware limiting the body of each request to `limitOf(c)` bytes, plus `slack` (a multipart
 * form's framing around its file); over it the answer is 413, naming the limit without the slack.
 */
export function bodyLimit(what: string, limitOf: (c: Context) => number, slack = 0): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const shown = limitOf(c);
    const limit = shown + slack;
    const declared = c.req.header('content-length');
    if (declared !== undefined && !c.req.header('transfer-encoding') && Number(declared) > limit)
      throw new PayloadTooLargeError(what, shown);
    let seen = 0;
    let over: PayloadTooLargeError | null = null;
    const reader = body.getReader();
    // Read by hand, not piped: a pipe that fails cancels its source, and the request's cancelled
    // body reset the connection before the 413 went out. Left uncancelled, the rest of the body is
    // read and dropped once the answer is written (http-server.ts, lingeringClose).
    const counted = new ReadableStream<Uint8Array>({
      async pull(ctl) {
        const { done, value } = await reader.read();
        if (done) return ctl.close();
        seen += value.byteLength;
        if (seen <= limit) return ctl.enqueue(value);
        over = new PayloadTooLargeError(what, shown);
        ctl.error(over);
        reader.releaseLock();
      },
      cancel: () => reader.releaseLock(),
    });
    c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit);
    await next();
    // Whatever the handler made of the failed read (some turn read errors into 400), the answer is 413.
    if (over) throw over;
  };
}
