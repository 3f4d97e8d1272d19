/**
 * Checks a claim against one loaded event dataset: events are counted with the claim's filters,
 * deaths are the best estimate (low and high shown), and the dataset's definition decides what it
 * can answer (UCDP records no injuries, so injured and casualties cannot be fully checked).
 */
import { agree } from '../domain/plural.ts';
import type {
  ClaimSources,
  CoverageSpan,
  EventOracle,
  EventTestMetric,
  EventTotals,
} from './claim-sources.ts';
import { closePeriods, dayRange, type DayRange } from './claim-periods.ts';
import { judgeRank, rankSet } from './claim-rank.ts';
import { coverageGapAll, coveredIntervals, coveringVersions, lastCovered, spansOf } from './coverage-gaps.ts';
import { supersededReason } from '../domain/superseded-coverage.ts';
import { ACLED_CLASS, definitionMismatch, UCDP_CLASS, type DefinitionClass } from './definitions.ts';
import { DEDUPED_WORDS, dedupedDatasets } from './deduped-events.ts';
import { eventQuery, queryEvidence, totalsOver, unplaced, versionsOf } from './event-queries.ts';
import { evidence, type Evidence, type RankedFigure } from './evidence.ts';
import {
  figureRange,
  judgeChange,
  judgeCoveredPart,
  judgeMajority,
  judgeShare,
  judgeShareBetween,
  judgeValue,
} from './judge.ts';
import { coveredPart, partialChangeEvidence } from './partial-change.ts';
import { describeScope, type ResolvedClaim } from './resolved-claim.ts';
import { formatNumber } from './tolerances.ts';

/** What each event dataset counts, in words, and its definition class. */
function datasetDefinition(source: string): { words: string; cls: DefinitionClass } {
  const deduped = dedupedDatasets(source);
  if (deduped) {
    // Linked records merge: the definition is the datasets' own only when they all share one.
    const each = deduped.map(datasetDefinition);
    const same = each.every((d) => JSON.stringify(d.cls) === JSON.stringify(each[0]!.cls));
    return {
      words: `${DEDUPED_WORDS}; ${[...new Set(each.map((d) => d.words))].join('; ')}`,
      cls: same ? each[0]!.cls : { operations: 'unknown', militants: 'unknown', victims: 'all' },
    };
  }
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
    // UCDP records only events with a death, so its count of a single figure of attacks (incidents
    // of every kind, lethal or not) is a lower bound, as its deaths are of casualties.
    const lethalOnly = (dedupedDatasets(source) ?? [source]).every((d) => d.startsWith('ucdp'));
    return {
      ok: true,
      measure: victims === 'civilians' ? `${measure} with civilian deaths` : measure,
      count: (t) => t.events,
      testMetric: 'events',
      countsEvents: true,
      victim: victims === 'civilians' ? 'civilians' : undefined,
      lowerBound: m === 'attacks' && lethalOnly && r.bound !== null,
    };
  }
  if (victims === 'security_forces' || victims === 'militants')
    return {
      ok: false,
      reason: `${source} splits deaths into side A, side B, civilians and unknown, not by ${victims.replace('_', ' ')}`,
    };
  const civ = victims === 'civilians';
  const casualties = m === 'casualties';
  if (casualties && r.bound !== null)
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
      reason: `${source} records deaths, not injuries, so a change, share or rank of casualties cannot be measured from it`,
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

