/**
 * A whole linkage run in the engine (issue 17), on the writer in one transaction: the period's
 * records and their scored candidate pairs as temporary tables (duckdb-linkage-scoring.ts), the
 * links read out as typed columns (chunks of numbers, no text) for clustering, and the run stored
 * by INSERT ... SELECT from those tables, with the few links clustering refused and the incidents
 * appended back. Reasons become text in the engine, only as the run is stored.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type {
  LinkageClusterColumns,
  LinkageEngineResult,
  LinkageEngineRun,
  LinkageLinkColumns,
} from '../stored-linkage.ts';
import { bindable, timed, type Db } from './duckdb-connection.ts';
import { pairSql, recordSql } from './duckdb-linkage-scoring.ts';

const TEMP = ['lk_groups', 'lk_rec', 'lk_cand', 'lk_pair', 'lk_lrec', 'lk_out', 'lk_mem'];

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

// The records of links (numbered in id order) and the links, best first, as typed columns.
async function linkColumns(db: Db): Promise<LinkageLinkColumns> {
  await db.run(`CREATE OR REPLACE TEMP TABLE lk_lrec AS
    SELECT CAST(row_number() OVER (ORDER BY rid) - 1 AS INTEGER) AS k, rid FROM lk_rec
    WHERE rid IN (SELECT ra FROM lk_pair WHERE linked UNION ALL SELECT rb FROM lk_pair WHERE linked)`);
  const [{ n, links }] = (await db.all<{ n: number; links: number }>(
    `SELECT CAST((SELECT count(*) FROM lk_lrec) AS INTEGER) AS n,
      CAST((SELECT count(*) FROM lk_pair WHERE linked) AS INTEGER) AS links`,
  )) as [{ n: number; links: number }];
  const sources = (await db.all<{ s: string }>(`SELECT DISTINCT source AS s FROM lk_rec ORDER BY 1`)).map(
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
       FROM (SELECT DISTINCT source FROM lk_rec))
     SELECT s.si, r.d0, r.d1, r.lat, r.lon, r.pk, ${code('r.country')}, ${code('r.admin1_code')}
     FROM lk_lrec l JOIN lk_rec r USING (rid) JOIN s USING (source) ORDER BY l.k`,
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
    `SELECT la.k, lb.k, p.score FROM lk_pair p JOIN lk_lrec la ON la.rid = p.ra JOIN lk_lrec lb ON lb.rid = p.rb
     WHERE p.linked ORDER BY p.score DESC, p.ra, p.rb`,
    (i, v) => {
      c.a[i] = v[0]!;
      c.b[i] = v[1]!;
      c.score[i] = v[2]!;
    },
  );
  return c;
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

// The refused links and the incidents of two or more records, appended to temporary tables.
async function appendOutcome(db: Db, c: LinkageLinkColumns, out: LinkageClusterColumns): Promise<number> {
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
  let incidents = 0;
  let n = 0;
  for (let k = 0; k < out.root.length; k++) {
    const r = out.root[k]!;
    if (r < 0 || size[r]! < 2) continue;
    if (r === k) incidents++;
    members.appendInteger(k);
    members.appendInteger(r);
    members.endRow();
    // Let a server's other requests in now and then.
    if (++n % 50_000 === 0) await turn();
  }
  members.closeSync();
  return incidents;
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
    for (const s of [...recordSql(q), ...pairSql(q)])
      await timed(s.sql, () => db.raw.run(s.sql, bindable(s.params)));
    const links = await linkColumns(db);
    const outcome = await cluster(links);
    const incidents = await appendOutcome(db, links, outcome);
    return await saveRun(db, q, incidents);
  } finally {
    for (const t of TEMP) await db.run(`DROP TABLE IF EXISTS temp.${t}`);
  }
}

// Stores the run from the temporary tables, deleting the runs it replaces, in one transaction.
async function saveRun(db: Db, q: LinkageEngineRun, incidents: number): Promise<LinkageEngineResult> {
  await db.run('BEGIN TRANSACTION');
  try {
    if (q.replaces.length) {
      const ids = q.replaces.map(Number).join(', ');
      for (const t of ['linkage_pairs', 'linkage_members'])
        await db.run(`DELETE FROM ${t} WHERE run_id IN (${ids})`);
      await db.run(`DELETE FROM linkage_runs WHERE id IN (${ids})`);
    }
    const [{ id, pairs }] = (await db.all<{ id: number; pairs: number }>(
      `SELECT CAST(nextval('linkage_run_seq') AS INTEGER) AS id, CAST((SELECT count(*) FROM lk_pair) AS INTEGER) AS pairs`,
    )) as [{ id: number; pairs: number }];
    await db.run(
      `INSERT INTO linkage_runs VALUES ($1, CAST($2 AS DATE), CAST($3 AS DATE), $4, $5, $6, $7, $8)`,
      [id, q.from, q.to, q.computedAt, q.params, JSON.stringify(q.stamp), pairs, incidents],
    );
    // A refused link's reason is added to its list (the JSON text less its closing bracket).
    await db.run(
      `INSERT INTO linkage_pairs
       SELECT $1, a.id, b.id, p.score, p.linked, p.linked AND o.reason IS NULL,
         CASE WHEN o.reason IS NULL THEN p.reasons ELSE left(p.reasons, -1) || ',' || to_json(o.reason) || ']' END
       FROM lk_pair p JOIN lk_rec a ON a.rid = p.ra JOIN lk_rec b ON b.rid = p.rb
       LEFT JOIN (SELECT la.rid AS ra, lb.rid AS rb, o.reason FROM lk_out o
         JOIN lk_lrec la ON la.k = o.ka JOIN lk_lrec lb ON lb.k = o.kb) o ON o.ra = p.ra AND o.rb = p.rb`,
      [id],
    );
    await db.run(
      `INSERT INTO linkage_members
       SELECT $1, r.id, c.id FROM lk_mem m JOIN lk_lrec lm ON lm.k = m.k JOIN lk_rec r ON r.rid = lm.rid
       JOIN lk_lrec lc ON lc.k = m.root JOIN lk_rec c ON c.rid = lc.rid`,
      [id],
    );
    const [{ links: linked }] = (await db.all<{ links: number }>(
      `SELECT CAST(count(*) AS INTEGER) AS links FROM lk_pair WHERE linked`,
    )) as [{ links: number }];
    await db.run('COMMIT');
    return { id, pairs, links: linked, incidents };
  } catch (e) {
    await db.run('ROLLBACK');
    throw e;
  }
}
