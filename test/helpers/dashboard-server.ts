/**
 * The real API over a store with the bundled data imported (and placed on the bundled
 * geography, test/helpers/bundled-store.ts), serving the built dashboard: what the browser test and the dashboard benchmark run
 * against. Listens on 127.0.0.1, port 0.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { coresLessOne } from '../../src/api/admission.ts';
import { createApi, startServer } from '../../src/api/server.ts';
import { launchChromium } from '../../src/report/pdf/chromium-pdf.ts';
import { createStore, type Store } from '../../src/storage/index.ts';
import { ensureDashboard } from '../../web/build/dashboard-build.ts';
import { bundledStoreCopy } from './bundled-store.ts';

/** A running dashboard: its base URL and how to stop it. */
export interface DashboardServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Builds the dashboard if stale and serves it over a copy of the bundled store. The query time
 * limit is a minute, not the server's 10 s: these tests check what the pages show, and a loaded
 * machine must not turn a slow forecast into a failed page.
 */
export async function startDashboardServer(
  prepare?: (store: Store) => Promise<void>,
): Promise<DashboardServer> {
  const [{ dir }, path] = await Promise.all([ensureDashboard(), bundledStoreCopy()]);
  const store = await createStore({ path });
  // DuckDB's threads as `faultline serve` sets them (the cores less one): a server leaves a core to
  // its event loop, and on the test machine's two cores that spares the CPU a second thread costs.
  await store.limitThreads(coresLessOne());
  await prepare?.(store);
  const api = createApi({
    store,
    staticDir: dir,
    log: () => {},
    rateLimitPerMinute: 100_000,
    queryTimeoutMs: 60_000,
  });
  const server = await startServer(api, '127.0.0.1', 0);
  return {
    url: server.url,
    async close() {
      await server.close();
      await store.close();
    },
  };
}

/** A browser page on the dashboard served over the bundled data, with the page's script errors collected. */
export interface DashboardSession {
  server: DashboardServer;
  browser: Browser;
  page: Page;
  pageErrors: string[];
  close(): Promise<void>;
}

/** Where browser tests save screenshots for review (with FAULTLINE_SCREENSHOTS=1). */
export const SCREENSHOTS = new URL('../../test-output/screenshots/', import.meta.url).pathname;

/**
 * Saves a screenshot of the page for review as test-output/screenshots/NAME.png when
 * FAULTLINE_SCREENSHOTS is set; otherwise does nothing (a full-page capture costs Chromium a
 * resize and a PNG encoding, and no test reads them back).
 */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  if (!process.env.FAULTLINE_SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage });
}

/**
 * Counts the page's fetches in flight, from the first script on (`window.__faultlineFetches`):
 * `visit` waits for the app to go quiet with it.
 */
const COUNT_FETCHES = `(() => {
  let n = 0;
  const f = window.fetch.bind(window);
  window.fetch = (...args) => {
    n++;
    return f(...args).then(
      async (res) => {
        // Until the body has arrived: the app reads it next.
        try { await res.clone().arrayBuffer(); } catch {}
        n--;
        return res;
      },
      (e) => { n--; throw e; },
    );
  };
  Object.defineProperty(window, '__faultlineFetches', { get: () => n });
})();`;

/**
 * Opens a dashboard address in the page. The first visit loads the page; the next ones go as the
 * app's own Back and Forward do (history.pushState, then a popstate event: the app reads the URL
 * again), so its script, the map and the boundaries stay loaded. A full load cost the headless
 * browser about 3 s of CPU on the 2-core test machine (the map's WebGL context, shaders and
 * boundaries, all in software), this about 0.4 s. Resolves once no fetch has been in flight for
 * three frames in a row, so what a test reads next is the new address's, not the last one's.
 * `reload: true` loads the page afresh, as opening a shared link does.
 */
export async function visit(page: Page, url: string, opts: { reload?: boolean } = {}): Promise<void> {
  const target = new URL(url);
  const here = new URL(page.url());
  const loaded = here.origin === target.origin && (await page.evaluate(() => '__faultlineFetches' in window));
  if (opts.reload || !loaded) {
    await page.goto(url);
  } else {
    await page.evaluate(
      (path) => {
        history.pushState(null, '', path);
        dispatchEvent(new PopStateEvent('popstate'));
      },
      target.pathname + target.search + target.hash,
    );
  }
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __faultlineFetches: number; __quietFrames?: number };
      w.__quietFrames = w.__faultlineFetches === 0 ? (w.__quietFrames ?? 0) + 1 : 0;
      return w.__quietFrames >= 3;
    },
    undefined,
    { polling: 'raf' },
  );
  await page.evaluate(() => delete (window as unknown as { __quietFrames?: number }).__quietFrames);
}

/** A new page of the browser, of the given size, that counts its fetches for `visit`. */
export async function dashboardPage(
  browser: Browser,
  viewport = { width: 1360, height: 900 },
  options: Parameters<Browser['newPage']>[0] = {},
): Promise<Page> {
  const page = await browser.newPage({ viewport, locale: 'en-GB', ...options });
  await page.addInitScript(COUNT_FETCHES);
  return page;
}

/**
 * Starts the server and Chromium together and opens a desktop-sized page that records script errors.
 * Given a `browser` already running (a file's other session's), opens the page in it instead of
 * launching another: a launch costs Chromium about a second of CPU, and the test process that
 * would start it several more. Closing the session then closes its page and server, not the browser.
 * Given a `server` already running (over the bundled data, shared by sessions that only read it),
 * opens the page on it; closing the session then leaves the server running too.
 */
export async function openDashboard(
  prepare?: (store: Store) => Promise<void>,
  opts: { browser?: Browser; server?: DashboardServer } = {},
): Promise<DashboardSession> {
  if (opts.server && prepare) throw new Error('a shared dashboard server cannot be prepared for one session');
  const [server, browser] = await Promise.all([
    opts.server ?? startDashboardServer(prepare),
    opts.browser ?? launchChromium(),
  ]);
  const page = await dashboardPage(browser);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  return {
    server,
    browser,
    page,
    pageErrors,
    async close() {
      await (opts.browser ? page.close() : browser.close());
      if (!opts.server) await server.close();
    },
  };
}
