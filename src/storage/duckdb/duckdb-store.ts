import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { InvalidInputError } from '../../domain/errors.ts';
import type { EventFilter, EventPageQuery } from '../../domain/query.ts';
import { EventRowCache } from './duckdb-row-cache.ts';
import { pageWithTotal, readListingPage, readPage } from './duckdb-event-pages.ts';
import { SourceArchive } from '../archive/source-archive.ts';
import { MIGRATIONS } from './duckdb-migrations.ts';
import type { GdeltGap, GdeltGapPage, GdeltGapQuery } from '../gdelt-import.ts';
import type { GdeltGapKind } from '../../domain/gdelt-gap-kind.ts';
import { Params } from './duckdb-filters.ts';
import { GEO_COLUMNS, type EventGeo, type StoredEvent } from '../event-columns.ts';
import { appendValue } from './duckdb-append.ts';
import type {
  Coverage,
  DyadDaysQuery,
  DyadIndexSource,
  EventChange,
  EventPage,
  EventStreamQuery,
  EventTextForm,
  SourcedText,
  FilterValues,
  ImportBatch,
  ImportSession,
  ImportStart,
  LedgerEntry,
  PlacementUpdate,
  Store,
  StoredApiKey,
  StoredBoundarySet,
  StoredRejection,
  ImportWarnings,
  ImportWarningsQuery,
  StatisticFilter,
  StoredStatistic,
} from '../store.ts';
import type { DyadIndexDay } from '../../domain/dyad-index.ts';
import { dyadDays, dyadIndexSources } from './duckdb-dyad-index.ts';
import type {
  GdeltBehind,
  GdeltOriginCoverage,
  GdeltPairDay,
  GdeltPairQuery,
  GdeltUnkeptDay,
} from '../../domain/gdelt-barometer.ts';
import { gdeltBehind, gdeltOrigins, gdeltPairDays, gdeltPairUnkept } from './duckdb-gdelt-barometer.ts';
import type {
  AggregateRow,
  AggregateSpec,
  DyadCounts,
  EventPlace,
  IndexUnits,
  PanelCell,
  PanelQuery,
} from '../../domain/aggregate.ts';
import type {
  DistrictGroup,
  PlacementCount,
  PlacementEventsPage,
  PlacementEventsQuery,
  PlacementKey,
  SummaryEvent,
} from '../../domain/placed-event.ts';
import {
  filterValues,
  panelCells,
  placementCounts,
  PLACEMENT_KEY_TABLE,
  placementKeyColumns,
  placementKeys,
} from './duckdb-event-reads.ts';
import { importWarnings } from './duckdb-import-warnings.ts';
import { placementEvents } from './duckdb-placement-events.ts';
import { districtGroups } from './duckdb-district-groups.ts';
import {
  copyEventsParquet,
  streamEventSummaries,
  streamEventText,
  streamEventTextWithSource,
} from './duckdb-event-stream.ts';
import { copyEventsParquetWithOriginals, type OriginalTexts } from './duckdb-parquet-originals.ts';
import type { EventSummary, EventSummaryColumn } from '../../domain/event-summary.ts';
import { DuckDBReads } from './duckdb-reads.ts';
import { refreshRollups } from './duckdb-rollups.ts';
import { inTransaction } from './duckdb-transaction.ts';
import { DuckDBImportSession } from './duckdb-import.ts';
import { DuckDBImportBatch } from './duckdb-gdelt-batch.ts';
import { DuckDBPool, type DuckDBPoolOptions } from './duckdb-pool.ts';
import type { Db } from './duckdb-connection.ts';
import { fillTable } from './native/native-session.ts';
import { leasedSession } from './duckdb-leased-session.ts';
import { eventFromRow, ledgerFromRow, statisticFromRow } from './duckdb-rows.ts';
import {
  linkageRuns,
  linkageSpan,
  linkageStamp,
  saveLinkageRun,
  staleReplacedRuns,
  storedLinkage,
} from './duckdb-linkage.ts';
import { eventLinkage } from './duckdb-event-linkage.ts';
import { disagreementTally, eventScope } from './duckdb-disagreements.ts';
import type {
  LinkageCandidatePair,
  LinkageCandidateQuery,
  LinkageClusterColumns,
  LinkageEngineResult,
  LinkageEngineRun,
  LinkageLinkColumns,
  LinkageRun,
  LinkageStamp,
  NewLinkageRun,
  LinkageWithin,
  StoredLinkage,
} from '../stored-linkage.ts';
import type { DisagreementsQuery, DisagreementsTally, EventScope } from '../stored-disagreements.ts';
import { linkageCandidates } from './duckdb-linkage-candidates.ts';
import { linkInEngine } from './duckdb-linkage-engine.ts';
import * as desk from './duckdb-desk.ts';
import type { DeskAuditEntry, DeskEvent, DeskQueueItem } from '../../domain/desk.ts';
import type { DeskAuditQuery, DeskChange, DeskListQuery, DeskTransactionReads } from '../store.ts';
import { DuckDBAlerts } from './duckdb-alerts.ts';
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
} from '../alert-records.ts';

/**
 * Where a store's source archive lives: `archive/` beside its file, or, for `:memory:`, a temporary
 * folder of the store's own, removed when it closes (its originals go with the store). Until
 * 2026-12-07 every in-memory store of every process shared one folder that nothing removed.
 */
const archiveDir = (path: string): string =>
  path === ':memory:' ? mkdtempSync(join(tmpdir(), 'faultline-archive-')) : join(dirname(path), 'archive');

/**
 * A version's events' span for coverage(): first start and last end (f, l), the same of the records
 * dated to the day or the week (pf, pl: a record dated only to a month or a year does not widen a
 * declared period), and the count (n).
 */
