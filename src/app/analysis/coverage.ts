/**
 * What each loaded source version covers, read once per store until the next import. Apart from
 * meta.ts (which re-exports it) so that `faultline sources` loads no filter vocabulary.
 */
import type { Coverage, Store } from '../../storage/store.ts';
import type { CoverageEntry } from '../answers.ts';
import { bySourceVersion } from '../../domain/version-order.ts';
import { memo } from './memo.ts';

/** The answer's form of one source version's coverage. */
export function coverageEntry(c: Coverage): CoverageEntry {
  return {
    source: c.source,
    version: c.version,
    first_date: c.firstDate,
    last_date: c.lastDate,
    basis: c.basis,
    events: c.events,
    countries: c.countries,
  };
}

const lastRead = new WeakMap<Store, Coverage[]>();

/**
 * Coverage of every loaded source version, by source and then version in numeric order (26.0.9
 * before 26.0.10), memoised per store until the next import.
 */
export function loadCoverage(store: Store): Promise<Coverage[]> {
  return memo(store, 'coverage', async () => {
    const c = [...(await store.coverage())].sort(bySourceVersion);
    lastRead.set(store, c);
    return c;
  });
}

/**
 * The coverage last read, without waiting for the store: null before the first read. When an
 * import has cleared the memo, a fresh read starts in the background for the next caller. For
 * /health, which must answer at once whatever the store is doing.
 */
export function lastCoverage(store: Store): Coverage[] | null {
  loadCoverage(store).catch(() => {});
  return lastRead.get(store) ?? null;
}
