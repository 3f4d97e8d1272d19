/**
 * Candidate pairs for cross-source linkage (issue 17), found by the engine: space-time blocking
 * over day buckets x grid cells, streamed to linkage a batch at a time (tab-separated text), so that no caller holds
 * every record of a period in memory.
 *
 * Sources are ranked by their number of records. Between two sources, each record of the larger
 * one is put in the buckets and cells its own extent touches (its date range; its point widened by
 * its place radius), each record of the smaller one in those its reach touches (date range widened
 * by the window's days; point widened by its radius plus the window's km). Two records can lie
 * within the window only if they share a key, and a pair is emitted at the first key they share
 * only, so never twice. Records without a usable point meet records of the same country in the
 * same day buckets. The engine then keeps the pairs within the window's days and km (less both
 * radii); linkage checks each pair again against its own source pair's window.
 */
import type {
  LinkageCandidatePair,
  LinkageCandidateQuery,
  LinkageCandidateRecord,
  PlaceRadiusRules,
} from '../stored-linkage.ts';
import type { EventFilter } from '../../domain/query.ts';
import type { StreamReader } from './duckdb-event-stream.ts';
import { Params, whereClause } from './duckdb-filters.ts';

// Km per degree of latitude, rounded down so that a cell range in degrees always covers the km.
const KM_PER_DEG = 111.0;

/**
 * The events a run links: every source's records with a start date in the period, published desk
 * events included (only published ones are in the events table), so that `--dedupe` and
 * `disagreements --include-desk` find a desk event's twin. Filters without desk events leave the
 * desk records out of an incident afterwards, as they leave out any other source.
 */
export function linkedEvents(q: { from: string; to: string }): EventFilter {
  return { from: q.from, to: q.to, includeDesk: true };
}

/** The place radius as app/link-record.ts computes it: null when the record has no usable point. */
export function radiusSql(rules: PlaceRadiusRules, p: Params): string {
  const bySource = rules.bySource.map(({ prefix, km }) => {
    const codes = Object.entries(km).map(([code, r]) => `WHEN ${p.add(Number(code))} THEN ${p.add(r)}`);
    const cases = codes.length ? `CASE e.geo_precision ${codes.join(' ')} ELSE NULL END` : 'NULL';
    return `WHEN starts_with(e.source, ${p.add(prefix)}) THEN CAST(${cases} AS DOUBLE)`;
  });
  return `CASE WHEN e.lat IS NULL OR e.lon IS NULL THEN NULL WHEN e.geo_exact THEN 0.0
    ${bySource.join(' ')} ELSE CAST(${p.add(rules.otherKm)} AS DOUBLE) END`;
}

// A record's fields as linkage reads them, tab-separated (an empty field is null): cheaper for the
// engine to write and for JavaScript to read than JSON.
const FIELDS = [
  'id',
  'source',
  'd0',
  'd1',
  'lat',
  'lon',
  'pk',
  'country',
  'admin1_code',
  'common_type',
  'actors',
  'fatalities_best',
  'fatalities_low',
  'fatalities_high',
] as const;
const record = (r: string) =>
  FIELDS.map((f) => `coalesce(CAST(${r}.${f} AS VARCHAR), '')`).join(` || chr(9) || `);

/** The days of a day bucket of the blocking, for a window of `days`: four times the window. */
export const bucketDays = (days: number) => 4 * (days + 1);

/** The engine's blocking sizes: day buckets of four times the window, cells twice the window's km wide. */
export function blockingParams(days: number, km: number, p: Params): BlockingParams {
  // A record's reach touches few keys (about 6 for an exact point and day), and a key holds few records.
  return {
    W: p.add(days),
    K: p.add(km),
    B: p.add(bucketDays(days)),
    G: p.add((2 * Math.max(1, km)) / KM_PER_DEG),
  };
}

/** Placeholders of the blocking's window (W days, K km), day bucket (B days) and cell (G degrees). */
export interface BlockingParams {
  W: string;
  K: string;
  B: string;
  G: string;
}

