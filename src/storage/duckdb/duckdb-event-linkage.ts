/**
 * The stored linkage of one record (an event's detail, issue 17): the scored pairs it is part of
 * and the incident that holds it, read from some stored runs without reading the runs whole (a run
 * of the whole store holds a million pairs).
 */
import type { StoredLinkage } from '../stored-linkage.ts';
import type { Reader } from './duckdb-connection.ts';
import { storedPairOf } from './duckdb-linkage.ts';

/** The pairs of one record, best score first, and its incident of two or more records (none when it is its own). */
export async function eventLinkage(
  db: Reader,
  runIds: readonly number[],
  eventId: string,
): Promise<StoredLinkage> {
  if (!runIds.length) return { pairs: [], clusters: [] };
  const ids = runIds.map(Number).join(', ');
  const pairs = await db.all<Record<string, unknown>>(
    `SELECT a, b, score, linked, clustered, reasons FROM linkage_pairs
     WHERE run_id IN (${ids}) AND (a = $1 OR b = $1) ORDER BY score DESC, a, b`,
    [eventId],
  );
  const clusters = await db.all<{ id: string; members: string[] }>(
    `SELECT cluster_id AS id, list_sort(list(event_id)) AS members FROM linkage_members
     WHERE run_id IN (${ids}) AND cluster_id IN (
       SELECT cluster_id FROM linkage_members WHERE run_id IN (${ids}) AND event_id = $1)
     GROUP BY 1 ORDER BY 1`,
    [eventId],
  );
  return {
    pairs: pairs.map(storedPairOf),
    clusters: clusters.map((c) => ({ id: c.id, members: [...c.members] })),
  };
}
