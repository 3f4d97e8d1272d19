/**
 * The barometer's rollups (migration 19). `gdelt_pair_days`: one row per DATEADDED day (UTC), actor 1
 * country and actor 2 country, with the pair's events by QuadClass (q1..q4 as columns) and the sums of
 * NumMentions, GoldsteinScale x NumMentions and AvgTone: exactly what the barometer needs per day, so
 * an answer reads ~10^5 rollup rows instead of scanning millions of events (rows without both actor
 * countries are left out: no pair matches them). `gdelt_volume_days`: GDELT's volume per origin and
 * day, the sum of `gdelt_volume`'s per-file rows (96 a day). Both are kept inside each GDELT import's
 * transaction and rebuilt whole by migration 19 for stores that held GDELT rows before it.
 */
import type { Db } from './duckdb-connection.ts';

/** The rollup's table. */
export const GDELT_PAIR_DAYS_DDL = `CREATE TABLE gdelt_pair_days (day DATE NOT NULL, actor1_country VARCHAR NOT NULL,
  actor2_country VARCHAR NOT NULL, q1 BIGINT NOT NULL, q2 BIGINT NOT NULL, q3 BIGINT NOT NULL, q4 BIGINT NOT NULL,
  mentions BIGINT NOT NULL, goldstein_mentions DOUBLE NOT NULL, tone_sum DOUBLE NOT NULL)`;

/** The rollup's sums over the `gdelt_events` rows matching `where`, each figure multiplied by `sign`. */
export function gdeltPairSums(where: string, sign: 1 | -1 = 1): string {
  const s = sign < 0 ? '-' : '';
  const q = (k: number) => `${s}count(*) FILTER (WHERE quad_class = ${k})`;
  return `SELECT CAST(date_added AS DATE) AS day, actor1_country, actor2_country, ${q(1)} AS q1, ${q(2)} AS q2,
      ${q(3)} AS q3, ${q(4)} AS q4, ${s}CAST(coalesce(sum(num_mentions), 0) AS BIGINT) AS mentions,
      ${s}coalesce(sum(goldstein * num_mentions), 0) AS goldstein_mentions, ${s}coalesce(sum(avg_tone), 0) AS tone_sum
    FROM gdelt_events WHERE actor1_country IS NOT NULL AND actor2_country IS NOT NULL AND date_added IS NOT NULL
      AND (${where})
    GROUP BY ALL`;
}

/** GDELT's volume per origin and day. */
export const GDELT_VOLUME_DAYS_DDL = `CREATE TABLE gdelt_volume_days (origin VARCHAR NOT NULL, day DATE NOT NULL,
  rows BIGINT NOT NULL)`;

/** Fills the (empty) volume per day from `gdelt_volume`. */
export const GDELT_VOLUME_DAYS_BUILD = `INSERT INTO gdelt_volume_days
  SELECT origin, day, sum(rows) FROM gdelt_volume GROUP BY ALL ORDER BY origin, day`;

/** Sums `gdelt_volume` again for one origin's days that `days` (SQL giving a column `day`) selects. */
export async function refreshGdeltVolumeDays(db: Db, origin: string, days: string): Promise<void> {
  const o = origin.replaceAll("'", "''");
  await db.run(
    `CREATE OR REPLACE TEMP TABLE gdelt_touched_days AS SELECT DISTINCT day FROM (${days}) WHERE day IS NOT NULL`,
  );
  await db.run(
    `DELETE FROM gdelt_volume_days WHERE origin = '${o}' AND day IN (SELECT day FROM gdelt_touched_days)`,
  );
  await db.run(`INSERT INTO gdelt_volume_days SELECT origin, day, sum(rows) FROM gdelt_volume
    WHERE origin = '${o}' AND day IN (SELECT day FROM gdelt_touched_days) GROUP BY ALL ORDER BY day`);
  await db.run(`DROP TABLE gdelt_touched_days`);
}

/** Fills the (empty) rollup from every row of `gdelt_events`, ordered by day then pair. */
export const GDELT_PAIR_DAYS_BUILD = `INSERT INTO gdelt_pair_days
  SELECT * FROM (${gdeltPairSums('true')}) ORDER BY day, actor1_country, actor2_country`;

/**
 * Keeps the rollup equal to `gdelt_events` across one file's writes, inside the caller's transaction:
 * `subtract` runs ahead of deleting replaced rows (their sums leave), `add` once the file's rows (all
 * with `import_id` = importId) are inserted: their sums come in and the change is merged into the rollup.
 */
export function gdeltPairDaysDelta(db: Db, importId: number) {
  let started = false;
  const collect = async (select: string) => {
    await db.run(
      started
        ? `INSERT INTO gdelt_pair_delta ${select}`
        : `CREATE OR REPLACE TEMP TABLE gdelt_pair_delta AS ${select}`,
    );
    started = true;
  };
  return {
    /** Subtracts the stored rows `where` selects (the ones about to be deleted). */
    async subtract(where: string): Promise<void> {
      await collect(gdeltPairSums(where, -1));
    },
    /** Adds the rows the file inserted and merges the change into the rollup. */
    async add(): Promise<void> {
      await collect(gdeltPairSums(`import_id = ${Number(importId)}`));
      const key = `p.day = d.day AND p.actor1_country = d.actor1_country AND p.actor2_country = d.actor2_country`;
      // Merged without a key index (DuckDB's ART has refused updates of rows indexed in the same
      // transaction): the touched keys' stored rows plus the change, summed; a key left without events goes.
      await db.run(`CREATE OR REPLACE TEMP TABLE gdelt_pair_merged AS
        SELECT day, actor1_country, actor2_country, sum(q1) AS q1, sum(q2) AS q2, sum(q3) AS q3, sum(q4) AS q4,
          sum(mentions) AS mentions, sum(goldstein_mentions) AS goldstein_mentions, sum(tone_sum) AS tone_sum
        FROM (SELECT p.* FROM gdelt_pair_days p SEMI JOIN gdelt_pair_delta d ON ${key}
              UNION ALL SELECT * FROM gdelt_pair_delta)
        GROUP BY ALL HAVING sum(q1) + sum(q2) + sum(q3) + sum(q4) > 0`);
      await db.run(`DELETE FROM gdelt_pair_days p USING gdelt_pair_delta d WHERE ${key}`);
      await db.run(
        `INSERT INTO gdelt_pair_days SELECT * FROM gdelt_pair_merged ORDER BY day, actor1_country, actor2_country`,
      );
      await db.run(`DROP TABLE gdelt_pair_delta`);
      await db.run(`DROP TABLE gdelt_pair_merged`);
    },
  };
}
