/**
 * FAULTLINE_SQL_PROFILE=1: statements (storage) and import phases (app) write their wall time and
 * the process's CPU to stderr, one line each (bench/fuzz-import.bench.ts counts the `sql ` lines).
 */

/** Whether timings are asked for. */
export const PROFILING = process.env.FAULTLINE_SQL_PROFILE === '1';

/**
 * Runs `run`; when profiling, writes `line(wallMs, cpuMs)` to stderr after it. The CPU is the whole
 * process's (DuckDB's threads and whatever else runs meanwhile): steadier than wall time on a busy machine.
 */
export async function profiled<T>(
  run: () => Promise<T>,
  line: (ms: string, cpuMs: string) => string,
): Promise<T> {
  if (!PROFILING) return run();
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    return await run();
  } finally {
    const cpu = process.cpuUsage(cpu0);
    process.stderr.write(
      line((performance.now() - t).toFixed(0), ((cpu.user + cpu.system) / 1000).toFixed(0)) + '\n',
    );
  }
}
