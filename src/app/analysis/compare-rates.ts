/**
 * What a comparison's rates count: `rate<n>_per_day` and `rate<n>_per_100k` defined per side in
 * `meta.metrics` (which count, which days, which people from which source and year), and the note
 * under the table that says the same of the rates per 100,000 people.
 */
import { grouped } from '../../domain/format-number.ts';
import { counted } from '../../domain/plural.ts';
import { populationAgeNote, type Population } from './rates.ts';

/** One side of a comparison, as its rates need it. */
export interface RateSide {
  /** 1 or 2. */
  n: 1 | 2;
  label: string;
  from: string;
  to: string;
  days: number;
  /** Days a loaded source version covers (the exposure, unless by calendar). */
  covered: number;
  /** Null when no loaded source version covers any day of the side. */
  count: number | null;
  population: Population | null;
  /** Why the side has no population figure ("faultline has no population figure for PK-GB"). */
  noPopulation: string;
}

/** The days a side's count is of: every day by calendar, else those a loaded source version covers. */
function daysOf(s: RateSide, calendar: boolean): string {
  return calendar
    ? `its ${counted(s.days, 'day')} (${s.from} to ${s.to})`
    : `the ${grouped(s.covered)} of its ${counted(s.days, 'day')} (${s.from} to ${s.to}) a loaded source version covers`;
}

/** "PAK, 241,499,431 people (Pakistan Bureau of Statistics, Census 2023 (table 1), year 2023)". */
const peopleOf = (p: Population) =>
  `${p.code}, ${grouped(p.population)} people (${p.source}, year ${p.year})`;

/** Why a side's rate per 100,000 people is null, or null when it has one. */
function nullPer100k(s: RateSide): string | null {
  if (s.count === null) return 'no loaded source version covers any day of the side, so it has no count';
  return s.population ? null : s.noPopulation;
}

/** Definitions of the four rate fields, keyed by field name, for `meta.metrics`. */
export function rateDefinitions(
  metric: string,
  calendar: boolean,
  sides: readonly RateSide[],
): Record<string, string> {
  const defs: Record<string, string> = {};
  for (const s of sides) {
    const of = `count${s.n} (${metric} of side ${s.n}, ${s.label})`;
    defs[`rate${s.n}_per_day`] =
      `${of} divided by ${daysOf(s, calendar)}: ${metric} per day${s.count === null ? ' (null: no loaded source version covers any day of the side)' : ''}`;
    const why = nullPer100k(s);
    defs[`rate${s.n}_per_100k`] = s.population
      ? `${of} per 100,000 people of ${peopleOf(s.population)}, over ${daysOf(s, calendar)}: the side's whole count over those days, not a rate per day or per year${why ? ` (null: ${why})` : ''}`
      : `null: ${why}`;
  }
  return defs;
}

/**
 * The note under the table saying what `rate1_per_100k` and `rate2_per_100k` count, or null when
 * neither side has one.
 */
export function per100kNote(metric: string, calendar: boolean, sides: readonly RateSide[]): string | null {
  const rated = sides.filter((s) => nullPer100k(s) === null);
  if (!rated.length) return null;
  const people = [...new Map(rated.map((s) => [s.population!.code, peopleOf(s.population!)])).values()];
  const perSide = sides.map((s) => {
    const why = nullPer100k(s);
    return why
      ? `side ${s.n} (${s.label}) has none: ${why}`
      : `side ${s.n} (${s.label}) over ${daysOf(s, calendar)}`;
  });
  return `rates per 100,000 people (rate1_per_100k, rate2_per_100k) are each side's whole count of ${metric} per 100,000 people of its place (${people.join('; ')}), not a rate per day or per year: ${perSide.join('; ')}`;
}

/**
 * The notes under the table saying, for each side with a rate per 100,000 people, when its
 * population figure is of another year than the side's period, as `series --per-100k` and the
 * conflict index say it (a 2021 rate of Khyber Pakhtunkhwa divided by the 2023 census, or a 2026
 * rate of Kunar by Afghanistan's 2021 estimate, said nothing): one per side, as each has its own
 * period; none when each figure is of a year of its side's period.
 */
export function populationYearNotes(sides: readonly RateSide[]): string[] {
  return sides.flatMap((s) => {
    const note = nullPer100k(s) === null ? populationAgeNote([s.population!], s.from, s.to) : null;
    return note ? [`rates per 100,000 people of side ${s.n} (${s.label}): ${note}`] : [];
  });
}

/** "95%" for 0.95, "99.9%" for 0.999. */
const percent = (confidence: number) => `${Number((confidence * 100).toPrecision(6))}%`;

/**
 * Definitions of the ratio, its interval and p-value, for `meta.metrics`: the interval's level is
 * the one asked (`confidence`), which a table of ci_low and ci_high does not otherwise say.
 */
export function ratioDefinitions(confidence: number, calendar: boolean): Record<string, string> {
  const level = percent(confidence);
  return {
    rate_ratio: `rate2_per_day / rate1_per_day: side 2 against side 1 (the reference), per ${calendar ? 'day of each period' : 'covered day'}`,
    ci_low: `lower end of the exact ${level} interval of rate_ratio (confidence ${confidence})`,
    ci_high: `upper end of the exact ${level} interval of rate_ratio (confidence ${confidence})`,
    p_value: 'two-sided exact p-value of rate_ratio against 1 (no difference between the sides)',
  };
}

/** The note under the table naming the interval's level. */
export function intervalNote(confidence: number): string {
  return `ci_low and ci_high are the exact ${percent(confidence)} interval of rate_ratio (and of rate_ratio_per_person where shown); p_value is two-sided, against a rate ratio of 1`;
}
