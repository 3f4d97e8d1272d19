import type {
  AggregateRow,
  AggregateSpec,
  DyadCounts,
  EventPlace,
  IndexUnits,
  PanelCell,
  PanelQuery,
} from '../domain/aggregate.ts';
import type { EventSummary, EventSummaryColumn } from '../domain/event-summary.ts';
import type { EventFilter, EventPageQuery, EventSort } from '../domain/query.ts';
import type { DyadIndexDay } from '../domain/dyad-index.ts';
import type {
  DeskAuditEntry,
  DeskEvent,
  DeskIncidentRelation,
  DeskQueueItem,
  DeskState,
  KeyRole,
} from '../domain/desk.ts';
import type {
  AddedEventsQuery,
  AlertCondition,
  AlertEvaluationWrite,
  AlertQuery,
  LatestAlertsQuery,
  DeliveryAttempt,
  DeliveryQuery,
  DeliveryStatus,
  NewAlertRule,
  StoredAlert,
  StoredAlertRule,
  StoredDelivery,
} from './alert-records.ts';
import type {
  GdeltBehind,
  GdeltOriginCoverage,
  GdeltPairDay,
  GdeltPairQuery,
  GdeltUnkeptDay,
} from '../domain/gdelt-barometer.ts';
import type { Statistic } from '../domain/statistic.ts';
import type { SourceArchive } from './archive/source-archive.ts';
import type {
  GdeltAggregateBatch,
  GdeltGap,
  GdeltGapPage,
  GdeltGapQuery,
  GdeltImportOptions,
  GdeltImportResult,
} from './gdelt-import.ts';
import type {
  DelimitedLayout,
  DirectImportOptions,
  DirectImportResult,
  MapStagedOptions,
  NativeMapResult,
  StagedFile,
  StagedNdjson,
} from './native-import.ts';
import type {
  LinkageCandidatePair,
  LinkageCandidateQuery,
  LinkageClusterColumns,
  LinkageEngineResult,
  LinkageEngineRun,
  LinkageLinkColumns,
  LinkageRun,
  LinkageStamp,
  LinkageWithin,
  NewLinkageRun,
  StoredLinkage,
} from './stored-linkage.ts';
import type { DisagreementsQuery, DisagreementsTally, EventScope } from './stored-disagreements.ts';
import type {
  DistrictGroup,
  EventGeo,
  PlacementCount,
  PlacementEventsPage,
  PlacementEventsQuery,
  PlacementKey,
  StagedEvent,
  StoredEvent,
  SummaryEvent,
} from '../domain/placed-event.ts';

/** What placing events again did: events placed, and those whose placement changed (written). */
export interface PlacementUpdate {
  placed: number;
  changed: number;
}

/** What the import ledger records about one file import. */
export interface LedgerEntry {
  id: number;
  fileName: string;
  bytes: number;
  sha256: string;
  format: string;
  source: string;
  version: string;
  versionInferred: boolean;
  /** Data rows in the file, counted independently of the parser (header and HXL rows excluded). */
  rowsRead: number;
  accepted: number;
  rejected: number;
  metadataRows: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  /** Rows of an older version than the one stored, left as they were. */
  stale: number;
  warnings: number;
  startedAt: string;
  durationMs: number;
  /** The period the file declares it covers, or null (coverage then comes from its events' dates). */
  coverageFrom: string | null;
  coverageTo: string | null;
  /** Rows a country filter left out (only imports that filter, e.g. GDELT with --countries): accepted + rejected + outOfScope = rowsRead. */
  outOfScope?: number;
  /** The countries the import kept (comma-separated ISO3), when it filtered. */
  scope?: string;
  /** Which reader parsed the file: 'duckdb' or 'javascript'; absent for imports from before the ledger kept it, and for BigQuery's aggregates. */
  parsedBy?: string;
  /** The sha256 of the normalised column mapping a mapped CSV was read with (absent for other formats and older imports). */
  mappingSha256?: string;
}

/** The parts of a ledger entry known when an import starts. */
export type ImportStart = Pick<
  LedgerEntry,
  'fileName' | 'bytes' | 'sha256' | 'format' | 'source' | 'startedAt' | 'mappingSha256'
