/**
 * What a linkage pair's reasons say of a field one record lacks (the field scores 0.5 then), worded
 * once for the scorer in memory (analytics/linkage) and the engine's SQL (storage/duckdb), which
 * must write the same text: a reader sees every field and whether it was compared. Until 2026-12-06
 * such a field went unsaid.
 */

/** Reason of a pair whose type one record lacks. */
export const TYPE_UNKNOWN = 'type not compared (unknown)';
/** Reason of a pair one of whose records names no actor group (an unidentified actor names none). */
export const ACTORS_UNKNOWN = 'actors not compared (no group named)';
/** Reason of a pair whose best death toll one record lacks. */
export const TOLL_UNKNOWN = 'tolls not compared (unknown)';
