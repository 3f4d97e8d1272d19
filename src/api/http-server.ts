/**
 * The Node HTTP server under the API: its time limits, the one-line JSON answer to requests
 * refused before any route runs (431, 408, 400: a malformed request, no Host, a repeated
 * Content-Type, Authorization or X-API-Key; 417: an expectation other than 100-continue), `100 Continue` only to a body its
 * route may take, and a lingering close for an answer sent before its request's body has all
 * arrived.
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { quoteValue } from '../domain/quote.ts';

/** The server's time limits, in milliseconds. */
export interface HttpTimeouts {
  /** The request line and headers must all arrive within this. */
  headersMs: number;
  /** The whole request, body included (the largest upload), must arrive within this. */
  requestMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveMs: number;
  /** After an answer sent before its body all arrived, the rest is read (and dropped) this long at most. */
  lingerMs: number;
}

/**
 * Deliberate limits, where Node's defaults (60 s for headers, 5 minutes for a request, checked
 * every 30 s) let a client trickle a body a byte at a time for 5 minutes: headers are small and
 * come at once; a whole request is bounded by the largest upload (512 MiB) on a slow link, about
 * 2.4 Mbit/s in 30 minutes. The small bodies of JSON and text routes have a shorter deadline of
 * their own (body-limit.ts).
 */
export const HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: 20_000,
  requestMs: 30 * 60_000,
  keepAliveMs: 5_000,
  lingerMs: 5_000,
};

/** Most bytes of an unread body dropped after the answer before the connection is closed. */
export const LINGER_BYTES = 64 * 1024 * 1024;

/**
 * Node's HTTP server with these limits, passing each request to `listener` with a lingering close;
 * `bodyCapOf` (the most bytes of body a method and path take) answers `Expect: 100-continue`.
 */
export function createHttpServer(
  listener: RequestListener,
  timeouts: HttpTimeouts = HTTP_TIMEOUTS,
  bodyCapOf?: (method: string, path: string) => number,
) {
  const handle = lingeringClose(checkHead(listener), timeouts.lingerMs);
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      // Node answered an HTTP/1.1 request without a Host header with an empty 400: refused here in JSON.
      requireHostHeader: false,
      // Node checks both limits on this interval (30 s by default): a limit of 1 s fired after up to 30.
      connectionsCheckingInterval: Math.min(
        30_000,
        Math.max(50, Math.floor(Math.min(timeouts.headersMs, timeouts.requestMs) / 4)),
      ),
    },
    handle,
  );
  if (bodyCapOf)
    server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
      // Node said 100 Continue to every request, and one over its route's limit was refused with
      // 413 only once its client had sent the body: such a request is answered at once, unread.
      if (headProblem(req) === null && !declaredOver(req, bodyCapOf)) res.writeContinue();
      handle(req, res);
    });
  // Node answered any other expectation with an empty 417.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) =>
    lingeringClose((_, r) => {
      const sent = quoteValue(req.headers.expect ?? '');
      refuse(
        r,
        417,
        'expectation_failed',
        `unsupported expectation: ${sent} (the server meets Expect: 100-continue only)`,
      );
    }, timeouts.lingerMs)(req, res),
  );
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) =>
    answerClientError(err, socket, timeouts),
  );
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
      // (A request without a body is not complete until its listener returns: an answer written at
      // once is no answer before the body, and keeps its connection.)
      if (!req.complete && hasBody(req)) {
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

/**
 * Headers a request may send once: a second Content-Type was joined to the first
 * (`application/yaml, text/plain`) and refused with 415 as that type; two Authorization or
 * X-API-Key headers were joined the same way and refused with 401 as an invalid key (or ignored by
 * a public route), whichever key each held.
 */
const SINGLE_HEADERS = new Set(['content-type', 'authorization', 'x-api-key']);

/**
 * A request whose head is refused before any route runs gets 400 in the one-line JSON of every
 * other refusal, and its connection closed: an HTTP/1.1 request that names no host (RFC 9112,
 * 3.2; Node answered an empty 400), and a header that may come once sent twice.
 */
export function checkHead(listener: RequestListener): RequestListener {
  return (req, res) => {
    const problem = headProblem(req);
    if (problem === null) return listener(req, res);
    refuse(res, 400, 'invalid_input', problem);
  };
}

/** Answers `status` with one JSON line and closes the connection after it. */
function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  res.shouldKeepAlive = false;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Why a request's head is refused, or null. (HTTP/1.0 needs no Host: it is served as the listening host.) */
function headProblem(req: IncomingMessage): string | null {
  if (!req.headers.host && req.httpVersion === '1.1')
    return 'invalid request: no host named (HTTP/1.1 requires a Host header)';
  const seen = new Set<string>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    if (!SINGLE_HEADERS.has(name)) continue;
    // As a repeated query parameter is refused (params.ts): which one was meant is not for the server to guess.
    if (seen.has(name)) return `repeated header: ${quoteValue(name)} (send one)`;
    seen.add(name);
  }
  return null;
}

/** Whether a request declares a Content-Length over what its method and path take. */
function declaredOver(req: IncomingMessage, capOf: (method: string, path: string) => number): boolean {
  const declared = req.headers['content-length'];
  if (declared === undefined || req.headers['transfer-encoding'] !== undefined) return false;
  let path: string;
  try {
    // Decoded as the router decodes it (`/api/v1/%69mports` is the upload route).
    path = decodeURI(new URL(req.url ?? '/', 'http://host').pathname);
  } catch {
    return false; // the adapter refuses it with its own 400
  }
  return Number(declared) > capOf(req.method ?? 'GET', path);
}

/** Whether a request says it sends a body (a Content-Length above 0, or chunks). */
const hasBody = (req: IncomingMessage) =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';

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

/** The status, code and message of a request Node refuses before any route runs; null: just close. */
function refusalOf(err: NodeJS.ErrnoException, t: HttpTimeouts): [number, string, string] | null {
  if (err.code === 'HPE_HEADER_OVERFLOW')
    return [
      431,
      'headers_too_large',
      'request headers too large (the query string or a header is over 16 KB): send fewer or shorter values',
    ];
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return [
      408,
      'request_timeout',
      `request timed out: the headers must arrive within ${t.headersMs} ms and the whole request within ${t.requestMs} ms`,
    ];
  // llhttp's parse errors (HPE_INVALID_METHOD, HPE_UNEXPECTED_CONTENT_LENGTH, HPE_INVALID_CHUNK_SIZE...).
  if (err.code?.startsWith('HPE_'))
    return [
      400,
      'invalid_input',
      `malformed HTTP request: ${err.code.slice(4).toLowerCase().replaceAll('_', ' ')}`,
    ];
  return null;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/**
 * Node's refusals before any route runs, in the same one-line JSON as every other: headers too
 * large (Node answered an empty 431), a request that did not arrive within the limits (408) and
 * one that does not parse as HTTP (400: two Content-Lengths, a bad chunk size); both were closed
 * without a word. Written only while no answer has started on the connection.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket, t: HttpTimeouts): void {
  const pending = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  const refusal = refusalOf(err, t);
  if (!refusal || !socket.writable || pending?.headersSent) return void socket.destroy();
  const [status, code, message] = refusal;
  const body = JSON.stringify({ error: { code, message } });
  // Closed for good after the linger time: a client trickling a body would hold the half-closed socket.
  const timer = setTimeout(() => socket.destroy(), t.lingerMs).unref();
  socket.once('close', () => clearTimeout(timer));
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
