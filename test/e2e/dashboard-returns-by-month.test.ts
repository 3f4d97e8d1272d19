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
 * - every figure of the Sources view's statistics and of the listed returns table says where its
 *   people left and which release it is, as the table by month does.
 * One file and one browser for all: each Chromium file starts its own browser, server and store.
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
    assert.deepEqual(session.pageErrors, []);
  });
  it('shows returns from Pakistan by default, each figure naming its origin, June 2025 then "no source"; all origins show IOM\'s returns from Iran there, named as such', async () => {
    const { page } = session;
    const base = session.server.url;
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
    assert.deepEqual(session.pageErrors, []);
  });

  it("marks UNHCR's later figure of May 2024 as the revision of the earlier, both shown, by month and as listed", async () => {
    const { page } = session;
    const base = session.server.url;
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
    const may = api.statistics.filter((s) => s.period_start === '2024-05-01' && (s.revises || s.revised_by));
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
      /^revision of ≈ 40,000 persons \(UNHCR RBAP External Update: Afghanistan Situation #35, As of 1 June 2024\)$/,
    );
    await visit(page, `${base}/?view=border&from=2024-05-01&to=2024-05-31&metric=returns`);
    await page.waitForSelector('[data-testid=returns] tr[data-metric]');
    const listed = await page.$$eval('[data-testid=returns] tr[data-value] [data-testid=revision]', (els) =>
      els.map((el) => [el.closest('tr')!.getAttribute('data-value'), el.textContent]),
    );
    assert.deepEqual(listed.map(([v]) => v).sort(), ['38000', '40000']);
    assert.deepEqual(session.pageErrors, []);
  });

  it("the Sources view's published figures and the listed returns table say where each figure's people left and mark UNHCR's two releases of May 2024, as the table by month does", async () => {
    const { page } = session;
    const base = session.server.url;
    const range = 'from=2024-05-01&to=2024-05-31';
    type Row = {
      id: string;
      metric: string;
      origin: string | null;
      revises: string | null;
      revised_by: string | null;
    };
    const api = (await (await fetch(`${base}/api/v1/statistics?${range}`)).json()) as { statistics: Row[] };
    // The month's figures give an origin, several together or none (a figure of one place): all three are read.
    const origins = new Set(api.statistics.map((s) => s.origin));
    assert.ok(origins.has('PAK') && origins.has(null), [...origins].join(', '));
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
        assert.deepEqual(r.origin, [f.origin ?? '', words(f.origin)], `${where}: ${f.id}`);
        if (f.revises === null && f.revised_by === null) assert.equal(r.revision, null, `${where}: ${f.id}`);
        else assert.deepEqual(r.revision!.slice(0, 2), [f.revises, f.revised_by], `${where}: ${f.id}`);
      }
      // The later release names the earlier by value and report, as the table by month does.
      const later = shown.find((r) => r.revision?.[0])!;
      assert.match(
        later.revision![2]!,
        /^revision of ≈ 40,000 persons \(UNHCR RBAP External Update: Afghanistan Situation #35, As of 1 June 2024\)$/,
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
    assert.deepEqual(session.pageErrors, []);
  });
});
