/** Which countries of a map the loaded sources leave uncovered (plain functions, no MapLibre: Node tests load them). */
import type { SeriesAnswer } from '../api/types.ts';

/**
 * The countries (of `countries`) that no source version of a series' coverage covers on any day of
 * its period: their units have no figure to show, so the map marks them "not covered", not 0.
 */
export function uncoveredCountries(series: SeriesAnswer, countries: readonly string[]): string[] {
  const period = series.meta.period;
  if (!period) return [];
  return countries.filter(
    (c) =>
      !series.meta.coverage.some(
        (e) => e.countries.includes(c) && e.first_date <= period.to && e.last_date >= period.from,
      ),
  );
}

const DAY_MS = 86_400_000;
const daysOf = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;

/** Days of the series' period a loaded source covers a country on: less the spans no source covers, and the country's own. */
export function coveredDays(series: SeriesAnswer, country: string): { covered: number; days: number } {
  const period = series.meta.period;
  if (!period) return { covered: 0, days: 0 };
  const days = daysOf(period.from, period.to);
  const gaps = [
    ...(series.meta.uncovered ?? []),
    ...(series.meta.uncovered_countries ?? []).filter((u) => u.country === country),
  ].reduce((n, g) => n + daysOf(g.from, g.to), 0);
  return { covered: Math.max(0, days - gaps), days };
}

/**
 * The covered days of each country (of `countries`) a loaded source covers on some day of the
 * period, when they differ between those countries: their counts span different days (Afghanistan
 * 212 days of 2026 against Pakistan's 33 years over all data), so one colour scale does not compare
 * them across the border. Empty when every such country is covered on the same number of days.
 */
export function unevenCoverage(
  series: SeriesAnswer,
  countries: readonly string[],
): { country: string; covered: number; days: number }[] {
  const rows = countries
    .map((country) => ({ country, ...coveredDays(series, country) }))
    .filter((r) => r.covered > 0);
  return new Set(rows.map((r) => r.covered)).size > 1 ? rows : [];
}
