/** SQL of the relations barometer: GDELT's volume per day, a pair's events per day, and what stands behind a period. */
import type {
  GdeltBehind,
  GdeltUnkeptDay,
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
 * Whether an import's `scope` (its `--countries`, or the BigQuery query's) kept every row of the pair
 * ($2, $3): no scope keeps every row, and a scope naming either country keeps every row with that
 * actor country, as the filter and the query read Actor1/Actor2CountryCode.
 */
const keepsPair = (scope: string) =>
  `(${scope} IS NULL OR ${scope} = '' OR list_contains(string_split(${scope}, ','), $2) OR list_contains(string_split(${scope}, ','), $3))`;

/**
 * Per day of the dates with a volume in one origin ($1): the files read (gdelt_volume keeps one row
 * per file and day; a unit is a file's slice) and whether every one of them kept the pair's rows.
 */
const filesPerDay = `SELECT v.day, count(*) AS files, bool_and(${keepsPair('i.scope')}) AS kept
  FROM gdelt_volume v LEFT JOIN imports i ON i.id = v.import_id
  WHERE v.origin = $1 AND v.day BETWEEN CAST($4 AS DATE) AND CAST($5 AS DATE) GROUP BY v.day`;

/**
 * Every day of the dates with a GDELT volume in one origin, oldest first, with the pair's sums that
 * day (0 when the pair had no event: the day was read). Days without a volume are not returned:
 * unknown; nor are days a file of which was imported with countries that keep neither of the pair
 * (its events of the pair were left out, so a 0 there would be no count: gdeltPairUnkept lists them).
 */
export async function gdeltPairDays(db: Reader, q: GdeltPairQuery): Promise<GdeltPairDay[]> {
  const rows = await db.all<Record<string, number | bigint | string | null>>(
    `WITH vol AS (SELECT day, rows AS volume FROM gdelt_volume_days WHERE origin = $1
        AND day BETWEEN CAST($4 AS DATE) AND CAST($5 AS DATE)),
      pair AS (${pairDaysSql(q)}), files AS (${filesPerDay})
    SELECT CAST(vol.day AS VARCHAR) AS date, vol.volume,
      CASE WHEN $1 = 'exports' THEN files.files END AS files, coalesce(q1, 0) AS q1, coalesce(q2, 0) AS q2,
      coalesce(q3, 0) AS q3, coalesce(q4, 0) AS q4, coalesce(mentions, 0) AS mentions, coalesce(gm, 0) AS gm,
      coalesce(tone, 0) AS tone
    FROM vol LEFT JOIN pair ON pair.day = vol.day LEFT JOIN files ON files.day = vol.day
    WHERE coalesce(files.kept, true) ORDER BY vol.day`,
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

/**
 * The days of the dates with a volume in one origin that gdeltPairDays leaves out for the pair: a
 * file of theirs was imported with countries keeping neither of it. With the scopes that did not.
 */
export async function gdeltPairUnkept(db: Reader, q: GdeltPairQuery): Promise<GdeltUnkeptDay[]> {
  const rows = await db.all<{ date: string; scopes: string[] }>(
    `SELECT CAST(v.day AS VARCHAR) AS date, list(DISTINCT i.scope ORDER BY i.scope) FILTER (WHERE NOT ${keepsPair('i.scope')}) AS scopes
    FROM gdelt_volume v JOIN imports i ON i.id = v.import_id
    WHERE v.origin = $1 AND v.day BETWEEN CAST($4 AS DATE) AND CAST($5 AS DATE)
    GROUP BY v.day HAVING NOT bool_and(${keepsPair('i.scope')}) ORDER BY v.day`,
    [q.origin, q.a, q.b, q.from, q.to],
  );
  return rows.map((r) => ({ date: String(r.date), scopes: [...r.scopes] }));
}

/**
 * The pair's most frequent event codes and most-mentioned source URLs within the dates (up to `limit`
 * each), on the days gdeltPairDays covers for the pair only: a day a file of which was imported with
 * countries keeping neither of it holds only the pair's rows some other field kept (the action's
 * location), which would read as what stood behind the period.
 */
export async function gdeltBehind(db: Reader, q: GdeltPairQuery & { limit: number }): Promise<GdeltBehind> {
  const params = [q.origin, q.a, q.b, q.from, q.to];
  const kept = `(SELECT day FROM (${filesPerDay}) WHERE kept)`;
  const cond = pairCond(q.directed, 'actor1_country', 'actor2_country');
  const num = (rows: Record<string, unknown>[]) =>
    rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
    );
  if (q.origin === 'bigquery') {
    const codes = await db.all(
      `SELECT root_code AS code, sum(events) AS events, sum(mentions) AS mentions FROM gdelt_aggregates
      WHERE $1 = 'bigquery' AND ${cond} AND day BETWEEN CAST($4 AS DATE) AND CAST($5 AS DATE) AND day IN ${kept}
      GROUP BY root_code ORDER BY events DESC, mentions DESC, code LIMIT ${q.limit}`,
      params,
    );
    return { eventCodes: num(codes) as GdeltBehind['eventCodes'], sources: [] };
  }
  const where = `$1 = 'exports' AND ${cond} AND date_added >= CAST($4 AS DATE) AND date_added < CAST($5 AS DATE) + INTERVAL 1 DAY
    AND CAST(date_added AS DATE) IN ${kept}`;
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
