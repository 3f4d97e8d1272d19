import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { findCounts } from './casualties.ts';
import { findDate, publicationAt } from './draft-date.ts';
import { findEventType } from './event-type.ts';
import { namesArmedGroup } from './text-actors.ts';

// Real report sentences: the `source_headline` field of the bundled UCDP Candidate file (CC BY 4.0),
// which quotes its sources' headlines and the South Asia Terrorism Portal's summaries, read at run
// time by event id.
const rows = parse(
  readFileSync(new URL('../../../data/ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv', import.meta.url)),
  { columns: true },
) as { id: string; source_headline: string }[];
const headline = (id: string, starts: string) => {
  const found = rows
    .find((r) => r.id === id)
    ?.source_headline.split(';')
    .find((h) => h.startsWith(starts));
  assert.ok(found, `event ${id} quotes no sentence starting "${starts}"`);
  return found;
};
const counts = (text: string) =>
  findCounts(text, namesArmedGroup).map((c) => [c.outcome, c.count, c.victims, c.words]);

describe("a group's abbreviation in parentheses between a count and its noun", () => {
  it('"Five Tehreek-e-Taliban Pakistan (TTP) terrorists and four civilians were killed" is 5 and 4, not 4 alone', () => {
    assert.deepEqual(
      counts(headline('612540', 'Five Tehreek-e-Taliban')).filter(([outcome]) => outcome === 'killed'),
      [
        ['killed', 5, 'militants', 'Five Tehreek-e-Taliban Pakistan (TTP) terrorists'],
        ['killed', 4, 'civilians', 'four civilians'],
      ],
    );
  });

  it('"two Frontier Corps (FC) personnel were killed" and "killed three ... (TTP) terrorists" are counted', () => {
    assert.deepEqual(counts(headline('634541', 'On June 29')), [
      ['killed', 2, 'security_forces', 'two Frontier Corps (FC) personnel'],
    ]);
    assert.deepEqual(counts(headline('611301', 'The Counter-Terrorism')), [
      ['killed', 3, 'militants', 'three Tehreek-e-Taliban Pakistan (TTP) terrorists'],
    ]);
  });
});

describe('the day a death toll was counted', () => {
  it('"the death toll ... rose to seven on Saturday" dates the draft to Saturday only with a toll_date problem', () => {
    // UCDP dates the wedding bombing in Dera Ismail Khan (event 611914) to Friday 23 January 2026.
    const text = headline('611914', 'The death toll');
    const published = publicationAt(Date.parse('2026-01-24'), '2026-01-24');
    const { field, problems } = findDate(text, published, new Date('2026-12-06T12:00:00Z'));
    assert.deepEqual(field, { value: '2026-01-24', words: ['on Saturday'] });
    assert.deepEqual(problems, [
      {
        field: 'date',
        code: 'toll_date',
        message:
          'the day of a death toll, not said to be the incident\'s ("death toll from a suicide bombing at a wedding rose to seven on Saturday"): check when it happened',
      },
    ]);
  });
});

describe('a headline that names one victim, officials, and a part named without commas', () => {
  it('a singular victim noun opening a headline with a verb of death is one killed ("Policeman shot dead ...")', () => {
    assert.deepEqual(counts(headline('611276', 'Policeman shot dead')), [
      ['killed', 1, 'security_forces', 'Policeman'],
    ]);
    assert.deepEqual(counts(headline('612496', 'Pakistan army official')), [
      ['killed', 1, 'security_forces', 'Pakistan army official'],
    ]);
    assert.deepEqual(counts(headline('625007', 'Policeman killed, 4 wounded')), [
      ['killed', 1, 'security_forces', 'Policeman'],
      ['injured', 4, 'unspecified', '4 wounded'],
    ]);
  });

  it('the one who kills is no victim: "official kills person" counts no official', () => {
    assert.deepEqual(counts(headline('631239', ' Sources: Taliban Interior Ministry official')), []);
    // Made-up: a number right after the verb ("kills two") is its object, not joined to the subject.
    assert.deepEqual(counts('A policeman kills two in Bannu'), [['killed', 2, 'unspecified', 'kills two']]);
  });

  it('"officials" are victims, security forces when a force is named before them ("three police officials")', () => {
    assert.deepEqual(counts(headline('618144', 'Three police officials')), [
      ['killed', 3, 'security_forces', 'Three police officials'],
    ]);
    assert.deepEqual(counts(headline('620666', 'Two Government officials')).slice(0, 1), [
      ['killed', 2, 'unspecified', 'Two Government officials'],
    ]);
  });

  it('"Four policemen including a Station House Officer lost their lives" is four killed, not none and not five', () => {
    assert.deepEqual(counts(headline('613988', 'ALERT: Four policemen')), [
      ['killed', 4, 'security_forces', 'Four policemen'],
      ['injured', 2, 'unspecified', 'two others'],
    ]);
  });
});

describe('an operation with no kind named', () => {
  it('"killed during an operation in ...", "an operational engagement ... in Tirah Valley" and "a security forces operation" are security operations', () => {
    assert.deepEqual(
      [
        headline('633475', 'A soldier, identified as Saddam Jakhru'),
        headline('612667', 'NEWS ALERT: A commander'),
        headline('634275', 'On June 26'),
        headline('633384', 'On June 12'),
      ].map((text) => findEventType(text)),
      [
        { type: 'security_operation', words: 'an operational engagement' },
        { type: 'security_operation', words: 'security forces operation' },
        { type: 'security_operation', words: 'an operation' },
        { type: 'security_operation', words: 'an operation' },
      ],
    );
  });

  it('an exchange of fire during an operation stays a clash, and an operation a patient underwent is none', () => {
    assert.equal(findEventType(headline('630288', 'On May 22'))?.type, 'armed_clash');
    // Made-up: surgery is no security operation, and "the operation" with no place or party decides nothing.
    assert.equal(
      findEventType('The injured constable underwent an operation in Lady Reading Hospital.'),
      null,
    );
    assert.equal(findEventType('The operation was a success.'), null);
  });
});
