/**
 * The note of a list that counts events under a filter where no loaded source covers it (its
 * countries and sources, or every day of its --from/--to period), or covers only part of its period.
 * There an empty list and zero counts would read as "nothing happened" where nothing is known, and
 * counts of the covered days alone as the whole period's, so the note says which, as
 * `faultline events` and `series` do ("not covered: no loaded source covers 1950-01-01 to 1950-12-31
 * (...)", "partly covered: no loaded source version covers 2022-01-01 to 2025-12-31: ...").
 */
import type { EventFilter } from '../domain/query.ts';
import type { Store } from '../storage/store.ts';
import { buildMeta, coverageLine, coverageStatus, filterCoverage, resolvePeriod } from './analysis/meta.ts';

/**
 * "not covered: ..., so nothing is known (not zero <what>)" when no loaded source version matches
 * the filter's sources and countries, or none covers any day of its period; null otherwise (a
 * period covered in part is counted over the days some source covers: coverageNote says so).
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

/** What a list says of its filter's coverage: its counts are unknown (`not_covered`), or of the covered days alone (`partly_covered`). */
export interface CoverageNote {
  status: 'not_covered' | 'partly_covered';
  note: string;
}

/**
 * notCoveredNote's "not covered" line, else, when some day of the --from/--to period or one of
 * the answer's countries on some day of it is covered by no loaded source, the "partly covered"
 * line `faultline events` prints for the same filter (its meta's coverage warning, built the same
 * way); null when the period is covered, or not given.
 */
export async function coverageNote(
  store: Store,
  filter: EventFilter,
  what: string,
): Promise<CoverageNote | null> {
  const uncovered = await notCoveredNote(store, filter, what);
  if (uncovered !== null) return { status: 'not_covered', note: uncovered };
  if (filter.from === undefined && filter.to === undefined) return null;
  const meta = await buildMeta(store, {
    metrics: {},
    filter,
    period: await resolvePeriod(store, filter),
    sources: [],
  });
  if (meta.coverage_status !== 'partly_covered') return null;
  // One row: a covered period with rows says nothing, which is what is wanted of the list here.
  const line = coverageLine(meta, 1);
  return line === null ? null : { status: 'partly_covered', note: line };
}
