/**
 * A linkage run in the engine (issue 17), on the writer: the period's records and their scored
 * candidate pairs as temporary tables (duckdb-linkage-scoring.ts), the links read out as typed
 * columns (chunks of numbers, no text) for clustering, and the run stored by INSERT ... SELECT from
 * those tables in one transaction, with the few links clustering refused and the incidents
 * appended back. Reasons become text in the engine, only as the run is stored.
 *
 * A run that replaces stored runs scored by the same rules is **extended** rather than linked again
 * whole (duckdb-linkage-days.ts): only the records of the days that changed are scored again, with
 * the records within reach of them; the stored runs' other pairs are kept as they were; and only the
 * incidents those records (and the links they lost) belong to are clustered again, since clustering
 * one connected group of links never reads another. The result is the same run, pair for pair and
 * incident for incident, as linking the period whole (a test compares them): a 2-row import into a
 * 3M-event store scored 3M records again for 31 s of CPU before.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type {
  LinkageClusterColumns,
  LinkageEngineResult,
  LinkageEngineRun,
  LinkageLinkColumns,
} from '../stored-linkage.ts';
import { bindable, timed, type Db } from './duckdb-connection.ts';
import { dayNumber, dirtyDaysSql, fingerprintSql, saveDays, storedRules } from './duckdb-linkage-days.ts';
import { Params, whereClause } from './duckdb-filters.ts';
import { bucketDays, linkedEvents } from './duckdb-linkage-candidates.ts';
import {
  candidateSql,
  numberSql,
  recordSql,
  scoringSql,
  widestWindow,
  type RecordTable,
} from './duckdb-linkage-scoring.ts';
import { deleteRuns, insertRun, nextRunId } from './duckdb-linkage.ts';
import { inTransaction } from './duckdb-transaction.ts';

const TEMP = [
  'lk_groups',
  'lk_num',
  'lk_rec',
  'lk_cand',
  'lk_pair',
  'lk_lrec',
  'lk_out',
  'lk_mem',
  'lk_fp',
  'lk_dirty',
  'lk_reach',
  'lk_new',
  'lk_relink',
  'lk_edge',
  'lk_aff',
  'lk_link',
  'lk_crec',
];

// Drops temporary tables (those that exist).
const drop = async (db: Db, tables: readonly string[]) => {
  for (const t of tables) await db.run(`DROP TABLE IF EXISTS temp.${t}`);
};

// Reads a query's rows a chunk at a time, as numbers, into `put(row, values)` (the values array is reused).
async function readColumns(
  conn: DuckDBConnection,
  sql: string,
  put: (row: number, values: readonly (number | null)[]) => void,
): Promise<void> {
  const result = await conn.stream(sql);
  let row = 0;
  const width = result.columnCount;
  const values = new Array<number | null>(width);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return;
    const vectors = Array.from({ length: width }, (_, i) => chunk.getColumnVector(i));
    for (let r = 0; r < chunk.rowCount; r++, row++) {
      for (let i = 0; i < width; i++) values[i] = vectors[i]!.getItem(r) as number | null;
      put(row, values);
    }
  }
}

// The records of the links to cluster (`lk_link`: a, b ids, score), numbered in id order (their
// numbers in `records` are), with the fields clustering reads from `records`, and the links, best
// first, as typed columns. Only the numbers are sorted: sorting the records with all their fields
// took a whole relink of 2.9M records (2.1M of them linked) to 1.4 GB of RSS.
async function linkColumns(db: Db, records: string): Promise<LinkageLinkColumns> {
  await db.run(`CREATE OR REPLACE TEMP TABLE lk_lrec AS
    WITH l AS (SELECT rid FROM ${records} WHERE id IN (SELECT a FROM lk_link UNION ALL SELECT b FROM lk_link)),
    n AS (SELECT rid, CAST(row_number() OVER (ORDER BY rid) - 1 AS INTEGER) AS k FROM l)
    SELECT n.k, r.id, r.source, r.d0, r.d1, r.lat, r.lon, r.pk, r.country, r.admin1_code
    FROM ${records} r JOIN n USING (rid)`);
  const [{ n, links }] = (await db.all<{ n: number; links: number }>(
    `SELECT CAST((SELECT count(*) FROM lk_lrec) AS INTEGER) AS n, CAST((SELECT count(*) FROM lk_link) AS INTEGER) AS links`,
  )) as [{ n: number; links: number }];
  const sources = (await db.all<{ s: string }>(`SELECT DISTINCT source AS s FROM lk_lrec ORDER BY 1`)).map(
    (r) => r.s,
  );
  const c: LinkageLinkColumns = {
    sources,
    source: new Int32Array(n),
    dayFrom: new Int32Array(n),
    dayTo: new Int32Array(n),
    lat: new Float64Array(n),
    lon: new Float64Array(n),
    placeKm: new Float64Array(n),
    country: new Int32Array(n),
    admin1: new Int32Array(n),
    a: new Int32Array(links),
    b: new Int32Array(links),
    score: new Float64Array(links),
  };
  const code = (col: string) =>
    `CASE WHEN ${col} IS NULL THEN -1 ELSE CAST(dense_rank() OVER (ORDER BY ${col}) AS INTEGER) END`;
  await readColumns(
    db.raw,
    `WITH s AS (SELECT source, CAST(row_number() OVER (ORDER BY source) - 1 AS INTEGER) AS si
       FROM (SELECT DISTINCT source FROM lk_lrec))
     SELECT s.si, r.d0, r.d1, r.lat, r.lon, r.pk, ${code('r.country')}, ${code('r.admin1_code')}
     FROM lk_lrec r JOIN s USING (source) ORDER BY r.k`,
    (i, v) => {
      c.source[i] = v[0]!;
      c.dayFrom[i] = v[1]!;
      c.dayTo[i] = v[2]!;
      c.lat[i] = v[3] ?? NaN;
      c.lon[i] = v[4] ?? NaN;
      c.placeKm[i] = v[5]!;
      c.country[i] = v[6]!;
      c.admin1[i] = v[7]!;
    },
  );
  await readColumns(
    db.raw,
    `SELECT la.k, lb.k, p.score FROM lk_link p JOIN lk_lrec la ON la.id = p.a JOIN lk_lrec lb ON lb.id = p.b
     ORDER BY p.score DESC, p.a, p.b`,
    (i, v) => {
      c.a[i] = v[0]!;
      c.b[i] = v[1]!;
      c.score[i] = v[2]!;
    },
  );
  return c;
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

// The refused links and the incidents of two or more records (their members, each with its root), appended to temporary tables.
async function appendOutcome(db: Db, c: LinkageLinkColumns, out: LinkageClusterColumns): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE lk_out (ka INTEGER, kb INTEGER, reason VARCHAR)`);
  await db.run(`CREATE OR REPLACE TEMP TABLE lk_mem (k INTEGER, root INTEGER)`);
  const refused = await db.raw.createAppender('lk_out', 'main', 'temp');
  for (const r of out.refused) {
    refused.appendInteger(c.a[r.link]!);
    refused.appendInteger(c.b[r.link]!);
    refused.appendVarchar(r.reason);
    refused.endRow();
  }
  refused.closeSync();
  const size = new Int32Array(out.root.length);
  for (const r of out.root) if (r >= 0) size[r]!++;
  const members = await db.raw.createAppender('lk_mem', 'main', 'temp');
  let n = 0;
  for (let k = 0; k < out.root.length; k++) {
    const r = out.root[k]!;
    if (r < 0 || size[r]! < 2) continue;
    members.appendInteger(k);
    members.appendInteger(r);
    members.endRow();
    // Let a server's other requests in now and then.
    if (++n % 50_000 === 0) await turn();
  }
  members.closeSync();
}

/** The widest window's days: how far from a record another may lie and still pair with it. */
const reachOf = (q: LinkageEngineRun) =>
  Math.max(...[q.window, ...Object.values(q.pairWindows)].map((w) => w.days));

