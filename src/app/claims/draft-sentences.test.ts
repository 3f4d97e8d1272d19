import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClaimSpecInput } from '../../claims/claim-spec.ts';
import { draftClaims } from '../../claims/extract.ts';
import { parseClaims } from './check-claims.ts';
import { draftClaimFile, gazetteerPlaces } from './draft-claims.ts';

// Sentences in the style of essays, reports and news on Pakistan and Afghanistan (written for this
// test), each with the draft a careful reader would write, or the reason it gives none.
type Want = Partial<
  Pick<
    ClaimSpecInput,
    | 'metric'
    | 'period'
    | 'baseline'
    | 'comparator'
    | 'among'
    | 'dyad'
    | 'definition'
    | 'actor'
    | 'attributed_to'
  >
> & {
  geography?: ClaimSpecInput['geography'];
};
const DRAFTS: [string, Want][] = [
  // One state acting in the other country: the events are there, the actor is the state's forces
  // (it drafted all deaths in Pakistan, and a confirmed draft was contradicted by 196).
  [
    "Pakistan's airstrikes in Afghanistan killed 49 people in March 2026.",
    { metric: 'deaths', period: '2026-03', actor: 'pakistan-state', geography: { country: 'AFG' } },
  ],
  // A day of a date is no count, and "since" a day starts there (it drafted "exactly 15 returns"
  // and September 2023 alone).
  [
    'More than 1.7 million Afghans have returned from Pakistan since 15 September 2023.',
    {
      metric: 'returns',
      period: { from: '2023-09-15' },
      comparator: { kind: 'more_than', value: 1_700_000 },
    },
  ],
  // A span is the whole span (it drafted its first or last month: 2023-09, 2025-12, 2026-06), and
  // the first day of a span in one month is no count (it drafted "exactly 1 returns").
  [
    'More than 1.7 million Afghans returned from Pakistan between 15 September 2023 and 8 November 2025.',
    {
      metric: 'returns',
      period: '2023-09-15..2025-11-08',
      comparator: { kind: 'more_than', value: 1_700_000 },
    },
  ],
  [
    'From 1 April to 13 December 2025, 931,700 Afghans returned from Pakistan.',
    { metric: 'returns', period: '2025-04-01..2025-12-13', comparator: { kind: 'exactly', value: 931_700 } },
  ],
  [
    'TTP attacks killed 300 people in Pakistan between January and June 2026.',
    { metric: 'deaths', period: '2026-01-01..2026-06-30', actor: 'ttp' },
  ],
  [
    'Between 1 and 13 April 2025, IOM recorded 60,000 returns from Pakistan.',
    {
      metric: 'returns',
      period: '2025-04-01..2025-04-13',
      comparator: { kind: 'exactly', value: 60_000 },
      attributed_to: 'IOM',
    },
  ],
  // The organisation a figure is attributed to is checked first (it was not read at all).
  [
    'According to UNHCR, over 1.7 million Afghans returned from Iran in 2025.',
    { metric: 'returns', period: '2025', attributed_to: 'UNHCR', geography: { country: 'IRN', to: 'AFG' } },
  ],
  [
    'Pakistan said 300 attacks took place in 2023.',
    { metric: 'attacks', period: '2023', attributed_to: undefined },
  ],
  // Returns from Iran are Iran's (it drafted them as from Pakistan, and Pakistan's figures judged them).
  [
    'More than 1.2 million undocumented Afghans returned from Iran in 2024.',
    {
      metric: 'returns',
      period: '2024',
      comparator: { kind: 'more_than', value: 1_200_000 },
      geography: { country: 'IRN', to: 'AFG' },
    },
  ],
  [
    'More than 500,000 Afghans have returned from Pakistan since September 15, 2023.',
    { metric: 'returns', period: { from: '2023-09-15' }, comparator: { kind: 'more_than', value: 500_000 } },
  ],
  [
    'Terrorist attacks in Pakistan rose by about 70% in 2023.',
    { metric: 'attacks', period: '2023', comparator: { kind: 'rate_ratio', value: 1.7 } },
  ],
  [
    'Fatalities dropped by 40% in 2018.',
    { metric: 'deaths', period: '2018', comparator: { kind: 'rate_ratio', value: 0.6 } },
  ],
  ['Militant violence fell in 2022.', { metric: 'events', period: '2022', comparator: { kind: 'decrease' } }],
  [
    'Attacks declined in 2015 compared with 2014.',
    { metric: 'attacks', period: '2015', baseline: '2014', comparator: { kind: 'decrease' } },
  ],
  [
    'Violence eased in the second half of 2017.',
    { metric: 'events', period: '2017-07-01..2017-12-31', comparator: { kind: 'decrease' } },
  ],
  [
    'Deaths fell sharply in 2016.',
    { metric: 'deaths', period: '2016', comparator: { kind: 'sharp_decrease' } },
  ],
  [
    'Terrorist attacks plummeted in 2017.',
    { metric: 'attacks', period: '2017', comparator: { kind: 'plunge' } },
  ],
  [
    'Deaths halved in 2019.',
    { metric: 'deaths', period: '2019', comparator: { kind: 'rate_ratio', value: 0.5 } },
  ],
  [
    'Attacks in Balochistan doubled in 2024 compared with 2023.',
    {
      metric: 'attacks',
      period: '2024',
      baseline: '2023',
      comparator: { kind: 'rate_ratio', value: 2 },
      geography: { country: 'PAK', admin1: ['PK-BA'] },
    },
  ],
  [
    'Suicide bombings tripled in 2023.',
    { metric: 'attacks', period: '2023', comparator: { kind: 'rate_ratio', value: 3 } },
  ],
  [
    'There was a surge in attacks in 2023.',
    { metric: 'attacks', period: '2023', comparator: { kind: 'surge' } },
  ],
  [
    'There was an alarming rise in killings in March 2023.',
    { metric: 'deaths', period: '2023-03', comparator: { kind: 'alarming_increase' } },
  ],
  [
    'Attacks increased in Q2 2026.',
    { metric: 'attacks', period: '2026-Q2', comparator: { kind: 'increase' } },
  ],
  [
    '2009 was the deadliest year since 2001.',
    {
      metric: 'deaths',
      period: '2009',
      comparator: { kind: 'rank', order: 'highest' },
      among: { since: '2001' },
    },
  ],
  [
    'Violence in 2020 was at its lowest in a decade.',
    {
      metric: 'events',
      period: '2020',
      comparator: { kind: 'rank', order: 'lowest' },
      among: { before: 10 },
    },
  ],
  [
    'Attacks in 2013 were the highest in five years.',
    {
      metric: 'attacks',
      period: '2013',
      comparator: { kind: 'rank', order: 'highest' },
      among: { before: 5 },
    },
  ],
  [
    'More than half of the attacks in 2024 took place in Khyber Pakhtunkhwa.',
    {
      metric: 'attacks',
      period: '2024',
      comparator: { kind: 'majority' },
      geography: { country: 'PAK', admin1: ['PK-KP'] },
    },
  ],
  [
    'Over 50% of the deaths in 2023 were in Khyber Pakhtunkhwa.',
    { metric: 'deaths', period: '2023', comparator: { kind: 'majority' } },
  ],
  [
    'About 60% of the attacks in 2024 were in Khyber Pakhtunkhwa.',
    { metric: 'attacks', period: '2024', comparator: { kind: 'share', value: 60 } },
  ],
  [
    'Clashes between Pakistani and Afghan forces killed several hundred people in 2026.',
    {
      metric: 'deaths',
      period: '2026',
      comparator: { kind: 'several_hundred' },
      dyad: 'pakistan-state:afghan-taliban',
      geography: { country: ['AFG', 'PAK'] },
    },
  ],
  [
    'Dozens of civilians were killed in 2024.',
    {
      metric: 'deaths',
      period: '2024',
      comparator: { kind: 'dozens' },
      definition: { victims: 'civilians' },
    },
  ],
  [
    'Thousands of people were killed in 2009.',
    { metric: 'deaths', period: '2009', comparator: { kind: 'thousands' } },
  ],
  [
    'Hundreds of attacks were recorded in 2012.',
    { metric: 'attacks', period: '2012', comparator: { kind: 'hundreds' } },
  ],
  [
    'Pakistan recorded nearly 3,000 casualties in 2023.',
    { metric: 'casualties', period: '2023', comparator: { kind: 'nearly', value: 3000 } },
  ],
  [
    'At least 1,500 people were killed in 2023.',
    { metric: 'deaths', period: '2023', comparator: { kind: 'at_least', value: 1500 } },
  ],
  [
    'Over 500,000 Afghans returned from Pakistan in 2024.',
    {
      metric: 'returns',
      period: '2024',
      comparator: { kind: 'more_than', value: 500000 },
      geography: { country: 'PAK', to: 'AFG' },
    },
  ],
  [
    'About 1.2 million Afghans were deported from Pakistan in 2025.',
    { metric: 'deportations', period: '2025', comparator: { kind: 'about', value: 1200000 } },
  ],
  [
    'In 2021, 800+ people were killed in attacks.',
    { metric: 'deaths', period: '2021', comparator: { kind: 'at_least', value: 800 } },
  ],
  [
    'The TTP carried out 306 attacks in 2023.',
    { metric: 'attacks', period: '2023', comparator: { kind: 'exactly', value: 306 }, actor: 'ttp' },
  ],
  [
    'Fewer than 100 people died in attacks in 2005.',
    { metric: 'deaths', period: '2005', comparator: { kind: 'less_than', value: 100 } },
  ],
  [
    'Returns of Afghans from Pakistan passed half a million in 2023.',
    { metric: 'returns', period: '2023', comparator: { kind: 'more_than', value: 500000 } },
  ],
  // A bare amount with a scale word is a rounded figure, read as about (it drafted exactly 250,000).
  [
    'A quarter of a million Afghans were deported from Pakistan in 2024.',
    { metric: 'deportations', period: '2024', comparator: { kind: 'about', value: 250000 } },
  ],
  // A round number in words, in digits with a scale word, in digits alone, and hedged: only the bare
  // scaled forms are rounded (about); digits mean every digit; a hedge says what it says.
  [
    'two million Afghans returned from Pakistan in 2023',
    { metric: 'returns', period: '2023', comparator: { kind: 'about', value: 2000000 } },
  ],
  [
    '2 million Afghans returned from Pakistan in 2023.',
    { metric: 'returns', period: '2023', comparator: { kind: 'about', value: 2000000 } },
  ],
  [
    '2,000,000 Afghans returned from Pakistan in 2023.',
    { metric: 'returns', period: '2023', comparator: { kind: 'exactly', value: 2000000 } },
  ],
  [
    'Over 2 million Afghans returned from Pakistan in 2023.',
    { metric: 'returns', period: '2023', comparator: { kind: 'more_than', value: 2000000 } },
  ],
  [
    'More than two million Afghans returned from Pakistan in 2023.',
    { metric: 'returns', period: '2023', comparator: { kind: 'more_than', value: 2000000 } },
  ],
  [
    'Nearly two million Afghans returned from Pakistan in 2023.',
    { metric: 'returns', period: '2023', comparator: { kind: 'nearly', value: 2000000 } },
  ],
  [
    'At least two million Afghans returned from Pakistan in 2023.',
    { metric: 'returns', period: '2023', comparator: { kind: 'at_least', value: 2000000 } },
  ],
  [
    'About 1.5 million Afghans returned from Pakistan in 2024.',
    { metric: 'returns', period: '2024', comparator: { kind: 'about', value: 1500000 } },
  ],
  [
    'Nearly 2 million Afghans returned from Pakistan in 2023.',
    { metric: 'returns', period: '2023', comparator: { kind: 'nearly', value: 2000000 } },
  ],
  [
    'Hundreds of thousands of Afghans returned from Pakistan in 2023.',
    { metric: 'returns', period: '2023', comparator: { kind: 'hundreds_of_thousands' } },
  ],
  [
    'More than half a million Afghans were deported from Pakistan in 2024.',
    { metric: 'deportations', period: '2024', comparator: { kind: 'more_than', value: 500000 } },
  ],
  [
    'Relations between Pakistan and Afghanistan worsened in December 2022.',
    {
      metric: 'relations_index',
      period: '2022-12',
      comparator: { kind: 'decrease' },
      geography: { country: 'PAK', to: 'AFG' },
    },
  ],
  [
    'Ties between India and Pakistan were hostile in May 2025.',
    {
      metric: 'relations_index',
      period: '2025-05',
      comparator: { kind: 'less_than', value: 0 },
      geography: { country: 'IND', to: 'PAK' },
    },
  ],
  [
    'Some two million Afghans returned from Pakistan in 2024.',
    { metric: 'returns', period: '2024', comparator: { kind: 'about', value: 2000000 } },
  ],
  // Two years compared without a figure are a change of the first against the second (both gave
  // no draft: "exceeded" and "more" were read only as bounds of a number).
  [
    'Returns of Afghans from Pakistan in 2025 exceeded those of 2024.',
    {
      metric: 'returns',
      period: '2025',
      baseline: '2024',
      comparator: { kind: 'increase' },
      geography: { country: 'PAK', to: 'AFG' },
    },
  ],
  [
    'More Afghans returned from Pakistan in 2025 than in 2024.',
    { metric: 'returns', period: '2025', baseline: '2024', comparator: { kind: 'increase' } },
  ],
  [
    'There were fewer attacks in Balochistan in 2024 than in 2023.',
    { metric: 'attacks', period: '2024', baseline: '2023', comparator: { kind: 'decrease' } },
  ],
  // A number after "exceeded" is still its bound, not a change.
  [
    'Returns from Pakistan exceeded 1 million in 2025.',
    { metric: 'returns', period: '2025', comparator: { kind: 'more_than', value: 1_000_000 } },
  ],
];
const SKIPS: [string, RegExp][] = [
  ['There were exactly 2021 events.', /no figure, vague amount/],
  ['The Taliban took Kabul in August 2021.', /no quantitative statement/],
  ['Over 80 people were killed in the Peshawar mosque bombing.', /no period found/],
  ['The border was closed for 25 days.', /no unit the checker counts/],
];

