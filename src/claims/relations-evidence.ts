/**
 * Checks a relations_index claim ("relations between Pakistan and Afghanistan were hostile in
 * September 2023": less_than 0) against each loaded relations index: the mean daily value over the
 * claim's period decides when its whole bootstrap interval lies on one side of the bound; a change
 * ("relations worsened in December 2022": decrease) is the period's value minus the baseline's.
 */
import { grouped } from '../domain/format-number.ts';
import { closePeriods, type DayRange } from './claim-periods.ts';
import type { ClaimSources } from './claim-sources.ts';
import { evidence, type Evidence } from './evidence.ts';
import { differenceOf, judgeDifference } from './relations-change.ts';
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
  const { period, baseline } = periods;
  if (baseline) return changeEvidence(r, sources, period, baseline, none);
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
      notes: [`${grouped(f.daysCovered)} of ${grouped(f.daysInPeriod)} days covered`],
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

/** "Relations worsened in December 2022": each index's value over the period minus its value over the baseline. */
async function changeEvidence(
  r: ResolvedClaim,
  sources: ClaimSources,
  period: DayRange,
  baseline: DayRange,
  none: (reason: string) => Evidence[],
): Promise<Evidence[]> {
  const [a, b] = [r.scope.countries[0]!, r.scope.to!];
  const [now, before] = sources.relations
    ? await Promise.all([
        sources.relations(a, b, period.from, period.to),
        sources.relations(a, b, baseline.from, baseline.to),
      ])
    : [[], []];
  if (!now.length)
    return none(`no loaded relations index covers ${a}-${b} (faultline start imports the bundled one)`);
  const kind = r.spec.comparator.kind as 'increase' | 'decrease';
  return now.map((f) => {
    const base = before.find((x) => x.source === f.source);
    const head = {
      source: f.name,
      kind: 'index' as const,
      version: f.version,
      measure: `${MEASURE}: the period's minus the baseline's`,
      geography: describeScope(r.scope),
      period: { from: period.from, to: period.to },
      baseline: { from: baseline.from, to: baseline.to },
      reference_value: base?.value ?? null,
      qualifier: 'difference',
      notes: [
        `period: ${grouped(f.daysCovered)} of ${grouped(f.daysInPeriod)} days covered, mean ${f.value === null ? 'unknown' : formatNumber(f.value, 2)}`,
        `baseline: ${grouped(base?.daysCovered ?? 0)} of ${grouped(base?.daysInPeriod ?? baseline.days)} days covered, mean ${base?.value == null ? 'unknown' : formatNumber(base.value, 2)}`,
      ],
    };
    if (!base || base.value === null || f.value === null || !f.days || !base.days)
      return evidence({
        ...head,
        outcome: 'unavailable',
        reason: `${f.name} has no value for ${f.value === null ? `${period.from} to ${period.to}` : `the baseline ${baseline.from} to ${baseline.to}`}`,
      });
    const d = differenceOf(
      f.days,
      base.days,
      `${f.source}|${a}-${b}|${period.from}..${period.to}|${baseline.from}..${baseline.to}`,
    );
    const j = judgeDifference(
      kind,
      d,
      `${formatNumber(f.value, 2)} over ${period.from} to ${period.to} against ${formatNumber(base.value, 2)} over ${baseline.from} to ${baseline.to}`,
    );
    return evidence({
      ...head,
      value: Math.round(d.value * 1000) / 1000,
      low: d.low === null ? null : Math.round(d.low * 1000) / 1000,
      high: d.high === null ? null : Math.round(d.high * 1000) / 1000,
      outcome: j.outcome,
      reason: j.reason,
    });
  });
}
