/**
 * Text parameters of the analysis use cases (interval, group, metrics, numbers), parsed the same way
 * for the CLI and the API with the same one-line messages: `invalid interval: "hourly" (use day, ...)`.
 */
import { INTERVALS, type Interval } from '../../analytics/aggregate/periods.ts';
import { choiceHint, parseChoice } from '../../domain/choice.ts';
import { invalidParam, ParamError, type ParamNames } from '../../domain/errors.ts';
import { parseIntParam } from '../../domain/number-params.ts';
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

/**
 * The items of a comma-separated list. An empty item (`events,`, `365,,1095`: an unset variable's
 * value) is refused quoting the whole list, as the filters' lists are: it was dropped (metrics), or
 * quoted alone as `""` (lookbacks).
 */
function listItems(name: string, v: string): string[] {
  const items = v.split(',').map((s) => s.trim());
  if (items.length > 1 && items.includes(''))
    throw invalidParam(
      name,
      `${quoteValue(v)} (an empty item between commas: give each value once, comma-separated)`,
    );
  return items;
}

/** Parses a comma-separated metric list (`events,fatalities_best`). */
export function parseMetrics(v: string): Metric[] {
  const list = listItems('metrics', v).filter(Boolean);
  if (!list.length) throw invalidParam('metrics', `${quoteValue(v)} (${choiceHint(METRICS)})`);
  return list.map((m) => parseChoice('metrics', m, METRICS));
}

// The plain integer and number parsers live in domain/ (commands that load at every call use them).
export { intHint, numberHint, numberTextHint, parseNumberParam } from '../../domain/number-params.ts';
export { parseIntParam };

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
  const given = listItems(name, v);
  const days = given.map((s) => parseIntParam(name, s, 1, 36_500));
  const short = window ? given.find((_, i) => days[i]! < window.days) : undefined;
  if (short !== undefined)
    throw new ParamError((n) => {
      const hint = window!.hint;
      return `invalid ${n.field(name)}: ${quoteValue(short)} (${typeof hint === 'string' ? hint : hint(n)})`;
    });
  return days;
}
