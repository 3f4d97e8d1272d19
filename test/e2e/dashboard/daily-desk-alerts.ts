import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createApi, startServer, type RunningServer } from '../../../src/api/server.ts';
import { addAlertRule } from '../../../src/app/alerts/rules.ts';
import type { AlertsAnswer, EventAnswer } from '../../../src/app/answers.ts';
import { createApiKey } from '../../../src/app/api-keys.ts';
import type { DisagreementsAnswer } from '../../../src/app/disagreements-answer.ts';
import { importFile } from '../../../src/app/import-dataset.ts';
import { addNewsDrafts } from '../../../src/app/news/news-to-desk.ts';
import { draftsOf } from '../../../src/app/news/read-news.ts';
import { readFeed } from '../../../src/ingest/feeds/feed-items.ts';
import { articleFromHtml } from '../../../src/ingest/news/article-text.ts';
import { type Store, createStore } from '../../../src/storage/index.ts';
import { ensureDashboard } from '../../../web/build/dashboard-build.ts';
import {
  dashboardPage,
  openDashboard,
  screenshot,
  visit,
  type DashboardServer,
  type DashboardSession,
} from '../../helpers/dashboard-server.ts';
import { writeCandidateCut } from '../../helpers/ged-rows.ts';
import { dashboardBrowser, dashboardServer } from './browser.ts';

/**
 * The dashboard as an analyst meets it each morning, in a real Chromium against the real API over
 * the bundled data: what a daily reader would trip over (counts of countries covered on different
 * days set on one colour scale, ...).
 *
 * Then the "Sources disagree" view, over a second server: the bundled data plus a desk log made
 * from real GED rows (synthetic, test/fixtures/linkage/), imported so that its records link to the
 * bundled GED events (a store of its own: the import changes the events and sources the first part
 * reads). The view shows the API's totals, links each record to its event, filters by what the
 * sources differ on (kept in the URL) and lists per-month coverage.
 *
 * Then the Desk view, over a third server and an in-memory store that holds nothing else: an
 * analyst adds a desk event with the form and submits it, a reviewer verifies it from the queue,
 * an admin publishes it; the audit log names each, and the map shows it in the desk band. The
 * event is synthetic (example.org citation). Last the Alerts view, over a fourth server and a store
 * of real rows (test/fixtures/README.md).
 *
 * The four sections each in a page of their own, of the file's one browser.
 */