/**
 * The CTEs (after a WITH that defines `rs`: rid, sr, last, d0, d1, pk, lat, lon, country) that end
 * in `pairs (x, y)`: record ids of two sources sharing a key, each pair once (see the module comment);
 * with `buckets` [first, last], only the pairs met in those day buckets (each pair is met in one).
 */
export function blockingCtes({ W, K, B, G }: BlockingParams, buckets?: readonly [number, number]): string {
  const within = (kb: string) =>
    buckets ? ` AND ${kb} BETWEEN ${Math.trunc(buckets[0])} AND ${Math.trunc(buckets[1])}` : '';
  const lonHalf = (rad: string) =>
    `(${rad}) / (${KM_PER_DEG} * greatest(cos(radians(least(abs(lat) + (${rad}) / ${KM_PER_DEG}, 89.9))), 0.01))`;
  return `ext AS (
  SELECT rid, sr, 0 AS role, d0 AS f, d1 AS t, pk + 0.5 AS rad, lat, lon FROM rs WHERE sr < last AND lat IS NOT NULL
  UNION ALL
  SELECT rid, sr, 1 AS role, d0 - ${W}, d1 + ${W}, pk + ${K} + 0.5, lat, lon FROM rs WHERE sr > 1 AND lat IS NOT NULL
),
box AS (
  SELECT rid, sr, role, CAST(floor(f / ${B}) AS BIGINT) AS b0, CAST(floor(t / ${B}) AS BIGINT) AS b1,
    CAST(floor((lat - rad / ${KM_PER_DEG}) / ${G}) AS BIGINT) AS y0,
    CAST(floor((lat + rad / ${KM_PER_DEG}) / ${G}) AS BIGINT) AS y1,
    CAST(floor((lon - ${lonHalf('rad')}) / ${G}) AS BIGINT) AS x0,
    CAST(floor((lon + ${lonHalf('rad')}) / ${G}) AS BIGINT) AS x1
  FROM ext
),
k1 AS (SELECT rid, sr, role, b0, y0, x0, y1, x1, unnest(range(b0, b1 + 1)) AS kb FROM box),
k2 AS (SELECT rid, sr, role, b0, y0, x0, x1, kb, unnest(range(y0, y1 + 1)) AS ky FROM k1 WHERE true${within('kb')}),
k3 AS (SELECT rid, sr, role, b0, y0, x0, kb, ky, unnest(range(x0, x1 + 1)) AS kx FROM k2),
-- One BIGINT per key (bucket, cell row, cell column): a single-column hash join.
k AS MATERIALIZED (
  SELECT rid, sr, role, b0, y0, x0, kb * 4398046511104 + (ky + 1048576) * 2097152 + (kx + 1048576) AS key,
    kb, ky, kx FROM k3
),
near AS (
  SELECT h.rid AS x, q.rid AS y FROM (SELECT * FROM k WHERE role = 0) h
  JOIN (SELECT * FROM k WHERE role = 1) q ON h.key = q.key AND h.sr < q.sr
  WHERE h.kb = greatest(h.b0, q.b0) AND h.ky = greatest(h.y0, q.y0) AND h.kx = greatest(h.x0, q.x0)
),
-- Records without a usable point: their reach in day buckets against every record's own days, same country.
lone AS (
  SELECT rid, sr, country, CAST(floor(f / ${B}) AS BIGINT) AS b0, unnest(range(CAST(floor(f / ${B}) AS BIGINT), CAST(floor(t / ${B}) AS BIGINT) + 1)) AS kb
  FROM (SELECT rid, sr, country, d0 - ${W} AS f, d1 + ${W} AS t FROM rs WHERE lat IS NULL AND country IS NOT NULL)
),
home AS (
  SELECT rid, sr, country, lat IS NULL AS pointless, CAST(floor(d0 / ${B}) AS BIGINT) AS b0,
    unnest(range(CAST(floor(d0 / ${B}) AS BIGINT), CAST(floor(d1 / ${B}) AS BIGINT) + 1)) AS kb
  FROM rs WHERE country IS NOT NULL
),
far AS (
  SELECT l.rid AS x, h.rid AS y FROM lone l JOIN home h ON l.country = h.country AND l.kb = h.kb AND l.sr <> h.sr
  WHERE l.kb = greatest(l.b0, h.b0) AND (NOT h.pointless OR l.sr < h.sr)${within('l.kb')}
),
pairs AS (SELECT x, y FROM near UNION ALL SELECT x, y FROM far)`;
}

