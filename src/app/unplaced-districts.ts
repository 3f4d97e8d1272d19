/**
 * Events of Pakistan without a district, grouped by province and the source's district label,
 * with the reason: what `faultline geo unplaced` lists.
 */
import type { EventFilter } from '../domain/query.ts';
import { PAKISTAN_CROSSWALK, resolveAdmin2Label, unitKey } from '../geo/index.ts';
import type { Store } from '../storage/store.ts';
import { pakistanDistrictGroups } from './district-groups.ts';

/** One group of events that could not be given a district. */
export interface UnplacedGroup {
  country: string;
  admin1_code: string | null;
  admin2_label: string | null;
  events: number;
  reason: string;
}

const NO_DISTRICTS = new Set(['PK-JK', 'PK-GB']);
const SPLIT = new Map(
  PAKISTAN_CROSSWALK.filter((e) => e.unit === null).map((e) => [unitKey(e.label), e.note]),
);

/** Why events of a province, district label and exactness got no district. */
export function unplacedReason(admin1Code: string | null, label: string | null, exact: boolean): string {
  if (admin1Code !== null && NO_DISTRICTS.has(admin1Code))
    return `no district boundaries or census units for ${admin1Code} (not in the 2023 census tables)`;
  if (label === null)
    return exact
      ? 'point outside every district and no district label'
      : 'coordinates coarser than a district and no district label';
  const split = SPLIT.get(unitKey(resolveAdmin2Label(label) ?? ''));
  if (split) return split;
  return admin1Code === null
    ? 'no province, so the district label cannot be checked'
    : 'district label is not a 2023 unit of that province';
}

/** The unplaced groups of Pakistan's events matching a filter, with what they are among. */
export interface UnplacedDistrictsAnswer {
  groups: UnplacedGroup[];
  /** Events with no district; null where no loaded source covers the filter (`note`): unknown, not zero. */
  events: number | null;
  /** Every event of Pakistan matching the filter; null where no loaded source covers it. */
  total: number | null;
  /**
   * Why the counts say nothing (no loaded source covers Pakistan or any day of the filter's period:
   * "not covered: ...") or count only some days (a source covers part of the period, the
   * --from/--to one or else every day the sources cover: "partly covered: ..."); null otherwise.
   */
  note: string | null;
}

/**
 * Pakistan's events matching a filter (checked: filters.ts; its country is Pakistan whatever it
 * says) with no admin-2 unit, most frequent first, with how many there are and how many match:
 * every matching event counted (the store groups them; each group's reason is found once).
 */
export async function unplacedDistricts(
  store: Store,
  filter: EventFilter = {},
): Promise<UnplacedDistrictsAnswer> {
  const {
    groups: read,
    note,
    notCovered,
  } = await pakistanDistrictGroups(store, filter, 'events without a district');
  const groups = new Map<string, UnplacedGroup>();
  let events = 0;
  let total = 0;
  // The store's groups come in the order of their first event: ties keep that order, as before.
  for (const g of read) {
    total += g.events;
    if (g.admin2Code !== null) continue;
    events += g.events;
    const reason = unplacedReason(g.admin1Code, g.admin2Label, g.geoExact);
    const key = `${g.admin1Code}|${g.admin2Label}|${reason}`;
    const group = groups.get(key);
    if (group) group.events += g.events;
    else
      groups.set(key, {
        country: 'PAK',
        admin1_code: g.admin1Code,
        admin2_label: g.admin2Label,
        events: g.events,
        reason,
      });
  }
  // Where nothing is known the counts are null, as a series' are, not zeros; a period covered in
  // part keeps its counts, of the covered days, which the note says.
  if (notCovered) return { groups: [], events: null, total: null, note };
  return { groups: [...groups.values()].sort((a, b) => b.events - a.events), events, total, note };
}
