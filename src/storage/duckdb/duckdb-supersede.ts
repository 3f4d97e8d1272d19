/**
 * Candidate yields to final: a UCDP Candidate event is superseded when a final GED release covers
 * its country and date (release NN.1 covers 1989 to the end of 20(NN-1) for every country it holds
 * events of). Superseded events stay in `events`, marked with the final version in
 * `superseded_by`, and are left out of the rollups and of every count and listing unless asked for.
 */

// Per country, the newest final GED release holding events there and the last day it covers.
const FINAL_COVER = `SELECT country, arg_max(source_version, covered_to) AS version, max(covered_to) AS covered_to
  FROM (SELECT DISTINCT country, source_version,
          make_date(1999 + TRY_CAST(split_part(source_version, '.', 1) AS INTEGER), 12, 31) AS covered_to
        FROM events WHERE source = 'ucdp-ged' AND regexp_full_match(source_version, '\\d{2}\\.1')) g
  GROUP BY country`;

/** Statements that set `superseded_by` on every Candidate event a final release covers, and clear it elsewhere. */
export const MARK_SUPERSEDED: readonly string[] = [
  `CREATE OR REPLACE TEMP TABLE final_cover AS ${FINAL_COVER}`,
  `UPDATE events SET superseded_by = c.version FROM final_cover c
   WHERE events.source = 'ucdp-candidate' AND events.country = c.country AND events.date_start <= c.covered_to
     AND events.superseded_by IS DISTINCT FROM c.version`,
  `UPDATE events SET superseded_by = NULL
   WHERE source = 'ucdp-candidate' AND superseded_by IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM final_cover c WHERE c.country = events.country AND events.date_start <= c.covered_to)`,
  `DROP TABLE final_cover`,
];

/**
 * Whether writing events of `source` can change what MARK_SUPERSEDED marks: it reads only the events
 * of the two UCDP sources (their countries, dates and versions), which nothing but their own imports
 * (and the migration that marked them first) writes. An import of any other source runs none of it.
 */
export const marksSupersession = (source: string): boolean =>
  source === 'ucdp-ged' || source === 'ucdp-candidate';

/** Condition (over alias e) of the events that counts include. */
export const NOT_SUPERSEDED = 'e.superseded_by IS NULL';