const EVENT_SPAN = `min(date_start) AS f, max(date_end) AS l,
  min(date_start) FILTER (WHERE date_precision NOT IN ('month', 'year')) AS pf,
  max(date_end) FILTER (WHERE date_precision NOT IN ('month', 'year')) AS pl, count(*) AS n`;
/** The period a version covers, from `ev` (EVENT_SPAN) and `decl` (its imports' declared f, l): coverage()'s rule. */
const COVERED_FROM = `CASE WHEN decl.f IS NULL THEN ev.f ELSE least(decl.f, coalesce(ev.pf, decl.f)) END`;
const COVERED_TO = `CASE WHEN decl.l IS NULL THEN ev.l ELSE greatest(decl.l, coalesce(ev.pl, decl.l)) END`;

/**
 * The latest schema version when every migration is applied, else null (a read: no write transaction).
 * Every open asks it: list_contains, since DuckDB's IN-clause optimizer made the same count with
 * `version IN (...)` cost about twice as much (1.7 against 3.4 ms on a quiet machine).
 */
async function schemaVersion(db: DuckDBPool): Promise<number | null> {
  const applied = await db
    .all<{ n: number }>(
      `SELECT count(*) AS n FROM schema_migrations WHERE list_contains([${MIGRATIONS.map((m) => m.version).join(', ')}], version)`,
    )
    .catch(() => [{ n: -1 }]);
  return applied[0]?.n === MIGRATIONS.length ? Math.max(0, ...MIGRATIONS.map((m) => m.version)) : null;
}

/**
 * The schema every migration from nothing ends with, as the statements that create it at once:
 * captured from the first store this process migrates from nothing, then used for every other new
 * store (its 300-odd migration statements cost about 150 ms a store; the suite makes hundreds). A
 * schema the statements below cannot reproduce exactly (a sequence already used, a row written, an
 * index, a view, a macro, a type) is not captured, and new stores replay the migrations as before.
 * storage/duckdb/duckdb-fresh-schema.test.ts compares both ways, column by column.
 */
interface SchemaTemplate {
  ddl: string[];
  applied: { version: number; name: string }[];
}
let freshSchema: SchemaTemplate | null = null;

/** Forgets the captured schema, so the next new store replays every migration (for tests). */
export function forgetFreshSchema(): void {
  freshSchema = null;
}

type WriteDb = Parameters<Parameters<DuckDBPool['write']>[0]>[0];

/** The store's own catalog entries (not the temporary schema's, nor another attached database's). */
const MINE = `database_name = current_database()`;

/** Whether the database holds nothing but the (empty) migrations table. */
async function isEmptySchema(db: WriteDb): Promise<boolean> {
  const [{ n }] = await db.all<{ n: number }>(
    `SELECT (SELECT count(*) FROM duckdb_tables() WHERE ${MINE} AND table_name <> 'schema_migrations')
       + (SELECT count(*) FROM duckdb_sequences() WHERE ${MINE})
       + (SELECT count(*) FROM duckdb_views() WHERE ${MINE} AND NOT internal) AS n`,
  );
  return Number(n) === 0;
}

