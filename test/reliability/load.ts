/**
 * Load of heavy and light requests at once on a real server: autocannon keeps `connections`
 * connections busy with a mix (forecasts, briefings, claim checks, long daily series and index
 * queries, each unique so no cache answers, among event pages), while a prober times /health and
 * light reads beside it. Goals (issue 11): /health p99 <= 50 ms, no light request fails.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';

const BIN = fileURLToPath(new URL('../../bin/faultline.js', import.meta.url));

/**
 * The compiled CLI serving a store file on a free port, in its own process (the load generator must
 * not share its event loop). LOAD_SERVER_NODE_ARGS adds node options to it, e.g. `--cpu-prof
 * --cpu-prof-dir=/tmp/prof` to see what holds its event loop; LOAD_SERVER_LOG names a file that
 * receives everything it prints (e.g. with `--trace-gc`).
 */
export async function serveFile(db: string): Promise<{ url: string; close(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.LOAD_SERVER_NODE_ARGS?.split(' ') ?? []),
      BIN,
      'serve',
      '--db',
      db,
      '--port',
      '0',
      '--rate-limit',
      '1000000000',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const seen = (d: Buffer) => {
      out += d.toString();
      const m = /API on "(http:\/\/[^/\s]+)\/api\/v1"/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    const log = process.env.LOAD_SERVER_LOG;
    if (log) {
      const keep = (d: Buffer) => appendFileSync(log, d);
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
    }
    child.once('exit', (code) => reject(new Error(`faultline serve exited with ${code}: ${out}`)));
  });
  return {
    url,
    close: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

/** What a load run measured. */
export interface LoadReport {
  seconds: number;
  connections: number;
  mixed: {
    total: number;
    non2xx: number;
    errors: number;
    timeouts: number;
    /** The failed requests' errors, counted by message. */
    errorKinds: string;
    statuses: string;
  };
  health: { n: number; p50: number; p99: number; max: number };
  light: { n: number; failures: string[]; p50: number; p99: number };
  summary: string;
}

const CLAIM = (i: number) =>
  `claims:\n  - id: c${i}\n    text: t\n    metric: deaths\n    geography: { country: PAK }\n    period: "20${10 + (i % 12)}"\n    comparator: { kind: at_least, value: ${i} }\n`;

/** The i-th request of the mix: heavy ones unique, so the answer cache never serves them (refusals count as answers). */
function mixed(i: number): { method: string; path: string; body?: string } {
  const day = String((i % 28) + 1).padStart(2, '0');
  switch (i % 8) {
    case 0:
      return { method: 'GET', path: `/api/v1/forecast?level=country&seed=${i}` };
    case 1:
      return { method: 'GET', path: `/api/v1/briefing?period=2019&top=${(i % 50) + 1}&render=html` };
    case 2:
      return { method: 'POST', path: '/api/v1/claims/check', body: CLAIM(i) };
    case 3:
      return {
        method: 'GET',
        path: `/api/v1/series?interval=day&from=1990-01-${day}&to=2021-12-31&by=admin1`,
      };
    case 4:
      return {
        method: 'GET',
        path: `/api/v1/index?from=2010-01-${day}&to=2021-${String((i % 12) + 1).padStart(2, '0')}-01`,
      };
    case 5:
      return { method: 'GET', path: `/api/v1/network?from=2005-01-${day}&limit=${(i % 100) + 1}` };
    default:
      return { method: 'GET', path: `/api/v1/events?limit=20&from=2015-01-${day}&sort=-fatalities` };
  }
}

const LIGHT = ['/api/v1/health', '/api/v1/sources', '/api/v1/events?limit=5', '/api/v1/actors'];

function quantile(sorted: readonly number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
}

/** What the prober timed: /health and the light reads, in ms, and the light reads that failed. */
interface Probed {
  health: number[];
  light: number[];
  failures: string[];
}

/**
 * The prober's loop: /health, and the light reads in turn, each every 20 ms after its answer, until
 * `seconds` have passed. Source text, so that it runs in a worker of its own (see probeApart).
 */
const PROBE_LOOP = `
async function probeLoop(url, seconds, lightPaths) {
  const health = [], light = [], failures = [];
  const until = performance.now() + seconds * 1000;
  const probe = async (path, into) => {
    const t0 = performance.now();
    try {
      const res = await fetch(url + path);
      await res.arrayBuffer();
      if (res.status !== 200) failures.push(path + ': ' + res.status);
    } catch (e) {
      failures.push(path + ': ' + e.message);
    }
    into.push(performance.now() - t0);
  };
  const loop = async (paths, into) => {
    for (let k = 0; performance.now() < until; k++) {
      await probe(paths[k % paths.length], into);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await Promise.all([loop(['/api/v1/health'], health), loop(lightPaths, light)]);
  return { health, light, failures };
}`;

/**
 * Times the probes from a worker thread: its own event loop, so the time autocannon's loop spends
 * reading the mix's large answers is not counted as the server's (it was, when the probes ran on the
 * same loop as autocannon: LOAD_PROBE_INLINE=1 keeps that way, for comparison).
 */
async function probeApart(url: string, seconds: number): Promise<Probed> {
  const worker = new Worker(
    `${PROBE_LOOP}
    const { parentPort, workerData } = require('node:worker_threads');
    probeLoop(workerData.url, workerData.seconds, workerData.light).then((r) => parentPort.postMessage(r));`,
    { eval: true, workerData: { url, seconds, light: LIGHT.slice(1) } },
  );
  const [probed] = (await once(worker, 'message')) as [Probed];
  await worker.terminate();
  return probed;
}

/** Times the probes on this process's own event loop, beside autocannon's (the earlier measurement). */
function probeInline(url: string, seconds: number): Promise<Probed> {
  return new Function(`${PROBE_LOOP}; return probeLoop;`)()(url, seconds, LIGHT.slice(1));
}

/** Runs the load for `seconds` at `connections` connections against `faultline serve` over the store file `db`. */
export async function runLoad(db: string, seconds: number, connections = 50): Promise<LoadReport> {
  const server = await serveFile(db);
  // Steady state: what /health and the light reads report is computed once (until the next import).
  for (const path of LIGHT) await (await fetch(`${server.url}${path}`)).arrayBuffer();
  let n = 0;
  const load = autocannon({
    url: server.url,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (req) => {
          const m = mixed(n++);
          // A claim file's type: a body of none is refused (415) before the check it is here to load.
          const sent = req.headers as Record<string, string> | undefined;
          const headers = m.body ? { ...sent, 'content-type': 'application/yaml' } : sent;
          return { ...req, method: m.method, path: m.path, body: m.body, headers };
        },
      },
    ],
  });
  // What each failed mixed request met (a reset socket, a time-out), counted by message.
  const errorKinds = new Map<string, number>();
  load.on('reqError', (e: Error) => errorKinds.set(e.message, (errorKinds.get(e.message) ?? 0) + 1));
  const probed =
    process.env.LOAD_PROBE_INLINE === '1'
      ? await probeInline(server.url, seconds)
      : await probeApart(server.url, seconds);
  const { health, light, failures } = probed;
  const result = await load;
  await server.close();
  const h = [...health].sort((a, b) => a - b);
  const l = [...light].sort((a, b) => a - b);
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const report: LoadReport = {
    seconds,
    connections,
    mixed: {
      total: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      errorKinds: [...errorKinds].map(([m, k]) => `${k} x ${m}`).join('; '),
      statuses: Object.entries(result.statusCodeStats ?? {})
        .map(([code, s]) => `${code}: ${s.count}`)
        .join(', '),
    },
    health: { n: h.length, p50: r1(quantile(h, 0.5)), p99: r1(quantile(h, 0.99)), max: r1(h.at(-1) ?? NaN) },
    light: { n: l.length, failures, p50: r1(quantile(l, 0.5)), p99: r1(quantile(l, 0.99)) },
    summary: '',
  };
  report.summary = `load: ${seconds} s at ${connections} connections, ${report.mixed.total} mixed requests (${report.mixed.statuses || 'no answers'}; ${report.mixed.errors} errors${report.mixed.errors ? `: ${report.mixed.errorKinds}` : ''}); /health p50 ${report.health.p50} ms, p99 ${report.health.p99} ms, max ${report.health.max} ms over ${report.health.n}; light reads p99 ${report.light.p99} ms, ${failures.length} failed of ${report.light.n}; load average ${loadavg()[0]!.toFixed(1)}`;
  return report;
}
