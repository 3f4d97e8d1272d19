/**
 * What the dashboard test's parts (test/e2e/dashboard.test.ts) share: its one Chromium, and one
 * server over a copy of the bundled data for the parts that only read it (the overview, the daily
 * reader's section and Border and relations; each started an identical server and store copy of
 * its own until 2026-12-07). Both start in the root `before`, together, and stop after the last
 * part; each part opens its own pages (new contexts) of the browser. A part whose tests write to
 * their store, or that needs more than the bundled data, starts a server of its own.
 */
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../src/report/pdf/chromium-pdf.ts';
import { startDashboardServer, type DashboardServer } from '../../helpers/dashboard-server.ts';

let browser: Browser | undefined;
let server: DashboardServer | undefined;
before(async () => {
  [browser, server] = await Promise.all([launchChromium(), startDashboardServer()]);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** The parts' browser; only in their hooks and tests (it is launched in the root `before`). */
export function dashboardBrowser(): Browser {
  if (!browser) throw new Error('the dashboard tests use their browser before it is launched');
  return browser;
}

/**
 * The server over the bundled data that the parts which only read it share; only in their hooks
 * and tests (it is started in the root `before`). Nothing may write to its store.
 */
export function dashboardServer(): DashboardServer {
  if (!server) throw new Error('the dashboard tests use their shared server before it is started');
  return server;
}
