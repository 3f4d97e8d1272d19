/**
 * Checks a claim against the loaded published statistics: every report version that gives the
 * claim's metric for its geography and exact period is judged on its own, with its publisher's
 * definition (changes pair a version with the same publisher's latest figure for the baseline).
 */
import { compareRates } from '../analytics/trends/rate-ratio.ts';
import { closePeriods } from './claim-periods.ts';
import type { ClaimStatistic } from './statistic-figures.ts';
import {
  samePlace,
  sameMeasure,
  STATISTIC_METRICS,
  statisticFigures,
  type StatisticFigure,
  type StatisticQuery,
} from './statistic-figures.ts';
import { definitionGaps, definitionMismatch, definitionNote } from './definitions.ts';
import { evidence, rateTest, type Evidence } from './evidence.ts';
import { judgeChange, judgeMajority, judgeShare, judgeValue } from './judge.ts';
import { boundEvidence, samePeriodNonCounts } from './statistic-bounds.ts';
import { changeBoundEvidence } from './statistic-change-bounds.ts';
import { publisherOf } from './attribution.ts';
import { statisticRank } from './statistic-rank.ts';
import { describeScope, type ResolvedClaim } from './resolved-claim.ts';
import { formatNumber } from './tolerances.ts';

const KIND = 'statistic' as const;
const GENERIC = 'published statistics';

