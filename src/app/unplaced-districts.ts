/**
 * Events of Pakistan without a district, grouped by province and the source's district label,
 * with the reason: what `faultline geo unplaced` lists.
 */
import { PAKISTAN_CROSSWALK, resolveAdmin2Label, unitKey } from '../geo/index.ts';
import type { Store } from '../storage/store.ts';

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

function reasonOf(admin1Code: string | null, label: string | null, exact: boolean): string {
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

/** Pakistan's events with no admin-2 unit, most frequent first (most 100,000 events are read). */
export async function unplacedDistricts(
  store: Store,
): Promise<{ groups: UnplacedGroup[]; events: number; total: number }> {
  const page = await store.queryEvents({ country: ['PAK'], limit: 100_000 });
  const groups = new Map<string, UnplacedGroup>();
  let events = 0;
  for (const e of page.rows) {
    if (e.admin2Code !== null) continue;
    events++;
    const reason = reasonOf(e.admin1Code, e.admin2Label, e.geoExact);
    const key = `${e.admin1Code}|${e.admin2Label}|${reason}`;
    const g = groups.get(key);
    if (g) g.events++;
    else
      groups.set(key, {
        country: 'PAK',
        admin1_code: e.admin1Code,
        admin2_label: e.admin2Label,
        events: 1,
        reason,
      });
  }
  return { groups: [...groups.values()].sort((a, b) => b.events - a.events), events, total: page.total };
}