// Whether the run can extend the runs it replaces: each was stored with the same parameters and
// rules, and with its days' fingerprints (runs stored before migration 36 have no rules).
async function extendable(db: Db, q: LinkageEngineRun): Promise<boolean> {
  if (!q.replaces.length || q.extend === false) return false;
  const [{ same }] = (await db.all<{ same: number }>(
    `SELECT CAST(count(*) AS INTEGER) AS same FROM linkage_runs
     WHERE id IN (${q.replaces.map(Number).join(', ')}) AND params = $1 AND rules = $2`,
    [q.params, storedRules(q.rules)],
  )) as [{ same: number }];
  return same === q.replaces.length;
}

/**
 * Fills `lk_dirty` with the changed days and says whether they hold at most half the period's
 * records: past that, extending costs more than linking whole (at scale 0.1 of the linkage bench,
 * every day changed: 8.2 s of CPU extended against 3.9-6.3 s whole) and the period is linked whole.
 */
async function fewChanged(db: Db, q: LinkageEngineRun): Promise<boolean> {
  await db.run(dirtyDaysSql(q.replaces, reachOf(q)));
  const [{ changed, all }] = (await db.all<{ changed: number; all: number }>(
    `SELECT CAST(coalesce(sum(events) FILTER (WHERE day IN (SELECT day FROM lk_dirty)), 0) AS INTEGER) AS changed,
       CAST(coalesce(sum(events), 0) AS INTEGER) AS "all" FROM lk_fp`,
  )) as [{ changed: number; all: number }];
  return changed <= all / 2;
}

