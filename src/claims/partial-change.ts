/**
 * A change whose later period the data cover in part ("attacks rose in 2026" with events to July):
 * the later count over the covered days, spread over the whole period's days, is a lower bound of
 * its rate, so the rate test on it can settle an increase (or rule out a decrease) early.
 */
import { compareRates } from '../analytics/trends/rate-ratio.ts';
import type { DayRange } from './claim-periods.ts';
import type { EventContext } from './event-figures.ts';
import { coveringVersions } from './coverage-gaps.ts';
import { eventQuery, queryEvidence, totalsOver, unplaced, versionsOf } from './event-queries.ts';
import { evidence, rateTest, type Evidence } from './evidence.ts';
import { judgeChangeCoveredPart } from './judge.ts';
import { formatNumber } from './tolerances.ts';

/** The covered part of a period in words: "on the 212 of 366 days the loaded events cover (...)". */
export function coveredPart(partial: { covered: NonNullable<Evidence['covered']>; missing: string }): string {
  return `on the ${formatNumber(partial.covered.days)} of ${formatNumber(partial.covered.of)} days the loaded events cover (${partial.missing})`;
}

/** The evidence of a change whose baseline is covered and whose later period is covered in part. */
export async function partialChangeEvidence(
  ctx: EventContext,
  period: DayRange,
  baseline: DayRange,
  ranges: readonly DayRange[],
  partial: { covered: NonNullable<Evidence['covered']>; missing: string },
): Promise<Evidence> {
  const { r, source, oracle, read, withPeriods, closed } = ctx;
  const bq = eventQuery(r.scope, source, baseline, read.victim);
  const [now, before] = await Promise.all([
    totalsOver(oracle, r.scope, source, ranges, read.victim, period),
    oracle.totals(bq),
  ]);
  const placement = unplaced(now.totals, before, r.scope, source);
  if (placement.unavailable)
    return evidence({ ...withPeriods, outcome: 'unavailable', reason: placement.unavailable });
  const count = (t: typeof before) => read.count(t) ?? 0;
  const confidence = r.tolerance.confidence;
  // Period 1 is the baseline and period 2 the later one, as the compare use case (and changeEvidence) has them.
  const c = compareRates({
    count1: count(before),
    exposure1: baseline.days,
    count2: count(now.totals),
    exposure2: period.days,
    confidence,
  });
  const test = rateTest(
    c,
    `the later count covers ${formatNumber(partial.covered.days)} of the period's ${formatNumber(period.days)} days but is divided by all of them: a lower bound of its rate`,
  );

  const j = judgeChangeCoveredPart(
    r.spec.comparator.kind,
    r.spec.comparator.value,
    r.tolerance,
    test,
    read.countsEvents,
    coveredPart(partial),
  );
  return evidence({
    ...withPeriods,
    version: versionsOf(
      now.totals,
      before,
      withPeriods.version,
      coveringVersions(ctx.sources.coverage, source, r.scope.countries, [...ranges, baseline]),
    ),
    value: test.rate_ratio,
    reference_value: null,
    qualifier: 'rate_ratio_lower_bound',
    test,
    query: queryEvidence(now.queries[0]!, now.totals),
    baseline_query: queryEvidence(bq, before),
    covered: partial.covered,
    outcome: j.outcome,
    reason: j.reason + closed,
    notes: [
      ...(now.queries.length > 1
        ? [`counted over ${now.queries.length} covered ranges; the query shown is the first`]
        : []),
      ...placement.notes,
    ],
  });
}
