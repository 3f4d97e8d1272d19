/**
 * Rates per 100,000 people for the map and its table: events of a series split by unit over the
 * unit's population (Pakistan: 2023 census; Afghan provinces: the 2021 OCHA/UNFPA estimate). A
 * unit without a population figure has a null rate ("no population data"), never a rate of 0.
 */
import { totalsByGroup } from '../api/queries.ts';
import type { SeriesAnswer, Unit } from '../api/types.ts';
import { coveredDays, uncoveredCountries } from './coverage.ts';

/** A unit's figures for the map (the engine's UnitFigure; declared here so Node tests need not load MapLibre). */
export interface RateFigure {
  events: number;
  deaths: number | null;
  rate: number | null;
}

/** One unit's rate with what it rests on. */
export interface UnitRate {
  code: string;
  name: string;
  country: string;
  /** Events in the filter's period; null when no loaded source covers any of it. */
  events: number | null;
  population: number | null;
  population_year: number | null;
  population_source: string | null;
  /** Events per 100,000 people over the whole period (not annualised), 3 decimals; null without population or coverage. */
  rate: number | null;
  /** Days of the period a loaded source covers the unit's country on, and the period's days. */
  covered_days: number;
  period_days: number;
}

/** Events per 100,000 people, as the API gives `<metric>_per_100k` (unrounded; shown to 3 significant digits). */
export const per100k = (count: number | null, population: number | null): number | null =>
  count === null || population === null || population <= 0 ? null : (count / population) * 100_000;

/** Rates of the admin-1 units of the filtered countries (all units without a country filter), highest first. */
export function unitRates(
  series: SeriesAnswer,
  units: readonly Unit[],
  countries: readonly string[],
): UnitRate[] {
  const covered = series.meta.coverage_status !== 'not_covered';
  const totals = totalsByGroup(series.points);
  // A unit without events in a country no loaded source covers in the period: unknown, not 0.
  const uncovered = uncoveredCountries(series, [...new Set(units.map((u) => u.country))]);
  return units
    .filter((u) => !countries.length || countries.includes(u.country))
    .map((u) => {
      const n = totals.get(u.code)?.events;
      const events = !covered || (!n && uncovered.includes(u.country)) ? null : (n ?? 0);
      const days = coveredDays(series, u.country);
      return {
        code: u.code,
        name: u.name,
        country: u.country,
        events,
        population: u.population,
        population_year: u.population_year,
        population_source: u.population_source,
        rate: per100k(events, u.population),
        covered_days: days.covered,
        period_days: days.days,
      };
    })
    .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || a.name.localeCompare(b.name));
}

/** The map's figures with rates, from the table's rows. */
export const rateFigures = (rows: readonly UnitRate[]): Map<string, RateFigure> =>
  new Map(rows.map((r) => [r.code, { events: r.events ?? 0, deaths: null, rate: r.rate }]));

/** District figures with rates from a series split by admin2 with `per_100k=true` (its points carry `population`). */
export function districtRateFigures(series: SeriesAnswer): Map<string, RateFigure> {
  const population = new Map<string, number | null>();
  for (const p of series.points)
    if (p.group) population.set(String(p.group), (p.population as number | null | undefined) ?? null);
  const out = new Map<string, RateFigure>();
  for (const [code, g] of totalsByGroup(series.points))
    if (code !== null)
      out.set(code, {
        events: g.events,
        deaths: g.deaths,
        rate: per100k(g.events, population.get(code) ?? null),
      });
  return out;
}
