import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { articleFromHtml, articleFromText } from './article-text.ts';
import { type BareTaliban, findCounts, findVagueCounts } from './casualties.ts';
import { countryOffsetMs, findDate, publicationAt, readPublished, unreadPublished } from './draft-date.ts';
import { findEventType, mentionsViolence } from './event-type.ts';
import { numberValue } from '../../domain/number-words.ts';
import { findActors, namesArmedGroup } from './text-actors.ts';

// Sentences quoted from Wikipedia's Current events portal (CC BY-SA 4.0), as in the feed
// fixtures of src/ingest/feeds/fixtures (see its README).
const count = (text: string) =>
  findCounts(text, namesArmedGroup).map((c) => [c.outcome, c.count, c.bound, c.victims, c.words]);
/** Each sentence's counts, as `count` gives them. */
const countsAre = (cases: [string, unknown[]][]) => {
  for (const [text, expected] of cases) assert.deepEqual(count(text), expected, text);
};

describe('counts, actors, types and dates read from real sentences', () => {
  it('number words, digits with commas and "a dozen" have their values; other words have none', () => {
    assert.deepEqual(
      ['Seven', 'twenty-one', 'forty', '1,200', '49', 'a dozen', 'several', 'twenty-ten'].map(numberValue),
      [7, 21, 40, 1200, 49, 12, null, null],
    );
  });

  it('"a constable policeman is killed and another is injured": one killed of the security forces, one injured', () => {
    assert.deepEqual(
      count(
        'A constable policeman is killed and another is injured after a group of suspected insurgents attacked a police post',
      ),
      [
        ['killed', 1, 'exact', 'security_forces', 'A constable policeman'],
        ['injured', 1, 'exact', 'unspecified', 'another'],
      ],
    );
  });

  it('a verb before the number ties it too, and "members of" an armed group are militants', () => {
    assert.deepEqual(
      count(
        'Pakistani forces raid multiple hideouts and kill 49 militants allegedly belonging to the Pakistani Taliban',
      ),
      [['killed', 49, 'exact', 'militants', '49 militants']],
    );
    assert.deepEqual(
      count(
        'Seven suspected members of the Pakistani Taliban are killed in a intelligence-based joint operation',
      ),
      [['killed', 7, 'exact', 'militants', 'Seven suspected members of the Pakistani Taliban']],
    );
  });

  it('"around" and "at least" are bounds; "several more" is vague and not counted', () => {
    assert.deepEqual(
      count('Around 14 people are reported to be killed following an attack by RSF militants'),
      [['killed', 14, 'about', 'unspecified', 'Around 14 people']],
    );
    const quake =
      'At least 47 people are killed and several more are injured when a Mw 7.7 earthquake strikes';
    assert.deepEqual(count(quake), [['killed', 47, 'at_least', 'unspecified', 'At least 47 people']]);
    assert.deepEqual(findVagueCounts(quake), [{ words: 'several more', outcome: 'injured' }]);
  });

  it('a number with no casualty verb is not a casualty count', () => {
    assert.deepEqual(count('Venezuela releases 131 detainees under alternative custody measures'), []);
    assert.deepEqual(count('a group of suspected insurgents attacked a police post in Bajaur district'), []);
  });

  it('the longest actor name wins: "Pakistani Taliban" is the TTP and "Balochistan Liberation Army" the BLA', () => {
    const found = findActors(
      'Pakistani forces raid multiple hideouts and kill 49 militants allegedly belonging to the Pakistani Taliban and the Balochistan Liberation Army in Khyber Pakhtunkhwa.',
    );
    assert.deepEqual(
      found.map((a) => [a.actor.id, a.words]),
      [
        ['pakistan', 'Pakistani forces'],
        ['ttp', 'Pakistani Taliban'],
        ['bla', 'Balochistan Liberation Army'],
      ],
    );
    // Upper-case aliases match only in upper case: "is" is not the Islamic State.
    assert.deepEqual(findActors('The perpetrator is unknown.'), []);
  });

  it('a group is named however its Urdu name is transliterated: "Tehreek-i-Taliban Pakistan" is the TTP, "Lashkar-i-Jhangvi" the LeJ', () => {
    // Synthetic, in Dawn's spelling.
    const found = findActors(
      'The banned Tehreek-i-Taliban Pakistan claimed the attack; police blamed the Lashkar-i-Jhangvi and the Tehrik-e-Taliban.',
    );
    assert.deepEqual(
      found.map((a) => [a.actor.id, a.all.map((m) => m.words)]),
      [
        ['ttp', ['Tehreek-i-Taliban Pakistan', 'Tehrik-e-Taliban']],
        ['lej', ['Lashkar-i-Jhangvi']],
      ],
    );
  });

  it('a suicide bombing is typed before a bombing, a drone strike before an attack', () => {
    assert.deepEqual(
      findEventType('A suicide bomber kills at least six people and wounds 18 near a Pakistan Army vehicle'),
      {
        type: 'suicide_bombing',
        words: 'suicide bomber',
      },
    );
    assert.deepEqual(
      findEventType('A Colombian soldier is killed and four more wounded following a drone strike'),
      {
        type: 'air_strike',
        words: 'drone strike',
      },
    );
    // Synthetic wording of border reports: troops that "exchanged fire" clashed.
    assert.deepEqual(
      ['Afghan and Pakistani troops exchanged fire at Torkham.', 'The two sides traded fire for hours.'].map(
        (t) => findEventType(t),
      ),
      [
        { type: 'armed_clash', words: 'exchanged fire' },
        { type: 'armed_clash', words: 'traded fire' },
      ],
    );
  });

  it('days are counted on the clock the publication time is written on: "yesterday" at 02:30 on a Saturday in Pakistan is Friday', () => {
    // Synthetic: a report filed at 02:30 Pakistan time on Saturday 28 November 2026 (Friday 21:30 UTC).
    const published = publicationAt(Date.parse('2026-11-28T02:30:00+05:00'), '2026-11-28T02:30:00+05:00');
    assert.equal(published.iso, '2026-11-28T02:30:00.000+05:00', "the citation keeps the outlet's day");
    const read = (when: string, now = new Date('2026-11-28T00:00:00Z')) =>
      findDate(`Two policemen were martyred in Lakki Marwat ${when}.`, published, now);
    assert.deepEqual(read('yesterday').field, { value: '2026-11-27', words: ['yesterday'] });
    assert.deepEqual(read('on Saturday').field, { value: '2026-11-28', words: ['on Saturday'] });
    // No phrase: the day of publication is Pakistan's, and it is today there, not in the future.
    assert.deepEqual(read(''), {
      field: { value: '2026-11-28', words: ['2026-11-28T02:30:00+05:00'] },
      problems: [],
    });
    // A time without an offset is UTC's.
    assert.equal(
      publicationAt(Date.parse('2026-11-27T21:30:00Z'), '2026-11-27T21:30:00Z').iso,
      '2026-11-27T21:30:00.000Z',
    );
  });

  it('"last night" or "tonight" before 07:00 on the clock days are counted on is the night that began the evening before, and says so', () => {
    // Synthetic times: a report filed at 02:30 Pakistan time on Saturday 28 November 2026.
    const at = (iso: string) => publicationAt(Date.parse(iso), iso);
    const now = new Date('2026-11-29T00:00:00Z');
    const read = (when: string, iso: string, local?: number) =>
      findDate(`Two policemen were martyred in Lakki Marwat ${when}.`, at(iso), now, {
        localOffsetMs: local,
      });
    const early = read('last night', '2026-11-28T02:30:00+05:00');
    assert.deepEqual(early.field, { value: '2026-11-27', words: ['last night'] });
    assert.deepEqual(early.problems, [
      {
        field: 'date',
        code: 'night_date',
        message:
          '"last night" in a report published at 02:30 (UTC+05:00) on 2026-11-28 is the night of 2026-11-27 to 2026-11-28: dated 2026-11-27, the evening\'s; check whether it happened after midnight',
      },
    ]);
    assert.deepEqual(read('tonight', '2026-11-28T05:59:00+05:00').field, {
      value: '2026-11-27',
      words: ['tonight'],
    });
    // A time in GMT is read on the clock of the event's place: 22:00 GMT is 03:00 in Pakistan.
    const gmt = read('late last night', '2026-11-27T22:00:00Z', countryOffsetMs('PAK'));
    assert.deepEqual(gmt.field, { value: '2026-11-27', words: ['last night'] });
    assert.match(gmt.problems[0]!.message, /published at 03:00 \(UTC\+05:00\) on 2026-11-28/);
    assert.equal(read('last night', '2026-11-28T06:59:00+05:00').field.value, '2026-11-27');
    // From 07:00 "last night" is the night before as chrono reads it, with nothing to say.
    for (const iso of ['2026-11-28T07:00:00+05:00', '2026-11-28T20:00:00+05:00'])
      assert.deepEqual(read('last night', iso), {
        field: { value: '2026-11-27', words: ['last night'] },
        problems: [],
      });
    // "tonight" in an evening report is that evening.
    assert.deepEqual(read('tonight', '2026-11-28T20:00:00+05:00').field, {
      value: '2026-11-28',
      words: ['tonight'],
    });
  });

  it('"said on Friday" is the day of a statement: a day of the event named after it wins, and it stands only alone', () => {
    // Synthetic, in the wording of ISPR reports, published on Friday 27 November 2026.
    const published = { iso: '2026-11-27T05:00:00.000Z', words: '2026-11-27T10:00:00+05:00' };
    const now = new Date('2026-12-01T00:00:00Z');
    const read = (text: string) => findDate(text, published, now).field;
    assert.deepEqual(
      read(
        'Security forces killed 12 terrorists in Panjgur district, the ISPR said on Friday. The operation was carried out on Thursday night, it added.',
      ),
      { value: '2026-11-26', words: ['on Thursday night'] },
    );
    assert.deepEqual(read('Security forces killed 12 terrorists in Panjgur, the ISPR said on Friday.'), {
      value: '2026-11-27',
      words: ['on Friday'],
    });
    assert.deepEqual(read('Two soldiers were martyred on Wednesday, officials told reporters on Friday.'), {
      value: '2026-11-25',
      words: ['on Wednesday'],
    });
  });

  it('"yesterday" is the day before publication; without a publication time it is not read', () => {
    const text =
      "The Afghan government reports that a market and a civilian house were hit in yesterday's Pakistani airstrikes in Kabul.";
    const published = { iso: '2025-10-10T12:00:00.000Z', words: 'Fri, 10 Oct 2025 12:00:00 -0000' };
    const now = new Date('2026-01-01T00:00:00Z');
    assert.deepEqual(findDate(text, published, now).field, { value: '2025-10-09', words: ['yesterday'] });
    assert.deepEqual(findDate(text, null, now).field, { value: null, words: [] });
    // Nor is it a dateline: only a date with its year written out is taken as the publication day.
    assert.equal(articleFromText(text).published, null);
  });
});

