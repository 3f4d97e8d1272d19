/**
 * What the checker needs from the outside world, as plain data and one small port: the published
 * statistics, what each loaded event dataset covers, and an oracle that counts events and runs the
 * rate test (implemented over a Store in src/app/claims).
 */
import type { LinkageBasis } from '../domain/linkage-basis.ts';
import type { EventFilter } from '../domain/query.ts';
import type { RateTest } from './evidence.ts';
import type { ClaimStatistic } from './statistic-figures.ts';

/** First and last date one loaded source version covers, for which countries. */
export interface CoverageSpan {
  source: string;
  version: string;
  firstDate: string;
  lastDate: string;
  countries: string[];
}

/** Events matching a filter, and (when counterpart ids are given) also involving one of those actors. */
export interface EventCountQuery {
  filter: EventFilter;
  counterpartIds: string[] | null;
  /** Count one per incident across the filter's sources (the stored linkage), not one per record. */
  dedupe?: boolean;
}

/** Totals of events, with unknown figures kept apart. */
export interface EventTotals {
  events: number;
  deathsBest: number | null;
  deathsLow: number | null;
  deathsHigh: number | null;
  deathsCivilians: number | null;
  /** Events whose best estimate (or civilian deaths) is unknown. */
  unknownBest: number;
  unknownCivilians: number;
  /** Events of the source in the period that are not placed on an admin-1 unit (only asked when the filter names units). */
  unplaced: number;
  /** Dataset versions the events come from. */
  versions: string[];
  /** The store read behind the totals (`aggregate`, `aggregate by admin1`, `events by deaths`). */
  queryId: string;
  /** Ids of counted events, deadliest first, at most 25. */
  eventIds: string[];
  /**
   * Records dated only to a month or a year that overlaps the period without lying wholly in it
   * (a record of 2009 for May 2009): left out of the totals above, they may or may not belong to the
   * period, so the true figure lies between the totals and the totals plus these. Null or absent
   * when there are none, or when the period is a covered part of the claim's (a lower bound anyway).
   */
  straddling?: EventTotals | null;
}

/** Event metrics the rate test can compare. */
export type EventTestMetric = 'events' | 'fatalities_best' | 'deaths_civilians';

/** Counts events and compares two periods the same way the API's compare does. */
export interface EventOracle {
  totals(q: EventCountQuery): Promise<EventTotals>;
  /** The exact rate test of period 2 against period 1, exposures in days. */
  compare(
    q: EventCountQuery,
    period1: { from: string; to: string },
    period2: { from: string; to: string },
    metric: EventTestMetric,
    confidence: number,
  ): Promise<RateTest>;
  /**
   * Deduplicated counts only: the stored linkage runs the links of counts under `filters` came from
   * and the parts of `spans` (sorted, not overlapping) no run covers, as `series --dedupe` names
   * them, with its notes: which periods' stale or missing links were linked again (`relinked`), and
   * the parts no run covers, where every record counts as an incident of its own.
   */
  linkage?(
    filters: readonly EventFilter[],
    spans: readonly { from: string; to: string }[],
  ): Promise<{ linkage: LinkageBasis; notes: string[] }>;
  /**
   * A fresh oracle for one claim's check, counting as this one does: its `linkage` says whether any
   * deduplicated count of that check (or the basis's own read) linked stale or missing stored links
   * again (`relinked`), and no other claim's.
   */
  forClaim?(): EventOracle;
}

/** A relations index's mean daily value for a pair over a period, with its bootstrap interval. */
export interface RelationsFigure {
  source: string;
  name: string;
  version: string;
  daysCovered: number;
  daysInPeriod: number;
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** Each covered day as a numerator and denominator: the value is sum(num) / sum(den) (a mean: den 1; faultline's barometer: volume). Resampled by day for the interval of a change. */
  days?: readonly { num: number; den: number }[];
}

/** Everything loaded that can answer claims. */
export interface ClaimSources {
  /** Relations indexes of a pair over a period, one figure per loaded index (none: not loaded). */
  relations?: (a: string, b: string, from: string, to: string) => Promise<RelationsFigure[]>;
  statistics: readonly ClaimStatistic[];
  coverage: readonly CoverageSpan[];
  /** The Candidate versions as loaded, before the days final GED releases cover were cut from `coverage`. */
  candidateSpans?: readonly CoverageSpan[];
  events: EventOracle | null;
}
