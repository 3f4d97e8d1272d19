/**
 * Streamed answers (event exports): the body is produced while the client reads it, and the
 * producer waits whenever the client is behind, so an export of millions of rows holds a few
 * batches in memory. A failure mid-stream aborts the body (the client sees a broken transfer,
 * never a short file that looks whole); a client that hangs up stops the store reads.
 */
import type { ExportSink } from '../app/event-export.ts';

/** A Response whose body `run` writes through a sink; `signal` fires when the client goes away. */
export function streamedResponse(
  run: (sink: ExportSink, signal: AbortSignal) => Promise<unknown>,
  headers: Record<string, string>,
  requestSignal?: AbortSignal,
): Response {
  const stop = new AbortController();
  requestSignal?.addEventListener('abort', () => stop.abort(requestSignal.reason), { once: true });
  const enc = new TextEncoder();
  const waiting: (() => void)[] = [];
  const release = () => waiting.splice(0).forEach((r) => r());
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const sink: ExportSink = {
          async write(chunk) {
            if (stop.signal.aborted) throw new Error('the client went away');
            controller.enqueue(typeof chunk === 'string' ? enc.encode(chunk) : chunk);
            if ((controller.desiredSize ?? 1) <= 0) await new Promise<void>((r) => waiting.push(r));
          },
        };
        void run(sink, stop.signal).then(
          () => controller.close(),
          (e: unknown) => {
            if (!stop.signal.aborted) controller.error(e);
          },
        );
      },
      pull: release,
      cancel(reason) {
        stop.abort(reason);
        release();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 1 << 20 }),
  );
  return new Response(body, { status: 200, headers });
}

/**
 * A body of text batches made on demand, with a turn of the event loop before each: a large answer
 * built from a generator (the ViEWS draws, about 70 MB at 34 provinces x 12 months x 10,000 draws)
 * never holds the loop, and every other request (/health too) runs between its batches.
 */
export function batchesBody(batches: Iterable<string>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const it = batches[Symbol.iterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const next = it.next();
      if (next.done) controller.close();
      else controller.enqueue(enc.encode(next.value));
    },
  });
}