// A statement run with its parameters and timed (FAULTLINE_SQL_PROFILE).
const exec = (db: Db, s: { sql: string; params: unknown[] }) =>
  timed(s.sql, () => db.raw.run(s.sql, bindable(s.params)));

/**
 * Rows a blocking or scoring statement takes, at most: a run of more records finds their candidate
 * pairs a range of days at a time, of about as many records each, and one of more candidates scores
 * them in slices of about as many (by their first record): each statement holds its own part only.
 * In one statement each, the blocking and scoring of 2.9M records (4.5-5M candidates, 1.44M pairs)
 * took the process to 1.6-1.7 GB of RSS against the store's 1 GB memory limit; in six and ten
 * pieces, the whole relink peaked at 1.42-1.48 GB, for the same CPU (docs/linkage.md).
 */
export const SCORING_SLICE = 500_000;

// The values of `expr` over `table` that cut its rows into slices of about `size`, as [first, last]
// ranges covering every value from -(top + 1) to `top` (default: every INTEGER).
async function cuts(
  db: Db,
  table: string,
  expr: string,
  size: number,
  top = 2 ** 31 - 1,
): Promise<[number, number][] | undefined> {
  const [{ n }] = (await db.all<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${table}`)) as [
    { n: number },
  ];
  const k = Math.ceil(n / Math.max(1, size));
  if (k <= 1) return undefined;
  const [{ at }] = (await db.all<{ at: number[] }>(
    `SELECT quantile_disc(${expr}, [${Array.from({ length: k - 1 }, (_, i) => `${(i + 1) / k}e0`).join(', ')}]) AS at FROM ${table}`,
  )) as [{ at: number[] }];
  const ranges: [number, number][] = [];
  let lo = -(top + 1);
  for (const c of [...at.map(Number), top])
    if (c >= lo) {
      ranges.push([lo, c]);
      lo = c + 1;
    }
  return ranges;
}

/**
 * Fills a table of the run's records (see RecordTable): numbered in id order (`lk_num`), then read
 * with their fields about `SCORING_SLICE` rows at a time (six statements of a whole relink of 2.9M
 * records, which in one statement held all of them at once).
 */
async function records(db: Db, q: LinkageEngineRun, t: RecordTable = {}): Promise<void> {
  for (const s of numberSql(q, t)) await exec(db, s);
  const rows = await cuts(db, 'lk_num', 'rw', q.slice ?? SCORING_SLICE, Number.MAX_SAFE_INTEGER);
  for (const s of recordSql(q, t, rows)) await exec(db, s);
  await drop(db, ['lk_num']);
}

// The candidate pairs (`lk_cand`) of the records (`lk_rec`) and their scores (`lk_pair`), in slices.
async function scorePairs(db: Db, q: LinkageEngineRun): Promise<void> {
  const size = q.slice ?? SCORING_SLICE;
  const bucket = bucketDays(widestWindow(q).days);
  const buckets = await cuts(db, 'lk_rec', `CAST(floor(d0 / ${bucket}) AS BIGINT)`, size);
  for (const s of candidateSql(q, buckets)) await exec(db, s);
  const slices = (await cuts(db, 'lk_cand', 'ra', size)) ?? [[1, 2 ** 31 - 1]];
  for (const s of scoringSql(q, slices)) await exec(db, s);
}

// The new pairs (`lk_pair`) by event id, with their records' start days: of an extension, only
// those of a record of a changed day (pairs of two other records are kept from the stored runs).
async function newPairs(db: Db, extend: boolean): Promise<void> {
  const day = (d: string) => `DATE '1970-01-01' + ${d}`;
  await db.run(`CREATE OR REPLACE TEMP TABLE lk_new AS
    SELECT a.id AS a, b.id AS b, p.score, p.linked, p.reasons, ${day('a.d0')} AS day_a, ${day('b.d0')} AS day_b
    FROM lk_pair p JOIN lk_rec a ON a.rid = p.ra JOIN lk_rec b ON b.rid = p.rb
    ${extend ? 'WHERE a.d0 IN (SELECT day FROM lk_dirty) OR b.d0 IN (SELECT day FROM lk_dirty)' : ''}`);
}

// SQL: a stored pair's record day is not among the changed days.
const clean = (col: string) => `${dayNumber(col)} NOT IN (SELECT day FROM lk_dirty)`;

/**
 * Of an extension (see the module comment): the changed days, the records within reach of theirs
 * scored (`lk_rec`, `lk_new`), and the records whose incidents are clustered again (`lk_aff`):
 * every record joined by a link, stored or new, to a record of a changed day or to one that lost a
 * link; their stored links of two unchanged days are clustered again (`lk_relink`) with the
 * reasons they were scored with (a refused link's refusal is taken off its list). The stored
 * pairs of two unchanged days outside those incidents are kept as they are.
 */
async function extension(db: Db, q: LinkageEngineRun): Promise<void> {
  const reach = reachOf(q);
  const old = q.replaces.map(Number).join(', ');
  // The days within reach of a changed day's records, as disjoint ranges (day numbers).
  const p = new Params();
  await exec(db, {
    sql: `CREATE OR REPLACE TEMP TABLE lk_reach AS
    WITH x AS (
      SELECT ${dayNumber('e.date_start')} - ${reach} AS lo, ${dayNumber('coalesce(e.date_end, e.date_start)')} + ${reach} AS hi
      FROM events e ${whereClause(linkedEvents(q), p)} AND ${dayNumber('e.date_start')} IN (SELECT day FROM lk_dirty)
    ),
    o AS (SELECT lo, hi, max(hi) OVER (ORDER BY lo, hi ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before FROM x),
    g AS (SELECT lo, hi, sum(CASE WHEN before IS NULL OR lo > before THEN 1 ELSE 0 END) OVER (ORDER BY lo, hi) AS island FROM o)
    SELECT min(lo) AS lo, max(hi) AS hi FROM g GROUP BY island`,
    params: p.values,
  });
  // The outer bounds first, on dates: a cheap filter that spares most rows the ranges' join.
  const within = `e.date_start <= DATE '1970-01-01' + (SELECT max(hi) FROM lk_reach)
    AND coalesce(e.date_end, e.date_start) >= DATE '1970-01-01' + (SELECT min(lo) FROM lk_reach)
    AND EXISTS (SELECT 1 FROM lk_reach i WHERE ${dayNumber('e.date_start')} <= i.hi
      AND ${dayNumber('coalesce(e.date_end, e.date_start)')} >= i.lo)`;
  await records(db, q, { filter: within });
  await scorePairs(db, q);
  await newPairs(db, true);
  const kept = `run_id IN (${old}) AND linked AND ${clean('day_a')} AND ${clean('day_b')}`;
  await db.run(`CREATE OR REPLACE TEMP TABLE lk_edge AS
    SELECT a, b FROM linkage_pairs WHERE ${kept} UNION ALL SELECT a, b FROM lk_new WHERE linked`);
  await db.run(`CREATE OR REPLACE TEMP TABLE lk_aff AS
    SELECT id FROM lk_rec WHERE d0 IN (SELECT day FROM lk_dirty)
    UNION SELECT unnest([a, b]) FROM linkage_pairs
    WHERE run_id IN (${old}) AND linked AND NOT (${clean('day_a')} AND ${clean('day_b')})`);
  // Grown a link at a time until no record joins (an incident's links reach a few records).
  for (let size = -1; ;) {
    const [{ n }] = (await db.all<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM lk_aff`)) as [
      { n: number },
    ];
    if (n === size) break;
    size = n;
    await db.run(`INSERT INTO lk_aff SELECT DISTINCT x FROM (
      SELECT e.b AS x FROM lk_edge e JOIN lk_aff f ON f.id = e.a UNION ALL SELECT e.a FROM lk_edge e JOIN lk_aff f ON f.id = e.b
    ) WHERE x NOT IN (SELECT id FROM lk_aff)`);
  }
  // The refusal appended to a refused link's reasons (its last element): ',' and its JSON text
  // before the closing bracket, as saveRun appends it.
  const refusal = `to_json(json_extract_string(reasons, '$[' || (json_array_length(reasons) - 1) || ']'))`;
  await db.run(`CREATE OR REPLACE TEMP TABLE lk_relink AS
    SELECT a, b, score, linked, CASE WHEN clustered THEN reasons
      ELSE left(reasons, -(length(${refusal}) + 2)) || ']' END AS reasons, day_a, day_b
    FROM linkage_pairs WHERE ${kept} AND a IN (SELECT id FROM lk_aff)`);
  await db.run(`CREATE OR REPLACE TEMP TABLE lk_link AS
    SELECT a, b, score, day_a, day_b FROM lk_relink UNION ALL SELECT a, b, score, day_a, day_b FROM lk_new WHERE linked`);
  // The fields of those links' records, some of them beyond the reach of the changed days (their
  // start days, kept with each pair, bound the rows read).
  await records(db, q, {
    table: 'lk_crec',
    filter: `e.date_start >= (SELECT least(min(day_a), min(day_b)) FROM lk_link)
      AND e.date_start <= (SELECT greatest(max(day_a), max(day_b)) FROM lk_link)
      AND e.id IN (SELECT a FROM lk_link UNION ALL SELECT b FROM lk_link)`,
  });
}

