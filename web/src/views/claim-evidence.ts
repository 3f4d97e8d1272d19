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

/** The words of a qualifier that reads before the value ("at least 800"), as published. */
const BEFORE: Record<string, 'claims.ev.atLeast' | 'claims.ev.atMost' | 'claims.ev.about'> = {
  at_least: 'claims.ev.atLeast',
  at_most: 'claims.ev.atMost',
  about: 'claims.ev.about',
};

/** A formatted value with its qualifier in words; a qualifier this catalogue does not know, spelt out. */
function qualified(v: string, q: string): string {
  if (q === 'exact') return v;
  if (q === 'rate_ratio') return t('claims.ev.ratio', { value: v });
  if (q === 'rate_ratio_upper_bound') return t('claims.ev.ratioAtMost', { value: v });
  if (q.startsWith('rate_ratio')) return t('claims.ev.ratioAtLeast', { value: v });
  if (q === 'percent') return `${v}%`;
  const before = BEFORE[q];
  return before ? t(before, { value: v }) : `${v} (${q.replaceAll('_', ' ')})`;
}

/**
 * A figure's value in words, as `claims check` words it: "rate ratio 1.79 (against 850 in the
 * baseline)", "rate ratio at least 0.24", "12.5% (of 850)", "at least 800", "693". Until 2026-12-07
 * the card read "1.79 (baseline or whole: 850) · rate_ratio", the API's qualifier as a raw token.
 */
export function valueText(
  e: Pick<ClaimEvidence, 'value' | 'reference_value' | 'qualifier' | 'baseline'>,
): string {
  const value = qualified(fmtNum(e.value), e.value === null ? 'exact' : e.qualifier);
  if (e.reference_value === null) return value;
  const ref = fmtNum(e.reference_value);
  // The reference is the baseline's figure for a change, the whole's for a share.
  return `${value} (${t(e.baseline ? 'claims.ev.againstBaseline' : 'claims.ev.ofWhole', { value: ref })})`;
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
