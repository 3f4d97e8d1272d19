/**
 * `--dedupe` (issue 17): counts one per incident instead of one per record. Before a deduplicated
 * count the stored linkage of its period must be current: a stale or missing period is linked
 * again first (app/linkage-runs.ts), never counted from stale links.
 */
import { isoDate } from '../../analytics/aggregate/dates.ts';
import { REPRESENTATIVE_ORDER } from '../../storage/stored-linkage.ts';
import type { Store } from '../../storage/store.ts';
import { ensureLinked } from '../linkage-runs.ts';

/** The rule that picks the figures of an incident, as answers state it. */
export const DEDUPE_RULE = `deduplicated: one count per incident (records of different sources linked as one, docs/linkage.md); an incident's date, place, type and best figures are those of its record from the first source in this order: ${REPRESENTATIVE_ORDER.join(', ')}, then any other by name; its fatalities_low and fatalities_high span the lowest low and highest high of its records (a record without them gives its best)`;

/** Makes sure the stored linkage of a period is current; returns the note an answer carries. */
export async function prepareDedupe(store: Store, period: { from?: string; to?: string }): Promise<string> {
  const from = period.from ?? '1900-01-01';
  const to = period.to ?? isoDate(Math.floor(Date.now() / 86_400_000));
  const got = await ensureLinked(store, from, to);
  return got.relinked
    ? `${DEDUPE_RULE}; the stored links of ${got.relinked.from} to ${got.relinked.to} were stale or missing and were computed again for this answer`
    : DEDUPE_RULE;
}
