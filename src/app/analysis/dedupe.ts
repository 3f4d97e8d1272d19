/**
 * `--dedupe` (issue 17): counts one per incident instead of one per record. Before a deduplicated
 * count the stored linkage of its period must be current: a stale or missing period is linked
 * again first (app/linkage-runs.ts), never counted from stale links. The answer then names the
 * stored runs its links came from and the parts of its period no run covers (`meta.linkage`, as
 * `disagreements` names them: app/linkage-basis.ts).
 */
import { todayIso } from '../../analytics/aggregate/dates.ts';
import { agree, counted } from '../../domain/plural.ts';
import type { LinkageBasis } from '../../domain/linkage-basis.ts';
import type { EventFilter } from '../../domain/query.ts';
import { REPRESENTATIVE_ORDER, type LinkageRun } from '../../storage/stored-linkage.ts';
import type { Store } from '../../storage/store.ts';
import { storedBasis, type BasisRecord } from '../linkage-basis.ts';
import { ensureCurrent } from '../linkage-runs.ts';

/** The rule that picks the figures of an incident, as answers state it. */
export const DEDUPE_RULE = `deduplicated: one count per incident (records of different sources linked as one, docs/linkage.md); an incident's date, place, type and best figures are those of its record from the first source in this order: ${REPRESENTATIVE_ORDER.join(', ')}, then any other by name; its fatalities_low and fatalities_high span the lowest low and highest high of its records (a record without them gives its best)`;

/** The stored links a deduplicated answer counts with, made current first, and the note it carries. */
export interface DedupeLinks {
  note: string;
  /** The stored runs touching the periods, after any linking again. */
  runs: LinkageRun[];
  relinked: boolean;
  /** The periods whose stale or missing links were computed again for this answer (none: they were current). */
  linkedAgain: { from: string; to: string }[];
}

/** What an answer says when the stored links of `period` were stale or missing and were linked again for it. */
export const linkedAgainNote = (period: { from: string; to: string }): string =>
  `the stored links of ${period.from} to ${period.to} were stale or missing and were computed again for this answer`;

/**
 * Makes sure the stored linkage of each period an answer counts is current, one period after the
 * other; returns their runs and the note an answer carries. Only the periods counted: two periods
 * compared are made current each, not the days between them, which no count of the answer reads.
 */
export async function prepareDedupe(
  store: Store,
  ...periods: { from?: string; to?: string }[]
): Promise<DedupeLinks> {
  const runs = new Map<number, LinkageRun>();
  const linkedAgain: { from: string; to: string }[] = [];
  for (const period of periods) {
    const got = await ensureCurrent(store, period.from ?? '1900-01-01', period.to ?? todayIso());
    for (const r of got.runs) runs.set(r.id, r);
    if (got.relinked) linkedAgain.push({ from: got.relinked.from, to: got.relinked.to });
  }
  return {
    note: [DEDUPE_RULE, ...linkedAgain.map(linkedAgainNote)].join('; '),
    runs: [...runs.values()].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.id - b.id)),
    relinked: linkedAgain.length > 0,
    linkedAgain,
  };
}

/**
 * The `linkage` of a deduplicated answer: the stored runs holding a record its filters match (the
 * records per day, source and version, read from the store), each with the part of `period` it
 * supplied, and the parts of `spans` (default the whole period) no stored run covers; with the note
 * on those parts, where every record counts as an incident of its own (null when there are none).
 */
export async function dedupeBasis(
  store: Store,
  links: DedupeLinks,
  filters: readonly EventFilter[],
  period: { from: string; to: string },
  spans: readonly { from: string; to: string }[] = [period],
): Promise<{ linkage: LinkageBasis; note: string | null }> {
  const records: BasisRecord[] = [];
  for (const filter of filters)
    for (const r of await store.aggregate({ filter, unit: 'day', metrics: [] }))
      if (r.bucket !== null)
        records.push({ date: r.bucket, source: r.source, version: r.version, records: Number(r.events) });
  const linkage = storedBasis(links.runs, await store.linkageRuns(), records, period, links.relinked, spans);
  if (!linkage.no_run.length) return { linkage, note: null };
  const inGaps = records
    .filter((x) => linkage.no_run.some((g) => g.from <= x.date && x.date <= g.to))
    .reduce((a, x) => a + (x.records ?? 1), 0);
  const gaps = linkage.no_run.map((g) => `${g.from} to ${g.to}`).join(', ');
  return {
    linkage,
    note: `${gaps}: no stored linkage run: counted one per record (${inGaps ? `${counted(inGaps, 'record')} of this answer ${agree(inGaps, 'lies', 'lie')} there` : 'no record of this answer lies there'})`,
  };
}
