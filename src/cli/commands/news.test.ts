import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Command } from 'commander';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { startLocalServer, type LocalServer } from '../../../test/helpers/local-server.ts';
import type { Store } from '../../storage/store.ts';
import { exitCodeFor, failureLine } from '../fail.ts';
import { STORELESS_COMMANDS, commandOf, runsWithoutStore } from '../forward.ts';
import type { ArticleDrafts } from '../../app/news/read-news.ts';
import { createStore } from '../../storage/index.ts';
import { registerNews } from './news.ts';
import { retractDeskEvent } from '../../app/desk/desk-workflow.ts';
import { addNewsDrafts } from '../../app/news/news-to-desk.ts';
import { LOCAL_ACTOR } from '../../app/desk/desk-views.ts';

// The news commands never open the store: any use of this one fails the test.
const NO_STORE = new Proxy({} as Store, {
  get: () => {
    throw new Error('news commands must not open the store');
  },
});
// The waits between HTTP attempts, recorded instead of waited (the CLI's default first wait is 0.5 s).
const waits: number[] = [];
const news = (...args: string[]) =>
  runCli(NO_STORE, [registerNews], ['news', ...args], {}, { sleep: async (ms) => void waits.push(ms) });
const TEXT = new URL(
  '../../ingest/news/fixtures/wikipedia-current-events-2015-07-05-north-waziristan.txt',
  import.meta.url,
);
const FEED = new URL('../../ingest/feeds/fixtures/wikipedia-current-events-2026-08-20.rss', import.meta.url);

const UNPLACED_FEED =
  '<rss version="2.0"><channel><title>Synthetic Wire</title><item><title>Two constables killed</title>' +
  '<link>https://news.example.org/synthetic/9</link><guid>synthetic-9</guid>' +
  '<pubDate>Thu, 04 Dec 2025 08:00:00 GMT</pubDate><description>Two constables were martyred when ' +
  'militants fired on a police van on Thursday, police said.</description></item></channel></rss>';

