/**
 * SYNTHETIC published figures for claim tests: returns to Afghanistan from a country the test names,
 * by made-up organisations ("Synthetic A" unless said otherwise), each on its own line of a file
 * whose sha256 is all `f`.
 */
import { statisticId, type Statistic } from '../../src/domain/statistic.ts';
import type { ClaimStatistic } from '../../src/claims/statistic-figures.ts';

/** The file hash every synthetic figure cites. */
export const SYNTHETIC_SHA = 'f'.repeat(64);

/** A synthetic figure of returns from `from` to Afghanistan, at `line`; `o` sets its period, value and anything else. */
export function syntheticFigure(
  from: { country: string; geography: string },
  o: Partial<Statistic> & Pick<Statistic, 'periodStart' | 'periodEnd' | 'value'>,
  line: number,
): ClaimStatistic {
  const s: Omit<Statistic, 'id'> = {
    organisation: 'Synthetic A',
    report: `Synthetic report ${line}`,
    reportVersion: 'unspecified',
    published: '2026-01',
    metric: 'returns',
    definition: 'synthetic returns',
    country: from.country,
    admin1: null,
    geography: from.geography,
    geographyTo: 'Afghanistan',
    countryTo: 'AFG',
    qualifier: 'exact',
    unit: 'persons',
    url: `https://example.org/synthetic/${line}`,
    quote: null,
    ...o,
  };
  return { ...s, id: statisticId(s), admin1Code: null, fileSha256: SYNTHETIC_SHA, line };
}