describe('a daily reader, Sources disagree, the Desk and Alerts', () => {
  let session: DashboardSession;
  let server: DashboardServer;
  let page: Page;
  let pageErrors: string[] = [];

  before(async () => {
    session = await openDashboard(undefined, { browser: dashboardBrowser(), server: dashboardServer() });
    ({ server, page, pageErrors } = session);
  });
  after(() => session?.close());

  describe('the dashboard for a daily reader, in Chromium', () => {
    // First: its loads of the Map view are the page's first and its map, drawn at last, the one the
    // legend's test below reads (a page's first load and each reload draw the map anew in software).
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
        assert.match(
          (await failed.textContent()) ?? '',
          /could not be drawn: its boundary files did not load/,
        );
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

  const FIX = new URL('../../fixtures/linkage/', import.meta.url).pathname;
  // The first half of 2021: the desk log covers 5 March to 4 April, so GED's months before and after
  // it are two runs of months the desk log does not cover, each one row in the coverage table.
  const FILTER = 'from=2021-01-01&to=2021-06-30';

  describe('the Sources disagree view in Chromium', () => {
    let s: DashboardSession;
    before(async () => {
      s = await openDashboard(
        async (store) => {
          await importFile(store, `${FIX}desk-log-synthetic-from-ged-2021-03.csv`, {
            mapping: `${FIX}desk-log-synthetic-from-ged-2021-03.mapping.yaml`,
          });
        },
        { browser: session.browser },
      );
    });
    after(() => s?.close());

    const api = async (q: string) => {
      const r = await fetch(`${s.server.url}/api/v1/disagreements?${q}`);
      assert.equal(r.status, 200);
      return (await r.json()) as DisagreementsAnswer;
    };

    it("shows the API's incidents with a link to each record, filters by difference in the URL, and lists coverage", async () => {
      const { page, pageErrors } = s;
      // All the loaded data, asked while the browser works: its note counts thousands of incidents.
      const everything = api('limit=1');
      const all = await api(`${FILTER}&limit=200`);
      assert.ok((all.disagreeing_total ?? 0) > 0, 'the raised toll disagrees');
      await visit(page, `${s.server.url}/?view=disagreements&${FILTER}`);
      assert.equal(await page.getAttribute('[data-testid=nav-disagreements]', 'aria-current'), 'page');
      await page.waitForSelector('[data-testid=disagree-table]', { timeout: 30_000 });
      assert.equal(
        await page.getAttribute('[data-testid=disagree-summary]', 'data-total'),
        String(all.disagreeing_total),
      );
      // The stored run the links came from, the part of the period it supplied and its records there.
      const [run] = all.linkage.runs;
      assert.deepEqual(
        [all.linkage.runs.length, run!.used.from, run!.used.to, all.linkage.no_run],
        [1, '2021-01-01', '2021-06-30', []],
      );
      assert.ok(
        (await page.textContent('[data-testid=disagree-basis]'))!.startsWith(
          `Links stored after the imports: 2021-01-01–2021-06-30 from the run of ${run!.from}–${run!.to} (records: ${run!.used.source_versions.map((v) => `${v.source} ${v.version}: ${v.records}`).join(', ')}). `,
        ),
      );
      const records = all.disagreeing.flatMap((i) => i.records.map((r) => r.id));
      // The whole list as CSV (the table stops at 200): every record of every incident, in the table's order.
      const csvLink = page.locator('[data-testid=disagree-csv]');
      assert.equal(
        (await csvLink.textContent())?.trim(),
        all.disagreeing_total === 1
          ? 'Download CSV (1 disagreeing incident, one row per record with how it was linked)'
          : `Download CSV (all ${all.disagreeing_total!.toLocaleString('en-US')} disagreeing incidents, one row per record with how it was linked)`,
      );
      const csv = await fetch(new URL((await csvLink.getAttribute('href'))!, s.server.url));
      assert.equal(csv.status, 200);
      assert.equal(csv.headers.get('x-faultline-total'), String(all.disagreeing_total));
      const csvIds = (await csv.text())
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[3]);
      assert.deepEqual(csvIds.slice(0, records.length), records);
      const links = page.locator('[data-testid=record-link]');
      assert.deepEqual(await links.allTextContents(), records);
      assert.match((await links.first().getAttribute('href'))!, /view=events.*event=/);
      // Each record after an incident's first says which link joined it, with its score and reasons
      // (until 2026-12-06 the view, like the CLI's table, gave no reason why records were one incident).
      const joined = all.disagreeing.flatMap((i) =>
        i.records.map((r, k) => {
          if (k === 0) return '—';
          const l = i.links.find((x) => x.a === r.id || x.b === r.id)!;
          return `score ${l.score.toFixed(2)} with ${l.a === r.id ? l.b : l.a} (${l.reasons.join('; ')})`;
        }),
      );
      assert.deepEqual(await page.locator('[data-testid=record-joined]').allTextContents(), joined);
      assert.ok(
        joined.some((j) => /^score 0\.\d\d with csv:desk-log:D-\d+ \(dates /.test(j)),
        joined.join('\n'),
      );
      // Per month, but a run of months the other source does not cover is one row with its span: GED's
      // months before and after the desk log's (the API's null shares, read "not covered", not 0%).
      const rows = await page.$$eval('[data-testid=disagree-coverage] tbody tr', (trs) =>
        trs.map((tr) => [
          tr.dataset.from,
          tr.dataset.to,
          tr.children[1]!.textContent,
          tr.children[3]!.textContent,
        ]),
      );
      const months = (from: string, to: string, source: string) =>
        all.coverage.filter((c) => c.month >= from && c.month <= to && c.source === source);
      const recordsIn = (from: string, to: string) =>
        String(months(from, to, 'ucdp-ged').reduce((n, c) => n + c.records, 0));
      assert.ok(months('2021-01', '2021-02', 'ucdp-ged').every((c) => c.share === null));
      assert.deepEqual(
        [rows.length, rows[0], rows.at(-1)],
        [
          all.coverage.length - 2,
          ['2021-01', '2021-02', 'ucdp-ged', recordsIn('2021-01', '2021-02')],
          ['2021-05', '2021-06', 'ucdp-ged', recordsIn('2021-05', '2021-06')],
        ],
      );
      assert.equal(await page.locator('[data-testid=share-not-covered]').count(), 2);
      assert.match(
        (await page.textContent('[data-testid=disagree-coverage] tbody tr')) ?? '',
        /^2021-01 to 2021-02 \(2 months with records\)/,
      );
      for (const x of all.single_source)
        assert.ok(
          (await page.textContent('[data-testid=disagree-single]'))!.includes(
            `${x.source} ${x.incidents} (${x.where_others_cover} on days another source covers)`,
          ),
          JSON.stringify(x),
        );
      await screenshot(page, 'disagreements');
      // On a phone the share comes right after the month, and a run's month count wraps under its
      // dates: on one line with them, after five columns, the share lay at about 860 px of 390.
      await page.setViewportSize({ width: 375, height: 812 });
      try {
        // The screen's change reaches the page's media query before the next frame; the table is drawn
        // again before the one after.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const share = await page.$eval('[data-testid=disagree-coverage]', (t) => {
          const col = Array.from(t.querySelectorAll('thead th')).findIndex(
            (th) => th.textContent === 'Share',
          );
          const row = t.querySelector('tbody tr')!;
          const month = row.children[0]!;
          const range = document.createRange();
          range.selectNodeContents(month);
          return {
            right: Math.round(row.children[col]!.getBoundingClientRect().right),
            lines: new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size,
          };
        });
        assert.ok(share.right <= 375, `the share ends at ${share.right} px of 375`);
        assert.ok(share.lines > 1, 'the month cell wraps');
        // Every figure of both tables is in sight too: each row is a block of labelled lines. With the
        // share moved up the coverage's records and counts still lay at 374-554 px of 390, and a record's
        // deaths, after five columns, at 524-586 px.
        const past = await page.$$eval(
          '[data-testid=disagree-table] tbody td, [data-testid=disagree-coverage] tbody td',
          (tds) =>
            tds
              .filter((td) => td.getBoundingClientRect().right > 375)
              .map(
                (td) =>
                  `${td.getAttribute('data-label')} ends at ${Math.round(td.getBoundingClientRect().right)} px`,
              ),
        );
        assert.deepEqual(past, []);
      } finally {
        await page.setViewportSize({ width: 1360, height: 900 });
      }

      const dates = await api(`${FILTER}&limit=200&differ=date`);
      await page.selectOption('[data-testid=differ]', 'date');
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid=disagree-summary]')?.getAttribute('data-total') === n,
        String(dates.disagreeing_total),
      );
      assert.match(page.url(), /differ=date/);

      await page.selectOption('[data-testid=differ]', '');
      await page.waitForSelector('[data-testid=record-link]');
      await links.first().click();
      assert.match(page.url(), /view=events/);
      // That record's detail lists the other records of its incident (as the API's detail does), each
      // a link that opens its own detail in place, which lists the first record in turn.
      const [incident] = all.disagreeing;
      const opened = incident!.records[0]!.id;
      const same = page.locator('[data-testid=same-incident-link]');
      await same.first().waitFor({ timeout: 30_000 });
      const detail = (await (
        await fetch(`${s.server.url}/api/v1/events/${encodeURIComponent(opened)}`)
      ).json()) as EventAnswer;
      const twins = detail.same_incident.records!.map((r) => r.id);
      assert.deepEqual(
        [...twins].sort(),
        incident!.records
          .slice(1)
          .map((r) => r.id)
          .sort(),
      );
      assert.deepEqual(await same.allTextContents(), twins);
      const note = detail.same_incident.note;
      assert.equal(
        await page.textContent('[data-testid=same-incident-note]'),
        note.charAt(0).toUpperCase() + note.slice(1),
      );
      await same.first().click();
      await page.waitForFunction(
        (id) => document.querySelector('#detail-title')?.textContent === `Event ${id}`,
        twins[0],
      );
      assert.equal(new URL(page.url()).searchParams.get('event'), twins[0]);
      await page.waitForFunction(
        (id) =>
          Array.from(document.querySelectorAll('[data-testid=same-incident-link]')).some(
            (a) => a.textContent === id,
          ),
        opened,
      );

      // One source under the filters: the coverage table has no rows, and says why (it showed its
      // column heads alone, which read as nothing uncovered).
      assert.deepEqual((await api(`${FILTER}&source=ucdp-ged`)).coverage, []);
      await visit(page, `${s.server.url}/?view=disagreements&${FILTER}&source=ucdp-ged`);
      assert.match(
        (await page.textContent('[data-testid=disagree-coverage-none]', { timeout: 30_000 }))!,
        /^No rows: the table compares each source with another, and no second source has records/,
      );
      assert.equal(await page.locator('[data-testid=disagree-coverage]').count(), 0);

      // 2020, which GED alone covers: "no incident disagrees" would read as agreement; nothing was compared.
      const alone = await api('from=2020-01-01&to=2020-12-31');
      assert.deepEqual(
        [alone.multi_source, alone.single_source.map((x) => x.where_others_cover + x.linked_outside_filter)],
        [0, [0]],
      );
      await visit(page, `${s.server.url}/?view=disagreements&from=2020-01-01&to=2020-12-31`);
      assert.match(
        (await page.textContent('[data-testid=disagree-none]', { timeout: 30_000 }))!,
        /^Nothing could be compared: no two loaded sources cover the same days/,
      );
      // The summary above it gave "0 reported by two or more sources, 0 disagreeing" as findings.
      assert.match(
        (await page.textContent('[data-testid=disagree-summary]'))!,
        /incidents, none of them could be set against another source's records$/,
      );

      // A period no loaded source covers: "not covered", with no counts (the API gives none either).
      assert.equal((await api('from=2023-01-01&to=2023-12-31')).coverage_status, 'not_covered');
      await visit(page, `${s.server.url}/?view=disagreements&from=2023-01-01&to=2023-12-31`);
      assert.match(
        (await page.textContent('[data-testid=disagree-not-covered]', { timeout: 30_000 }))!,
        /^Not covered: no loaded source covers 2023-01-01 to 2023-12-31/,
      );
      assert.equal(await page.locator('[data-testid=disagree-summary]').count(), 0);
      // Counts in the notes carry thousands separators, as the view's own figures do ("7,330").
      assert.ok(
        (await everything).notes.some((n) => /^\d{1,3}(,\d{3})+ of the incidents one source alone/.test(n)),
        (await everything).notes.join(' | '),
      );
      assert.deepEqual(pageErrors, []);
    });
  });

  describe('the Desk view in Chromium', () => {
    let store: Store;
    let server: RunningServer;
    let page: Page;
    const pageErrors: string[] = [];
    const keys: Record<string, { key: string; id: string }> = {};

    before(async () => {
      const [{ dir }, s] = await Promise.all([ensureDashboard(), createStore({ path: ':memory:' })]);
      store = s;
      for (const role of ['analyst', 'reviewer', 'admin'])
        keys[role] = await createApiKey(store, { role, name: role });
      // As test/helpers/dashboard-server.ts: a minute's query limit, not the server's 10 s, so that a
      // loaded machine (a CI run once put this file beside a 600,000-event rebuild) cannot turn a slow
      // save into a failed page; no rate limit to trip.
      server = await startServer(
        createApi({
          store,
          staticDir: dir,
          log: () => {},
          rateLimitPerMinute: 100_000,
          queryTimeoutMs: 60_000,
        }),
        '127.0.0.1',
        0,
      );
      page = await dashboardPage(session.browser);
      page.on('pageerror', (e) => pageErrors.push(e.message));
    });

    after(async () => {
      await page?.close();
      await server?.close();
      await store?.close();
    });

    /**
     * Watches for the next refusal to appear and returns a reader of the focused field's id at that
     * moment (a mutation observer runs right after the render that inserted it, before any frame).
     */
    async function focusWhenErrorShows(): Promise<() => Promise<string | null>> {
      await page.evaluate(() => {
        const w = window as unknown as { focusAtError?: string | null };
        w.focusAtError = undefined;
        new MutationObserver((_, observer) => {
          if (!document.querySelector('[data-testid=desk-error]')) return;
          w.focusAtError = document.activeElement?.id ?? null;
          observer.disconnect();
        }).observe(document.body, { childList: true, subtree: true });
      });
      return async () => {
        await page.waitForFunction(
          () => (window as unknown as { focusAtError?: unknown }).focusAtError !== undefined,
        );
        return page.evaluate(() => (window as unknown as { focusAtError: string | null }).focusAtError);
      };
    }

    /** Enters a role's key and waits until the view acts with it (a click right after could still send the last one). */
    async function useKey(role: string): Promise<void> {
      const before = Number(await page.getAttribute('#desk-key', 'data-key-version'));
      await page.fill('#desk-key', keys[role]!.key);
      await page.dispatchEvent('#desk-key', 'change');
      await page.waitForSelector(`#desk-key[data-key-version="${before + 1}"]`);
      // The field shows the view's key: the one it took.
      assert.equal(await page.inputValue('#desk-key'), keys[role]!.key);
    }

    it('adds a desk event with the form, and the queue takes it from submitted to published by three people', async () => {
      // With a filter set: the Desk has no filter bar (the filter does not narrow it), only a line
      // saying the filter stays set for the other views, and its links keep it.
      await visit(page, `${server.url}/?view=desk&country=PAK`);
      await page.waitForSelector('[data-testid=desk-form]');
      assert.equal((await page.$$('.filter-bar')).length, 0);
      assert.equal(
        await page.textContent('[data-testid=filters-unused]'),
        '1 filter set: Desk does not use it; it stays set for the other views.',
      );
      assert.equal(await page.getAttribute('[data-testid=nav-events]', 'href'), '?view=events&country=PAK');
      // Without a key, the view says where to enter one (not the API's words about headers).
      await page.click('[data-testid=desk-save]');
      await page.waitForSelector('[data-testid=desk-error]');
      assert.match(
        (await page.textContent('[data-testid=desk-error]')) ?? '',
        /^Enter your API key \(analyst or above\) under "Your API key" above/,
      );
      await useKey('analyst');
      // Nothing is chosen for the analyst: no country, and the type the API takes when none is given.
      assert.deepEqual(
        [await page.inputValue('#desk-country'), await page.inputValue('#desk-type')],
        ['', 'other'],
      );
      // A point that does not read as a number is refused quoting it (it was sent as null and dropped).
      await page.fill('#desk-lat', '33,5');
      await page.click('[data-testid=desk-save]');
      await page.waitForSelector('[data-testid=desk-error]');
      // The refusal names the form's label (the API's JSON name is lat), and the field is marked and focused.
      assert.equal(
        await page.textContent('[data-testid=desk-error]'),
        'invalid “Latitude”: "33,5" (a number from -90 to 90)',
      );
      assert.equal(await page.getAttribute('#desk-lat', 'aria-invalid'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'desk-lat');
      await page.fill('#desk-date', '2025-06-10');
      await page.selectOption('#desk-country', 'PAK');
      await page.fill('#desk-admin1', 'Khyber Pakhtunkhwa');
      await page.fill('#desk-admin2', 'North Waziristan');
      await page.fill('#desk-place', 'Miran Shah');
      await page.fill('#desk-lat', '33.0');
      await page.fill('#desk-lon', '70.07');
      await page.selectOption('#desk-type', 'battle');
      await page.fill('#desk-killed', '5');
      await page.fill('#desk-headline', 'synthetic: exchange of fire');
      // Saved without a citation first: the draft lists the problem.
      await page.click('[data-testid=desk-save]');
      // The problems, or an error, whose text then fails the test (not a 30 s wait for the list).
      await page.waitForSelector('[data-testid=desk-problems], [data-testid=desk-error]');
      const saveError = await page.$('[data-testid=desk-error]');
      assert.equal(saveError && (await saveError.textContent()), null);
      assert.match(
        (await page.textContent('[data-testid=desk-problems]')) ?? '',
        /no citation: give at least one source \(“Report URL”, “Outlet”, “Published”, “Quote the event rests on”\)/,
      );
      assert.deepEqual(
        await page.$$eval('[data-testid=desk-form] [aria-invalid=true]', (els) => els.map((e) => e.id)),
        ['desk-cite_url', 'desk-cite_outlet', 'desk-cite_published', 'desk-cite_quote'],
      );
      const focusAtError = await focusWhenErrorShows();
      await page.click('[data-testid=desk-submit]');
      assert.match(
        (await page.textContent('[data-testid=desk-error]')) ?? '',
        /^cannot submit desk event "\d+": no citation/,
      );
      // The cursor is in the first field the refusal names when the refusal shows, not a frame later:
      // typing at once into another field (as the next step does) went into the Report URL field when
      // the focus came after it, and the form, holding "Synthetic Wire" as a URL, was never sent.
      assert.equal(await focusAtError(), 'desk-cite_url');
      // A citation begun without its URL is refused naming what it lacks (it was dropped unsaid).
      await page.fill('#desk-cite_outlet', 'Synthetic Wire');
      await page.click('[data-testid=desk-save]');
      await page.waitForSelector('[data-testid=desk-error]:has-text("missing “Report URL”")');
      assert.equal(
        await page.textContent('[data-testid=desk-error]'),
        'missing “Report URL”, “Published”, “Quote the event rests on” (a citation gives “Report URL”, “Outlet”, “Published”, “Quote the event rests on”)',
      );
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'desk-cite_url');
      // With a citation, a new draft goes to review.
      await page.fill('#desk-cite_url', 'https://news.example.org/synthetic/4');
      // The API takes a day or a date-time here, so the field is text (a date input would refuse a time).
      assert.equal(
        await page.textContent('label[for=desk-cite_published]'),
        'Published (YYYY-MM-DD or ISO date-time)',
      );
      await page.fill('#desk-cite_published', '2025-06-11T08:00:00Z');
      await page.fill('#desk-cite_quote', 'synthetic quote');
      await page.click('[data-testid=desk-save]');
      await page.waitForFunction(() => !document.querySelector('[data-testid=desk-problems]'));
      const id = Number(await page.getAttribute('[data-testid=desk-saved]', 'data-id'));
      await page.click('[data-testid=desk-submit]');
      await page.waitForSelector(`[data-testid=desk-queue] tr[data-id="${id}"][data-state=submitted]`);
      await screenshot(page, 'desk');
      // The wait reads in minutes (it was the API's time to the millisecond), that time its tooltip.
      const row = `[data-testid=desk-queue] tr[data-id="${id}"]`;
      const waiting = await page.$eval(row, (tr) => {
        const heads = Array.from(tr.closest('table')!.querySelectorAll('thead th'), (th) => th.textContent);
        const cell = tr.children[heads.findIndex((h) => h?.startsWith('Waiting'))]!;
        return { text: cell.textContent, since: cell.querySelector('time')?.getAttribute('title') ?? null };
      });
      assert.match(waiting.text ?? '', /^\d+ minutes?$/);
      assert.match(waiting.since ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
      // On a 390 px phone the row's buttons and reason box are in sight without a sideways scroll.
      await page.setViewportSize({ width: 390, height: 844 });
      try {
        const reach = await page.$eval(row, (tr) => {
          const scroll = tr.closest('.table-scroll')!;
          return {
            scrolls: scroll.scrollWidth > scroll.clientWidth || document.documentElement.scrollWidth > 390,
            out: Array.from(tr.querySelectorAll('button, input'))
              .filter((el) => el.getBoundingClientRect().right > 390 || el.getBoundingClientRect().left < 0)
              .map((el) => el.getAttribute('data-testid') ?? el.getAttribute('aria-label')),
          };
        });
        assert.deepEqual(reach, { scrolls: false, out: [] });
        await screenshot(page, 'desk-phone');
      } finally {
        await page.setViewportSize({ width: 1360, height: 900 });
      }

      // The analyst who wrote it may not verify it: the API's line shows.
      await page.click(`[data-testid=verify-${id}]`);
      await page.waitForSelector('[data-testid=queue-error]');
      assert.match(
        (await page.textContent('[data-testid=queue-error]')) ?? '',
        /^forbidden: this route needs the reviewer role; key "[0-9a-f]{12}" has analyst/,
      );
      await useKey('reviewer');
      await page.click(`[data-testid=verify-${id}]`);
      await page.waitForSelector(`[data-testid=desk-queue] tr[data-id="${id}"][data-state=verified]`);
      await useKey('admin');
      await page.click(`[data-testid=publish-${id}]`);
      await page.waitForSelector('[data-testid=queue-empty]');

      const audit = (await (
        await fetch(`${server.url}/api/v1/desk/audit?event=${id}`, {
          headers: { authorization: `Bearer ${keys.admin!.key}` },
        })
      ).json()) as { entries: { action: string; actor_id: string }[] };
      assert.deepEqual(
        audit.entries.map((e) => [e.action, e.actor_id]),
        [
          ['create', keys.analyst!.id],
          ['submit', keys.analyst!.id],
          ['verify', keys.reviewer!.id],
          ['publish', keys.admin!.id],
        ],
      );
    });

    it('shows the published desk event on the map in its own band', async () => {
      await visit(page, `${server.url}/?view=map`);
      await page.waitForSelector('[data-testid=map-desk]');
      assert.equal(await page.getAttribute('[data-testid=map-desk]', 'data-count'), '1');
      assert.match(
        (await page.textContent('[data-testid=map-desk]')) ?? '',
        /Desk events \(published, from analysts\): 1 shown/,
      );
      // The map's figures say desk events are left out; with the filter set they say they are in.
      await page.waitForSelector('.source-note[data-desk=excluded]');
      await visit(page, `${server.url}/?view=map&include_desk=true`);
      await page.waitForSelector('.source-note[data-desk=included]');
      assert.deepEqual(pageErrors, []);
    });

    it('reads a pasted report into drafts with their words, then saves them cited by its address', async () => {
      // A synthetic report in the wording of Pakistani papers.
      const report =
        'PESHAWAR, Dec 3: Three policemen were martyred when TTP militants attacked a check post in Lakki Marwat on Tuesday night, police said.';
      await visit(page, `${server.url}/?view=desk`);
      await useKey('analyst');
      await page.fill('#news-text', report);
      await page.fill('#news-url', 'https://news.example.org/synthetic/7');
      await page.fill('#news-outlet', 'Synthetic Wire');
      await page.fill('#news-published', '2026-12-03');
      const before = (await store.listDeskEvents({})).length;
      await page.click('[data-testid=news-read]');
      await page.waitForSelector('[data-testid=news-draft], [data-testid=news-error]');
      // The line says what was read; the counts of nothing set aside are left out (it listed "0 ...").
      assert.equal(
        await page.textContent('[data-testid=news-drafts] > p[role=status]'),
        '1 draft event from 1 passage.',
      );
      // The report gives no count of injured: "not given", as the API's null.
      assert.equal(
        (await page.textContent('[data-testid=news-draft] tr[data-field=injured] td[data-value]'))?.trim(),
        'not given',
      );
      const cell = (field: string) =>
        page.getAttribute(`[data-testid=news-draft] tr[data-field=${field}] td[data-value]`, 'data-value');
      // What the API reads from the same text, shown field by field.
      const api = (await (
        await fetch(`${server.url}/api/v1/desk/news`, {
          method: 'POST',
          headers: { authorization: `Bearer ${keys.analyst!.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ text: report, published: '2026-12-03', save: false }),
        })
      ).json()) as {
        drafts: {
          date: { value: string };
          killed: { value: { total: number } };
          injured: { value: unknown };
          common_type: string;
        }[];
      };
      assert.equal(api.drafts[0]!.injured.value, null, 'the API gives no count of injured: null, not 0');
      // The type is the desk form's ("other"), the one a save stores, not the reader's own "attack".
      assert.deepEqual(
        [await cell('date'), await cell('killed'), await cell('type')],
        [api.drafts[0]!.date.value, String(api.drafts[0]!.killed.value.total), 'other'],
      );
      assert.equal(api.drafts[0]!.common_type, 'other');
      assert.match(
        (await page.textContent('[data-testid=news-draft] tr[data-field=type]')) ?? '',
        /\(read as attack\)/,
      );
      assert.match(
        (await page.textContent('[data-testid=news-draft] tr[data-field=killed]')) ?? '',
        /“Three policemen”/,
      );
      assert.equal((await store.listDeskEvents({})).length, before, 'reading saves nothing');
      await page.click('[data-testid=news-save]');
      await page.waitForSelector('[data-testid=news-saved] li[data-id]');
      const id = Number(await page.getAttribute('[data-testid=news-saved] li[data-id]', 'data-id'));
      const saved = (await store.getDeskEvent(id))!;
      assert.deepEqual(
        [
          saved.state,
          saved.citations[0]?.url,
          saved.citations[0]?.outlet,
          saved.fields.fatalities_best,
          saved.fields.common_type,
        ],
        ['draft', 'https://news.example.org/synthetic/7', 'Synthetic Wire', 3, 'other'],
      );
      await page.click(`[data-testid=news-submit-${id}]`);
      await page.waitForSelector(`[data-testid=desk-queue] tr[data-id="${id}"][data-state=submitted]`);
      await screenshot(page, 'desk-news');
      // Saved again, the report is not saved twice, and the line says so (it said "Saved as").
      await page.click('[data-testid=news-save]');
      // The line of the second save (the first's reads "Saved as ..." in the same state until it comes).
      await page.waitForSelector(`[data-testid=news-saved] li[data-id="${id}"]:has-text("Already saved")`);
      assert.equal(
        (await page.textContent('[data-testid=news-saved] li'))?.trim(),
        `Already saved from this report as desk event ${id} (submitted); not saved again.`,
      );
      // A report the reader places nowhere it knows gives no draft unless the box asks for those too.
      await page.fill(
        '#news-text',
        'Two constables were martyred when militants fired on a police van, police said.',
      );
      await page.click('[data-testid=news-read]');
      await page.waitForSelector('[data-testid=news-drafts][data-drafts="0"]');
      assert.match(
        (await page.textContent('[data-testid=news-drafts]')) ?? '',
        /1 placed outside PAK and AFG or not placed, neither shown nor saved unless the box above is ticked/,
      );
      await page.check('#news-all');
      await page.click('[data-testid=news-read]');
      await page.waitForSelector('[data-testid=news-drafts][data-drafts="1"]');
      assert.match(
        (await page.textContent('[data-testid=news-draft-problems]')) ?? '',
        /no place in PAK, AFG found in the text/,
      );
      await page.uncheck('#news-all');
      await page.fill('#news-text', report);
      // Another outlet's report of the same day and place names the desk event it may repeat.
      await page.fill('#news-url', 'https://news.example.org/synthetic/8');
      await page.click('[data-testid=news-save]');
      await page.waitForSelector(`[data-testid=news-saved] li:not([data-id="${id}"])`);
      assert.match(
        (await page.textContent('[data-testid=news-saved] li')) ?? '',
        new RegExp(
          `^Saved as desk event \\d+ \\(draft\\)\\. Same day and place as desk event ${id}: maybe one incident, check before submitting\\.`,
        ),
      );
      assert.deepEqual(pageErrors, []);
    });

    it("shows the reader's warnings and the event that may be the same incident, and publishes the second report in the first's place", async () => {
      // The real Wikipedia Current Events feed of 2026-08-20, then its August 16 item updated in place
      // (seven killed, then nine), saved as news watch --save saves them.
      const feed = readFileSync(
        new URL(
          '../../../src/ingest/feeds/fixtures/wikipedia-current-events-2026-08-20.rss',
          import.meta.url,
        ),
        'utf8',
      );
      const analyst = { id: keys.analyst!.id, name: 'analyst', role: 'analyst' as const };
      const save = async (xml: string) => {
        const ids: number[] = [];
        for (const item of readFeed(xml, 'https://example.org/feed.rss').items) {
          const read = draftsOf(
            articleFromHtml(item.html, { url: item.link, title: item.title, published: null }),
            {
              now: new Date('2026-12-02T12:00:00Z'),
            },
          );
          for (const d of await addNewsDrafts(store, read, analyst))
            if (!d.already_saved) ids.push(d.event.id);
        }
        return ids;
      };
      const [seven, bajaur] = await save(feed);
      const [nine] = await save(feed.replace('Seven suspected members', 'Nine suspected members'));
      const api = async (role: string, path: string, body: unknown = {}) => {
        const res = await fetch(`${server.url}/api/v1/desk${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${keys[role]!.key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
      };
      for (const id of [seven!, bajaur!, nine!]) await api('analyst', `/events/${id}/submit`);
      await visit(page, `${server.url}/?view=desk`);
      await useKey('reviewer');
      // The reviewer sees the reader's warning before verifying.
      await page.waitForSelector(`[data-testid=queue-notes-${bajaur}] li[data-warning=actor_inferred]`);
      assert.equal(
        (
          await page.textContent(`[data-testid=queue-notes-${bajaur}] li[data-warning=actor_inferred]`)
        )?.trim(),
        'The news reader warned (actor_inferred): Government of Pakistan is inferred from the victims ("A constable policeman" in PAK), not named: check whose forces they were',
      );
      assert.equal(
        await page.getAttribute(
          `[data-testid=queue-notes-${nine}] li[data-same-incident="${seven}"]`,
          'data-relation',
        ),
        'possible',
      );
      await page.click(`[data-testid=verify-${bajaur}]`);
      await page.waitForSelector(`[data-testid=desk-queue] tr[data-id="${bajaur}"][data-state=verified]`);
      await api('reviewer', `/events/${seven}/verify`);
      await api('reviewer', `/events/${nine}/verify`);
      // Both verified, the first not yet published: the second may be published, or published as
      // distinct from it, but not "replacing" it (the API refuses to supersede an unpublished event);
      // the row says why.
      await useKey('admin');
      await page.waitForSelector(`[data-testid=publish-${nine}]`);
      const link = `[data-testid=queue-notes-${nine}] li[data-same-incident="${seven}"]`;
      assert.equal(await page.getAttribute(link, 'data-other-state'), 'verified');
      assert.equal(
        (await page.textContent(link))?.trim(),
        `Maybe the same incident as desk event ${seven}, not yet published (verified; same day and place): it cannot be replaced until it is published, and whichever of the two is published second says how they relate.`,
      );
      assert.equal(await page.$(`[data-testid=publish-${nine}-supersedes-${seven}]`), null);
      assert.ok(await page.$(`[data-testid=publish-${nine}-distinct-${seven}]`));
      // The first published: "replacing it" is offered, and plain Publish, which the API refuses
      // (409) beside it, is not.
      await api('admin', `/events/${seven}/publish`);
      await useKey('reviewer');
      await useKey('admin');
      await page.waitForSelector(`[data-testid=publish-${nine}-supersedes-${seven}]`);
      assert.equal(await page.getAttribute(link, 'data-other-state'), 'published');
      assert.match(
        (await page.textContent(link)) ?? '',
        new RegExp(`desk event ${seven}, which is published`),
      );
      assert.equal(await page.$(`[data-testid=publish-${nine}]`), null);
      await screenshot(page, 'desk-same-incident');
      await page.click(`[data-testid=publish-${nine}-supersedes-${seven}]`);
      await page.waitForSelector(`[data-testid=desk-queue] tr[data-id="${nine}"]`, { state: 'detached' });
      assert.deepEqual(
        [(await store.getDeskEvent(seven!))?.state, (await store.getDeskEvent(nine!))?.state],
        ['retracted', 'published'],
      );
      assert.deepEqual(pageErrors, []);
    });
  });

  // Real rows (test/fixtures/README.md): Balochistan's events to February 2012, two rules, then
  // March 2012, whose import fires the rule that needs one evaluation and leaves the other pending.
  describe('the Alerts view in Chromium', () => {
    let dir: string;
    let store: Store;
    let server: RunningServer;
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
      server = await startServer(api, '127.0.0.1', 0);
      page = await session.browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('request', (r) => asked.push(r.url()));
    });

    after(async () => {
      await page?.close();
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
});
