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

  it('fills the date fields from a year or month in a shared link, and names the period in ISO beside the title', async () => {
    // docs/dashboard.md's own link takes years: the fields stayed empty (mm/dd/yyyy) under "2 active".
    await visit(page, `${server.url}/?view=events&from=2021-03&to=2021-04`, { reload: true });
    await page.waitForSelector('[data-testid=filter-period]');
    assert.equal(await page.inputValue('#f-from'), '2021-03-01');
    assert.equal(await page.inputValue('#f-to'), '2021-04-30');
    assert.equal(await page.textContent('[data-testid=filter-period]'), '2021-03-01 to 2021-04-30');
    // A day typed in the field: the URL and the title both say it in ISO.
    await page.fill('#f-from', '2021-04-02');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('from') === '2021-04-02');
    assert.equal(await page.textContent('[data-testid=filter-period]'), '2021-04-02 to 2021-04-30');
    // Without dates, nothing beside the title.
    await visit(page, `${server.url}/?view=events`);
    assert.equal(await page.locator('[data-testid=filter-period]').count(), 0);
    assert.deepEqual(pageErrors, []);
  });

  it('shows all 87 dyads on request, where it showed 40 and told a web reader to give --limit', async () => {
    await visit(page, `${server.url}/?view=actors`);
    await page.waitForSelector('[data-testid=dyads-total][data-value="40"]', { timeout: 20_000 });
    assert.match((await page.textContent('[data-testid=dyads-total]')) ?? '', /40 of 87 dyads/);
    const notes = await page.locator('[data-testid=dyads-note]').allTextContents();
    assert.ok(!notes.some((n) => n.includes('--limit')), notes.join(' | '));
    await page.click('[data-testid=dyads-show-all]');
    await page.waitForSelector('[data-testid=dyads-total][data-value="87"]', { timeout: 20_000 });
    assert.equal(await page.locator('[data-testid=dyads] tbody tr').count(), 87);
    assert.equal(await page.locator('[data-testid=dyads-show-all]').count(), 0);
    assert.deepEqual(pageErrors, []);
  });

  it('applies a date typed from the keyboard once, when its year is whole, not at each digit of the year', async () => {
    await visit(page, `${server.url}/?view=events`, { reload: true });
    await page.waitForSelector('[data-testid=events-table]', { timeout: 20_000 });
    const asked: string[] = [];
    const record = (r: { url(): string }) => {
      const from = new URL(r.url()).searchParams.get('from');
      if (r.url().includes('/api/v1/events') && from) asked.push(from);
    };
    page.on('request', record);
    const before = await page.evaluate(() => history.length);
    await page.focus('#f-from');
    // Chromium's order (mm/dd/yyyy, whatever the page's locale), the year last: each of its digits
    // set the field (0002-02-03, 0020-..., 0202-...).
    await page.keyboard.type('02032021', { delay: 50 });
    await page.waitForFunction(() => new URL(location.href).searchParams.get('from') === '2021-02-03');
    await page.waitForLoadState('networkidle');
    page.off('request', record);
    assert.deepEqual([...new Set(asked)], ['2021-02-03']);
    assert.equal((await page.evaluate(() => history.length)) - before, 1);
    assert.deepEqual(pageErrors, []);
  });

  it('says so when the map cannot be drawn, and gives no "click a province" hint under it', async () => {
    const boundaries = '**/geo/admin1.geojson';
    const seen = pageErrors.length;
    await page.route(boundaries, (r) => r.abort('connectionrefused'));
    try {
      await visit(page, `${server.url}/?view=map`, { reload: true });
      const failed = await page.waitForSelector(
        '[data-testid=map][data-state=error] [data-testid=map-failed]',
        {
          timeout: 20_000,
        },
      );
      assert.match((await failed.textContent()) ?? '', /could not be drawn: its boundary files did not load/);
      assert.equal(await page.locator('[data-testid=map-click-hint]').count(), 0);
    } finally {
      await page.unroute(boundaries);
    }
    // The refused boundary file is the one console error the page logged.
    const refused = pageErrors.splice(seen);
    assert.ok(
      refused.length > 0 && refused.every((e) => /ERR_CONNECTION_REFUSED/.test(e)),
      refused.join('\n'),
    );
    // Drawn, the hint is back.
    await visit(page, `${server.url}/?view=map`, { reload: true });
    await page.waitForSelector('[data-testid=map][data-state=ready]', { timeout: 20_000 });
    await page.waitForSelector('[data-testid=map-click-hint]', { timeout: 20_000 });
    assert.deepEqual(pageErrors, []);
  });

  it('says whether the CSV download holds every match or the first 1,000 of more, in the right number', async () => {
    const link = async (query: string) => {
      await visit(page, `${server.url}/?view=events${query}`);
      await page.waitForSelector('[data-testid=events-total]', { timeout: 20_000 });
      return (await page.textContent('[data-testid=csv-link]'))?.trim();
    };
    // It read "first 1,000 rows", "first 23 rows" of 23 and "first 1 rows".
    assert.equal(await link(''), 'Download CSV (first 1,000 of 7,330 rows)');
    assert.equal(await link('&from=2021-03&to=2021-04'), 'Download CSV (all 23 rows)');
    assert.equal(await link('&from=2021-03-08&to=2021-03-08'), 'Download CSV (1 row)');
    assert.deepEqual(pageErrors, []);
  });
});
