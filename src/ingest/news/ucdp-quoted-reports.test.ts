import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { findCounts } from './casualties.ts';
import { findDate, publicationAt } from './draft-date.ts';
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
