// test-run: alone, about 21 s (Chromium)
/**
 * The dashboard as an analyst meets it each morning, in a real Chromium against the real API over
 * the bundled data: what a daily reader would trip over (counts of countries covered on different
 * days set on one colour scale, ...).
 *
 * Then the "Sources disagree" view, over a second server: the bundled data plus a desk log made
 * from real GED rows (synthetic, test/fixtures/linkage/), imported so that its records link to the
 * bundled GED events (a store of its own: the import changes the events and sources the first part
 * reads). The view shows the API's totals, links each record to its event, filters by what the
 * sources differ on (kept in the URL) and lists per-month coverage. One browser for both parts:
 * each Chromium file starts its own test process, browser, server and store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { importFile } from '../../src/app/import-dataset.ts';
import type { EventAnswer } from '../../src/app/answers.ts';
import type { DisagreementsAnswer } from '../../src/app/disagreements-answer.ts';
import {
  openDashboard,
  screenshot,
  visit,
  type DashboardServer,
  type DashboardSession,
} from '../helpers/dashboard-server.ts';

let session: DashboardSession;
let server: DashboardServer;
let page: Page;
let pageErrors: string[] = [];

before(async () => {
  session = await openDashboard();
  ({ server, page, pageErrors } = session);
});
after(() => session?.close());

describe('the dashboard for a daily reader, in Chromium', () => {
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

const FIX = new URL('../fixtures/linkage/', import.meta.url).pathname;
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
        const col = Array.from(t.querySelectorAll('thead th')).findIndex((th) => th.textContent === 'Share');
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