/**
 * Links a period in the engine and stores the run in one transaction (see the module comment):
 * `cluster` gets the links as typed columns and says which it refused and the incidents.
 */
export async function linkInEngine(
  db: Db,
  q: LinkageEngineRun,
  cluster: (links: LinkageLinkColumns) => Promise<LinkageClusterColumns>,
): Promise<LinkageEngineResult> {
  try {
    // Outside a transaction: DuckDB joined temporary tables written in the open transaction by
    // nested loops (a relink of 0.58M records ran for minutes instead of seconds).
    await exec(db, fingerprintSql(q));
    const extend = (await extendable(db, q)) && (await fewChanged(db, q));
    if (extend) await extension(db, q);
    else {
      await records(db, q);
      await scorePairs(db, q);
      await newPairs(db, false);
      await db.run(`CREATE OR REPLACE TEMP TABLE lk_relink AS FROM lk_new LIMIT 0`);
      await db.run(
        `CREATE OR REPLACE TEMP TABLE lk_link AS SELECT a, b, score, day_a, day_b FROM lk_new WHERE linked`,
      );
    }
    // Dropped once read (the candidates and scores copied to `lk_new`): less for DuckDB to hold,
    // or spill, while the links are read and the run is stored.
    await drop(db, ['lk_cand', 'lk_pair']);
    const links = await linkColumns(db, extend ? 'lk_crec' : 'lk_rec');
    const [{ scored }] = (await db.all<{ scored: number }>(
      `SELECT CAST(count(*) AS INTEGER) AS scored FROM lk_rec`,
    )) as [{ scored: number }];
    await drop(db, ['lk_rec', 'lk_crec']);
    const outcome = await cluster(links);
    await appendOutcome(db, links, outcome);
    return { ...(await saveRun(db, q, extend)), scored, extended: extend };
  } finally {
    await drop(db, TEMP);
  }
}

