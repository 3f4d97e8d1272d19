/**
 * Text parameters of the analysis use cases (interval, group, metrics, numbers), parsed the same way
 * for the CLI and the API with the same one-line messages: `invalid interval: "hourly" (use day, ...)`.
 */
import { INTERVALS, type Interval } from '../../analytics/aggregate/periods.ts';
import { choiceHint, parseChoice } from '../../domain/choice.ts';
import { invalidParam, ParamError, type ParamNames } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { GROUP_BYS, type GroupBy } from '../../domain/aggregate.ts';
import { METRICS, type Metric } from './metrics.ts';

export { choiceHint, orList, parseChoice } from '../../domain/choice.ts';

/** Parses `--interval` / `interval`. */
export const parseInterval = (v: string): Interval => parseChoice('interval', v, INTERVALS);
/** Parses `--by` / `by`. */
export const parseGroupBy = (v: string): GroupBy => parseChoice('by', v, GROUP_BYS);
/** Parses `--metric` / `metric`. */
export const parseMetric = (v: string): Metric => parseChoice('metric', v, METRICS);

/** Parses a comma-separated metric list (`events,fatalities_best`). */
export function parseMetrics(v: string): Metric[] {
  const list = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!list.length) throw invalidParam('metrics', `${quoteValue(v)} (${choiceHint(METRICS)})`);
  return list.map((m) => parseChoice('metrics', m, METRICS));
}

/** The hint of an integer parameter. */
export const intHint = (lo: number, hi: number) => `use an integer from ${lo} to ${hi}`;

/**
 * Parses an integer in [lo, hi] written in plain digits, as the API's integer parameters are (not
 * `0x10`, `1e3` or ` 5 `, which Number() takes); throws `invalid <name>: <value> (use an integer from lo to hi)`.
 */
export function parseIntParam(name: string, v: string, lo: number, hi: number): number {
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!(n >= lo && n <= hi)) throw invalidParam(name, `${quoteValue(v)} (${intHint(lo, hi)})`);
  return n;
}

/** The hint of a number parameter. */
export const numberHint = (lo: number, hi: number) => `use a number from ${lo} to ${hi}`;

/**
 * The hint of a number parameter's text that is refused: `use a number from lo to hi`, and for a
 * number in range written with an exponent (1e-9), that it takes plain digits (the bare hint would
 * call an in-range value out of range).
 */
export function numberTextHint(v: string, lo: number, hi: number): string {
  const n = Number(v.trim());
  return /^\d*\.?\d+e[+-]?\d+$/i.test(v.trim()) && n >= lo && n <= hi
    ? `${numberHint(lo, hi)}, written in plain digits such as 0.5, not with an exponent`
    : numberHint(lo, hi);
}

/** Parses a decimal number in [lo, hi], written in plain digits. */
export function parseNumberParam(name: string, v: string, lo: number, hi: number): number {
  const n = /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
  if (!(n >= lo && n <= hi)) throw invalidParam(name, `${quoteValue(v)} (${numberTextHint(v, lo, hi)})`);
  return n;
}

/**
 * Parses a comma-separated list of lookback lengths in days. Given the window (its length and the
 * hint of a refusal), refuses a lookback shorter than it, quoted as sent (`"007"`, not `"7"`).
 * The hint may name parameters (an alert rule's `window_days`) as the surface showing it does.
 */
export function parseLookbacks(
  v: string,
  window?: { days: number; hint: string | ((names: ParamNames) => string) },
  name = 'lookbacks',
): number[] {
  const given = v.split(',').map((s) => s.trim());
  const days = given.map((s) => parseIntParam(name, s, 1, 36_500));
  const short = window ? given.find((_, i) => days[i]! < window.days) : undefined;
  if (short !== undefined)
    throw new ParamError((n) => {
      const hint = window!.hint;
      return `invalid ${n.field(name)}: ${quoteValue(short)} (${typeof hint === 'string' ? hint : hint(n)})`;
    });
  return days;
}
