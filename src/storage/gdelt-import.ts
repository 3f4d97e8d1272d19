import type { GdeltAggregateRow } from '../domain/gdelt-barometer.ts';
import type { GdeltGapKind } from '../domain/gdelt-gap-kind.ts';

/** What importing one GDELT event file into `gdelt_events` needs (the engine reads the file itself). */
export interface GdeltImportOptions {
  /** The tab-separated file (a zip's member already written out). */
  path: string;
  /** GDELT's column names of this layout, in order (61, 58 or 57 of them). */
  columns: readonly string[];
  /** Keep only rows whose actors or action location are in these ISO3 countries; null keeps all. */
  countries: readonly string[] | null;
  /** FIPS 10-4 to ISO3 (null: a known code with no ISO country). */
  fipsToIso3: Readonly<Record<string, string | null>>;
  /** Records the independent count found with another number of fields, rejected whole. */
  ragged: readonly { record: number; fields: number; raw: string }[];
  fileSha256: string;
  /** Bytes of the file's longest record (the independent count's); the one-read path needs it under 1 MiB. */
  longestRecord?: number;
  /** Records the independent count found (the one-read path stores exactly these or falls back). */
  records?: number;
  /**
   * The independent count's order checksum: the sum over records of record number x GLOBALEVENTID,
   * modulo `prime` (see ingest/gdelt/gdelt-counter.ts); null when a GLOBALEVENTID is not all digits.
   */
  idOrder?: { sum: number; prime: number } | null;
  /**
   * The independent count's first GLOBALEVENTID when each record's id is the one before it plus 1
   * (record k holds id idRunFrom + k): the one-read path then stores each row's record number from its
   * id, without an UPDATE. Null or absent otherwise.
   */
  idRunFrom?: number | null;
}

/** What a GDELT import did, every row counted once: parsed = accepted + rejected + outOfScope. */
export interface GdeltImportResult {
  /** Rows DuckDB's reader gave. */
  parsed: number;
  accepted: number;
  rejected: number;
  outOfScope: number;
  /** Accepted rows whose GLOBALEVENTID was new. */
  added: number;
  /** Accepted rows that replaced a stored copy of the event with an older DATEADDED. */
  changed: number;
  /** Accepted rows identical in GLOBALEVENTID and DATEADDED to the stored copy. */
  unchanged: number;
  /** Accepted rows left out because a later copy of the event (in the file or stored) wins. */
  stale: number;
  /** Action-location FIPS codes not in the table, with their rows (the rows are kept, country unknown). */
  unknownFips: { code: string; rows: number }[];
  /** The latest DATEADDED of the file, as YYYYMMDDHHMMSS. */
  lastAdded: string | null;
}

/** A 15-minute slice of a fetched period with no usable GDELT export, and why. */
export interface GdeltGap {
  /** YYYYMMDDHHMMSS (UTC). */
  slice: string;
  /** Why, for a script: one of GDELT_GAP_KINDS (domain/gdelt-gap-kind.ts). */
  kind: GdeltGapKind;
  /** Why, for a person: one line naming the failure (`md5 mismatch: the list says ...`). */
  reason: string;
}

/** Which recorded GDELT gaps to read: slices from `from` to `to` (YYYYMMDDHHMMSS, both included), of these kinds (all without), `offset` skipped, then up to `limit` (all without). */
export interface GdeltGapQuery {
  from?: string;
  to?: string;
  kinds?: readonly GdeltGapKind[];
  limit?: number;
  offset?: number;
}

/** A page of recorded GDELT gaps and the count per kind of every gap its query matches (store.ts, gdeltGapPage). */
export interface GdeltGapPage {
  byKind: Partial<Record<GdeltGapKind, number>>;
  rows: (GdeltGap & { recordedAt: string })[];
}

/** A BigQuery job's aggregates with their provenance (query text, job id, bytes) and GDELT's volume per day. */
export interface GdeltAggregateBatch {
  project: string;
  jobId: string;
  location: string | null;
  query: string;
  bytesProcessed: number | null;
  bytesBilled: number | null;
  from: string;
  to: string;
  rows: readonly GdeltAggregateRow[];
  volume: readonly { day: string; rows: number }[];
  ranAt: string;
}
