/**
 * The scoring of linkage (issue 17) in SQL: the records of a period as the engine's table `lk_rec`
 * (numbered in id order) and every candidate pair within its own window scored, as the table
 * `lk_pair` (score, link, reasons as JSON text). The same arithmetic, in the same order, as
 * `scorePair` in analytics/linkage/linkage.ts, so the engine computes it in parallel and the
 * scores are the same doubles; a test compares a stored run with `linkRecords`.
 */
import { ACTORS_UNKNOWN, TOLL_UNKNOWN, TYPE_UNKNOWN } from '../../domain/linkage-reasons.ts';
import type { EngineWindow, LinkageEngineRun } from '../stored-linkage.ts';
import { blockingCtes, blockingParams, linkedEvents, radiusSql } from './duckdb-linkage-candidates.ts';
import { Params, whereClause } from './duckdb-filters.ts';

// A double literal (DuckDB reads 0.15 as a DECIMAL; 0.15e0 is the double JavaScript reads).
const dbl = (x: number) => {
  if (!Number.isFinite(x)) throw new RangeError(`linkage: not a finite number: ${x}`);
  return `${x}e0`;
};

/** Where a run's records come from: `table` (default `lk_rec`), `filter` (SQL on the event `e`) keeping some of them. */
export interface RecordTable {
  table?: string;
  filter?: string;
}

// The WHERE clause of the period's events (and the filter's), with its placeholders in `p`.
const recordWhere = (q: LinkageEngineRun, p: Params, filter: string) =>
  `${whereClause(linkedEvents(q), p)}${filter ? ` AND ${filter}` : ''}`;

/**
 * The statements that fill `lk_groups` (actor id to group) and `lk_num`: each record's row
 * (`rowid`), its number in id order (`rid`) and its source. Only the ids are sorted: numbering
 * every record with all its columns took a whole relink of 2.9M records to 1.5 GB of RSS, 18 s of CPU.
 */
export function numberSql(
  q: LinkageEngineRun,
  { filter = '' }: RecordTable = {},
): { sql: string; params: unknown[] }[] {
  const g = new Params();
  const entries = Object.entries(q.actorGroups).flatMap(([id, gs]) => gs.map((x) => [id, x] as const));
  const groups = {
    sql: `CREATE OR REPLACE TEMP TABLE lk_groups AS SELECT unnest(${g.strings(entries.map((e) => e[0]))}) AS actor,
      unnest(${g.strings(entries.map((e) => e[1]))}) AS grp`,
    params: g.values,
  };
  const p = new Params();
  const sql = `CREATE OR REPLACE TEMP TABLE lk_num AS
SELECT e.rowid AS rw, CAST(row_number() OVER (ORDER BY e.id) AS INTEGER) AS rid, e.source FROM events e ${recordWhere(q, p, filter)}`;
  return [groups, { sql, params: p.values }];
}

/**
 * The statements that fill `table` (see RecordTable) with the records numbered in `lk_num`, with
 * their fields, a range of rows at a time: `rows` are [first, last] row ids (`rowid`), one statement
 * each (default: all in one), each reading and holding only its own rows.
 */
