/**
 * Stored linkage (issue 17) in DuckDB: runs, their scored pairs and their incidents of two or more
 * records, the stamp of source versions a period holds, and the deduplicated events relation
 * (one row per incident) that `--dedupe` counts read.
 */
import { listValue } from '@duckdb/node-api';
import type { EventFilter } from '../../domain/query.ts';
import {
  REPRESENTATIVE_ORDER,
  type LinkageRun,
  type LinkageWithin,
  type LinkageStamp,
  type NewLinkageRun,
  type StoredLinkage,
  type StoredPair,
} from '../stored-linkage.ts';
import type { Db, Reader } from './duckdb-connection.ts';
import { fingerprintSql, LINKED_PLACEMENT, saveDays, storedRules } from './duckdb-linkage-days.ts';
import { Params, whereClause } from './duckdb-filters.ts';
import type { Relation } from './duckdb-relations.ts';
import { inTransaction } from './duckdb-transaction.ts';

/** The tables of migration 15. */
export const LINKAGE_DDL: readonly string[] = [
  // Run ids are never reused, so a reader holding an old id finds nothing rather than a newer run.
  `CREATE SEQUENCE IF NOT EXISTS linkage_run_seq START 1`,
  `CREATE TABLE linkage_runs (id INTEGER PRIMARY KEY, period_from DATE NOT NULL, period_to DATE NOT NULL,
    computed_at VARCHAR NOT NULL, params VARCHAR NOT NULL, stamp VARCHAR NOT NULL, pairs INTEGER NOT NULL, clusters INTEGER NOT NULL)`,
  `CREATE TABLE linkage_pairs (run_id INTEGER NOT NULL, a VARCHAR NOT NULL, b VARCHAR NOT NULL, score DOUBLE NOT NULL,
    linked BOOLEAN NOT NULL, clustered BOOLEAN NOT NULL, reasons VARCHAR NOT NULL)`,
  `CREATE TABLE linkage_members (run_id INTEGER NOT NULL, event_id VARCHAR NOT NULL, cluster_id VARCHAR NOT NULL)`,
];

/**
 * Migration 36: what a run needs to be extended rather than linked again whole (duckdb-linkage-days.ts):
 * the rules it was scored by (`rules`; NULL for runs stored before, which are linked again whole
 * once), the start day of each pair's two records, and a fingerprint of each day's records.
 */
export const LINKAGE_DAYS_DDL: readonly string[] = [
  `ALTER TABLE linkage_runs ADD COLUMN IF NOT EXISTS rules VARCHAR`,
  `ALTER TABLE linkage_pairs ADD COLUMN IF NOT EXISTS day_a DATE`,
  `ALTER TABLE linkage_pairs ADD COLUMN IF NOT EXISTS day_b DATE`,
  `CREATE TABLE IF NOT EXISTS linkage_days (run_id INTEGER NOT NULL, day DATE NOT NULL, events INTEGER NOT NULL,
    fingerprint UBIGINT NOT NULL)`,
];