> & {
  /**
   * The mapped dataset the file's events belong to (their source ids start with `<dataset>:`): the
   * versions, removals and consent count of the import are those of the dataset, not of its whole source.
   */
  dataset?: string;
  /** Whether rows of this source missing from the file (within its dates and countries) count as removed. */
  supersedeScope: boolean;
  /**
   * How many stored events the import may remove beyond the share it may always remove
   * (REMOVAL_SHARE_WITHOUT_CONSENT of the source's stored events); more refuses the import.
   */
  allowRemovals?: number;
};

/** Share of a source's stored events a full release may remove without `--allow-removals` (5%). */
export const REMOVAL_SHARE_WITHOUT_CONSENT = 0.05;

/** What is known only once every row has been read. */
export interface ImportFinal {
  /** Size and digest, when they were measured while the file was being parsed (not known at begin). */
  bytes?: number;
  sha256?: string;
  version: string;
  versionInferred: boolean;
  rowsRead: number;
  metadataRows: number;
  warnings: number;
  /** The period the release declares it covers (SourceFormat.declaredCoverage), when it declares one. */
  coverage?: { from: string; to: string } | null;
  /** Rows a country filter left out, for imports that filter (GDELT). */
  outOfScope?: number;
  /** The countries kept (comma-separated ISO3), for imports that filter. */
  scope?: string;
}

/** A rejected source row as kept in the store. */
export interface StoredRejection {
  importId: number;
  line: number;
  field: string | null;
  value: string | null;
  reason: string;
  raw: string;
}

/** A warning a row was imported with, read back from the event or statistic the row became. */
export interface StoredWarning {
  importId: number;
  kind: 'event' | 'statistic' | 'gdelt';
  /** The event's or the statistic's id (a GDELT row's GLOBALEVENTID). */
  id: string;
  /**
   * The 1-based line of the source file the row's record starts on, as a rejected row's `line` names
   * it; null when it is not known: an event stored before the source archive, or whose file the
   * archive no longer holds; a statistic stored before the store kept its line (migration 30).
   */
  line: number | null;
  /** An event's (or GDELT row's) record number in its file; null for a statistic (the store keeps none). */
  record: number | null;
  /** The field the warning is about, and its value, where the warning names one. */
  field: string | null;
  value: string | null;
  warning: string;
}

/** Which import's warnings to read, from which and up to how many, and the FIPS codes the GDELT importer knows (any other is a warning). */
export interface ImportWarningsQuery {
  importId: number;
  limit?: number;
  /** Warnings skipped before the first one read (0 without it). */
  offset?: number;
  knownFips: readonly string[];
}

/** An import's warnings (up to a limit), with how many the store holds and over how many rows. */
export interface ImportWarnings {
  warnings: StoredWarning[];
  total: number;
  /** Distinct rows (events and statistics) with a warning, the unit of the ledger's `warnings`. */
  rows: number;
}

/** One recorded change of an event between dataset versions. */
export interface EventChange {
  importId: number;
  eventId: string;
  change: 'added' | 'changed' | 'removed';
  oldVersion: string | null;
  newVersion: string | null;
}

/**
 * First and last dates a source version covers, with its event count: the period its imports
 * declare (`basis: 'declared'`), else its first event's start to its last event's end (`events`).
 */
export interface Coverage {
  source: string;
  version: string;
  firstDate: string;
  lastDate: string;
  basis: 'declared' | 'events';
  events: number;
  countries: string[];
}

/** A published statistic as stored, with the sha256 of the file it was imported from (null when unknown). */
/**
 * A statistic with where its record lies: the sha256 of the imported file (the ledger's) and the
 * 1-based line its record starts on (null when unknown: stored before migration 30).
 */
export type StoredStatistic = Statistic & { fileSha256: string | null; line: number | null };

/** An import in progress: everything written through it appears at commit, or never. */
/**
 * Several imports in one transaction of the store (GDELT files of one run): each is its own session
 * with its own ledger entry, counts and reconciliation, and none is stored until `commit`. A session
 * that rolls back rolls the whole batch back (`aborted`): the caller then stores the others again.
 */
