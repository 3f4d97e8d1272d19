/**
 * Linkage results as the store keeps them (issue 17): runs over a period, each with the scored
 * pairs and the incidents of two or more records it found, and the stamp of the source versions
 * it was computed from (a stored run whose stamp no longer matches the events is stale).
 */

/** The events of one source version in a period, as a run was computed from them. */
export interface LinkageStamp {
  source: string;
  version: string;
  events: number;
  /** The latest import that wrote one of these events. */
  lastImport: number;
}

/** A scored candidate pair as stored (`a` < `b`). */
export interface StoredPair {
  a: string;
  b: string;
  score: number;
  linked: boolean;
  clustered: boolean;
  reasons: string[];
}

/** An incident of two or more records (single records are not stored: they are their own incident). */
export interface StoredCluster {
  id: string;
  members: string[];
}

/** One stored linkage run: its period (start dates, both included), when, with what parameters and from which versions. */
export interface LinkageRun {
  id: number;
  from: string;
  to: string;
  computedAt: string;
  /** The linkage parameters, as JSON. */
  params: string;
  stamp: LinkageStamp[];
  pairs: number;
  clusters: number;
}

/** A run to store, with the runs it replaces (deleted in the same transaction). */
export interface NewLinkageRun extends Omit<LinkageRun, 'id' | 'pairs' | 'clusters'> {
  pairs: readonly StoredPair[];
  clusters: readonly StoredCluster[];
  replaces: readonly number[];
}

/** The pairs and incidents of some stored runs. */
export interface StoredLinkage {
  pairs: StoredPair[];
  clusters: StoredCluster[];
}

/** The order in which sources represent an incident in deduplicated counts (earlier first; others after, alphabetically). */
export const REPRESENTATIVE_ORDER: readonly string[] = ['ucdp-ged', 'ucdp-candidate', 'acled'];
