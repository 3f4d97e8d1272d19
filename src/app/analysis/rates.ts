/**
 * Rates per 100,000 people for units with a population figure (Pakistan's 2023-census districts
 * and provinces, Afghanistan's provinces from the 2021 estimate, both countries): which figure a
 * unit or a filter gets, and the note that says which census year.
 */
import type { EventFilter } from '../../domain/query.ts';
import {
  per100k,
  resolveAdmin1Label,
  resolvePakistanDistrict,
  unitPopulation,
  type UnitPopulation,
} from '../../geo/index.ts';
import { counted } from '../../domain/plural.ts';

/** A unit's population with the code it was found under. */
export interface Population extends UnitPopulation {
  code: string;
}

export { per100k };

/** Definition of the `<metric>_per_100k` columns. */
export const PER_100K_DEFINITION =
  "the metric divided by the unit's population and multiplied by 100,000 (null where faultline has no population for the unit); not annualised: it is per period";

/** The population of a unit named at a level (`admin2`, `admin1` or `country`), by code or name; null when unknown. */
export function populationOf(
  level: 'country' | 'admin1' | 'admin2',
  value: string | null,
): Population | null {
  if (value === null) return null;
  let code: string | null = null;
  if (level === 'country') code = value.toUpperCase();
  else if (level === 'admin1')
    code = resolveAdmin1Label('PAK', value)?.code ?? resolveAdmin1Label('AFG', value)?.code ?? null;
  else code = unitPopulation(value) ? value : (resolvePakistanDistrict(value, null)?.code ?? null);
  const found = code === null ? null : unitPopulation(code);
  return found === null ? null : { code: code!, ...found };
}

/** The population of the one place a filter narrows to (one district, else one province, else one country), or null. */
export function populationOfFilter(filter: EventFilter): Population | null {
  if (filter.admin2?.length)
    return filter.admin2.length === 1 ? populationOf('admin2', filter.admin2[0]!) : null;
  if (filter.admin1?.length)
    return filter.admin1.length === 1 ? populationOf('admin1', filter.admin1[0]!) : null;
  if (filter.country?.length === 1) return populationOf('country', filter.country[0]!);
  return null;
}

/**
 * One line naming the figures used, and what each rate counts when `per` says it:
 * "rates per 100,000 people use Pakistan Bureau of Statistics, Census 2023 (table 1), year 2023 (1
 * unit): each is a month's count per 100,000 people, not annualised".
 */
export function populationNote(used: readonly Population[], per?: string): string | null {
  // Distinct units: a unit counted more than once is named once.
  const bySource = new Map<string, Set<string>>();
  for (const p of used) {
    const key = `${p.source}, year ${p.year}`;
    bySource.set(key, (bySource.get(key) ?? new Set()).add(p.code));
  }
  if (bySource.size === 0) return null;
  return `rates per 100,000 people use ${[...bySource].map(([s, codes]) => `${s} (${codes.size} unit${codes.size === 1 ? '' : 's'})`).join('; ')}${per ? `: each is ${per} per 100,000 people, not annualised` : ''}`;
}

/** The first day of the returns of Afghans from Pakistan under the 2023 expulsion order (IFRP), as the bundled figures count from it. */
const RETURNS_FROM = '2023-09-15';

/**
 * When a population figure is of another year than the period the rates are of (Afghanistan's 2021
 * estimate beside 2026's events, Pakistan's 2023 census beside 2021's): one line saying which, since
 * a rate divides by the population of that year, not the period's. For Afghanistan's units over a
 * period reaching past 15 September 2023 it names the returns of Afghans from Pakistan and Iran
 * since then, which the estimate predates and which added people to its provinces (the published
 * figures list them; none is by province); null when every figure is of a year of the period.
 */
export function populationAgeNote(used: readonly Population[], from: string, to: string): string | null {
  const [first, last] = [Number(from.slice(0, 4)), Number(to.slice(0, 4))];
  const other = used.filter((p) => p.year < first || p.year > last);
  if (!other.length) return null;
  const bySource = new Map<string, Set<string>>();
  for (const p of other) {
    const key = `${p.source} (${p.year})`;
    bySource.set(key, (bySource.get(key) ?? new Set()).add(p.code));
  }
  const named = [...bySource].map(([s, codes]) => `${s}, ${counted(codes.size, 'unit')}`).join('; ');
  const afghan = other.some((p) => (p.code === 'AFG' || p.code.startsWith('AF-')) && p.year < first);
  return `population figures of another year than the period (${from} to ${to}): ${named}; a rate divides by the population of that year, not the period's${
    afghan && to >= RETURNS_FROM
      ? "; Afghanistan's estimate predates the returns of Afghans from Pakistan and Iran since September 2023, which added people to its provinces in numbers no loaded figure gives by province (published totals: faultline indicators --metric returns), so rates of provinces that received returnees may read high"
      : ''
  }`;
}