export interface ImportBatch {
  /** An import inside the batch (its commit writes its ledger entry, not yet stored). */
  beginImport(start: ImportStart): Promise<ImportSession>;
  /** findImport seen from inside the batch (its imports so far included). */
  findImport(sha256: string, format: string): Promise<LedgerEntry | null>;
  /** True once any session of the batch rolled back: nothing of it will be stored. */
  readonly aborted: boolean;
  /** Stores every import of the batch at once. */
  commit(): Promise<void>;
  /** Stores none of them. */
  rollback(): Promise<void>;
}

export interface ImportSession {
  readonly importId: number;
  addEvents(rows: readonly StagedEvent[]): Promise<void>;
  addStatistics(rows: readonly (Statistic & { line: number })[]): Promise<void>;
  /** Days of a dyad index (ledger source = the index's name), upserted per day and pair at commit. */
  addDyadIndexDays(rows: readonly (DyadIndexDay & { line: number })[]): Promise<void>;
  addRejections(rows: readonly Omit<StoredRejection, 'importId'>[]): Promise<void>;
  /**
   * Rejects in-file duplicate ids, diffs against stored rows, applies, writes the ledger and commits.
   * The version may only be known (inferred) after reading, so it comes here.
   */
  commit(final: ImportFinal): Promise<LedgerEntry>;
  rollback(): Promise<void>;
  /** Parses a delimited file with the engine's own reader (engines that can: `capabilities.nativeImport`). */
  stageDelimited?(layout: DelimitedLayout): Promise<StagedFile>;
  /**
   * Parses an NDJSON file with the engine's own readers: one row per line, each key a text column, as
   * `stageDelimited` does for a delimited file (or why the file must be read the JavaScript way). The
   * session's first step: an engine may stage the file outside the import's transaction.
   */
  stageNdjson?(path: string, source: string): Promise<StagedNdjson>;
  /** Maps the staged file with a native mapper into staged events and rejections. */
  mapStaged?(opts: MapStagedOptions): Promise<NativeMapResult>;
  /**
   * Reads, maps and writes a delimited file straight into the store, without staging, when no stored
   * event of its source exists (nothing to diff); null otherwise (then stage and map it).
   */
  importDirect?(opts: DirectImportOptions): Promise<DirectImportResult | null>;
  /** Reads a GDELT event file into the store's GDELT table (reports, kept apart from events). */
  importGdelt?(opts: GdeltImportOptions): Promise<GdeltImportResult>;
  /** Writes a BigQuery job's GDELT aggregates with their provenance and GDELT's volume per day (replacing stored days). */
  importGdeltAggregates?(
    batch: GdeltAggregateBatch,
  ): Promise<{ accepted: number; added: number; changed: number; unchanged: number }>;
}

/** A page of events with the total that matches the filter. */
export interface EventPage {
  rows: StoredEvent[];
  total: number;
}

/**
 * The text of an exported event row: a CSV record (with its newline), the summary as a JSON object,
 * or a GeoJSON Feature of it. Each is what `JSON.stringify` and csv-stringify (formula-escaped,
 * lists joined with '; ') write of the summary (domain/event-summary.ts).
 */
export type EventTextForm = 'csv' | 'json' | 'feature';

/** An export row's text with the source record it came from (null when the event has none archived). */
export interface SourcedText {
  text: string;
  fileSha256: string | null;
  recordNo: number | null;
}

/** Which archived source record an event came from (file hash and record number; null for none). */
export interface SourceRecordRef {
  id: string;
  fileSha256: string | null;
  recordNo: number | null;
}

/** Events matching a filter, in a listing's order, read a batch at a time (exports). */
export interface EventStreamQuery extends EventFilter {
  /** Also list UCDP Candidate events a final GED release has superseded. */
  includeSuperseded?: boolean;
  sort?: EventSort;
  /** Rows per batch (default 5000). */
  batchSize?: number;
  /** Skip this many matching rows first. */
  offset?: number;
  /** At most this many rows in all. */
  limit?: number;
}

