/** SQL that writes a BigQuery job's GDELT aggregates, GDELT's volume per day and the job's provenance. */
import type { GdeltAggregateBatch } from '../gdelt-import.ts';
import type { Db } from './duckdb-connection.ts';
import { refreshGdeltVolumeDays } from './duckdb-gdelt-rollups.ts';

/** What writing the aggregates did (a day, pair, QuadClass and root code already stored is replaced). */
export interface GdeltAggregatesWritten {
  accepted: number;
  added: number;
  changed: number;
  unchanged: number;
}

const CHUNK = 1000;

/** Writes the batch inside the caller's transaction. */
export async function writeGdeltAggregates(
  db: Db,
  importId: number,
  b: GdeltAggregateBatch,
): Promise<GdeltAggregatesWritten> {
  await db.run(`CREATE OR REPLACE TEMP TABLE stage_gdelt_agg (day DATE, actor1_country VARCHAR, actor2_country VARCHAR,
    quad_class TINYINT, root_code VARCHAR, events BIGINT, mentions BIGINT, goldstein_mentions DOUBLE, tone_sum DOUBLE)`);
  for (let i = 0; i < b.rows.length; i += CHUNK) {
    const part = b.rows.slice(i, i + CHUNK);
    const params: unknown[] = [];
    const values = part.map((r) => {
      const n = params.length;
      params.push(
        r.day,
        r.actor1Country,
        r.actor2Country,
        r.quadClass,
        r.rootCode,
        r.events,
        r.mentions,
        r.goldsteinMentions,
        r.toneSum,
      );
      return `(CAST($${n + 1} AS DATE), $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}, $${n + 7}, $${n + 8}, $${n + 9})`;
    });
    await db.run(`INSERT INTO stage_gdelt_agg VALUES ${values.join(', ')}`, params);
  }
  const key = `t.day = s.day AND t.actor1_country = s.actor1_country AND t.actor2_country = s.actor2_country
    AND t.quad_class = s.quad_class AND t.root_code = s.root_code`;
  const same = `(t.events, t.mentions, t.goldstein_mentions, t.tone_sum) IS NOT DISTINCT FROM (s.events, s.mentions, s.goldstein_mentions, s.tone_sum)`;
  const [c] = await db.all<Record<string, number | bigint>>(
    `SELECT count(*) AS accepted, count(*) FILTER (WHERE t.day IS NULL) AS added,
      count(*) FILTER (WHERE t.day IS NOT NULL AND NOT ${same}) AS changed,
      count(*) FILTER (WHERE t.day IS NOT NULL AND ${same}) AS unchanged
    FROM stage_gdelt_agg s LEFT JOIN gdelt_aggregates t ON ${key}`,
  );
  await db.run(`INSERT OR REPLACE INTO gdelt_aggregates SELECT s.*, ${importId} FROM stage_gdelt_agg s`);
  for (const v of b.volume)
    await db.run(`INSERT OR REPLACE INTO gdelt_volume VALUES ('bigquery', '', CAST($1 AS DATE), $2, $3)`, [
      v.day,
      v.rows,
      importId,
    ]);
  if (b.volume.length)
    await refreshGdeltVolumeDays(
      db,
      'bigquery',
      `SELECT CAST(unnest([${b.volume.map((v) => `'${v.day.replaceAll("'", "''")}'`).join(', ')}]) AS DATE) AS day`,
    );
  await db.run(
    `INSERT INTO gdelt_bigquery_jobs VALUES ($1, $2, $3, $4, $5, $6, $7, CAST($8 AS DATE), CAST($9 AS DATE), $10, $11)`,
    [
      importId,
      b.project,
      b.jobId,
      b.location,
      b.query,
      b.bytesProcessed,
      b.bytesBilled,
      b.from,
      b.to,
      b.rows.length + b.volume.length,
      b.ranAt,
    ],
  );
  await db.run(`DROP TABLE stage_gdelt_agg`);
  const n = (k: string) => Number(c![k] ?? 0);
  return { accepted: n('accepted'), added: n('added'), changed: n('changed'), unchanged: n('unchanged') };
}
