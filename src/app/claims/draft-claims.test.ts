import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseClaims } from './check-claims.ts';
import { draftClaimFile } from './draft-claims.ts';

// Sentences in the style of the essay (paraphrased), one claim shape each.
const TEXT = `The Pakistani Taliban have grown bolder since the Afghan Taliban took Kabul.
In 2023 Pakistan recorded nearly 3,000 casualties from terrorism, most of them in Khyber Pakhtunkhwa and Balochistan.
There was an alarming increase in attacks in KP and Balochistan from 2022 to 2023.
TTP attacks on security forces have been escalating since August 2021.
More than 500 attacks took place in 2024, about 60% of them in Khyber Pakhtunkhwa.
Over 80 people were killed in the Peshawar mosque bombing.`;

describe('claim drafting from prose', () => {
  const { yaml, drafts, skipped } = draftClaimFile(TEXT, 'essay.txt');
  const claims = parseClaims(yaml, 'drafts.yaml').file.claims;
  const byText = (t: string) => claims.filter((c) => c.text.includes(t));

  it('prints a valid claim file whose claims are all drafts', () => {
    assert.equal(claims.length, drafts);
    assert.ok(claims.every((c) => c.status === 'draft'));
    assert.equal(
      skipped,
      2,
      'the sentence without a figure and the one without a period are listed, not drafted',
    );
    assert.match(yaml, /# skipped line 1 \(no quantitative statement/);
    assert.match(yaml, /# skipped line 6 \(no period found/);
  });

  it('reads "nearly 3,000 casualties in 2023" as a national casualties claim with the hedge nearly', () => {
    const [c] = byText('nearly 3,000');
    assert.deepEqual(
      [c!.metric, c!.period, c!.comparator, c!.geography],
      ['casualties', '2023', { kind: 'nearly', value: 3000 }, { country: 'PAK' }],
    );
  });

  it('reads an alarming increase in KP and Balochistan from 2022 to 2023 with both provinces and the baseline', () => {
    const [c] = byText('alarming increase');
    assert.deepEqual(
      [c!.metric, c!.comparator.kind, c!.period, c!.baseline, c!.geography.admin1],
      ['attacks', 'alarming_increase', '2023', '2022', ['PK-KP', 'PK-BA']],
    );
  });

  it('reads attacks on security forces by the TTP since August 2021 as TTP against the Pakistani state, open-ended', () => {
    const [c] = byText('security forces');
    assert.deepEqual(
      [c!.actor, c!.counterpart, c!.comparator.kind, c!.period],
      ['ttp', 'pakistan-state', 'increase', { from: '2021-08-01' }],
    );
  });

  it('drafts one claim per figure: "more than 500 attacks" and "about 60% of them in Khyber Pakhtunkhwa" as a share', () => {
    const cs = byText('More than 500');
    assert.deepEqual(
      cs.map((c) => c.comparator),
      [
        { kind: 'more_than', value: 500 },
        { kind: 'share', value: 60 },
      ],
    );
    assert.deepEqual(cs[1]!.geography.admin1, ['PK-KP']);
    assert.equal(cs[0]!.geography.admin1, undefined);
  });
});
