/** The Claims view's words for a figure's evidence: the bound a figure over another period gives, in the API's words. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundText, splitEvidence, valueText } from '../../web/src/views/claim-evidence.ts';

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

  it("words a figure's value by its qualifier, and its reference as the baseline's or the whole's", () => {
    const baseline = { from: '2021-01-01', to: '2021-12-31' };
    const e = (
      qualifier: string,
      value: number | null,
      reference_value: number | null = null,
      b: typeof baseline | null = baseline,
    ) => ({
      qualifier,
      value,
      reference_value,
      baseline: b,
    });
    assert.equal(valueText(e('rate_ratio', 1.79, 850)), 'rate ratio 1.79 (against 850 in the baseline)');
    assert.equal(valueText(e('rate_ratio_lower_bound', 0.24)), 'rate ratio at least 0.24');
    assert.equal(valueText(e('rate_ratio_upper_bound', 1.2)), 'rate ratio at most 1.2');
    assert.equal(valueText(e('percent', 12.5, 850, null)), '12.5% (of 850)');
    assert.equal(valueText(e('at_least', 800, null, null)), 'at least 800');
    assert.equal(valueText(e('exact', 2987, null, null)), '2,987');
    assert.equal(valueText(e('lower_bound', 1817, null, null)), '1,817 (lower bound)');
    // An unavailable figure is a dash, never 0, whatever its qualifier.
    assert.equal(valueText(e('rate_ratio', null)), '—');
  });
});
