/** The flat rows of a relations answer (CSV, NDJSON, table): one per series and period, the same columns for every series. */
import type { RelationsAnswer } from '../answers.ts';

/**
 * Every column of a relations row, in order: the pair and the source version first, so that a CSV
 * file says on each row which pair and which release of which index it holds; the barometer's own
 * columns are null on a third party's index.
 */
export const RELATIONS_COLUMNS = [
  'a',
  'b',
  'source',
  'source_version',
  'kind',
  'period',
  'from',
  'to',
  'days_in_period',
  'days_covered',
  'value',
  'ci_low',
  'ci_high',
  'value_sum',
  'per_1000_volume',
  'volume',
  'files',
  'events',
  'events_per_100k_volume',
  'verbal_cooperation',
  'material_cooperation',
  'verbal_conflict',
  'material_conflict',
  'material_conflict_share',
  'goldstein_mention_weighted',
  'mean_tone',
] as const;

/** One row per series and period with every column of RELATIONS_COLUMNS. */
export function relationsRows(r: RelationsAnswer): Record<string, unknown>[] {
  return r.series.flatMap((s) =>
    s.points.map((p) => {
      const all: Record<string, unknown> = {
        a: r.pair.a,
        b: r.pair.b,
        source: s.source.id,
        source_version: s.source.version,
        kind: s.source.kind,
        ...p,
      };
      return Object.fromEntries(RELATIONS_COLUMNS.map((c) => [c, all[c] ?? null]));
    }),
  );
}
