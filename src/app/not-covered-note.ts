/**
 * The note of a list that counts events under a filter where no loaded source covers it (its
 * countries and sources, or every day of its period), or covers only part of its period. There an
 * empty list and zero counts would read as "nothing happened" where nothing is known, and counts of
 * the covered days alone as the whole period's, so the note says which, as `faultline events` and
 * `series` do ("not covered: no loaded source covers 1950-01-01 to 1950-12-31 (...)", "partly
 * covered: no loaded source version covers 2022-01-01 to 2025-12-31: ..."). A list without
 * --from/--to is of every day the sources asked of cover, so their gaps are its gaps too.
 */
import type { EventFilter } from '../domain/query.ts';
import type { Store } from '../storage/store.ts';
import { buildMeta, loadCoverage, reachedPeriod, type Meta } from './analysis/meta.ts';

/** What a list says of its filter's coverage: its counts are unknown (`not_covered`), or of the covered days alone (`partly_covered`). */
export interface CoverageNote {
  status: 'not_covered' | 'partly_covered';
  note: string;
}

/**
 * "not covered: ..., so nothing is known (not zero <what>)" when no loaded source version matches
 * the filter's sources and countries, or none covers any day of its period, and, where UCDP
 * Candidate is asked alone of days a final GED release replaced, the release that covers them in
 * place of "nothing is known"; else the "partly covered" line `faultline events` prints for the same
 * filter when some day of the period (the --from/--to one, else the one the sources asked of cover)
 * or one of the answer's countries on some day of it is covered by no loaded source; null when the
 * period is covered.
 */
export async function coverageNote(
  store: Store,
  filter: EventFilter,
  what: string,
): Promise<CoverageNote | null> {
  // Read once: the period and its status rest on the same coverage, even when an import clears the
  // memo while the note is made (it was read for each of them, up to four times).
  const coverage = await loadCoverage(store);
  const period = await reachedPeriod(store, filter, coverage);
  const meta = await buildMeta(store, { metrics: {}, filter, period, sources: [], coverage });
  if (!meta.coverage.length) {
    const of = [...(filter.source ?? []), ...(filter.sourceVersion ?? []).map((v) => `version ${v}`)];
    return {
      status: 'not_covered',
      note: `not covered: no loaded source version${of.length ? ` (${of.join(', ')})` : ''} covers ${filter.country?.join(', ') ?? 'any country'}${known(meta, '', what)}`,
    };
  }
  if (period === null || meta.coverage_status === 'covered') return null;
  if (meta.coverage_status === 'partly_covered')
    return { status: 'partly_covered', note: `partly covered: ${meta.coverage_warning}` };
  const loaded = meta.coverage.map(
    (c) => `${c.source} ${c.version} covers ${c.first_date} to ${c.last_date}`,
  );
  return {
    status: 'not_covered',
    note: `not covered: no loaded source covers ${period.from} to ${period.to} (${loaded.join('; ')})${known(meta, ' there', what)}`,
  };
}

// Candidate's days a final release superseded are known, by GED: the note names it (as coverageLine
// does), not "nothing is known".
const known = (meta: Meta, none: string, what: string) =>
  meta.superseded ? `: ${meta.superseded}` : `, so nothing is known${none} (not zero ${what})`;
