import type { DuckDBAppender } from '@duckdb/node-api';
import type { DyadIndexDay } from '../../domain/dyad-index.ts';
import type { Statistic } from '../../domain/statistic.ts';
import { EVENT_COLUMNS, type StagedEvent } from '../event-columns.ts';
import {
  mapsOtherTable,
  type DelimitedLayout,
  DirectImportOptions,
  DirectImportResult,
  MapStagedOptions,
  NativeMapResult,
  StagedFile,
  StagedNdjson,
} from '../native-import.ts';
import { RemovalsNotAllowedError } from '../../domain/errors.ts';
import {
  REMOVAL_SHARE_WITHOUT_CONSENT,
  type ImportFinal,
  type ImportSession,
  type ImportStart,
  type LedgerEntry,
  type StoredRejection,
} from '../store.ts';
import { compareVersions } from '../version-order.ts';
import { rollbackTransaction, type Db } from './duckdb-connection.ts';
import { refreshRollups } from './duckdb-rollups.ts';
import { MARK_SUPERSEDED, marksSupersession } from './duckdb-supersede.ts';
import { ledgerFromRow } from './duckdb-rows.ts';
import { contentHashSql, isLegacyHash, legacyContentHashSql } from './native/content-hash.ts';
import { importDirect } from './native/direct-import.ts';
import { hasLegacyHashes, mapStaged, sourceIsStored, stageDelimited } from './native/native-session.ts';
import { stageNdjson } from './native/ndjson-sql.ts';
import { importGdeltFile } from './native/gdelt-sql.ts';
import type { GdeltAggregateBatch, GdeltImportOptions, GdeltImportResult } from '../gdelt-import.ts';
import { writeGdeltAggregates } from './duckdb-gdelt-aggregates.ts';

import { appendValue } from './duckdb-append.ts';
import { applyDyadIndex } from './duckdb-dyad-index.ts';

const STAGE_TYPE = (t: string) => (t === 'DATE' ? 'VARCHAR' : t);
/** A staged statistic (s) differs from the stored one with its id (t): a value, qualifier, unit, quote or page changed. */
const STAT_DIFFERS = `(t.value, t.qualifier, t.unit, t.url, t.quote, t.published) IS DISTINCT FROM (s.value, s.qualifier, s.unit, s.url, s.quote, s.published)`;

/**
 * Whether an import reads a GDELT event file (the format app/import-gdelt.ts gives it): its rows go to
 * `gdelt_events`, not the staging tables.
 */
const gdeltFile = (start: ImportStart) => start.format === 'gdelt';

/** Creates the staging table of events for an import's transaction. */
async function createStaging(db: Db): Promise<void> {
  const cols = EVENT_COLUMNS.map((c) => `${c.name} ${STAGE_TYPE(c.type)}`).join(', ');
  await db.run(
    `CREATE OR REPLACE TEMP TABLE stage_events (${cols}, content_hash VARCHAR, line INTEGER, record_key VARCHAR, fail VARCHAR[], hxl BOOLEAN, legacy_hash VARCHAR)`,
  );
}

/**
 * The staging tables of statistics and dyad-index days, each created when an import first stages
 * rows of its kind: most imports are of events, whose commit then neither creates, reads nor applies them.
 */
const OTHER_STAGING = {
  stats: `CREATE OR REPLACE TEMP TABLE stage_stats (id VARCHAR, organisation VARCHAR, report VARCHAR, report_version VARCHAR,
    published VARCHAR, metric VARCHAR, definition VARCHAR, country VARCHAR, admin1 VARCHAR, period_start VARCHAR,
    period_end VARCHAR, value DOUBLE, qualifier VARCHAR, unit VARCHAR, line INTEGER,
    geography VARCHAR, geography_to VARCHAR, country_to VARCHAR, url VARCHAR, quote VARCHAR)`,
  dyad: `CREATE OR REPLACE TEMP TABLE stage_dyad (date VARCHAR, country_a VARCHAR, country_b VARCHAR, value DOUBLE,
    day_total_value DOUBLE, day_total_abs DOUBLE, day_nonzero_cells INTEGER, line INTEGER)`,
};

/** What an import that staged none of a kind applied of it. */
const NOTHING = { accepted: 0, added: 0, changed: 0, removed: 0, unchanged: 0, stale: 0 };

