/**
 * Checks a claim against one loaded event dataset: events are counted with the claim's filters,
 * deaths are the best estimate (low and high shown), and the dataset's definition decides what it
 * can answer (UCDP records no injuries, so injured and casualties cannot be fully checked).
 */
import type { EventFilter } from '../domain/query.ts';
import type {
  ClaimSources,
  CoverageSpan,
  EventCountQuery,
  EventOracle,
  EventTestMetric,
  EventTotals,
} from './claim-sources.ts';
import { closePeriods } from './claim-periods.ts';
import { coverageGap, lastCovered, spansOf } from './coverage-gaps.ts';
import { ACLED_CLASS, definitionMismatch, UCDP_CLASS, type DefinitionClass } from './definitions.ts';
import { evidence, type Evidence } from './evidence.ts';
import { figureRange, judgeChange, judgeShare, judgeValue } from './judge.ts';
import { describeScope, type ResolvedClaim, type Scope } from './resolved-claim.ts';
import { formatNumber } from './tolerances.ts';

/** What each event dataset counts, in words, and its definition class. */
function datasetDefinition(source: string): { words: string; cls: DefinitionClass } {
  if (source.startsWith('ucdp'))
    return {
      words:
        'UCDP organised violence: one event per dyad, day and place with at least one death; deaths of all parties (state forces, militants, civilians) in attacks, clashes and operations; no injuries',
      cls: UCDP_CLASS,
    };
  if (source === 'acled')
    return {
      words: 'ACLED political violence events; reported fatalities of all parties; no injuries',
      cls: ACLED_CLASS,
    };
  return {
    words: `${source} events; deaths of all parties; no injuries`,
    cls: { operations: 'unknown', militants: 'unknown', victims: 'all' },
  };
}

/** How a claim metric is read from events, or why this dataset cannot give it. */
type Reading =
  | {
      ok: true;
      measure: string;
      count: (t: EventTotals) => number | null;
      testMetric: EventTestMetric;
      countsEvents: boolean;
      victim?: 'civilians';
      lowerBound: boolean;
    }
  | { ok: false; reason: string };

function reading(r: ResolvedClaim, source: string): Reading {
  const m = r.spec.metric;
  const victims = r.definition.victims;
  if (m === 'injured')
    return {
      ok: false,
      reason: `${source} records deaths, not injuries: an injured figure needs a source that counts them (published statistics such as PIPS, PICSS or CRSS)`,
    };
  if (m === 'events' || m === 'attacks') {
    if (victims === 'security_forces' || victims === 'militants')
      return {
        ok: false,
        reason: `${source} does not say whose side a victim was on in a way that picks out ${victims.replace('_', ' ')}; name a counterpart actor instead (e.g. pakistan-state)`,
      };
    const measure =
      m === 'attacks' ? 'events (a proxy for attacks: clashes and operations are events too)' : 'events';
    return {
      ok: true,
      measure: victims === 'civilians' ? `${measure} with civilian deaths` : measure,
      count: (t) => t.events,
      testMetric: 'events',
      countsEvents: true,
      victim: victims === 'civilians' ? 'civilians' : undefined,
      lowerBound: false,
    };
  }
  if (victims === 'security_forces' || victims === 'militants')
    return {
      ok: false,
      reason: `${source} splits deaths into side A, side B, civilians and unknown, not by ${victims.replace('_', ' ')}`,
    };
  const civ = victims === 'civilians';
  const casualties = m === 'casualties';
  if (
    casualties &&
    r.spec.comparator.kind !== 'share' &&
    !['increase', 'decrease', 'surge', 'alarming_increase', 'rate_ratio'].includes(r.spec.comparator.kind)
  )
    return {
      ok: true,
      measure: civ
        ? 'civilian deaths (a lower bound of casualties: no injuries recorded)'
        : 'deaths, best estimate (a lower bound of casualties: no injuries recorded)',
      count: (t) => (civ ? t.deathsCivilians : t.deathsBest),
      testMetric: civ ? 'deaths_civilians' : 'fatalities_best',
      countsEvents: false,
      lowerBound: true,
    };
  if (casualties)
    return {
      ok: false,
      reason: `${source} records deaths, not injuries, so a change or share of casualties cannot be measured from it`,
    };
  return {
    ok: true,
    measure: civ ? 'civilian deaths' : 'deaths, best estimate',
    count: (t) => (civ ? t.deathsCivilians : t.deathsBest),
    testMetric: civ ? 'deaths_civilians' : 'fatalities_best',
    countsEvents: false,
    lowerBound: false,
  };
}

