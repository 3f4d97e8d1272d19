/** The Claims view's words for a figure's evidence: the bound a figure over another period gives, in the API's words. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundText, splitEvidence } from '../../web/src/views/claim-evidence.ts';

describe('the Claims view evidence wording', () => {
  it("shows a bounding figure's bound with the API's bound.why whole, and nothing for a figure that bounds nothing", () => {
    const why =
      'a lower bound: 2025-01-01 to 2025-10-25 is a part of the claim\'s period (2025-01-01 to 2025-12-31), and returns over a part cannot exceed returns over the whole, so the claim\'s count is at least 1,700,000 (published as "at least")';
    const claim_period = { from: '2025-01-01', to: '2025-12-31' };
    assert.equal(
      boundText({ bound: { kind: 'lower', value: 1_700_000, claim_period, why } }),
      `≥ 1,700,000: ${why}`,
    );
    assert.equal(
      boundText({ bound: { kind: 'upper', value: 714_572, claim_period, why: 'an upper bound: x' } }),
      '≤ 714,572: an upper bound: x',
    );
    assert.equal(boundText({}), null);
  });

  it("sets the figures that give no bound apart under one line counting them by why, the explanation's words", () => {
    const share = 'in percent of returns, not a count that adds up over time';
    const open = 'only an upper bound ("at most") over a part of the claim\'s period, so no floor';
    const evidence = [
      { id: 1 },
      { id: 2, no_bound: share },
      { id: 3, no_bound: open },
      { id: 4, no_bound: share },
    ];
    assert.deepEqual(splitEvidence(evidence), {
      shown: [{ id: 1 }],
      noBound: [evidence[1], evidence[2], evidence[3]],
      summary: `3 figures over other periods give no bound: 2 ${share}; 1 ${open}`,
    });
    const alone: { id: number; no_bound?: string }[] = [{ id: 1 }];
    assert.deepEqual(splitEvidence(alone), { shown: [{ id: 1 }], noBound: [], summary: null });
    assert.equal(
      splitEvidence([{ no_bound: open }]).summary,
      `1 figure over other periods gives no bound: 1 ${open}`,
    );
  });
});