/**
 * Stores the run from the temporary tables and deletes the runs it replaces, in one transaction: of
 * an extension, the kept pairs and incidents move to the new run as they are (their run id
 * changed: copying them cost more than all the rest); the links clustered again with their
 * refusals, the new pairs, the new incidents, and the days' fingerprints are written.
 */
async function saveRun(
  db: Db,
  q: LinkageEngineRun,
  extend: boolean,
): Promise<Omit<LinkageEngineResult, 'scored' | 'extended'>> {
  const old = q.replaces.map(Number).join(', ');
  return inTransaction(db, async () => {
    const id = await nextRunId(db);
    if (extend) {
      await db.run(
        `UPDATE linkage_pairs SET run_id = $1 WHERE run_id IN (${old}) AND ${clean('day_a')} AND ${clean('day_b')}
         AND NOT (linked AND a IN (SELECT id FROM lk_aff))`,
        [id],
      );
      await db.run(
        `UPDATE linkage_members SET run_id = $1 WHERE run_id IN (${old}) AND event_id NOT IN (SELECT id FROM lk_aff)`,
        [id],
      );
    }
    // A refused link's reason is added to its list (the JSON text less its closing bracket).
    await db.run(
      `INSERT INTO linkage_pairs (run_id, a, b, score, linked, clustered, reasons, day_a, day_b)
       SELECT $1, p.a, p.b, p.score, p.linked, p.linked AND o.reason IS NULL,
         CASE WHEN o.reason IS NULL THEN p.reasons ELSE left(p.reasons, -1) || ',' || to_json(o.reason) || ']' END,
         p.day_a, p.day_b
       FROM (SELECT a, b, score, linked, reasons, day_a, day_b FROM lk_relink
         UNION ALL SELECT a, b, score, linked, reasons, day_a, day_b FROM lk_new) p
       LEFT JOIN (SELECT la.id AS a, lb.id AS b, o.reason FROM lk_out o
         JOIN lk_lrec la ON la.k = o.ka JOIN lk_lrec lb ON lb.k = o.kb) o ON o.a = p.a AND o.b = p.b`,
      [id],
    );
    await db.run(
      `INSERT INTO linkage_members
       SELECT $1, r.id, c.id FROM lk_mem m JOIN lk_lrec r ON r.k = m.k JOIN lk_lrec c ON c.k = m.root`,
      [id],
    );
    await saveDays(db, id);
    const [{ pairs, links, incidents }] = (await db.all<{ pairs: number; links: number; incidents: number }>(
      `SELECT CAST(count(*) AS INTEGER) AS pairs, CAST(count(*) FILTER (WHERE linked) AS INTEGER) AS links,
         CAST((SELECT count(DISTINCT cluster_id) FROM linkage_members WHERE run_id = $1) AS INTEGER) AS incidents
       FROM linkage_pairs WHERE run_id = $1`,
      [id],
    )) as [{ pairs: number; links: number; incidents: number }];
    await insertRun(db, id, q, { pairs, clusters: incidents }, storedRules(q.rules));
    await deleteRuns(db, q.replaces);
    return { id, pairs, links, incidents };
  });
}