export function recordSql(
  q: LinkageEngineRun,
  { table = 'lk_rec', filter = '' }: RecordTable = {},
  rows?: readonly (readonly [number, number])[],
): { sql: string; params: unknown[] }[] {
  const p = new Params();
  const pk = radiusSql(q.radii, p);
  // Actors listed with no group (an unidentified actor) name none, as groupsOf in app/link-record.ts.
  const none = p.strings(Object.keys(q.actorGroups).filter((id) => !q.actorGroups[id]!.length));
  const where = recordWhere(q, p, filter);
  const piece = (range?: readonly [number, number]) => {
    const within = range ? ` AND e.rowid BETWEEN ${Math.trunc(range[0])} AND ${Math.trunc(range[1])}` : '';
    // Empty text is unknown, as the text stream read it; a record's actor groups are distinct.
    return `WITH s AS (SELECT source, CAST(row_number() OVER (ORDER BY count(*) DESC, source) AS INTEGER) AS sr FROM lk_num GROUP BY source),
gr AS (
  SELECT a.rw, list(DISTINCT coalesce(m.grp, a.actor)) AS groups
  FROM (SELECT e.rowid AS rw, unnest(e.actor_ids) AS actor FROM events e ${where}${within}) a LEFT JOIN lk_groups m ON m.actor = a.actor
  WHERE a.actor IS NOT NULL AND a.actor <> '' AND NOT list_contains(${none}, a.actor) GROUP BY a.rw
)
SELECT n.rid, e.id, e.source, nullif(e.country, '') AS country, nullif(e.admin1_code, '') AS admin1_code,
  nullif(e.common_type, '') AS common_type, e.fatalities_best, e.fatalities_low, e.fatalities_high,
  CAST(e.date_start - DATE '1970-01-01' AS INTEGER) AS d0,
  CAST(coalesce(e.date_end, e.date_start) - DATE '1970-01-01' AS INTEGER) AS d1,
  coalesce(${pk}, 0.0) AS pk, CASE WHEN ${pk} IS NULL THEN NULL ELSE e.lat END AS lat,
  CASE WHEN ${pk} IS NULL THEN NULL ELSE e.lon END AS lon, s.sr, (SELECT max(sr) FROM s) AS last,
  coalesce(gr.groups, []) AS groups
FROM events e JOIN lk_num n ON n.rw = e.rowid JOIN s ON s.source = n.source LEFT JOIN gr ON gr.rw = e.rowid
${where}${within}`;
  };
  return (rows ?? [undefined]).map((range, i) => ({
    sql: `${i ? `INSERT INTO ${table}` : `CREATE OR REPLACE TEMP TABLE ${table} AS`}\n${piece(range)}`,
    params: p.values,
  }));
}

// The window of each pair of sources: its own, else the default.
function windowSql(q: LinkageEngineRun, p: Params, pick: (w: EngineWindow) => string): string {
  const own = Object.entries(q.pairWindows).map(([key, w]) => `WHEN ${p.add(key)} THEN ${pick(w)}`);
  const key = `least(a.source, b.source) || '|' || greatest(a.source, b.source)`;
  return own.length ? `CASE ${key} ${own.join(' ')} ELSE ${pick(q.window)} END` : pick(q.window);
}

// Where a slice's record numbers go in the scoring statement (one each).
const [SLICE_FROM, SLICE_TO] = ['/*slice from*/', '/*slice to*/'];

// toFixed(1) of a distance: printf rounds an exact tie (2.25) to even, JavaScript up.
const oneDecimal = (x: string) =>
  `printf('%.1f', CASE WHEN ${x} * 4 = floor(${x} * 4) THEN ${x} + 0.01 ELSE ${x} END)`;

/** The widest window's days and km: the blocking's reach. */
export function widestWindow(q: LinkageEngineRun): { days: number; km: number } {
  const windows = [q.window, ...Object.values(q.pairWindows)];
  return { days: Math.max(...windows.map((w) => w.days)), km: Math.max(...windows.map((w) => w.km)) };
}

/**
 * The statements that fill `lk_cand` with the candidate pairs of `lk_rec` by blocking (ra < rb in id
 * order), a range of day buckets (bucketDays of the widest window) at a time: `buckets` are [first,
 * last] bucket numbers, one statement each (default: all in one), each reading only the records
 * that reach its buckets and holding only the keys in them (duckdb-linkage-engine.ts `SCORING_SLICE`).
 */
export function candidateSql(
  q: LinkageEngineRun,
  buckets?: readonly (readonly [number, number])[],
): { sql: string; params: unknown[] }[] {
  const b = new Params();
  const { days, km } = widestWindow(q);
  const bp = blockingParams(days, km, b);
  const cand = (range?: readonly [number, number]) => {
    // A record's keys lie in the buckets of its days widened by the window (lone records') at most.
    const reach = range
      ? ` WHERE d1 + ${bp.W} >= CAST(${Math.trunc(range[0])} AS BIGINT) * ${bp.B}
          AND d0 - ${bp.W} < (CAST(${Math.trunc(range[1])} AS BIGINT) + 1) * ${bp.B}`
      : '';
    return `WITH rs AS MATERIALIZED (SELECT rid, sr, last, d0, d1, CASE WHEN lat IS NULL THEN NULL ELSE pk END AS pk, lat, lon, country FROM lk_rec${reach}),
${blockingCtes(bp, range)}
SELECT least(x, y) AS ra, greatest(x, y) AS rb FROM pairs`;
  };
  return (buckets ?? [undefined]).map((range, i) => ({
    sql: `${i ? 'INSERT INTO lk_cand' : 'CREATE OR REPLACE TEMP TABLE lk_cand AS'}\n${cand(range)}`,
    params: b.values,
  }));
}

