/**
 * Pakistan's events whose exact point lies in another 2023 district than the one their source's
 * district label names: what `faultline geo disagreements --level admin2` lists, grouped by the
 * label's district and the point's, with an example place. The point decides (docs/geography.md);
 * both are kept, and this is where a reader sees how often they part.
 */
import type { EventFilter } from '../domain/query.ts';
import { resolveAdmin2Label, resolvePakistanDistrict } from '../geo/index.ts';
import type { Store } from '../storage/store.ts';
import { pakistanDistrictGroups } from './district-groups.ts';

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
  /** The place of the first such event by date, for a reader to look up. */
  example_place: string | null;
}

/** The district disagreements of Pakistan's events matching a filter, with what they are among. */
export interface DistrictDisagreementsAnswer {
  groups: DistrictDisagreement[];
  /** Events whose point lies in another district than their label names; null where no loaded source covers the filter (`note`): unknown, not zero. */
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
 * The disagreements among Pakistan's events matching a filter (checked: filters.ts; its country is
 * Pakistan whatever it says), most events first, with how many events disagree and how many there
 * are: every matching event counted (the store groups them; each label is looked up once).
 */
export async function districtDisagreements(
  store: Store,
  filter: EventFilter = {},
): Promise<DistrictDisagreementsAnswer> {
  const { groups: read, note, notCovered } = await pakistanDistrictGroups(store, filter, 'disagreements');
  const named = new Map<string, string | null>();
  const groups = new Map<string, DistrictDisagreement>();
  let events = 0;
  let total = 0;
  // The store's groups come in the order of their first event, so the first seen of a pair is its example.
  for (const g of read) {
    total += g.events;
    if (g.admin2Code === null || g.admin2Label === null) continue;
    if (!named.has(g.admin2Label))
      named.set(
        g.admin2Label,
        resolvePakistanDistrict(resolveAdmin2Label(g.admin2Label), null)?.code ?? null,
      );
    const code = named.get(g.admin2Label)!;
    if (code === null || code === g.admin2Code) continue;
    events += g.events;
    const key = `${g.admin2Label}|${g.admin2Code}`;
    const pair = groups.get(key);
    if (pair) pair.events += g.events;
    else
      groups.set(key, {
        admin1_code: g.admin1Code,
        admin2_label: g.admin2Label,
        label_admin2_code: code,
        admin2_code: g.admin2Code,
        admin2_name: g.admin2Name,
        events: g.events,
        example_place: g.examplePlace,
      });
  }
  const groupsOut = [...groups.values()].sort(
    (a, b) => b.events - a.events || a.admin2_label.localeCompare(b.admin2_label),
  );
  // Where nothing is known the counts are null, as a series' are, not zeros; a period covered in
  // part keeps its counts, of the covered days, which the note says.
  return notCovered
    ? { groups: [], events: null, total: null, note }
    : { groups: groupsOut, events, total, note };
}
