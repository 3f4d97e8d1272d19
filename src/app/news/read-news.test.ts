import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startLocalServer, type LocalServer } from '../../../test/helpers/local-server.ts';
import { articleFromHtml } from '../../ingest/news/article-text.ts';
import { deskInputOfDraft, headlineOf } from './news-to-desk.ts';
import { summaryLine } from '../../cli/news-output.ts';
import { type ArticleDrafts, articleOfText, draftsOf, draftsOfUrl, publicationOption } from './read-news.ts';
import type { RetryNotice } from '../../ingest/http/retrying-request.ts';

const FIXTURES = new URL('../../ingest/news/fixtures/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));
const NOW = new Date('2026-12-02T12:00:00Z');
// One retry, as a real client has: a keep-alive socket the server has just closed fails once.
const ONE_RETRY = { retries: 1, backoffMs: 10 };

function fromText(
  name: string,
  published?: string,
  options: Parameters<typeof draftsOf>[1] = {},
): ArticleDrafts {
  return draftsOf(articleOfText(fixture(name).toString('utf8'), name, publicationOption(published)), {
    now: NOW,
    ...options,
  });
}

/** The first draft of a synthetic text (its name says so), published on the given day. */
function syntheticDraft(text: string, name: string, published = '2026-11-30') {
  return draftsOf(articleOfText(text, name, publicationOption(published)), { now: NOW }).drafts[0]!;
}

describe('news drafts from real texts', () => {
  let server: LocalServer;
  before(async () => {
    server = await startLocalServer((req, res) => {
      if (req.url === '/2026-08-14.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(fixture('wikipedia-current-events-2026-08-14.html'));
      } else if (req.url === '/2026-08-14-latin1.html') {
        // The same page re-encoded at run time as ISO-8859-1 ("Michoacán" is one byte per letter).
        res.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' });
        res.end(Buffer.from(fixture('wikipedia-current-events-2026-08-14.html').toString('utf8'), 'latin1'));
      } else if (req.url === '/2015-07-05.txt') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(fixture('wikipedia-current-events-2015-07-05-north-waziristan.txt'));
      } else if (req.url === '/dashboard.png') {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(readFileSync(new URL('../../../docs/img/dashboard-overview.png', import.meta.url)));
      } else if (req.url === '/slow') {
        // Never answers: the client's time-out has to end the wait.
      } else if (req.url === '/down') {
        res.writeHead(503);
        res.end('down');
      } else {
        res.writeHead(404);
        res.end('no such page');
      }
    });
  });
  after(() => server.close());

  it('a roadside-bomb report gives place, actor, killed, injured and type, each with its words', async () => {
    const got = await draftsOfUrl(`${server.url}/2015-07-05.txt`, { now: NOW, ...ONE_RETRY });
    assert.equal(got.drafts.length, 1);
    const d = got.drafts[0]!;
    assert.equal(d.source.url, `${server.url}/2015-07-05.txt`);
    assert.equal(d.source.outlet, '127.0.0.1');
    // A plain text gives no publication time, and this one names no day: no date, and the draft says so.
    assert.deepEqual(d.date, { value: null, words: [] });
    assert.deepEqual(
      d.problems.map((p) => p.message),
      ['no date: the text names no day and gives no publication time'],
    );
    // The district the text names, not the town the gazetteer's alias makes of it (its headquarters,
    // Miran Shah): the report says no more than the district, so the draft says no more either.
    assert.deepEqual(d.place.words, ['North Waziristan']);
    assert.deepEqual(
      [d.place.value?.name, d.place.value?.kind, d.place.value?.admin1_code, d.place.value?.lat],
      ['North Waziristan', 'district', 'PK-KP', null],
    );
    assert.deepEqual(d.actors, {
      value: [{ id: 'pakistan', name: 'Government of Pakistan' }],
      words: ['Pakistan Army'],
    });
    assert.deepEqual(d.killed, {
      value: {
        total: 3,
        bound: 'at_least',
        groups: [
          { count: 3, bound: 'at_least', victims: 'security_forces', victim_words: 'Pakistan Army soldiers' },
        ],
      },
      words: ['at least three Pakistan Army soldiers'],
    });
    assert.deepEqual(d.injured, {
      value: {
        total: 6,
        bound: 'exact',
        groups: [{ count: 6, bound: 'exact', victims: 'unspecified', victim_words: 'others' }],
      },
      words: ['six others'],
    });
    assert.deepEqual(d.type, { value: 'bombing', words: ['roadside bomb'] });
  });

  it('two victim groups joined by "and" share the verb after them and are summed', () => {
    const d = fromText('wikipedia-current-events-2015-06-08-north-waziristan.txt', '2015-06-08').drafts[0]!;
    assert.deepEqual(d.killed.value, {
      total: 26,
      bound: 'exact',
      groups: [
        { count: 7, bound: 'exact', victims: 'security_forces', victim_words: 'Pakistani army soldiers' },
        { count: 19, bound: 'exact', victims: 'militants', victim_words: 'Taliban fighters' },
      ],
    });
    assert.deepEqual(d.killed.words, ['Seven Pakistani army soldiers', '19 Taliban fighters']);
    // "Taliban" alone (the TTP's, in North Waziristan in 2015, but the text does not say): no
    // actor is taken for it, and the reviewer is asked which.
    assert.deepEqual(d.actors.words, ['Pakistani army']);
    assert.deepEqual(d.type, { value: 'armed_clash', words: ['fighting'] });
    // No day in the text: the publication day, with the words it was given as.
    assert.deepEqual(d.date, { value: '2015-06-08', words: ['2015-06-08'] });
    assert.deepEqual(
      d.problems.map((p) => p.code),
      ['ambiguous_actor'],
    );
  });

  it('"on Tuesday" in a Friday report is the Tuesday before, and the district comes with its province', () => {
    const d = fromText('wikipedia-current-events-2025-10-10-orakzai.txt', 'Fri, 10 Oct 2025 12:17:45 -0000')
      .drafts[0]!;
    assert.deepEqual(d.date, { value: '2025-10-07', words: ['on Tuesday'] });
    assert.deepEqual(d.place, {
      value: {
        name: 'Orakzai',
        kind: 'district',
        country: 'PAK',
        admin1_code: 'PK-KP',
        admin1_name: 'Khyber Pakhtunkhwa',
        lat: null,
        lon: null,
        point_source: null,
      },
      words: ['Orakzai District', 'Khyber Pakhtunkhwa', 'Pakistan'],
    });
    assert.deepEqual(d.killed.words, ['30 people']);
    assert.equal(d.killed.value?.total, 30);
    assert.deepEqual(d.type, { value: 'attack', words: ['attack'] });
    // ...and beside it the type of the desk's vocabulary a save stores (the form has no "attack").
    assert.equal(d.common_type, 'other');
  });

  it('pre-2018 unit names still place a draft: "Bajaur Agency" is the district, FATA its province today', () => {
    const d = fromText('wikipedia-current-events-2014-07-12-bajaur.txt', '2014-07-12').drafts[0]!;
    assert.equal(d.place.value?.name, 'Bajaur');
    assert.equal(d.place.value?.kind, 'district');
    assert.equal(d.place.value?.admin1_code, 'PK-KP');
    assert.deepEqual(d.place.words, ['Bajaur Agency', 'Federally Administered Tribal Areas']);
    assert.deepEqual(d.actors.words, ['Afghan Taliban', 'Pakistan Army']);
    assert.deepEqual(d.killed.words, ['three Pakistan Army soldiers']);
    assert.deepEqual(d.problems, []);
  });

  it('--published may name its zone PKT, as a Pakistani page writes it: "on Tuesday" is read on that clock', () => {
    const x = fromText('wikipedia-current-events-2025-10-10-orakzai.txt', 'Fri, 10 Oct 2025 17:17:45 PKT');
    assert.equal(x.article.published, '2025-10-10T17:17:45.000+05:00');
    assert.deepEqual(x.drafts[0]!.date, { value: '2025-10-07', words: ['on Tuesday'] });
  });

  it('a date after today is flagged, quoting both days', () => {
    const got = fromText('wikipedia-current-events-2025-10-10-orakzai.txt', '2025-10-10', {
      now: new Date('2025-10-01T00:00:00Z'),
    });
    assert.deepEqual(got.drafts[0]!.problems[0], {
      field: 'date',
      code: 'future_date',
      message: 'date in the future: 2025-10-07 (today is 2025-10-01)',
    });
  });

  it('a digest page gives one draft per listed event, and only the one in Pakistan or Afghanistan by default', async () => {
    const got = await draftsOfUrl(`${server.url}/2026-08-14.html`, { now: NOW, ...ONE_RETRY });
    assert.equal(got.passages, 15);
    assert.equal(got.not_violent, 4);
    assert.equal(got.hidden_drafts, 10);
    assert.equal(got.drafts.length, 1);
    const d = got.drafts[0]!;
    // The page has no publication metadata: its heading's date is the reference.
    assert.equal(d.source.published, '2026-08-14T12:00:00.000Z');
    assert.deepEqual(d.date, { value: '2026-08-14', words: ['August 14, 2026'] });
    assert.equal(d.place.value?.name, 'Bajaur');
    assert.equal(d.place.value?.kind, 'district');
    assert.deepEqual(d.place.words, ['Bajaur district', 'Khyber Pakhtunkhwa', 'Pakistan']);
    assert.deepEqual(d.killed.value?.groups, [
      { count: 1, bound: 'exact', victims: 'security_forces', victim_words: 'constable policeman' },
    ]);
    assert.deepEqual(d.injured.words, ['another']);
    assert.deepEqual(d.type, { value: 'attack', words: ['attacked'] });
    // The insurgents are no actor of the registry; the policeman killed in Pakistan is Pakistan's.
    assert.deepEqual(d.actors, {
      value: [{ id: 'pakistan', name: 'Government of Pakistan' }],
      words: ['A constable policeman'],
    });
    assert.deepEqual(
      d.problems.map((p) => p.code),
      ['actor_inferred'],
    );
    // As a feed item, the page has the item's title; each listed event's desk headline is its own words.
    const item = draftsOf(
      articleFromHtml(fixture('wikipedia-current-events-2026-08-14.html').toString('utf8'), {
        title: 'Current Events - August 14, 2026',
      }),
      { now: NOW },
    ).drafts[0]!;
    assert.equal(item.source.title, 'Current Events - August 14, 2026');
    assert.equal(deskInputOfDraft(item).headline, headlineOf(item.passage));
    assert.match(deskInputOfDraft(item).headline!, /^A constable policeman is killed and another is injured/);
  });

  it('with all, drafts placed elsewhere are shown and flagged as outside the configured countries', async () => {
    const got = await draftsOfUrl(`${server.url}/2026-08-14.html`, { now: NOW, ...ONE_RETRY, all: true });
    assert.equal(got.drafts.length, 11);
    assert.equal(got.hidden_drafts, 0);
    const mexico = got.drafts.find((d) => d.passage.startsWith('Three gunmen'))!;
    assert.deepEqual(mexico.problems[0], {
      field: 'place',
      code: 'outside_countries',
      message: 'place outside the configured countries: Mexico (MEX; configured: PAK, AFG)',
    });
    const quake = got.drafts.find((d) => d.passage.startsWith('At least 47 people'))!;
    assert.ok(quake.problems.some((p) => p.message === 'vague count, not counted: several more injured'));
    assert.ok(quake.problems.some((p) => p.code === 'no_type'));
  });

  it('a page in the charset its Content-Type names is decoded in that charset', async () => {
    const got = await draftsOfUrl(`${server.url}/2026-08-14-latin1.html`, {
      now: NOW,
      ...ONE_RETRY,
      all: true,
    });
    const mexico = got.drafts.find((d) => d.passage.startsWith('Three gunmen'))!;
    assert.match(mexico.passage, /in La Piedad, Michoacán, Mexico\./);
  });

  it('a Pakistani place is outside when only Afghanistan is chosen', () => {
    const got = fromText('wikipedia-current-events-2015-06-08-north-waziristan.txt', '2015-06-08', {
      countries: ['AFG'],
      all: true,
    });
    assert.equal(
      got.drafts[0]!.problems[0]!.message,
      'place outside the configured countries: North Waziristan (PAK; configured: AFG)',
    );
  });

  it('a dateline names where the report was filed: the place the text names wins, and a dateline alone is flagged', () => {
    // Synthetic texts in the wire-service layout (a city in capitals opening the first paragraph).
    const draft = (text: string) => syntheticDraft(text, 'dateline_synthetic.txt', '2026-11-29');
    const inText = draft(
      'PESHAWAR, Nov 28: At least seven soldiers were killed when militants attacked a check post in North Waziristan district on Thursday.',
    );
    assert.deepEqual(
      [inText.place.value?.name, inText.place.value?.kind, inText.place.words],
      ['North Waziristan', 'district', ['North Waziristan district']],
    );
    assert.deepEqual(
      inText.problems.filter((p) => p.field === 'place'),
      [],
    );
    const alone = draft(
      'Attack on a bus\nQUETTA: Three people were killed when militants attacked a bus in Pakistan.',
    );
    assert.equal(alone.place.value?.name, 'Quetta');
    assert.deepEqual(
      alone.problems.filter((p) => p.field === 'place').map((p) => [p.code, p.message]),
      [
        [
          'dateline_only',
          'place taken from the dateline, where the report was filed: QUETTA (the text names no place of its own)',
        ],
      ],
    );
    // The same city in the text is the event's place, not a dateline guess.
    const both = draft('KABUL (Synthetic Wire) - A blast in Kabul killed five people on Tuesday.');
    assert.deepEqual([both.place.value?.name, both.place.words], ['Kabul', ['Kabul']]);
    assert.ok(!both.problems.some((p) => p.code === 'dateline_only'));
  });

  it('a plain text\'s desk draft: its title line without the dateline as headline, "at least" kept open, the district as admin2', () => {
    // Synthetic, in the layout of the report that found it: a title line, then a dateline paragraph.
    const d = syntheticDraft(
      'TTP militants kill seven policemen in Lakki Marwat attack\nPESHAWAR, Nov 30: At least seven policemen were martyred and four others injured when TTP militants attacked a police post in Lakki Marwat district on Saturday night.',
      'lakki_marwat_synthetic.txt',
    );
    const input = deskInputOfDraft(d);
    assert.equal(input.headline, 'TTP militants kill seven policemen in Lakki Marwat attack');
    assert.deepEqual(
      [input.fatalities_best, input.fatalities_low, input.fatalities_high],
      [7, 7, undefined],
      'the body says "at least seven": no high',
    );
    assert.deepEqual([input.admin2, input.place], ['Lakki Marwat', 'Lakki Marwat']);
    // Prose wrapped over lines is one sentence on one line, its dateline dropped.
    assert.equal(
      headlineOf('PESHAWAR, Nov 30: Seven policemen were\nkilled in Lakki Marwat. More later.'),
      'Seven policemen were killed in Lakki Marwat.',
    );
  });

  it('a headline that repeats the lead\'s count ("At least 12 soldiers") is one group, not two', () => {
    // Synthetic, in the layout of a Dawn page: the headline's words stand again in the first paragraph.
    const d = syntheticDraft(
      'At least 12 soldiers martyred as militants storm Bannu check post\nBANNU: At least 12 soldiers were martyred when militants stormed a check post in Bannu district on Thursday, the ISPR said.',
      'bannu_headline_synthetic.txt',
    );
    assert.deepEqual(
      [d.killed.value?.total, d.killed.value?.groups.length, d.killed.words],
      [12, 1, ['At least 12 soldiers']],
    );
    assert.equal(deskInputOfDraft(d).fatalities_best, 12);
  });

  it('a later sentence that repeats the count more loosely gives its bound; other later counts are named, not added; paragraphs after the lead are counted as not read', () => {
    // Synthetic, in the layout of a Dawn page: a bare headline figure, "at least" in the lead, the
    // attackers' dead in the next sentence, and a separate incident in the fourth paragraph.
    const text = [
      'Seven soldiers martyred in North Waziristan attack',
      "PESHAWAR: At least seven soldiers were martyred and four others injured when terrorists attacked a security forces post in the Mir Ali area of North Waziristan district on Tuesday night, the military's media wing said.",
      'The ISPR said security forces responded and three terrorists were killed in the exchange of fire.',
      'Separately, two policemen were killed in Dera Ismail Khan when gunmen opened fire on a checkpoint.',
    ].join('\n\n');
    const read = draftsOf(
      articleOfText(text, 'waziristan_later_counts_synthetic.txt', publicationOption('2026-11-26')),
      {
        now: NOW,
      },
    );
    const d = read.drafts[0]!;
    assert.deepEqual(
      [d.killed.value?.total, d.killed.value?.bound, d.killed.words],
      [7, 'at_least', ['At least seven soldiers']],
    );
    assert.deepEqual(
      d.problems.filter((p) => p.code === 'other_count').map((p) => [p.field, p.message]),
      [
        [
          'killed',
          'not counted: a later sentence gives "three terrorists" killed (the first sentence with a number gives the count; later ones mostly repeat it or give older tolls): check whether they belong to this event',
        ],
      ],
    );
    // The fourth paragraph (another incident) was not read, and the answer says so.
    assert.equal(read.unread_paragraphs, 1);
    assert.match(
      summaryLine(read, ['PAK', 'AFG']),
      /; 1 paragraph after the lead not read \(an article gives one draft/,
    );
    // A repetition in the same words is no other count.
    const same = syntheticDraft(
      'At least 12 soldiers martyred as militants storm Bannu check post\nBANNU: At least 12 soldiers were martyred when militants stormed a check post in Bannu district on Thursday.\nAt least 12 soldiers were martyred, officials repeated.',
      'bannu_repeated_synthetic.txt',
    );
    assert.deepEqual(
      same.problems.filter((p) => p.code === 'other_count'),
      [],
    );
  });

  it('a page saved from a browser cites the address it names (canonical link, og:url), so its desk draft has a citation', () => {
    // Synthetic, in the head layout of a Dawn page saved with "Save Page As", at an address of the
    // reserved example.com (RFC 2606) in Dawn's /news/<number> shape.
    const page = (head: string) =>
      `<!doctype html><html><head><title>Bannu attack</title>${head}<meta property="article:published_time" content="2026-11-27T09:15:00+05:00"></head><body><article><h1>Bannu attack</h1><p>BANNU: At least 12 soldiers were martyred when militants stormed a check post in Bannu on Thursday.</p></article></body></html>`;
    const read = (html: string) =>
      draftsOf(articleOfText(html, 'bannu_saved_synthetic.html', null), { now: NOW }).drafts[0]!;
    const canonical = read(
      page('<link rel="canonical" href="https://www.synthetic-daily.example.com/news/1950001">'),
    );
    assert.equal(canonical.source.url, 'https://www.synthetic-daily.example.com/news/1950001');
    assert.deepEqual(deskInputOfDraft(canonical).citations, [
      {
        url: 'https://www.synthetic-daily.example.com/news/1950001',
        outlet: 'synthetic-daily.example.com',
        published_at: '2026-11-27T09:15:00.000+05:00',
        quote: canonical.passage,
      },
    ]);
    assert.equal(deskInputOfDraft(canonical).origin?.kind, 'news');
    const og = read(
      page('<meta property="og:url" content="https://www.synthetic-daily.example.com/news/1950002">'),
    );
    assert.equal(og.source.url, 'https://www.synthetic-daily.example.com/news/1950002');
    // An address that is no web page is not a citation.
    assert.equal(read(page('<link rel="canonical" href="file:///home/me/bannu.html">')).source.url, null);
  });

  it("a dateline's date is the day the report was filed: the text's weekday is the one before it, and the dateline stands alone only when the text names no day", () => {
    // Synthetic texts in the layout of Pakistani dailies, published the day after the dateline (Monday 30 November 2026).
    const date = (text: string) => {
      const d = syntheticDraft(text, 'dateline_date_synthetic.txt', '2026-12-01');
      return [d.date.value, d.date.words];
    };
    assert.deepEqual(
      date(
        'PESHAWAR, Nov 30: Troops exchanged fire with militants at Torkham on Sunday, leaving two soldiers dead.',
      ),
      ['2026-11-29', ['on Sunday']],
    );
    assert.deepEqual(date('KHAR, Nov 30: Two polio workers were shot dead in Bajaur on Saturday.'), [
      '2026-11-28',
      ['on Saturday'],
    ]);
    assert.deepEqual(
      date('QUETTA, Nov 30: Five people were killed in a blast in Quetta on Monday, officials said.'),
      ['2026-11-30', ['on Monday']],
    );
    assert.deepEqual(date('KABUL, Nov 30: A blast at a mosque in Kabul killed five worshippers.'), [
      '2026-11-30',
      ['Nov 30'],
    ]);
    // No publication time, and a dateline that writes its year, with the outlet after it: the
    // weekday is read against the dateline (it took the dateline's own day, 1 December).
    const pasted = draftsOf(
      articleOfText(
        'PESHAWAR, 1 December 2026 (Synthetic Daily) - Two policemen were killed when militants attacked a police post in Matani on Monday night.',
        'dateline_year_synthetic.txt',
        publicationOption(undefined),
      ),
      { now: NOW },
    ).drafts[0]!;
    assert.deepEqual([pasted.date.value, pasted.date.words], ['2026-11-30', ['on Monday night']]);
    // Without a dateline the weekday is read against the publication day, as before.
    assert.deepEqual(date('A blast at a mosque in Kabul killed five worshippers on Sunday.'), [
      '2026-11-29',
      ['on Sunday'],
    ]);
  });

  it('an Afghan district the text calls one ("Dand Patan district") is the district; a capital that speaks is no place', () => {
    // Synthetic sentences in the wording of Afghan and Pakistani reports.
    const place = (text: string) => {
      const d = syntheticDraft(text, 'afghan_district_synthetic.txt');
      return [d.place.value?.name, d.place.value?.kind, d.place.value?.admin1_code];
    };
    assert.deepEqual(
      place('Two civilians were killed by Pakistani shelling in Dand Patan district of Paktia on Sunday.'),
      ['Dand Patan', 'district', 'AF-PIA'],
    );
    assert.deepEqual(place('Pakistani strikes killed eight people in Barmal district, Paktika.'), [
      'Barmal',
      'district',
      'AF-PKA',
    ]);
    // "Kabul said", "a claim Islamabad rejected": the governments speak; the event is elsewhere.
    assert.deepEqual(place('Kabul said Pakistani drones struck a house in Khost, killing five civilians.'), [
      'Khōst',
      'place',
      'AF-KHO',
    ]);
    const claim = draftsOf(
      articleOfText(
        'Afghan forces said they had targeted Pakistani posts, killing 58 soldiers, a claim Islamabad rejected.',
        'afghan_district_synthetic.txt',
        publicationOption('2026-11-30'),
      ),
      { now: NOW, all: true },
    ).drafts[0]!;
    assert.deepEqual(
      [claim.place.value, claim.problems.find((p) => p.field === 'place')?.code],
      [null, 'no_place'],
    );
  });

  it('victims named alone ("two civilians were killed") are flagged: no perpetrator is named', () => {
    // Synthetic sentences.
    const alone = syntheticDraft(
      'Two civilians were killed when militants opened fire on a market in Kurram on Sunday.',
      'victims_synthetic.txt',
    );
    assert.deepEqual(
      alone.actors.value?.map((a) => a.id),
      ['civilians'],
    );
    assert.deepEqual(
      alone.problems.filter((p) => p.field === 'actors').map((p) => [p.code, p.message]),
      [['victims_only', 'only the victims are named (civilians): no perpetrator of the registry is']],
    );
    const named = syntheticDraft(
      'Two civilians were killed when TTP militants opened fire on a market in Kurram on Sunday.',
      'victims_synthetic.txt',
    );
    assert.deepEqual(
      named.problems.filter((p) => p.field === 'actors'),
      [],
    );
  });

  it("security forces among the victims, and no state named: the place's state is inferred, and flagged", () => {
    // Synthetic sentences in the wording of Pakistani and Afghan reports.
    const actors = (text: string, published?: string) => {
      const d = syntheticDraft(text, 'inferred_synthetic.txt', published);
      return [
        d.actors.value?.map((a) => a.id),
        d.actors.words,
        d.problems.filter((p) => p.field === 'actors').map((p) => p.code),
      ];
    };
    assert.deepEqual(
      actors(
        'Three policemen were martyred when terrorists attacked a check post in Lakki Marwat on Tuesday.',
      ),
      [['pakistan'], ['Three policemen'], ['actor_inferred']],
    );
    assert.deepEqual(actors('Two soldiers were killed when TTP militants attacked a post in Bannu.'), [
      ['ttp', 'pakistan'],
      ['TTP', 'Two soldiers'],
      ['actor_inferred'],
    ]);
    // In Afghanistan, the state of the draft's date.
    assert.deepEqual(actors('Four policemen were killed in a blast in Jalalabad.', '2019-05-04')[0], [
      'afghan-republic',
    ]);
    assert.deepEqual(actors('Four policemen were killed in a blast in Jalalabad.')[0], ['afghan-taliban']);
    // A state named already (whose guards they were), or no security forces among the victims: nothing inferred.
    assert.deepEqual(
      actors('Three Afghan border guards were killed in Kurram by Pakistani shelling.')[2],
      [],
    );
    assert.deepEqual(actors('Two civilians were killed in a blast in Quetta.')[0], ['civilians']);
    const message = syntheticDraft(
      'Two soldiers were killed in an attack in Bannu.',
      'inferred_synthetic.txt',
    ).problems.find((p) => p.code === 'actor_inferred')!.message;
    assert.equal(
      message,
      'Government of Pakistan is inferred from the victims ("Two soldiers" in PAK), not named: check whose forces they were',
    );
  });

  it('a death toll is the sentence\'s total: the counts it includes ("four more died") are not added to it', () => {
    // A synthetic sentence in the wording of follow-up reports.
    const d = syntheticDraft(
      'The death toll from the bombing in Quetta has risen to 30, officials said, after four more people died in hospital.',
      'toll_synthetic.txt',
    );
    assert.deepEqual(
      [d.killed.value?.total, d.killed.value?.bound, d.killed.words],
      [30, 'exact', ['death toll from the bombing in Quetta has risen to 30']],
    );
    assert.equal(d.injured.value, null);
  });

  it('a district since split ("in Dir": Upper or Lower Dir) is placed on its province, and says why', () => {
    // Synthetic texts (the last session's notes: "in Dir" gave a draft placed at the dateline, Peshawar).
    const draft = (text: string) => syntheticDraft(text, 'split_synthetic.txt');
    const dir = draft(
      'PESHAWAR, Nov 30: Three policemen were killed when militants attacked a check post in Dir on Sunday night.',
    );
    assert.deepEqual(
      [dir.place.value?.name, dir.place.value?.kind, dir.place.value?.admin1_code, dir.place.words],
      ['Khyber Pakhtunkhwa', 'admin1', 'PK-KP', ['Dir']],
    );
    assert.deepEqual(
      dir.problems.filter((p) => p.field === 'place').map((p) => [p.code, p.message]),
      [
        [
          'split_district',
          'Dir names a former district (split into Upper Dir and Lower Dir (1996): only a point can tell which); placed on its province, Khyber Pakhtunkhwa',
        ],
      ],
    );
    // A part named is the district itself; a town of a split district's name stays the town.
    const upper = draft('Two soldiers were killed in an attack in Upper Dir district on Monday.');
    assert.deepEqual([upper.place.value?.name, upper.place.value?.kind], ['Upper Dir', 'district']);
    assert.deepEqual(
      upper.problems.filter((p) => p.field === 'place'),
      [],
    );
    const chitral = draft('Two soldiers were killed in an attack in Chitral on Monday.');
    assert.deepEqual([chitral.place.value?.name, chitral.place.value?.kind], ['Chitral', 'place']);
    // With the word "district" the name is the district's, split since 2018.
    const chitralDistrict = draft('Two soldiers were killed in an attack in Chitral district on Monday.');
    assert.deepEqual(
      [chitralDistrict.place.value?.kind, chitralDistrict.problems.find((p) => p.field === 'place')?.code],
      ['admin1', 'split_district'],
    );
    const kohistan = draft('Two soldiers were killed in an attack in Kohistan district on Monday.');
    assert.deepEqual(
      [kohistan.place.value?.admin1_code, kohistan.problems.find((p) => p.field === 'place')?.code],
      ['PK-KP', 'split_district'],
    );
  });

  it('an actor named only as who speaks ("Taliban officials said") is flagged for the reviewer, and kept', () => {
    // Synthetic sentences in the wording of wire reports.
    const speaking = (text: string) => {
      const d = syntheticDraft(text, 'speaker_synthetic.txt');
      return [
        d.actors.value?.map((a) => a.id),
        d.problems.filter((p) => p.code === 'actor_as_speaker').map((p) => p.message),
      ];
    };
    assert.deepEqual(
      speaking(
        'KABUL, Nov 30: Taliban officials said two civilians were killed when Pakistani forces shelled a village in Kunar province.',
      ),
      [
        ['afghan-taliban', 'civilians', 'pakistan'],
        ['Taliban is named as who speaks ("Taliban officials said"), not as a party: check it took part'],
      ],
    );
    // A spokesman may be claiming the attack: still flagged, never dropped.
    assert.deepEqual(
      speaking(
        'A TTP spokesman, Mohammad Khurasani, told reporters the group attacked the post in Bannu, killing four soldiers.',
      )[1],
      [
        'TTP is named as who speaks ("TTP spokesman, Mohammad Khurasani, told"), not as a party: check it took part',
      ],
    );
    assert.equal(
      speaking('Four soldiers were killed in Bannu, according to Taliban officials.')[1]!.length,
      1,
    );
    // A press office speaks for itself ("the ISPR said"); named as a party too, nothing to flag.
    assert.deepEqual(
      speaking(
        'Three soldiers were martyred in an exchange of fire with terrorists in North Waziristan, the ISPR said.',
      ),
      [['pakistan'], ['ISPR is named as who speaks ("ISPR said"), not as a party: check it took part']],
    );
    assert.deepEqual(
      speaking(
        'Taliban officials said Taliban forces repelled an attack in Kunar, killing two militants.',
      )[1],
      [],
    );
    assert.deepEqual(speaking('The ISPR said Pakistani troops killed five terrorists in Bannu.'), [
      ['pakistan'],
      [],
    ]);
    // The party itself, with a speaker of its own: nothing to flag.
    // (The soldiers' state is inferred, and flagged as such, not as a speaker.)
    assert.deepEqual(speaking('TTP militants killed four soldiers in an attack in Bannu, police said.'), [
      ['ttp', 'pakistan'],
      [],
    ]);
  });

  it('a bare "Taliban" is flagged for the reviewer, not read as the Afghan Taliban, unless the text says which (synthetic sentences)', () => {
    // Synthetic sentences in the wording of Pakistani reports.
    const read = (text: string, published = '2026-12-02') => {
      const d = syntheticDraft(text, 'taliban_synthetic.txt', published);
      const ambiguous = d.problems.filter((p) => p.code === 'ambiguous_actor').map((p) => p.message);
      return { actors: d.actors.value?.map((a) => a.id) ?? [], ambiguous, d };
    };
    const bannu = read(
      'Taliban terrorists attacked a checkpoint in Bannu on Tuesday night, killing three policemen.',
    );
    assert.deepEqual(bannu.ambiguous, [
      '"Taliban" may be the Tehrik-i-Taliban Pakistan (TTP) or the Afghan Taliban (Islamic Emirate), and nothing else in the text says which: no actor is taken for it; check which',
    ]);
    // Not the Afghan state (a state among the actors kept the policemen's state from being inferred).
    assert.deepEqual(bannu.actors, ['pakistan']);
    assert.equal(
      bannu.d.problems.some((p) => p.code === 'no_actors'),
      false,
      'the ambiguity says more than "no actor"',
    );
    // The TTP named elsewhere in the text: the bare "Taliban" is the TTP.
    const claimed = read(
      'Taliban terrorists attacked a checkpoint in Bannu on Tuesday night, killing three policemen. The banned Tehreek-e-Taliban Pakistan claimed the attack.',
    );
    assert.deepEqual([claimed.actors, claimed.ambiguous], [['ttp', 'pakistan'], []]);
    assert.deepEqual(claimed.d.actors.words, ['Taliban', 'three policemen']);
    assert.deepEqual(
      read('Pakistani Taliban militants attacked a post in Tank on Tuesday, killing two soldiers.').actors,
      ['ttp', 'pakistan'],
    );
    // The Afghan side named: the Afghan Taliban, whose fighters are the Afghan state's forces since 2021.
    const border = read(
      'Afghan forces fired on Pakistani posts in Kurram on Tuesday; two Taliban fighters were killed in the exchange of fire.',
    );
    assert.deepEqual([border.actors, border.ambiguous], [['afghan-taliban', 'pakistan'], []]);
    assert.deepEqual(border.d.killed.value?.groups[0]?.victims, 'security_forces');
    for (const text of [
      'The Islamic Emirate said Taliban fighters repelled an attack in Kunar on Tuesday, killing two militants.',
      'The Taliban government said Pakistani jets struck Khost on Tuesday, killing three civilians.',
    ])
      assert.deepEqual(read(text).ambiguous, [], text);
    // Both groups named: still which one is not said.
    const both = read(
      'Pakistan accused the Afghan Taliban of sheltering the TTP after Taliban fighters attacked a post in Bajaur on Tuesday, killing two soldiers.',
    );
    assert.match(both.ambiguous[0]!, /and the text names both: no actor is taken for it/);
    // Ambiguous, the noun says who the dead were: "Taliban terrorists" are militants at any date.
    const killed = read('Five Taliban terrorists were killed in an operation in Lakki Marwat on Tuesday.');
    assert.deepEqual(killed.d.killed.value?.groups[0]?.victims, 'militants');
  });

  it('a country the gazetteer does not cover is refused in one line', () => {
    assert.throws(
      () =>
        fromText('wikipedia-current-events-2015-06-08-north-waziristan.txt', undefined, {
          countries: ['IND'],
        }),
      { message: 'invalid countries: "IND" (drafts can be placed in PAK, AFG)' },
    );
  });

  it('a page that is not HTML or text is refused, quoting the URL and its type', async () => {
    await assert.rejects(draftsOfUrl(`${server.url}/dashboard.png`, ONE_RETRY), {
      message: `not an article: "${server.url}/dashboard.png" is image/png (faultline reads HTML or plain text)`,
    });
  });

  it('a URL that never answers times out after each attempt and fails in one line', async () => {
    await assert.rejects(draftsOfUrl(`${server.url}/slow`, { timeoutMs: 300, retries: 1, backoffMs: 10 }), {
      message: `news: timed out after 0.3 s: "${server.url}/slow" (2 attempts)`,
    });
  });

  it('a 503 is retried, a 404 is not', async () => {
    let seen = server.seen.length;
    // Each failed attempt but the last is told before its wait (the CLI says it on stderr).
    const notices: RetryNotice[] = [];
    await assert.rejects(
      draftsOfUrl(`${server.url}/down`, { retries: 2, backoffMs: 10, onRetry: (n) => notices.push(n) }),
      { message: `news: HTTP 503: "${server.url}/down" (3 attempts)` },
    );
    assert.deepEqual(notices, [
      { message: `news: HTTP 503: "${server.url}/down"`, attempt: 1, attempts: 3, waitMs: 10 },
      { message: `news: HTTP 503: "${server.url}/down"`, attempt: 2, attempts: 3, waitMs: 20 },
    ]);
    assert.ok(server.seen.length - seen >= 2, 'the 503 was asked again');
    seen = server.seen.length;
    await assert.rejects(draftsOfUrl(`${server.url}/gone`, { retries: 2, backoffMs: 10 }), {
      message: `news: HTTP 404: "${server.url}/gone"`,
    });
    assert.equal(server.seen.length - seen, 1);
  });
});
