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
  /**
   * The scoring rules (LinkageEngineRun.rules) of a run without pairs (one source alone): stored
   * with its days' fingerprints, so the engine can extend it. Runs given with pairs are not.
   */
  rules?: string;
}

/** The pairs and incidents of some stored runs. */
export interface StoredLinkage {
  pairs: StoredPair[];
  clusters: StoredCluster[];
}

/**
 * The part of some stored runs a reader needs: with `events`, the pairs between two of them and the
 * incidents holding any of them (each with all its records); with `clustered`, only the pairs that
 * joined an incident. Chosen in the store, so a year of a run spanning decades costs a year's links.
 */
export interface LinkageWithin {
  events?: readonly string[];
  clustered?: boolean;
}

/** The order in which sources represent an incident in deduplicated counts (earlier first; others after, alphabetically). */
export const REPRESENTATIVE_ORDER: readonly string[] = ['ucdp-ged', 'ucdp-candidate', 'acled'];

/** How far a record's place may lie from its point (km), by source and precision code: the one rule set linkage (app/link-record.ts) and candidate blocking read. */
export interface PlaceRadiusRules {
  /** Sources whose name starts with `prefix`: km per precision code (a code not listed, or none: the place is unknown). */
  bySource: readonly { prefix: string; km: Readonly<Record<number, number>> }[];
  /** Km for any other source with a point. */
  otherKm: number;
}

/** Which events to pair up for linkage: start dates in the period, and the widest window of days and km (a superset: linkage checks each pair's own window). */
export interface LinkageCandidateQuery {
  from: string;
  to: string;
  days: number;
  km: number;
  radii: PlaceRadiusRules;
  /** Pairs per batch (default 5000). */
  batchSize?: number;
}

/** One record of a candidate pair: days since 1970-01-01, its point (null without a usable one) and the radius it is known within. */
export interface LinkageCandidateRecord {
  id: string;
  source: string;
  day_from: number;
  day_to: number;
  lat: number | null;
  lon: number | null;
  place_km: number;
  country: string | null;
  admin1_code: string | null;
  type: string | null;
  actor_ids: string[] | null;
  fatalities_best: number | null;
  fatalities_low: number | null;
  fatalities_high: number | null;
}

/** Two records of different sources that may describe one incident. */
export type LinkageCandidatePair = readonly [LinkageCandidateRecord, LinkageCandidateRecord];

/** A window of days and km as the engine's scoring reads it (the same shape as linkage's LinkWindow). */
export interface EngineWindow {
  days: number;
  km: number;
}

/**
 * A whole linkage run done in the engine (issue 17): candidate pairs found and scored in SQL, the
 * links handed to `cluster` as typed columns, and the run stored from the engine's own tables in
 * one transaction (the reasons are written as text by the engine, only when stored).
 */
export interface LinkageEngineRun extends Omit<LinkageCandidateQuery, 'days' | 'km' | 'batchSize'> {
  /** The window for any two sources without their own, and windows per source pair keyed `a|b` (names in order). */
  window: EngineWindow;
  pairWindows: Readonly<Record<string, EngineWindow>>;
  threshold: number;
  /** Score weights, summed in this order: date, place, type, actors, deaths, same toll. */
  weights: { date: number; place: number; type: number; actors: number; deaths: number; sameToll: number };
  /** Actor groups per actor id (an actor not listed is its own group). */
  actorGroups: Readonly<Record<string, readonly string[]>>;
  /** The run as stored: when, its parameters as JSON, its stamp, and the runs it replaces. */
  computedAt: string;
  params: string;
  stamp: LinkageStamp[];
  replaces: readonly number[];
  /**
   * The scoring rules as one key (place radii, weights, actor groups): a stored run scored by the
   * same rules and parameters is extended (only its changed days scored again), else linked whole.
   */
  rules: string;
  /** False: link the period whole even where the stored runs could be extended (a test compares the two). */
  extend?: boolean;
  /** Rows (records, candidate pairs) one blocking or scoring statement takes, at most (default: the engine's; a test takes few). */
  slice?: number;
}

/** The links of a run as typed columns, and what clustering gives back (one definition, in domain/). */
export type {
  LinkColumns as LinkageLinkColumns,
  ColumnClusters as LinkageClusterColumns,
} from '../domain/linkage-columns.ts';

/** What an engine run stored: its id, pairs scored, links, and incidents of two or more records. */
export interface LinkageEngineResult {
  id: number;
  pairs: number;
  links: number;
  incidents: number;
  /** The records scored again: every record of the period, or of an extension those within reach of its changed days. */
  scored: number;
  /** Whether the run extended the stored runs it replaces rather than linking the period whole. */
  extended: boolean;
}
