// test-run: alone, about 8 s (Chromium)
/**
 * The Border and relations view's returns table by month in a real Chromium, over the bundled data
 * with one real figure compiled a second time (test/helpers/figure-compiled-twice.ts):
 * - the month gives the figure once, naming its other record as the listed table does, and adds it
 *   once;
 * - a month whose only figures are daily averages of returns (IOM's of 1-15 April 2025, OCHA's two
 *   of July 2025) says that no count of it is published, as the API's `answer` (`share_or_rate`)
 *   does, and still lists its figures.
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

  it('says no count of the month is published, beside its figures, where the API answers share_or_rate', async () => {
    const { page } = session;
    const base = session.server.url;
    const q = 'from=2025-04-01&to=2025-07-31&metric=returns_daily_average';
    const api = (await (
      await fetch(`${base}/api/v1/statistics/months?${q.replace(/-01&|-31&/g, '&')}`)
    ).json()) as { months: { month: string; answer: string; figures: unknown[] }[] };
    await visit(page, `${base}/?view=border&${q}&returns_by=month`);
    await page.waitForSelector('[data-testid=returns-months] tr[data-month="2025-04"]');
    const shown = await page.$$eval('[data-testid=returns-months] tr[data-answer]', (trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-month'),
        tr.getAttribute('data-answer'),
        tr.querySelector('[data-testid=month-answer]')?.textContent ?? null,
      ]),
    );
    const words =
      'only shares or rates for this month (a percentage, a daily average): no count of it is published';
    assert.deepEqual(
      shown,
      [...api.months].reverse().map((m) => [m.month, m.answer, m.answer === 'share_or_rate' ? words : null]),
    );
    assert.deepEqual(
      shown.filter(([, a]) => a === 'share_or_rate').map(([m]) => m),
      ['2025-07', '2025-04'],
    );
    // Its figures are still listed: the two daily averages of July.
    const july = await page.$$eval(
      '[data-testid=returns-months] tr[data-month="2025-07"][data-figure]',
      (trs) => trs.map((tr) => tr.getAttribute('data-unit')),
    );
    assert.deepEqual(july, ['persons per day', 'persons per day']);
    assert.deepEqual(session.pageErrors, []);
  });
});
