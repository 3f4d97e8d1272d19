/**
 * HTTP on a raw socket, for tests of what a client library would not send: stalled, trickled or
 * cut-short bodies, repeated headers, malformed requests.
 */
import { connect } from 'node:net';

/** What came back on the socket before it closed, the body bytes sent, and how long it took. */
export interface RawExchange {
  answer: string;
  error: string | null;
  sent: number;
  ms: number;
}

/**
 * Sends `head`, then a body: `body` bytes of filler (or `stopAfter` of them and then either a trickle,
 * a kilobyte every 50 ms, or nothing), or the text `body` (then nothing more, whatever length the
 * head declared). Resolves when the connection has closed; a client that sent everything, or stalls,
 * closes its side once the server has closed its own. `giveUpMs`: the client hangs up after that long
 * without a byte either way.
 */
export function raw(
  url: string,
  head: string,
  body: number | string,
  {
    stopAfter = typeof body === 'number' ? body : 0,
    then = 'trickle',
    giveUpMs,
  }: { stopAfter?: number; then?: 'trickle' | 'stall'; giveUpMs?: number } = {},
): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  const t0 = performance.now();
  return new Promise((resolve) => {
    // Half-open allowed: the client goes on sending after the server's answer and FIN, as curl and fetch do.
    const s = connect({ host: hostname, port: Number(port), allowHalfOpen: true });
    let answer = '';
    let error: string | null = null;
    let sent = 0;
    s.setEncoding('utf8');
    s.on('data', (d: string) => (answer += d));
    s.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    s.on('close', () => resolve({ answer, error, sent, ms: performance.now() - t0 }));
    if (giveUpMs !== undefined) s.setTimeout(giveUpMs, () => s.destroy());
    if (typeof body === 'string') {
      s.write(head + body);
      sent = Buffer.byteLength(body);
      return void s.once('end', () => s.end());
    }
    s.write(head);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = () => {
      while (sent < stopAfter && !s.destroyed) {
        const part = chunk.subarray(0, Math.min(chunk.length, stopAfter - sent));
        sent += part.length;
        if (!s.write(part)) return void s.once('drain', pump);
      }
      if (sent >= body) return void s.end();
      // A stalled client closes once the server has closed its side.
      if (then === 'stall') return void s.once('end', () => s.end());
      const trickle = setInterval(
        () => (s.destroyed ? clearInterval(trickle) : s.write(chunk.subarray(0, 1024))),
        50,
      );
      s.once('close', () => clearInterval(trickle));
    };
    pump();
  });
}

/** The JSON body of a raw answer (after its head). */
export const answerBody = (answer: string): unknown =>
  JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as unknown;
