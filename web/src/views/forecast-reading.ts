/**
 * How the Forecasts view reads an answer: the skill verdict, which weighs the CRPS ratio's own
 * interval, the forecast months that are already past but not yet covered by the loaded data, and
 * which of the filter's settings a forecast does not take.
 */
import { filtersNotTaken } from '../api/client.ts';
import type { FilterKey, Filters } from '../state/url-state.ts';

/** The countries a forecast is made for; any other filter country reads Pakistan's forecast. */
const FORECAST_COUNTRIES = ['PAK', 'AFG'] as const;

/** The country a forecast of the filter is made for: the filter's when it names one of the two, else PAK. */
export function forecastCountry(filters: Filters): 'PAK' | 'AFG' {
  const c = filters.country?.toUpperCase();
  return FORECAST_COUNTRIES.find((k) => k === c) ?? 'PAK';
}

/**
 * The set filters the forecast shown does not apply, in the vocabulary's order: every one but the
 * country, and the country too when it names neither Pakistan nor Afghanistan alone ("AFG,PAK" shows
 * Pakistan's forecast). The view names them with their values, as Border and relations does: a
 * province or dates set above the forecast left every province's fan chart from the last covered
 * month, with only the intro's "other filters do not apply" to say so.
 */
export function forecastNotApplied(filters: Filters): FilterKey[] {
  const country = filters.country?.toUpperCase();
  const taken: FilterKey[] = country === forecastCountry(filters) ? ['country'] : [];
  return filtersNotTaken(filters, taken);
}

/** The verdict on CRPS: `beats` only when the whole interval of the ratio lies below 1. */
export type SkillVerdict = 'beats' | 'unclear' | 'notBeats';

/** The verdict of a CRPS ratio and its interval (a ratio below 1 whose interval reaches 1 is `unclear`). */
export function skillVerdict(
  ratio: number,
  interval: { lo: number; hi: number } | null | undefined,
): SkillVerdict {
  if (ratio >= 1) return 'notBeats';
  return interval && interval.hi < 1 ? 'beats' : 'unclear';
}

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOf = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/**
 * The forecast months already past on `today` (after the origin, the last covered month, and before
 * today's month, which is not over): forecasts still, since no loaded source covers them. Null when none.
 */
export function pastForecastMonths(origin: string, today: Date): { from: string; to: string } | null {
  const first = monthIndex(origin) + 1;
  const last = today.getUTCFullYear() * 12 + today.getUTCMonth() - 1;
  return last >= first ? { from: monthOf(first), to: monthOf(last) } : null;
}
