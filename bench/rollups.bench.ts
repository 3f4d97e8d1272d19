/**
 * Rollup benchmark: builds a store of N events (default 3,000,000: the bundled GED rows placed, then
 * replicated inside DuckDB with new ids and dates jittered by up to ±30 days; see
 * test/helpers/replicated-store.ts), then times each canonical dashboard query, in the same run:
 *  - through its app use case (routed to the rollups by the store),
 *  - as the same SQL run raw (its floor),
 *  - as the same read on the events table run raw (what it cost without rollups), after the others.
 * App and raw alternate, each first in every other round.
 * Reports p50/p95 of each and the ratios against the goals: app within 1.3x of its raw SQL, at least
 * 10x faster than the events SQL, p95 at most 50 ms. API_BENCH_N, ROLLUP_BENCH_REPS and
 * ROLLUP_BENCH_EVENTS_REPS scale it down; ROLLUP_BENCH_STORE reuses a store file an earlier run built.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBStore } from '../src/storage/duckdb/duckdb-store.ts';
import { replicatedStore } from '../test/helpers/replicated-store.ts';
import { canonicalQueries, interleaved } from './canonical.ts';

const OUT = new URL('./out/', import.meta.url).pathname;

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

/** Runs the rollup benchmark and returns its measurements. */
export async function benchRollups(
  n = Number(process.env.API_BENCH_N ?? 3_000_000),
  reps = Number(process.env.ROLLUP_BENCH_REPS ?? 30),
  eventsReps = Number(process.env.ROLLUP_BENCH_EVENTS_REPS ?? 5),
): Promise<Record<string, unknown>> {
  mkdirSync(OUT, { recursive: true });
  const reuse = process.env.ROLLUP_BENCH_STORE;
  const path = reuse ?? join(OUT, 'rollups-bench.duckdb');
  if (!reuse) {
    rmSync(path, { force: true });
    rmSync(path + '.wal', { force: true });
  }
  const t0 = performance.now();
  const store = reuse ? await DuckDBStore.open(path) : await replicatedStore(path, n);
  await store.select('CHECKPOINT');
  const buildS = (performance.now() - t0) / 1000;
  const events = await store.countEvents({});
  const [sizes] = await store.select<{ day: number; month: number }>(
    `SELECT (SELECT count(*) FROM rollup_day) AS day, (SELECT count(*) FROM rollup_month) AS month`,
  );
  console.log(
    'rollup store',
    JSON.stringify({
      events,
      rollup_day_rows: sizes!.day,
      rollup_month_rows: sizes!.month,
      build_s: r1(buildS),
    }),
  );
  const table: Record<string, unknown>[] = [];
  for (const q of canonicalQueries()) {
    // The events reads after the others, so that no timed rollup read follows a scan of `events`.
    const [app, raw] = (await interleaved([() => q.app(store), () => q.raw(store, 'rollups')], reps)) as [
      number[],
      number[],
    ];
    const [ev] = (await interleaved([() => q.raw(store, 'events')], eventsReps)) as [number[]];
    const appRaw = pct(app, 0.5) / pct(raw, 0.5);
    const speedup = pct(ev, 0.5) / pct(app, 0.5);
    const row = {
      query: q.name,
      app_p50_ms: r1(pct(app, 0.5)),
      app_p95_ms: r1(pct(app, 0.95)),
      raw_p50_ms: r1(pct(raw, 0.5)),
      raw_p95_ms: r1(pct(raw, 0.95)),
      events_p50_ms: r1(pct(ev, 0.5)),
      events_p95_ms: r1(pct(ev, 0.95)),
      app_over_raw_p50: +appRaw.toFixed(2),
      events_over_app_p50: +speedup.toFixed(1),
      met: {
        within_1_3x_raw: appRaw <= 1.3,
        faster_10x_than_events: speedup >= 10,
        p95_le_50ms: pct(app, 0.95) <= 50,
      },
    };
    console.log('rollup query', JSON.stringify(row));
    table.push(row);
  }
  await store.close();
  return { events, rollup_rows: sizes, build_s: r1(buildS), reps, events_reps: eventsReps, queries: table };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchRollups();
