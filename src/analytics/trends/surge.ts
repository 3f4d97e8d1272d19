/**
 * Surge signal: is the latest rolling window (default 30 days) the highest in the last one or three years,
 * and large enough to matter? Input is a dense daily series (see aggregate/dense-series.ts to build one
 * from an event list). See docs/methods.md ("Surge signal").
 */
import { InvalidInputError } from '../../domain/errors.ts';
import { dayNumber, isoDate } from '../aggregate/dates.ts';

/** A dense daily series and the rule's settings. */
export interface SurgeInput {
  /** Consecutive days, YYYY-MM-DD, no gaps. */
  dates: string[];
  /**
   * Events (or deaths) on each day, zeros included; NaN for a day no loaded source covers (nothing
   * is known there, so a window holding it has no total and is compared with nothing).
   */
  values: number[];
  /** Length of the rolling window in days, default 30. */
  windowDays?: number;
  /** How far back to compare, in days (at least windowDays), default [365, 1095] (one and three years). */
  lookbacks?: number[];
  /** Smallest window total that can be a surge, default 10. */
  minTotal?: number;
}

/**
 * How the window compares with every earlier window that ends within the `days` days before its end and
 * does not overlap it (windows sharing days with it would share its events).
 */
export interface SurgeLookback {
  days: number;
  /** Strictly above every earlier window compared; null when the series does not reach back that far. */
  highest: boolean | null;
  /** Largest earlier window total in the lookback; null when the series does not reach back that far. */
  previousMax: number | null;
  /** End date of the most recent earlier window with that total. */
  previousMaxEnd: string | null;
  /** Earlier windows in the lookback left out because they hold a day no source covers. */
  leftOut: number;
}

/** The surge signal for one window. */
export interface SurgeSignal {
  windowDays: number;
  /** First and last day of the window (inclusive). */
  windowStart: string;
  windowEnd: string;
  /** Sum of the values in the window; null when it holds a day no source covers. */
  total: number | null;
  lookbacks: SurgeLookback[];
  minTotal: number;
  /**
   * True when the window is the highest in at least one complete lookback and total >= minTotal;
   * null when the window has no total, or reaches minTotal while no lookback could be judged.
   */
  surge: boolean | null;
  /** The rule in words. */
  rule: string;
}

/** The surge signal for the window ending on the last day of the series. */
export function surgeSignal(input: SurgeInput): SurgeSignal {
  const prepared = prepare(input);
  return evaluate(prepared, input.dates.length - 1);
}

/** The surge signal at every month end of the series that closes a full window, oldest first (for charts). */
export function surgeHistory(input: SurgeInput): SurgeSignal[] {
  return history(prepare(input), input.dates.length);
}

/** surgeSignal and surgeHistory of one series, which is checked and summed once. */
export function surgeSignals(input: SurgeInput): { now: SurgeSignal; history: SurgeSignal[] } {
  const prepared = prepare(input);
  return { now: evaluate(prepared, input.dates.length - 1), history: history(prepared, input.dates.length) };
}

function history(prepared: Prepared, days: number): SurgeSignal[] {
  const signals: SurgeSignal[] = [];
  for (let i = prepared.windowDays - 1; i < days; i++) {
    const next = isoDate(prepared.firstDay + i + 1);
    if (next.endsWith('-01')) signals.push(evaluate(prepared, i));
  }
  return signals;
}

interface Prepared {
  firstDay: number;
  windowDays: number;
  lookbacks: number[];
  minTotal: number;
  /**
   * rolling[i] = total of the window ending at day index i, rounded (round); NaN before the first
   * full window and for a window holding an uncovered (NaN) day.
   */
  rolling: number[];
}

