// test-run: alone, about 15 s (Chromium)
/**
 * Loose ends of an audit of the Claims, Desk and Sources views, in a real Chromium against the real
 * API over the bundled data, until 2026-12-07: a verdict badge showed the API's token
 * ("partly_supported"); a claim check past the time limit said to "narrow the period or filters",
 * which a claim file has none of; the Desk kept a refusal of the last save on screen when the
 * browser's own number check stopped the next one; a pasted claim file was lost on a reload. (The
 * ledger's CSV links past 10,000 rows are unit-tested in test/web/ledger-rows.test.ts: no bundled
 * import has that many.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../src/app/api-keys.ts';
import { createApi, startServer } from '../../src/api/server.ts';
import type { SourcesAnswer } from '../../web/src/api/types.ts';
import type { Store } from '../../src/storage/index.ts';
import { ensureDashboard } from '../../web/build/dashboard-build.ts';
import { openDashboard, visit, type DashboardSession } from '../helpers/dashboard-server.ts';

let s: DashboardSession;
let store: Store;
let analystKey: string;

const WORDS: Record<string, string> = {
  supported: 'supported',
  partly_supported: 'partly supported',
  contradicted: 'contradicted',
  not_checkable: 'not checkable',
};

const FILE = `claims:
  - id: kp-deaths-2021
    text: More than 500 people were killed in Khyber Pakhtunkhwa in 2021.
    metric: deaths
    geography: { country: PAK, admin1: Khyber Pakhtunkhwa }
    period: '2021'
    comparator: { kind: more_than, value: 500 }
`;

describe('loose ends of the Claims, Desk and Sources audit in Chromium', () => {
  before(async () => {
    s = await openDashboard(async (st) => {
      store = st;
      analystKey = (await createApiKey(st, { role: 'analyst', name: 'h209 analyst' })).key;
    });
  });
  after(() => s?.close());

  it("shows each verdict in words, with the API's token in data-verdict", async () => {
    const { page, server } = s;
    const expected = (await (await fetch(`${server.url}/api/v1/claims/examples/ttp-essay`)).json()) as {
      results: { verdict: string }[];
    };
    await visit(page, `${server.url}/?view=claims`);
    const badges = await page.$$eval('[data-testid=claims-example] [data-testid=claim-verdict]', (els) =>
      els.map((e) => [(e as HTMLElement).dataset.verdict, e.textContent]),
    );
    assert.deepEqual(
      badges,
      expected.results.map((r) => [r.verdict, WORDS[r.verdict]]),
    );
    // The example holds a partly supported claim: the token that read as code.
    assert.ok(badges.some(([v]) => v === 'partly_supported'));
    // No API token in the view's words (the intro listed "partly_supported, ... not_checkable" too).
    const text = (await page.textContent('main')) ?? '';
    assert.deepEqual(text.match(/partly_supported|not_checkable/g), null);
  });

  it('keeps a pasted claim file and text through a reload, and checks it only when asked', async () => {
    const { page, server } = s;
    await visit(page, `${server.url}/?view=claims`);
    await page.fill('#claim-file', FILE);
    await page.fill('#claim-prose', 'More than 500 people were killed in Khyber Pakhtunkhwa in 2021.');
    await visit(page, `${server.url}/?view=claims`, { reload: true });
    assert.equal(await page.inputValue('#claim-file'), FILE);
    assert.equal(
      await page.inputValue('#claim-prose'),
      'More than 500 people were killed in Khyber Pakhtunkhwa in 2021.',
    );
    assert.equal(await page.locator('[data-testid=claims-checked]').count(), 0);
    // Not in the address: a file may be 256 KiB.
    assert.equal(new URL(page.url()).search, '?view=claims');
    // Emptied, nothing is kept.
    await page.fill('#claim-file', '');
    await page.fill('#claim-prose', '');
    await visit(page, `${server.url}/?view=claims`, { reload: true });
    assert.equal(await page.inputValue('#claim-file'), '');
  });

  it('says what to do about a claim check past the time limit: fewer claims, or the CLI', async () => {
    const { page } = s;
    // The same store under a 1 ms time limit: every check runs past it.
    const { dir } = await ensureDashboard();
    const strict = await startServer(
      createApi({ store, staticDir: dir, log: () => {}, rateLimitPerMinute: 100_000, queryTimeoutMs: 1 }),
      '127.0.0.1',
      0,
    );
    try {
      await visit(page, `${strict.url}/?view=claims`);
      await page.fill('#claim-file', FILE);
      await page.click('[data-testid=claims-check]');
      await page.waitForSelector('[data-testid=claims-error]');
      assert.equal(
        await page.textContent('[data-testid=claims-error]'),
        'Could not check: query timed out after 1 ms; check fewer claims at once, or run `faultline claims check FILE`, which has no time limit',
      );
    } finally {
      await strict.close();
    }
  });

  it("clears the last refusal when the browser's own number check stops the next save", async () => {
    const { page, server } = s;
    await visit(page, `${server.url}/?view=desk`);
    await page.fill('#desk-key', analystKey);
    await page.dispatchEvent('#desk-key', 'change');
    await page.waitForSelector('#desk-key[data-key-version="1"]');
    await page.fill('#desk-killed', '-3');
    await page.click('[data-testid=desk-save]');
    await page.waitForSelector('[data-testid=desk-error]');
    assert.equal(
      await page.textContent('[data-testid=desk-error]'),
      'invalid “Killed”: -3 (a whole number of people, 0 or more, or leave it empty when unknown)',
    );
    assert.equal(await page.getAttribute('#desk-killed', 'aria-invalid'), 'true');
    // 2.5 deaths: the number field's step stops the save in the browser, which says why beside the
    // field; the refusal of -3 is no longer about what the field holds.
    await page.fill('#desk-killed', '2.5');
    await page.click('[data-testid=desk-save]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=desk-error]'));
    assert.equal(
      await page.$eval('#desk-killed', (i) => (i as HTMLInputElement).validity.stepMismatch),
      true,
    );
    assert.equal(await page.getAttribute('#desk-killed', 'aria-invalid'), null);
  });

  it("says what the ledger's warnings CSV link gives when rows may carry several warnings", async () => {
    const { page, server } = s;
    const { imports } = (await (await fetch(`${server.url}/api/v1/sources`)).json()) as SourcesAnswer;
    await visit(page, `${server.url}/?view=sources`);
    const ged = imports.findIndex((i) => i.source === 'ucdp-ged');
    const link = page.locator('[data-testid=ledger-warnings]').nth(ged).locator('a');
    assert.equal(await link.textContent(), String(imports[ged]!.warnings));
    assert.equal(
      await link.getAttribute('title'),
      `Download the warnings of the ${imports[ged]!.warnings} rows kept with warnings as CSV (the first 10,000 if they carry more: a row may carry several)`,
    );
    assert.equal(await link.getAttribute('data-cut'), null);
    assert.deepEqual(
      s.pageErrors.filter((e) => !/status of (400|503)/.test(e)),
      [],
    );
  });
});