/** The evidence of every loaded published statistic that can speak to the claim (at least one item). */
export function statisticEvidence(r: ResolvedClaim, stats: readonly ClaimStatistic[]): Evidence[] {
  const geography = describeScope(r.scope);
  const none = (reason: string) => [
    evidence({
      source: GENERIC,
      kind: KIND,
      version: '—',
      measure: measureOf(r.spec.metric),
      geography,
      outcome: 'unavailable',
      reason,
    }),
  ];
  if (!stats.length)
    return none(
      'no published statistics are loaded (import data/published-statistics/pakistan_security_reports.csv or another statistics file)',
    );
  if (r.scope.countries.length > 1)
    return none(
      `published figures are given one country at a time; a claim about ${r.scope.countries.join(' and ')} together needs event data`,
    );
  if (r.scope.borderZone || r.scope.maxBorderKm !== null)
    return none('published figures are not split by distance to the border; a border claim needs event data');
  if (r.scope.actorIds || r.scope.dyad)
    return none(
      `published totals count violence by all groups, so they cannot check a claim about ${r.scope.actorLabel ?? r.scope.dyad!.label} alone`,
    );
  const periods = closePeriods(r.spec, null);
  if (!periods)
    return none(
      'published figures cover fixed periods: give the claim an end date (period.to or made_on) to compare them',
    );
  const { period, baseline } = periods;
  const q = (p: { from: string; to: string }, admin1 = r.scope.admin1) => ({
    metric: r.spec.metric,
    country: r.scope.countries[0]!,
    destination: r.scope.to,
    admin1,
    from: p.from,
    to: p.to,
  });
  const figures = statisticFigures(stats, q(period));
  const measure = (f: StatisticFigure) => measureOf(r.spec.metric, f);
  // A change no publisher gives both exact periods of can still be bounded by each publisher's
  // figures over parts of the periods or periods containing them (statistic-change-bounds.ts).
  const changeBounds = (answered: ReadonlySet<string>) =>
    baseline ? changeBoundEvidence(r, stats, q, { period, baseline }, { geography, measure, answered }) : [];
  if (!figures.length) {
    const noFigure = `no loaded published statistic gives ${measureOf(r.spec.metric)} for ${geography} from ${period.from} to ${period.to}`;
    // A single figure can still be bounded by counts over a part of its period or a period holding it.
    const bounds =
      r.bound && !baseline
        ? boundEvidence(r, stats, q(period), period, {
            geography,
            measure: (f) => measureOf(r.spec.metric, f),
          })
        : [];
    // Only a figure that bounds is read as one. When none does (only shares, say, or periods that
    // overlap the claim's in part), nothing answers the claim's period: the item saying so stays,
    // beside the figures that give no bound (each with its own reason).
    const own = samePeriodNonCounts(stats, q(period), geography);
    const changes = changeBounds(new Set());
    if (changes.length)
      return [
        ...changes.map((e) => ({ ...e, notes: [`${noFigure}: the change is read from bounds`, ...e.notes] })),
        ...own,
      ];
    if (!bounds.some((e) => e.bound))
      return [...none(`${noFigure}${otherPlaces(stats, q(period), geography)}`), ...bounds, ...own];
    return [
      ...bounds.map((e) => (e.bound ? { ...e, notes: [`${noFigure}: read as a bound`, ...e.notes] } : e)),
      ...own,
    ];
  }

  const items: Evidence[] = [];
  // Publishers with a figure of the period but none of the baseline: bounds may answer for them.
  const noBaseline = new Set<Evidence>();
  for (const f of figures) {
    const head = {
      source: f.organisation,
      kind: KIND,
      report: f.report,
      version: f.reportVersion,
      published: f.published,
      measure: measureOf(r.spec.metric, f),
      definition: f.definition,
      definition_class: f.definitionClass,
      geography,
      period: { from: period.from, to: period.to },
      qualifier: f.qualifier,
      parts: f.rows,
      value: f.missing ? null : f.value,
    };
    if (f.missing) {
      items.push(evidence({ ...head, outcome: 'unavailable', reason: f.missing }));
      continue;
    }
    const mismatch = definitionMismatch(r.definition, f.definitionClass);
    if (mismatch) {
      items.push(
        evidence({ ...head, outcome: 'unavailable', reason: `definition does not match: ${mismatch}` }),
      );
      continue;
    }
    const notes = [
      definitionNote(r.spec.metric, f.definitionClass, f.rows),
      ...definitionGaps(r.definition, f.definitionClass),
    ];
    const kind = r.spec.comparator.kind;
    if (baseline) {
      const ofOrg = statisticFigures(stats, q(baseline)).filter(
        (b) => !b.missing && b.organisation === f.organisation,
      );
      const b = ofOrg
        .filter((x) => sameMeasure(x, f))
        .sort((x, y) => (x.published < y.published ? -1 : 1))
        .at(-1);
      if (!b) {
        const what = ofOrg.length ? 'no loaded figure with the same definition' : 'no loaded figure';
        const item = evidence({
          ...head,
          baseline: { from: baseline.from, to: baseline.to },
          outcome: 'unavailable',
          reason: `${f.organisation} has ${what} for the baseline ${baseline.from} to ${baseline.to}`,
        });
        noBaseline.add(item);
        items.push(item);
        continue;
      }
      const c = compareRates({
        count1: b.value,
        exposure1: baseline.days,
        count2: f.value,
        exposure2: period.days,
        confidence: r.tolerance.confidence,
      });
      const test = rateTest(c);

      const countsEvents = r.spec.metric === 'events' || r.spec.metric === 'attacks';
      let j = judgeChange(kind, r.spec.comparator.value, r.tolerance, test, countsEvents);
      if (f.qualifier !== 'exact' || b.qualifier !== 'exact') {
        const helps =
          kind === 'decrease'
            ? f.qualifier !== 'at_least' && b.qualifier !== 'at_most'
            : f.qualifier !== 'at_most' && b.qualifier !== 'at_least';
        if (!(j.outcome === 'holds' && helps))
          j = {
            outcome: 'inconclusive',
            reason: `${j.reason}; but ${f.qualifier !== 'exact' ? `the later figure is ${f.qualifier}` : `the baseline is ${b.qualifier}`}, so the ratio is a bound`,
          };
      }
      if (!countsEvents)
        notes.push(
          'deaths and injuries come in clusters, so the exact interval is too narrow for them: the change is judged on the ratio alone',
        );
      notes.push(
        `baseline from ${b.report} (${b.reportVersion}, published ${b.published}): ${formatNumber(b.value)}`,
      );
      items.push(
        evidence({
          ...head,
          baseline: { from: baseline.from, to: baseline.to },
          value: test.rate_ratio,
          reference_value: b.value,
          qualifier: 'rate_ratio',
          parts: [...b.rows, ...f.rows],
          test,
          outcome: j.outcome,
          reason: j.reason,
          notes,
        }),
      );
      continue;
    }
    if (kind === 'rank') {
      items.push(statisticRank(r, stats, f, head, notes, period));
      continue;
    }
    if (kind === 'share' || kind === 'majority') {
      const whole = statisticFigures(stats, q(period, r.whole!.admin1)).find(
        (w) =>
          !w.missing &&
          w.organisation === f.organisation &&
          w.report === f.report &&
          w.reportVersion === f.reportVersion &&
          sameMeasure(w, f),
      );
      if (!whole || whole.value === 0) {
        items.push(
          evidence({
            ...head,
            outcome: 'unavailable',
            reason: `${f.report} (${f.reportVersion}) gives no figure for the whole (${describeScope(r.whole!)})`,
          }),
        );
        continue;
      }
      const pct = (100 * f.value) / whole.value;
      const j =
        kind === 'majority'
          ? judgeMajority(pct, f.value, whole.value)
          : judgeShare(r.spec.comparator.value!, pct, r.tolerance, f.value, whole.value);
      items.push(
        evidence({
          ...head,
          value: Math.round(pct * 100) / 100,
          reference_value: whole.value,
          qualifier: 'percent',
          parts: [...f.rows, ...whole.rows],
          outcome: f.qualifier === 'exact' && whole.qualifier === 'exact' ? j.outcome : 'inconclusive',
          reason: j.reason,
          notes,
        }),
      );
      continue;
    }
    const j = judgeValue(r.bound!, r.tolerance, f.range);
    const sum =
      f.rows.length > 1
        ? `${f.rows.map((p) => formatNumber(p.value)).join(' + ')} = ${formatNumber(f.value)}: `
        : '';
    items.push(evidence({ ...head, outcome: j.outcome, reason: `${sum}${j.reason}`, notes }));
  }
  // Figures for the claim's period that answer nothing (shares, daily averages) are listed with why.
  const own = samePeriodNonCounts(stats, q(period), geography);
  if (!baseline) return [...items, ...own];
  const answered = new Set(
    items.filter((e) => e.outcome !== 'unavailable').map((e) => publisherOf(e.source)),
  );
  const changes = changeBounds(answered);
  // A publisher the bounds answer for no longer needs the line saying it has no baseline figure.
  const bounded = new Set(changes.map((e) => publisherOf(e.source)));
  const kept = items.filter((e) => !(noBaseline.has(e) && bounded.has(publisherOf(e.source))));
  return [...kept, ...changes, ...own];
}