describe('claim drafts from sentences as analysts write them', () => {
  for (const [sentence, want] of DRAFTS)
    it(`drafts "${sentence}"`, () => {
      const { drafts, skipped } = draftClaims(sentence, { resolvePlace: gazetteerPlaces });
      assert.deepEqual(skipped, []);
      assert.equal(drafts.length, 1, `one draft, got ${drafts.length}`);
      const got = drafts[0]!.spec;
      assert.equal(got.status, 'draft');
      for (const [k, v] of Object.entries(want))
        if (k === 'geography') {
          for (const [gk, gv] of Object.entries(v as object))
            assert.deepEqual((got.geography as Record<string, unknown>)[gk], gv, `geography.${gk}`);
        } else assert.deepEqual(got[k as keyof ClaimSpecInput], v, k);
    });

  it('a village UCDP geocodes is noted with its province, as a large town is (a village went unmentioned); a small GeoNames town is not', () => {
    const notes = (sentence: string) =>
      draftClaims(sentence, { resolvePlace: gazetteerPlaces }).drafts[0]!.spec.notes ?? '';
    assert.match(
      notes('Drone strikes killed 40 civilians in Sipah in 2026.'),
      /mentions Sipah \(PK-KP\); claims are checked by province, so add it to admin1 if meant/,
    );
    assert.match(
      notes('Drone strikes killed 40 civilians in Peshawar in 2026.'),
      /mentions Peshawar \(PK-KP\)/,
    );
    // Parachinar: a GeoNames town of unknown population, left out as before.
    assert.doesNotMatch(notes('Drone strikes killed 40 civilians in Parachinar in 2026.'), /mentions/);
  });

  it('a bare round amount says in its notes that it was read as rounded; digits and hedged amounts do not', () => {
    const notes = (sentence: string) =>
      draftClaims(sentence, { resolvePlace: gazetteerPlaces }).drafts[0]!.spec.notes ?? '';
    assert.match(
      notes('two million Afghans returned from Pakistan in 2023'),
      /"two million" is a rounded amount \(a scale word, no hedge\): read as about \(within 10%\); set exactly if the text means every digit/,
    );
    for (const s of [
      '2,000,000 Afghans returned from Pakistan in 2023.',
      'About 2 million Afghans returned from Pakistan in 2023.',
    ])
      assert.doesNotMatch(notes(s), /rounded amount/, s);
  });

  it('a bare "Taliban" names an actor only when the sentence says which Taliban; otherwise the draft notes it', () => {
    const draft = (sentence: string) => {
      const { drafts } = draftClaims(sentence, { resolvePlace: gazetteerPlaces });
      assert.equal(drafts.length, 1, sentence);
      return { actor: drafts[0]!.spec.actor, notes: drafts[0]!.spec.notes ?? '' };
    };
    // It drafted the Afghan Taliban for this (Pakistani reports call the TTP "Taliban" too).
    const bare = draft('Taliban attacks killed 300 people in Khyber Pakhtunkhwa in 2024.');
    assert.equal(bare.actor, undefined);
    assert.match(
      bare.notes,
      /"Taliban" may be the Tehrik-i-Taliban Pakistan \(TTP\) or the Afghan Taliban \(Islamic Emirate\), and nothing else in the sentence says which: no actor taken for it; add actor ttp or afghan-taliban if meant/,
    );
    // The TTP named: the bare name is the TTP's, as "TTP" alone drafts.
    const ttp = draft('TTP attacks killed 300 people in Khyber Pakhtunkhwa in 2024.').actor;
    assert.deepEqual(
      draft('Taliban fighters of the TTP killed 300 people in Khyber Pakhtunkhwa in 2024.').actor,
      ttp,
    );
    // The Afghan side named, or the words after it are a state's: the Afghan Taliban, no note.
    for (const s of [
      'Taliban forces killed 40 people in Kunar in 2026.',
      "The Taliban government's forces killed 40 people in Kunar in 2026.",
      'After the Afghan Taliban took power, Taliban attacks killed 300 people in Pakistan in 2024.',
    ]) {
      const d = draft(s);
      assert.equal(d.actor, 'afghan-taliban', s);
      assert.doesNotMatch(d.notes, /may be the Tehrik/, s);
    }
    // Both named: the bare name is still not read, and the note says both are named.
    const both = draft(
      'As the Afghan Taliban sheltered the TTP, Taliban attacks killed 300 people in Pakistan in 2024.',
    );
    assert.deepEqual(both.actor, ['afghan-taliban', ttp]);
    assert.match(both.notes, /and the sentence names both: no actor taken for it/);
  });

  for (const [sentence, reason] of SKIPS)
    it(`gives no draft for "${sentence}" and says why`, () => {
      const { drafts, skipped } = draftClaims(sentence, { resolvePlace: gazetteerPlaces });
      assert.equal(drafts.length, 0);
      assert.equal(skipped.length, 1);
      assert.match(skipped[0]!.reason, reason);
    });

  it('lists every sentence without a draft, and every draft is a valid claim left unconfirmed', () => {
    const text = [...DRAFTS.map((d) => d[0]), ...SKIPS.map((s) => s[0])].join('\n');
    const { yaml, drafts, skipped } = draftClaimFile(text, 'sentences.txt');
    assert.equal(drafts, DRAFTS.length);
    assert.equal(skipped, SKIPS.length);
    const claims = parseClaims(yaml, 'drafts.yaml').file.claims;
    assert.equal(claims.length, DRAFTS.length);
    assert.ok(claims.every((c) => c.status === 'draft'));
  });
});