function query(
  scope: Scope,
  source: string,
  p: { from: string; to: string },
  victim?: 'civilians',
): EventCountQuery {
  const filter: EventFilter = { from: p.from, to: p.to, country: [scope.country], source: [source] };
  if (scope.admin1.length) filter.admin1 = scope.admin1;
  if (scope.actorIds) filter.actorIds = scope.actorIds;
  if (scope.dyad) filter.dyad = [scope.dyad];
  if (victim) filter.victim = victim;
  return { filter, counterpartIds: scope.counterpartIds };
}

/** The evidence of one event dataset for a claim. */
export async function eventEvidence(
  r: ResolvedClaim,
  source: string,
  sources: ClaimSources,
): Promise<Evidence> {
  const oracle = sources.events as EventOracle;
  const def = datasetDefinition(source);
  const spans = spansOf(sources.coverage, source, r.scope.country);
  const base = {
    source,
    kind: 'events' as const,
    version: [...new Set(spans.map((s) => s.version))].join(', ') || '—',
    definition: def.words,
    definition_class: def.cls,
    geography: describeScope(r.scope),
  };
  const read = reading(r, source);
  if (!read.ok)
    return evidence({ ...base, measure: r.spec.metric, outcome: 'unavailable', reason: read.reason });
  const mismatch = definitionMismatch({ ...r.definition, victims: 'all' }, def.cls);
  if (mismatch)
    return evidence({
      ...base,
      measure: read.measure,
      outcome: 'unavailable',
      reason: `${source} cannot be restricted to the claim's definition: ${mismatch}`,
    });
  const periods = closePeriods(r.spec, lastCovered(spans));
  if (!periods)
    return evidence({
      ...base,
      measure: read.measure,
      outcome: 'unavailable',
      reason: coverageGap(spans, '9999-12-31', '9999-12-31') ?? 'the period starts after the loaded data end',
    });
  const { period, baseline } = periods;
  const notes: string[] = [];
  const closed = periods.closedBy ? ` (the open period was closed at ${periods.closedBy})` : '';
  const gap =
    coverageGap(spans, baseline ? baseline.from : period.from, period.to) ??
    (baseline ? coverageGap(spans, period.from, period.to) : null);
  const span = { from: (baseline ?? period).from, to: period.to };
  if (gap)
    return evidence({
      ...base,
      measure: read.measure,
      period: { from: period.from, to: period.to },
      baseline: baseline && { from: baseline.from, to: baseline.to },
      outcome: 'unavailable',
      reason: `${gap}; checking this claim needs ${source} events for ${r.scope.country} from ${span.from} to ${span.to}${source === 'ucdp-ged' ? ' (a later GED release, or UCDP Candidate events for those months)' : ''}`,
    });
  const withPeriods = {
    ...base,
    measure: read.measure,
    period: { from: period.from, to: period.to },
    baseline: baseline && { from: baseline.from, to: baseline.to },
  };
  const kind = r.spec.comparator.kind;

  if (baseline) {
    const q = query(r.scope, source, period, read.victim);
    const [now, before] = await Promise.all([
      oracle.totals(q),
      oracle.totals(query(r.scope, source, baseline, read.victim)),
    ]);
    const placement = unplaced(now, before, r.scope, source);
    if (placement.unavailable)
      return evidence({ ...withPeriods, outcome: 'unavailable', reason: placement.unavailable });
    const undated = { ...q.filter };
    delete undated.from;
    delete undated.to;
    const test = await oracle.compare(
      { filter: undated, counterpartIds: q.counterpartIds },
      baseline,
      period,
      read.testMetric,
      r.tolerance.confidence,
    );
    const j = judgeChange(kind, r.spec.comparator.value, r.tolerance, test, read.countsEvents);
    if (!read.countsEvents)
      notes.push(
        'deaths come in clusters, so the exact interval is too narrow for them: the change is judged on the ratio alone',
      );
    return evidence({
      ...withPeriods,
      version: versions(now, before, base.version),
      value: test.rate_ratio,
      reference_value: null,
      qualifier: 'rate_ratio',
      test,
      query: queryEvidence(q, now),
      outcome: j.outcome,
      reason: j.reason + closed,
      notes: [...notes, ...placement.notes, ...unknownNotes(now, read.testMetric)],
    });
  }

  const q = query(r.scope, source, period, read.victim);
  const t = await oracle.totals(q);
  const placement = unplaced(t, null, r.scope, source);
  if (placement.unavailable)
    return evidence({ ...withPeriods, outcome: 'unavailable', reason: placement.unavailable });
  notes.push(...placement.notes, ...unknownNotes(t, read.testMetric));
  const value = read.count(t) ?? (t.events === 0 ? 0 : null);
  const low = read.testMetric === 'fatalities_best' ? t.deathsLow : null;
  const high = read.testMetric === 'fatalities_best' ? t.deathsHigh : null;
  const shown = {
    ...withPeriods,
    version: versions(t, null, base.version),
    value,
    low,
    high,
    query: queryEvidence(q, t),
    notes,
  };
  if (value === null)
    return evidence({
      ...shown,
      outcome: 'unavailable',
      reason: `none of the ${formatNumber(t.events)} events reports ${read.measure}`,
    });

  if (kind === 'share') {
    const w = await oracle.totals(query(r.whole!, source, period, read.victim));
    const whole = read.count(w) ?? 0;
    if (whole === 0)
      return evidence({
        ...shown,
        reference_value: 0,
        outcome: 'unavailable',
        reason: `nothing recorded in the whole (${describeScope(r.whole!)}), so no share`,
      });
    const pct = (100 * value) / whole;
    const j = judgeShare(r.spec.comparator.value!, pct, r.tolerance, value, whole);
    return evidence({
      ...shown,
      value: round(pct, 2),
      reference_value: whole,
      qualifier: 'percent',
      outcome: j.outcome,
      reason: `${j.reason} (${describeScope(r.scope)} of ${describeScope(r.whole!)})${closed}`,
    });
  }

  const j = judgeValue(
    kind,
    r.spec.comparator.value!,
    r.tolerance,
    figureRange(value, read.lowerBound ? 'lower_bound' : 'exact'),
  );
  if (read.lowerBound && j.outcome === 'inconclusive')
    return evidence({
      ...shown,
      qualifier: 'lower_bound',
      outcome: 'unavailable',
      reason: `${source} records no injuries: its ${formatNumber(value)} deaths are only a lower bound of casualties, consistent with the claim but not enough to check it; a source that counts injuries is needed`,
    });
  const range =
    low !== null && high !== null ? ` (low ${formatNumber(low)}, high ${formatNumber(high)})` : '';
  return evidence({
    ...shown,
    qualifier: read.lowerBound ? 'lower_bound' : 'exact',
    outcome: j.outcome,
    reason: `${j.reason}${range}${read.lowerBound ? '; deaths alone are a lower bound of casualties' : ''}${closed}`,
  });
}

