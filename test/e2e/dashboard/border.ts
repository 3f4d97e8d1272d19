import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import type {
  IndicatorsAnswer,
  BorderAnswer,
  BriefingAnswer,
  RelationsAnswer,
} from '../../../src/app/answers.ts';
import { originExpected } from '../../../src/domain/statistic.ts';
import { openDashboard, screenshot, visit, type DashboardSession } from '../../helpers/dashboard-server.ts';
import { COPIED, importFigureCompiledTwice, MADE_UP_WEEK } from '../../helpers/figure-compiled-twice.ts';
import { publishedReturns, returnsSharingDays } from '../../helpers/published-returns.ts';
import { dashboardBrowser, dashboardServer } from './browser.ts';

/**
 * The Border and relations view and the map's rates per 100,000 people in a real Chromium against
 * the real API over the bundled data: the three series share one time axis, the figures equal the
 * briefing's border and relations section, spans no source covers say "not covered" (never 0), and
 * the province rates equal an independent computation from the 2023 census file.
 *
 * Then the view's returns table by month, over a second server: the bundled data with one real
 * figure compiled a second time (test/helpers/figure-compiled-twice.ts), which would change the
 * returns the first part reads, so it has a store of its own; a page of the same browser shows it:
 * - the month gives the figure once, naming its other record as the listed table does, and adds it
 *   once;
 * - each month says its answer in words, as the API's `answer` (and the CLI table) gives it: a
 *   month whose only figures are daily averages of returns (IOM's of 1-15 April 2025, OCHA's two
 *   of July 2025) says that no count of it is published (`share_or_rate`), and still lists its
 *   figures; one of parts alone (`part`) says so, as one counted whole (`month`) does.
 * - every figure of the Sources view's statistics and of the listed returns table says where its
 *   people left and which release it is, as the table by month does.
 * Both sections in pages of the file's one browser.
 */
