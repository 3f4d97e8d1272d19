/**
 * The one Chromium of the dashboard test's parts (test/e2e/dashboard.test.ts): launched before the
 * first part's tests, closed after the last; each part opens its own pages (new contexts) of it.
 */
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../src/report/pdf/chromium-pdf.ts';

let browser: Browser | undefined;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

/** The parts' browser; only in their hooks and tests (it is launched in the root `before`). */
export function dashboardBrowser(): Browser {
  if (!browser) throw new Error('the dashboard tests use their browser before it is launched');
  return browser;
}
