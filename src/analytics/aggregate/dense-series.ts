/** Turns dated points (events, or events weighted by deaths) into a dense series with zeros for empty periods. */
import { densePeriods, periodKey, type Interval } from './periods.ts';

/** One dated observation; `value` defaults to 1 (one event), null means unknown (e.g. deaths not reported). */
export interface DatedPoint {
  date: string;
  value?: number | null;
}

/** A dense series: one total per period, in order, zero where nothing was recorded. */
export interface DenseSeries {
  interval: Interval;
  periods: string[];
  values: number[];
  /** Points left out: dated outside [from, to], or with an unknown (null) value. */
  skipped: { outOfRange: number; unknownValue: number };
}

/** Sums points into every period of `interval` from `from` to `to` (dates or period keys). */
export function denseSeries(
  points: readonly DatedPoint[],
  from: string,
  to: string,
  interval: Interval,
): DenseSeries {
  const periods = densePeriods(from, to, interval);
  const index = new Map(periods.map((p, i) => [p, i]));
  const values = periods.map(() => 0);
  const skipped = { outOfRange: 0, unknownValue: 0 };
  for (const point of points) {
    const i = index.get(periodKey(point.date, interval));
    const value = point.value === undefined ? 1 : point.value;
    if (i === undefined) skipped.outOfRange++;
    else if (value === null) skipped.unknownValue++;
    else values[i]! += value;
  }
  return { interval, periods, values, skipped };
}
