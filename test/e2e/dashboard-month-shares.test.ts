// test-run: alone, about 6 s (Chromium)
/**
 * The Border and relations view's returns table by month in a real Chromium, over the bundled data:
 * a month whose only figures are daily averages of returns (IOM's of 1-15 April 2025, OCHA's two of
 * July 2025) says that no count of it is published, as the API's `answer` (`share_or_rate`) does,
 * and still lists its figures.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDashboard, visit, type DashboardSession } from '../helpers/dashboard-server.ts';

let session: DashboardSession;

describe('a month of shares or rates alone in the returns table by month, in Chromium', () => {
  before(async () => {
    session = await openDashboard();
  });
  after(() => session?.close());

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
