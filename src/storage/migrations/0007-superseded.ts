/** Migration 7: Candidate events a final GED release covers are marked (`superseded_by`) and leave the rollups. */
import { MARK_SUPERSEDED } from '../duckdb/duckdb-supersede.ts';
import { ROLLUP_TABLES, rollupSourceRebuild } from '../duckdb/duckdb-rollups.ts';
import type { Migration } from './migrations.ts';

/** Adds `events.superseded_by`, marks the covered Candidate events, and rebuilds the Candidate rollup rows without them. */
export const SUPERSEDED_MIGRATION: Migration = {
  version: 7,
  name: 'candidate events superseded by a final GED release are marked and left out of counts',
  sql: [
    `ALTER TABLE events ADD COLUMN superseded_by VARCHAR`,
    ...MARK_SUPERSEDED,
    ...ROLLUP_TABLES.map((t) => `DELETE FROM ${t} WHERE source = 'ucdp-candidate'`),
    ...rollupSourceRebuild('ucdp-candidate'),
  ],
};
