/** SQL of the relations barometer: GDELT's volume per day, a pair's events per day, and what stands behind a period. */
import type {
  GdeltBehind,
  GdeltOriginCoverage,
  GdeltPairDay,
  GdeltPairQuery,
} from '../../domain/gdelt-barometer.ts';
import type { Reader } from './duckdb-connection.ts';

/** The origins with a volume, with their first and last day and the days they cover. */
export async function gdeltOrigins(db: Reader): Promise<GdeltOriginCoverage[]> {
  const rows = await db.all<GdeltOriginCoverage & { days: number | bigint }>(
    `SELECT origin, CAST(min(day) AS VARCHAR) AS "firstDay", CAST(max(day) AS VARCHAR) AS "lastDay",
      count(*) AS days FROM gdelt_volume_days GROUP BY origin ORDER BY origin`,
  );
  return rows.map((r) => ({ ...r, days: Number(r.days) }));
}

/** The pair's condition on actor country columns `c1`, `c2` ($2 = a, $3 = b). */
const pairCond = (directed: boolean, c1: string, c2: string) =>
  directed ? `${c1} = $2 AND ${c2} = $3` : `((${c1} = $2 AND ${c2} = $3) OR (${c1} = $3 AND ${c2} = $2))`;

/** Per-day sums of the pair's rows of one origin, as SQL with params $2 a, $3 b, $4 from, $5 to. */
function pairDaysSql(q: GdeltPairQuery): string {
  if (q.origin === 'bigquery')
    return `SELECT day, sum(events) FILTER (WHERE quad_class = 1) AS q1, sum(events) FILTER (WHERE quad_class = 2) AS q2,
        sum(events) FILTER (WHERE quad_class = 3) AS q3, sum(events) FILTER (WHERE quad_class = 4) AS q4,
        sum(mentions) AS mentions, sum(goldstein_mentions) AS gm, sum(tone_sum) AS tone
      FROM gdelt_aggregates WHERE ${pairCond(q.directed, 'actor1_country', 'actor2_country')}
        AND day BETWEEN CAST($4 AS DATE) AND CAST($5 AS DATE) GROUP BY day`;
  // The per-day pair rollup (duckdb-gdelt-rollups.ts), not gdelt_events: ~10^5 rows over ten years, not millions.
  return `SELECT day, sum(q1) AS q1, sum(q2) AS q2, sum(q3) AS q3, sum(q4) AS q4, sum(mentions) AS mentions,
      sum(goldstein_mentions) AS gm, sum(tone_sum) AS tone
    FROM gdelt_pair_days WHERE ${pairCond(q.directed, 'actor1_country', 'actor2_country')}
      AND day BETWEEN CAST($4 AS DATE) AND CAST($5 AS DATE) GROUP BY day`;
}

/**
 * Every day of the dates with a GDELT volume in one origin, oldest first, with the pair's sums that
 * day (0 when the pair had no event: the day was read). Days without a volume are not returned: unknown.
 */
export async function gdeltPairDays(db: Reader, q: GdeltPairQuery): Promise<GdeltPairDay[]> {
  // The exports read per day: gdelt_volume keeps one row per file and day (a unit is a file's slice).
  const files =
    q.origin === 'exports'
      ? `SELECT day, count(*) AS files FROM gdelt_volume WHERE origin = $1
          AND day BETWEEN CAST($4 AS DATE) AND CAST($5 AS DATE) GROUP BY day`
      : `SELECT NULL::DATE AS day, NULL::BIGINT AS files WHERE false`;
  const rows = await db.all<Record<string, number | bigint | string | null>>(
    `WITH vol AS (SELECT day, rows AS volume FROM gdelt_volume_days WHERE origin = $1
        AND day BETWEEN CAST($4 AS DATE) AND CAST($5 AS DATE)),
      pair AS (${pairDaysSql(q)}), files AS (${files})
    SELECT CAST(vol.day AS VARCHAR) AS date, vol.volume, files.files, coalesce(q1, 0) AS q1, coalesce(q2, 0) AS q2,
      coalesce(q3, 0) AS q3, coalesce(q4, 0) AS q4, coalesce(mentions, 0) AS mentions, coalesce(gm, 0) AS gm,
      coalesce(tone, 0) AS tone
    FROM vol LEFT JOIN pair ON pair.day = vol.day LEFT JOIN files ON files.day = vol.day ORDER BY vol.day`,
    [q.origin, q.a, q.b, q.from, q.to],
  );
  return rows.map((r) => ({
    date: String(r.date),
    volume: Number(r.volume),
    files: r.files === null || r.files === undefined ? null : Number(r.files),
    q1: Number(r.q1),
    q2: Number(r.q2),
    q3: Number(r.q3),
    q4: Number(r.q4),
    mentions: Number(r.mentions),
    goldsteinMentions: Number(r.gm),
    toneSum: Number(r.tone),
  }));
}

/** The pair's most frequent event codes and most-mentioned source URLs within the dates (up to `limit` each). */
export async function gdeltBehind(db: Reader, q: GdeltPairQuery & { limit: number }): Promise<GdeltBehind> {
  const params = [q.origin, q.a, q.b, q.from, q.to];
  const cond = pairCond(q.directed, 'actor1_country', 'actor2_country');
  const num = (rows: Record<string, unknown>[]) =>
    rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
    );
  if (q.origin === 'bigquery') {
    const codes = await db.all(
      `SELECT root_code AS code, sum(events) AS events, sum(mentions) AS mentions FROM gdelt_aggregates
      WHERE $1 = 'bigquery' AND ${cond} AND day BETWEEN CAST($4 AS DATE) AND CAST($5 AS DATE)
      GROUP BY root_code ORDER BY events DESC, mentions DESC, code LIMIT ${q.limit}`,
      params,
    );
    return { eventCodes: num(codes) as GdeltBehind['eventCodes'], sources: [] };
  }
  const where = `$1 = 'exports' AND ${cond} AND date_added >= CAST($4 AS DATE) AND date_added < CAST($5 AS DATE) + INTERVAL 1 DAY`;
  const codes = await db.all(
    `SELECT event_code AS code, count(*) AS events, sum(num_mentions) AS mentions FROM gdelt_events WHERE ${where}
    GROUP BY event_code ORDER BY events DESC, mentions DESC, code LIMIT ${q.limit}`,
    params,
  );
  const sources = await db.all(
    `SELECT source_url AS url, CAST(CAST(min(date_added) AS DATE) AS VARCHAR) AS date, arg_max(event_code, num_mentions) AS "eventCode",
      arg_max(quad_class, num_mentions) AS "quadClass", sum(num_mentions) AS mentions
    FROM gdelt_events WHERE ${where} AND source_url IS NOT NULL
    GROUP BY source_url ORDER BY mentions DESC, url LIMIT ${q.limit}`,
    params,
  );
  return {
    eventCodes: num(codes) as GdeltBehind['eventCodes'],
    sources: num(sources) as GdeltBehind['sources'],
  };
}
