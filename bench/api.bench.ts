/**
 * API benchmark: builds a store of N events (default 3,000,000) inside DuckDB from the real bundled
 * GED rows (INSERT ... SELECT with new ids and dates jittered by up to ±30 days), then
 *  1. times 10 canonical dashboard queries through the app use cases against the same SQL run raw
 *     through the store (the floor) and against the same read on `events` (today's SQL without the
 *     rollups). App and raw run interleaved, each first in every other round, so that load from
 *     other processes falls on both alike; the events reads run after them (no timed rollup read
 *     follows a scan of `events`). p50/p95 of each, app over raw (goal <= 1.3) and events
 *     over app (goal >= 10);
 *  2. load-tests the HTTP API of `faultline serve` on that store file, in its own process as users
 *     run it (its DuckDB threads, heavy slots and queue; FAULTLINE_* settings apply), with autocannon
 *     at 50 connections (default 30 s) on the same mix, once as a dashboard sees it (answers cached
 *     until the next import) and once with every request unique (cache defeated), reporting
 *     p50/p95/p99 and the error rate.
 * API_BENCH_N, API_BENCH_REPS (default 100: the use cases take 3-10 ms, and at 20 rounds one run's
 * app/raw ratios moved by 0.3 between quiet runs), API_BENCH_EVENTS_REPS (default 20: the events SQL
 * takes 25-200 ms) and API_BENCH_SECONDS scale it down (0: no HTTP load); API_BENCH_REUSE=1 reuses the store.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { importFile } from '../src/app/import-dataset.ts';
import { h3Cells } from '../src/geo/h3.ts';
import type { DuckDBStore } from '../src/storage/duckdb/duckdb-store.ts';
import { createStore } from '../src/storage/index.ts';
import { canonicalQueries, interleaved } from './canonical.ts';
import { GED_FILE } from '../test/helpers/ged-rows.ts';
import { serveFile } from '../test/reliability/load.ts';

const OUT = new URL('./out/', import.meta.url).pathname;

// GED 22.1 admin-1 labels to ISO 3166-2 codes, for stores built before geography placement is wired in.
const ADMIN1: [string, string][] = [
  ['balochistan', 'PK-BA'],
  ['khyber', 'PK-KP'],
  ['federally administered', 'PK-KP'],
  ['punjab', 'PK-PB'],
  ['sindh', 'PK-SD'],
  ['islamabad', 'PK-IS'],
  ['gilgit', 'PK-GB'],
  ['azad', 'PK-JK'],
  ['northern areas', 'PK-GB'],
];

/** Builds the bench store: the bundled GED rows, placed, then replicated to n rows inside DuckDB. */
export async function buildStore(n: number): Promise<{ store: DuckDBStore; path: string; buildS: number }> {
  const path = join(OUT, 'api-bench.duckdb');
  // API_BENCH_REUSE=1 opens the store an earlier run built (same N) instead of building it again.
  if (process.env.API_BENCH_REUSE === '1' && existsSync(path)) {
    const kept = (await createStore({ path })) as DuckDBStore;
    if (Math.abs((await kept.countEvents({})) - n) < 6416) return { store: kept, path, buildS: 0 };
    await kept.close();
  }
  mkdirSync(OUT, { recursive: true });
  rmSync(path, { force: true });
  rmSync(path + '.wal', { force: true });
  const store = (await createStore({ path })) as DuckDBStore;
  const t = performance.now();
  await importFile(store, GED_FILE);
  const base = await store.select<{
    id: string;
    lat: number | null;
    lon: number | null;
    label: string | null;
  }>(
    `SELECT id, lat, lon, lower(admin1_label) AS label FROM events WHERE admin1_code IS NULL OR h3_coarse IS NULL`,
  );
  if (base.length) {
    await store.select(
      `CREATE TEMP TABLE geo_fill (id VARCHAR, admin1_code VARCHAR, h3_coarse VARCHAR, h3_fine VARCHAR)`,
    );
    const values = base.map((r) => {
      const code = ADMIN1.find(([k]) => r.label?.includes(k))?.[1] ?? null;
      const cells = r.lat !== null && r.lon !== null ? h3Cells(r.lon, r.lat) : null;
      return [r.id, code, cells?.coarse ?? null, cells?.fine ?? null];
    });
    for (let i = 0; i < values.length; i += 500) {
      const chunk = values.slice(i, i + 500);
      await store.select(
        `INSERT INTO geo_fill VALUES ${chunk.map((_, j) => `($${j * 4 + 1}, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4})`).join(', ')}`,
        chunk.flat(),
      );
    }
    await store.select(
      `UPDATE events SET admin1_code = coalesce(events.admin1_code, g.admin1_code), h3_coarse = coalesce(events.h3_coarse, g.h3_coarse), h3_fine = coalesce(events.h3_fine, g.h3_fine) FROM geo_fill g WHERE events.id = g.id`,
    );
  }
  const copies = Math.max(0, Math.ceil(n / 6416) - 1);
  // New ids; start and end dates shifted together by a deterministic -30..30 days per copy.
  await store.select(`INSERT INTO events SELECT * EXCLUDE (i) REPLACE (
      e.id || '#' || r.i AS id, e.source_id || '#' || r.i AS source_id,
      e.date_start + CAST(hash(e.id, r.i) % 61 AS INTEGER) - 30 AS date_start,
      e.date_end + CAST(hash(e.id, r.i) % 61 AS INTEGER) - 30 AS date_end)
    FROM events e, range(1, ${copies + 1}) r(i)`);
  // Events written around the import: rebuild the rollups from them, as the migration would.
  await store.rebuildRollups();
  await store.select('CHECKPOINT');
  return { store, path, buildS: (performance.now() - t) / 1000 };
}

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