/** The SQL and parameters of the candidate pairs (one row of two tab-separated records per pair). */
export function candidateSql(q: LinkageCandidateQuery): { sql: string; params: unknown[] } {
  const p = new Params();
  const where = whereClause(linkedEvents(q), p);
  const pk = radiusSql(q.radii, p);
  const bp = blockingParams(q.days, q.km, p);
  const { W, K } = bp;
  const sql = `
WITH r AS MATERIALIZED (
  SELECT row_number() OVER () AS rid, e.id, e.source, e.country, e.admin1_code, e.common_type,
    array_to_string(e.actor_ids, ',') AS actors,
    e.fatalities_best, e.fatalities_low, e.fatalities_high,
    CAST(e.date_start - DATE '1970-01-01' AS INTEGER) AS d0,
    CAST(coalesce(e.date_end, e.date_start) - DATE '1970-01-01' AS INTEGER) AS d1,
    ${pk} AS pk, e.lat AS lat0, e.lon AS lon0
  FROM events e ${where}
),
s AS (SELECT source, CAST(row_number() OVER (ORDER BY count(*) DESC, source) AS INTEGER) AS sr FROM r GROUP BY source),
rs AS MATERIALIZED (
  SELECT r.* EXCLUDE (lat0, lon0), CASE WHEN pk IS NULL THEN NULL ELSE lat0 END AS lat,
    CASE WHEN pk IS NULL THEN NULL ELSE lon0 END AS lon, s.sr, (SELECT max(sr) FROM s) AS last
  FROM r JOIN s USING (source)
),
${blockingCtes(bp)}
SELECT ${record('a')} || chr(9) || ${record('b')} AS pair
FROM pairs JOIN rs a ON a.rid = pairs.x JOIN rs b ON b.rid = pairs.y
WHERE greatest(0, b.d0 - a.d1, a.d0 - b.d1) <= ${W}
  AND (a.country IS NULL OR b.country IS NULL OR a.country = b.country)
  AND (a.lat IS NULL OR b.lat IS NULL OR 2 * 6371.0088 * asin(least(1, sqrt(
    pow(sin(radians(b.lat - a.lat) / 2), 2) + cos(radians(a.lat)) * cos(radians(b.lat)) * pow(sin(radians(b.lon - a.lon) / 2), 2)
  ))) - a.pk - b.pk <= ${K} + 0.01)`;
  return { sql, params: p.values };
}

const text = (v: string | undefined) => (v ? v : null);
const num = (v: string | undefined) => (v ? Number(v) : null);

// One record of a pair from its tab-separated fields, starting at `at`.
function recordOf(f: readonly string[], at: number): LinkageCandidateRecord {
  return {
    id: f[at]!,
    source: f[at + 1]!,
    day_from: Number(f[at + 2]),
    day_to: Number(f[at + 3]),
    lat: num(f[at + 4]),
    lon: num(f[at + 5]),
    place_km: num(f[at + 6]) ?? 0,
    country: text(f[at + 7]),
    admin1_code: text(f[at + 8]),
    type: text(f[at + 9]),
    actor_ids: f[at + 10] ? f[at + 10]!.split(',') : null,
    fatalities_best: num(f[at + 11]),
    fatalities_low: num(f[at + 12]),
    fatalities_high: num(f[at + 13]),
  };
}

/** The candidate pairs of a period, `batchSize` pairs at a time, from one streamed query on a connection of its own. */
export async function* linkageCandidates(
  db: StreamReader,
  q: LinkageCandidateQuery,
): AsyncGenerator<LinkageCandidatePair[]> {
  const size = Math.max(1, Math.min(q.batchSize ?? 5000, 100_000));
  const { sql, params } = candidateSql(q);
  let batch: LinkageCandidatePair[] = [];
  for await (const texts of db.streamSession((s) => s.strings(sql, params))) {
    for (const t of texts) {
      const f = t.split('\t');
      batch.push([recordOf(f, 0), recordOf(f, FIELDS.length)]);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}
