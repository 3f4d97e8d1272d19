/**
 * Ranks ("2009 was the deadliest year", "violence at its lowest in a decade", "Khyber Pakhtunkhwa
 * was the worst-hit province"): the periods or places a claim's figure is ranked against, from
 * `among`, and the judgement of the figure against theirs. A rank over an empty set is an error.
 */
import { dayNumber, isoDate } from '../analytics/aggregate/dates.ts';
import { parsePeriod, periodKey } from '../analytics/aggregate/periods.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';
import { asList, type ClaimSpec } from './claim-spec.ts';
import { dayRange, parseSpecPeriod, previousOfKind, type DayRange } from './claim-periods.ts';
import type { Judgement } from './judge.ts';
import type { Scope } from './resolved-claim.ts';
import { formatNumber } from './tolerances.ts';

/** One member of the set a claim is ranked against: a period (same scope) or a place (same period). */
export interface RankMember {
  label: string;
  period: DayRange;
  scope: Scope;
}

/** The periods or places of `among`, without the claim's own; throws `claim "<id>": among ...` when the set is empty or cannot be formed. */
export function rankSet(spec: ClaimSpec, scope: Scope, period: DayRange): RankMember[] {
  const among = spec.among!;
  const fail = (why: string): never => {
    throw new InvalidInputError(`claim ${quoteValue(spec.id)}: ${why}`);
  };
  const own = parseSpecPeriod(spec.period);
  const samePeriod = (p: DayRange) => p.from === period.from && p.to === period.to;
  let members: RankMember[] = [];
  if (among.before !== undefined || among.since !== undefined) {
    const field = among.before !== undefined ? 'before' : 'since';
    if (!own.interval)
      fail(
        `among.${field} needs a period that is one year, quarter, month or week, not ${quoteValue(own.label)}`,
      );
    const interval = own.interval!;
    // Walk back period by period from the claim's: N of them (before), or down to the one after `since`.
    let first = '';
    let count = Number.POSITIVE_INFINITY;
    if (among.before !== undefined) {
      if (among.before < 1) fail(`among.before is ${among.before}: a rank over an empty set (use 1 or more)`);
      count = among.before;
    } else {
      const since = parseSpecPeriod(among.since!);
      if (since.to === null) fail(`among.since must be a closed period, not ${quoteValue(among.since)}`);
      // "the highest since 2013": the periods after 2013 up to the claim's, 2013 itself not asked.
      first = parsePeriod(periodKey(isoDate(dayNumber(since.to!)! + 1), interval)).start;
      if (first >= period.from)
        fail(
          `among.since ${quoteValue(among.since)} leaves no period before ${own.label}: a rank over an empty set`,
        );
    }
    const list: DayRange[] = [];
    let p = previousOfKind(period.from, interval);
    while (list.length < count && p.from >= first) {
      list.push(p);
      p = previousOfKind(p.from, interval);
    }
    members = list.reverse().map((x) => ({ label: x.label, period: x, scope }));
  } else if (among.periods) {
    members = among.periods
      .map((k) => {
        const o = parseSpecPeriod(k);
        if (o.to === null) fail(`among.periods: ${quoteValue(k)} is open; give closed periods`);
        return dayRange(o.from, o.to!, o.label);
      })
      .filter((p) => !samePeriod(p))
      .map((p) => ({ label: p.label, period: p, scope }));
    if (!members.length)
      fail("among.periods lists no period other than the claim's: a rank over an empty set");
  } else if (among.admin1) {
    if (scope.admin1.length !== 1)
      fail(
        `among.admin1 ranks one admin-1 unit: geography.admin1 must name exactly one (it names ${scope.admin1.length || 'none'})`,
      );
    members = asList(among.admin1)
      .filter((u) => u !== scope.admin1[0])
      .map((u) => ({ label: u, period, scope: { ...scope, admin1: [u] } }));
    if (!members.length) fail("among.admin1 names no unit other than the claim's: a rank over an empty set");
  } else if (among.country) {
    if (scope.countries.length !== 1 || scope.admin1.length)
      fail('among.country ranks one country: geography must name exactly one country and no admin1');
    members = among.country
      .filter((c) => c !== scope.countries[0])
      .map((c) => ({ label: c, period, scope: { ...scope, countries: [c] } }));
    if (!members.length)
      fail("among.country names no country other than the claim's: a rank over an empty set");
  }
  return members;
}

/**
 * Judges the claim's figure against the others: highest (or lowest) holds when strictly above
 * (below) every one; a tie is inconclusive. `extra` (default 0) is what records that may or may
 * not belong to a member's period could add to its figure: the claim's figure holds only when it
 * stays ahead with every such record against it, fails only when another stays ahead however they
 * fall, and is inconclusive between.
 */
export function judgeRank(
  order: 'highest' | 'lowest',
  own: { label: string; value: number; extra?: number },
  others: readonly { label: string; value: number; extra?: number }[],
): Judgement {
  const sign = order === 'highest' ? 1 : -1;
  // The end of each figure's range that favours it, and the end that favours the claim's.
  const best = (o: { value: number; extra?: number }) => (sign > 0 ? o.value + (o.extra ?? 0) : o.value);
  const worst = (o: { value: number; extra?: number }) => (sign > 0 ? o.value : o.value + (o.extra ?? 0));
  const beats = others.filter((o) => sign * (worst(o) - best(own)) > 0);
  const ranged = (own.extra ?? 0) > 0 || others.some((o) => (o.extra ?? 0) > 0);
  const ties = others.filter((o) => sign * (best(o) - worst(own)) >= 0);
  const figure = (o: { value: number; extra?: number }) =>
    o.extra ? `${formatNumber(o.value)} to ${formatNumber(o.value + o.extra)}` : formatNumber(o.value);
  const show = (xs: readonly { label: string; value: number; extra?: number }[]) =>
    xs
      .slice(0, 3)
      .map((o) => `${o.label}: ${figure(o)}`)
      .join(', ') + (xs.length > 3 ? ` and ${xs.length - 3} more` : '');
  const head = `${own.label}: ${figure(own)} against ${others.length} other${others.length > 1 ? 's' : ''}`;
  if (beats.length)
    return {
      outcome: 'fails',
      reason: `${head}; ${order === 'highest' ? 'higher' : 'lower'}: ${show(
        [...beats].sort((a, b) => sign * (best(b) - best(a))),
      )}`,
    };
  if (ties.length)
    return {
      outcome: 'inconclusive',
      reason: ranged
        ? `${head}; records dated only to a month or a year could put ${show(ties)} ${order === 'highest' ? 'above' : 'below'} it`
        : `${head}; tied with ${show(ties)}`,
    };
  const next = [...others].sort((a, b) => sign * (best(b) - best(a)))[0]!;
  return {
    outcome: 'holds',
    reason: `${head}; the ${order} (next: ${next.label}: ${figure(next)})`,
  };
}