/** An import inside one DuckDB transaction, staged in temporary tables until commit. */
export class DuckDBImportSession implements ImportSession {
  private constructor(
    private readonly db: Db,
    readonly importId: number,
    private readonly start: ImportStart,
    private readonly t0: number,
  ) {}

  /** Begins the transaction and creates the staging tables. */
  static async begin(db: Db, start: ImportStart): Promise<DuckDBImportSession> {
    await db.run('BEGIN TRANSACTION');
    try {
      const [{ id }] = await db.all<{ id: number }>(`SELECT CAST(nextval('import_id_seq') AS INTEGER) AS id`);
      // A GDELT file goes to `gdelt_events` (importGdelt) and stages only its rejections: no staged
      // events, statistics or dyad days to create now and to merge at commit (about 40 ms a file).
      if (!gdeltFile(start)) await createStaging(db);
      await db.run(
        `CREATE OR REPLACE TEMP TABLE stage_rejections (line INTEGER, field VARCHAR, value VARCHAR, reason VARCHAR, raw VARCHAR)`,
      );
      return new DuckDBImportSession(db, id!, start, Date.now());
    } catch (e) {
      await db.run('ROLLBACK');
      throw e;
    }
  }

  private eventAppender: DuckDBAppender | null = null;

  /**
   * What the import has staged, each kind applied at commit only if staged: events (`stage_events`, by
   * JavaScript or a native staged mapping), statistics and dyad-index days (`OTHER_STAGING`, created
   * then), rejections. An import of events skips the statistics' and dyad days' six statements, one of
   * statistics the events' eight (none of which could change anything with nothing staged).
   */
  private readonly staged = { events: false, stats: false, dyad: false, rejections: false };

  /** Creates the staging table of statistics or dyad-index days when the import first stages one. */
  private async stageOther(kind: keyof typeof OTHER_STAGING): Promise<void> {
    if (this.staged[kind]) return;
    await this.db.run(OTHER_STAGING[kind]);
    this.staged[kind] = true;
  }

  async addEvents(rows: readonly StagedEvent[]): Promise<void> {
    this.staged.events = true;
    this.idsUnique = false;
    // One appender for the whole import: closing it flushes, and flushing per batch costs seconds per million rows.
    const ap = (this.eventAppender ??= await this.db.raw.createAppender('stage_events', 'main', 'temp'));
    for (const r of rows) {
      for (const c of EVENT_COLUMNS) appendValue(ap, c.type, r[c.key]);
      ap.appendNull(); // content_hash, computed by DuckDB at commit
      ap.appendInteger(r.line);
      ap.appendVarchar(r.recordKey);
      ap.appendNull(); // fail and hxl: native mapping only
      ap.appendNull();
      ap.appendNull(); // legacy_hash, computed at commit when stored events need it
      ap.endRow();
    }
  }

  async addStatistics(rows: readonly (Statistic & { line: number })[]): Promise<void> {
    await this.stageOther('stats');
    const ap = await this.db.raw.createAppender('stage_stats', 'main', 'temp');
    for (const s of rows) {
      for (const v of [
        s.id,
        s.organisation,
        s.report,
        s.reportVersion,
        s.published,
        s.metric,
        s.definition,
        s.country,
        s.admin1,
        s.periodStart,
        s.periodEnd,
      ])
        appendValue(ap, 'VARCHAR', v);
      ap.appendDouble(s.value);
      appendValue(ap, 'VARCHAR', s.qualifier);
      appendValue(ap, 'VARCHAR', s.unit);
      ap.appendInteger(s.line);
      for (const v of [s.geography, s.geographyTo, s.countryTo, s.url, s.quote])
        appendValue(ap, 'VARCHAR', v);
      ap.endRow();
    }
    ap.closeSync();
  }

  async addDyadIndexDays(rows: readonly (DyadIndexDay & { line: number })[]): Promise<void> {
    await this.stageOther('dyad');
    const ap = await this.db.raw.createAppender('stage_dyad', 'main', 'temp');
    for (const d of rows) {
      ap.appendVarchar(d.date);
      ap.appendVarchar(d.countryA);
      ap.appendVarchar(d.countryB);
      ap.appendDouble(d.value);
      ap.appendDouble(d.dayTotalValue);
      ap.appendDouble(d.dayTotalAbs);
      ap.appendInteger(d.dayNonzeroCells);
      ap.appendInteger(d.line);
      ap.endRow();
    }
    ap.closeSync();
  }

