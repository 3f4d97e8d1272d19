/**
 * How the Claims view words a figure's evidence beyond its raw fields: the bound a figure over
 * another period gives the claim, with the API's own `bound.why` (docs/claims.md, "Figures over
 * other periods"), shown beside the figure as `claims check` prints it under its table; and the
 * figures that give no bound, set apart under one line.
 */
import { noBoundSummary } from '../../../src/domain/statistic.ts';
import type { ClaimEvidence } from '../api/types.ts';
import { fmtNum } from '../format.ts';
import { t } from '../i18n/t.ts';

/** "≥ 1,700,000: a lower bound: 2025-01-01 to 2025-10-25 is a part of ...", or null for a figure that bounds nothing. */
export function boundText(e: Pick<ClaimEvidence, 'bound'>): string | null {
  if (!e.bound) return null;
  return t('claims.ev.boundText', {
    sign: e.bound.kind === 'lower' ? '≥' : '≤',
    value: fmtNum(e.bound.value),
    why: e.bound.why,
  });
}

/**
 * A claim's evidence split for the card: the figures shown in full (those that answer or bound the
 * claim, and those unavailable for a reason of their own), and the figures over other periods that
 * give no bound, which a disclosure under them lists whole behind the API's one-line count of them
 * (`noBoundSummary`, the words of the explanation and of `claims check`).
 */
export function splitEvidence<T extends { no_bound?: string }>(
  evidence: readonly T[],
): { shown: T[]; noBound: T[]; summary: string | null } {
  return {
    shown: evidence.filter((e) => e.no_bound === undefined),
    noBound: evidence.filter((e) => e.no_bound !== undefined),
    summary: noBoundSummary(evidence),
  };
}
