/**
 * What faultline's relations barometer reads from the store's own GDELT rows: per day, a pair's
 * events by QuadClass with their mentions, Goldstein and tone sums, and GDELT's volume that day (the
 * rows GDELT published, read in full even when only some were kept). See docs/relations.md.
 */

/** Where the store's GDELT rows came from: exports fetched or imported file by file, or BigQuery aggregates. */
export type GdeltOrigin = 'exports' | 'bigquery';

/** The GDELT origins with a volume, and the days they cover. */
export interface GdeltOriginCoverage {
  origin: GdeltOrigin;
  firstDay: string;
  lastDay: string;
  /** Days with a volume (a day without one is not known, never 0). */
  days: number;
}

/** One day of a pair in one origin: GDELT's volume, and the pair's events (all 0 when the pair had none that day). */
export interface GdeltPairDay {
  /** The DATEADDED day (UTC). */
  date: string;
  /** GDELT rows added that day that the store read (every row, in scope or not). */
  volume: number;
  /**
   * GDELT exports (15-minute files; GDELT publishes 96 a day) the store read rows added that day
   * from; null for BigQuery aggregates, which are no files.
   */
  files: number | null;
  /** The pair's events by QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. */
  q1: number;
  q2: number;
  q3: number;
  q4: number;
  /** Sum of NumMentions over the pair's events. */
  mentions: number;
  /** Sum of GoldsteinScale x NumMentions. */
  goldsteinMentions: number;
  /** Sum of AvgTone over the pair's events. */
  toneSum: number;
}

/** A day with a GDELT volume whose files did not all keep a pair's rows, and the `--countries` scopes that did not. */
export interface GdeltUnkeptDay {
  date: string;
  /** The scopes (ISO3 codes joined by commas, as the ledger keeps them) that kept neither country. */
  scopes: string[];
}

/** A pair and dates to read (directed: actor 1 is `a`, actor 2 is `b`; else either way round). */
export interface GdeltPairQuery {
  origin: GdeltOrigin;
  a: string;
  b: string;
  directed: boolean;
  from: string;
  to: string;
}

/** What stands behind a period of the barometer: its most-mentioned event codes and source articles. */
export interface GdeltBehind {
  /** CAMEO codes (full codes from exports, root codes from BigQuery aggregates), most events first. */
  eventCodes: { code: string; events: number; mentions: number }[];
  /** Source URLs of the pair's events, most mentioned first (exports only: aggregates keep no URL). */
  sources: { url: string; date: string; eventCode: string; quadClass: number; mentions: number }[];
}

/** One row of the BigQuery aggregate: a pair, a DATEADDED day, a QuadClass and a root code. */
export interface GdeltAggregateRow {
  day: string;
  actor1Country: string;
  actor2Country: string;
  quadClass: number;
  rootCode: string;
  events: number;
  mentions: number;
  /** Sum of GoldsteinScale x NumMentions. */
  goldsteinMentions: number;
  toneSum: number;
}