  async addRejections(rows: readonly Omit<StoredRejection, 'importId'>[]): Promise<void> {
    this.staged.rejections ||= rows.length > 0;
    const ap = await this.db.raw.createAppender('stage_rejections', 'main', 'temp');
    for (const r of rows) {
      ap.appendInteger(r.line);
      appendValue(ap, 'VARCHAR', r.field);
      appendValue(ap, 'VARCHAR', r.value);
      ap.appendVarchar(r.reason);
      appendValue(ap, 'VARCHAR', r.raw);
      ap.endRow();
    }
    ap.closeSync();
  }

  /** Parses a delimited file into the staging table with DuckDB's reader (see native-session.ts). */
  stageDelimited(layout: DelimitedLayout): Promise<StagedFile> {
    this.parsedBy = 'duckdb';
    return this.outsideTransaction(() => stageDelimited(this.db, layout));
  }

  /**
   * Runs a staging step between transactions. A temporary table made inside a transaction is scanned
   * on one thread, or not, as DuckDB's local storage happens to hold it: the mapping of 600,000 staged
   * NDJSON lines took 8.5 s on one core against 4.4 s on two. A staging step comes before anything of
   * the import is stored (checked), so the import's stored changes still commit together or not at all.
   */
  private async outsideTransaction<T>(stage: () => Promise<T>): Promise<T> {
    // (Rows come into stage_events and stage_rejections only through this session, after staging.)
    if (this.staged.events || this.staged.rejections || this.direct || this.gdelt)
      throw new Error('a file is staged before anything else of its import');
    await this.db.run('COMMIT');
    try {
      return await stage();
    } finally {
      await this.db.run('BEGIN TRANSACTION');
    }
  }

  /** Stages an NDJSON file's lines as text columns with DuckDB's reader and JSON functions (see ndjson-sql.ts). */
  async stageNdjson(path: string, source: string): Promise<StagedNdjson> {
    // Stored md5 content hashes were made of the whole line's md5, which the native mapping does not compute.
    if (await hasLegacyHashes(this.db, source))
      return {
        parsed: 0,
        parserRejects: [],
        keys: [],
        notObjects: [],
        unsafe: 'stored events of the source carry legacy md5 content hashes',
      };
    this.parsedBy = 'duckdb';
    return this.outsideTransaction(() => stageNdjson(this.db, path));
  }

  /** Maps the staged file natively into staged events and rejections, or straight into events (`direct`; see native-session.ts). */
  async mapStaged(opts: MapStagedOptions): Promise<NativeMapResult> {
    if (mapsOtherTable(opts.mapper))
      await this.stageOther(opts.mapper.name === 'dyad-index' ? 'dyad' : 'stats');
    const direct = opts.direct === true && !(await sourceIsStored(this.db, opts.source));
    const events = !direct && !mapsOtherTable(opts.mapper);
    // The native mapping rejects in-file duplicate ids itself (dropDuplicates in native-session.ts).
    if (events) this.idsUnique = !this.staged.events;
    this.staged.events ||= events;
    const r = await mapStaged(this.db, this, opts, direct ? { importId: this.importId } : undefined);
    if (r.direct) this.direct = r;
    return r;
  }

  /**
   * Set when the staged events are a native mapping's, whose in-file duplicate ids it rejected
   * already: the commit does not rank every staged id again to find none (300,000 GED rows: about
   * 150 ms of CPU).
   */
  private idsUnique = false;

  /** Set when the file's events were written straight into `events` (no stored row could match). */
  private direct: NativeMapResult | null = null;

  /** Reads a delimited file straight into `events` when its source has no stored event (see direct-import.ts). */
  async importDirect(opts: DirectImportOptions): Promise<DirectImportResult | null> {
    this.parsedBy = 'duckdb';
    const r = await importDirect(this.db, this, opts);
    this.direct = r;
    return r;
  }

  /**
   * Which reader parsed the file, kept in the ledger: DuckDB when the session staged or read it
   * natively, JavaScript otherwise, neither (null) for BigQuery's aggregates (rows of a remote query).
   */
  private parsedBy: 'duckdb' | 'javascript' | null = 'javascript';

  /** Set when the import read a GDELT file into `gdelt_events`. */
  private gdelt: GdeltImportResult | null = null;

