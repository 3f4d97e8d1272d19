// test-run: alone, about 5 s (Chromium)
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { addAlertRule } from '../../src/app/alerts/rules.ts';
import type { AlertsAnswer } from '../../src/app/answers.ts';
import { importFile } from '../../src/app/import-dataset.ts';
import { createApi, startServer, type RunningServer } from '../../src/api/server.ts';
import { launchChromium } from '../../src/report/pdf/chromium-pdf.ts';
import { createStore } from '../../src/storage/index.ts';
import type { Store } from '../../src/storage/store.ts';
import { ensureDashboard } from '../../web/build/dashboard-build.ts';
import { screenshot } from '../helpers/dashboard-server.ts';
import { writeCandidateCut } from '../helpers/ged-rows.ts';

// Real rows (test/fixtures/README.md): Balochistan's events to February 2012, two rules, then
// March 2012, whose import fires the rule that needs one evaluation and leaves the other pending.
describe('the Alerts view in Chromium', () => {
  let dir: string;
  let store: Store;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const asked: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'faultline-alerts-view-'));
    const cut = (name: string, from: string, to: string) =>
      writeCandidateCut(dir, name, 'Balochistan province', from, to);
    const [dash] = await Promise.all([
      ensureDashboard(),
      (async () => {
        store = await createStore({ path: join(dir, 'store.duckdb') });
        await importFile(store, cut('GEDEvent_v09_01_12_02.csv', '2009-01-01', '2012-02-29'), {
          format: 'ucdp-candidate',
        });
        const surge = { kind: 'surge', admin1: 'Balochistan province' };
        await addAlertRule(store, { ...surge, name: 'at once', pending_evaluations: 1 });
        await addAlertRule(store, { ...surge, name: 'after two' });
        await importFile(store, cut('GEDEvent_v12_0_3.csv', '2012-03-01', '2012-03-31'), {
          format: 'ucdp-candidate',
        });
      })(),
    ]);
    const api = createApi({ store, staticDir: dash.dir, log: () => {}, queryTimeoutMs: 60_000 });
    [server, browser] = await Promise.all([startServer(api, '127.0.0.1', 0), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('request', (r) => asked.push(r.url()));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists the fired alert as the API answers it, and the other rule's condition as pending", async () => {
    const answer = (await (await fetch(`${server.url}/api/v1/alerts`)).json()) as AlertsAnswer;
    assert.deepEqual(
      answer.alerts.map((a) => [a.rule_name, a.state]),
      [['at once', 'fired']],
    );
    // Opened with a filter set, which the rules do not take: no filter bar, a line saying the
    // filter stays set, and the view bar's links keep it.
    await page.goto(`${server.url}/?view=alerts&country=PAK&from=2012-01-01`);
    await page.waitForSelector('[data-testid=alerts] tbody tr');
    assert.equal((await page.$$('.filter-bar')).length, 0);
    assert.equal(
      await page.textContent('[data-testid=filters-unused]'),
      '2 filters set: Alerts does not use them; they stay set for the other views.',
    );
    assert.equal(
      await page.getAttribute('[data-testid=nav-overview]', 'href'),
      '?from=2012-01-01&country=PAK',
    );
    const rows = await page.$$eval('[data-testid=alerts] tbody tr', (trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-state'),
        ...Array.from(tr.children).map((td) => td.textContent?.trim()),
      ]),
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]![0], 'fired');
    assert.equal(rows[0]![3], 'at once');
    assert.equal(rows[0]![4], answer.alerts[0]!.title);
    assert.equal(rows[0]![6], 'still holding');
    const pending = await page.$$eval('[data-testid=alerts-pending] li', (lis) =>
      lis.map((li) => li.textContent),
    );
    assert.equal(pending.length, 1);
    assert.ok(pending[0]!.startsWith(answer.conditions.find((c) => c.state === 'pending')!.title));
    await screenshot(page, 'alerts');
    assert.deepEqual(pageErrors, []);
    // The actor totals feed the filter bar's suggestions: none asked for where no bar is shown.
    assert.deepEqual(
      asked.filter((u) => new URL(u).searchParams.get('by') === 'actor'),
      [],
    );
  });
});
