/**
 * The note of a list that counts events under a filter where no loaded source covers it: its
 * countries (and sources), or its --from/--to period. There an empty list and zero counts would
 * read as "nothing happened" where nothing is known, so the note says which, as `faultline events`
 * and `series` do ("not covered: no loaded source covers 1950-01-01 to 1950-12-31 (...)").
 */
import type { EventFilter } from '../domain/query.ts';
import type { Store } from '../storage/store.ts';
import { coverageStatus, filterCoverage, resolvePeriod } from './analysis/meta.ts';

/**
 * "not covered: ..., so nothing is known (not zero <what>)" when no loaded source version matches
 * the filter's sources and countries, or none covers any day of its period; null otherwise (a
 * period covered in part is counted over the days some source covers).
 */
export async function notCoveredNote(
  store: Store,
  filter: EventFilter,
  what: string,
): Promise<string | null> {
  const coverage = await filterCoverage(store, filter);
  if (coverage.length === 0) {
    const of = [...(filter.source ?? []), ...(filter.sourceVersion ?? []).map((v) => `version ${v}`)];
    return `not covered: no loaded source version${of.length ? ` (${of.join(', ')})` : ''} covers ${filter.country?.join(', ') ?? 'any country'}, so nothing is known (not zero ${what})`;
  }
  // Without --from or --to the period is what the sources cover: covered by definition.
  if (filter.from === undefined && filter.to === undefined) return null;
  const period = await resolvePeriod(store, filter);
  if (coverageStatus(coverage, period.from, period.to) !== 'not_covered') return null;
  const loaded = coverage.map((c) => `${c.source} ${c.version} covers ${c.firstDate} to ${c.lastDate}`);
  return `not covered: no loaded source covers ${period.from} to ${period.to} (${loaded.join('; ')}), so nothing is known there (not zero ${what})`;
}