  /** Reads a GDELT event file into `gdelt_events` (see native/gdelt-sql.ts). */
  async importGdelt(opts: GdeltImportOptions): Promise<GdeltImportResult> {
    this.parsedBy = 'duckdb';
    this.gdelt = await importGdeltFile(this.db, this.importId, opts);
    return this.gdelt;
  }

  /** Writes a BigQuery job's GDELT aggregates, the days' volume and the job (see duckdb-gdelt-aggregates.ts). */
  async importGdeltAggregates(
    batch: GdeltAggregateBatch,
  ): Promise<{ accepted: number; added: number; changed: number; unchanged: number }> {
    this.parsedBy = null;
    const w = await writeGdeltAggregates(this.db, this.importId, batch);
    this.gdelt = { ...w, stale: 0 } as GdeltImportResult;
    return w;
  }

  async commit(final: ImportFinal): Promise<LedgerEntry> {
    const finalVersion = final.version;
    this.eventAppender?.closeSync();
    this.eventAppender = null;
    const db = this.db;
    const id = this.importId;
    try {
      // Staged rows only (nothing of the import stored yet): the staging is committed first and the
      // stored changes are made in a transaction of their own, which reads the staged rows on every
      // thread (the insert of 500,000 staged events took 7.7 s on one core, 2.9 s on two; see
      // outsideTransaction).
      if (!this.direct && !this.gdelt && !gdeltFile(this.start)) {
        await db.run('COMMIT');
        await db.run('BEGIN TRANSACTION');
      }
      // A GDELT file staged nothing but its rejections (see begin).
      const { eventCounts, statCounts, dyadCounts } = gdeltFile(this.start)
        ? { eventCounts: NOTHING, statCounts: NOTHING, dyadCounts: NOTHING }
        : await this.applyStaged(finalVersion);
      await db.run(
        `INSERT INTO rejections SELECT ${id}, line, field, value, reason, raw FROM stage_rejections`,
      );
      const [{ n: rejected }] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM stage_rejections`);
      const g = this.gdelt ?? { added: 0, changed: 0, unchanged: 0, stale: 0, accepted: 0 };
      const c = {
        added: eventCounts.added + statCounts.added + dyadCounts.added + g.added,
        changed: eventCounts.changed + statCounts.changed + dyadCounts.changed + g.changed,
        removed: eventCounts.removed,
        unchanged: eventCounts.unchanged + statCounts.unchanged + dyadCounts.unchanged + g.unchanged,
        stale: eventCounts.stale + g.stale,
      };
      const accepted = eventCounts.accepted + statCounts.accepted + dyadCounts.accepted + g.accepted;
      const s = this.start;
      // The countries of the file's accepted events, unchanged ones included (they keep the version
      // that last changed them): the version covers those countries (coverage()).
      // (GDELT files and aggregates stage no events.)
      const [{ countries }] =
        this.gdelt || gdeltFile(this.start) || !(this.direct || this.staged.events)
          ? [{ countries: null }]
          : await db.all<{ countries: string[] | null }>(
              this.direct
                ? `SELECT list(DISTINCT country ORDER BY country) AS countries FROM events WHERE import_id = ${id} AND country IS NOT NULL`
                : `SELECT list(DISTINCT country ORDER BY country) AS countries FROM stage_events WHERE country IS NOT NULL`,
            );
      await db.run(
        `INSERT INTO imports (id, file_name, bytes, sha256, format, source, version, version_inferred, rows_read, accepted,
          rejected, metadata_rows, added, changed, removed, unchanged, stale, warnings, started_at, duration_ms,
          coverage_from, coverage_to, out_of_scope, scope, parsed_by, mapping_sha256, countries)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,CAST($21 AS DATE),CAST($22 AS DATE),$23,$24,$25,$26,
           from_json($27, '["VARCHAR"]'))`,
        [
          id,
          s.fileName,
          final.bytes ?? s.bytes,
          final.sha256 ?? s.sha256,
          s.format,
          s.source,
          finalVersion,
          final.versionInferred,
          final.rowsRead,
          accepted,
          rejected!,
          final.metadataRows,
          c.added,
          c.changed,
          c.removed,
          c.unchanged,
          c.stale,
          final.warnings,
          s.startedAt,
          Date.now() - this.t0,
          final.coverage?.from ?? null,
          final.coverage?.to ?? null,
          final.outOfScope ?? null,
          final.scope ?? null,
          this.parsedBy,
          s.mappingSha256 ?? null,
          countries?.length ? JSON.stringify(countries) : null,
        ],
      );
      await db.run('COMMIT');
      const [row] = await db.all(`SELECT * FROM imports WHERE id = $1`, [id]);
      return ledgerFromRow(row!);
    } catch (e) {
      await this.rollback();
      throw e;
    }
  }

  async rollback(): Promise<void> {
    try {
      this.eventAppender?.closeSync();
    } catch {
      // the transaction is being abandoned; a failed flush changes nothing
    }
    this.eventAppender = null;
    await rollbackTransaction(this.db);
  }

  /** Applies the staged events (or completes those mapped straight into `events`), statistics and dyad-index days. */
  private async applyStaged(version: string) {
    const db = this.db;
    let eventCounts;
    if (this.direct) eventCounts = await this.applyDirect(this.direct, version);
    else if (!this.staged.events) eventCounts = NOTHING;
    else {
      await db.run(`UPDATE stage_events SET source_version = $1`, [version]);
      const legacy = (await hasLegacyHashes(db, this.start.source))
        ? legacyContentHashSql((c) => c, 'md5(record_key)')
        : 'NULL';
      await db.run(
        `UPDATE stage_events SET content_hash = ${contentHashSql((c) => c, 'hash(record_key)')}, legacy_hash = ${legacy} WHERE content_hash IS NULL`,
      );
      eventCounts = await this.applyEvents(version);
    }
    const statCounts = this.staged.stats ? await this.applyStatistics() : NOTHING;
    const dyadCounts = this.staged.dyad
      ? await applyDyadIndex(db, this.importId, this.start.source, version)
      : NOTHING;
    return { eventCounts, statCounts, dyadCounts };
  }

  /**
   * Completes events the native mapping wrote straight into `events` (a first import of its source:
   * every row is new): sets the version if it was not known while mapping, logs the additions and
   * refreshes the rollups.
   */
  private async applyDirect(run: NativeMapResult, version: string) {
    const db = this.db;
    const id = this.importId;
    await db.run(`UPDATE events SET source_version = $1 WHERE import_id = ${id} AND source_version <> $1`, [
      version,
    ]);
    await db.run(
      `INSERT INTO event_changes SELECT ${id}, e.id, 'added', NULL, $1, NULL FROM events e WHERE e.import_id = ${id}`,
      [version],
    );
    // A final release supersedes Candidate events of its countries and years; a Candidate import may add covered ones.
    if (marksSupersession(this.start.source)) for (const sql of MARK_SUPERSEDED) await db.run(sql);
    await refreshRollups(db, { importId: id });
    return { accepted: run.accepted, added: run.accepted, changed: 0, removed: 0, unchanged: 0, stale: 0 };
  }

  /** Rejects in-file duplicates (unless the native mapping did), then diffs the staged events against the store and applies the difference. */
  private async applyEvents(version: string) {
    const db = this.db;
    const id = this.importId;
    if (!this.idsUnique) {
      // Only (id, line) pairs are ranked, so the wide staged rows are never copied.
      await db.run(`CREATE OR REPLACE TEMP TABLE stage_dups AS SELECT id, line, first_line FROM (
        SELECT id, line, min(line) OVER (PARTITION BY id) AS first_line, row_number() OVER (PARTITION BY id ORDER BY line) AS rn FROM stage_events) WHERE rn > 1`);
      await db.run(`INSERT INTO stage_rejections SELECT s.line, 'id', s.source_id, 'duplicate id ' || s.source_id || ' (first at line ' || d.first_line || ')', s.record_key
        FROM stage_events s JOIN stage_dups d ON s.id = d.id AND s.line = d.line`);
      await db.run(`DELETE FROM stage_events s USING stage_dups d WHERE s.id = d.id AND s.line = d.line`);
    }
    const [{ accepted }] = await db.all<{ accepted: number }>(
      `SELECT count(*) AS accepted FROM stage_events`,
    );
    if (!accepted) return { accepted: 0, added: 0, changed: 0, removed: 0, unchanged: 0, stale: 0 };
    // Versions already stored that are newer than this file's: their rows stay (an old file never overwrites a newer one).
    // A mapped dataset's versions are its own: another dataset of the same source has versions of its own.
    const stored = await db.all<{ v: string }>(
      `SELECT DISTINCT source_version AS v FROM events e WHERE source IN (SELECT DISTINCT source FROM stage_events) AND ${this.inDataset('e')}`,
    );
    const newer = stored.map((r) => r.v).filter((v) => compareVersions(v, version) > 0);
    // A stored legacy (md5) hash is compared with the staged row's legacy hash, computed whenever the
    // source has such events (content-hash.ts); `relabel` marks those found unchanged.
    await db.run(
      `CREATE OR REPLACE TEMP TABLE stage_diff AS
      SELECT s.id, e.id IS NULL AS is_new,
        CASE WHEN ${isLegacyHash('e.content_hash')} THEN e.content_hash = s.legacy_hash ELSE e.content_hash = s.content_hash END AS same,
        coalesce(${isLegacyHash('e.content_hash')} AND e.content_hash = s.legacy_hash, false) AS relabel,
        list_contains(from_json($1, '["VARCHAR"]'), e.source_version) AS stale, e.source_version AS old_version
      FROM stage_events s LEFT JOIN events e USING (id)`,
      [JSON.stringify(newer)],
    );
    const [{ missing }] = await db.all<{ missing: number }>(
      `SELECT count(*) AS missing FROM stage_diff WHERE NOT is_new AND same IS NULL`,
    );
    if (missing)
      throw new Error(`import: ${missing} staged events have no hash to compare with the stored one`);
    const [d] = await db.all<{ added: number; changed: number; unchanged: number; stale: number }>(`SELECT
      count(*) FILTER (WHERE is_new) AS added, count(*) FILTER (WHERE NOT is_new AND NOT same AND NOT stale) AS changed,
      count(*) FILTER (WHERE NOT is_new AND same) AS unchanged, count(*) FILTER (WHERE NOT is_new AND NOT same AND stale) AS stale FROM stage_diff`);
    let removed = 0;
    await db.run(`CREATE OR REPLACE TEMP TABLE stage_removed (id VARCHAR)`);
    if (this.start.supersedeScope) {
      await db.run(
        `INSERT INTO stage_removed SELECT e.id FROM events e
        WHERE e.source IN (SELECT DISTINCT source FROM stage_events) AND ${this.inDataset('e')}
          AND e.country IN (SELECT DISTINCT country FROM stage_events)
          AND e.date_start BETWEEN (SELECT min(CAST(date_start AS DATE)) FROM stage_events) AND (SELECT max(CAST(date_end AS DATE)) FROM stage_events)
          AND NOT list_contains(from_json($1, '["VARCHAR"]'), e.source_version)
          AND e.id NOT IN (SELECT id FROM stage_events)`,
        [JSON.stringify(newer)],
      );
      [{ removed }] = await db.all<{ removed: number }>(`SELECT count(*) AS removed FROM stage_removed`);
      if (removed) await this.checkRemovals(removed);
    }
    await db.run(
      `INSERT INTO event_changes
      SELECT ${id}, d.id, CASE WHEN d.is_new THEN 'added' ELSE 'changed' END, d.old_version, $1, CASE WHEN d.is_new THEN NULL ELSE (SELECT to_json(e) FROM events e WHERE e.id = d.id) END
      FROM stage_diff d WHERE d.is_new OR (NOT d.same AND NOT d.stale)`,
      [version],
    );
    await db.run(
      `INSERT INTO event_changes SELECT ${id}, e.id, 'removed', e.source_version, NULL, to_json(e) FROM events e WHERE e.id IN (SELECT id FROM stage_removed)`,
    );
    await db.run(
      `DELETE FROM events WHERE id IN (SELECT id FROM stage_diff WHERE NOT is_new AND NOT same AND NOT stale) OR id IN (SELECT id FROM stage_removed)`,
    );
    const select = EVENT_COLUMNS.map((c) =>
      c.type === 'DATE' ? `CAST(s.${c.name} AS DATE)` : `s.${c.name}`,
    ).join(', ');
    await db.run(
      `INSERT INTO events (${EVENT_COLUMNS.map((c) => c.name).join(', ')}, content_hash, import_id) SELECT ${select}, s.content_hash, ${id} FROM stage_events s JOIN stage_diff d USING (id) WHERE d.is_new OR (NOT d.same AND NOT d.stale)`,
    );
    // Stored events with a legacy hash that this file found unchanged take the new hash: the next import compares them the new way.
    await db.run(
      `UPDATE events e SET content_hash = s.content_hash FROM stage_events s JOIN stage_diff d USING (id) WHERE d.relabel AND e.id = s.id`,
    );
    // A final release supersedes Candidate events of its countries and years; a Candidate import may add covered ones.
    if (marksSupersession(this.start.source)) for (const sql of MARK_SUPERSEDED) await db.run(sql);
    await refreshRollups(db, { importId: id });
    return {
      accepted: accepted!,
      added: d!.added,
      changed: d!.changed,
      removed,
      unchanged: d!.unchanged,
      stale: d!.stale,
    };
  }

  /**
   * Condition (over alias `e`) of the stored events of the import's mapped dataset (source ids
   * `<dataset>:...`; datasets are lower-case letters, digits and dashes, so the prefix is exact), or
   * TRUE when the import is not of a mapped dataset.
   */
  private inDataset(e: string): string {
    const d = this.start.dataset;
    if (d === undefined) return 'TRUE';
    if (!/^[a-z0-9][a-z0-9-]*$/.test(d)) throw new Error(`import: invalid dataset name ${d}`);
    return `starts_with(${e}.source_id, '${d}:')`;
  }

  /** Refuses a removal of more than the share allowed without consent, unless `allowRemovals` covers it. */
  private async checkRemovals(removed: number): Promise<void> {
    // The share is of the events the import may remove: its source's, or its mapped dataset's.
    const [{ stored, source }] = await this.db.all<{ stored: number; source: string }>(
      `SELECT count(*) AS stored, any_value(source) AS source FROM events e WHERE source IN (SELECT DISTINCT source FROM stage_events) AND ${this.inDataset('e')}`,
    );
    const free = Math.floor(stored! * REMOVAL_SHARE_WITHOUT_CONSENT);
    if (removed > free && removed > (this.start.allowRemovals ?? 0))
      throw new RemovalsNotAllowedError(this.start.fileName, removed, stored!, source!, this.start.dataset);
  }

  /** Upserts staged statistics (in-file duplicates rejected); a changed value replaces the stored one. */
  private async applyStatistics() {
    const db = this.db;
    await db.run(
      `CREATE OR REPLACE TEMP TABLE stats_ranked AS SELECT *, row_number() OVER (PARTITION BY id ORDER BY line) AS rn, min(line) OVER (PARTITION BY id) AS first_line FROM stage_stats`,
    );
    await db.run(
      `INSERT INTO stage_rejections SELECT line, NULL, NULL, 'duplicate statistic (first at line ' || first_line || ')', NULL FROM stats_ranked WHERE rn > 1`,
    );
    const [c] = await db.all<{
      accepted: number;
      added: number;
      changed: number;
      unchanged: number;
    }>(`SELECT count(*) AS accepted,
      count(*) FILTER (WHERE t.id IS NULL) AS added, count(*) FILTER (WHERE t.id IS NOT NULL AND ${STAT_DIFFERS}) AS changed,
      count(*) FILTER (WHERE t.id IS NOT NULL AND NOT ${STAT_DIFFERS}) AS unchanged
      FROM stats_ranked s LEFT JOIN statistics t USING (id) WHERE s.rn = 1`);
    await db.run(
      `DELETE FROM statistics WHERE id IN (SELECT s.id FROM stats_ranked s JOIN statistics t USING (id) WHERE s.rn = 1 AND ${STAT_DIFFERS})`,
    );
    await db.run(`INSERT INTO statistics (id, organisation, report, report_version, published, metric, definition, country, admin1,
        period_start, period_end, value, qualifier, unit, import_id, geography, geography_to, country_to, url, quote, line)
      SELECT s.id, s.organisation, s.report, s.report_version, s.published, s.metric, s.definition, s.country, s.admin1,
      CAST(s.period_start AS DATE), CAST(s.period_end AS DATE), s.value, s.qualifier, s.unit, ${this.importId},
      s.geography, s.geography_to, s.country_to, s.url, s.quote, s.line
      FROM stats_ranked s WHERE s.rn = 1 AND s.id NOT IN (SELECT id FROM statistics)`);
    return c!;
  }
}
