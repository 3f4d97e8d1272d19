// test-run: alone, about 20 s (Chromium)
/**
 * An analyst's audit of the Sources, Claims and Forecasts views in a real Chromium against the real
 * API over the bundled data: what the views showed wrongly or not at all until 2026-12-07. The
 * published statistics of a period no figure overlaps say so in words (a table of headers, "All
 * metrics (0)" and "0 of 0 figures" before), and their table downloads as CSV, every row of it; a
 * link's metric that no figure of the filter holds is named (every metric's figures were shown with
 * nothing said); the import ledger gives each import's warnings (linked to them) and unchanged rows,
 * as the CLI does; a claim's evidence words its value ("rate ratio 1.79 (against 850 in the baseline)",
 * not "1.79 (baseline or whole: 850) · rate_ratio"); a claim file's error is shown whole on a phone (cut to "Could not check: invalid claim file: cl…"
 * before); a forecast names the filters it does not apply.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { IndicatorsAnswer, SourcesAnswer } from '../../web/src/api/types.ts';
import { openDashboard, screenshot, visit, type DashboardSession } from '../helpers/dashboard-server.ts';

let s: DashboardSession;
const PHONE = { width: 375, height: 812 };

/** Where an element's box ends, and whether its text runs past it (an ellipsis or a sideways scroll). */
const fits = (selector: string) =>
  s.page.$eval(selector, (e) => ({
    right: Math.round(e.getBoundingClientRect().right),
    cut: e.scrollWidth > e.clientWidth,
  }));

