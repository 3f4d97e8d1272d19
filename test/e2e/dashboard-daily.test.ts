// test-run: alone, about 15 s (Chromium)
/**
 * The dashboard as an analyst meets it each morning, in a real Chromium against the real API over
 * the bundled data: what a daily reader would trip over (counts of countries covered on different
 * days set on one colour scale, ...).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  openDashboard,
  visit,
  type DashboardServer,
  type DashboardSession,
} from '../helpers/dashboard-server.ts';

let session: DashboardSession;
let server: DashboardServer;
let page: Page;
let pageErrors: string[] = [];

describe('the dashboard for a daily reader, in Chromium', () => {
  before(async () => {
    session = await openDashboard();
    ({ server, page, pageErrors } = session);
  });

  after(() => session?.close());

  it('says on the map legend that Afghanistan counts 212 days of all data, so colours do not compare across the border', async () => {
    // All data: Pakistan from 1989 (bar 2022-2025), Afghanistan only in the 7 months of 2026.
    await visit(page, `${server.url}/?view=map`);
    const legend = await page.waitForSelector('[data-testid=legend-uneven]', { timeout: 20_000 });
    const text = (await legend.textContent()) ?? '';
    assert.match(text, /do not compare across the border/);
    assert.match(text, /the loaded sources cover AFG on 212 of 13,726 days/);
    assert.match(text, /PAK on 12,265 of 13,726 days/);
    // One country: nothing to compare, no such line.
    await visit(page, `${server.url}/?view=map&country=PAK`);
    await page.waitForSelector('[data-testid=map][data-outside=AFG]', { timeout: 20_000 });
    assert.equal(await page.locator('[data-testid=legend-uneven]').count(), 0);
    // 2026: both countries covered on the same days.
    await visit(page, `${server.url}/?view=map&from=2026-01-01&to=2026-07-31`);
    await page.waitForSelector('[data-testid=map][data-outside=""]', { timeout: 20_000 });
    assert.equal(await page.locator('[data-testid=legend-uneven]').count(), 0);
    assert.deepEqual(pageErrors, []);
  });
});