/** The values the loaded events use for the filters that name things (to check a filter against). */
export interface FilterValues {
  countries: string[];
  /** Province codes, and the names and labels the sources and boundaries give them. */
  admin1: { code: string | null; name: string | null; label: string | null }[];
  /** District names, labels and codes. */
  admin2: string[];
  /** Each district name, label and code with a country its events lie in (a name two countries share has both). */
  admin2Countries: { value: string; country: string }[];
  /** Common types, source types and subtypes. */
  types: string[];
  sources: string[];
  versions: string[];
}

/** An API key as stored: never the key itself, only its sha256 hash and the prefix id it starts with. */
export interface StoredApiKey {
  /** Public prefix id, part of the key text, used to find the hash. */
  id: string;
  name: string | null;
  role: KeyRole;
  /** Hex sha256 of the whole key text. */
  sha256: string;
  createdAt: string;
  revokedAt: string | null;
}

/** A boundary set a user added (GeoJSON kept verbatim, with how to read it). */
export interface StoredBoundarySet {
  id: number;
  name: string;
  level: 'admin1' | 'admin2';
  country: string;
  nameProperty: string;
  codeProperty: string | null;
  sha256: string;
  units: number;
  geojson: string;
  importedAt: string;
}

/** A dyad index held in the store: its source name, versions, first and last day, days and pairs. */
export interface DyadIndexSource {
  source: string;
  /** Versions of the imports, comma-separated. */
  version: string;
  firstDate: string;
  lastDate: string;
  days: number;
  /** Pairs as `AFG-PAK` (alphabetical). */
  pairs: string[];
}

/** The days of one pair of one dyad index source within dates (countryA < countryB). */
export interface DyadDaysQuery {
  source: string;
  countryA: string;
  countryB: string;
  from: string;
  to: string;
}

/** What an engine can and cannot do, so callers branch on capabilities, never on engine names. */
export interface StoreCapabilities {
  /** Several processes may write at once. */
  concurrentWriters: boolean;
  /** An import is one transaction: interrupted, it leaves no trace. */
  transactionalImports: boolean;
  /** Delimited files are parsed and mapped inside the engine (ImportSession.stageDelimited and mapStaged). */
  nativeImport: boolean;
}

/**
 * Which published statistics to read: by metric and dates, never by country. A figure compiled twice
 * can name different countries in its records (IOM's 501,242 returns: Pakistan to Afghanistan in
 * one, Afghanistan alone in the other), and the list merges them over every record before its own
 * country filter keeps or leaves the whole figure (docs/importing.md, "Which country a figure is
 * of"): read by country, the merge saw one record and not its copy.
 */
export interface StatisticFilter {
  metric?: string;
  /** Periods ending on or after this date. */
  from?: string;
  /** Periods starting (or, for stocks, ending) on or before this date. */
  to?: string;
}

/**
 * A desk change, written in one transaction: the event's new working copy, its audit entry, and
 * the canonical row it counts with (a StagedEvent to publish, null to stop counting it, or
 * undefined to leave the events table as it is).
 */
export interface DeskChange {
  event: DeskEvent;
  /** The state and version the change was decided on (null: a new event); another change since refuses it (ConflictError). */
  expected: { state: DeskState; version: number } | null;
  audit: Omit<DeskAuditEntry, 'seq'>;
  counted?: StagedEvent | null;
  /** Possible-same-incident links to write (replacing the one of the same pair and direction), each direction its own row. */
  links?: readonly DeskLinkRow[];
  /** Links to remove, each direction named (an edit after which two events no longer share a day and place). */
  unlinks?: readonly Pick<DeskLinkRow, 'event_id' | 'other_id'>[];
  /** Changes of other desk events made in the same transaction (the event a published one supersedes, retracted). */
  also?: readonly Omit<DeskChange, 'also' | 'links' | 'unlinks'>[];
}

/** One direction of a possible-same-incident link: how `event_id` stands to `other_id`. */
export interface DeskLinkRow {
  event_id: number;
  other_id: number;
  relation: DeskIncidentRelation;
  /** When the link was made or decided. */
  at: string;
}

/** The desk as a change sees it inside its write transaction (Store.decideDeskChange). */
export interface DeskTransactionReads {
  /** The desk events (not retracted) of one day and country, with their links: where the same-incident rule looks. */
  deskEventsOfDay(day: string, country: string): Promise<DeskEvent[]>;
  /** One desk event with its links as they stand now, or null. */
  getDeskEvent(id: number): Promise<DeskEvent | null>;
  /**
   * The desk events (not retracted) whose notes are this text, with their links, newest first:
   * where a news draft's save looks for the event its passage was saved as before.
   */
  deskEventsOfPassage(notes: string): Promise<DeskEvent[]>;
}

