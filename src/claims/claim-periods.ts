/** The periods of a claim: its own, and the baseline a change is measured against, as closed date ranges. */
import { dayNumber, isoDate } from '../analytics/aggregate/dates.ts';
import { parsePeriod } from '../analytics/aggregate/periods.ts';
import { InvalidInputError } from '../domain/errors.ts';
import type { ClaimSpec, SpecPeriod } from './claim-spec.ts';

/** A period as written, parsed: `to` is null when it runs to the end of the data ("since August 2021"). */
export interface OpenRange {
  label: string;
  from: string;
  to: string | null;
}

/** A closed date range with its length in days (the exposure of a rate). */
export interface DayRange {
  label: string;
  from: string;
  to: string;
  days: number;
}

/** Parses a spec period; throws `invalid period: <value>`. */
export function parseSpecPeriod(p: SpecPeriod): OpenRange {
  if (typeof p !== 'string') {
    if (dayNumber(p.from) === null || (p.to !== undefined && (dayNumber(p.to) === null || p.to < p.from)))
      throw new InvalidInputError(`invalid period: ${p.from}..${p.to ?? ''}`);
    return { label: p.to ? `${p.from}..${p.to}` : `since ${p.from}`, from: p.from, to: p.to ?? null };
  }
  const m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})?$/.exec(p);
  if (m) {
    if (dayNumber(m[1]!) === null || (m[2] && (dayNumber(m[2]) === null || m[2] < m[1]!)))
      throw new InvalidInputError(`invalid period: ${p}`);
    return { label: m[2] ? p : `since ${m[1]}`, from: m[1]!, to: m[2] ?? null };
  }
  const k = parsePeriod(p);
  return { label: k.key, from: k.start, to: k.end };
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
  } else {
    const start = dayNumber(period.from)!;
    baseline = dayRange(isoDate(start - period.days), isoDate(start - 1));
  }
  return { period, baseline, closedBy };
}

/** Whether the claim compares two periods. */
export function isChange(spec: ClaimSpec): boolean {
  return ['increase', 'decrease', 'surge', 'alarming_increase', 'rate_ratio'].includes(spec.comparator.kind);
}
