/** Lists the filter menus offer: admin-1 units (from the build's geo/units.json), sources (from the API), types. */
import { apiUrl, getAsset } from '../api/client.ts';
import { chartInterval, type ChartInterval } from '../api/queries.ts';
import type { DistrictEntry, SourcesAnswer, Unit } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import type { Filters } from './url-state.ts';

/** Common event types, as the API's `type` filter takes them. */
export const COMMON_TYPES = [
  'battle',
  'remote-violence',
  'violence-against-civilians',
  'protest',
  'riot',
  'strategic',
  'other',
] as const;

/**
 * The actor registry's groups (docs/actors.md, src/domain/actors.ts GROUPS), which the API's
 * `actor` filter accepts. Listed here because the API has no route that lists the registry yet;
 * test/web/dashboard-queries.test.ts fails when this list and the registry differ.
 */
export const ACTOR_GROUPS = [
  'ttp',
  'baloch-insurgents',
  'islamic-state',
  'afghan-taliban',
  'afghanistan',
  'pakistan-state',
  'foreign-states',
  'sectarian',
  'civilians',
] as const;

/** Countries the bundled boundaries cover. */
export const COUNTRIES = ['PAK', 'AFG'] as const;

/**
 * The country filter's choices: Pakistan and Afghanistan, then every other country a loaded source
 * covers (an ACLED or GED file of India or Iran), then the URL's own value when none of those is it
 * (`country=IND` before the sources have loaded, or several countries, `AFG,PAK`): the select shows
 * the filter in force, never an empty box.
 */
export function countryOptions(
  coverage: readonly { countries: readonly string[] }[],
  current: string | undefined,
): string[] {
  const loaded = [...new Set(coverage.flatMap((c) => c.countries))]
    .filter((c) => !(COUNTRIES as readonly string[]).includes(c))
    .sort();
  const options = [...COUNTRIES, ...loaded];
  return current && !options.includes(current) ? [...options, current] : options;
}

/**
 * The filter's countries that no bundled admin-1 unit belongs to (India, Iran): their events are in
 * no province, so the province map and the rate table cannot show them, and the map says so.
 */
export function countriesWithoutBoundaries(
  countries: readonly string[],
  units: readonly { country: string }[],
): string[] {
  const have = new Set(units.map((u) => u.country));
  return [...new Set(countries.filter((c) => c && !have.has(c)))].sort();
}

/** The admin-1 units with names in English, Urdu and Persian. */
export const useUnits = () => useApi<Unit[]>('geo/units.json', getAsset);

/** The districts the district filter suggests; null asks for nothing (the list loads when the field is first used). */
export const useDistricts = (wanted: boolean) =>
  useApi<DistrictEntry[]>(wanted ? 'geo/districts.json' : null, getAsset);

/** The import ledger and coverage. */
export const useSources = () => useApi<SourcesAnswer>(apiUrl('/sources'));

/** The time chart's interval for a filter, from the loaded data's span when it has no start date. */
export function useChartInterval(filters: Filters): ChartInterval {
  return chartInterval(filters, undefined, useSources().data?.coverage);
}

/** A unit's name with its Urdu or Persian name after it, when the data have one. */
export function unitLabel(u: Unit): string {
  const local = u.country === 'PAK' ? u.name_ur : u.name_fa;
  return local ? `${u.name} · ${local}` : u.name;
}