// Synthetic sentences in the wording of Pakistani press reports and ISPR statements (no source text).
describe('counts in the wording of Pakistani reports (synthetic sentences)', () => {
  it('"martyring", "embraced martyrdom", "shot dead" and "gunned down" are deaths', () => {
    assert.deepEqual(
      count(
        'A suicide bomber struck a police van in Bannu, martyring four policemen and injuring 11 others.',
      ),
      [
        ['killed', 4, 'exact', 'security_forces', 'four policemen'],
        ['injured', 11, 'exact', 'unspecified', '11 others'],
      ],
    );
    assert.deepEqual(
      count('Two soldiers embraced martyrdom while three militants were killed in an exchange of fire.'),
      [
        ['killed', 2, 'exact', 'security_forces', 'Two soldiers'],
        ['killed', 3, 'exact', 'militants', 'three militants'],
      ],
    );
    assert.deepEqual(count('Gunmen shot dead a polio worker on Wednesday.'), [
      ['killed', 1, 'exact', 'civilians', 'a polio worker'],
    ]);
    assert.deepEqual(count('Unknown assailants gunned down two policemen near the market.'), [
      ['killed', 2, 'exact', 'security_forces', 'two policemen'],
    ]);
  });

  it('a headline\'s bare "12 killed, 30 injured" and "killed 12 and injured 30" count both; a year before "killed" is no count', () => {
    // Synthetic headlines in the style of Pakistani dailies.
    const counts = (text: string) => findCounts(text, namesArmedGroup).map((c) => [c.outcome, c.count]);
    assert.deepEqual(counts('Bannu attack: 12 killed, 30 injured'), [
      ['killed', 12],
      ['injured', 30],
    ]);
    assert.deepEqual(counts('Bannu: 12 martyred in attack on check post'), [['killed', 12]]);
    // A number right after the verb, with no noun: "killed 12 and injured 30".
    assert.deepEqual(counts('A blast in Quetta killed 12 and injured 30 on Thursday.'), [
      ['killed', 12],
      ['injured', 30],
    ]);
    assert.deepEqual(
      findCounts('The attack killed at least 12, officials said.', namesArmedGroup).map((c) => [
        c.bound,
        c.words,
      ]),
      [['at_least', 'killed at least 12']],
    );
    assert.deepEqual(counts('Militants killed 12 soldiers in Bannu.'), [['killed', 12]]);
    assert.deepEqual(counts('Those who in 2023 killed the elder were never found.'), []);
  });

  it('a group that did the killing ("A suicide bomber killed 12 people") is not among the killed', () => {
    // Synthetic sentences in the wording of wire reports.
    const killed = (text: string) =>
      findCounts(text, namesArmedGroup)
        .filter((c) => c.outcome === 'killed')
        .map((c) => c.words);
    assert.deepEqual(killed('A suicide bomber killed 12 people and injured dozens in Bannu on Thursday.'), [
      '12 people',
    ]);
    assert.deepEqual(killed('Two gunmen killed a policeman in Bannu.'), ['a policeman']);
    assert.deepEqual(killed('A gunman shot dead two policemen in Bannu.'), ['two policemen']);
    // A headline's passive without "were" still counts its group, and so does "the day after".
    assert.deepEqual(killed('Five soldiers killed in Bannu attack'), ['Five soldiers']);
    assert.deepEqual(killed('Five soldiers killed the day after the ceasefire'), ['Five soldiers']);
  });

  it('"leaving 6 dead and 20 wounded" is two counts, and "20 others wounded" is not six others', () => {
    assert.deepEqual(count('A blast ripped through a market, leaving 6 dead and 20 wounded.'), [
      ['killed', 6, 'exact', 'unspecified', '6 dead'],
      ['injured', 20, 'exact', 'unspecified', '20 wounded'],
    ]);
    assert.deepEqual(count('The blast left at least 6 dead and 20 others wounded.'), [
      ['killed', 6, 'at_least', 'unspecified', 'at least 6 dead'],
      ['injured', 20, 'exact', 'unspecified', '20 others'],
    ]);
    // A year before a verb is not a count.
    assert.deepEqual(count('Attacks in 2023 killed hundreds across the province.'), []);
  });

  it('a death toll is a count of the dead (synthetic sentences)', () => {
    countsAre([
      [
        "The death toll from Friday's blast in Parachinar rose to 25 on Tuesday.",
        [['killed', 25, 'exact', 'unspecified', "death toll from Friday's blast in Parachinar rose to 25"]],
      ],
      [
        'The toll has climbed to at least 30.',
        [['killed', 30, 'at_least', 'unspecified', 'toll has climbed to at least 30']],
      ],
      // "Injured" there describes who died: no count of the injured.
      ['Four more injured people died in hospital.', []],
      ['Four more were injured in the blast.', [['injured', 4, 'exact', 'unspecified', 'Four more']]],
    ]);
  });
});

