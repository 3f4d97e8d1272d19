/**
 * How a caller's "stop" reaches the engine. The API wraps each request in `runWithSignal`; every
 * store read started inside it (however deep in the use cases) is cancelled when the signal fires:
 * the engine interrupts the query and the read rejects with a typed error. An AsyncLocalStorage
 * carries the signal so that the Store port and the use cases need no extra parameter.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { FaultlineError, QueryCancelledError, QueryTimeoutError, oneLine } from '../domain/errors.ts';

const context = new AsyncLocalStorage<AbortSignal | undefined>();

/** Runs `fn` so that the store reads it starts stop when `signal` fires; `undefined` detaches them from any outer signal. */
export function runWithSignal<T>(signal: AbortSignal | undefined, fn: () => T): T {
  return context.run(signal, fn);
}

/** The signal store reads started here obey, if any. */
export function currentSignal(): AbortSignal | undefined {
  return context.getStore();
}

/** The typed error for work stopped by this signal: its reason when that is a faultline error, else a cancellation. */
export function abortError(signal: AbortSignal): FaultlineError {
  const r: unknown = signal.reason;
  if (r instanceof FaultlineError) return r;
  return new QueryCancelledError(r === undefined || r instanceof DOMException ? undefined : oneLine(r));
}

/** A signal that fires after `ms` with a QueryTimeoutError as its reason (its timer never holds the process open). */
export function timeLimit(ms: number): AbortSignal {
  const c = new AbortController();
  setTimeout(() => c.abort(new QueryTimeoutError(ms)), ms).unref();
  return c.signal;
}

/** Rejects with the signal's typed error as soon as it fires, else settles as `p` does. */
export function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
