/** Ranks against published statistics: one report version's figure against the same publisher's latest figure of the same measure for every other period or place of the set. */
import type { DayRange } from './claim-periods.ts';
import { judgeRank, rankSet } from './claim-rank.ts';
import { evidence, type Evidence, type RankedFigure } from './evidence.ts';
import type { ResolvedClaim } from './resolved-claim.ts';
import {
  sameMeasure,
  statisticFigures,
  type ClaimStatistic,
  type StatisticFigure,
} from './statistic-figures.ts';

/** The evidence of one report version's figure ranked against the publisher's figures for the rest of the set. */
export function statisticRank(
  r: ResolvedClaim,
  stats: readonly ClaimStatistic[],
  f: StatisticFigure,
  head: Omit<Parameters<typeof evidence>[0], 'outcome' | 'reason'>,
  notes: string[],
  period: DayRange,
): Evidence {
  const members = rankSet(r.spec, r.scope, period);
  const among: RankedFigure[] = [];
  const missing: string[] = [];
  for (const m of members) {
    const b = statisticFigures(stats, {
      metric: r.spec.metric,
      country: m.scope.countries[0]!,
      destination: m.scope.to,
      admin1: m.scope.admin1,
      from: m.period.from,
      to: m.period.to,
    })
      .filter((x) => !x.missing && x.organisation === f.organisation && sameMeasure(x, f))
      .sort((x, y) => (x.published < y.published ? -1 : 1))
      .at(-1);
    if (!b) missing.push(m.label);
    among.push({
      label: m.label,
      from: m.period.from,
      to: m.period.to,
      value: b ? b.value : null,
      query: null,
      report: b ? `${b.report} (${b.reportVersion})` : null,
    });
  }
  const shown = { ...head, among, qualifier: 'rank', notes };
  if (missing.length)
    return evidence({
      ...shown,
      outcome: 'unavailable',
      reason: `${f.organisation} has no loaded figure of the same measure for ${missing.join(', ')}; a rank needs every member of the set`,
    });
  if (f.qualifier !== 'exact' || among.length === 0)
    return evidence({
      ...shown,
      outcome: 'inconclusive',
      reason: `the figure is ${f.qualifier}, so its rank is not settled`,
    });
  const j = judgeRank(
    r.spec.comparator.order!,
    { label: period.label, value: f.value },
    among.map((a) => ({ label: a.label, value: a.value! })),
  );
  return evidence({ ...shown, outcome: j.outcome, reason: j.reason });
}
