/**
 * Pakistan's events whose exact point lies in another 2023 district than the one their source's
 * district label names: what `faultline geo disagreements --level admin2` lists, grouped by the
 * label's district and the point's, with an example place. The point decides (docs/geography.md);
 * both are kept, and this is where a reader sees how often they part.
 */
import { resolveAdmin2Label, resolvePakistanDistrict } from '../geo/index.ts';
import type { Store } from '../storage/store.ts';

/** One pair of districts: the label's and the point's, with how many events part that way. */
export interface DistrictDisagreement {
  admin1_code: string | null;
  /** The source's district label as written (GED's `adm_2`). */
  admin2_label: string;
  /** The 2023 unit the label names (through the crosswalk where needed). */
  label_admin2_code: string;
  /** The 2023 unit the point lies in, where the event is counted. */
  admin2_code: string;
  admin2_name: string | null;
  events: number;
  /** The place of the first such event, for a reader to look up. */
  example_place: string | null;
}

/** The disagreements, most events first, with the events read (at most 100,000) and the total. */
export async function districtDisagreements(
  store: Store,
): Promise<{ groups: DistrictDisagreement[]; events: number; read: number; total: number }> {
  const page = await store.queryEvents({ country: ['PAK'], limit: 100_000 });
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
  const groupsOut = [...groups.values()].sort(
    (a, b) => b.events - a.events || a.admin2_label.localeCompare(b.admin2_label),
  );
  return { groups: groupsOut, events, read: page.rows.length, total: page.total };
}