/** The schema a migration from nothing gave, or null when its statements could not reproduce it. */
async function captureSchema(db: WriteDb): Promise<SchemaTemplate | null> {
  const [other] = await db.all<{ n: number }>(
    `SELECT (SELECT count(*) FROM duckdb_views() WHERE ${MINE} AND NOT internal)
       + (SELECT count(*) FROM duckdb_functions() WHERE ${MINE} AND NOT internal AND function_type IN ('macro', 'table_macro'))
       + (SELECT count(*) FROM duckdb_types() WHERE ${MINE} AND NOT internal)
       + (SELECT count(*) FROM duckdb_sequences() WHERE ${MINE} AND last_value IS NOT NULL) AS n`,
  );
  if (Number(other!.n) !== 0) return null;
  const tables = await db.all<{ table_name: string; sql: string }>(
    `SELECT table_name, sql FROM duckdb_tables() WHERE ${MINE} AND table_name <> 'schema_migrations' ORDER BY table_oid`,
  );
  for (const t of tables) {
    const [{ n }] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM "${t.table_name}"`);
    if (Number(n) !== 0) return null;
  }
  const sequences = await db.all<{ sql: string }>(
    `SELECT sql FROM duckdb_sequences() WHERE ${MINE} ORDER BY sequence_oid`,
  );
  const applied = await db.all<{ version: number; name: string }>(
    `SELECT version, name FROM schema_migrations ORDER BY version`,
  );
  // Indexes after their tables (DuckDB keeps each index's CREATE statement).
  const indexes = await db.all<{ sql: string | null }>(
    `SELECT sql FROM duckdb_indexes() WHERE ${MINE} ORDER BY index_oid`,
  );
  if (indexes.some((i) => !i.sql)) return null;
  return {
    ddl: [...sequences.map((q) => q.sql), ...tables.map((t) => t.sql), ...indexes.map((i) => i.sql!)],
    applied,
  };
}

/** The table of applied migrations. */
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at VARCHAR)`;

/**
 * Creates the captured schema in one transaction, with the migrations it stands for recorded as
 * applied (and, `withLedger`, the table that records them first): one script, which DuckDB runs in
 * one call (a call per statement cost a new store about 25 ms of CPU more).
 */
async function createFromTemplate(db: WriteDb, t: SchemaTemplate, withLedger = false): Promise<void> {
  const at = new Date().toISOString();
  const q = (x: string) => `'${x.replaceAll("'", "''")}'`;
  const script = [
    'BEGIN TRANSACTION',
    ...(withLedger ? [MIGRATIONS_TABLE] : []),
    ...t.ddl.map((sql) => sql.replace(/;\s*$/, '')),
    `INSERT INTO schema_migrations VALUES ${t.applied.map((m) => `(${m.version}, ${q(m.name)}, ${q(at)})`).join(', ')}`,
    'COMMIT',
  ].join(';\n');
  try {
    await db.run(script);
  } catch (e) {
    await db.run('ROLLBACK').catch(() => {});
    throw e;
  }
}

const apiKeyFromRow = (r: Record<string, unknown>): StoredApiKey => ({
  id: String(r.id),
  name: (r.name as string | null) ?? null,
  role: r.role as StoredApiKey['role'],
  sha256: String(r.sha256),
  createdAt: String(r.created_at),
  revokedAt: (r.revoked_at as string | null) ?? null,
});

/**
 * The embedded default store: one DuckDB file (or `:memory:`), one read-write process at a time.
 * Inside the process, reads run on a small pool of connections and writes on one writer
 * (duckdb-pool.ts): `this.db.all` reads, `this.db.run` and `this.db.write` write.
 */
export class DuckDBStore implements Store {
  readonly engine = 'duckdb';
  readonly capabilities = { concurrentWriters: false, transactionalImports: true, nativeImport: true };

  /** The named aggregate reads, routed to rollups or events. */
  readonly reads: DuckDBReads;

  private constructor(
    private readonly db: DuckDBPool,
    readonly archive: SourceArchive,
    /** Whether the archive's folder is this store's alone, removed at close (an in-memory store's). */
    private readonly ownsArchive = false,
  ) {
    this.reads = new DuckDBReads(db);
    this.rowCache = new EventRowCache(() => db.writeCount);
    this.alerts = new DuckDBAlerts(db);
  }

  private readonly alerts: DuckDBAlerts;
  /** Wide rows of events listed lately, until the next write (duckdb-row-cache.ts). */
  private readonly rowCache: EventRowCache;

  /**
   * Opens (creating if needed) a DuckDB store and applies migrations. Its source archive lives in
   * `archive/` beside the file (an in-memory store uses a temporary folder of its own, removed when
   * it closes).
   * With `readOnly` (a process that only reads), an existing file whose schema is current is opened
   * read-only: no write at open, no checkpoint at close, other read-only processes beside it. A
   * missing file or one behind the schema is opened read-write as without it (created, migrated).
   */
  static async open(path: string, memoryLimit?: string, pool: DuckDBPoolOptions = {}): Promise<DuckDBStore> {
    const { readOnly, ...options } = pool;
    if (readOnly && path !== ':memory:' && existsSync(path)) {
      const store = new DuckDBStore(
        await DuckDBPool.open(path, { memoryLimit, ...options, readOnly: true }),
        new SourceArchive(archiveDir(path)),
      );
      if ((await schemaVersion(store.db)) !== null) return store;
      await store.close();
    }
    const archive = new SourceArchive(archiveDir(path));
    archive.clean();
    const store = new DuckDBStore(
      await DuckDBPool.open(path, { memoryLimit, ...options }),
      archive,
      path === ':memory:',
    );
    // DuckDB spills to `<file>.tmp/`; a process killed mid-import leaves it behind. This process now
    // holds the file's lock (DuckDB lets one process open it), so nobody else is using that folder.
    if (path !== ':memory:') rmSync(`${path}.tmp`, { recursive: true, force: true });
    // A new in-memory database holds nothing: the captured schema goes in without asking first.
    if (path === ':memory:' && freshSchema)
      await store.db.write((db) => createFromTemplate(db, freshSchema!, true));
    else await store.migrate();
    return store;
  }

  async legacyOriginal(id: string): Promise<Record<string, string> | null> {
    const [row] = await this.db.all<{ original: string }>(
      `SELECT original FROM legacy_originals WHERE id = $1`,
      [id],
    );
    return row ? (JSON.parse(row.original) as Record<string, string>) : null;
  }

  async migrate(): Promise<number> {
    // Most opens find the schema current: a read answers that without a write transaction (which
    // made every CLI call pay a commit). A store without the table, or behind, takes the write path.
    const current = await schemaVersion(this.db);
    if (current !== null) return current;
    return this.db.write(async (db) => {
      await db.run(MIGRATIONS_TABLE);
      const done = new Set(
        (await db.all<{ version: number }>(`SELECT version FROM schema_migrations`)).map((r) => r.version),
      );
      const fresh = done.size === 0 && (await isEmptySchema(db));
      if (fresh && freshSchema) {
        await createFromTemplate(db, freshSchema);
        return Math.max(0, ...MIGRATIONS.map((m) => m.version));
      }
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        await inTransaction(db, async () => {
          for (const sql of m.sql) await db.run(sql);
          await db.run(`INSERT INTO schema_migrations VALUES ($1, $2, $3)`, [
            m.version,
            m.name,
            new Date().toISOString(),
          ]);
        });
      }
      if (fresh) freshSchema = await captureSchema(db);
      return Math.max(0, ...MIGRATIONS.map((m) => m.version));
    });
  }

  async eventReaders(q: { source: string; format: string; idPrefix: string }): Promise<(string | null)[]> {
    const rows = await this.db.all<{ parsed_by: string | null }>(
      `SELECT DISTINCT i.parsed_by FROM events e JOIN imports i ON i.id = e.import_id
       WHERE e.source = $1 AND i.format = $2 AND starts_with(e.source_id, $3) AND e.superseded_by IS NULL
       ORDER BY 1`,
      [q.source, q.format, q.idPrefix],
    );
    return rows.map((r) => r.parsed_by);
  }

  async findImport(sha256: string, format: string, mappingSha256?: string): Promise<LedgerEntry | null> {
    // An import from before the ledger kept mappings (mapping_sha256 NULL) matches no mapping: read again.
    const [row] = await this.db.all(
      `SELECT * FROM imports WHERE sha256 = $1 AND format = $2${mappingSha256 === undefined ? '' : ' AND mapping_sha256 = $3'} ORDER BY id LIMIT 1`,
      mappingSha256 === undefined ? [sha256, format] : [sha256, format, mappingSha256],
    );
    return row ? ledgerFromRow(row) : null;
  }

  async beginImport(start: ImportStart): Promise<ImportSession> {
    // The import holds the writer for its whole transaction: other writes wait, reads go on.
    const lease = await this.db.lease();
    try {
      return leasedSession(await DuckDBImportSession.begin(lease, start), lease);
    } catch (e) {
      lease.release();
      throw e;
    }
  }

  /** Several imports in one transaction holding the writer (see duckdb-gdelt-batch.ts). */
  async beginImportBatch(): Promise<ImportBatch> {
    const lease = await this.db.lease();
    try {
      return await DuckDBImportBatch.begin(lease);
    } catch (e) {
      lease.release();
      throw e;
    }
  }

  async listImports(): Promise<LedgerEntry[]> {
    return (await this.db.all(`SELECT * FROM imports ORDER BY id`)).map(ledgerFromRow);
  }

  async listRejections(importId: number, limit?: number, offset = 0): Promise<StoredRejection[]> {
    // Ordered to the last column, so pages at successive offsets never repeat or skip a row.
    const rows = await this.db.all<Record<string, unknown>>(
      `SELECT * FROM rejections WHERE import_id = $1 ORDER BY line, reason, field, value, raw
       ${limit === undefined ? '' : 'LIMIT $3'} OFFSET $2`,
      limit === undefined ? [importId, offset] : [importId, offset, limit],
    );
    return rows.map((r) => ({
      importId: Number(r.import_id),
      line: Number(r.line),
      field: r.field as string | null,
      value: r.value as string | null,
      reason: String(r.reason),
      raw: String(r.raw ?? ''),
    }));
  }

  listImportWarnings(q: ImportWarningsQuery): Promise<ImportWarnings> {
    return importWarnings(this.db, this.archive, q);
  }

  async listChanges(importId: number, limit = 1000): Promise<EventChange[]> {
    const rows = await this.db.all<Record<string, unknown>>(
      `SELECT * FROM event_changes WHERE import_id = $1 ORDER BY change, event_id LIMIT $2`,
      [importId, limit],
    );
    return rows.map((r) => ({
      importId: Number(r.import_id),
      eventId: String(r.event_id),
      change: r.change as EventChange['change'],
      oldVersion: r.old_version as string | null,
      newVersion: r.new_version as string | null,
    }));
  }

  async queryEvents(q: EventPageQuery): Promise<EventPage> {
    const keys = this.reads.routing === 'auto';
    const page = await pageWithTotal(this.db, this.reads, q, () => readPage(this.db, this.rowCache, q, keys));
    return { rows: page.rows.map((r) => eventFromRow(r)), total: page.total };
  }

  async queryListingEvents(q: EventPageQuery): Promise<{ rows: SummaryEvent[]; total: number }> {
    const keys = this.reads.routing === 'auto';
    return pageWithTotal(this.db, this.reads, q, () => readListingPage(this.db, q, keys));
  }

  streamEventSummaries(q: EventStreamQuery): AsyncIterable<EventSummary[]> {
    return streamEventSummaries(this.db, q);
  }

  streamEventText(q: EventStreamQuery, form: EventTextForm): AsyncIterable<string[]> {
    return streamEventText(this.db, q, form);
  }

  streamEventTextWithSource(q: EventStreamQuery, form: EventTextForm): AsyncIterable<SourcedText[]> {
    return streamEventTextWithSource(this.db, q, form);
  }

  writeEventsParquet(
    q: EventStreamQuery,
    columns: readonly EventSummaryColumn[],
    path: string,
    keyValues?: Readonly<Record<string, string>>,
    original?: OriginalTexts,
  ): Promise<number> {
    return original
      ? copyEventsParquetWithOriginals(this.db, q, columns, path, keyValues ?? {}, original)
      : copyEventsParquet(this.db, q, columns, path, keyValues);
  }

  filterValues(): Promise<FilterValues> {
    return filterValues(this.db);
  }

  async getEvent(id: string): Promise<StoredEvent | null> {
    const kept = this.rowCache.get(id);
    if (kept) return eventFromRow(kept);
    const [row] = await this.db.all(`SELECT * FROM events WHERE id = $1`, [id]);
    return row ? eventFromRow(row) : null;
  }

  async countEvents(f: EventFilter): Promise<number> {
    return this.reads.count(f);
  }

  aggregate(spec: AggregateSpec): Promise<AggregateRow[]> {
    return this.reads.aggregate(spec);
  }

  indexUnits(f: EventFilter): Promise<IndexUnits> {
    return this.reads.indexUnits(f);
  }

  cellsPerUnit(): Promise<{ admin1Code: string; cells: number }[]> {
    return this.reads.cellsPerUnit();
  }

  dyads(f: EventFilter): Promise<DyadCounts> {
    return this.reads.dyads(f);
  }

  places(q: { prefix: string; country?: string[]; limit: number }): Promise<EventPlace[]> {
    return this.reads.places(q);
  }

  async coverage(): Promise<Coverage[]> {
    // A version covers what its imports declare, widened to any event dated outside it to the day
    // or the week (a record dated only to a month or a year, such as a Candidate record of
    // 2026-05-31 to 2026-07-25 dated to the year, says nothing of the days around it: widening by it
    // made May and June "covered" by a July release, with false zeros); a version with no
    // declaration covers its first event's start to its last event's end. A declared version with
    // no event at all still covers its period: there, zero is a true zero, for the countries its
    // files' rows hold (imports.countries) as well as its events'. Events are grouped by
    // country first and the countries listed from those groups: a list of every event's country,
    // made distinct after, took 290 ms on 3M events against 30 ms.
    return this.db.all<Coverage>(`WITH by_country AS (
        SELECT source, source_version AS version, country, ${EVENT_SPAN}
        FROM events GROUP BY 1, 2, 3),
      ev AS (
        SELECT source, version, min(f) AS f, max(l) AS l, min(pf) AS pf, max(pl) AS pl, CAST(sum(n) AS INTEGER) AS n,
          list(country ORDER BY country) FILTER (WHERE country IS NOT NULL) AS countries FROM by_country GROUP BY 1, 2),
      decl AS (SELECT source, version, min(coverage_from) AS f, max(coverage_to) AS l,
          list_distinct(flatten(list(coalesce(countries, CAST([] AS VARCHAR[]))))) AS countries FROM imports
        WHERE coverage_from IS NOT NULL AND format <> 'statistics' GROUP BY 1, 2)
      SELECT coalesce(ev.source, decl.source) AS source, coalesce(ev.version, decl.version) AS version,
        CAST(${COVERED_FROM} AS VARCHAR) AS "firstDate", CAST(${COVERED_TO} AS VARCHAR) AS "lastDate",
        CASE WHEN decl.f IS NULL THEN 'events' ELSE 'declared' END AS basis,
        coalesce(ev.n, 0) AS events,
        -- The countries of its events, and of its files' rows (a declared release whose rows are all
        -- unchanged keeps them under the version that last changed them, yet covers their countries).
        list_sort(list_distinct(list_concat(coalesce(ev.countries, CAST([] AS VARCHAR[])), coalesce(decl.countries, CAST([] AS VARCHAR[]))))) AS countries
      FROM ev FULL JOIN decl ON ev.source = decl.source AND ev.version = decl.version ORDER BY 1, 2`);
  }

  async versionPeriod(source: string, version: string): Promise<{ from: string; to: string } | null> {
    // coverage()'s dates of one version, without its countries and every other version's groups.
    const [r] = await this.db.all<{ from: string; to: string; n: number }>(
      `WITH ev AS (SELECT ${EVENT_SPAN} FROM events WHERE source = $1 AND source_version = $2),
      decl AS (SELECT min(coverage_from) AS f, max(coverage_to) AS l, count(*) AS n FROM imports
        WHERE coverage_from IS NOT NULL AND format <> 'statistics' AND source = $1 AND version = $2)
      SELECT CAST(${COVERED_FROM} AS VARCHAR) AS "from", CAST(${COVERED_TO} AS VARCHAR) AS "to",
        ev.n + decl.n AS n
      FROM ev, decl`,
      [source, version],
    );
    return r && Number(r.n) > 0 ? { from: r.from, to: r.to } : null;
  }

  async listStatistics(f: StatisticFilter = {}): Promise<StoredStatistic[]> {
    const p = new Params();
    const c: string[] = [];
    if (f.metric) c.push(`s.metric = ${p.add(f.metric)}`);
    if (f.from) c.push(`s.period_end >= CAST(${p.add(f.from)} AS DATE)`);
    if (f.to) c.push(`coalesce(s.period_start, s.period_end) <= CAST(${p.add(f.to)} AS DATE)`);
    // The ledger names the file each figure came from: its sha256 lets a claim cite the compiled file.
    const rows = await this.db.all(
      `SELECT s.*, i.sha256 AS file_sha256 FROM statistics s LEFT JOIN imports i ON i.id = s.import_id
       ${c.length ? 'WHERE ' + c.join(' AND ') : ''} ORDER BY coalesce(s.period_start, s.period_end), s.organisation, s.metric, s.id`,
      p.values,
    );
    return rows.map((r) => ({
      ...statisticFromRow(r),
      fileSha256: (r.file_sha256 as string | null) ?? null,
      line: r.line === null || r.line === undefined ? null : Number(r.line),
    }));
  }

  dyadIndexSources(): Promise<DyadIndexSource[]> {
    return dyadIndexSources(this.db);
  }

  dyadIndexDays(q: DyadDaysQuery): Promise<Omit<DyadIndexDay, 'countryA' | 'countryB'>[]> {
    return dyadDays(this.db, q);
  }

  async addApiKey(k: StoredApiKey): Promise<void> {
    await this.db.run(`INSERT INTO api_keys VALUES ($1, $2, $3, $4, $5, $6)`, [
      k.id,
      k.name,
      k.role,
      k.sha256,
      k.createdAt,
      k.revokedAt,
    ]);
  }

  async findApiKey(id: string): Promise<StoredApiKey | null> {
    const [row] = await this.db.all<Record<string, unknown>>(`SELECT * FROM api_keys WHERE id = $1`, [id]);
    return row ? apiKeyFromRow(row) : null;
  }

  async listApiKeys(): Promise<StoredApiKey[]> {
    return (await this.db.all<Record<string, unknown>>(`SELECT * FROM api_keys ORDER BY created_at, id`)).map(
      apiKeyFromRow,
    );
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    const rows = await this.db.write((db) =>
      db.all(`UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`, [
        id,
        at,
      ]),
    );
    return rows.length > 0;
  }

  addBoundarySet(b: Omit<StoredBoundarySet, 'id'>): Promise<number> {
    return this.db.write(async (db) => {
      const [hit] = await db.all<{ id: number }>(`SELECT id FROM boundary_sets WHERE sha256 = $1`, [
        b.sha256,
      ]);
      if (hit) return hit.id;
      const [{ id }] = await db.all<{ id: number }>(
        `SELECT CAST(coalesce(max(id), 0) + 1 AS INTEGER) AS id FROM boundary_sets`,
      );
      await db.run(`INSERT INTO boundary_sets VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
        id!,
        b.name,
        b.level,
        b.country,
        b.nameProperty,
        b.codeProperty,
        b.sha256,
        b.units,
        b.geojson,
        b.importedAt,
      ]);
      return id!;
    });
  }

  async listBoundarySets(): Promise<StoredBoundarySet[]> {
    const rows = await this.db.all<Record<string, unknown>>(`SELECT * FROM boundary_sets ORDER BY id`);
    return rows.map((r) => ({
      id: Number(r.id),
      name: String(r.name),
      level: r.level as StoredBoundarySet['level'],
      country: String(r.country),
      nameProperty: String(r.name_property),
      codeProperty: (r.code_property as string | null) ?? null,
      sha256: String(r.sha256),
      units: Number(r.units),
      geojson: String(r.geojson),
      importedAt: String(r.imported_at),
    }));
  }

  /**
   * Up to how many changed events a placement write stages with their new placement (then joined by
   * id); above it, the UPDATE joins the placed keys themselves. Not part of the Store port: tests
   * lower it to write a small store both ways.
   */
  placementsStagedMax = PLACEMENTS_STAGED_MAX;

  updatePlacements(rows: readonly (EventGeo & { id: string })[]): Promise<PlacementUpdate> {
    return writePlacements(this.db, this.placementsStagedMax, async (db) => {
      const cols = GEO_COLUMNS.map((c) => `${c.name} ${c.type}`).join(', ');
      await db.run(`CREATE OR REPLACE TEMP TABLE geo_rows (id VARCHAR, ${cols})`);
      const ap = await db.raw.createAppender('geo_rows', 'main', 'temp');
      for (const r of rows) {
        ap.appendVarchar(r.id);
        for (const c of GEO_COLUMNS) appendValue(ap, c.type, r[c.key as keyof EventGeo]);
        ap.endRow();
      }
      ap.closeSync();
      return { placed: rows.length, table: 'geo_rows', on: 'g.id = e.id' };
    });
  }

  placeByKeys(
    q: { country?: string; dateBreaks: readonly string[] },
    placed: readonly { key: PlacementKey; geo: EventGeo }[],
  ): Promise<PlacementUpdate> {
    const keyCols = placementKeyColumns(q.dateBreaks);
    return writePlacements(this.db, this.placementsStagedMax, async (db) => {
      await fillTable(
        db,
        'lk_placement',
        [...PLACEMENT_KEY_TABLE],
        placed.map(({ key: k, geo }) => [
          k.country,
          k.lat,
          k.lon,
          k.geoExact,
          k.admin1Label,
          k.admin2Label,
          k.place,
          k.dateClass,
          ...GEO_COLUMNS.map((c) => geo[c.key as keyof EventGeo]),
        ]),
      );
      // The key holds the country: keeping the country's keys keeps its events only.
      if (q.country) await db.run(`DELETE FROM lk_placement WHERE country IS DISTINCT FROM $1`, [q.country]);
      return {
        placed: placed.reduce((n, p) => n + p.key.events, 0),
        table: 'lk_placement',
        on: keyCols.map(([n, x]) => `g.${n} IS NOT DISTINCT FROM ${x}`).join(' AND '),
      };
    });
  }

  panelCells(q: PanelQuery): Promise<PanelCell[]> {
    return panelCells(this.db, q);
  }

  placementKeys(q: { country?: string; dateBreaks: readonly string[] }): Promise<PlacementKey[]> {
    return placementKeys(this.db, q);
  }

  placementCounts(f?: EventFilter): Promise<PlacementCount[]> {
    return placementCounts(this.db, f);
  }

  placementEvents(q: PlacementEventsQuery): Promise<PlacementEventsPage> {
    return placementEvents(this.db, q);
  }

  districtGroups(filter: EventFilter): Promise<DistrictGroup[]> {
    return districtGroups(this.db, filter);
  }

  nextDeskEventId(): Promise<number> {
    return desk.nextDeskEventId(this.db);
  }

  saveDeskChange(change: DeskChange): Promise<void> {
    return desk.saveDeskChange(this.db, change);
  }

  decideDeskChange<C extends DeskChange | null>(
    decide: (desk: DeskTransactionReads) => Promise<C>,
  ): Promise<C> {
    return desk.decideDeskChange(this.db, decide);
  }

  getDeskEvent(id: number): Promise<DeskEvent | null> {
    return desk.getDeskEvent(this.db, id);
  }

  listDeskEvents(q: DeskListQuery): Promise<DeskEvent[]> {
    return desk.listDeskEvents(this.db, q);
  }

  deskReviewQueue(now: string): Promise<DeskQueueItem[]> {
    return desk.deskReviewQueue(this.db, now);
  }

  listDeskAudit(q: DeskAuditQuery): Promise<DeskAuditEntry[]> {
    return desk.listDeskAudit(this.db, q);
  }

  /** Rebuilds every rollup row from `events` (after events were written around the import, e.g. by a benchmark). */
  rebuildRollups(): Promise<void> {
    return this.db.write((db) =>
      inTransaction(db, async () => {
        await refreshRollups(db, {
          sources: (
            await db.all<{ source: string }>(
              `SELECT DISTINCT source FROM events UNION SELECT DISTINCT source FROM rollup_day`,
            )
          ).map((r) => r.source),
        });
      }),
    );
  }

  /**
   * Runs raw SQL. Not part of the Store port: benchmarks and tests use it to build and inspect
   * DuckDB stores; the application reads only through the port's named reads.
   */
  select<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    // Raw SQL may write: kept rows are forgotten before and after it.
    this.db.touch();
    return this.db.all<T>(sql, params).finally(() => this.db.touch());
  }

  async limitThreads(threads: number): Promise<void> {
    if (!Number.isInteger(threads) || threads < 1)
      throw new InvalidInputError(`invalid thread count: ${threads} (use a whole number of at least 1)`);
    // A global setting: every connection of the instance, readers included, uses it from now on.
    await this.db.run(`SET threads = ${threads}`);
  }

  linkageStamp(from: string, to: string): Promise<LinkageStamp[]> {
    return linkageStamp(this.db, from, to);
  }

  linkageSpan(from: string, to: string): Promise<{ from: string; to: string } | null> {
    return linkageSpan(this.db, from, to);
  }

  linkageRuns(): Promise<LinkageRun[]> {
    return linkageRuns(this.db);
  }

  saveLinkageRun(run: NewLinkageRun): Promise<number> {
    return this.db.write((db) => saveLinkageRun(db, run));
  }

  storedLinkage(runIds: readonly number[], within?: LinkageWithin): Promise<StoredLinkage> {
    return storedLinkage(this.db, runIds, within);
  }

  eventLinkage(runIds: readonly number[], eventId: string): Promise<StoredLinkage> {
    return eventLinkage(this.db, runIds, eventId);
  }

  eventScope(f: EventFilter): Promise<EventScope> {
    return eventScope(this.db, f);
  }

  disagreementTally(q: DisagreementsQuery): Promise<DisagreementsTally> {
    return disagreementTally(this.db, q);
  }

  linkageCandidates(q: LinkageCandidateQuery): AsyncIterable<LinkageCandidatePair[]> {
    return linkageCandidates(this.db, q);
  }

  linkInEngine(
    q: LinkageEngineRun,
    cluster: (links: LinkageLinkColumns) => Promise<LinkageClusterColumns>,
  ): Promise<LinkageEngineResult> {
    return this.db.write((db) => linkInEngine(db, q, cluster));
  }

  replaceGdeltGaps(
    period: { from: string; to: string },
    gaps: readonly GdeltGap[],
    at: string,
  ): Promise<void> {
    return this.db.write((db) =>
      inTransaction(db, async () => {
        await db.run(`DELETE FROM gdelt_gaps WHERE slice BETWEEN $1 AND $2`, [period.from, period.to]);
        // A few hundred rows a statement: one INSERT a gap cost about 4 ms of CPU each (4 s for
        // 1,010 slices, ten days of 15-minute ones). A slice given twice keeps its last gap, as one
        // replace each did.
        const last = [...new Map(gaps.map((g) => [g.slice, g])).values()];
        for (let i = 0; i < last.length; i += 250) {
          const chunk = last.slice(i, i + 250);
          await db.run(
            `INSERT OR REPLACE INTO gdelt_gaps (slice, kind, reason, recorded_at) VALUES ${chunk
              .map((_, k) => `($${3 * k + 2}, $${3 * k + 3}, $${3 * k + 4}, $1)`)
              .join(', ')}`,
            [at, ...chunk.flatMap((g) => [g.slice, g.kind, g.reason])],
          );
        }
      }),
    );
  }

  async listGdeltGaps(q: GdeltGapQuery = {}): Promise<(GdeltGap & { recordedAt: string })[]> {
    const { where, params } = gapWhere(q);
    const page = gapWindow(q);
    const rows = await this.db.all<{
      slice: string;
      kind: GdeltGapKind;
      reason: string;
      recorded_at: string;
    }>(`SELECT slice, kind, reason, recorded_at FROM gdelt_gaps ${where} ORDER BY slice ${page}`, params);
    return rows.map((r) => ({ slice: r.slice, kind: r.kind, reason: r.reason, recordedAt: r.recorded_at }));
  }

  async gdeltGapPage(q: GdeltGapQuery): Promise<GdeltGapPage> {
    const { where, params } = gapWhere(q);
    // One statement, so one snapshot: a count and a page read apart let a fetch committing between
    // them give a total that the page disagreed with. The count rows (slice null) come first.
    const rows = await this.db.all<{
      kind: GdeltGapKind;
      n: bigint | number | null;
      slice: string | null;
      reason: string | null;
      recorded_at: string | null;
    }>(
      `WITH matched AS (SELECT slice, kind, reason, recorded_at FROM gdelt_gaps ${where}),
       page AS (SELECT * FROM matched ORDER BY slice ${gapWindow(q)})
       SELECT kind, count(*) AS n, NULL::VARCHAR AS slice, NULL::VARCHAR AS reason, NULL::VARCHAR AS recorded_at
         FROM matched GROUP BY kind
       UNION ALL
       SELECT kind, NULL::BIGINT, slice, reason, recorded_at FROM page
       ORDER BY slice NULLS FIRST, kind`,
      params,
    );
    const byKind: GdeltGapPage['byKind'] = {};
    const listed: GdeltGapPage['rows'] = [];
    for (const r of rows)
      if (r.slice === null) byKind[r.kind] = Number(r.n);
      else listed.push({ slice: r.slice, kind: r.kind, reason: r.reason!, recordedAt: r.recorded_at! });
    return { byKind, rows: listed };
  }

  addAlertRule(rule: NewAlertRule): Promise<StoredAlertRule> {
    return this.alerts.addRule(rule);
  }

  listAlertRules(includeRemoved = false): Promise<StoredAlertRule[]> {
    return this.alerts.listRules(includeRemoved);
  }

  removeAlertRule(id: number, at: string): Promise<{ cancelledDeliveries: number } | null> {
    return this.alerts.removeRule(id, at);
  }

  alertConditions(ruleId?: number): Promise<AlertCondition[]> {
    return this.alerts.conditions(ruleId);
  }

  applyAlertEvaluation(w: AlertEvaluationWrite): Promise<StoredAlert[]> {
    return this.alerts.applyEvaluation(w);
  }

  listAlerts(q: AlertQuery): Promise<{ rows: StoredAlert[]; total: number }> {
    return this.alerts.listAlerts(q);
  }

  latestAlerts(q: LatestAlertsQuery): Promise<StoredAlert[]> {
    return this.alerts.latestAlerts(q);
  }

  getAlert(id: number): Promise<StoredAlert | null> {
    return this.alerts.getAlert(id);
  }

  listDeliveries(q: DeliveryQuery): Promise<StoredDelivery[]> {
    return this.alerts.listDeliveries(q);
  }

  deliveryAttempts(deliveryId: number): Promise<DeliveryAttempt[]> {
    return this.alerts.deliveryAttempts(deliveryId);
  }

  recordDeliveryAttempt(a: DeliveryAttempt, status: DeliveryStatus): Promise<void> {
    return this.alerts.recordAttempt(a, status);
  }

  addedEvents(q: AddedEventsQuery): Promise<{ rows: StoredEvent[]; total: number }> {
    return this.alerts.addedEvents(q);
  }

  gdeltOrigins(): Promise<GdeltOriginCoverage[]> {
    return gdeltOrigins(this.db);
  }

  gdeltPairDays(q: GdeltPairQuery): Promise<GdeltPairDay[]> {
    return gdeltPairDays(this.db, q);
  }

  gdeltPairUnkept(q: GdeltPairQuery): Promise<GdeltUnkeptDay[]> {
    return gdeltPairUnkept(this.db, q);
  }

  gdeltBehind(q: GdeltPairQuery & { limit: number }): Promise<GdeltBehind> {
    return gdeltBehind(this.db, q);
  }

  async close(): Promise<void> {
    await this.db.close();
    if (this.ownsArchive) rmSync(this.archive.dir, { recursive: true, force: true });
  }
}

/** The LIMIT and OFFSET of a GDELT gap query's page (none without). */
function gapWindow(q: GdeltGapQuery): string {
  return [
    q.limit !== undefined ? `LIMIT ${Math.trunc(q.limit)}` : '',
    q.offset ? `OFFSET ${Math.trunc(q.offset)}` : '',
  ].join(' ');
}

/** The WHERE clause of a GDELT gap query's period and kinds, with its parameters. */
function gapWhere(q: GdeltGapQuery): { where: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  const param = (v: string) => `$${params.push(v)}`;
  if (q.from !== undefined) parts.push(`slice >= ${param(q.from)}`);
  if (q.to !== undefined) parts.push(`slice <= ${param(q.to)}`);
  if (q.kinds) parts.push(q.kinds.length ? `kind IN (${q.kinds.map(param).join(', ')})` : 'false');
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** The new placements `writePlacements` writes: a temp table (alias g) and how its rows join an event (alias e). */
interface StagedPlacements {
  /** The events they stand for. */
  placed: number;
  table: string;
  on: string;
}

/**
 * Up to how many changed events `writePlacements` stages. 100,000 staged placements are some 20 MB;
 * staged, a refresh of the 3M-event bench store that changed 1,004 events took 8.7-8.9 s against
 * 9.5-10.0 s joining the keys (docs/geography.md).
 */
const PLACEMENTS_STAGED_MAX = 100_000;

/**
 * Writes the placements `stage` puts in a temp table, in one transaction: only the events placed
 * otherwise than stored are written. The linkage runs whose events move go stale, and only the
 * changed events' months of the rollups are rebuilt.
 * Up to `stagedMax` changed events are staged with their new placement and written by id (one scan
 * of the events finds them). Above it, the UPDATE joins the staged table itself: by key, a hash
 * table of the keys (the 3M-event bench store has 1,329), never a copy of every changed event's new
 * placement. When every event of that store changed, staging the 3M new placements and joining
 * them by id went past DuckDB's memory limit (1.21-1.67 GB of RSS at 1 GB; out of memory at 600 MB,
 * where this gets through) and took 2.3 to 3.1 times the CPU (docs/geography.md).
 */
function writePlacements(
  pool: DuckDBPool,
  stagedMax: number,
  stage: (db: Db) => Promise<StagedPlacements>,
): Promise<PlacementUpdate> {
  return pool.write((db) =>
    inTransaction(db, async () => {
      const { placed, table, on } = await stage(db);
      const differs = GEO_COLUMNS.map((c) => `e.${c.name} IS DISTINCT FROM g.${c.name}`).join(' OR ');
      const geo = GEO_COLUMNS.map((c) => `g.${c.name}`).join(', ');
      await db.run(
        `CREATE OR REPLACE TEMP VIEW geo_changes AS SELECT e.id, e.source, e.date_start, ${geo}
         FROM events e JOIN ${table} g ON ${on} WHERE ${differs}`,
      );
      // The scan stops at one row past the cap: then too many change to stage, and the view is read.
      await db.run(
        `CREATE OR REPLACE TEMP TABLE geo_update AS SELECT * FROM geo_changes LIMIT ${Math.max(0, Math.trunc(stagedMax)) + 1}`,
      );
      const [{ staged }] = await db.all<{ staged: number }>(
        `SELECT CAST(count(*) AS INTEGER) AS staged FROM geo_update`,
      );
      const changes = staged > stagedMax ? 'geo_changes' : 'geo_update';
      // Too many to stage: the rows staged so far are not kept to the COMMIT.
      if (changes === 'geo_changes') await db.run('DROP TABLE geo_update');
      await db.run(
        `CREATE OR REPLACE TEMP TABLE geo_months AS SELECT source, CAST(date_trunc('month', date_start) AS DATE) AS month, count(*) AS n
         FROM ${changes} GROUP BY ALL`,
      );
      const [{ changed }] = await db.all<{ changed: number }>(
        `SELECT CAST(coalesce(sum(n), 0) AS INTEGER) AS changed FROM geo_months`,
      );
      if (changed) {
        // Before the events change: the runs whose events move to another province go stale.
        await staleReplacedRuns(db, changes);
        const set = GEO_COLUMNS.map((c) => `${c.name} = g.${c.name}`).join(', ');
        await db.run(
          changes === 'geo_update'
            ? `UPDATE events AS e SET ${set} FROM geo_update g WHERE g.id = e.id`
            : `UPDATE events AS e SET ${set} FROM ${table} g WHERE ${on} AND (${differs})`,
        );
        await refreshRollups(db, { monthsTable: 'geo_months' });
      }
      for (const sql of [
        'DROP TABLE IF EXISTS geo_update',
        'DROP VIEW geo_changes',
        'DROP TABLE geo_months',
        `DROP TABLE ${table}`,
      ])
        await db.run(sql);
      return { placed, changed: changed! };
    }),
  );
}
