/**
 * Admission control for heavy requests: uncached answers of the analysis, forecast, briefing,
 * claims and linkage routes (their tags, below). At most `slots` run at once; up to `maxQueue`
 * more wait for a slot as a pending promise each (no CPU). A request answers 503 at once when the queue is full,
 * or when the wait it would have (the requests ahead, at the average time a slot was held lately)
 * is longer than its time limit; each time a slot is given back, a waiter that would now get its
 * slot only after its time limit answers 503 at once too (a burst before any slot was given back,
 * with no hold time known, queued whole); one still waiting at its time limit answers 503 then (its
 * signal fires). So a dashboard's burst of small series waits its turn, while under a flood of slow work
 * the queue stays short and nobody waits only to time out. Light requests
 * (/health, cached answers, event pages, catalog reads) never come here. By default as many heavy
 * requests run as there are cores, each on one DuckDB thread (DuckDB's threads are the cores less
 * one), 32 more wait per slot, and the event loop keeps its core by priority rather than by an idle
 * slot (loop-priority.ts). On the 2 cores, one slot held half the machine idle for analysis
 * queries and refused 86% of 50 connections of distinct queries; two serve 101-114 a second with
 * none refused (docs/benchmarks.md).
 */
import { availableParallelism } from 'node:os';
import { FaultlineError } from '../domain/errors.ts';
import { abortError } from '../storage/query-signal.ts';
import type { RouteDef } from './route-table.ts';

/** The machine's cores less one, at least 1: the default for DuckDB's threads and the compute pool. */
export function coresLessOne(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** The machine's cores: the default number of heavy slots. */
export function cores(): number {
  return Math.max(1, availableParallelism());
}

/** Heavy requests that may wait per slot unless configured. */
export const QUEUE_PER_SLOT = 32;

// Route tags whose uncached answers are heavy work: SQL over many events, simulations, rendering,
// cross-source matching (linkage: /disagreements).
const HEAVY_TAGS = new Set(['analysis', 'forecast', 'briefings', 'claims', 'linkage']);

/** Whether a route's uncached answers go through admission control. */
export function isHeavy(r: Pick<RouteDef, 'tag'>): boolean {
  return HEAVY_TAGS.has(r.tag);
}

/** Every heavy slot is taken and the queue is full (HTTP 503 with Retry-After). */
export class ServerBusyError extends FaultlineError {
  constructor(running: number, queued: number) {
    super(
      'busy',
      `server busy: ${running} heavy requests running and ${queued} waiting; retry in a few seconds`,
    );
  }
}

/** Slots for heavy work with a bounded queue in front of them. */
export class Admission {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  /** Moving average of how long a slot was held, in ms (0 until the first slot is given back). */
  private holdMs = 0;

  constructor(
    readonly slots: number,
    readonly maxQueue: number,
    /** The requests' time limit: a wait expected to be longer is refused at once. */
    private readonly limitMs = Infinity,
  ) {}

  /** Heavy requests holding a slot now. */
  get running(): number {
    return this.active;
  }

  /** Heavy requests waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Runs `work` once a slot is free. Rejects with ServerBusyError when the queue is full, or with
   * the signal's error when it fires while waiting. The slot is held until the work has stopped,
   * even when the request has already answered (an interrupted query takes a few ms to stop).
   */
  async run<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    await this.enter(signal);
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      const held = performance.now() - t0;
      this.holdMs = this.holdMs ? 0.8 * this.holdMs + 0.2 * held : held;
      this.leave();
    }
  }

  /** How long a request queued now would wait, from the recent time a slot was held. */
  private expectedWaitMs(): number {
    return ((this.waiting.length + 1) / this.slots) * this.holdMs;
  }

  private enter(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.active < this.slots) {
      this.active++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueue || this.expectedWaitMs() > this.limitMs)
      return Promise.reject(new ServerBusyError(this.active, this.waiting.length));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        deadline: performance.now() + this.limitMs,
        give: () => {
          signal?.removeEventListener('abort', quit);
          resolve();
        },
        refuse: (e) => {
          signal?.removeEventListener('abort', quit);
          reject(e);
        },
      };
      const quit = () => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(abortError(signal!));
      };
      signal?.addEventListener('abort', quit, { once: true });
      this.waiting.push(waiter);
    });
  }

  // A freed slot passes straight to the first waiter, so the running count never dips below it.
  private leave(): void {
    const next = this.waiting.shift();
    if (next) next.give();
    else this.active--;
    this.refuseLate();
  }

  /**
   * Refuses at once the waiters that, at the time a slot is now held, would get theirs only after
   * their time limit: a burst that came before any slot was given back (no hold time known yet)
   * all queued, and each waited its whole time limit for a 503 (a server started with one slot and a
   * 4 s limit answered ten of twelve briefings so, after 4.2 s).
   */
  private refuseLate(): void {
    if (!this.holdMs || this.limitMs === Infinity) return;
    const now = performance.now();
    let ahead = 0;
    for (const w of [...this.waiting]) {
      if (now + ((ahead + 1) / this.slots) * this.holdMs > w.deadline) {
        this.waiting.splice(this.waiting.indexOf(w), 1);
        w.refuse(new ServerBusyError(this.active, this.waiting.length));
      } else ahead++;
    }
  }
}

/** A heavy request waiting for a slot, until its time limit. */
interface Waiter {
  /** When its time limit passes (performance.now() time). */
  deadline: number;
  give: () => void;
  refuse: (e: Error) => void;
}
