// test-run: alone, about 10 s (Chromium)
/**
 * The Desk view in a real Chromium against the real API: an analyst adds a desk event with the
 * form and submits it, a reviewer verifies it from the queue, an admin publishes it; the audit
 * log names each, and the map shows it in the desk band. The event is synthetic (example.org
 * citation) and the store holds nothing else, so the run takes seconds.
 *
 * Then the Alerts view, over a second server and store of real rows (test/fixtures/README.md) in a
 * page of the same browser: each Chromium file starts its own test process, browser and server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addAlertRule } from '../../src/app/alerts/rules.ts';
import type { AlertsAnswer } from '../../src/app/answers.ts';
import { createApiKey } from '../../src/app/api-keys.ts';
import { importFile } from '../../src/app/import-dataset.ts';
import { addNewsDrafts } from '../../src/app/news/news-to-desk.ts';
import { draftsOf } from '../../src/app/news/read-news.ts';
import { readFeed } from '../../src/ingest/feeds/feed-items.ts';
import { articleFromHtml } from '../../src/ingest/news/article-text.ts';
import { createApi, startServer, type RunningServer } from '../../src/api/server.ts';
import { launchChromium } from '../../src/report/pdf/chromium-pdf.ts';
import { createStore, type Store } from '../../src/storage/index.ts';
import { ensureDashboard } from '../../web/build/dashboard-build.ts';
import { dashboardPage, screenshot, visit } from '../helpers/dashboard-server.ts';
import { writeCandidateCut } from '../helpers/ged-rows.ts';

let store: Store;
let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const keys: Record<string, { key: string; id: string }> = {};

before(async () => {
  const [{ dir }, s, b] = await Promise.all([
    ensureDashboard(),
    createStore({ path: ':memory:' }),
    launchChromium(),
  ]);
  store = s;
  browser = b;
  for (const role of ['analyst', 'reviewer', 'admin'])
    keys[role] = await createApiKey(store, { role, name: role });
  // As test/helpers/dashboard-server.ts: a minute's query limit, not the server's 10 s, so that a
  // loaded machine (a CI run once put this file beside a 600,000-event rebuild) cannot turn a slow
  // save into a failed page; no rate limit to trip.
  server = await startServer(
    createApi({ store, staticDir: dir, log: () => {}, rateLimitPerMinute: 100_000, queryTimeoutMs: 60_000 }),
    '127.0.0.1',
    0,
  );
  page = await dashboardPage(browser);
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

after(async () => {
  await browser?.close();
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

describe('the Desk view in Chromium', () => {
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
      new URL('../../src/ingest/feeds/fixtures/wikipedia-current-events-2026-08-20.rss', import.meta.url),
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
        for (const d of await addNewsDrafts(store, read, analyst)) if (!d.already_saved) ids.push(d.event.id);
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
      (await page.textContent(`[data-testid=queue-notes-${bajaur}] li[data-warning=actor_inferred]`))?.trim(),
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
    assert.match((await page.textContent(link)) ?? '', new RegExp(`desk event ${seven}, which is published`));
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
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
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
