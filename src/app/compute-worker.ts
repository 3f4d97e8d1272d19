/**
 * The entry of a compute worker thread (a separate esbuild entry point, dist/compute-worker.js):
 * runs one task by name. A typed error crosses back as `{ error: { code, message } }`, since a
 * thrown error loses its class on the way.
 */
import { FaultlineError } from '../domain/errors.ts';
import { COMPUTE_TASKS, type ComputeTask } from './compute-tasks.ts';

/** What the pool sends a worker. */
export interface ComputeMessage {
  task: ComputeTask;
  input: unknown;
}

/** What a worker answers: the task's result, or the typed error it raised. */
export type ComputeReply = { ok: unknown } | { error: { code: string; message: string } };

/** Runs one task (a task may be async: its result is awaited before it crosses back). */
export default async function runTask({ task, input }: ComputeMessage): Promise<ComputeReply> {
  try {
    return { ok: await (COMPUTE_TASKS[task] as (i: unknown) => unknown)(input) };
  } catch (e) {
    if (e instanceof FaultlineError) return { error: { code: e.code, message: e.message } };
    throw e;
  }
}
