import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLocalServer, type LocalServer } from '../../../test/helpers/local-server.ts';
import { pollFeeds } from './watch-feeds.ts';

const FIXTURES = new URL('../../ingest/feeds/fixtures/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const FEED_0820 = fixture('wikipedia-current-events-2026-08-20.rss');
/** The real 2026-08-20 build with the August 14 item's pubDate (12:17:09 GMT) written as `date`. */
const withAug14PubDate = (date: string) =>
  FEED_0820.replace('<pubDate>Fri, 14 Aug 2026 12:17:09 -0000</pubDate>', `<pubDate>${date}</pubDate>`);
const FEED_0822 = fixture('wikipedia-current-events-2026-08-22.rss');
const NOW = new Date('2026-12-02T12:00:00Z');
// One retry, as a real client has (a keep-alive socket the server has just closed fails once), and a
// time-out long enough for a loaded test machine.
const FAST = { now: NOW, retries: 1, backoffMs: 10, timeoutMs: 30_000 };

describe('feeds polled with conditional GET', () => {
  let server: LocalServer;
  // What /wikipedia.rss serves: the 2026-08-20 build, then the 2026-08-22 one (one more day).
  let current = { body: FEED_0820, etag: '"0820"' };
  // What /updated.rss serves: the 2026-08-20 build, then the same with the August 16 item's toll changed.
  let updatedBody = FEED_0820;
  // Requests /loop.rss answered: a loop retried as a network error was asked for again and again.
  let loopHits = 0;
  before(async () => {
    server = await startLocalServer((req, res) => {
      if (req.url === '/wikipedia.rss') {
        if (req.headers['if-none-match'] === current.etag) {
          res.writeHead(304, { etag: current.etag });
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/rss+xml', etag: current.etag });
        res.end(current.body);
      } else if (req.url === '/modified.rss') {
        const since = 'Sat, 22 Aug 2026 12:16:58 GMT';
        if (req.headers['if-modified-since'] === since) {
          res.writeHead(304);
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'last-modified': since });
        res.end(FEED_0822);
      } else if (req.url === '/always-304.rss') {
        // A server that answers 304 whatever it is asked, validators or none.
        res.writeHead(304);
        res.end();
      } else if (req.url === '/rfc4287.atom') {
        res.writeHead(200, { 'content-type': 'application/atom+xml' });
        res.end(fixture('rfc4287-extensive-example.atom'));
      } else if (req.url === '/cut.rss') {
        // The real feed cut off in the middle of its second item, as a dropped connection leaves it.
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(FEED_0820.slice(0, 20_000));
      } else if (req.url === '/twice.rss') {
        // The real 2026-08-20 build with its first item (August 16) listed a second time, as an
        // aggregator that reposts a story lists it.
        const first = FEED_0820.slice(FEED_0820.indexOf('<item>'), FEED_0820.indexOf('</item>') + 7);
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(FEED_0820.replace('</channel>', `${first}</channel>`));
      } else if (req.url === '/pkt.rss') {
        // The real 2026-08-20 build with the August 14 item's pubDate written as a Pakistani feed
        // writes it, the same instant on Pakistan's clock with its zone named: 12:17:09 GMT is 17:17:09 PKT.
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(withAug14PubDate('Fri, 14 Aug 2026 17:17:09 PKT'));
      } else if (req.url === '/ist.rss') {
        // The same instant written as an Indian feed writes it, 12:17:09 GMT as 17:47:09 IST: a zone
        // name faultline does not guess (Ireland's and Israel's "IST" differ).
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(withAug14PubDate('Fri, 14 Aug 2026 17:47:09 IST'));
      } else if (req.url === '/after-midnight.rss') {
        // The same build with the page of August 14 published at 00:30 the next day on Pakistan's
        // clock, as a feed built after midnight publishes the day before.
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(withAug14PubDate('Sat, 15 Aug 2026 00:30:00 +0500'));
      } else if (req.url === '/updated.rss') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(updatedBody);
      } else if (req.url === '/loop.rss') {
        // A feed that redirects to itself, as a misconfigured server does.
        loopHits++;
        res.writeHead(302, { location: '/loop.rss' });
        res.end();
      } else if (req.url === '/loop-a.rss' || req.url === '/loop-b.rss') {
        res.writeHead(301, { location: req.url === '/loop-a.rss' ? '/loop-b.rss' : '/loop-a.rss' });
        res.end();
      } else if (req.url === '/moved.rss') {
        res.writeHead(301, { location: '/rfc4287.atom' });
        res.end();
      } else if (req.url === '/html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><html><body><p>Service unavailable</p></body></html>');
      } else if (req.url === '/error') {
        res.writeHead(502);
        res.end();
      }
    });
  });
  after(() => server.close());

  it('a 304 to a first poll (no validators sent) is the feed’s error, not "not modified", and the state is not advanced', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'feeds-')), 'feeds.json');
    const url = `${server.url}/always-304.rss`;
    const first = await pollFeeds([url], state, FAST);
    assert.deepEqual(
      [first.feeds[0]!.status, first.feeds[0]!.error],
      [
        'error',
        'answered 304 Not Modified to a poll that sent no validators (no ETag or Last-Modified kept from an earlier one): no items were read',
      ],
    );
    const saved = JSON.parse(readFileSync(state, 'utf8')) as { feeds: Record<string, unknown> };
    assert.equal(saved.feeds[url], undefined);
  });

  it('the first poll drafts the events of every item; an unchanged feed then costs one 304 and drafts nothing', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'feeds-')), 'feeds.json');
    const url = `${server.url}/wikipedia.rss`;
    const first = await pollFeeds([url], state, FAST);
    const feed = first.feeds[0]!;
    assert.deepEqual([feed.status, feed.error], ['new', null]);
    assert.equal(feed.feed_title, 'Wikipedia Current Events');
    assert.equal(feed.items, 2);
    assert.equal(feed.new_items, 2);
    const drafts = feed.articles.flatMap((a) => a.drafts);
    assert.deepEqual(
      feed.articles.map((a) => [a.item_id, a.drafts.length, a.article.published]),
      [
        ['https://en.wikipedia.org/wiki/Portal:Current_events/2026_August_16', 1, '2026-08-16T12:22:12.000Z'],
        ['https://en.wikipedia.org/wiki/Portal:Current_events/2026_August_14', 1, '2026-08-14T12:17:09.000Z'],
      ],
    );
    const kharan = drafts[0]!;
    assert.deepEqual(kharan.source, {
      url: 'https://en.wikipedia.org/wiki/Portal:Current_events/2026_August_16',
      outlet: 'Wikipedia Current Events',
      title: 'Current Events - August 16, 2026',
      published: '2026-08-16T12:22:12.000Z',
    });
    // The item names no day: its publication day, with the feed's words for it.
    assert.deepEqual(kharan.date, { value: '2026-08-16', words: ['Sun, 16 Aug 2026 12:22:12 -0000'] });
    assert.equal(kharan.place.value?.name, 'Kharan');
    assert.equal(kharan.place.value?.kind, 'district');
    assert.equal(kharan.place.value?.admin1_code, 'PK-BA');
    assert.deepEqual(kharan.place.words, ['Kharan District', 'Balochistan', 'Pakistan']);
    assert.deepEqual(kharan.actors, {
      value: [{ id: 'ttp', name: 'Tehrik-i-Taliban Pakistan (TTP)' }],
      words: ['Pakistani Taliban'],
    });
    assert.deepEqual(kharan.killed, {
      value: {
        total: 7,
        bound: 'exact',
        groups: [
          {
            count: 7,
            bound: 'exact',
            victims: 'militants',
            victim_words: 'suspected members of the Pakistani Taliban',
          },
        ],
      },
      words: ['Seven suspected members of the Pakistani Taliban'],
    });
    assert.deepEqual(kharan.type, { value: 'security_operation', words: ['joint operation'] });
    assert.equal(drafts[1]!.place.value?.name, 'Bajaur');

    const second = await pollFeeds([url], state, FAST);
    assert.deepEqual(second.feeds[0], {
      url,
      status: 'not_modified',
      feed_title: null,
      items: null,
      new_items: 0,
      repeated_items: 0,
      updated_items: 0,
      articles: [],
      error: null,
    });
    assert.equal(server.seen.at(-1)!.headers['if-none-match'], '"0820"');
  });

  it('a state file that cannot be written is refused before any feed is fetched or any draft saved', async () => {
    // Nothing to read there (a first poll), and nothing can be made there: /proc refuses a new entry.
    const state = '/proc/faultline-feeds/feeds.json';
    let fetched = 0;
    let saved = 0;
    const counting = await startLocalServer((_req, res) => {
      fetched++;
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(FEED_0820);
    });
    try {
      await assert.rejects(
        pollFeeds([`${counting.url}/feed.rss`], state, {
          ...FAST,
          save: async () => {
            saved++;
            return [];
          },
        }),
        { message: new RegExp(`^cannot write feed state "${state}": `) },
      );
    } finally {
      await counting.close();
    }
    assert.deepEqual([fetched, saved], [0, 0]);
  });

  it('a changed feed drafts only the item not seen before', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'feeds-')), 'feeds.json');
    const url = `${server.url}/wikipedia.rss`;
    current = { body: FEED_0820, etag: '"0820"' };
    await pollFeeds([url], state, FAST);
    current = { body: FEED_0822, etag: '"0822"' };
    const next = await pollFeeds([url], state, FAST);
    const feed = next.feeds[0]!;
    assert.equal(feed.items, 3);
    assert.equal(feed.new_items, 1);
    assert.deepEqual(
      feed.articles.map((a) => a.item_id),
      ['https://en.wikipedia.org/wiki/Portal:Current_events/2026_August_21'],
    );
    const d = feed.articles[0]!.drafts[0]!;
    assert.deepEqual(d.killed.words, ['49 militants']);
    assert.equal(d.killed.value?.groups[0]?.victims, 'militants');
    assert.deepEqual(d.place.value?.admin1_code, 'PK-KP');
    assert.deepEqual(d.place.words, ['Khyber Pakhtunkhwa']);
    // "Balochistan Liberation Army" is an actor, not the province Balochistan.
    assert.deepEqual(
      d.actors.value?.map((a) => a.id),
      ['pakistan', 'ttp', 'bla'],
    );
    assert.deepEqual(d.actors.words, [
      'Pakistani forces',
      'Pakistani Taliban',
      'Balochistan Liberation Army',
    ]);
    assert.deepEqual(d.type, { value: 'security_operation', words: ['raid multiple hideouts'] });
    const saved = JSON.parse(readFileSync(state, 'utf8'));
    assert.equal(saved.feeds[url].etag, '"0822"');
    assert.equal(saved.feeds[url].seen.length, 3);
  });

  it('an item a feed lists twice (one guid) is drafted once and counted as listed again, not as new', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'feeds-')), 'feeds.json');
    const feed = (await pollFeeds([`${server.url}/twice.rss`], state, FAST)).feeds[0]!;
    assert.deepEqual([feed.items, feed.new_items, feed.repeated_items], [3, 2, 1]);
    assert.deepEqual(
      feed.articles.map((a) => a.item_id),
      [
        'https://en.wikipedia.org/wiki/Portal:Current_events/2026_August_16',
        'https://en.wikipedia.org/wiki/Portal:Current_events/2026_August_14',
      ],
    );
    assert.equal(JSON.parse(readFileSync(state, 'utf8')).feeds[`${server.url}/twice.rss`].seen.length, 2);
  });

  it("a pubDate that names its zone PKT is read on Pakistan's clock, not dropped for the page's heading", async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'feeds-')), 'feeds.json');
    const feed = (await pollFeeds([`${server.url}/pkt.rss`], state, FAST)).feeds[0]!;
    const august14 = feed.articles[1]!;
    assert.equal(august14.article.published, '2026-08-14T17:17:09.000+05:00');
    assert.deepEqual(august14.drafts[0]!.date, {
      value: '2026-08-14',
      words: ['Fri, 14 Aug 2026 17:17:09 PKT'],
    });
  });

  it('a pubDate whose zone is not read (IST) is said, quoted, not taken for no time: the heading dates the page', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'feeds-')), 'feeds.json');
    const feed = (await pollFeeds([`${server.url}/ist.rss`], state, FAST)).feeds[0]!;
    const august14 = feed.articles[1]!;
    assert.deepEqual(
      [august14.article.published, august14.article.published_unread],
      ['2026-08-14T12:00:00.000Z', 'Fri, 14 Aug 2026 17:47:09 IST'],
    );
    assert.deepEqual(august14.drafts[0]!.date, { value: '2026-08-14', words: ['August 14, 2026'] });
    assert.deepEqual(
      august14.drafts[0]!.problems.filter((p) => p.field === 'date'),
      [
        {
          field: 'date',
          code: 'unread_published',
          message:
            'publication time not read: "Fri, 14 Aug 2026 17:47:09 IST" (its zone "IST" is not guessed; PKT, AFT, GMT, UTC, Z and offsets such as +05:30 are read)',
        },
      ],
    );
    // The other items' times were read: nothing to say.
    assert.equal(feed.articles[0]!.article.published_unread, null);
  });

  it('a digest page published the day after its heading dates its events by the heading', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'feeds-')), 'feeds.json');
    const feed = (await pollFeeds([`${server.url}/after-midnight.rss`], state, FAST)).feeds[0]!;
    const august14 = feed.articles[1]!;
    // The citation keeps the feed's time; the event is the page's day, with the heading's words.
    assert.equal(august14.article.published, '2026-08-15T00:30:00.000+05:00');
    assert.deepEqual(august14.drafts[0]!.date, { value: '2026-08-14', words: ['August 14, 2026'] });
    // The page of August 16, published that day, keeps the feed's words.
    assert.deepEqual(feed.articles[0]!.drafts[0]!.date, {
      value: '2026-08-16',
      words: ['Sun, 16 Aug 2026 12:22:12 -0000'],
    });
  });

  it('an item seen before whose text changed under its old guid is drafted again and said to be updated', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'feeds-')), 'feeds.json');
    const url = `${server.url}/updated.rss`;
    updatedBody = FEED_0820;
    assert.equal((await pollFeeds([url], state, FAST)).feeds[0]!.new_items, 2);
    // Unchanged: nothing drafted again.
    const same = (await pollFeeds([url], state, FAST)).feeds[0]!;
    assert.deepEqual([same.new_items, same.updated_items, same.articles.length], [0, 0, 0]);
    // The August 16 item corrected in place, as an outlet updates a story under its old guid.
    updatedBody = FEED_0820.replace('Seven suspected members', 'Nine suspected members');
    const changed = (await pollFeeds([url], state, FAST)).feeds[0]!;
    assert.deepEqual([changed.new_items, changed.updated_items], [0, 1]);
    assert.deepEqual(
      changed.articles.map((a) => [a.item_id, a.updated, a.drafts[0]!.killed.value?.total]),
      [['https://en.wikipedia.org/wiki/Portal:Current_events/2026_August_16', true, 9]],
    );
    // Remembered as it now reads: the next poll drafts nothing.
    assert.equal((await pollFeeds([url], state, FAST)).feeds[0]!.articles.length, 0);
  });

  it('Last-Modified is sent back as If-Modified-Since', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'feeds-')), 'feeds.json');
    const url = `${server.url}/modified.rss`;
    assert.equal((await pollFeeds([url], state, FAST)).feeds[0]!.new_items, 3);
    assert.equal((await pollFeeds([url], state, FAST)).feeds[0]!.status, 'not_modified');
  });

  it('an Atom feed is read; an entry without words of violence gives no draft and is counted', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'feeds-')), 'feeds.json');
    const feed = (await pollFeeds([`${server.url}/rfc4287.atom`], state, FAST)).feeds[0]!;
    assert.equal(feed.feed_title, 'dive into mark');
    assert.equal(feed.new_items, 1);
    assert.deepEqual(
      feed.articles.map((a) => [
        a.item_id,
        a.article.title,
        a.article.url,
        a.article.published,
        a.passages,
        a.not_violent,
        a.drafts.length,
      ]),
      [
        [
          'tag:example.org,2003:3.2397',
          'Atom draft-07 snapshot',
          'http://example.org/2005/04/02/atom',
          '2003-12-13T08:29:29.000-04:00',
          1,
          1,
          0,
        ],
      ],
    );
  });

  it('a redirect loop is the feed’s error in one line naming the loop, asked once and not retried; a redirect is followed', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'feeds-')), 'feeds.json');
    loopHits = 0;
    const urls = ['/loop.rss', '/loop-a.rss', '/moved.rss'].map((p) => server.url + p);
    const report = await pollFeeds(urls, state, FAST);
    assert.deepEqual(
      report.feeds.map((f) => [f.status, f.error, f.feed_title]),
      [
        ['error', `feed: redirect loop: "${server.url}/loop.rss" -> "${server.url}/loop.rss"`, null],
        [
          'error',
          `feed: redirect loop: "${server.url}/loop-a.rss" -> "${server.url}/loop-b.rss" -> "${server.url}/loop-a.rss"`,
          null,
        ],
        ['new', null, 'dive into mark'],
      ],
    );
    // One request, whose redirect names itself: not 21 per attempt over two attempts (fetch's
    // "redirect count exceeded", retried as a network error).
    assert.equal(loopHits, 1);
  });

  it('broken XML, a page that is not a feed and a failing server are one-line errors; the other feeds go on', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'feeds-')), 'feeds.json');
    const urls = ['/cut.rss', '/html', '/error', '/rfc4287.atom'].map((p) => server.url + p);
    const report = await pollFeeds(urls, state, FAST);
    assert.deepEqual(
      report.feeds.map((f) => [f.status, f.error]),
      [
        [
          'error',
          `not a readable RSS or Atom feed: "${server.url}/cut.rss" (Invalid feed format; it starts "<rss version=\\"2.0\\"><channel><title>Wikip")`,
        ],
        [
          'error',
          `not a readable RSS or Atom feed: "${server.url}/html" (Unrecognized feed format; it starts "<!doctype html><html><body><p>Service un")`,
        ],
        ['error', `feed: HTTP 502: "${server.url}/error" (2 attempts)`],
        ['new', null],
      ],
    );
    // A failed feed keeps no state, so its items are tried again at the next poll.
    const saved = JSON.parse(readFileSync(state, 'utf8'));
    assert.deepEqual(Object.keys(saved.feeds), [`${server.url}/rfc4287.atom`]);
  });
});
