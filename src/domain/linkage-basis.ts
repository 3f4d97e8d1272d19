/**
 * Which stored linkage runs a deduplicated figure's links came from, and the parts of its period no
 * run covers (docs/linkage.md, "Which runs an answer names"): plain data, shared by the answers of
 * src/app (`meta.linkage`, disagreements) and the evidence of src/claims. Filled in src/app
 * (app/linkage-basis.ts, storedBasis), the one layer that reads the stored runs.
 */

/** The basis of an answer's links. */
export interface LinkageBasis {
  basis: 'stored' | 'computed_on_request';
  /** Whether stale or missing stored links were computed again for this answer. */
  relinked: boolean;
  /**
   * The stored runs whose links the answer used: those holding one of its records (a run holding
   * none is not named), oldest first. `from`, `to` and `source_versions` are the run's own (its whole
   * period, and every source version it was computed from, with their events there); `used` is the
   * part of the answer's period whose links came from this run and the answer's records there per
   * source version. Empty when the links are computed on request or no record matches.
   */
  runs: {
    from: string;
    to: string;
    computed_at: string;
    source_versions: { source: string; version: string; events: number }[];
    used: {
      from: string;
      to: string;
      source_versions: { source: string; version: string; records: number }[];
    };
  }[];
  /**
   * Spans of the answer's period that no stored run covers: nothing there is linked (none of the
   * answer's records lies there). Empty when the links are computed on request.
   */
  no_run: { from: string; to: string }[];
}
