// test-run: alone, about 8 s (Chromium)
/**
 * The Border and relations view's returns table by month in a real Chromium, over the bundled data
 * with one real figure compiled a second time (test/helpers/figure-compiled-twice.ts):
 * - the month gives the figure once, naming its other record as the listed table does, and adds it
 *   once;
 * - each month says its answer in words, as the API's `answer` (and the CLI table) gives it: a
 *   month whose only figures are daily averages of returns (IOM's of 1-15 April 2025, OCHA's two
 *   of July 2025) says that no count of it is published (`share_or_rate`), and still lists its
 *   figures; one of parts alone (`part`) says so, as one counted whole (`month`) does.
 * One file and one browser for both: each Chromium file starts its own browser, server and store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDashboard, visit, type DashboardSession } from '../helpers/dashboard-server.ts';
import { COPIED, importFigureCompiledTwice, MADE_UP_WEEK } from '../helpers/figure-compiled-twice.ts';

let session: DashboardSession;

describe('the returns table by month, in Chromium', () => {
  before(async () => {
    session = await openDashboard(async (store) => void (await importFigureCompiledTwice(store)));
  });
  after(() => session?.close());

  it('October 2025 lists the figure once, naming its other record, and adds it once to the week beside it', async () => {
    const { page } = session;
    const base = session.server.url;
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
    assert.deepEqual(session.pageErrors, []);
  });

  it("says each month's answer in words, as the API's answer (the CLI table's answer column) gives it: no count of a month of shares or rates alone", async () => {
    const { page } = session;
    const base = session.server.url;
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
      const api = (await (
        await fetch(`${base}/api/v1/statistics/months?${q.replace(/-01&|-31&/g, '&')}`)
      ).json()) as { months: { month: string; answer: string; figures: unknown[] }[] };
      await visit(page, `${base}/?view=border&${q}&returns_by=month`);
      await page.waitForSelector(`[data-testid=returns-months] tr[data-month="${api.months[0]!.month}"]`);
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
      `${base}/?view=border&from=2025-04-01&to=2025-07-31&metric=returns_daily_average&returns_by=month`,
    );
    await page.waitForSelector('[data-testid=returns-months] tr[data-month="2025-07"]');
    // Its figures are still listed: the two daily averages of July.
    const july = await page.$$eval(
      '[data-testid=returns-months] tr[data-month="2025-07"][data-figure]',
      (trs) => trs.map((tr) => tr.getAttribute('data-unit')),
    );
    assert.deepEqual(july, ['persons per day', 'persons per day']);
    assert.deepEqual(session.pageErrors, []);
  });
});
