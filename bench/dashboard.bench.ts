/**
 * Dashboard benchmark in headless Debian Chromium over the real API and the bundled data:
 * Largest Contentful Paint of the overview on a cold cache (goal ≤ 2.0 s), and the time from a
 * filter change in the form to the redrawn monthly chart and key figures, p75 over 20 changes
 * that each need fresh API answers (goal ≤ 100 ms). The baseline, run in the same process, is the
 * API alone (a second, equally cold server) answering the same requests from Node, so the ratio
 * is what the browser adds.
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from '../src/report/pdf/chromium-pdf.ts';
import { startDashboardServer } from '../test/helpers/dashboard-server.ts';

const LCP_RUNS = 5;
const PROVINCES = [
  'PK-KP',
  'PK-BA',
  'PK-SD',
  'PK-PB',
  'PK-IS',
  'PK-GB',
  'PK-JK',
  'AF-KNR',
  'AF-NAN',
  'AF-KHO',
];
// Each run uses its own years, so every change needs answers the API has not cached yet.
const YEARS_WEBGL = ['2014', '2021'];
const YEARS_NO_WEBGL = ['2013', '2020'];

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

/** LCP of a cold load of the overview, in ms, once the key figures are on screen. */
async function lcpOnce(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    (window as unknown as { __lcp: number }).__lcp = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as unknown as { __lcp: number }).__lcp = e.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  await page.goto(url);
  await page.waitForSelector('[data-testid=kpi-events][data-state=ready]');
  await page.waitForSelector('[data-testid=time-chart]:not([data-rendered=""]) svg');
  await page.waitForTimeout(300);
  const lcp = await page.evaluate(() => (window as unknown as { __lcp: number }).__lcp);
  await context.close();
  return lcp;
}

/**
 * In-page script (a string, so the TypeScript loader's helpers never reach the page): sets the
 * province select, then resolves on the first frame where the chart shows the new filter and the
 * key figures, with their change against the previous period, are ready.
 */
const changeProvince = (code: string) => `new Promise((resolve) => {
  const code = ${JSON.stringify(code)};
  const select = document.querySelector('#f-admin1');
  const t0 = performance.now();
  select.value = code;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  let chartAt = 0;
  function poll() {
    const c = document.querySelector('[data-testid=time-chart]').getAttribute('data-rendered') || '';
    const now = performance.now();
    if (!chartAt && c.includes('admin1=' + code)) chartAt = now;
    const kpis = [...document.querySelectorAll('.kpi')].every((k) => k.getAttribute('data-state') === 'ready') && !!document.querySelector('.kpi-change');
    if (chartAt && kpis) resolve({ chart: chartAt - t0, all: now - t0 });
    else requestAnimationFrame(poll);
  }
  requestAnimationFrame(poll);
})`;

/** Changes the province in the form and waits, inside the page, until the chart and key figures show it. */
async function filterChanges(
  browser: Browser,
  base: string,
  years: readonly string[],
): Promise<{ chart: number[]; all: number[]; requests: string[][] }> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const chart: number[] = [];
  const all: number[] = [];
  const requests: string[][] = [];
  let seen: string[] = [];
  page.on('request', (r) => r.url().includes('/api/v1/') && seen.push(r.url()));
  for (const year of years) {
    await page.goto(`${base}/?from=${year}-01-01&to=${year}-12-31`);
    await page.waitForSelector('[data-testid=time-chart]:not([data-rendered=""]) svg');
    await page.waitForSelector(
      '[data-testid=map][data-state=unavailable], [data-testid=map][data-state=ready]:not([data-rendered=""])',
    );
    for (const code of PROVINCES) {
      seen = [];
      const r = (await page.evaluate(changeProvince(code))) as { chart: number; all: number };
      chart.push(r.chart);
      all.push(r.all);
      requests.push(seen);
    }
  }
  await page.close();
  return { chart, all, requests };
}

/** The API alone (a second server, so nothing is cached) answering each change's requests from Node, in parallel. */
async function apiBaseline(base: string, requests: string[][]): Promise<number[]> {
  const out: number[] = [];
  for (const urls of requests) {
    const t0 = performance.now();
    await Promise.all(
      urls.map((u) => fetch(base + new URL(u).pathname + new URL(u).search).then((r) => r.text())),
    );
    out.push(performance.now() - t0);
  }
  return out;
}

/** One run's figures: p50, p75 and max in ms. */
const summary = (xs: number[]) =>
  `p50 ${ms(quantile(xs, 0.5))}, p75 ${ms(quantile(xs, 0.75))}, max ${ms(Math.max(...xs))}`;

/**
 * Runs the dashboard benchmark and prints its figures: LCP, then filter changes twice, with the
 * map drawn by WebGL (SwiftShader on a machine without a GPU: it competes for the CPU) and with
 * WebGL switched off (the map says it is unavailable), each against the API alone.
 */
export async function benchDashboard(): Promise<{ lcp: number[]; webgl: Run; noWebgl: Run }> {
  const [server, baseline] = await Promise.all([startDashboardServer(), startDashboardServer()]);
  const browser = await launchChromium();
  const plain = await launchChromium(['--disable-3d-apis']);
  try {
    await lcpOnce(browser, server.url); // warm the API's answer cache and the OS file cache once
    const lcp: number[] = [];
    for (let i = 0; i < LCP_RUNS; i++) lcp.push(await lcpOnce(browser, server.url));
    const runs: [string, Run][] = [];
    for (const [name, b, years] of [
      ['with the WebGL map', browser, YEARS_WEBGL],
      ['without WebGL (map unavailable)', plain, YEARS_NO_WEBGL],
    ] as const) {
      const f = await filterChanges(b, server.url, years);
      runs.push([name, { ...f, api: await apiBaseline(baseline.url, f.requests) }]);
    }
    const lines = [
      `dashboard: LCP of the overview, cold cache, ${LCP_RUNS} loads: ${summary(lcp)} (goal ≤ 2000 ms: ${(quantile(lcp, 0.75) / 2000).toFixed(2)}x)`,
    ];
    for (const [name, r] of runs) {
      const perChange = Math.round(r.requests.flat().length / r.requests.length);
      lines.push(
        `dashboard ${name}: filter change → redrawn chart, ${r.chart.length} changes: ${summary(r.chart)} (goal ≤ 100 ms: ${(quantile(r.chart, 0.75) / 100).toFixed(2)}x)`,
        `dashboard ${name}: filter change → chart and key figures: ${summary(r.all)}`,
        `dashboard ${name}: baseline, the API alone answering the same ${perChange} requests per change, uncached, from Node: ${summary(r.api)}; dashboard / API at p75: ${(quantile(r.all, 0.75) / quantile(r.api, 0.75)).toFixed(1)}x`,
      );
    }
    process.stdout.write(lines.join('\n') + '\n');
    return { lcp, webgl: runs[0]![1], noWebgl: runs[1]![1] };
  } finally {
    await Promise.all([browser.close(), plain.close()]);
    await Promise.all([server.close(), baseline.close()]);
  }
}

/** Timings of one series of filter changes and of the API alone for the same requests. */
interface Run {
  chart: number[];
  all: number[];
  requests: string[][];
  api: number[];
}
