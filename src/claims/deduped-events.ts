/**
 * `dedupe: true` (issue 17): a claim counted one per incident across the loaded event datasets,
 * as `series --dedupe` and `compare --dedupe` count (the stored linkage, docs/linkage.md). The
 * datasets answer as one source, "deduplicated events of csv, ucdp-ged", whose coverage is the
 * union of theirs.
 */
import type { ClaimSources } from './claim-sources.ts';

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
