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