function prepare(input: SurgeInput): Prepared {
  const { dates, values, windowDays = 30, lookbacks = [365, 1095], minTotal = 10 } = input;
  if (dates.length !== values.length)
    throw new InvalidInputError(`invalid series: ${dates.length} dates but ${values.length} values`);
  if (!Number.isInteger(windowDays) || windowDays < 1)
    throw new InvalidInputError(`invalid windowDays: ${windowDays}`);
  if (!(minTotal >= 0)) throw new InvalidInputError(`invalid minTotal: ${minTotal}`);
  // A lookback shorter than the window holds no earlier window that does not overlap the current one.
  for (const days of lookbacks)
    if (!Number.isInteger(days) || days < windowDays)
      throw new InvalidInputError(
        `invalid lookback: ${days} (use whole days, at least the window of ${windowDays} days: an earlier window must not overlap the latest)`,
      );
  if (dates.length < windowDays)
    throw new InvalidInputError(`series shorter than window: ${dates.length} days < ${windowDays}`);
  const firstDay = dayNumber(dates[0]!);
  dates.forEach((date, i) => {
    if (firstDay === null || dayNumber(date) !== firstDay + i)
      throw new InvalidInputError(`invalid daily series at ${date}: expected consecutive days`);
    const v = values[i]!;
    if (!Number.isNaN(v) && (!Number.isFinite(v) || v < 0))
      throw new InvalidInputError(`invalid value on ${date}: ${v}`);
  });
  const rolling: number[] = [];
  // The sum of the window's known days, and how many of its days are unknown (NaN).
  let sum = 0;
  let unknown = 0;
  values.forEach((v, i) => {
    if (Number.isNaN(v)) unknown++;
    else sum += v;
    if (i >= windowDays) {
      const out = values[i - windowDays]!;
      if (Number.isNaN(out)) unknown--;
      else sum -= out;
    }
    // Rounded once here rather than at each of the many windows' comparisons that read it.
    rolling.push(i >= windowDays - 1 && unknown === 0 ? round(sum) : NaN);
  });
  return { firstDay: firstDay!, windowDays, lookbacks, minTotal, rolling };
}

function evaluate(p: Prepared, end: number): SurgeSignal {
  // Integer inputs make the running sum exact; the totals are rounded against float drift from fractional ones.
  const rolled = p.rolling[end]!;
  const total = Number.isNaN(rolled) ? null : rolled;
  const lookbacks = p.lookbacks.map((days): SurgeLookback => {
    if (end - days < p.windowDays - 1)
      return { days, highest: null, previousMax: null, previousMaxEnd: null, leftOut: 0 };
    let max = -Infinity;
    let maxAt = -1;
    let leftOut = 0;
    for (let j = end - days; j <= end - p.windowDays; j++) {
      const r = p.rolling[j]!;
      if (Number.isNaN(r)) leftOut++;
      else if (r >= max) {
        max = r;
        maxAt = j;
      }
    }
    // Every earlier window unknown, or this one: nothing to say about being the highest.
    if (maxAt < 0 || total === null)
      return {
        days,
        highest: null,
        previousMax: maxAt < 0 ? null : max,
        previousMaxEnd: maxAt < 0 ? null : isoDate(p.firstDay + maxAt),
        leftOut,
      };
    return {
      days,
      highest: total > max,
      previousMax: max,
      previousMaxEnd: isoDate(p.firstDay + maxAt),
      leftOut,
    };
  });
  return {
    windowDays: p.windowDays,
    windowStart: isoDate(p.firstDay + end - p.windowDays + 1),
    windowEnd: isoDate(p.firstDay + end),
    total,
    lookbacks,
    minTotal: p.minTotal,
    surge: surgeOf(total, p.minTotal, lookbacks),
    rule: `surge when the ${p.windowDays}-day total is at least ${p.minTotal} and strictly above every earlier non-overlapping ${p.windowDays}-day window ending in the previous ${p.lookbacks.join(' or ')} days`,
  };
}

/**
 * The rule's verdict: null when the window has no total, or when it is large enough but no lookback
 * could be judged (every earlier window left out, or before the series): not known, not "no surge".
 * One lookback judged false is enough for false: the longer lookbacks hold its windows.
 */
function surgeOf(total: number | null, minTotal: number, lookbacks: SurgeLookback[]): boolean | null {
  if (total === null) return null;
  if (total < minTotal) return false;
  if (lookbacks.some((l) => l.highest === true)) return true;
  return lookbacks.some((l) => l.highest === false) ? false : null;
}

function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