/** One autocannon run over a list of request paths; latencies measured per response. */
async function load(url: string, paths: () => string, seconds: number): Promise<Record<string, number>> {
  const lat: number[] = [];
  const instance = autocannon({
    url,
    connections: 50,
    duration: seconds,
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths() }) }],
  });
  instance.on('response', (_c: unknown, _status: number, _bytes: number, ms: number) => lat.push(ms));
  const res = await instance;
  const total = res.requests.total;
  return {
    requests: total,
    req_per_s: r1(res.requests.average),
    p50_ms: r1(pct(lat, 0.5)),
    p95_ms: r1(pct(lat, 0.95)),
    p99_ms: r1(pct(lat, 0.99)),
    // autocannon counts timeouts among errors; attempts are completed responses plus errors.
    errors: res.errors,
    timeouts: res.timeouts,
    non_2xx: res.non2xx,
    error_rate_pct: +(((res.errors + res.non2xx) / Math.max(1, total + res.errors)) * 100).toFixed(3),
  };
}

/** The same query with its first and last days moved by up to 27 days, distinct for k < 784. */
function unique(url: string, k: number): string {
  const a = String(1 + (k % 28)).padStart(2, '0');
  const b = String(31 - (Math.floor(k / 28) % 28)).padStart(2, '0');
  let u = url.replace(/from=(\d{4}-\d{2})-01/, `from=$1-${a}`).replace(/to=(\d{4})-12-31/, `to=$1-12-${b}`);
  u = u.replace(
    'period1=2020&period2=2021',
    `period1=2020-01-${a}..2020-12-${b}&period2=2021-01-${a}..2021-12-${b}`,
  );
  if (u.includes('interval=year')) u += `&from=1989-01-${a}`;
  return u;
}

/** Runs the API benchmark and returns its measurements. */
export async function benchApi(
  n = Number(process.env.API_BENCH_N ?? 3_000_000),
  reps = Number(process.env.API_BENCH_REPS ?? 100),
  eventsReps = Number(process.env.API_BENCH_EVENTS_REPS ?? 20),
  seconds = Number(process.env.API_BENCH_SECONDS ?? 30),
): Promise<Record<string, unknown>> {
  const { store, buildS, path } = await buildStore(n);
  const events = await store.countEvents({});
  console.log('api store', JSON.stringify({ events, build_s: r1(buildS) }));
  const queries = canonicalQueries();
  const table: Record<string, unknown>[] = [];
  console.log('api queries load average', loadavg().join(' '));
  for (const q of queries) {
    const [app, raw] = (await interleaved([() => q.app(store), () => q.raw(store, 'rollups')], reps)) as [
      number[],
      number[],
    ];
    const [ev] = (await interleaved([() => q.raw(store, 'events')], eventsReps)) as [number[]];
    const row = {
      query: q.name,
      app_p50_ms: r1(pct(app, 0.5)),
      app_p95_ms: r1(pct(app, 0.95)),
      raw_p50_ms: r1(pct(raw, 0.5)),
      raw_p95_ms: r1(pct(raw, 0.95)),
      events_p50_ms: r1(pct(ev, 0.5)),
      ratio_p50: +(pct(app, 0.5) / pct(raw, 0.5)).toFixed(2),
      events_over_app_p50: +(pct(ev, 0.5) / pct(app, 0.5)).toFixed(1),
    };
    console.log('api query', JSON.stringify(row));
    table.push(row);
  }
  console.log('api queries done, load average', loadavg().join(' '));
  // The server owns the store file from here, as `faultline serve` does.
  await store.close();
  // API_BENCH_SECONDS=0: the queries only, no HTTP load.
  if (seconds <= 0) return { events, build_s: r1(buildS), queries: table };
  const server = await serveFile(path);
  let i = 0;
  const cached = await load(server.url, () => queries[i++ % queries.length]!.url, seconds);
  console.log('api load cached', JSON.stringify(cached));
  // Unique query strings defeat the answer cache: every request runs its query (dates moved by a few days).
  let j = 0;
  const uncached = await load(
    server.url,
    () => unique(queries[j % queries.length]!.url, Math.floor(j++ / queries.length)),
    seconds,
  );
  console.log('api load uncached', JSON.stringify(uncached), 'load average', loadavg().join(' '));
  await server.close();
  return { events, build_s: r1(buildS), queries: table, load_cached: cached, load_uncached: uncached };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchApi();
