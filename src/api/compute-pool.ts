/**
 * The server's compute pool: worker threads (piscina) that run the CPU-heavy pure tasks of
 * app/compute-tasks.ts, so the event loop stays free for every other request. At most `threads`
 * tasks run at once and `maxQueue` wait; past that a request answers 503 at once. A task whose
 * signal fires (time limit, or every client gone) is stopped for real: piscina terminates the
 * worker running it and starts a fresh one.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ComputeInput, ComputeOutput, ComputeTask } from '../app/compute-tasks.ts';
import type { ComputeMessage, ComputeReply } from '../app/compute-worker.ts';
import type { Offloader } from '../app/offload.ts';
import { FaultlineError } from '../domain/errors.ts';
import { abortError } from '../storage/query-signal.ts';

// Set by scripts/build-cli.ts in the bundle, where the worker entry is dist/compute-worker.js (and
// by scripts/bundle-tests.mjs in the test run's bundles, which use that compiled worker too).
declare const FAULTLINE_BUNDLED: boolean | undefined;
const bundled = typeof FAULTLINE_BUNDLED !== 'undefined' && FAULTLINE_BUNDLED;
// Set by scripts/build-cli.ts alone: the build dist/ holds (src/cli/build-id.ts).
declare const FAULTLINE_BUILD: string | undefined;

/**
 * The worker entry: the compiled file in the bundle, the TypeScript source (through tsx) otherwise.
 * dist/ names a copy after its build: workers start long after the server, and dist/compute-worker.js
 * may by then be a later build's, whose tasks and chunks differ from the server's.
 */
function workerEntry(): { filename: string; execArgv: string[] } {
  if (bundled) {
    const file =
      typeof FAULTLINE_BUILD === 'undefined' ? 'compute-worker.js' : `compute-worker-${FAULTLINE_BUILD}.js`;
    return { filename: new URL(`../../dist/${file}`, import.meta.url).href, execArgv: [] };
  }
  const tsx = process.execArgv.some((a) => a.includes('tsx'));
  return {
    filename: new URL('../app/compute-worker-tsx.ts', import.meta.url).href,
    execArgv: tsx ? process.execArgv : [...process.execArgv, '--import', 'tsx'],
  };
}

/** The pool is full: too many heavy requests are waiting already (HTTP 503). */
export class ComputeBusyError extends FaultlineError {
  constructor(queued: number) {
    super('busy', `server busy: ${queued} heavy requests are waiting already; retry in a few seconds`);
  }
}

/** Sizes of a compute pool. */
export interface ComputePoolOptions {
  /** Tasks running at once (default: the cores less one, at least 1, at most 4). */
  threads?: number;
  /** Tasks waiting, at most (default 32). */
  maxQueue?: number;
  /** Heap of one worker in MB (default 512): a worker over it fails alone, never the server. */
  maxHeapMb?: number;
}

/** A pool of compute worker threads. */
export class ComputePool implements Offloader {
  private readonly pool: Piscina<ComputeMessage, ComputeReply>;
  private active = 0;

  constructor(o: ComputePoolOptions = {}) {
    const threads = o.threads ?? Math.min(4, Math.max(1, availableParallelism() - 1));
    this.pool = new Piscina({
      ...workerEntry(),
      minThreads: 0,
      maxThreads: threads,
      maxQueue: o.maxQueue ?? 32,
      idleTimeout: 30_000,
      resourceLimits: { maxOldGenerationSizeMb: o.maxHeapMb ?? 512 },
    });
  }

  /** Tasks started and not yet settled (running or queued). */
  get pending(): number {
    return this.active;
  }

  /** Tasks the workers have finished so far. */
  get completed(): number {
    return this.pool.completed;
  }

  /** Threads alive now. */
  get threads(): number {
    return this.pool.threads.length;
  }

  async run<K extends ComputeTask>(
    task: K,
    input: ComputeInput<K>,
    signal?: AbortSignal,
  ): Promise<ComputeOutput<K>> {
    if (signal?.aborted) throw abortError(signal);
    if (this.pool.queueSize >= this.pool.options.maxQueue) throw new ComputeBusyError(this.pool.queueSize);
    this.active++;
    try {
      const reply = await this.pool.run({ task, input }, { signal: signal ?? null });
      if ('error' in reply) throw new FaultlineError(reply.error.code, reply.error.message);
      return reply.ok as ComputeOutput<K>;
    } catch (e) {
      if (signal?.aborted) throw abortError(signal);
      throw e;
    } finally {
      this.active--;
    }
  }

  /** Stops every worker. */
  close(): Promise<void> {
    return this.pool.destroy();
  }
}