describe('actors in the wording of strike reports (synthetic sentences)', () => {
  it('"Pakistani airstrikes", "Pakistani jets" and "Pakistani drones" name the Pakistani state', () => {
    for (const [text, words] of [
      ['Pakistani airstrikes on Paktika province killed at least 46 people.', 'Pakistani airstrikes'],
      ['Pakistani air strikes hit Khost overnight.', 'Pakistani air strikes'],
      ["Pakistan's jets struck hideouts in Kunar.", "Pakistan's jets"],
      ['A Pakistani drone strike killed two people in Paktika.', 'Pakistani drone strike'],
    ])
      assert.deepEqual(
        findActors(text).map((a) => [a.actor.id, a.words]),
        [['pakistan', words]],
        text,
      );
    // A strike with no country named is no actor of the registry.
    assert.deepEqual(findActors('Airstrikes hit Khost overnight.'), []);
    // ISPR's name for the TTP, in both spellings.
    for (const name of ['Fitna al Khwarij', 'Fitna al-Khawarij'])
      assert.deepEqual(
        findActors(`Security forces killed 13 khwarij belonging to ${name} in Bannu.`).map((a) => a.actor.id),
        ['ttp'],
        name,
      );
  });

  it('"Pakistani and Afghan forces" name both states; "Afghan forces" are the Republic\'s before 15 August 2021', () => {
    const actors = (text: string, date?: string) => findActors(text, date).map((a) => [a.actor.id, a.words]);
    assert.deepEqual(actors('Pakistani and Afghan forces clashed at Chaman.', '2026-10-12'), [
      ['pakistan', 'Pakistani'],
      ['afghan-taliban', 'Afghan forces'],
    ]);
    assert.deepEqual(actors('Afghan and Pakistani border guards exchanged fire at Torkham.', '2026-10-12'), [
      ['afghan-taliban', 'Afghan'],
      ['pakistan', 'Pakistani border guards'],
    ]);
    // The same words on a day before the fall of Kabul, and the side attacked ("Pakistani posts").
    assert.deepEqual(actors('Afghan border forces fired on Pakistani posts in Kurram.', '2019-05-03'), [
      ['afghan-republic', 'Afghan border forces'],
      ['pakistan', 'Pakistani posts'],
    ]);
    // "Taliban" is the movement at any date; an adjective with no forces after it names no one.
    assert.deepEqual(actors('Afghan Taliban fighters attacked a post.', '2019-05-03'), [
      ['afghan-taliban', 'Afghan Taliban'],
    ]);
    assert.deepEqual(actors('Pakistani and Afghan officials met in Doha.', '2026-10-12'), []);
    // Every naming of an actor is kept, for the speaker check.
    assert.deepEqual(
      findActors('Taliban officials said Taliban forces repelled the attack.').map((a) => a.all.length),
      [2],
    );
  });

  it("the Afghan Taliban's fighters are the Afghan state's forces from 15 August 2021, militants before; the TTP's stay militants", () => {
    const victims = (text: string, date: string | null) =>
      findCounts(text, namesArmedGroup, date).map((c) => [c.count, c.victims]);
    const strike = 'Three Afghan Taliban fighters were killed in a Pakistani air strike in Khost.';
    assert.deepEqual(victims(strike, '2026-10-12'), [[3, 'security_forces']]);
    assert.deepEqual(victims(strike, '2019-05-03'), [[3, 'militants']]);
    // With no date, the noun decides, as before.
    assert.deepEqual(victims(strike, null), [[3, 'militants']]);
    // A bare "Taliban" is the Afghan Taliban only when the passage says so (readActors); ambiguous,
    // the noun decides; the TTP's are militants.
    const bare = 'Three Taliban fighters were killed in a Pakistani air strike in Khost.';
    const read = (reading: BareTaliban) =>
      findCounts(bare, namesArmedGroup, '2026-10-12', reading).map((c) => [c.count, c.victims]);
    assert.deepEqual(read('afghan-taliban'), [[3, 'security_forces']]);
    assert.deepEqual(read('ambiguous'), [[3, 'militants']]);
    assert.deepEqual(read('ttp'), [[3, 'militants']]);
    assert.deepEqual(
      findCounts('Two members of the Taliban were killed.', namesArmedGroup, '2026-10-12', 'ttp').map(
        (c) => c.victims,
      ),
      ['militants'],
    );
    assert.deepEqual(victims('Two members of the Afghan Taliban were killed.', '2026-10-12'), [
      [2, 'security_forces'],
    ]);
    assert.deepEqual(victims('Five Pakistani Taliban fighters were killed in Bannu.', '2026-10-12'), [
      [5, 'militants'],
    ]);
  });

  it('a state\'s "strikes" with no means named ("Pakistani strikes in Paktika") are air strikes, by that state', () => {
    const text = 'Pakistani strikes in Paktika killed eight civilians on Monday.';
    assert.deepEqual(findEventType(text), { type: 'air_strike', words: 'Pakistani strikes' });
    assert.deepEqual(
      findActors(text).map((a) => [a.actor.id, a.words]),
      [
        ['pakistan', 'Pakistani strikes'],
        ['civilians', 'civilians'],
      ],
    );
    // Shelling is named as such, and strikes of no state decide nothing here.
    assert.deepEqual(findEventType('Pakistani shelling hit Dangam.'), {
      type: 'armed_clash',
      words: 'shelling',
    });
    assert.equal(findEventType('Transporters went on strike in Quetta.'), null);
  });

  it('an IBO is a security operation, a mortar shell a clash, "targeted a convoy" an attack; a tribal elder is a civilian', () => {
    assert.deepEqual(
      [
        'Eleven terrorists were killed in an IBO in Khyber district.',
        'A mortar shell fired from across the border landed on a house.',
        'Militants targeted a police convoy in Lakki Marwat.',
        'A targeted killing in Peshawar.',
      ].map((t) => findEventType(t)),
      [
        { type: 'security_operation', words: 'IBO' },
        { type: 'armed_clash', words: 'mortar shell' },
        { type: 'attack', words: 'targeted' },
        { type: 'attack', words: 'targeted killing' },
      ],
    );
    // "targeted" alone, with no object named, decides nothing.
    assert.equal(findEventType('The operation targeted.'), null);
    assert.deepEqual(count('Gunmen killed a tribal elder in Wana.'), [
      ['killed', 1, 'exact', 'civilians', 'a tribal elder'],
    ]);
  });

  it('who the victims belong to may stand between the count and its verb', () => {
    countsAre([
      [
        'Four terrorists of Indian proxy Fitna al Hindustan were killed in Kalat.',
        [['killed', 4, 'exact', 'militants', 'Four terrorists of Indian']],
      ],
      [
        'Two members of the Levies force were injured in the blast.',
        [['injured', 2, 'exact', 'security_forces', 'Two members of the Levies']],
      ],
      [
        'Three members of the Pakistani Taliban killed in Bannu.',
        [['killed', 3, 'exact', 'militants', 'Three members of the Pakistani Taliban']],
      ],
      // Not before a form of "to be": two officers who speak are no count.
      ['Two officers of the police said the attack was repelled.', []],
      // "Of them": the noun is the sentence's before; "a few of them" is no count of one.
      [
        'Gunmen stopped a bus in Kalat and shot three of them dead, police said.',
        [['killed', 3, 'exact', 'unspecified', 'three of them']],
      ],
      ['Two of them were injured.', [['injured', 2, 'exact', 'unspecified', 'Two of them']]],
      ['A few of them were killed, police said.', []],
      ['One of them was killed.', [['killed', 1, 'exact', 'unspecified', 'One of them']]],
      [
        'The blast killed five Chinese nationals.',
        [['killed', 5, 'exact', 'civilians', 'five Chinese nationals']],
      ],
    ]);
  });

  it('a part named inside the count ("including nine children") is neither added nor a count of its own', () => {
    countsAre([
      [
        'At least 19 civilians, including nine children, were killed in airstrikes in Paktika.',
        [['killed', 19, 'at_least', 'civilians', 'At least 19 civilians']],
      ],
      [
        'The blast killed 19 people, including nine children who died in hospital.',
        [['killed', 19, 'exact', 'unspecified', '19 people']],
      ],
      [
        'Seven soldiers and 19 fighters are killed, among them two commanders.',
        [
          ['killed', 7, 'exact', 'security_forces', 'Seven soldiers'],
          ['killed', 19, 'exact', 'militants', '19 fighters'],
        ],
      ],
    ]);
  });

  it('"for a second day" is no date: the publication day stands', () => {
    const published = { iso: '2026-12-02T08:00:00.000Z', words: '2026-12-02' };
    assert.deepEqual(
      findDate(
        'Afghan and Pakistani forces clashed for a second day near Chaman.',
        published,
        new Date('2026-12-03'),
      ).field,
      { value: '2026-12-02', words: ['2026-12-02'] },
    );
  });

  it('"killing a sub-inspector and two constables" is two groups that share the verb before them', () => {
    countsAre([
      [
        'TTP militants ambushed a police patrol in Tank, killing a sub-inspector and two constables.',
        [
          ['killed', 1, 'exact', 'security_forces', 'a sub-inspector'],
          ['killed', 2, 'exact', 'security_forces', 'two constables'],
        ],
      ],
    ]);
    // "Martyred" and a landmine are words of violence: the passage gives a draft's count and type.
    assert.ok(
      mentionsViolence('Two Frontier Corps soldiers were martyred when their vehicle hit a landmine.'),
    );
    assert.deepEqual(
      [
        'Their vehicle hit a landmine.',
        'The CTD killed three suspects in an encounter near Bannu.',
        'Afghan Taliban border guards fired on Pakistani posts in Bajaur.',
      ].map((t) => findEventType(t)?.type),
      ['bombing', 'armed_clash', 'attack'],
    );
  });

  it('jets, drones and warplanes that struck or bombed make an air strike', () => {
    assert.deepEqual(
      [
        'Pakistani jets struck suspected hideouts in Paktika.',
        'Warplanes bombed targets in Khost overnight.',
        'A drone hit a house in North Waziristan.',
      ].map((t) => findEventType(t)?.type),
      ['air_strike', 'air_strike', 'air_strike'],
    );
  });
});

