/**
 * Identical requests in flight share one computation. The computation runs under a signal of its
 * own, which fires at the time limit or when every request waiting for it has gone (its store
 * reads are then interrupted in the engine). A request whose client goes away leaves on its own
 * signal and the work goes on for the others.
 */
import { QueryCancelledError, QueryTimeoutError } from '../app/errors.ts';
import { abortError, timeLimit, untilAborted } from '../storage/query-signal.ts';

interface Flight {
  controller: AbortController;
  waiters: number;
  /** Settles with the work, or rejects at once when the flight's signal fires. */
  answer: Promise<unknown>;
  /** Resolves when the work itself has stopped (an interrupted query takes a few ms to stop). */
  settled: Promise<void>;
}

const ignore = () => {};

/** Computations in flight, keyed by what they answer. */
export class InFlight {
  private readonly flights = new Map<string, Flight>();

  /**
   * The result of `compute`: shared with the computation in flight for the same key, else started
   * with a time limit of `limitMs`. Rejects with a typed error when `waiter` fires (the caller's
   * client went away) or the flight's own signal fires. A null key never shares.
   */
  async join<T>(
    key: string | null,
    waiter: AbortSignal,
    limitMs: number,
    compute: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    let f = key === null ? undefined : this.flights.get(key);
    // Abandoned work is being interrupted: wait until it has stopped instead of queueing a second
    // copy (within the time limit: work that ignores its signal may take longer to stop).
    while (f?.controller.signal.aborted) {
      await untilAborted(f.settled, AbortSignal.any([waiter, timeLimit(limitMs)]));
      f = this.flights.get(key!);
    }
    if (waiter.aborted) throw abortError(waiter);
    return this.wait(f ?? this.start(key, limitMs, compute), waiter) as Promise<T>;
  }

  /** How many computations are in flight. */
  get size(): number {
    return this.flights.size;
  }

  private start(key: string | null, limitMs: number, compute: (signal: AbortSignal) => Promise<unknown>) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new QueryTimeoutError(limitMs)), limitMs);
    const work = Promise.resolve().then(() => compute(controller.signal));
    const f: Flight = {
      controller,
      waiters: 0,
      answer: untilAborted(work, controller.signal),
      settled: work.then(ignore, ignore).then(() => {
        clearTimeout(timer);
        if (key !== null && this.flights.get(key) === f) this.flights.delete(key);
      }),
    };
    f.answer.catch(ignore);
    if (key !== null) this.flights.set(key, f);
    return f;
  }

  private wait(f: Flight, waiter: AbortSignal): Promise<unknown> {
    f.waiters++;
    const leave = () => {
      if (--f.waiters === 0)
        f.controller.abort(new QueryCancelledError('every request waiting for it went away'));
    };
    waiter.addEventListener('abort', leave, { once: true });
    return untilAborted(f.answer, waiter).finally(() => waiter.removeEventListener('abort', leave));
  }
}