/** The evidence of one event dataset for a claim. */
export async function eventEvidence(
  r: ResolvedClaim,
  source: string,
  sources: ClaimSources,
): Promise<Evidence> {
  const oracle = sources.events as EventOracle;
  const def = datasetDefinition(source);
  const countries = r.scope.countries;
  const spans = countries.flatMap((c) => spansOf(sources.coverage, source, c));
  const base = {
    source,
    kind: 'events' as const,
    version: [...new Set(spans.map((s) => s.version))].sort().join(', ') || '—',
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
  // An open period ends where the data end for every country of the claim.
  const ends = countries.map((c) => lastCovered(spansOf(sources.coverage, source, c)));
  const end = ends.some((e) => e === null) ? null : ends.sort()[0]!;
  const periods = closePeriods(r.spec, end);
  if (!periods)
    return evidence({
      ...base,
      measure: read.measure,
      outcome: 'unavailable',
      reason:
        coverageGapAll(sources.coverage, source, countries, '9999-12-31', '9999-12-31') ??
        'the period starts after the loaded data end',
    });
  const { period, baseline } = periods;
  const closed = periods.closedBy ? ` (the open period was closed at ${periods.closedBy})` : '';
  const withPeriods = {
    ...base,
    measure: read.measure,
    period: { from: period.from, to: period.to },
    baseline: baseline && { from: baseline.from, to: baseline.to },
  };
  const kind = r.spec.comparator.kind;
  const ctx: EventContext = { r, source, sources, oracle, read, withPeriods, closed };
  if (kind === 'rank') return rankEvidence(ctx, period);
  const gap = (from: string, to: string) => coverageGapAll(sources.coverage, source, countries, from, to);
  const missing = (baseline ? gap(baseline.from, baseline.to) : null) ?? gap(period.from, period.to);
  if (missing) {
    const partial =
      baseline && gap(baseline.from, baseline.to)
        ? null
        : await partialEvidence(ctx, period, baseline, missing);
    if (partial) return partial;
    const span = { from: (baseline ?? period).from, to: period.to };
    const replaced =
      source === 'ucdp-candidate'
        ? supersededReason(sources.coverage, countries, span.from, span.to, sources.candidateSpans ?? [])
        : null;
    return evidence({
      ...withPeriods,
      covered: coveredOf(ctx, period),
      outcome: 'unavailable',
      reason: replaced?.whole
        ? replaced.reason
        : `${missing}${coveredText(ctx, period, !!baseline && !!gap(baseline.from, baseline.to))}${replaced ? `; ${replaced.reason}` : ''}; checking this claim needs ${source} events for ${countries.join(' and ')} from ${span.from} to ${span.to}${source === 'ucdp-ged' ? ' (a later GED release, or UCDP Candidate events for those months)' : ''}`,
    });
  }
  if (baseline) return changeEvidence(ctx, period, baseline);
  return valueEvidence(ctx, period, [period], null);
}

/** What every figure of one dataset for one claim shares. */
export interface EventContext {
  r: ResolvedClaim;
  source: string;
  sources: ClaimSources;
  oracle: EventOracle;
  read: Extract<Reading, { ok: true }>;
  withPeriods: Partial<Evidence> & Pick<Evidence, 'source' | 'kind' | 'version' | 'measure'>;
  closed: string;
}

/** The versions of the context's dataset that cover a day of `ranges` in one of the claim's countries. */
function coveringOf(ctx: EventContext, ranges: readonly { from: string; to: string }[]): string[] {
  return coveringVersions(ctx.sources.coverage, ctx.source, ctx.r.scope.countries, ranges);
}

function coveredOf(ctx: EventContext, period: DayRange): Evidence['covered'] {
  const ranges = coveredIntervals(
    ctx.sources.coverage,
    ctx.source,
    ctx.r.scope.countries,
    period.from,
    period.to,
  );
  const days = ranges.reduce((n, x) => n + dayRange(x.from, x.to).days, 0);
  return { days, of: period.days, ranges };
}

function coveredText(ctx: EventContext, period: DayRange, change: boolean): string {
  if (change) return '';
  const c = coveredOf(ctx, period)!;
  if (!c.days) return '';
  return ` (the loaded events cover ${formatNumber(c.days)} of its ${formatNumber(c.of)} days, ${formatNumber((100 * c.days) / c.of, 0)}%: a share or a rank cannot be judged on part of a period)`;
}

/**
 * A claim on a period the data cover in part is judged on the covered days: counts only grow with
 * more days, so the covered count is a lower bound of the whole ("more than 500 deaths in 2026"
 * holds once the covered days reach it; "at most 500" fails once they pass it; anything else is
 * inconclusive). A change is judged the same way on the later period's rate. Shares and ranks
 * cannot be (both parts move), so they stay unavailable.
 */
async function partialEvidence(
  ctx: EventContext,
  period: DayRange,
  baseline: DayRange | null,
  missing: string,
): Promise<Evidence | null> {
  const kind = ctx.r.spec.comparator.kind;
  if (!baseline && !ctx.r.bound) return null;
  if (kind === 'share' || kind === 'majority' || kind === 'rank') return null;
  const covered = coveredOf(ctx, period)!;
  if (!covered.days) return null;
  const ranges = covered.ranges.map((x) => dayRange(x.from, x.to));
  if (baseline) return partialChangeEvidence(ctx, period, baseline, ranges, { covered, missing });
  return valueEvidence(ctx, period, ranges, { covered, missing });
}

async function valueEvidence(
  ctx: EventContext,
  period: DayRange,
  ranges: readonly DayRange[],
  partial: { covered: NonNullable<Evidence['covered']>; missing: string } | null,
): Promise<Evidence> {
  const { r, source, oracle, read, withPeriods, closed } = ctx;
  const { totals: t, queries } = await totalsOver(oracle, r.scope, source, ranges, read.victim, period);
  const placement = unplaced(t, null, r.scope, source);
  if (placement.unavailable)
    return evidence({ ...withPeriods, outcome: 'unavailable', reason: placement.unavailable });
  const notes = [...placement.notes, ...unknownNotes(t, read.testMetric)];
  const extra = straddlingCount(ctx, t);
  if (extra) notes.push(straddlingNote(ctx, t, period));
  if (queries.length > 1)
    notes.push(`counted over ${queries.length} covered ranges; the query shown is the first`);
  const value = read.count(t) ?? (t.events === 0 ? 0 : null);
  const low = read.testMetric === 'fatalities_best' ? t.deathsLow : null;
  const high = read.testMetric === 'fatalities_best' ? t.deathsHigh : null;
  const shown = {
    ...withPeriods,
    version: versionsOf(t, null, withPeriods.version, coveringOf(ctx, ranges)),
    value,
    low,
    high,
    query: queryEvidence(queries[0]!, t),
    covered: partial?.covered ?? null,
    notes,
  };
  if (value === null)
    return evidence({
      ...shown,
      outcome: 'unavailable',
      reason:
        t.events === 1
          ? `the 1 event does not report ${read.measure}`
          : `none of the ${formatNumber(t.events)} events reports ${read.measure}`,
    });
  const kind = r.spec.comparator.kind;
  if (kind === 'share' || kind === 'majority') {
    const wq = eventQuery(r.whole!, source, period, read.victim);
    const w = await oracle.totals(wq);
    const whole = read.count(w) ?? 0;
    const whole_query = queryEvidence(wq, w);
    const wholeExtra = straddlingCount(ctx, w);
    if (whole === 0)
      return evidence({
        ...shown,
        reference_value: 0,
        whole_query,
        outcome: 'unavailable',
        reason: `nothing recorded in the whole (${describeScope(r.whole!)}), so no share`,
      });
    const pct = (100 * value) / whole;
    // With records that may or may not belong to the period, the share lies between two values.
    const j =
      extra || wholeExtra
        ? judgeShareBetween(
            kind === 'majority' ? null : r.spec.comparator.value!,
            r.tolerance,
            { part: value, whole: whole + wholeExtra },
            { part: value + extra, whole: whole + extra },
          )
        : kind === 'majority'
          ? judgeMajority(pct, value, whole)
          : judgeShare(r.spec.comparator.value!, pct, r.tolerance, value, whole);
    return evidence({
      ...shown,
      value: round(pct, 2),
      reference_value: whole,
      whole_query,
      qualifier: 'percent',
      outcome: j.outcome,
      reason: `${j.reason} (${describeScope(r.scope)} of ${describeScope(r.whole!)})${closed}`,
    });
  }
  const b = r.bound!;
  if (partial) {
    const j = judgeCoveredPart(b, r.tolerance, value, coveredPart(partial));
    return evidence({ ...shown, qualifier: 'lower_bound', outcome: j.outcome, reason: j.reason });
  }
  const j = judgeValue(
    b,
    r.tolerance,
    read.lowerBound ? figureRange(value, 'lower_bound') : { lo: value, hi: value + extra },
  );
  const attacks = r.spec.metric === 'attacks';
  if (read.lowerBound && j.outcome === 'inconclusive')
    return evidence({
      ...shown,
      qualifier: 'lower_bound',
      outcome: 'unavailable',
      reason: attacks
        ? `${source} records only events with at least one death: its ${formatNumber(value)} ${agree(value, 'event is', 'events are')} only a lower bound of attacks or incidents, consistent with the claim but not enough to check it; a source that counts every incident (published statistics) is needed`
        : `${source} records no injuries: its ${formatNumber(value)} ${agree(value, 'death is', 'deaths are')} only a lower bound of casualties, consistent with the claim but not enough to check it; a source that counts injuries is needed`,
    });
  const range =
    low !== null && high !== null ? ` (low ${formatNumber(low)}, high ${formatNumber(high)})` : '';
  return evidence({
    ...shown,
    qualifier: read.lowerBound ? 'lower_bound' : 'exact',
    outcome: j.outcome,
    reason: `${j.reason}${range}${read.lowerBound ? (attacks ? '; events with a death are a lower bound of all attacks or incidents' : '; deaths alone are a lower bound of casualties') : ''}${closed}`,
  });
}

async function changeEvidence(ctx: EventContext, period: DayRange, baseline: DayRange): Promise<Evidence> {
  const { r, source, oracle, read, withPeriods, closed } = ctx;
  const q = eventQuery(r.scope, source, period, read.victim);
  const bq = eventQuery(r.scope, source, baseline, read.victim);
  const [now, before] = await Promise.all([oracle.totals(q), oracle.totals(bq)]);
  const placement = unplaced(now, before, r.scope, source);
  if (placement.unavailable)
    return evidence({ ...withPeriods, outcome: 'unavailable', reason: placement.unavailable });
  const undated = { ...q.filter };
  delete undated.from;
  delete undated.to;
  const test = await oracle.compare(
    { filter: undated, counterpartIds: q.counterpartIds, ...(q.dedupe ? { dedupe: true } : {}) },
    baseline,
    period,
    read.testMetric,
    r.tolerance.confidence,
  );
  const j = judgeChange(
    r.spec.comparator.kind,
    r.spec.comparator.value,
    r.tolerance,
    test,
    read.countsEvents,
  );
  const notes: string[] = [now, before].flatMap((t, i) =>
    straddlingCount(ctx, t) ? [straddlingNote(ctx, t, i ? baseline : period)] : [],
  );
  if (!read.countsEvents)
    notes.push(
      'deaths come in clusters, so the exact interval is too narrow for them: the change is judged on the ratio alone',
    );
  return evidence({
    ...withPeriods,
    version: versionsOf(now, before, withPeriods.version, coveringOf(ctx, [period, baseline])),
    value: test.rate_ratio,
    reference_value: null,
    qualifier: 'rate_ratio',
    test,
    query: queryEvidence(q, now),
    baseline_query: queryEvidence(bq, before),
    outcome: j.outcome,
    reason: j.reason + closed,
    notes: [...notes, ...placement.notes, ...unknownNotes(now, read.testMetric)],
  });
}

async function rankEvidence(ctx: EventContext, period: DayRange): Promise<Evidence> {
  const { r, source, sources, oracle, read, withPeriods, closed } = ctx;
  const members = rankSet(r.spec, r.scope, period);
  const all = [{ label: period.label, period, scope: r.scope }, ...members];
  for (const m of all) {
    const gap = coverageGapAll(sources.coverage, source, m.scope.countries, m.period.from, m.period.to);
    if (gap)
      return evidence({
        ...withPeriods,
        outcome: 'unavailable',
        reason: `${m.label}: ${gap}; a rank needs every period and place of the set`,
      });
  }
  const counted = await Promise.all(
    all.map(async (m) => {
      const q = eventQuery(m.scope, source, m.period, read.victim);
      const t = await oracle.totals(q);
      return { m, q, t, value: read.count(t) ?? (t.events === 0 ? 0 : null), extra: straddlingCount(ctx, t) };
    }),
  );
  const among: RankedFigure[] = counted.slice(1).map((c) => ({
    label: c.m.label,
    from: c.m.period.from,
    to: c.m.period.to,
    value: c.value,
    query: queryEvidence(c.q, c.t),
    report: null,
  }));
  const own = counted[0]!;
  const shown = {
    ...withPeriods,
    value: own.value,
    query: queryEvidence(own.q, own.t),
    among,
    qualifier: 'rank',
  };
  const unknown = counted.filter((c) => c.value === null);
  if (unknown.length)
    return evidence({
      ...shown,
      outcome: 'unavailable',
      reason: `no ${read.measure} figure for ${unknown.map((c) => c.m.label).join(', ')}`,
    });
  const j = judgeRank(
    r.spec.comparator.order!,
    { label: period.label, value: own.value!, extra: own.extra },
    counted.slice(1).map((c) => ({ label: c.m.label, value: c.value!, extra: c.extra })),
  );
  return evidence({
    ...shown,
    reference_value: null,
    outcome: j.outcome,
    reason: j.reason + closed,
    notes: [...unknownNotes(own.t, read.testMetric), ...rankRangesNote(counted)],
  });
}

/** One note on the members of a rank whose figures are ranges (records dated only to a month or a year), or none. */
function rankRangesNote(
  counted: readonly { m: { label: string }; value: number | null; extra: number }[],
): string[] {
  const ranged = counted.filter((c) => c.extra);
  if (!ranged.length) return [];
  const shown = ranged
    .slice(0, 3)
    .map((c) => `${c.m.label}: ${formatNumber(c.value ?? 0)} to ${formatNumber((c.value ?? 0) + c.extra)}`)
    .join(', ');
  return [
    `${ranged.length} of the ${counted.length} figures ranked ${agree(ranged.length, 'is a range', 'are ranges')}: records dated only to a month or a year overlap their periods without lying wholly in one, and may or may not belong to each (${shown}${ranged.length > 3 ? `, and ${ranged.length - 3} more` : ''})`,
  ];
}

/** The measure of the records that may or may not belong to a period (`straddling`), 0 when none. */
function straddlingCount(ctx: EventContext, t: EventTotals): number {
  return t.straddling ? (ctx.read.count(t.straddling) ?? 0) : 0;
}

/** Says which records a period's figure leaves out because they may or may not belong to it. */
function straddlingNote(ctx: EventContext, t: EventTotals, period: DayRange): string {
  const s = t.straddling!;
  const value = ctx.read.count(t) ?? 0;
  const extra = straddlingCount(ctx, t);
  const what = ctx.read.countsEvents ? '' : ` (${formatNumber(extra)} ${ctx.read.measure})`;
  return `${formatNumber(s.events)} record${s.events === 1 ? '' : 's'}${what} dated only to a month or a year that overlaps ${period.label} without lying wholly in it ${s.events === 1 ? 'is' : 'are'} not counted: ${s.events === 1 ? 'it' : 'they'} may or may not belong to it, so its figure lies between ${formatNumber(value)} and ${formatNumber(value + extra)}`;
}

function unknownNotes(t: EventTotals, metric: EventTestMetric): string[] {
  const n =
    metric === 'fatalities_best' ? t.unknownBest : metric === 'deaths_civilians' ? t.unknownCivilians : 0;
  return n
    ? [
        `${formatNumber(n)} ${agree(n, 'event has the figure unknown and adds', 'events have the figure unknown and add')} nothing to it`,
      ]
    : [];
}

function round(x: number, d: number): number {
  return Math.round(x * 10 ** d) / 10 ** d;
}

/** The distinct event datasets loaded, in a stable order. */
export function eventSources(coverage: readonly CoverageSpan[]): string[] {
  return [...new Set(coverage.map((c) => c.source))].sort();
}
