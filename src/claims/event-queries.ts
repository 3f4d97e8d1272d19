/** The event queries of a claim (filters from its scope) and what the evidence shows of them: the filter, the store read and the event ids. */
import { agree } from '../domain/plural.ts';
import type { EventFilter } from '../domain/query.ts';
import type { EventCountQuery, EventOracle, EventTotals } from './claim-sources.ts';
import type { EventQueryEvidence } from './evidence.ts';
import { dedupedDatasets } from './deduped-events.ts';
import type { Scope } from './resolved-claim.ts';
import { formatNumber } from './tolerances.ts';

const MAX_IDS = 25;

/**
 * The count query of a scope over a period in one dataset. `heldBy`: the claim's period when `p` is a
 * covered part of it (records dated only to a month or a year count when the claim's period holds them).
 */
export function eventQuery(
  scope: Scope,
  source: string,
  p: { from: string; to: string },
  victim?: 'civilians',
  heldBy?: { from: string; to: string },
): EventCountQuery {
  const deduped = dedupedDatasets(source);
  const filter: EventFilter = {
    from: p.from,
    to: p.to,
    country: scope.countries,
    source: deduped ?? [source],
  };
  if (heldBy && (heldBy.from !== p.from || heldBy.to !== p.to))
    filter.datesHeldBy = { from: heldBy.from, to: heldBy.to };
  if (scope.admin1.length) filter.admin1 = scope.admin1;
  if (scope.actorIds) filter.actorIds = scope.actorIds;
  if (scope.dyad) filter.dyad = [scope.dyad];
  if (scope.borderZone) filter.borderZone = true;
  if (scope.maxBorderKm !== null) filter.maxBorderKm = scope.maxBorderKm;
  if (victim) filter.victim = victim;
  return deduped
    ? { filter, counterpartIds: scope.counterpartIds, dedupe: true }
    : { filter, counterpartIds: scope.counterpartIds };
}

/** Totals of a scope over several disjoint ranges (the covered parts of `period`), added together. */
export async function totalsOver(
  oracle: EventOracle,
  scope: Scope,
  source: string,
  ranges: readonly { from: string; to: string }[],
  victim: 'civilians' | undefined,
  period: { from: string; to: string },
): Promise<{ totals: EventTotals; queries: EventCountQuery[]; each: EventTotals[] }> {
  const queries = ranges.map((r) => eventQuery(scope, source, r, victim, period));
  const each = await Promise.all(queries.map((q) => oracle.totals(q)));
  return { totals: each.reduce(addTotals), queries, each };
}

function addTotals(a: EventTotals, b: EventTotals): EventTotals {
  const plus = (x: number | null, y: number | null, nx: number, ny: number) =>
    x === null && y === null ? null : (nx ? (x ?? 0) : 0) + (ny ? (y ?? 0) : 0);
  return {
    events: a.events + b.events,
    deathsBest: plus(a.deathsBest, b.deathsBest, a.events, b.events),
    deathsLow: plus(a.deathsLow, b.deathsLow, a.events, b.events),
    deathsHigh: plus(a.deathsHigh, b.deathsHigh, a.events, b.events),
    deathsCivilians: plus(a.deathsCivilians, b.deathsCivilians, a.events, b.events),
    unknownBest: a.unknownBest + b.unknownBest,
    unknownCivilians: a.unknownCivilians + b.unknownCivilians,
    unplaced: a.unplaced + b.unplaced,
    versions: [...new Set([...a.versions, ...b.versions])].sort(),
    queryId: a.queryId,
    eventIds: [...a.eventIds, ...b.eventIds].slice(0, MAX_IDS),
  };
}

/** The evidence of one query: its filter, the named store read and the ids of counted events. */
export function queryEvidence(q: EventCountQuery, t: EventTotals): EventQueryEvidence {
  return {
    filter: q.filter,
    counterpart_ids: q.counterpartIds,
    query_id: t.queryId,
    event_ids: t.eventIds,
  };
}

/** Whether admin-1 placement lets the scope be counted, and notes on events left unplaced. */
export function unplaced(
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
          `${formatNumber(missing)} ${agree(missing, 'event of the country is not placed on an admin-1 unit and is', 'events of the country are not placed on an admin-1 unit and are')} not counted`,
        ]
      : [],
  };
}

/**
 * Dataset versions behind two totals, with the versions that cover their days (`covering`: those
 * answer for a part with no event, as 26.0.7 answers for July 2026 with none of the interstate
 * clashes), or `fallback`.
 */
export function versionsOf(
  a: EventTotals,
  b: EventTotals | null,
  fallback: string,
  covering: readonly string[] = [],
): string {
  const v = [...new Set([...a.versions, ...(b?.versions ?? []), ...covering])].sort();
  return v.length ? v.join(', ') : fallback;
}
