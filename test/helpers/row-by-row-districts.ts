/**
 * `geo disagreements --level admin2` and `geo unplaced` as they were computed before the store
 * grouped the events (districtGroups): the first 100,000 events of Pakistan read through
 * queryEvents and grouped one by one. Tests compare the grouped lists with these: equal where the
 * store holds fewer events than that, short where it holds more.
 */
import type { DistrictDisagreement } from '../../src/app/district-disagreements.ts';
import { unplacedReason, type UnplacedGroup } from '../../src/app/unplaced-districts.ts';
import { resolveAdmin2Label, resolvePakistanDistrict } from '../../src/geo/index.ts';
import type { EventFilter } from '../../src/domain/query.ts';
import type { Store } from '../../src/storage/store.ts';

/** The most events the lists read before. */
const READ_LIMIT = 100_000;

/** The district disagreements of the first 100,000 events of Pakistan matching a filter, and how many were read. */
export async function districtDisagreementsByRow(
  store: Store,
  filter: EventFilter = {},
): Promise<{ groups: DistrictDisagreement[]; events: number; read: number; total: number }> {
  const page = await store.queryEvents({ ...filter, country: ['PAK'], limit: READ_LIMIT });
  const groups = new Map<string, DistrictDisagreement>();
  let events = 0;
  for (const e of page.rows) {
    if (e.admin2Code === null || e.admin2Label === null) continue;
    const named = resolvePakistanDistrict(resolveAdmin2Label(e.admin2Label), null);
    if (named === null || named.code === e.admin2Code) continue;
    events++;
    const key = `${e.admin2Label}|${e.admin2Code}`;
    const g = groups.get(key);
    if (g) g.events++;
    else
      groups.set(key, {
        admin1_code: e.admin1Code,
        admin2_label: e.admin2Label,
        label_admin2_code: named.code,
        admin2_code: e.admin2Code,
        admin2_name: e.admin2Name,
        events: 1,
        example_place: e.place,
      });
  }
  const sorted = [...groups.values()].sort(
    (a, b) => b.events - a.events || a.admin2_label.localeCompare(b.admin2_label),
  );
  return { groups: sorted, events, read: page.rows.length, total: page.total };
}

/** The unplaced groups of the first 100,000 events of Pakistan matching a filter. */
export async function unplacedDistrictsByRow(
  store: Store,
  filter: EventFilter = {},
): Promise<{ groups: UnplacedGroup[]; events: number; total: number }> {
  const page = await store.queryEvents({ ...filter, country: ['PAK'], limit: READ_LIMIT });
  const groups = new Map<string, UnplacedGroup>();
  let events = 0;
  for (const e of page.rows) {
    if (e.admin2Code !== null) continue;
    events++;
    const reason = unplacedReason(e.admin1Code, e.admin2Label, e.geoExact);
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