describe('Border and relations, the rate map and the returns table by month', () => {
  let session: DashboardSession;
  let page: Page;
  let base: string;

  async function api<T>(path: string): Promise<T> {
    const r = await fetch(`${base}${path}`);
    assert.equal(r.status, 200, await r.clone().text());
    return (await r.json()) as T;
  }

  before(async () => {
    session = await openDashboard(undefined, { browser: dashboardBrowser(), server: dashboardServer() });
    ({ page } = session);
    base = session.server.url;
  });
  after(() => session?.close());

  const texts = (sel: string) => page.$$eval(sel, (els) => els.map((e) => e.textContent?.trim() ?? ''));

  describe('the Border and relations view and the rate map in Chromium', () => {
    it('draws the relations index, cross-border events and returns on one time axis, with the uncovered spans the API gives', async () => {
      // From a view without the map (the overview's costs some 2 s of CPU drawn in software, and
      // test/e2e/dashboard.test.ts reads it): the view bar is every view's.
      await visit(page, `${base}/?view=sources`);
      await page.click('[data-testid=nav-border]');
      assert.match(page.url(), /view=border/);
      await visit(page, `${base}/?view=border&from=2021-01-01&to=2026-12-31`);
      await page.waitForSelector('[data-testid=border-timeline][data-rendered=true]', { timeout: 30_000 });
      // Three panels, each with its own y axis and the same x domain: the first and last x tick match.
      const axes = await page.$$eval('[data-testid=border-timeline] svg[aria-label]', (svgs) =>
        svgs.map((s) => {
          const ticks = Array.from(s.querySelectorAll('[aria-label="x-axis tick label"] text')).map(
            (x) => x.textContent,
          );
          return { label: s.getAttribute('aria-label'), first: ticks[0], last: ticks.at(-1) };
        }),
      );
      assert.equal(axes.length, 3, JSON.stringify(axes));
      assert.ok(
        axes.every((a) => a.first === axes[0]!.first && a.last === axes[0]!.last),
        JSON.stringify(axes),
      );

      const rel = await api<RelationsAnswer>(
        '/api/v1/relations?a=PAK&b=AFG&interval=month&from=2021-01-01&to=2026-12-31',
      );
      const listed = (await texts('[data-testid=not-covered] li[data-series=relations-AFG-PAK]'))[0]!;
      assert.ok(rel.meta.uncovered.length > 0);
      const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
      const long = rel.meta.uncovered.filter((s) => day(s.to) - day(s.from) + 1 >= 28);
      const short = rel.meta.uncovered.length - long.length;
      assert.ok(
        long.some((s) => s.to === '2026-12-31'),
        'the index ends in 2024: the rest is not covered',
      );
      for (const s of long) assert.ok(listed.includes(`${s.from} – ${s.to}`), `${listed} lacks ${s.from}`);
      if (short) assert.match(listed, new RegExp(`and ${short} shorter gaps? `));
      // Months of the border answer with null figures, found here without the view's code.
      const border = await api<BorderAnswer>('/api/v1/border?from=2021-01-01&to=2026-12-31');
      const uncovered = [...new Set(border.rows.filter((r) => r.events === null).map((r) => r.month))].sort();
      assert.ok(uncovered.includes('2022-01') && uncovered.includes('2025-12'));
      const borderLine = (await texts('[data-testid=not-covered] li[data-series=border]'))[0]!;
      assert.match(borderLine, /2022-01-01 – 2025-12-31/);
      await screenshot(page, 'border-relations');

      // The returns panel, against the bundled file read here: counts of people over a period, in the
      // series of their metric and where people left, on a scale with a line at each power of ten
      // only (Plot's log ticks drew 36 lines, most unlabelled), and "not covered" before the first
      // figure and after the last (nothing was drawn there, and nothing said why).
      const published = publishedReturns().filter(
        (r) =>
          r.unit === 'persons' &&
          ['returns', 'deportations'].includes(r.metric!) &&
          r.period_start !== '' &&
          r.period_start! <= '2026-12-31' &&
          r.period_end! >= '2021',
      );
      const panel = '[data-testid=border-timeline] > :nth-child(3)';
      const svg = '[data-testid=border-timeline] svg[aria-label^=Returns]';
      const ticks = await texts(`${svg} [aria-label="y-axis tick label"] text`);
      const gridlines = await page.locator(`${svg} [aria-label=y-grid] line`).count();
      const values = published.map((r) => Number(r.value));
      const decades =
        Math.ceil(Math.log10(Math.max(...values))) - Math.floor(Math.log10(Math.min(...values))) + 1;
      assert.equal(ticks.length, decades, ticks.join(','));
      assert.ok(
        ticks.every((x) => /^1(0{0,2})(k|M)?$/.test(x)),
        ticks.join(','),
      );
      assert.equal(gridlines, ticks.length);
      const swatches = await page.$$eval(`${panel} [class$=-swatch]`, (els) =>
        els.map((e) => [e.textContent, e.querySelector('svg')!.getAttribute('fill')] as const),
      );
      const colour = (series: string) => swatches.find(([name]) => name === series)?.[1];
      const lines = await page.$$eval(`${svg} [aria-label=link] path`, (els) =>
        els.map((e) => e.getAttribute('stroke')),
      );
      for (const [metric, geography, series] of [
        ['returns', 'Iran', 'returns from Iran'],
        ['deportations', 'Iran', 'deportations from Iran'],
        ['deportations', 'Pakistan', 'deportations from Pakistan'],
      ] as const) {
        // One country, its crossings included ("Pakistan (5 BCPs)"); not "Pakistan and Iran".
        const expected = published.filter(
          (r) =>
            r.metric === metric &&
            r.geography_from!.startsWith(geography) &&
            !/ and /.test(r.geography_from!),
        );
        assert.ok(expected.length > 0 && colour(series), `${series}: ${JSON.stringify(swatches)}`);
        assert.equal(lines.filter((c) => c === colour(series)).length, expected.length, series);
      }
      // The spans of 2021-2026 no figure's period covers, merged here from the file's dates (a year or
      // month stands for its first day as a start, its last day as an end).
      const first = (d: string) => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);
      const last = (d: string) =>
        d.length === 4
          ? `${d}-12-31`
          : d.length === 7
            ? new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7), 0)).toISOString().slice(0, 10)
            : d;
      const next = (d: string) =>
        new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      let from = '2021-01-01';
      let gaps = 0;
      for (const [a, b] of published
        .map((r) => [first(r.period_start!), last(r.period_end!)] as const)
        .sort()) {
        if (a > from) gaps++;
        if (next(b) > from) from = next(b);
      }
      if (from <= '2026-12-31') gaps++;
      assert.ok(gaps > 0, 'the file has no figure before 2023');
      assert.equal(await page.locator(`${svg} [fill-opacity="0.08"] rect`).count(), gaps);
      assert.ok((await texts(`${svg} text`)).includes('not covered'));

      // The returns table: newest first, the 20 latest until "Show all" says how many there are, and
      // a metric chosen above it narrows it to that metric's figures (the API's, one row per figure).
      const stats = await api<IndicatorsAnswer>('/api/v1/statistics?from=2021-01-01&to=2026-12-31');
      const count = Number(await page.getAttribute('[data-testid=returns-count]', 'data-value'));
      const ends = () => texts('[data-testid=returns] tr[data-metric] [data-testid=period]');
      assert.equal(await page.getAttribute('[data-testid=returns-cut]', 'data-value'), '20');
      assert.equal((await ends()).length, 20);
      await page.click('[data-testid=returns-show-all]');
      const all = (await ends()).map((p) => p.split(' – ')[1]!);
      assert.equal(all.length, count);
      assert.deepEqual(all, [...all].sort().reverse(), 'newest period end first');
      assert.equal(await page.$('[data-testid=returns-cut]'), null);
      await page.selectOption('[data-testid=returns-metric]', 'deportations');
      await page.waitForFunction(() =>
        Array.from(document.querySelectorAll('[data-testid=returns] tr[data-metric]')).every(
          (r) => r.getAttribute('data-metric') === 'deportations',
        ),
      );
      assert.match(page.url(), /metric=deportations/);
      const deportations = stats.statistics.filter((s) => s.metric === 'deportations');
      const shownValues = await page.$$eval('[data-testid=returns] tr[data-metric]', (rows) =>
        rows.map((r) => r.getAttribute('data-value')),
      );
      // Every deportations figure is shown once (a figure compiled in two files is one row).
      assert.deepEqual(
        [...new Set(shownValues)].sort(),
        [...new Set(deportations.map((s) => String(s.value)))].sort(),
      );
    });

    it("shows the briefing's border and relations figures for the same period, and 'not covered' where no source covers it", async () => {
      const brief = await api<BriefingAnswer>('/api/v1/briefing?period=2026-Q1&country=PAK');
      await visit(page, `${base}/?view=border&from=2026-01-01&to=2026-03-31`);
      await page.waitForSelector('[data-testid=border-totals] tr[data-series]');
      for (const r of brief.border_relations!.border.rows) {
        const cell = `[data-testid=border-totals] tr[data-series=${r.series}][data-side=${r.side}] td[data-value]`;
        assert.equal(await page.getAttribute(cell, 'data-value'), String(r.events), `${r.series} ${r.side}`);
      }
      await page.waitForSelector('[data-testid=relations-summary] tr[data-pair=AFG-PAK]');
      const relCells = await texts('[data-testid=relations-summary] tr[data-pair] td:nth-of-type(1)');
      assert.deepEqual(relCells, ['not covered', 'not covered', 'not covered']);
      // No index covers 2026: its panel draws no scale and no zero line (it drew "0.000000" once).
      await page.waitForSelector('[data-testid=border-timeline][data-rendered=true]');
      const relAxis = await page.$eval('[data-testid=border-timeline] > *', (p) => ({
        ticks: Array.from(p.querySelectorAll('[aria-label="y-axis tick label"] text'), (t) => t.textContent),
        rules: p.querySelectorAll('[aria-label=rule]').length,
      }));
      assert.deepEqual(relAxis, { ticks: [], rules: 0 });

      // The briefing's figure for a quarter is the relations API's quarterly value (src/app/briefing/border-relations.test.ts).
      const q3 = await api<RelationsAnswer>(
        '/api/v1/relations?a=PAK&b=AFG&interval=quarter&from=2023-Q3&to=2023-Q3',
      );
      await visit(page, `${base}/?view=border&from=2023-07-01&to=2023-09-30`);
      await page.waitForSelector('[data-testid=relations-summary] tr[data-pair=AFG-PAK] td[data-value]');
      const expected = q3.series[0]!.points[0]!.value!;
      assert.equal(
        Number(
          await page.getAttribute(
            '[data-testid=relations-summary] tr[data-pair=AFG-PAK] td[data-value]',
            'data-value',
          ),
        ).toFixed(2),
        expected.toFixed(2),
      );
      // The index's licence links to its text and its credit follows, as the API gives them from the
      // credits part (the Sources view's wording): the table gave the licence's name alone, unlinked.
      const row = '[data-testid=relations-summary] tr[data-pair=AFG-PAK]';
      const src = q3.series[0]!.source;
      assert.deepEqual(
        await page.$eval(`${row} [data-testid=licence]`, (a) => [a.textContent, a.getAttribute('href')]),
        [src.licence, src.licence_url],
      );
      assert.equal(await page.textContent(`${row} [data-testid=credit]`), `Credit: ${src.credit}`);
      // No cross-border source covers 2023: every figure says so, none is 0.
      await page.waitForSelector('[data-testid=border-totals] tr[data-series]');
      const cells = await texts(
        '[data-testid=border-totals] tbody td:nth-of-type(2), [data-testid=border-totals] tbody td:nth-of-type(3)',
      );
      assert.equal(cells.length, 10);
      assert.ok(
        cells.every((c) => c === 'not covered'),
        cells.join('|'),
      );
      // Its panel draws no zero line and no scale ("0.000000" once) over months no source covers.
      await page.waitForSelector('[data-testid=border-timeline][data-rendered=true]');
      const axes = await page.$$eval('[data-testid=border-timeline] > *', (panels) =>
        panels.map((p) => ({
          ticks: Array.from(
            p.querySelectorAll('[aria-label="y-axis tick label"] text'),
            (t) => t.textContent,
          ),
          rules: p.querySelectorAll('[aria-label=rule]').length,
        })),
      );
      assert.ok(
        axes[0]!.ticks.length > 0 && axes[0]!.rules > 0,
        'the relations index of 2023-Q3 has a scale',
      );
      assert.deepEqual(axes[1], { ticks: [], rules: 0 });
      // The month labels of a quarter ("Jul" over "2023") lie inside each panel: the year's lower part
      // was cut off at the panel's edge, against the next panel's legend (the returns panel's until
      // 2026-12-06, after the other two's were fixed).
      const below = await page.$$eval('[data-testid=border-timeline] svg[aria-label]', (svgs) =>
        svgs.map((svg) => {
          const edge = svg.getBoundingClientRect().bottom;
          const texts = Array.from(svg.querySelectorAll('[aria-label="x-axis tick label"] text'));
          return Math.round(Math.max(...texts.map((t) => t.getBoundingClientRect().bottom)) - edge);
        }),
      );
      assert.ok(
        below.length === 3 && below.every((px) => px <= 0),
        `tick labels past the panels' bottom by ${below.join(', ')} px`,
      );
      // Every figure of the range, not only the 20 with the latest periods.
      if (await page.$('[data-testid=returns-show-all]')) await page.click('[data-testid=returns-show-all]');
      const returns = await page.$$eval('[data-testid=returns] tr[data-metric]', (rows) =>
        rows.map((r) => [r.getAttribute('data-metric'), r.getAttribute('data-value')]),
      );
      assert.ok(
        returns.some(([m, v]) => m === 'returns' && v === '39176'),
        JSON.stringify(returns),
      );
      // IOM's 501,242, compiled in two files: one row, which names the other record.
      assert.equal(returns.filter(([, v]) => v === '501242').length, 1, JSON.stringify(returns));
      assert.equal(
        await page.textContent('[data-testid=returns] tr[data-value="501242"] [data-testid=also-recorded]'),
        '; the same figure is also recorded by IOM in DTM Flow Monitoring: Afghan returns from Pakistan',
      );
    });

    it('a range no returns figure covers keeps the panel and its title, shaded "not covered", with no scale', async () => {
      // No figure of the bundled file has a period in 2019.
      const file = publishedReturns();
      assert.ok(
        file.every((r) => (r.period_start || r.period_end!) > '2019-12-31' || r.period_end! < '2019'),
      );
      await visit(page, `${base}/?view=border&from=2019-01-01&to=2019-12-31`);
      await page.waitForSelector('[data-testid=border-timeline][data-rendered=true]');
      const svg = '[data-testid=border-timeline] svg[aria-label^=Returns]';
      const words = await texts(`${svg} text`);
      assert.ok(words.includes('not covered'), words.join('|'));
      assert.ok(
        words.some((w) => w.includes('Returns and deportations (persons, published)')),
        words.join('|'),
      );
      assert.deepEqual(await texts(`${svg} [aria-label="y-axis tick label"] text`), []);
    });

    it('the returns table says what each figure counts and how many loaded figures its period overlaps, and by month gives the figures within each month or "no source", as the bundled file gives them', async () => {
      const file = publishedReturns();
      await visit(page, `${base}/?view=border&from=2021-01-01&to=2026-12-31&metric=returns`);
      await page.waitForSelector('[data-testid=returns] tr[data-metric]');
      if (await page.$('[data-testid=returns-show-all]')) await page.click('[data-testid=returns-show-all]');
      // UNHCR's three shares of April 2025's returns differ only by what they count.
      const april = file.filter(
        (r) =>
          r.metric === 'returns' &&
          r.period_start === '2025-04-01' &&
          r.period_end === '2025-04-30' &&
          r.unit === 'percent of returns',
      );
      assert.equal(april.length, 3);
      for (const r of april) {
        const cell = `[data-testid=returns] tr[data-metric=${r.metric}][data-value="${r.value}"] [data-testid=definition]`;
        assert.equal(await page.textContent(cell), r.definition, r.value);
      }
      // UNHCR's about 24,000 of October 2024 overlaps every returns count in persons of a geography
      // naming Pakistan whose period holds a day of October 2024 (Pakistan and Iran together too).
      const sharing = returnsSharingDays(file, '2024-10-01', '2024-10-31');
      const october = '[data-testid=returns] tr[data-metric=returns][data-value="24000"]';
      assert.equal(await page.getAttribute(october, 'data-overlaps'), String(sharing.length - 1));
      assert.equal(
        await page.textContent(`${october} [data-testid=overlaps]`),
        `overlaps ${sharing.length - 1} loaded figures`,
      );

      // By month (`returns_by=month`, GET /statistics/months): each month of the range, newest first,
      // with the returns figures whose period lies within it, against the file read here.
      await page.click('[data-testid=returns-by] input[value=month]');
      await page.waitForSelector('[data-testid=returns-months] tr[data-month]');
      assert.match(page.url(), /returns_by=month/);
      assert.match(page.url(), /metric=returns/);
      // 72 months from 2021 to 2026: the 20 latest until "Show all".
      assert.equal(await page.getAttribute('[data-testid=returns-months-cut]', 'data-value'), '20');
      await page.click('[data-testid=returns-months-show-all]');
      const monthRows = await page.$$eval('[data-testid=returns-months] tr[data-answer]', (trs) =>
        trs.map(
          (tr) =>
            [
              tr.getAttribute('data-month')!,
              tr.querySelector('[data-testid=answer]')!.textContent!.trim(),
              tr.getAttribute('data-value') ??
                tr.querySelector('[data-testid=answer]')!.getAttribute('data-value'),
            ] as const,
        ),
      );
      assert.equal(monthRows.length, 72);
      assert.deepEqual(
        monthRows.map(([m]) => m),
        monthRows
          .map(([m]) => m)
          .sort()
          .reverse(),
        'newest month first',
      );
      // UNHCR's count of returns from Pakistan in April 2025 answers April, first of its figures.
      const unhcr = file.filter(
        (r) =>
          r.organisation === 'UNHCR' &&
          r.metric === 'returns' &&
          r.unit === 'persons' &&
          r.period_start === '2025-04-01' &&
          r.period_end === '2025-04-30',
      );
      assert.equal(unhcr.length, 1);
      const aprilFirst = await page.$eval('[data-testid=returns-months] tr[data-month="2025-04"]', (tr) => ({
        answer: tr.getAttribute('data-answer'),
        organisation: tr.getAttribute('data-organisation'),
        value: tr.getAttribute('data-value'),
        text: tr.querySelector('[data-testid=value]')?.textContent,
        link: tr.querySelector('a')?.getAttribute('href'),
        definition: tr.querySelector('[data-testid=definition]')?.textContent,
        covers: tr.querySelector('[data-testid=covers]')?.textContent,
      }));
      assert.deepEqual(aprilFirst, {
        answer: 'month',
        organisation: 'UNHCR',
        value: unhcr[0]!.value,
        text: `${Number(unhcr[0]!.value).toLocaleString('en-GB')} persons`,
        link: unhcr[0]!.url,
        definition: unhcr[0]!.definition,
        covers: 'the whole month',
      });
      // A month within which no returns figure's period lies says "no source" in words, never 0 or an
      // empty cell, and such a month is one the file has no figure for (2025-05 among them). The table
      // shows returns from Pakistan unless another origin is chosen: a figure of Iran (June 2025), or of
      // Pakistan and Iran together, answers no month of it.
      assert.equal(await page.inputValue('[data-testid=returns-origin]'), 'PAK');
      const lastDay = (d: string) =>
        d.length === 7 ? new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7), 0)).toISOString().slice(0, 10) : d;
      const within = (month: string) =>
        file.filter(
          (r) =>
            r.metric === 'returns' &&
            /^Pakistan\b/.test(r.geography_from!) &&
            !/\band\b/.test(r.geography_from!) &&
            r.period_start !== '' &&
            r.period_start! >= `${month}-01` &&
            lastDay(r.period_end!) <= lastDay(month),
        );
      const noSource = monthRows.filter(([, text]) => text === 'no source').map(([m]) => m);
      assert.ok(noSource.includes('2025-05'), noSource.join(','));
      assert.deepEqual(
        noSource,
        monthRows.map(([m]) => m).filter((m) => within(m).length === 0),
      );
      for (const [m, text, value] of monthRows)
        if (text === 'no source') assert.equal(value, '', m);
        else assert.ok(Number(value) > 0, `${m}: ${text}`);
    });

    it("the returns table's CSV gives every figure it shows with its page, quote and definition, listed and by month", async () => {
      await visit(page, `${base}/?view=border&from=2025-01-01&to=2025-12-31&metric=deportations`);
      await page.waitForSelector('[data-testid=returns] tr[data-metric]');
      if (await page.$('[data-testid=returns-show-all]')) await page.click('[data-testid=returns-show-all]');
      const shown = await page.$$eval('[data-testid=returns] tr[data-metric]', (trs) =>
        trs.map((tr) => tr.getAttribute('data-value')).sort(),
      );
      const csvOf = async () => {
        const href = (await page.getAttribute('[data-testid=returns-csv]', 'href'))!;
        const res = await fetch(new URL(href, base));
        assert.equal(res.status, 200);
        return parse(await res.text(), { columns: true }) as Record<string, string>[];
      };
      const listed = await csvOf();
      assert.deepEqual(listed.map((r) => r.value).sort(), shown);
      for (const r of listed) {
        assert.equal(r.metric, 'deportations');
        assert.ok(r.url && r.quote && r.definition, JSON.stringify(r));
      }
      await page.click('[data-testid=returns-by] input[value=month]');
      await page.waitForSelector('[data-testid=returns-months] tr[data-month]');
      const months = await csvOf();
      // Every month of the range, one row per figure within it, or one "no source" row with no value.
      assert.deepEqual([...new Set(months.map((r) => r.month))].length, 12);
      const figures = months.filter((r) => r.covers === 'month' || r.covers === 'part');
      assert.ok(figures.length > 0);
      for (const r of figures) assert.ok(r.url && r.quote && r.definition && r.line, JSON.stringify(r));
      for (const r of months.filter((x) => x.answer === 'no source')) assert.equal(r.value, '', r.month);
      assert.deepEqual(session.pageErrors, []);
    });

    it('keeps its text inside a 375 px phone screen: table captions whole, "not covered" labels and province names apart', async () => {
      // The part's page at a phone's size, not a page of its own: a new page cost Chromium a process,
      // a first load and a second map built in software, and the views are drawn the same.
      const phone = page;
      await phone.setViewportSize({ width: 375, height: 812 });
      try {
        // The default range, 2018 to 2026: the cross-border chart has 2022-2025 and August to
        // December 2026 uncovered, the second 12 px wide on a phone.
        await visit(phone, `${base}/?view=border`);
        await phone.waitForSelector('[data-testid=border-timeline][data-rendered=true]');
        await phone.waitForSelector('[data-testid=relations-summary]');
        const captions = await phone.$$eval('caption:not(.visually-hidden), [data-testid$=-caption]', (els) =>
          els.map((e) => [e.textContent?.slice(0, 30), Math.round(e.getBoundingClientRect().right)] as const),
        );
        assert.ok(captions.length >= 2);
        for (const [text, right] of captions) assert.ok(right <= 375, `${text}… ends at ${right} px`);
        // Each chart's "not covered" labels: none overlaps another, or a bar of the chart.
        // (No named functions inside: the test's compiler would wrap them in a helper the page lacks.)
        const boxes = await phone.$$eval('[data-testid=border-timeline] svg', (svgs) =>
          svgs.map((svg) => ({
            labels: Array.from(svg.querySelectorAll('text'))
              .filter((e) => e.textContent === 'not covered')
              .map((e) => e.getBoundingClientRect().toJSON() as DOMRect),
            bars: Array.from(svg.querySelectorAll('rect'))
              .filter((r) => !r.closest('[fill-opacity="0.08"]'))
              .map((e) => e.getBoundingClientRect().toJSON() as DOMRect)
              .filter((r) => r.width > 0 && r.height > 0),
          })),
        );
        const hit = (a: DOMRect, b: DOMRect) =>
          a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const overlaps = boxes.flatMap(({ labels, bars }, i) =>
          labels.flatMap((a, j) => [
            ...labels
              .slice(j + 1)
              .filter((b) => hit(a, b))
              .map(() => `chart ${i}: two labels`),
            ...bars.filter((b) => hit(a, b)).map(() => `chart ${i}: a label on a bar`),
          ]),
        );
        assert.deepEqual(overlaps, []);
        await screenshot(phone, 'phone-border');
        // The returns table: each figure a block of labelled lines, its source in sight without a
        // sideways scroll (four columns left the period a word wide and the source past the edge).
        const rights = await phone.$$eval('[data-testid=returns] tr[data-metric] td', (els) =>
          els.map((e) => Math.round(e.getBoundingClientRect().right)),
        );
        assert.ok(rights.length >= 4, 'the returns table has rows');
        assert.deepEqual(
          rights.filter((r) => r > 375),
          [],
        );
        // So is the table by month: each figure a block of labelled lines (its month and the count of
        // longer figures on the first of its month's blocks), "no source" in sight.
        await visit(phone, `${base}/?view=border&from=2025-01-01&to=2025-12-31&returns_by=month`);
        await phone.waitForSelector('[data-testid=returns-months] tr[data-month]');
        const cells = await phone.$$eval('[data-testid=returns-months] tr[data-month] td', (els) =>
          els.map(
            (e) => [e.getAttribute('data-label'), Math.round(e.getBoundingClientRect().right)] as const,
          ),
        );
        assert.ok(cells.length >= 12 * 3, 'a row at least for each month of 2025');
        assert.deepEqual(
          cells.filter(([label, right]) => !label || right > 375),
          [],
        );
        assert.equal(
          await phone.textContent(
            '[data-testid=returns-months] tr[data-month="2025-05"] [data-testid=answer]',
          ),
          'no source',
        );
        // The map's province names, which a phone's zoom set over each other (Khyber Pakhtunkhwa,
        // Azad Jammu and Kashmir, Gilgit-Baltistan): those shown do not overlap.
        await visit(phone, `${base}/?view=map`);
        await phone.waitForSelector('[data-testid=map][data-state=ready]:not([data-rendered=""]) .map-label');
        const labels = await phone.$$eval('.map-label', (els) =>
          els
            .filter(
              (e) => getComputedStyle(e).visibility === 'visible' && getComputedStyle(e).display !== 'none',
            )
            .map((e) => ({
              text: e.firstChild?.textContent,
              r: e.getBoundingClientRect().toJSON() as DOMRect,
            })),
        );
        assert.ok(labels.length > 0);
        const crossed = labels.flatMap((a, i) =>
          labels
            .slice(i + 1)
            .filter((b) => hit(a.r, b.r))
            .map((b) => `${a.text} / ${b.text}`),
        );
        assert.deepEqual(crossed, []);
        // Nor is any wider than its province from west to east ("Azad Jammu and Kashmir", 138 px,
        // lay over its neighbours on a strip some 30 px wide). The map's scale comes from two labels'
        // centres, which sit at their provinces' label points.
        const admin1 = await api<GeoJSON.FeatureCollection<GeoJSON.MultiPolygon>>('/geo/admin1.geojson');
        const unit = new Map(admin1.features.map((f) => [f.properties!.code as string, f]));
        const drawn = await phone.$$eval('.map-label', (els) =>
          els
            .filter(
              (e) => getComputedStyle(e).visibility === 'visible' && getComputedStyle(e).display !== 'none',
            )
            .map((e) => {
              const r = e.getBoundingClientRect();
              return {
                code: (e as HTMLElement).dataset.code!,
                text: (e as HTMLElement).innerText.replace(/\s+/g, ' '),
                x: r.x + r.width / 2,
                width: r.width,
              };
            }),
        );
        const at = (code: string) => drawn.find((l) => l.code === code)!;
        const lon = (code: string) => unit.get(code)!.properties!.label_lon as number;
        const pxPerDegree = (at('PK-PB').x - at('PK-BA').x) / (lon('PK-PB') - lon('PK-BA'));
        const wider = drawn.flatMap((l) => {
          const lons = unit
            .get(l.code)!
            .geometry.coordinates.flat(2)
            .map((p) => p[0]!);
          const room = (Math.max(...lons) - Math.min(...lons)) * pxPerDegree;
          return l.width > room
            ? [`${l.text}: ${Math.round(l.width)} px, its province ${Math.round(room)} px`]
            : [];
        });
        assert.deepEqual(wider, []);
        // The narrow provinces keep a name: the short form a Pakistani reader knows.
        assert.deepEqual(
          ['PK-KP', 'PK-GB', 'PK-JK'].map((c) => at(c)?.text),
          ['KP', 'GB', 'AJK'],
        );
      } finally {
        // Back at a desktop's size, on a view without the map: the next test's map view opens afresh.
        await phone.setViewportSize({ width: 1360, height: 900 });
        await visit(phone, `${base}/?view=sources`);
      }
    });

    it('gives Pakistani province rates per 100,000 equal to the 2023 census file, "no population data" where there is none, and the border panel', async () => {
      const census = parse(
        readFileSync(new URL('../../../data/pakistan-districts-2023/district_counts.csv', import.meta.url)),
        { columns: true },
      ) as { province_code: string; pop_total: string }[];
      const pop = (p: string) =>
        census.filter((r) => r.province_code === p).reduce((n, r) => n + Number(r.pop_total), 0);
      await visit(page, `${base}/?view=map&country=PAK&from=2021-01-01&to=2021-12-31&measure=rate`);
      await page.waitForSelector('[data-testid=rate-table] tr[data-code=PK-KP]');
      // 2021 events per province as the issue states them (KP 118, Balochistan 62).
      for (const [code, province, events] of [
        ['PK-KP', 'KP', 118],
        ['PK-BA', 'BA', 62],
      ] as const) {
        const rate = await page.getAttribute(`[data-testid=rate-table] tr[data-code=${code}]`, 'data-rate');
        assert.equal(Number(rate).toFixed(3), ((events / pop(province)) * 100_000).toFixed(3), code);
      }
      const gb = await texts('[data-testid=rate-table] tr[data-code=PK-GB] td:last-child');
      assert.deepEqual(gb, ['no population data']);
      await page.waitForSelector('[data-testid=map][data-state=ready]', { timeout: 20_000 });
      await page.waitForSelector('[data-testid=rate-legend]', { timeout: 20_000 });
      assert.equal(
        await page.locator('[data-testid=border-panel] [data-testid=border-totals] tr[data-series]').count(),
        5,
      );
      await screenshot(page, 'map-rates');
      // Both countries in 2021: GED 22.1 covers Pakistan alone, so Afghan provinces are "not covered".
      await visit(page, `${base}/?view=map&from=2021-01-01&to=2021-12-31&measure=rate`);
      await page.waitForSelector('[data-testid=rate-table] tr[data-code^=AF-]');
      const afghan = await texts('[data-testid=rate-table] tr[data-code^=AF-] td:last-child');
      assert.ok(afghan.length > 0 && afghan.every((x) => x === 'not covered'), JSON.stringify(afghan));
      assert.equal(await page.locator('[data-testid=map-no-boundaries]').count(), 0);
      // A country without bundled boundaries: the map says why it shows none of its events.
      await visit(page, `${base}/?view=map&country=IND&from=2021-01-01&to=2021-12-31`);
      const note = await page.textContent('[data-testid=map-no-boundaries]', { timeout: 10_000 });
      assert.match(
        note ?? '',
        /no province or district boundaries for India \(only for Pakistan and Afghanistan\)/,
      );
      assert.deepEqual(session.pageErrors, []);
    });
  });

  describe('the returns table by month, in Chromium', () => {
    let twice: DashboardSession;
    before(async () => {
      twice = await openDashboard(async (store) => void (await importFigureCompiledTwice(store)), {
        browser: session.browser,
      });
    });
    after(() => twice?.close());

    it('October 2025 lists the figure once, naming its other record, and adds it once to the week beside it', async () => {
      const { page } = twice;
      const base = twice.server.url;
      // The listed table names the copy under the figure; the month view names it the same way.
      await visit(page, `${base}/?view=border&from=2025-10-01&to=2025-10-31&metric=returns`);
      await page.waitForSelector('[data-testid=returns] tr[data-metric]');
      const listed = await page.$$eval(
        `[data-testid=returns] tr[data-value="${COPIED.value}"] [data-testid=also-recorded]`,
        (els) => els.map((e) => e.textContent),
      );
      assert.equal(listed.length, 1);
      await visit(page, `${base}/?view=border&from=2025-10-01&to=2025-10-31&metric=returns&returns_by=month`);
      await page.waitForSelector('[data-testid=returns-months] tr[data-month="2025-10"]');
      const rows = '[data-testid=returns-months] tr[data-month="2025-10"]';
      const figures = await page.$$eval(`${rows}[data-figure][data-value="${COPIED.value}"]`, (trs) =>
        trs.map((tr) => tr.querySelector('[data-testid=also-recorded]')?.textContent ?? null),
      );
      assert.deepEqual(figures, listed);
      const sums = await page.$$eval(`${rows}[data-sum]`, (trs) =>
        trs.map((tr) => tr.getAttribute('data-value')),
      );
      assert.deepEqual(sums, [String(+COPIED.value + +MADE_UP_WEEK.value)]);
      // The sum says the period it covers, from its first part's first day to its last part's last.
      assert.match(
        (await page.textContent(`${rows}[data-sum] [data-testid=sum]`))!,
        new RegExp(`: ${MADE_UP_WEEK.period_start} – ${COPIED.period_end}, 14 of 31 days$`),
      );
      assert.deepEqual(twice.pageErrors, []);
    });

    it("says each month's answer in words, as the API's answer (the CLI table's answer column) gives it: no count of a month of shares or rates alone", async () => {
      const { page } = twice;
      const base = twice.server.url;
      // Every answer in words; until 2026-12-06 only share_or_rate and no source were said, and a
      // month of parts alone (2025-10) read like one counted whole (2025-04).
      const WORDS: Record<string, string> = {
        month: 'answered by a count of the whole month',
        part: 'only counts of parts of the month: listed, never added up but for a sum below that says so',
        as_of: 'only stocks known on a day of the month: people there then, no count of people who moved',
        share_or_rate:
          'only shares or rates for this month (a percentage, a daily average): no count of it is published',
        'no source': 'no source',
      };
      const seen = new Set<string>();
      for (const q of [
        'from=2025-04-01&to=2025-07-31&metric=returns_daily_average',
        'from=2025-01-01&to=2025-12-31&metric=returns',
      ]) {
        await visit(page, `${base}/?view=border&${q}&returns_by=month`);
        await page.waitForSelector('[data-testid=returns-months] tr[data-answer]');
        // The API asked of the origin the table shows (returns from Pakistan unless another is chosen).
        const origin = await page.getAttribute('[data-testid=returns-months]', 'data-origin');
        const api = (await (
          await fetch(`${base}/api/v1/statistics/months?${q.replace(/-01&|-31&/g, '&')}&origin=${origin}`)
        ).json()) as { months: { month: string; answer: string; figures: unknown[] }[] };
        const shown = await page.$$eval('[data-testid=returns-months] tr[data-answer]', (trs) =>
          trs.map((tr) => [
            tr.getAttribute('data-month'),
            tr.getAttribute('data-answer'),
            tr.querySelector('[data-testid=month-answer]')?.getAttribute('data-value') ?? null,
            tr.querySelector('[data-testid=month-answer]')?.textContent ?? null,
          ]),
        );
        assert.deepEqual(
          shown,
          [...api.months].reverse().map((m) => [m.month, m.answer, m.answer, WORDS[m.answer]]),
          q,
        );
        for (const m of api.months) seen.add(m.answer);
        if (q.includes('returns_daily_average'))
          assert.deepEqual(
            shown.filter(([, a]) => a === 'share_or_rate').map(([m]) => m),
            ['2025-07', '2025-04'],
          );
      }
      assert.deepEqual(
        ['month', 'part', 'share_or_rate', 'no source'].filter((a) => !seen.has(a)),
        [],
        'every answer but as_of (no bundled figure is a stock of returns) was shown',
      );
      // A month without figures says "no source" and nothing else in its answer cell.
      assert.equal(
        await page.textContent('[data-testid=returns-months] tr[data-month="2025-05"] [data-testid=answer]'),
        'no source',
      );
      await visit(
        page,
        `${base}/?view=border&from=2025-04-01&to=2025-07-31&metric=returns_daily_average&returns_by=month&origin=all`,
      );
      await page.waitForSelector('[data-testid=returns-months][data-origin=all] tr[data-month="2025-07"]');
      // Its figures are still listed: the two daily averages of July (from Pakistan and from Iran, so of all origins).
      const july = await page.$$eval(
        '[data-testid=returns-months] tr[data-month="2025-07"][data-figure]',
        (trs) => trs.map((tr) => tr.getAttribute('data-unit')),
      );
      assert.deepEqual(july, ['persons per day', 'persons per day']);
      assert.deepEqual(twice.pageErrors, []);
    });
    it('shows returns from Pakistan by default, each figure naming its origin, June 2025 then "no source"; all origins show IOM\'s returns from Iran there, named as such', async () => {
      const { page } = twice;
      const base = twice.server.url;
      const url = `${base}/?view=border&from=2025-01-01&to=2025-12-31&metric=returns&returns_by=month`;
      await visit(page, url);
      await page.waitForSelector('[data-testid=returns-months] tr[data-month="2025-06"]');
      assert.equal(await page.getAttribute('[data-testid=returns-months]', 'data-origin'), 'PAK');
      assert.equal(await page.inputValue('[data-testid=returns-origin]'), 'PAK');
      assert.equal(await page.getAttribute('[data-testid=returns-months-origin]', 'data-value'), 'PAK');
      const june = '[data-testid=returns-months] tr[data-month="2025-06"]';
      assert.equal(await page.textContent(`${june} [data-testid=answer]`), 'no source');
      // Of the origin shown: a figure of Iran lies within June, none of Pakistan.
      assert.equal(
        await page.textContent(`${june} td:nth-child(3)`),
        'no loaded figure of people who left Pakistan lies within this month',
      );
      // Every figure shown says where people left, as the API's origin gives it.
      const api = (await (
        await fetch(`${base}/api/v1/statistics/months?from=2025&to=2025&metric=returns&origin=PAK`)
      ).json()) as { months: { month: string; figures: { id: string; origin: string }[] }[] };
      const shown = await page.$$eval('[data-testid=returns-months] tr[data-figure]', (trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-figure'),
          tr.getAttribute('data-origin'),
          tr.querySelector('[data-testid=origin]')?.textContent ?? null,
        ]),
      );
      const figures = api.months.flatMap((m) => m.figures);
      assert.equal(shown.length, figures.length);
      assert.deepEqual(
        shown.map(([id, origin, words]) => [id, origin, words]).sort(),
        figures.map((f) => [f.id, f.origin, 'from Pakistan']).sort(),
      );
      assert.match(
        (await page.getAttribute('[data-testid=returns-csv]', 'href'))!,
        /\/statistics\/months\?.*origin=PAK/,
      );
      // All origins: June is answered by IOM's returns from Iran, which says so.
      await page.selectOption('[data-testid=returns-origin]', 'all');
      await page.waitForSelector('[data-testid=returns-months][data-origin=all]');
      assert.match(page.url(), /origin=all/);
      const iran = await page.$$eval(`${june}[data-figure]`, (trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-origin'),
          tr.querySelector('[data-testid=origin]')?.textContent,
        ]),
      );
      assert.deepEqual(iran, [['IRN', 'from Iran']]);
      assert.equal(await page.$('[data-testid=returns-months-origin]'), null);
      // The API's note under the table says the months mix origins.
      const notes = await page.$$eval('[data-testid=returns-months-notes]', (ps) =>
        ps.map((p) => p.textContent),
      );
      assert.ok(
        notes.some((n) => n!.startsWith('the months hold figures of 3 origins')),
        notes.join(' | '),
      );
      assert.deepEqual(twice.pageErrors, []);
    });

    it("marks UNHCR's later figure of May 2024 as the revision of the earlier, both shown, by month and as listed", async () => {
      const { page } = twice;
      const base = twice.server.url;
      const api = (await (
        await fetch(`${base}/api/v1/statistics?from=2024-05&to=2024-05&metric=returns&organisation=UNHCR`)
      ).json()) as {
        statistics: {
          id: string;
          value: number;
          period_start: string;
          revises: string | null;
          revised_by: string | null;
        }[];
      };
      const may = api.statistics.filter(
        (s) => s.period_start === '2024-05-01' && (s.revises || s.revised_by),
      );
      assert.deepEqual(may.map((s) => [s.value, s.revises !== null, s.revised_by !== null]).sort(), [
        [38000, true, false],
        [40000, false, true],
      ]);
      await visit(page, `${base}/?view=border&from=2024-05-01&to=2024-05-31&metric=returns&returns_by=month`);
      await page.waitForSelector('[data-testid=returns-months] tr[data-month="2024-05"]');
      const byMonth = await page.$$eval(
        '[data-testid=returns-months] tr[data-figure] [data-testid=revision]',
        (els) =>
          els.map((el) => [
            el.closest('tr')!.getAttribute('data-figure'),
            el.getAttribute('data-revises'),
            el.getAttribute('data-revised-by'),
            el.textContent,
          ]),
      );
      assert.equal(byMonth.length, 2);
      for (const [id, revises, revisedBy, text] of byMonth) {
        const f = may.find((s) => s.id === id)!;
        assert.deepEqual([revises, revisedBy], [f.revises, f.revised_by]);
        assert.match(text!, f.revises ? /^revision of / : /^revised by /);
      }
      // The revision names the figure it revises, by value and report.
      const revision = byMonth.find(([, revises]) => revises !== null)!;
      assert.match(
        revision[3]!,
        /^revision of ≈ 40,000 persons \(UNHCR RBAP External Update: Afghanistan Situation #35, As of 1 June 2024, publication date unknown\)$/,
      );
      await visit(page, `${base}/?view=border&from=2024-05-01&to=2024-05-31&metric=returns`);
      await page.waitForSelector('[data-testid=returns] tr[data-metric]');
      const listed = await page.$$eval('[data-testid=returns] tr[data-value] [data-testid=revision]', (els) =>
        els.map((el) => [el.closest('tr')!.getAttribute('data-value'), el.textContent]),
      );
      assert.deepEqual(listed.map(([v]) => v).sort(), ['38000', '40000']);
      assert.deepEqual(twice.pageErrors, []);
    });

    it("the Sources view's published figures and the listed returns table say where each figure's people left and mark UNHCR's two releases of May 2024, as the table by month does", async () => {
      const { page } = twice;
      const base = twice.server.url;
      const range = 'from=2024-05-01&to=2024-05-31';
      type Row = {
        id: string;
        metric: string;
        period_start: string | null;
        country_to: string | null;
        origin: string | null;
        revises: string | null;
        revised_by: string | null;
      };
      const api = (await (await fetch(`${base}/api/v1/statistics?${range}`)).json()) as { statistics: Row[] };
      // The month's figures give an origin, or none: the security reports' yearly counts of attacks
      // and deaths, where origin is no notion, and which say nothing of it (a line on every row was noise).
      const origins = new Set(api.statistics.map((s) => s.origin));
      assert.ok(origins.has('PAK') && origins.has(null), [...origins].join(', '));
      const noOrigin = api.statistics.filter((s) => !originExpected(s));
      assert.ok(noOrigin.some((s) => s.metric === 'attacks'));
      const marked = api.statistics.filter((s) => s.revises !== null || s.revised_by !== null);
      assert.ok(marked.length >= 2);
      const words = (o: string | null) =>
        o === null
          ? 'no origin given (a figure of one place)'
          : `from ${o === 'PAK' ? 'Pakistan' : o === 'IRN' ? 'Iran' : o === 'several' ? 'several countries together' : o}`;
      const read = (rows: string) =>
        page.$$eval(rows, (trs) =>
          trs.map((tr) => {
            const origin = tr.querySelector('[data-testid=origin]');
            const revision = tr.querySelector('[data-testid=revision]');
            return {
              id: tr.getAttribute('data-id'),
              origin: origin && [origin.getAttribute('data-value'), origin.textContent],
              revision: revision && [
                revision.getAttribute('data-revises'),
                revision.getAttribute('data-revised-by'),
                revision.textContent,
              ],
            };
          }),
        );
      const check = (shown: Awaited<ReturnType<typeof read>>, figures: Row[], where: string) => {
        assert.deepEqual(shown.map((r) => r.id).sort(), figures.map((s) => s.id).sort(), where);
        for (const r of shown) {
          const f = figures.find((s) => s.id === r.id)!;
          assert.deepEqual(
            r.origin,
            originExpected(f) ? [f.origin ?? '', words(f.origin)] : null,
            `${where}: ${f.id}`,
          );
          if (f.revises === null && f.revised_by === null)
            assert.equal(r.revision, null, `${where}: ${f.id}`);
          else assert.deepEqual(r.revision!.slice(0, 2), [f.revises, f.revised_by], `${where}: ${f.id}`);
        }
        // The later release names the earlier by value and report, as the table by month does.
        const later = shown.find((r) => r.revision?.[0])!;
        assert.match(
          later.revision![2]!,
          /^revision of ≈ 40,000 persons \(UNHCR RBAP External Update: Afghanistan Situation #35, As of 1 June 2024, publication date unknown\)$/,
          where,
        );
      };
      await visit(page, `${base}/?view=sources&${range}`);
      await page.waitForSelector('[data-testid=statistics] tbody tr');
      if (await page.locator('[data-testid=statistics-show-all]').count())
        await page.click('[data-testid=statistics-show-all]');
      check(await read('[data-testid=statistics] tbody tr'), api.statistics, 'Sources');
      // The Border view lists its metrics' figures (returns by default here), each row as on Sources.
      await visit(page, `${base}/?view=border&${range}&metric=returns`);
      await page.waitForSelector('[data-testid=returns] tr[data-metric]');
      if (await page.locator('[data-testid=returns-show-all]').count())
        await page.click('[data-testid=returns-show-all]');
      check(
        await read('[data-testid=returns] tbody tr'),
        api.statistics.filter((s) => s.metric === 'returns'),
        'Border, as listed',
      );
      assert.deepEqual(twice.pageErrors, []);
    });
  });
});
