/**
 * What lets a stored linkage run be extended instead of linked again whole (migration 36): per day
 * of its period, the number of records starting that day and a fingerprint of them (every field
 * linkage reads, hashed per record and combined), kept in `linkage_days`. A later linking of the
 * run's period compares the days' fingerprints with the events now: only the days that differ
 * ("changed days") are scored again, with the records within reach of them; the rest of the run's
 * pairs are kept (duckdb-linkage-engine.ts).
 */
import { createHash } from 'node:crypto';
import type { Db } from './duckdb-connection.ts';
import { linkedEvents } from './duckdb-linkage-candidates.ts';
import { Params, whereClause } from './duckdb-filters.ts';

/**
 * Every field of an event that linkage reads (its record, its place radius, its actor groups),
 * hashed in one call: a change to any of them changes its day's fingerprint. Not its version: a new
 * version of a source whose record is the same changes none of its pairs.
 */
export const RECORD_HASH = `hash(e.id, e.source, e.country, e.admin1_code, e.common_type, e.actor_ids,
  e.fatalities_best, e.fatalities_low, e.fatalities_high, e.date_end, e.lat, e.lon, e.geo_precision, e.geo_exact)`;

/**
 * The placement columns (set by placing events on the boundaries, not by their source) that
 * RECORD_HASH reads: events placed again with another value in one of them make the stored runs of
 * their days stale (duckdb-linkage.ts `staleReplacedRuns`).
 */
export const LINKED_PLACEMENT: readonly string[] = ['admin1_code'];

/**
 * The rules a run is stored with: the scoring rules it was given and the fingerprint's definition,
 * so that a change to either makes the stored runs be linked again whole rather than extended.
 */
export const storedRules = (rules: string): string =>
  `${rules}+${createHash('sha256').update(RECORD_HASH).digest('hex').slice(0, 8)}`;

/** The day number (days since 1970-01-01) of a DATE column, as the engine's records count days. */
export const dayNumber = (col: string) => `CAST(${col} - DATE '1970-01-01' AS INTEGER)`;

/** The statement that fills `lk_fp` (day number, events, fingerprint) with the period's days now. */
export function fingerprintSql(q: { from: string; to: string }): { sql: string; params: unknown[] } {
  const p = new Params();
  const where = whereClause(linkedEvents(q), p);
  const sql = `CREATE OR REPLACE TEMP TABLE lk_fp AS
    SELECT ${dayNumber('e.date_start')} AS day, CAST(count(*) AS INTEGER) AS events, bit_xor(${RECORD_HASH}) AS fingerprint
    FROM events e ${where} GROUP BY 1`;
  return { sql, params: p.values };
}

/** Stores `lk_fp` as the days of run `id` (in the writer's open transaction). */
export async function saveDays(db: Db, id: number): Promise<void> {
  await db.run(
    `INSERT INTO linkage_days SELECT $1, DATE '1970-01-01' + day, events, fingerprint FROM lk_fp`,
    [id],
  );
}

/**
 * The statement that fills `lk_dirty` (day numbers) with the changed days of a run extending the
 * stored runs `old` (ids): the days whose records differ from the stored fingerprints (records
 * added, changed or removed; days no stored run covered), and the `reach` days after each stored
 * run's end, where a record of the next run may pair with one of it (neither run scored that pair:
 * a record of a run ends by the run's end, since a run reaches the far day of its records).
 */
export function dirtyDaysSql(old: readonly number[], reach: number): string {
  const ids = old.map(Number).join(', ');
  return `CREATE OR REPLACE TEMP TABLE lk_dirty AS
    SELECT coalesce(c.day, o.day) AS day FROM lk_fp c
    FULL JOIN (SELECT ${dayNumber('day')} AS day, events, fingerprint FROM linkage_days WHERE run_id IN (${ids})) o
      ON c.day = o.day
    WHERE c.events IS DISTINCT FROM o.events OR c.fingerprint IS DISTINCT FROM o.fingerprint
    UNION
    SELECT unnest(range(${dayNumber('period_to')} + 1, ${dayNumber('period_to')} + ${Number(reach)} + 1)) FROM linkage_runs
    WHERE id IN (${ids})`;
}
