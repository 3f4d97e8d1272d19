import type { EventFilter } from '../domain/query.ts';
import type { DistrictGroup } from '../domain/placed-event.ts';
import type { Store } from '../storage/store.ts';
import { coverageNote } from './not-covered-note.ts';

/** Pakistan's district groups of a filter, and what its coverage says of them. */
export interface PakistanDistrictGroups {
  groups: DistrictGroup[];
  /** The not-covered or partly-covered note, or null when the period is covered. */
  note: string | null;
  /** No loaded source covers the filter: the lists' counts are null, not zeros. */
  notCovered: boolean;
}

/**
 * The store's groups of Pakistan's events matching a filter (its country is Pakistan whatever it
 * says: the districts are Pakistan's) beside the coverage note naming `what` is counted, read at
 * once; the place lists (geo disagreements at admin-2, geo unplaced) share it so they count alike.
 */
export async function pakistanDistrictGroups(
  store: Store,
  filter: EventFilter,
  what: string,
): Promise<PakistanDistrictGroups> {
  const pakistan = { ...filter, country: ['PAK'] };
  const [groups, coverage] = await Promise.all([
    store.districtGroups(pakistan),
    coverageNote(store, pakistan, what),
  ]);
  return { groups, note: coverage?.note ?? null, notCovered: coverage?.status === 'not_covered' };
}