describe('publication times and their zones', () => {
  it('GMT, UTC, Z and numeric offsets are read (alone, after GMT or UTC, or hours only); a zone name not known is not guessed', () => {
    assert.deepEqual(
      [
        'Fri, 14 Aug 2026 12:17:09 GMT',
        '2026-08-14T12:17:09 UTC',
        'Fri, 14 Aug 2026 12:17:09 Z',
        '2026-08-14T17:17:09+05',
        'Fri, 14 Aug 2026 17:17:09 GMT+5',
        'Fri, 14 Aug 2026 17:47:09 UTC+05:30',
        'Fri, 14 Aug 2026 17:17:09 PKT',
        '14 Aug 2026 5:17 PM PKT',
        'Fri, 14 Aug 2026 17:47:09 IST',
        'Fri, 14 Aug 2026 14:17:09 CEST',
      ].map((words) => [readPublished(words)?.iso ?? null, unreadPublished(words)]),
      [
        ['2026-08-14T12:17:09.000Z', null],
        ['2026-08-14T12:17:09.000Z', null],
        ['2026-08-14T12:17:09.000Z', null],
        ['2026-08-14T17:17:09.000+05:00', null],
        ['2026-08-14T17:17:09.000+05:00', null],
        ['2026-08-14T17:47:09.000+05:30', null],
        ['2026-08-14T17:17:09.000+05:00', null],
        ['2026-08-14T17:17:00.000+05:00', null],
        [null, 'Fri, 14 Aug 2026 17:47:09 IST'],
        [null, 'Fri, 14 Aug 2026 14:17:09 CEST'],
      ],
    );
  });

  it("a time written with no zone is read as UTC's whatever the machine's clock (it was read on the machine's)", () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Asia/Karachi';
    try {
      assert.deepEqual(
        ['Sat, 15 Aug 2026 02:30:00', '2026-08-14T09:30:00', '2026-08-14 09:30', '14 Aug 2026 5:17 PM'].map(
          (words) => readPublished(words)?.iso ?? null,
        ),
        [
          '2026-08-15T02:30:00.000Z',
          '2026-08-14T09:30:00.000Z',
          '2026-08-14T09:30:00.000Z',
          '2026-08-14T17:17:00.000Z',
        ],
      );
      // A date alone was already read as UTC's day.
      assert.equal(readPublished('2026-08-14')?.iso, '2026-08-14T00:00:00.000Z');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('a draft whose publication time could not be read says so, quoting it, not that none was given', () => {
    const text = '<p>A policeman was shot dead in Bannu last night, police said.</p>';
    const words = 'Sat, 28 Nov 2026 20:00:00 IST';
    const article = articleFromHtml(text, {
      published: readPublished(words),
      published_unread: unreadPublished(words),
    });
    assert.deepEqual(
      findDate(article.paragraphs.join('\n'), article.published, new Date('2026-12-02T12:00:00Z'), {
        unread: article.published_unread,
      }),
      {
        field: { value: null, words: [] },
        problems: [
          {
            field: 'date',
            code: 'no_date',
            message: 'no date: the text names no day, and its publication time could not be read',
          },
          {
            field: 'date',
            code: 'unread_published',
            message:
              'publication time not read: "Sat, 28 Nov 2026 20:00:00 IST" (its zone "IST" is not guessed; PKT, AFT, GMT, UTC, Z and offsets such as +05:30 are read)',
          },
        ],
      },
    );
  });
});
