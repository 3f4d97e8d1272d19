/**
 * Checks a relations_index claim ("relations between Pakistan and Afghanistan were hostile in
 * September 2023": less_than 0) against each loaded relations index: the mean daily value over the
 * claim's period decides when its whole bootstrap interval lies on one side of the bound.
 */
import { closePeriods } from './claim-periods.ts';
import type { ClaimSources } from './claim-sources.ts';
import { evidence, type Evidence } from './evidence.ts';
import { describeScope, type ResolvedClaim } from './resolved-claim.ts';
import { formatNumber } from './tolerances.ts';

const MEASURE = 'relations index (mean daily value)';

/** The evidence of every loaded relations index for the claim's pair and period (at least one item). */
export async function relationsEvidence(r: ResolvedClaim, sources: ClaimSources): Promise<Evidence[]> {
  const geography = describeScope(r.scope);
  const none = (reason: string) => [
    evidence({
      source: 'relations index',
      kind: 'index',
      version: '—',
      measure: MEASURE,
      geography,
      outcome: 'unavailable',
      reason,
    }),
  ];
  const periods = closePeriods(r.spec, null);
  if (!periods) return none('a relations index is judged over a closed period: give the claim an end date');
  const { period } = periods;
  const figures = sources.relations
    ? await sources.relations(r.scope.countries[0]!, r.scope.to!, period.from, period.to)
    : [];
  if (!figures.length)
    return none(
      `no loaded relations index covers ${r.scope.countries[0]!}-${r.scope.to} (faultline start imports the bundled one)`,
    );
  const bound = r.spec.comparator.value!;
  const kind = r.spec.comparator.kind;
  const words = `${kind.replace('_', ' ')} ${formatNumber(bound, 2)}`;
  const ok = (x: number) =>
    kind === 'at_least'
      ? x >= bound
      : kind === 'at_most'
        ? x <= bound
        : kind === 'less_than'
          ? x < bound
          : x > bound;
  return figures.map((f) => {
    const head = {
      source: f.name,
      kind: 'index' as const,
      version: f.version,
      measure: MEASURE,
      geography,
      period: { from: period.from, to: period.to },
      value: f.value,
      low: f.ciLow,
      high: f.ciHigh,
      qualifier: 'mean',
      notes: [`${f.daysCovered} of ${f.daysInPeriod} days covered`],
    };
    if (f.value === null || f.daysCovered === 0)
      return evidence({
        ...head,
        outcome: 'unavailable',
        reason: `${f.name} has no value from ${period.from} to ${period.to}`,
      });
    const shown = `mean ${formatNumber(f.value, 2)}${f.ciLow !== null ? ` (95% interval ${formatNumber(f.ciLow, 2)} to ${formatNumber(f.ciHigh!, 2)})` : ''}`;
    const lo = f.ciLow ?? f.value;
    const hi = f.ciHigh ?? f.value;
    if (ok(lo) && ok(hi)) return evidence({ ...head, outcome: 'holds', reason: `${shown} is ${words}` });
    if (!ok(lo) && !ok(hi))
      return evidence({ ...head, outcome: 'fails', reason: `${shown} is not ${words}` });
    return evidence({
      ...head,
      outcome: 'inconclusive',
      reason: `${shown}: the interval reaches both sides of ${formatNumber(bound, 2)}`,
    });
  });
}