/** Events per source version with a start date in the period (superseded Candidate events left out). */
export async function linkageStamp(db: Reader, from: string, to: string): Promise<LinkageStamp[]> {
  const rows = await db.all<{ source: string; version: string; events: bigint | number; last: number }>(
    `SELECT source, source_version AS version, count(*) AS events, max(import_id) AS last FROM events
     WHERE superseded_by IS NULL AND date_start BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [from, to],
  );
  return rows.map((r) => ({
    source: r.source,
    version: r.version,
    events: Number(r.events),
    lastImport: Number(r.last),
  }));
}

/** The first start and last end of the current events whose dates overlap the period (Store.linkageSpan). */
export async function linkageSpan(
  db: Reader,
  from: string,
  to: string,
): Promise<{ from: string; to: string } | null> {
  const [row] = await db.all<{ from: string | null; to: string | null }>(
    `SELECT strftime(min(date_start), '%Y-%m-%d') AS "from",
       strftime(max(greatest(date_start, coalesce(date_end, date_start))), '%Y-%m-%d') AS "to" FROM events
     WHERE superseded_by IS NULL AND date_start <= CAST($2 AS DATE)
       AND coalesce(date_end, date_start) >= CAST($1 AS DATE)`,
    [from, to],
  );
  return row?.from && row.to ? { from: row.from, to: row.to } : null;
}

/** Every stored run, oldest period first. */
export async function linkageRuns(db: Reader): Promise<LinkageRun[]> {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT id, strftime(period_from, '%Y-%m-%d') AS "from", strftime(period_to, '%Y-%m-%d') AS "to",
     computed_at, params, stamp, pairs, clusters FROM linkage_runs ORDER BY period_from, id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    from: String(r.from),
    to: String(r.to),
    computedAt: String(r.computed_at),
    params: String(r.params),
    stamp: JSON.parse(String(r.stamp)) as LinkageStamp[],
    pairs: Number(r.pairs),
    clusters: Number(r.clusters),
  }));
}

/** The import mark of a stored run's stamp whose events were placed again since: no period's stamp has it. */
const REPLACED = -1;

/**
 * Makes stale the stored runs whose period holds an event that `table` (an `id` and the placement
 * columns, as updatePlacements stages them) places otherwise in a column linkage reads: each source
 * version of their stamp gets the import mark -1, which no period's stamp has, so the next reader
 * links the period again, extending the run by the days whose records changed. Their sources,
 * versions and counts, which readers show, stay. In the writer's open transaction, before the events
 * are updated.
 */
export async function staleReplacedRuns(db: Db, table: string): Promise<number> {
  // Most stores placed again hold no run: then the events are not compared.
  if (!(await db.all(`SELECT 1 FROM linkage_runs LIMIT 1`)).length) return 0;
  const moved = LINKED_PLACEMENT.map((c) => `e.${c} IS DISTINCT FROM u.${c}`).join(' OR ');
  const runs = await db.all<{ id: number; stamp: string }>(
    `WITH days AS (SELECT DISTINCT e.date_start AS day FROM events e JOIN ${table} u ON e.id = u.id WHERE ${moved})
     SELECT r.id, r.stamp FROM linkage_runs r WHERE EXISTS (SELECT 1 FROM days WHERE day BETWEEN r.period_from AND r.period_to)`,
  );
  for (const r of runs) {
    const stamp = (JSON.parse(r.stamp) as LinkageStamp[]).map((s) => ({ ...s, lastImport: REPLACED }));
    await db.run(`UPDATE linkage_runs SET stamp = $1 WHERE id = $2`, [JSON.stringify(stamp), r.id]);
  }
  return runs.length;
}

/** A new run's id: ids are never reused, so a reader holding an old id finds nothing rather than a newer run. */
export async function nextRunId(db: Db): Promise<number> {
  const [{ id }] = (await db.all<{ id: number }>(
    `SELECT CAST(nextval('linkage_run_seq') AS INTEGER) AS id`,
  )) as [{ id: number }];
  return id;
}

/** Writes a run's row, in the writer's open transaction (`rules` null: the run cannot be extended). */
export async function insertRun(
  db: Db,
  id: number,
  run: Pick<NewLinkageRun, 'from' | 'to' | 'computedAt' | 'params' | 'stamp'>,
  counts: { pairs: number; clusters: number },
  rules: string | null,
): Promise<void> {
  await db.run(
    `INSERT INTO linkage_runs (id, period_from, period_to, computed_at, params, stamp, pairs, clusters, rules)
     VALUES ($1, CAST($2 AS DATE), CAST($3 AS DATE), $4, $5, $6, $7, $8, $9)`,
    [
      id,
      run.from,
      run.to,
      run.computedAt,
      run.params,
      JSON.stringify(run.stamp),
      counts.pairs,
      counts.clusters,
      rules,
    ],
  );
}

/** Deletes runs with their pairs, incidents and days, in the writer's open transaction. */
export async function deleteRuns(db: Db, ids: readonly number[]): Promise<void> {
  if (!ids.length) return;
  const list = ids.map(Number).join(', ');
  for (const t of ['linkage_pairs', 'linkage_members', 'linkage_days'])
    await db.run(`DELETE FROM ${t} WHERE run_id IN (${list})`);
  await db.run(`DELETE FROM linkage_runs WHERE id IN (${list})`);
}

/**
 * Writes a run and deletes the runs it replaces, in one transaction; returns the new run's id. A run
 * without pairs given its rules keeps its days' fingerprints, so a later run can extend it
 * (duckdb-linkage-days.ts); one given with pairs is linked whole when it is replaced.
 */
export async function saveLinkageRun(db: Db, run: NewLinkageRun): Promise<number> {
  const rules = run.rules && !run.pairs.length ? storedRules(run.rules) : null;
  if (rules) {
    const fp = fingerprintSql(run);
    await db.run(fp.sql, fp.params);
  }
  try {
    return await inTransaction(db, async () => {
      await deleteRuns(db, run.replaces);
      const id = await nextRunId(db);
      await insertRun(db, id, run, { pairs: run.pairs.length, clusters: run.clusters.length }, rules);
      if (rules) await saveDays(db, id);
      const pairs = await db.raw.createAppender('linkage_pairs');
      let n = 0;
      for (const p of run.pairs) {
        // A run of a million pairs: let the event loop (a server's other requests) in now and then.
        if (++n % 20_000 === 0) await new Promise((resolve) => setImmediate(resolve));
        pairs.appendInteger(id);
        pairs.appendVarchar(p.a);
        pairs.appendVarchar(p.b);
        pairs.appendDouble(p.score);
        pairs.appendBoolean(p.linked);
        pairs.appendBoolean(p.clustered);
        pairs.appendVarchar(JSON.stringify(p.reasons));
        // Their records' days are not known here (such a run is never extended).
        pairs.appendNull();
        pairs.appendNull();
        pairs.endRow();
      }
      pairs.closeSync();
      const members = await db.raw.createAppender('linkage_members');
      for (const c of run.clusters)
        for (const m of c.members) {
          members.appendInteger(id);
          members.appendVarchar(m);
          members.appendVarchar(c.id);
          members.endRow();
        }
      members.closeSync();
      return id;
    });
  } finally {
    if (rules) await db.run('DROP TABLE IF EXISTS temp.lk_fp');
  }
}

/** The pairs and incidents of some runs, or the part of them `within` names (Store.storedLinkage). */
export async function storedLinkage(
  db: Reader,
  runIds: readonly number[],
  within: LinkageWithin = {},
): Promise<StoredLinkage> {
  const { events, clustered } = within;
  if (!runIds.length || events?.length === 0) return { pairs: [], clusters: [] };
  const ids = runIds.map(Number).join(', ');
  // The events as one list parameter, unnested in DuckDB: the choice is a semi-join, not a read of every link.
  const params = events ? [listValue([...events])] : [];
  const wanted = events ? 'WITH wanted AS (SELECT DISTINCT unnest($1::VARCHAR[]) AS id) ' : '';
  const only = (col: string) => (events ? ` AND ${col} IN (SELECT id FROM wanted)` : '');
  const pairs = await db.all<Record<string, unknown>>(
    `${wanted}SELECT a, b, score, linked, clustered, reasons FROM linkage_pairs
     WHERE run_id IN (${ids})${clustered ? ' AND clustered' : ''}${only('a')}${only('b')} ORDER BY a, b`,
    params,
  );
  const holding = events
    ? ` AND cluster_id IN (SELECT cluster_id FROM linkage_members WHERE run_id IN (${ids})${only('event_id')})`
    : '';
  const clusters = await db.all<{ id: string; members: string[] }>(
    `${wanted}SELECT cluster_id AS id, list_sort(list(event_id)) AS members FROM linkage_members
     WHERE run_id IN (${ids})${holding} GROUP BY 1 ORDER BY 1`,
    params,
  );
  return {
    pairs: pairs.map(storedPairOf),
    clusters: clusters.map((c) => ({ id: c.id, members: [...c.members] })),
  };
}

/** A row of linkage_pairs (a, b, score, linked, clustered, reasons) as a stored pair. */
export function storedPairOf(p: Record<string, unknown>): StoredPair {
  return {
    a: String(p.a),
    b: String(p.b),
    score: Number(p.score),
    linked: Boolean(p.linked),
    clustered: Boolean(p.clustered),
    reasons: JSON.parse(String(p.reasons)) as string[],
  };
}

// The representing source first: REPRESENTATIVE_ORDER, then any other source by name, then the id.
const RANK = `CASE e.source ${REPRESENTATIVE_ORDER.map((s, i) => `WHEN '${s.replace(/'/g, "''")}' THEN ${i}`).join(' ')} ELSE ${REPRESENTATIVE_ORDER.length} END, e.source, e.id`;
const INCIDENT = 'PARTITION BY coalesce(m.cluster_id, e.id)';

/**
 * Events of a filter, one row per incident (stored linkage): the record of the first source in
 * REPRESENTATIVE_ORDER among the incident's records that match the filter, with its low and high
 * deaths widened to the lowest low and highest high of those records (a record without a low or
 * high gives its best).
 */
export function dedupedRelation(filter: EventFilter): Relation {
  return {
    from: (cols, p: Params) => {
      const sel = cols.map((c) => (c === 'e.last_day AS last_day' ? 'e.date_start AS last_day' : c));
      return `(SELECT ${sel.join(', ')} FROM (
        SELECT e.* REPLACE (
          min(coalesce(e.fatalities_low, e.fatalities_best)) OVER (${INCIDENT}) AS fatalities_low,
          max(coalesce(e.fatalities_high, e.fatalities_best)) OVER (${INCIDENT}) AS fatalities_high),
          row_number() OVER (${INCIDENT} ORDER BY ${RANK}) AS incident_rank
        FROM events e LEFT JOIN linkage_members m ON m.event_id = e.id ${whereClause(filter, p)}
      ) e WHERE e.incident_rank = 1) e`;
    },
    measureCols: (metrics) => metrics.map((m) => `e.${m} AS ${m}`),
    events: 'count(*)',
    eventsWhere: (cond) => `count(*) FILTER (WHERE ${cond})`,
    known: (m) => `count(e.${m})`,
  };
}
