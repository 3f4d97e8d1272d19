/**
 * A streaming size limit on request bodies: a declared Content-Length over the limit is refused
 * before anything is read; otherwise (chunked bodies included) the bytes are counted as they
 * arrive and the body fails with PayloadTooLargeError as soon as the count passes the limit. No
 * body is buffered here: the handler reads (and bounds) what it needs.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { PayloadTooLargeError } from '../app/errors.ts';

/** Largest body of a route that takes JSON or YAML (claim files, key requests). */
export const MAX_BODY_BYTES = 256 * 1024;

/** Middleware limiting the body of each request to `limitOf(c)` bytes; over it the answer is 413. */
export function bodyLimit(what: string, limitOf: (c: Context) => number): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const limit = limitOf(c);
    const declared = c.req.header('content-length');
    if (declared !== undefined && !c.req.header('transfer-encoding') && Number(declared) > limit)
      throw new PayloadTooLargeError(what, limit);
    let seen = 0;
    let over: PayloadTooLargeError | null = null;
    const counted = body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, ctl) {
          seen += chunk.byteLength;
          if (seen <= limit) return ctl.enqueue(chunk);
          over = new PayloadTooLargeError(what, limit);
          ctl.error(over);
        },
      }),
    );
    c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit);
    await next();
    // Whatever the handler made of the failed read (some turn read errors into 400), the answer is 413.
    if (over) throw over;
  };
}
