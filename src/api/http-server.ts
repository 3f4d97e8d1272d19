/**
 * The Node HTTP server under the API: the one-line JSON answer to requests Node refuses before any
 * route runs (431), and a lingering close for an answer sent before its request's body has all arrived.
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** After an answer sent before its body all arrived, the rest is read (and thrown away) this long at most. */
export const LINGER_MS = 5_000;

/** Most bytes of an unread body thrown away after the answer before the connection is closed. */
export const LINGER_BYTES = 64 * 1024 * 1024;

/** Node's HTTP server passing each request to `listener` with a lingering close. */
export function createHttpServer(listener: RequestListener, lingerMs = LINGER_MS) {
  const server = createServer(lingeringClose(listener, lingerMs));
  server.on('clientError', answerClientError);
  return server;
}

/**
 * An answer written before the request's body has all arrived (a 413 over the limit, a 401, a 415)
 * says `Connection: close`, and the rest of the body is read and thrown away (at most LINGER_BYTES,
 * for at most `lingerMs`) before the socket is closed. Kept alive, the connection was reused by
 * Node's fetch for its next request while the server dropped it ("other side closed"); closed at
 * once, a client still sending meets a reset, which may destroy the answer before it is read.
 */
export function lingeringClose(listener: RequestListener, lingerMs: number): RequestListener {
  return (req, res) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      if (!req.complete) {
        this.shouldKeepAlive = false;
        const socket = req.socket;
        // Node ends and destroys a socket once a Connection: close answer is written: end the
        // writing side only, so the client can finish sending; discardRest closes it.
        socket.destroySoon = () => void socket.end();
        this.once('finish', () => discardRest(req, lingerMs));
      }
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as typeof res.writeHead;
    return listener(req, res);
  };
}

/** Reads and drops the rest of a request's body, then closes its connection (at once past the bounds). */
function discardRest(req: IncomingMessage, lingerMs: number): void {
  const socket = req.socket;
  const close = () => void socket.destroy();
  if (req.complete) return close();
  const timer = setTimeout(close, lingerMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  let dropped = 0;
  // The answer is written: whatever read the body (a web stream that pauses the request when its
  // queue is full) is done with it.
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) close();
  });
  req.once('end', close);
  req.once('error', close);
  req.resume();
}

/**
 * Node answers a request whose headers are too large (a query string of 20,000 characters) with
 * an empty 431 before any route runs: the same one-line JSON error every other refusal has.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code !== 'HPE_HEADER_OVERFLOW' || !socket.writable) return void socket.destroy();
  const body = JSON.stringify({
    error: {
      code: 'headers_too_large',
      message:
        'request headers too large (the query string or a header is over 16 KB): send fewer or shorter values',
    },
  });
  socket.end(
    `HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
