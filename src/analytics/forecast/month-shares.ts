/**
 * How a monthly panel counts a record, the one rule that the bench's panel (ged-panel.ts) and the
 * store's panels (app/forecast/panels.ts) both follow. A record dated to the month or better counts
 * whole in the month it started. A record dated only to a year, or to a span past its month
 * (UCDP's date_prec 5, such as the TTP's 1,428 deaths of 2009), is spread evenly over the months
 * from its start to its end, value / months in each: a yearly total is real deaths, and January is
 * not when they happened (docs/forecasting.md, "Data", for the evidence behind the choice).
 * A count is spread in whole numbers (728 deaths over 12 months: 61 or 60 a month), because a panel
 * of counts must stay one: the baselines resample observed months and a draw is a count.
 */
import { precisionsCoarserThan } from '../../domain/aggregate.ts';
import type { DatePrecision } from '../../domain/event.ts';
import { monthRange } from './months.ts';

const COARSER = new Set(precisionsCoarserThan('month'));

/** True when a record of this precision is spread over its span rather than counted in its start month. */
export function spreadOverSpan(precision: DatePrecision): boolean {
  return COARSER.has(precision);
}

/**
 * The months a spread record counts in and its share of `value` in each: every month from `first`
 * to `last` (YYYY-MM, both included; `last` before `first` is read as `first`), value / months. An
 * integer value is shared in whole numbers that sum to it, the larger shares spaced evenly from the
 * first month (month k gets ⌈(k+1)·value/n⌉ − ⌈k·value/n⌉), so one event spread over a year stays
 * one event, in its start month.
 */
export function monthShares(first: string, last: string, value: number): { month: string; value: number }[] {
  const months = last < first ? [first] : monthRange(first, last);
  const n = months.length;
  const upTo = (k: number) => (Number.isInteger(value) ? Math.ceil((k * value) / n) : (k * value) / n);
  return months.map((month, k) => ({ month, value: upTo(k + 1) - upTo(k) }));
}