describe('faultline news', () => {
  let server: LocalServer;
  before(async () => {
    server = await startLocalServer((req, res) => {
      if (req.url === '/article.txt') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(readFileSync(TEXT));
      } else if (req.url === '/feed.rss') {
        if (req.headers['if-none-match'] === '"v1"') {
          res.writeHead(304);
          res.end();
        } else {
          res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' });
          res.end(readFileSync(FEED));
        }
      } else if (req.url === '/unplaced.rss') {
        // Synthetic: one wire-style item that names no place, so its draft has no country.
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(UNPLACED_FEED);
      } else if (req.url === '/feed.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[]}');
      }
      // Anything else never answers.
    });
  });
  after(() => server.close());

  it('extract prints a draft with the words of each field, and the same draft as snake_case JSON', async () => {
    const text = await news('extract', `${server.url}/article.txt`, '--published', '2015-07-05');
    assert.equal(text.error, undefined);
    assert.match(text.out, /^ {2}date {6}2015-07-05 {2}← "2015-07-05"$/m);
    assert.match(
      text.out,
      /^ {2}killed {4}at least 3 security_forces {2}← "at least three Pakistan Army soldiers"$/m,
    );
    assert.match(text.out, /^ {2}injured {3}6 unspecified {2}← "six others"$/m);
    assert.match(text.out, /^1 draft from 1 passage$/m);
    const json = await news('extract', TEXT.pathname, '--published', '2015-07-05', '--format', 'json');
    const body = JSON.parse(json.out);
    assert.deepEqual(Object.keys(body), [
      'article',
      'passages',
      'not_violent',
      'unread_paragraphs',
      'drafts',
      'hidden_drafts',
    ]);
    assert.deepEqual(Object.keys(body.drafts[0].place.value), [
      'name',
      'kind',
      'country',
      'admin1_code',
      'admin1_name',
      'lat',
      'lon',
      'point_source',
    ]);
    assert.deepEqual(body.drafts[0].killed.words, ['at least three Pakistan Army soldiers']);
    assert.equal(body.drafts[0].date.value, '2015-07-05');
  });

  it('bad input fails in one line with exit code 2; a URL that times out with exit code 5', async () => {
    const cases: [string[], number, string][] = [
      [['extract', '/no/such/file.html'], 2, 'faultline: no such file: "/no/such/file.html"\n'],
      [
        ['extract', FEED.pathname],
        2,
        `faultline: not an article: "${FEED.pathname}" is an RSS or Atom feed (read feeds with faultline news watch FEED_URL)\n`,
      ],
      [
        ['extract', TEXT.pathname, '--published', 'soon'],
        2,
        'faultline: invalid --published: "soon" (use a date or time such as 2026-08-21 or 2026-08-21T09:30Z)\n',
      ],
      [
        ['extract', TEXT.pathname, '--published', 'next week'],
        2,
        'faultline: invalid --published: "next week" (use a date or time such as 2026-08-21 or 2026-08-21T09:30Z)\n',
      ],
      [
        ['extract', TEXT.pathname, '--published', 'Fri, 14 Aug 2026 17:47:09 IST'],
        2,
        'faultline: invalid --published: "Fri, 14 Aug 2026 17:47:09 IST" (its zone "IST" is not guessed; PKT, AFT, GMT, UTC, Z and offsets such as +05:30 are read)\n',
      ],
      [
        ['extract', TEXT.pathname, '--countries', 'IND'],
        2,
        'faultline: invalid --countries: "IND" (drafts can be placed in PAK, AFG)\n',
      ],
      [
        ['extract', TEXT.pathname, '--format', 'csv'],
        2,
        'faultline: invalid --format: "csv" (use text or json)\n',
      ],
      [
        ['watch', `${server.url}/feed.rss`, '--interval', '10s'],
        2,
        'faultline: invalid --interval: "10s" (a number with s, m or h, from 60s to 168h; e.g. 15m)\n',
      ],
      // Past 2^31-1 ms Node's timer fired after 1 ms: "600000h" polled the feeds without pause.
      [
        ['watch', `${server.url}/feed.rss`, '--interval', '600000h'],
        2,
        'faultline: invalid --interval: "600000h" (a number with s, m or h, from 60s to 168h; e.g. 15m)\n',
      ],
      [
        ['watch', 'ftp://example.org/feed'],
        2,
        'faultline: invalid feed URL: "ftp://example.org/feed" (use http:// or https://)\n',
      ],
      // In plain digits, as every integer flag (Number() took 0x5, 1e1 and " 5 ").
      [
        ['extract', TEXT.pathname, '--retries', '0x5'],
        2,
        'faultline: invalid --retries: "0x5" (use an integer from 0 to 10)\n',
      ],
      [
        ['extract', TEXT.pathname, '--timeout', ' 5 '],
        2,
        'faultline: invalid --timeout: " 5 " (use an integer from 1 to 600)\n',
      ],
      [
        ['extract', `${server.url}/slow`, '--timeout', '1', '--retries', '1'],
        5,
        `faultline: news: timed out after 1 s: "${server.url}/slow" (2 attempts)\n`,
      ],
    ];
    waits.length = 0;
    for (const [args, code, line] of cases) {
      const r = await news(...args);
      assert.equal(failureLine(r.error), line, args.join(' '));
      assert.equal(exitCodeFor(r.error), code, args.join(' '));
    }
    assert.deepEqual(waits, [500], 'the URL that times out is tried again once, after the default 0.5 s');
  });

  it('watch --once drafts new items, then reports the feed unchanged (304) without repeating them', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'news-cli-')), 'feeds.json');
    const url = `${server.url}/feed.rss`;
    const first = await news('watch', url, '--once', '--state', state);
    assert.equal(first.error, undefined);
    assert.match(first.out, new RegExp(`^feed "${url}": Wikipedia Current Events: 2 items, 2 new$`, 'm'));
    assert.equal(first.out.match(/^draft 1 of 1$/gm)?.length, 2);
    assert.match(first.out, /^ {2}place {5}Kharan \(district, PK-BA, PAK\)/m);
    const second = await news('watch', url, '--once', '--state', state, '--format', 'json');
    const body = JSON.parse(second.out);
    assert.deepEqual(
      body.feeds.map((f: { status: string; articles: unknown[] }) => [f.status, f.articles.length]),
      [['not_modified', 0]],
    );
  });

  it("watch --save keeps each new item's drafts as desk drafts, once, and lists them", async () => {
    const store = await createStore({ path: ':memory:' });
    try {
      const state = join(mkdtempSync(join(tmpdir(), 'news-cli-')), 'feeds.json');
      const url = `${server.url}/feed.rss`;
      const watch = (...more: string[]) =>
        runCli(store, [registerNews], ['news', 'watch', url, '--once', '--state', state, '--save', ...more]);
      const first = await watch('--format', 'json');
      assert.equal(first.error, undefined, first.err);
      const articles = (
        JSON.parse(first.out) as {
          feeds: { articles: (ArticleDrafts & { desk_events: { id: number; state: string }[] })[] }[];
        }
      ).feeds[0]!.articles;
      assert.equal(articles.length, 2);
      for (const a of articles) {
        assert.deepEqual(
          a.desk_events.map((e) => e.state),
          a.drafts.map(() => 'draft'),
        );
        for (const [i, e] of a.desk_events.entries()) {
          const saved = (await store.getDeskEvent(e.id))!;
          assert.equal(saved.origin.kind, 'news');
          assert.equal(saved.fields.date_start, a.drafts[i]!.date.value);
        }
      }
      const ids = articles.flatMap((a) => a.desk_events.map((e) => e.id));
      assert.equal(new Set(ids).size, 2);
      // The feed unchanged: nothing new, nothing saved twice.
      const second = await watch();
      assert.match(second.out, /not modified since the last poll/);
      assert.equal((await store.listDeskEvents({})).length, 2);
      assert.equal(runsWithoutStore(['news', 'watch', url, '--save'], 'news'), false, 'goes to a server');
    } finally {
      await store.close();
    }
  });

  it("watch --save text names each saved draft's problems by the desk edit flags that fix them, as news add does", async () => {
    const store = await createStore({ path: ':memory:' });
    try {
      const state = join(mkdtempSync(join(tmpdir(), 'news-cli-')), 'feeds.json');
      const url = `${server.url}/unplaced.rss`;
      const r = await runCli(
        store,
        [registerNews],
        ['news', 'watch', url, '--once', '--state', state, '--save', '--all'],
      );
      assert.equal(r.error, undefined, r.err);
      const [e] = await store.listDeskEvents({});
      assert.deepEqual(e!.problems, ['no country: give country (AFG or PAK)']);
      assert.deepEqual(
        r.out.split('\n').filter((l) => l.startsWith('saved for review as desk event')),
        [
          `saved for review as desk event ${e!.id} (draft); problems to fix with faultline desk edit ${e!.id}: no country: give --country (AFG or PAK)`,
        ],
      );
    } finally {
      await store.close();
    }
  });

  it('watch counts a feed of one item in the singular (it said "1 items, 1 new")', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'news-cli-')), 'feeds.json');
    const r = await news('watch', `${server.url}/unplaced.rss`, '--once', '--state', state);
    assert.equal(r.error, undefined, r.err);
    assert.match(
      r.out,
      new RegExp(`^feed "${server.url}/unplaced.rss": Synthetic Wire: 1 item, 1 new$`, 'm'),
    );
  });

  it('watch --once exits 5 when a feed fails, after printing what the others gave', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'news-cli-')), 'feeds.json');
    const r = await news(
      'watch',
      `${server.url}/feed.json`,
      `${server.url}/feed.rss`,
      '--once',
      '--state',
      state,
    );
    assert.match(r.out, /: 2 items, 2 new$/m);
    assert.equal(exitCodeFor(r.error), 5);
    assert.equal(
      failureLine(r.error),
      `faultline: 1 of 2 feeds failed: not an RSS or Atom feed: "${server.url}/feed.json" (JSON Feed is not read)\n`,
    );
  });

  it('runs here even when a server owns the store, and explains drafts in --help', () => {
    assert.ok(STORELESS_COMMANDS.includes(commandOf(['news', 'watch', 'http://x']) ?? ''));
    const program = new Command('faultline');
    registerNews(program, { settings: { home: '.' } } as never);
    const extract = program.commands[0]!.commands.find((c) => c.name() === 'extract')!;
    let help = '';
    extract.configureOutput({ writeOut: (s) => void (help += s) }).outputHelp();
    assert.match(help, /Usage: faultline news extract \[options\] <source>/);
    assert.match(help, /never counts until a person accepts it/);
    const add = program.commands[0]!.commands.find((c) => c.name() === 'add')!;
    let addHelp = '';
    add.configureOutput({ writeOut: (s) => void (addHelp += s) }).outputHelp();
    assert.match(addHelp, /An article read again is not saved twice/);
    assert.match(addHelp, /same_incident/);
  });
});