/** Which desk events to list: states (all when none), at most `limit` (default 1000), newest first. */
export interface DeskListQuery {
  states?: readonly DeskState[];
  limit?: number;
}

/** Which audit entries to list: one event's (or all), after a sequence number, at most `limit`. */
export interface DeskAuditQuery {
  eventId?: number;
  afterSeq?: number;
  limit?: number;
}

/** The Store port: the one interface the application uses for persistence. */
export interface Store {
  readonly engine: string;
  readonly capabilities: StoreCapabilities;
  /** The archive of imported source files, where original records are read back from. */
  readonly archive: SourceArchive;
  /** The original record of an event stored before the archive existed, or null. */
  legacyOriginal(id: string): Promise<Record<string, string> | null>;
  /** Applies pending migrations; returns the schema version. */
  migrate(): Promise<number>;
  /**
   * The ledger entry of an earlier import of the same bytes in the same format, if any; with
   * `mappingSha256`, only one read with that mapping (a mapped CSV read with another mapping is another import).
   */
  findImport(sha256: string, format: string, mappingSha256?: string): Promise<LedgerEntry | null>;
  /**
   * Which readers parsed the files that a source's current events (ids starting with `idPrefix`,
   * imported in `format`) came from: 'duckdb', 'javascript', or null for imports from before the
   * ledger kept it. Content hashes depend on the reader, so an import compares stored events with
   * the reader that hashed them.
   */
  eventReaders(q: { source: string; format: string; idPrefix: string }): Promise<(string | null)[]>;
  beginImport(start: ImportStart): Promise<ImportSession>;
  /** Several imports in one transaction (optional: stores without it import file by file). */
  beginImportBatch?(): Promise<ImportBatch>;
  listImports(): Promise<LedgerEntry[]>;
  /** An import's rejected rows in file order, `offset` of them skipped and up to `limit` (every one without it). */
  listRejections(importId: number, limit?: number, offset?: number): Promise<StoredRejection[]>;
  /**
   * The warnings of the rows stored under an import's id (a row a re-import found unchanged stays
   * under the import that stored it; one a later import changed moves to that one), by kind
   * (events, GDELT rows, statistics), then record number, then id.
   */
  listImportWarnings(q: ImportWarningsQuery): Promise<ImportWarnings>;
  listChanges(importId: number, limit?: number): Promise<EventChange[]>;
  queryEvents(q: EventPageQuery): Promise<EventPage>;
  /**
   * The same page as `queryEvents` (rows, order and total), each event with only the fields its
   * summary reads (what the JSON listing shows): a store reads those columns alone.
   */
  queryListingEvents(q: EventPageQuery): Promise<{ rows: SummaryEvent[]; total: number }>;
  /**
   * The summaries (domain/event-summary.ts) of every event matching a filter, in order, a batch at
   * a time: memory stays flat however many match, and no connection is held between batches (exports).
   */
  streamEventSummaries(q: EventStreamQuery): AsyncIterable<EventSummary[]>;
  /**
   * The export text of every event matching a filter, in order, a chunk of rows at a time, read by
   * one streaming query on a connection of its own (never one that serves other reads); stopped
   * when the signal of the caller (query-signal.ts) fires or the iteration ends early.
   */
  streamEventText(q: EventStreamQuery, form: EventTextForm): AsyncIterable<string[]>;
  /**
   * streamEventText, each row with the archived source record it came from (file hash and record
   * number; null for an event that has none), for exports that carry the original records.
   */
  streamEventTextWithSource(q: EventStreamQuery, form: EventTextForm): AsyncIterable<SourcedText[]>;
  /**
   * Writes the summaries (these columns) of the events matching a filter, in order, to a Parquet
   * file, with these key-value pairs in its footer metadata; returns the rows written. With
   * `original`, a last VARCHAR column `original` holds what it gives for each row's source record
   * (asked a batch of rows at a time, in file order; null for none), read in the same snapshot.
   */
  writeEventsParquet(
    q: EventStreamQuery,
    columns: readonly EventSummaryColumn[],
    path: string,
    keyValues?: Readonly<Record<string, string>>,
    original?: (records: readonly SourceRecordRef[]) => Promise<readonly (string | null)[]>,
  ): Promise<number>;
  /** The distinct countries, provinces, districts, types, sources and versions of the loaded events. */
  filterValues(): Promise<FilterValues>;
  getEvent(id: string): Promise<StoredEvent | null>;
  countEvents(f: EventFilter): Promise<number>;
  coverage(): Promise<Coverage[]>;
  /**
   * The period one version of a source covers: its coverage()'s first and last dates, read for that
   * version alone; null when neither an event nor a declaring import of it is stored.
   */
  versionPeriod(source: string, version: string): Promise<{ from: string; to: string } | null>;
  /** Caps the threads the engine uses for queries (a server leaves a core to its event loop). */
  limitThreads(threads: number): Promise<void>;
  listStatistics(f?: StatisticFilter): Promise<StoredStatistic[]>;
  /** The dyad indexes held (bundled: the GDELT-derived index of gzemo/gdelt-graph-data). */
  dyadIndexSources(): Promise<DyadIndexSource[]>;
  /** The stored days of one pair of one dyad index, oldest first (days without a row are unknown, not zero). */
  dyadIndexDays(q: DyadDaysQuery): Promise<Omit<DyadIndexDay, 'countryA' | 'countryB'>[]>;
  /** Stores a new API key (its hash); the id must be new. */
  addApiKey(key: StoredApiKey): Promise<void>;
  /** The API key with this prefix id, revoked or not, or null. */
  findApiKey(id: string): Promise<StoredApiKey | null>;
  listApiKeys(): Promise<StoredApiKey[]>;
  /** Marks a key revoked; false when no unrevoked key has this id. */
  revokeApiKey(id: string, at: string): Promise<boolean>;
  /** Adds a boundary set; a set with the same sha256 is not added twice (returns the existing id). */
  addBoundarySet(set: Omit<StoredBoundarySet, 'id'>): Promise<number>;
  listBoundarySets(): Promise<StoredBoundarySet[]>;
  /**
   * Rewrites the placement columns of the given events, in one transaction; only the events whose
   * placement differs from the stored one are written.
   */
  updatePlacements(rows: readonly (EventGeo & { id: string })[]): Promise<PlacementUpdate>;
  /**
   * Gives every stored event (of one country, or all) the placement of its key (`placementKeys`, with
   * the same date breaks), in one transaction; only the events whose placement differs from the
   * stored one are written. `placed` counts the events the keys stand for.
   */
  placeByKeys(
    q: { country?: string; dateBreaks: readonly string[] },
    placed: readonly { key: PlacementKey; geo: EventGeo }[],
  ): Promise<PlacementUpdate>;
  /** Event counts and null-aware death sums per bucket, group, source and version (see domain/aggregate.ts). */
  aggregate(spec: AggregateSpec): Promise<AggregateRow[]>;
  /** What the conflict index needs per admin-1 unit of the events matching a filter, and the versions used. */
  indexUnits(f: EventFilter): Promise<IndexUnits>;
  /** Distinct coarse H3 cells with events per admin-1 unit, over every loaded event. */
  cellsPerUnit(): Promise<{ admin1Code: string; cells: number }[]>;
  /** Unordered pairs of sides (as the sources name them) of the events matching a filter. */
  dyads(f: EventFilter): Promise<DyadCounts>;
  /** Place names the loaded events use that start with `prefix` (any case), most events first. */
  places(q: { prefix: string; country?: string[]; limit: number }): Promise<EventPlace[]>;
  /** Monthly cells of a forecast panel (one source, one country, per country or admin-1 unit; superseded events left out). */
  panelCells(q: PanelQuery): Promise<PanelCell[]>;
  /** The distinct placement keys of the stored events (of one country, or all): what placing them needs. */
  placementKeys(q: { country?: string; dateBreaks: readonly string[] }): Promise<PlacementKey[]>;
  /**
   * Replaces the recorded GDELT gaps of a period (slices YYYYMMDDHHMMSS, both included) with these:
   * slices a fetch found missing upstream or damaged (engines with a GDELT table).
   */
  replaceGdeltGaps?(
    period: { from: string; to: string },
    gaps: readonly GdeltGap[],
    at: string,
  ): Promise<void>;
  /** The recorded GDELT gaps matching a query (every one without), oldest slice first. */
  listGdeltGaps?(q?: GdeltGapQuery): Promise<(GdeltGap & { recordedAt: string })[]>;
  /**
   * A page of the recorded GDELT gaps matching a query, with how many of each kind match its period
   * and kinds (its limit and offset aside; a kind none has is left out), read in one statement: a
   * fetch committing meanwhile is in both or in neither, so the counts always hold the page's rows.
   */
  gdeltGapPage?(q: GdeltGapQuery): Promise<GdeltGapPage>;
  /** Events per source version with a start date in the period (superseded Candidate events left out): what a linkage run is computed from. */
  linkageStamp(from: string, to: string): Promise<LinkageStamp[]>;
  /**
   * The first start and last end (its start when it has no end) of the events a linkage run reads
   * whose dates overlap the period; null when none does. A run must hold every record that spans
   * its edges whole, or a record of another source within the window of its far end is never met.
   */
  linkageSpan(from: string, to: string): Promise<{ from: string; to: string } | null>;
  /** The stored linkage runs, oldest period first. */
  linkageRuns(): Promise<LinkageRun[]>;
  /** Stores a linkage run and deletes the runs it replaces, in one transaction; returns its id. */
  saveLinkageRun(run: NewLinkageRun): Promise<number>;
  /** The scored pairs and incidents of some stored runs, or the part of them `within` names. */
  storedLinkage(runIds: readonly number[], within?: LinkageWithin): Promise<StoredLinkage>;
  /** The scored pairs of one record in some stored runs, best first, and the incident holding it (none when it is its own). */
  eventLinkage(runIds: readonly number[], eventId: string): Promise<StoredLinkage>;
  /** How many events a filter holds (superseded Candidate events left out), their sources and first and last start date. */
  eventScope(f: EventFilter): Promise<EventScope>;
  /**
   * `disagreements` over stored runs, judged in the engine (engines that can): the filter's records
   * grouped into their stored incidents, counted, judged and cut to the page, so that only the
   * counts and the page leave the store. Without it the app judges every record in memory.
   */
  disagreementTally?(q: DisagreementsQuery): Promise<DisagreementsTally>;
  /**
   * Pairs of records of different sources in the period that may describe one incident (within
   * the window's days and km, less their place radii), found by space-time blocking in the engine
   * and streamed a batch at a time on a connection of its own; each pair once, in no set order.
   */
  linkageCandidates(q: LinkageCandidateQuery): AsyncIterable<LinkageCandidatePair[]>;
  /**
   * Links a period in the engine and stores the run, in one transaction on the writer: candidate
   * pairs found and scored in SQL, the links handed to `cluster` as typed columns, the run stored
   * from the engine's tables (stored-linkage.ts, LinkageEngineRun).
   */
  linkInEngine(
    q: LinkageEngineRun,
    cluster: (links: LinkageLinkColumns) => Promise<LinkageClusterColumns>,
  ): Promise<LinkageEngineResult>;
  /** The origins of the store's own GDELT rows (exports, BigQuery aggregates) with a volume, and the days they cover. */
  gdeltOrigins?(): Promise<GdeltOriginCoverage[]>;
  /**
   * Every day with a GDELT volume in the dates whose files all kept the pair's rows, with the pair's
   * event sums that day (0 when it had none).
   */
  gdeltPairDays?(q: GdeltPairQuery): Promise<GdeltPairDay[]>;
  /** The days with a GDELT volume that gdeltPairDays leaves out: a file was imported with countries keeping neither of the pair. */
  gdeltPairUnkept?(q: GdeltPairQuery): Promise<GdeltUnkeptDay[]>;
  /** The pair's most frequent event codes and most-mentioned source URLs on the days of the dates gdeltPairDays returns. */
  gdeltBehind?(q: GdeltPairQuery & { limit: number }): Promise<GdeltBehind>;
  /**
   * Events per country and placement method matching a filter (default: every event a listing
   * counts, without superseded or desk events), with how many were snapped.
   */
  placementCounts(f?: EventFilter): Promise<PlacementCount[]>;
  /**
   * The events of some placement methods matching a filter, the first `limit` by date then id, and
   * how many of each method match in all: only those events are read, however large the store.
   */
  placementEvents(q: PlacementEventsQuery): Promise<PlacementEventsPage>;
  /**
   * The events matching a filter grouped by province, district label, placed district and
   * exactness, each with its count and its first event's place, in the order of those first events
   * by date then id: every event counted, however large the store.
   */
  districtGroups(filter: EventFilter): Promise<DistrictGroup[]>;
  /** A new desk event id (never reused). */
  nextDeskEventId(): Promise<number>;
  /** Writes a desk change: working copy, audit entry (append-only) and counted row, in one transaction. */
  saveDeskChange(change: DeskChange): Promise<void>;
  /**
   * Writes the desk change `decide` makes from the desk as it reads inside the write transaction,
   * so that no change written meanwhile escapes the decision (two creates of one incident at once
   * each see the other); the change written. A decision of null writes nothing (a news draft's
   * save that finds its passage saved meanwhile).
   */
  decideDeskChange<C extends DeskChange | null>(
    decide: (desk: DeskTransactionReads) => Promise<C>,
  ): Promise<C>;
  /** A desk event's working copy, or null. */
  getDeskEvent(id: number): Promise<DeskEvent | null>;
  /** Desk events in some states, newest first. */
  listDeskEvents(q: DeskListQuery): Promise<DeskEvent[]>;
  /** Desk events waiting for review (submitted) or publication (verified), oldest first, with their age at `now` (ISO time). */
  deskReviewQueue(now: string): Promise<DeskQueueItem[]>;
  /** The desk audit log, oldest first. */
  listDeskAudit(q: DeskAuditQuery): Promise<DeskAuditEntry[]>;
  /** Adds an alert rule (docs/alerts.md); the store gives its id. */
  addAlertRule(rule: NewAlertRule): Promise<StoredAlertRule>;
  /** The alert rules, oldest first (removed ones too when asked). */
  listAlertRules(includeRemoved?: boolean): Promise<StoredAlertRule[]>;
  /**
   * Marks a rule removed (its alerts and its delivered and failed deliveries stay) and cancels its
   * pending deliveries, in one transaction; null when no live rule has this id.
   */
  removeAlertRule(id: number, at: string): Promise<{ cancelledDeliveries: number } | null>;
  /** The conditions the last evaluation of a rule (or of every rule) found holding. */
  alertConditions(ruleId?: number): Promise<AlertCondition[]>;
  /** Writes one rule's evaluation in one transaction; returns the alerts it recorded. */
  applyAlertEvaluation(w: AlertEvaluationWrite): Promise<StoredAlert[]>;
  /** Recorded alerts, newest first, with the total that match. */
  listAlerts(q: AlertQuery): Promise<{ rows: StoredAlert[]; total: number }>;
  /**
   * Of each key given, a rule's newest alert recorded at or after `since`, in no set order: what an
   * evaluation checks a cool-down against, read whole however many alerts the rule has.
   */
  latestAlerts(q: LatestAlertsQuery): Promise<StoredAlert[]>;
  getAlert(id: number): Promise<StoredAlert | null>;
  /** Webhook deliveries, newest first. */
  listDeliveries(q: DeliveryQuery): Promise<StoredDelivery[]>;
  /** The attempts of one delivery, first first. */
  deliveryAttempts(deliveryId: number): Promise<DeliveryAttempt[]>;
  /** Logs an attempt and sets the delivery's status (pending while retries remain). */
  recordDeliveryAttempt(a: DeliveryAttempt, status: DeliveryStatus): Promise<void>;
  /** Events imports after `afterImportId` added (not changed), and desk events first published since `deskPublishedSince`, matching a filter, oldest first (border rules). */
  addedEvents(q: AddedEventsQuery): Promise<{ rows: StoredEvent[]; total: number }>;
  close(): Promise<void>;
}