describe("an analyst's audit of Sources, Claims and Forecasts in Chromium", () => {
  before(async () => {
    s = await openDashboard();
    await s.page.setViewportSize(PHONE);
  });
  after(() => s?.close());

  it('says in words that no published figure matches a period, and downloads the table as shown, every row', async () => {
    const { page, server } = s;
    await visit(page, `${server.url}/?view=sources&from=2000-01-01&to=2000-12-31`);
    assert.equal(
      await page.textContent('[data-testid=statistics-none]'),
      'No loaded published figure matches the filter (2000-01-01 – 2000-12-31): none is of its countries with a period overlapping its dates. Nothing published is known there, which is not a count of zero.',
    );
    assert.equal(await page.locator('[data-testid=statistics], [data-testid=statistics-count]').count(), 0);

    // Afghanistan's returns in the first half of 2024: more figures than the 20 shown at first.
    const q = 'country=AFG&from=2024-01-01&to=2024-06-30';
    const answer = (await (await fetch(`${server.url}/api/v1/statistics?${q}`)).json()) as IndicatorsAnswer;
    const returns = answer.statistics.filter((x) => x.metric === 'returns');
    assert.ok(returns.length > 20, `${returns.length} returns figures`);
    await visit(page, `${server.url}/?view=sources&${q}&metric=returns`);
    const link = page.locator('[data-testid=statistics-csv]');
    assert.equal(
      await link.textContent(),
      `Download CSV (all ${returns.length} figures, each with its page, quote and definition)`,
    );
    // Its label wraps inside the phone's screen (nowrap, it ran past the edge: "each wi").
    const box = await fits('[data-testid=statistics-csv]');
    assert.ok(box.right <= PHONE.width && !box.cut, JSON.stringify(box));
    await page.click('[data-testid=statistics-show-all]');
    const ids = await page.$$eval('[data-testid=statistics] tbody tr', (trs) =>
      trs.map((tr) => tr.dataset.id),
    );
    const csv = await fetch(new URL((await link.getAttribute('href'))!, page.url()));
    assert.equal(csv.status, 200);
    const rows = parse(await csv.text(), { columns: true }) as {
      id: string;
      metric: string;
      quote: string;
    }[];
    // The same figures in the same set as the table, each with its quote.
    assert.deepEqual(rows.map((r) => r.id).sort(), [...ids].sort());
    assert.ok(rows.every((r) => r.metric === 'returns'));
    await screenshot(page, 'h207-sources-phone');
  });

  it('says when no figure of the metric a link asks for matches the filter, on Sources and Border and relations', async () => {
    const { page, server } = s;
    // No published count of attacks covers 2025; the bundled returns figures do.
    const q = 'from=2025-01-01&to=2025-12-31';
    const answer = (await (await fetch(`${server.url}/api/v1/statistics?${q}`)).json()) as IndicatorsAnswer;
    assert.ok(answer.statistics.length > 0 && !answer.statistics.some((x) => x.metric === 'attacks'));
    await visit(page, `${server.url}/?view=sources&${q}&metric=attacks`);
    const missing = page.locator('[data-testid=statistics-metric-missing]');
    assert.equal(
      await missing.textContent(),
      'No loaded figure of the metric asked for, attacks, matches the filter: every metric’s figures are shown.',
    );
    assert.equal(
      await page.getAttribute('[data-testid=statistics-count]', 'data-value'),
      String(answer.statistics.length),
    );
    // A metric the figures hold: nothing to say.
    await visit(page, `${server.url}/?view=sources&${q}&metric=returns`);
    assert.equal(await missing.count(), 0);
    await visit(page, `${server.url}/?view=border&${q}&metric=attacks`);
    assert.equal(await page.getAttribute('[data-testid=returns-metric-missing]', 'data-metric'), 'attacks');
  });

  it("shows a claim file's error whole on a phone, not cut to one line", async () => {
    const { page, server, pageErrors } = s;
    const file = `claims:
  - id: kp-deaths-2021
    text: More than 500 people were killed in Khyber Pakhtunkhwa in 2021.
    metric: death
    geography: { country: PAK, admin1: Khyber Pakhtunkhwa }
    period: '2021'
    comparator: { kind: more_than, value: 500 }
`;
    const r = await fetch(`${server.url}/api/v1/claims/check`, {
      method: 'POST',
      body: file,
      headers: { 'content-type': 'application/yaml' },
    });
    assert.equal(r.status, 400);
    const { error } = (await r.json()) as { error: { message: string } };
    await visit(page, `${server.url}/?view=claims`);
    // Each figure's value in words: a rate ratio against its baseline's count, not "1.79 (baseline or
    // whole: 850) · rate_ratio" with the API's qualifier as a raw token.
    const values = await page.$$eval('[data-testid=claims-example] [data-testid=claim-value]', (dds) =>
      dds.map((d) => d.textContent ?? ''),
    );
    assert.ok(values.includes('rate ratio 1.79 (against 850 in the baseline)'), values.join('\n'));
    assert.deepEqual(
      values.filter((v) => /[a-z]_[a-z]|baseline or whole/.test(v)),
      [],
    );
    await page.fill('#claim-file', file);
    await page.click('[data-testid=claims-check]');
    await page.waitForSelector('[data-testid=claims-error]');
    assert.equal(await page.textContent('[data-testid=claims-error]'), `Could not check: ${error.message}`);
    // The message names the field and the value (claims.0.metric, "death"): all of it in sight.
    const box = await fits('[data-testid=claims-error]');
    assert.ok(box.right <= PHONE.width && !box.cut, JSON.stringify(box));
    // The API's 400 for the malformed file, which the browser logs, is the only error.
    assert.deepEqual(
      pageErrors.filter((e) => !/status of 400/.test(e)),
      [],
    );
  });

  it("gives each import's warnings and unchanged rows, as the CLI's ledger does, in sight at 1,360 px", async () => {
    const { page, server } = s;
    await page.setViewportSize({ width: 1360, height: 900 });
    const { imports } = (await (await fetch(`${server.url}/api/v1/sources`)).json()) as SourcesAnswer;
    await visit(page, `${server.url}/?view=sources`);
    const cells = (id: string) =>
      page.$$eval(`[data-testid=${id}]`, (tds) => tds.map((td) => td.textContent));
    // Accepted rows are added, changed or unchanged: without the last column 26.0.7's 203 accepted
    // rows read as 201 added and nothing else (its 2 rows already stored by 26.0.6 went unsaid).
    assert.deepEqual(
      await cells('ledger-unchanged'),
      imports.map((i) => String(i.unchanged)),
    );
    assert.ok(imports.every((i) => i.accepted === i.added + i.changed + i.unchanged));
    assert.ok(imports.some((i) => i.unchanged > 0));
    assert.deepEqual(
      await cells('ledger-warnings'),
      imports.map((i) => i.warnings.toLocaleString('en-GB')),
    );
    // A count of warnings links to them: GED's 200 rows whose high estimate is below the best.
    const ged = imports.findIndex((i) => i.source === 'ucdp-ged');
    const link = page.locator('[data-testid=ledger-warnings]').nth(ged).locator('a');
    const csv = await fetch(new URL((await link.getAttribute('href'))!, page.url()));
    const warned = parse(await csv.text(), { columns: true }) as { id: string }[];
    assert.equal(new Set(warned.map((w) => w.id)).size, imports[ged]!.warnings);
    // Eleven columns fit the desktop table without a sideways scroll (the day and time wrap).
    const scroll = await page.$eval('[data-testid=ledger]', (t) => [
      t.parentElement!.scrollWidth,
      t.parentElement!.clientWidth,
    ]);
    assert.ok(scroll[0]! <= scroll[1]!, `the ledger is ${scroll[0]} px wide in ${scroll[1]}`);
  });

  it('names the filters a forecast does not apply, with their values, and none when it applies them all', async () => {
    const { page, server } = s;
    await page.setViewportSize({ width: 1360, height: 900 });
    await visit(
      page,
      `${server.url}/?view=forecasts&level=country&country=AFG,PAK&admin1=PK-KP&from=2021-01-01`,
    );
    const note = page.locator('[data-testid=forecast-not-applied]');
    assert.equal(await note.getAttribute('data-keys'), 'from,country,admin1');
    assert.equal(
      await note.textContent(),
      "Not applied to this forecast (it takes only the country, Pakistan or Afghanistan, and always runs from the last covered month): From (2021-01-01), Country (AFG,PAK), Province (PK-KP). Shown: Pakistan's forecast.",
    );
    // The forecast shown is Pakistan's, as the note says.
    await page.waitForSelector('[data-testid=fan-chart]', { timeout: 60_000 });
    assert.equal(await page.getAttribute('[data-testid=fan-chart]', 'data-unit'), 'Pakistan');
    await visit(page, `${server.url}/?view=forecasts&level=country&country=AFG`);
    assert.equal(await note.count(), 0);
    assert.deepEqual(
      s.pageErrors.filter((e) => !/status of 400/.test(e)),
      [],
    );
  });
});