describe('faultline news add', () => {
  let server: LocalServer;
  let store: Store;
  before(async () => {
    store = await createStore({ path: ':memory:' });
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(readFileSync(TEXT));
    });
  });
  after(async () => {
    await server.close();
    await store.close();
  });

  it('goes to the server that owns the store, unlike extract and watch', () => {
    assert.equal(runsWithoutStore(['news', 'add', 'x.html'], 'news'), false);
    assert.equal(runsWithoutStore(['news', 'extract', 'x.html'], 'news'), true);
    assert.equal(runsWithoutStore(['--db', 'a.duckdb', 'news', 'watch', 'http://x'], 'news'), true);
  });

  it("saves the article's draft as a desk draft with its words and citation, counted nowhere", async () => {
    const url = `${server.url}/article.txt`;
    const extracted = JSON.parse(
      (await news('extract', url, '--published', '2015-07-05', '--format', 'json')).out,
    ) as ArticleDrafts;
    const r = await runCli(
      store,
      [registerNews],
      ['news', 'add', url, '--published', '2015-07-05', '--format', 'json'],
    );
    assert.equal(r.error, undefined, r.err);
    const answer = JSON.parse(r.out) as { desk_events: { id: number; state: string }[] };
    assert.deepEqual(
      answer.desk_events.map((e) => e.state),
      extracted.drafts.map(() => 'draft'),
    );
    const draft = extracted.drafts[0]!;
    const saved = (await store.getDeskEvent(answer.desk_events[0]!.id))!;
    assert.deepEqual(
      [saved.fields.date_start, saved.fields.country, saved.fields.place, saved.fields.injured],
      [draft.date.value, draft.place.value!.country, draft.place.value!.name, draft.injured.value!.total],
    );
    // "at least three Pakistan Army soldiers": a lower bound, so low and best are 3 and high is unknown.
    assert.deepEqual(
      [saved.fields.fatalities_best, saved.fields.fatalities_low, saved.fields.fatalities_high],
      [3, 3, null],
    );
    assert.equal(saved.from_words.fatalities_best, 'at least three Pakistan Army soldiers');
    assert.equal(saved.citations[0]!.url, url);
    assert.equal(saved.origin.kind, 'news');
    assert.equal(await store.countEvents({ includeDesk: true }), 0, 'a draft counts nowhere');
  });

  it('the same article read twice is saved once: the second read names the desk event it is, marked already_saved', async () => {
    const url = `${server.url}/article.txt`;
    const add = async (format: string) => {
      const r = await runCli(
        store,
        [registerNews],
        ['news', 'add', url, '--published', '2015-07-05', '--format', format],
      );
      assert.equal(r.error, undefined, r.err);
      return r.out;
    };
    const first = JSON.parse(await add('json')) as { desk_events: { id: number; already_saved: boolean }[] };
    const events = (await store.listDeskEvents({})).length;
    const again = JSON.parse(await add('json')) as typeof first;
    assert.deepEqual(
      again.desk_events.map((e) => [e.id, e.already_saved]),
      first.desk_events.map((e) => [e.id, true]),
    );
    assert.equal((await store.listDeskEvents({})).length, events, 'no second desk event');
    assert.match(
      await add('text'),
      /already saved from this article, not saved again[^]*0 drafts saved for review; 1 already saved before/,
    );
    // A viewer may not save drafts, and so is not told that the article's draft is a desk event.
    const article = JSON.parse(
      (await news('extract', url, '--published', '2015-07-05', '--format', 'json')).out,
    ) as ArticleDrafts;
    await assert.rejects(addNewsDrafts(store, article, { id: 'vw', name: null, role: 'viewer' }), {
      message: 'forbidden: create needs the analyst role; key "vw" has viewer',
    });
    // A retracted one is no longer in the way: reading the article again saves it anew.
    await retractDeskEvent(store, first.desk_events[0]!.id, 'read twice in a test', LOCAL_ACTOR);
    const anew = JSON.parse(await add('json')) as typeof first;
    assert.equal(anew.desk_events[0]!.already_saved, false);
    assert.notEqual(anew.desk_events[0]!.id, first.desk_events[0]!.id);
  });

  it('two passages of one article about one incident are linked to each other, and reading it again links nothing anew', async () => {
    // Synthetic: a made-up digest page listing one attack twice (example.org, RFC 2606).
    const dir = mkdtempSync(join(tmpdir(), 'faultline-news-'));
    const file = join(dir, 'synthetic_digest.html');
    writeFileSync(
      file,
      `<html><head><title>Synthetic news in brief</title></head><body><article><h1>News in brief</h1><ul>
<li>BANNU: At least 12 soldiers were martyred when militants stormed a check post in Bannu on Thursday.</li>
<li>BANNU: Police said two civilians were also killed in the attack on the check post in Bannu on Thursday.</li>
</ul></article></body></html>`,
    );
    const url = 'https://news.example.org/synthetic/digest-1';
    type Saved = { id: number; already_saved: boolean; same_incident: number[] };
    const add = async () => {
      const r = await runCli(
        store,
        [registerNews],
        ['news', 'add', file, '--published', '2026-10-16', '--url', url, '--format', 'json'],
      );
      assert.equal(r.error, undefined, r.err);
      return (JSON.parse(r.out) as { desk_events: Saved[] }).desk_events;
    };
    const [a, b] = await add();
    // Each names the other, the first too (it was saved before the second).
    assert.deepEqual(
      [a!.same_incident, b!.same_incident, a!.already_saved, b!.already_saved],
      [[b!.id], [a!.id], false, false],
    );
    const linked = async () => [
      (await store.getDeskEvent(a!.id))!.same_incident,
      (await store.getDeskEvent(b!.id))!.same_incident,
    ];
    assert.deepEqual(await linked(), [
      [{ id: b!.id, relation: 'possible' }],
      [{ id: a!.id, relation: 'possible' }],
    ]);
    const audit = (await store.listDeskAudit({})).length;
    const again = await add();
    assert.deepEqual(
      again.map((e) => [e.id, e.already_saved, e.same_incident]),
      [
        [a!.id, true, [b!.id]],
        [b!.id, true, [a!.id]],
      ],
    );
    assert.deepEqual(await linked(), [
      [{ id: b!.id, relation: 'possible' }],
      [{ id: a!.id, relation: 'possible' }],
    ]);
    assert.equal((await store.listDeskAudit({})).length, audit, 'a re-read writes nothing');
  });

  it('two reports of one incident are both saved, each naming the other desk event of its day and place', async () => {
    // Synthetic: two made-up outlets' leads on one attack, read as files with their addresses (on
    // the reserved example.com and example.org, RFC 2606).
    const dir = mkdtempSync(join(tmpdir(), 'faultline-news-'));
    const add = async (name: string, text: string, url: string) => {
      writeFileSync(join(dir, name), text);
      const r = await runCli(
        store,
        [registerNews],
        ['news', 'add', join(dir, name), '--published', '2026-11-27', '--url', url, '--format', 'json'],
      );
      assert.equal(r.error, undefined, r.err);
      return (JSON.parse(r.out) as { desk_events: { id: number; same_incident: number[] }[] })
        .desk_events[0]!;
    };
    const daily = await add(
      'synthetic_daily.txt',
      'BANNU: At least 12 soldiers were martyred when militants stormed a check post in Bannu on Thursday.',
      'https://www.synthetic-daily.example.com/news/1950001',
    );
    const tribune = await add(
      'synthetic_tribune.txt',
      'BANNU: Twelve security personnel were martyred in a suicide attack on a check post in Bannu on Thursday night.',
      'https://synthetic-tribune.example.org/story/2580001',
    );
    assert.deepEqual(daily.same_incident, []);
    assert.deepEqual(tribune.same_incident, [daily.id]);
    const text = await runCli(
      store,
      [registerNews],
      [
        'news',
        'add',
        join(dir, 'synthetic_tribune.txt'),
        '--published',
        '2026-11-27',
        '--url',
        'https://synthetic-tribune.example.org/story/2580001',
      ],
    );
    assert.match(
      text.out,
      new RegExp(`same day and place as desk event ${daily.id}: maybe one incident, check before submitting`),
    );
  });

  it("the text names a saved draft's problems by the desk edit flags that fix them; the JSON by field (synthetic report)", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-news-')), 'uncited.txt');
    // Synthetic: a wire-style lead, read without its address (so no citation).
    writeFileSync(
      file,
      'PESHAWAR, Dec 4: Two constables were martyred when militants fired on a police van in Tank on Thursday, police said.\n',
    );
    const add = (format: string) =>
      runCli(store, [registerNews], ['news', 'add', file, '--published', '2026-12-04', '--format', format]);
    const json = JSON.parse((await add('json')).out) as { desk_events: { id: number; problems: string[] }[] };
    const { id, problems } = json.desk_events[0]!;
    assert.deepEqual(problems, ['no citation: give at least one source (url, outlet, published_at, quote)']);
    const text = await add('text');
    assert.equal(text.error, undefined, text.err);
    assert.match(
      text.out,
      new RegExp(
        `^desk event ${id} \\(draft\\): .*; problems to fix with faultline desk edit ${id}: no citation: give at least one source \\(--cite-url, --cite-outlet, --cite-published, --cite-quote\\)$`,
        'm',
      ),
    );
  });

  it('a file given with --url and --outlet is cited by them (without, the draft has no citation); a page refuses them', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-news-')), 'copied.txt');
    writeFileSync(
      file,
      'PESHAWAR, Dec 3: Three policemen were martyred when terrorists attacked a check post in Lakki Marwat on Tuesday night, police said.\n',
    );
    const add = async (...extra: string[]) => {
      const r = await runCli(
        store,
        [registerNews],
        ['news', 'add', file, '--published', '2026-12-03', '--format', 'json', ...extra],
      );
      assert.equal(r.error, undefined, r.err);
      // (What POST /api/v1/desk/news answers: src/api/routes/desk.test.ts compares the two.)
      const answer = JSON.parse(r.out) as { desk_events: { id: number }[] };
      return (await store.getDeskEvent(answer.desk_events[0]!.id))!;
    };
    const bare = await add();
    // No citation, but the desk event still says it was read from a news text, with what the text gave.
    assert.deepEqual(
      [bare.citations, bare.origin],
      [
        [],
        {
          kind: 'news',
          url: null,
          outlet: null,
          published_at: '2026-12-03T00:00:00.000Z',
          quote: readFileSync(file, 'utf8').trim(),
        },
      ],
    );
    const cited = await add(
      '--url',
      'https://www.synthetic-daily.example.com/news/1234567',
      '--outlet',
      'Synthetic Daily',
    );
    assert.deepEqual(
      [
        cited.citations[0]!.url,
        cited.citations[0]!.outlet,
        cited.citations[0]!.published_at,
        cited.origin.kind,
      ],
      [
        'https://www.synthetic-daily.example.com/news/1234567',
        'Synthetic Daily',
        '2026-12-03T00:00:00.000Z',
        'news',
      ],
    );
    // The outlet defaults to the address's host.
    const host = JSON.parse(
      (
        await news(
          'extract',
          file,
          '--url',
          'https://www.synthetic-daily.example.com/news/1',
          '--format',
          'json',
        )
      ).out,
    );
    assert.equal(host.article.outlet, 'synthetic-daily.example.com');
    assert.equal(
      ((await news('extract', file, '--url', 'ftp://x')).error as Error).message,
      'invalid --url: "ftp://x" (use the article\'s http(s) address)',
    );
    assert.equal(
      ((await news('extract', `${server.url}/article.txt`, '--outlet', 'Synthetic Daily')).error as Error)
        .message,
      `--url and --outlet are for a file or standard input: "${server.url}/article.txt" is a page, which gives its own`,
    );
  });
});