/**
 * The statements that fill `lk_pair` with the candidates (`lk_cand`) within their own window, scored,
 * with their reasons, a slice at a time: `slices` are the [first, last] record numbers (`rid`) of the
 * pairs' first records, one statement each, each holding its slice's pairs only.
 */
export function scoringSql(
  q: LinkageEngineRun,
  slices: readonly (readonly [number, number])[],
): { sql: string; params: unknown[] }[] {
  const p = new Params();
  const wd = windowSql(q, p, (w) => `CAST(${p.add(w.days)} AS INTEGER)`);
  const wk = windowSql(q, p, (w) => `CAST(${p.add(w.km)} AS DOUBLE)`);
  const W = q.weights;
  // haversineKm (domain/great-circle.ts) term by term: squares as products, the same grouping.
  const rad = `(pi() / 180e0)`;
  const hav = `2 * 6371.0088e0 * asin(least(1, sqrt(
    (sin((b.lat - a.lat) * ${rad} / 2) * sin((b.lat - a.lat) * ${rad} / 2))
    + cos(a.lat * ${rad}) * cos(b.lat * ${rad}) * (sin((b.lon - a.lon) * ${rad} / 2) * sin((b.lon - a.lon) * ${rad} / 2)))))`;
  const sql = `WITH j AS MATERIALIZED (
  SELECT a.rid AS ra, b.rid AS rb, a.country AS ca, b.country AS cb, a.admin1_code AS pa, b.admin1_code AS pb,
    a.source <> b.source AS two, greatest(0, b.d0 - a.d1, a.d0 - b.d1) AS gap,
    CASE WHEN a.lat IS NULL OR b.lat IS NULL THEN NULL ELSE ${hav} END AS raw,
    a.pk AS pka, b.pk AS pkb, ${wd} AS wd, ${wk} AS wk
  FROM lk_cand JOIN lk_rec a ON a.rid = lk_cand.ra JOIN lk_rec b ON b.rid = lk_cand.rb
  WHERE lk_cand.ra BETWEEN ${SLICE_FROM} AND ${SLICE_TO}
),
g AS (SELECT *, CASE WHEN raw IS NULL THEN NULL ELSE greatest(0, raw - pka - pkb) END AS km FROM j),
-- placeCompatible and the pair's own window (the blocking used the widest), before the rest is read.
v AS MATERIALIZED (
  SELECT * FROM g WHERE two AND gap <= wd AND NOT coalesce(ca <> cb, false)
    AND CASE WHEN km IS NOT NULL THEN km <= wk WHEN pa IS NOT NULL AND pb IS NOT NULL THEN pa = pb
      ELSE ca IS NOT NULL AND ca = cb END
),
w AS (
  SELECT v.*, a.common_type AS ta, b.common_type AS tb, a.groups AS ga, b.groups AS gb,
    a.fatalities_best AS xa, b.fatalities_best AS xb,
    coalesce(a.fatalities_low, a.fatalities_best) AS alo, coalesce(a.fatalities_high, a.fatalities_best) AS ahi,
    coalesce(b.fatalities_low, b.fatalities_best) AS blo, coalesce(b.fatalities_high, b.fatalities_best) AS bhi,
    len(a.groups) > 0 AND len(b.groups) > 0 AS actors_known, list_intersect(a.groups, b.groups) AS shared,
    list_filter(a.groups, lambda x: NOT list_contains(b.groups, x)) AS only_a,
    list_filter(b.groups, lambda x: NOT list_contains(a.groups, x)) AS only_b,
    a.fatalities_best IS NOT NULL AND b.fatalities_best IS NOT NULL AS deaths_known
  FROM v JOIN lk_rec a ON a.rid = v.ra JOIN lk_rec b ON b.rid = v.rb
),
c AS MATERIALIZED (
  SELECT *,
    1 - CAST(gap AS DOUBLE) / (wd + 1) AS s_date,
    CASE WHEN km IS NOT NULL THEN 0.75e0 * greatest(0, 1 - km / wk) + 0.25e0 * greatest(0, 1 - raw / (wk + pka + pkb))
      WHEN pa IS NOT NULL AND pb IS NOT NULL THEN CASE WHEN pa = pb THEN 0.5e0 ELSE 0e0 END ELSE 0.25e0 END AS s_place,
    CASE WHEN ta IS NULL OR tb IS NULL THEN 0.5e0 WHEN ta = tb THEN 1e0 ELSE 0e0 END AS s_type,
    actors_known AND len(only_a) > 0 AND len(only_b) > 0 AS contradiction,
    CASE WHEN NOT actors_known THEN 0.5e0 WHEN len(only_a) > 0 AND len(only_b) > 0 THEN 0e0
      ELSE CAST(len(shared) AS DOUBLE) / (len(shared) + len(only_a) + len(only_b)) END AS s_actors,
    deaths_known AND ((alo <= bhi AND blo <= ahi) OR greatest(xa, xb) <= 2 OR greatest(xa, xb) <= 2 * least(xa, xb)) AS compatible,
    CASE WHEN deaths_known THEN 1 - CAST(abs(xa - xb) AS DOUBLE) / greatest(xa, xb, 1) ELSE 0.5e0 END AS s_deaths,
    CASE WHEN NOT deaths_known THEN 0.5e0 WHEN xa = xb THEN 1e0 WHEN abs(xa - xb) <= 1 THEN 0.5e0 ELSE 0e0 END AS s_same
  FROM w
),
s AS (
  SELECT *, round((${dbl(W.date)} * s_date + ${dbl(W.place)} * s_place + ${dbl(W.type)} * s_type
    + ${dbl(W.actors)} * s_actors + ${dbl(W.deaths)} * s_deaths + ${dbl(W.sameToll)} * s_same) * 1e6) / 1e6 AS score
  FROM c
)
SELECT ra, rb, score, NOT contradiction AND score >= ${dbl(q.threshold)} AS linked,
  '[' || concat_ws(',',
    to_json(CASE WHEN gap = 0 THEN 'dates overlap'
      ELSE 'dates ' || CAST(gap AS VARCHAR) || CASE WHEN gap = 1 THEN ' day' ELSE ' days' END || ' apart' END),
    to_json(CASE WHEN km IS NOT NULL THEN ${oneDecimal('km')} || ' km apart beyond their place uncertainty'
      WHEN pa IS NOT NULL AND pb IS NOT NULL THEN
        CASE WHEN pa = pb THEN 'no two points: same province ' || pa ELSE 'no two points: different provinces' END
      ELSE 'no two points or provinces: same country' END),
    to_json(CASE WHEN ta IS NOT NULL AND tb IS NOT NULL THEN
      CASE WHEN ta = tb THEN 'same type (' || ta || ')' ELSE 'different types (' || ta || ', ' || tb || ')' END
      ELSE ${p.add(TYPE_UNKNOWN)} END),
    to_json(CASE WHEN actors_known THEN CASE WHEN contradiction
      THEN 'different actors (' || array_to_string(list_sort(only_a), ', ') || ' / ' || array_to_string(list_sort(only_b), ', ') || ')'
      ELSE 'shared actor groups (' || array_to_string(list_sort(shared), ', ') || ')' END
      ELSE ${p.add(ACTORS_UNKNOWN)} END),
    to_json(CASE WHEN deaths_known THEN CASE WHEN xa = xb THEN 'same toll (' || CAST(xa AS VARCHAR) || ')'
      ELSE CASE WHEN compatible THEN 'fatalities compatible (' ELSE 'fatalities differ (' END
        || CAST(xa AS VARCHAR) || ', ' || CAST(xb AS VARCHAR) || ')' END
      ELSE ${p.add(TOLL_UNKNOWN)} END)
  ) || ']' AS reasons
FROM s`;
  return [
    ...slices.map(([lo, hi], i) => ({
      sql: `${i ? 'INSERT INTO lk_pair' : 'CREATE OR REPLACE TEMP TABLE lk_pair AS'}\n${sql}`
        .replace(SLICE_FROM, String(Math.trunc(lo)))
        .replace(SLICE_TO, String(Math.trunc(hi))),
      params: p.values,
    })),
  ];
}
