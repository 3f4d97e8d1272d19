/** The periods of a claim: its own, and the baseline a change is measured against, as closed date ranges. */
import { dayNumber, isoDate } from '../analytics/aggregate/dates.ts';
import { parsePeriod, periodKey, type Interval } from '../analytics/aggregate/periods.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';
import { isCalendarDay } from '../domain/query.ts';
import { CHANGE_KINDS, isKind, type ClaimSpec, type SpecPeriod } from './claim-spec.ts';

/** A period as written, parsed: `to` is null when it runs to the end of the data ("since August 2021"). */
export interface OpenRange {
  label: string;
  from: string;
  to: string | null;
  /** The calendar unit when the period is one key (2026-Q2 is a quarter), else null. */
  interval: Interval | null;
}

/** A closed date range with its length in days (the exposure of a rate). */
export interface DayRange {
  label: string;
  from: string;
  to: string;
  days: number;
}

/** Parses a spec period; throws `invalid period: "<value>"`. */
export function parseSpecPeriod(p: SpecPeriod): OpenRange {
  if (typeof p !== 'string') {
    if (!isCalendarDay(p.from) || (p.to !== undefined && (!isCalendarDay(p.to) || p.to < p.from)))
      throw new InvalidInputError(`invalid period: ${quoteValue(`${p.from}..${p.to ?? ''}`)}`);
    return {
      label: p.to ? `${p.from}..${p.to}` : `since ${p.from}`,
      from: p.from,
      to: p.to ?? null,
      interval: null,
    };
  }
  // FROM..TO and FROM.. take dates or period keys: "2011..2020" is 2011-01-01 to 2020-12-31.
  const m = /^([^.]+)\.\.([^.]*)$/.exec(p.trim());
  if (m) {
    const from = keyOrThrow(m[1]!, p).start;
    const to = m[2] ? keyOrThrow(m[2], p).end : null;
    if (to !== null && to < from)
      throw new InvalidInputError(`invalid period: ${quoteValue(p)} (it ends before it starts)`);
    return { label: to ? p : `since ${from}`, from, to, interval: null };
  }
  const k = keyOrThrow(p, p);
  return { label: k.key, from: k.start, to: k.end, interval: k.interval };
}

function keyOrThrow(key: string, whole: string) {
  try {
    return parsePeriod(key);
  } catch {
    throw new InvalidInputError(
      `invalid period: ${quoteValue(whole)} (use 2023, 2023-Q2, 2023-08, 2023-08-15, FROM..TO such as 2011..2020, or FROM..)`,
    );
  }
}

/** The period of the same kind just before `from` (2026-Q1 for 2026-Q2), as a closed range. */
export function previousOfKind(from: string, interval: Interval): DayRange {
  const k = parsePeriod(periodKey(isoDate(dayNumber(from)! - 1), interval));
  return dayRange(k.start, k.end, k.key);
}

/** A closed range from dates. */
export function dayRange(from: string, to: string, label?: string): DayRange {
  return {
    label: label ?? (from === to ? from : `${from}..${to}`),
    from,
    to,
    days: dayNumber(to)! - dayNumber(from)! + 1,
  };
}

/**
 * The claim's period closed at `end` when it is open (made_on, else the last day a source covers),
 * and its baseline: as written, or the same number of days just before the period.
 */
export function closePeriods(
  spec: ClaimSpec,
  end: string | null,
): { period: DayRange; baseline: DayRange | null; closedBy: string | null } | null {
  const open = parseSpecPeriod(spec.period);
  let to = open.to;
  let closedBy: string | null = null;
  if (to === null) {
    to = spec.made_on ?? end;
    closedBy = spec.made_on ? `made_on ${spec.made_on}` : end ? `the end of the loaded data, ${end}` : null;
    if (to === null || to < open.from) return null;
  }
  const period = dayRange(open.from, to, open.to === null ? `${open.from}..${to}` : open.label);
  if (!isChange(spec)) return { period, baseline: null, closedBy };
  let baseline: DayRange;
  if (spec.baseline !== undefined) {
    const b = parseSpecPeriod(spec.baseline);
    const bTo = b.to ?? isoDate(dayNumber(open.from)! - 1);
    baseline = dayRange(b.from, bTo, b.to === null ? `${b.from}..${bTo}` : b.label);
  } else if (open.interval && open.to !== null) {
    // A year, quarter, month or week is compared with the one before it: 2026-Q2 with 2026-Q1.
    baseline = previousOfKind(period.from, open.interval);
  } else {
    const start = dayNumber(period.from)!;
    baseline = dayRange(isoDate(start - period.days), isoDate(start - 1));
  }
  return { period, baseline, closedBy };
}

/** Whether the claim compares two periods. */
export function isChange(spec: ClaimSpec): boolean {
  return isKind(CHANGE_KINDS, spec.comparator.kind);
}
