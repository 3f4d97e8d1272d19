/**
 * Where CPU-heavy pure work runs. A server installs a compute pool (worker threads) so that
 * forecasts, briefing rendering and claim-file parsing never hold its event loop; without one (the
 * CLI, tests of the use cases) the work runs inline. Work started under a request's signal
 * (storage/query-signal.ts) is stopped when it fires: the pool terminates the worker running it.
 */
import { currentSignal } from '../storage/query-signal.ts';
import type { ComputeInput, ComputeOutput, ComputeTask } from './compute-tasks.ts';

/** Runs compute tasks off the calling thread. */
export interface Offloader {
  run<K extends ComputeTask>(
    task: K,
    input: ComputeInput<K>,
    signal?: AbortSignal,
  ): Promise<ComputeOutput<K>>;
}

let installed: Offloader | null = null;

/** Installs (or, with null, removes) the process's compute pool. */
export function useOffloader(pool: Offloader | null): void {
  installed = pool;
}

/** Runs a compute task on the installed pool under the current signal, else `inline()` here. */
export async function offload<K extends ComputeTask>(
  task: K,
  input: ComputeInput<K>,
  inline: () => ComputeOutput<K> | Promise<ComputeOutput<K>>,
): Promise<ComputeOutput<K>> {
  return installed ? installed.run(task, input, currentSignal()) : inline();
}
