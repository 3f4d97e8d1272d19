/**
 * `dedupe: true` (issue 17): a claim counted one per incident across the loaded event datasets,
 * as `series --dedupe` and `compare --dedupe` count (the stored linkage, docs/linkage.md). The
 * datasets answer as one source, "deduplicated events of csv, ucdp-ged", whose coverage is the
 * union of theirs.
 */
import type { EventFilter } from '../domain/query.ts';
import type { ClaimSources, EventOracle } from './claim-sources.ts';
import type { Evidence } from './evidence.ts';

const PREFIX = 'deduplicated events of ';

/** The name a deduplicated count answers under: "deduplicated events of csv, ucdp-ged". */
export function dedupedSource(datasets: readonly string[]): string {
  return `${PREFIX}${[...datasets].sort().join(', ')}`;
}

/** The datasets behind a deduplicated source name, or null for one dataset's own name. */
export function dedupedDatasets(source: string): string[] | null {
  return source.startsWith(PREFIX) ? source.slice(PREFIX.length).split(', ') : null;
}

/** The sources as one deduplicated dataset: every coverage span relabelled, its version naming its dataset. */
export function dedupedSources(sources: ClaimSources, datasets: readonly string[]): ClaimSources {
  const source = dedupedSource(datasets);
  return {
    ...sources,
    coverage: sources.coverage.map((c) => ({ ...c, source, version: `${c.source} ${c.version}` })),
  };
}

/** What a deduplicated figure counts, in words (the rule itself is the store's, shared with series and compare). */
export const DEDUPED_WORDS =
  'one count per incident: records of different datasets linked as one incident (docs/linkage.md) count once, with the figures of its representative record (its low and high span those of its records)';

/**
 * The filters a deduplicated figure counted under, read from its evidence: its query (once per
 * covered range, when it was counted over several), its baseline's, the whole's (a share's part lies
 * in its whole, so the whole's records stand for both) and those of every rank it was compared
 * with; each filter once.
 */
export function countedFilters(e: Evidence): EventFilter[] {
  const main = e.whole_query ?? e.query;
  const own: EventFilter[] = [];
  if (main && e.covered && !e.whole_query)
    for (const r of e.covered.ranges) own.push({ ...main.filter, from: r.from, to: r.to });
  else if (main) own.push(main.filter);
  const all = [
    ...own,
    ...(e.baseline_query ? [e.baseline_query.filter] : []),
    ...e.among.flatMap((a) => (a.query ? [a.query.filter] : [])),
  ];
  const seen = new Set<string>();
  return all.filter((f) => {
    const key = JSON.stringify(f);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/**
 * The periods a deduplicated figure is about: the claim's period and baseline (the whole of each,
 * as a deduplicated series names the whole period it was asked: parts no dataset covers included)
 * and the period of every filter it counted under, overlapping ones joined, oldest first. The days
 * between two of them (a baseline and a later period) are no part of it.
 */
export function evidenceSpans(e: Evidence, filters: readonly EventFilter[]): { from: string; to: string }[] {
  const all = [
    ...(e.period ? [e.period] : []),
    ...(e.baseline ? [e.baseline] : []),
    ...filters.flatMap((f) => (f.from && f.to ? [{ from: f.from, to: f.to }] : [])),
  ].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const spans: { from: string; to: string }[] = [];
  for (const s of all) {
    const last = spans.at(-1);
    if (last && s.from <= last.to) last.to = s.to > last.to ? s.to : last.to;
    else spans.push({ ...s });
  }
  return spans;
}

/**
 * A deduplicated figure with the stored linkage runs its links came from and the parts of its
 * periods no run covers (`linkage`, and notes on any links computed again and on those parts), as the oracle names them for
 * `series --dedupe`; unchanged when it counted nothing or the oracle cannot say.
 */
export async function withLinkage(e: Evidence, oracle: EventOracle | null): Promise<Evidence> {
  const filters = countedFilters(e);
  if (!oracle?.linkage || !filters.length) return e;
  const { linkage, notes } = await oracle.linkage(filters, evidenceSpans(e, filters));
  return { ...e, notes: [...e.notes, ...notes], linkage };
}
