/**
 * The event loop before the helpers: on Linux, every thread of the server's process other than the
 * main one (DuckDB's query threads, libuv's pool that runs DuckDB calls, the compute pool's
 * workers, V8's helpers) runs at a lower priority (nice +10), so when heavy requests keep both
 * cores busy, the main thread still gets a core as soon as a request arrives, and `/health` and
 * light reads answer in milliseconds. The work itself is not slowed when the loop is idle: a
 * nice value only orders threads that want the same core. Threads started later are found on the
 * next sweep (every 2 s). Elsewhere (no /proc/self/task) this does nothing.
 */
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The nice value given to the helper threads. */
export const HELPER_NICE = 10;

const SWEEP_MS = 2000;

/** Lowers the priority of every thread but the main one, now and every 2 s; returns the stop function. */
export function favourEventLoop(): () => void {
  const done = new Set<number>([process.pid]);
  const sweep = () => {
    let tids: number[];
    try {
      tids = readdirSync('/proc/self/task').map(Number);
    } catch {
      return false;
    }
    for (const tid of tids) {
      if (done.has(tid)) continue;
      done.add(tid);
      try {
        setPriority(tid, HELPER_NICE);
      } catch {
        // A thread that ended between the listing and the call.
      }
    }
    return true;
  };
  if (!sweep()) return () => {};
  const timer = setInterval(sweep, SWEEP_MS);
  timer.unref();
  return () => clearInterval(timer);
}