function unplaced(
  a: EventTotals,
  b: EventTotals | null,
  scope: Scope,
  source: string,
): { unavailable: string | null; notes: string[] } {
  if (!scope.admin1.length) return { unavailable: null, notes: [] };
  const missing = a.unplaced + (b?.unplaced ?? 0);
  const placed = a.events + (b?.events ?? 0);
  if (missing > 0 && placed === 0)
    return {
      unavailable: `the ${source} events of the period are not placed on admin-1 units (no admin1_code), so ${scope.admin1.join(', ')} cannot be counted; re-import them with geography`,
      notes: [],
    };
  return {
    unavailable: null,
    notes: missing
      ? [
          `${formatNumber(missing)} events of the country are not placed on an admin-1 unit and are not counted`,
        ]
      : [],
  };
}

function unknownNotes(t: EventTotals, metric: EventTestMetric): string[] {
  const n =
    metric === 'fatalities_best' ? t.unknownBest : metric === 'deaths_civilians' ? t.unknownCivilians : 0;
  return n ? [`${formatNumber(n)} events have the figure unknown and add nothing to it`] : [];
}

function queryEvidence(q: EventCountQuery, t: EventTotals) {
  return {
    filter: q.filter,
    counterpart_ids: q.counterpartIds,
    query_id: t.queryId,
    event_ids: t.eventIds,
  };
}

function versions(a: EventTotals, b: EventTotals | null, fallback: string): string {
  const v = [...new Set([...a.versions, ...(b?.versions ?? [])])].sort();
  return v.length ? v.join(', ') : fallback;
}

function round(x: number, d: number): number {
  return Math.round(x * 10 ** d) / 10 ** d;
}

/** The distinct event datasets loaded, in a stable order. */
export function eventSources(coverage: readonly CoverageSpan[]): string[] {
  return [...new Set(coverage.map((c) => c.source))].sort();
}
