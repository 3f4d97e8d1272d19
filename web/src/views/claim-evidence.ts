/**
 * How the Claims view words a figure's evidence beyond its raw fields: the bound a figure over
 * another period gives the claim, with the API's own `bound.why` (docs/claims.md, "Figures over
 * other periods"), shown beside the figure as `claims check` prints it under its table.
 */
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