/**
 * "; no loaded killed figure is for PAK (PK-SD); 16 are for other places (faultline indicators
 * --metric killed lists them)" when the claim's place has no figure of its metric over any period
 * and other places have some, else "". Those figures answer nothing here and are not listed one by
 * one (they would bury the answer), but the reader learns they exist and where to see them.
 */
function otherPlaces(stats: readonly ClaimStatistic[], q: StatisticQuery, geography: string): string {
  const metrics = [...new Set(STATISTIC_METRICS[q.metric].flat())];
  const of = stats.filter((s) => metrics.includes(s.metric));
  if (!of.length || of.some((s) => samePlace(s, q))) return '';
  const list = metrics.map((m) => `faultline indicators --metric ${m}`).join(' and ');
  return `; no loaded ${metrics.join(' or ')} figure is for ${geography}; ${of.length} ${of.length === 1 ? 'is' : 'are'} for other places (${list} ${metrics.length === 1 && of.length === 1 ? 'lists it' : metrics.length === 1 ? 'lists them' : 'list them'})`;
}

function measureOf(metric: string, f?: StatisticFigure): string {
  if (!f) return metric === 'casualties' ? 'casualties (killed + injured)' : metric;
  return metric === 'casualties' ? `casualties (${f.parts.join(' + ')})` : f.parts.join(' + ');
}
