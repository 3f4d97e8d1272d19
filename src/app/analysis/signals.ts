/** The surge-signal use case: the latest 30-day window against the last one and three years, from the store. */
import { dayNumber, isoDate, todayIso } from '../../analytics/aggregate/dates.ts';
import { invalidParam, ParamError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { surgeSignals, type SurgeSignal } from '../../analytics/trends/surge.ts';
import { deskIncluded, type EventFilter } from '../../domain/query.ts';
import { DESK_SOURCE } from '../../domain/desk.ts';
import { agree, counted } from '../../domain/plural.ts';
import type { Store } from '../../storage/store.ts';
import type { Meta } from './meta.ts';
import { coveredRange, filterCoverage, loadCoverage } from './meta.ts';
import type { Metric } from './metrics.ts';
import { notesWithoutBand, querySeries } from './series.ts';

/** The window of a signal request when none is given, in days. */
export const DEFAULT_WINDOW_DAYS = 30;

/** Why a lookback shorter than the window is refused (parseLookbacks' window hint). */
export const lookbacksHint = (windowDays: number) =>
  `each at least the ${windowDays}-day window: an earlier window must not overlap the latest`;

/** A signal request: filters (to = the latest day; default the last day the data cover), rule settings. */
export interface SignalQuery {
  filter: EventFilter;
  metric?: Metric;
  windowDays?: number;
  minTotal?: number;
  lookbacks?: number[];
  /** The filter's from and to as typed (`2026-07`, which the filter holds as 2026-07-01), for a refusal to quote. */
  typed?: { from?: string; to?: string };
}

/** One evaluation of the rule, flattened for tables. */
export interface SignalRow {
  window_start: string;
  window_end: string;
  /** Null when the window holds a day no loaded source covers (then surge is null too). */
  total: number | null;
  surge: boolean | null;
  [lookback: string]: string | number | boolean | null;
}

/** The signal on the latest day, its history at every month end, and meta. */
export interface SignalAnswer {
  signal: SignalRow;
  rule: string;
  history: SignalRow[];
  meta: Meta;
}

/**
 * Flattens a signal: `highest_365d`, `previous_max_365d`, `previous_max_end_365d` and `left_out_365d`
 * (earlier windows left out for holding a day no source covers) per lookback.
 */
export function signalRow(s: SurgeSignal): SignalRow {
  const row: SignalRow = {
    window_start: s.windowStart,
    window_end: s.windowEnd,
    total: s.total,
    surge: s.surge,
  };
  for (const l of s.lookbacks) {
    const k = lookbackKeys(l.days);
    row[k[0]] = l.highest;
    row[k[1]] = l.previousMax;
    row[k[2]] = l.previousMaxEnd;
    row[k[3]] = l.leftOut;
  }
  return row;
}

// The four column names of a lookback, built once per length: a history of three years has 37 rows.
const LOOKBACK_KEYS = new Map<number, readonly [string, string, string, string]>();
function lookbackKeys(days: number): readonly [string, string, string, string] {
  let k = LOOKBACK_KEYS.get(days);
  if (!k) {
    k = [`highest_${days}d`, `previous_max_${days}d`, `previous_max_end_${days}d`, `left_out_${days}d`];
    // Bounded: a lookback is any whole number of days a request names.
    if (LOOKBACK_KEYS.size >= 64) LOOKBACK_KEYS.clear();
    LOOKBACK_KEYS.set(days, k);
  }
  return k;
}

/**
 * Evaluates the surge rule (surgeSignals) on a dense daily series of events (or deaths) ending on
 * the filter's `to`, and at every month end. Without `from`, the series starts early
 * enough to fill the longest lookback.
 */
export async function signalsQuery(store: Store, q: SignalQuery): Promise<SignalAnswer> {
  const metric = q.metric ?? 'events';
  const windowDays = q.windowDays ?? DEFAULT_WINDOW_DAYS;
  const lookbacks = q.lookbacks ?? [365, 1095];
  const range = coveredRange(await filterCoverage(store, q.filter));
  const to = q.filter.to ?? range?.to ?? todayIso();
  const start = dayNumber(to)! - (Math.max(...lookbacks) + windowDays - 1);
  // Before 1 January of year 1 the calendar has no dates to give (it gave "00-2-12-04").
  if (q.filter.from === undefined && start < dayNumber('0001-01-01')!)
    throw invalidParam(
      'to',
      `${quoteValue(to)} (its longest lookback, ${Math.max(...lookbacks)} days and a ${windowDays}-day window, starts before year 1)`,
    );
  const from = q.filter.from ?? isoDate(start);
  // Refused here under the parameters' names, with the way out (the rule's own checks name neither).
  const short = lookbacks.find((d) => d < windowDays);
  if (short !== undefined)
    throw invalidParam('lookbacks', `${quoteValue(String(short))} (${lookbacksHint(windowDays)})`);
  const days = dayNumber(to)! - dayNumber(from)! + 1;
  if (days < windowDays)
    throw new ParamError((n) => {
      // Only `from` can make the period short (without it the series reaches back far enough); `to`
      // is named only when it was given (else it is the last day loaded, or today).
      const end =
        q.filter.to === undefined
          ? `ending ${quoteValue(to)}`
          : `${n.field('to')} ${quoteValue(q.typed?.to ?? to)}`;
      return `invalid period (${n.field('from')} ${quoteValue(q.typed?.from ?? from)}, ${end}): ${days} day${days === 1 ? '' : 's'}, fewer than the ${windowDays}-day window (start ${windowDays - 1} days or more before the end, or give no ${n.field('from')})`;
    });
  const s = await querySeries(store, {
    filter: { ...q.filter, from, to },
    interval: 'day',
    metrics: [metric],
  });
  // A day no loaded source covers is unknown (NaN), not a day without events: a window holding one
  // has no total, and is left out of the windows a later one is compared with. (A null death sum
  // on a covered day is a day whose events all lack the figure: 0, as the notes count.)
  const gaps = s.meta.uncovered.map((u) => [u.from, u.to] as const);
  const uncoveredDay = (d: string) => gaps.some(([a, b]) => d >= a && d <= b);
  const input = {
    dates: s.points.map((p) => p.period),
    values: s.points.map((p) => (uncoveredDay(p.period) ? NaN : Number(p[metric] ?? 0))),
    windowDays,
    lookbacks,
    minTotal: q.minTotal,
  };
  const { now, history } = surgeSignals(input);
  const notes = notesWithoutBand(s.meta.notes);
  const after = q.filter.to ? null : await deskAfterNote(store, q.filter, to);
  if (after) notes.push(after);
  if (now.total === null)
    notes.push(
      `the window ${now.windowStart} to ${now.windowEnd} holds days no loaded source version covers: it has no total, and no signal (not "no surge")`,
    );
  else {
    if (now.surge === null)
      notes.push(
        `no earlier ${windowDays}-day window of any lookback is covered by a loaded source version: whether ${now.windowStart} to ${now.windowEnd} is a surge is not known (surge null, not "no surge")`,
      );
    for (const l of now.lookbacks)
      if (l.leftOut)
        notes.push(
          `${l.leftOut} earlier ${windowDays}-day windows in the ${l.days}-day lookback hold days no loaded source version covers and are left out: the window is compared with the covered ones only`,
        );
  }
  return {
    signal: signalRow(now),
    rule: now.rule,
    history: history.map(signalRow),
    meta: { ...s.meta, notes },
  };
}

/**
 * Without `to`, the window ends on the last day the loaded source versions cover, since a window
 * of days no dataset covers has no total: the note naming the matching published desk events dated
 * after it (reports of this week, past datasets that end months ago), so they are not left out
 * silently. Null when the filter leaves desk events out or none lies after `end` (the memoised
 * coverage says so without a read).
 */
export async function deskAfterNote(store: Store, f: EventFilter, end: string): Promise<string | null> {
  if (!deskIncluded(f) || (f.source?.length && !f.source.includes(DESK_SOURCE))) return null;
  if (!(await loadCoverage(store)).some((c) => c.source === DESK_SOURCE && c.lastDate > end)) return null;
  const n = await store.countEvents({ ...f, source: [DESK_SOURCE], from: isoDate(dayNumber(end)! + 1) });
  return n
    ? `${counted(n, 'matching published desk event')} dated after ${end} ${agree(n, 'is', 'are')} not in the window: it ends on the last day a loaded source version covers, since desk events make no day covered and a window of days no dataset covers has no total`
    : null;
}
