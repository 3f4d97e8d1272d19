import {
  ACTOR_KEY_BUILD,
  LEAN_ROLLUP_BUILD,
  LEAN_ROLLUP_DDL,
  ROLLUP_BUILD,
  ROLLUP_DDL,
  ROLLUP_TABLES,
  rollupSourceRebuild,
} from './duckdb-rollups.ts';
import { EVENT_KEYS_BUILD } from './duckdb-event-keys.ts';
import { LINKAGE_DAYS_DDL, LINKAGE_DDL } from './duckdb-linkage.ts';
import { MARK_SUPERSEDED } from './duckdb-supersede.ts';
import { GDELT_EVENT_COLUMNS } from './native/gdelt-sql.ts';
import {
  GDELT_PAIR_DAYS_BUILD,
  GDELT_PAIR_DAYS_DDL,
  GDELT_VOLUME_DAYS_BUILD,
  GDELT_VOLUME_DAYS_DDL,
} from './duckdb-gdelt-rollups.ts';
import { DESK_DDL, DESK_LINKS_DDL, DESK_MANUAL_LINKS_DDL } from './duckdb-desk.ts';
import { RULE_REMOVED } from '../alert-records.ts';

const CANDIDATE_COMBINED = `'(?i)GEDEvent_v(\\d{2})_(\\d{2})_(\\d{2})_(\\d{2})'`;
const CANDIDATE_MONTHLY = `'(?i)GEDEvent_v(\\d{2})_0_(\\d{1,2})'`;
const part = (re: string, i: number) => `CAST(regexp_extract(file_name, ${re}, ${i}) AS INTEGER)`;
const ACLED_DATES = `regexp_extract_all(file_name, '\\d{4}-\\d{2}-\\d{2}')`;

/**
 * The declared coverage of imports stored before the ledger kept it: the same rules as the formats'
 * `declaredCoverage` (src/ingest: gedCoverage, candidateCoverage, acledCoverage), in SQL.
 * storage/duckdb/duckdb-coverage.test.ts checks both give the same periods.
 */
export const COVERAGE_BACKFILL: readonly string[] = [
  `UPDATE imports SET coverage_from = DATE '1989-01-01',
     coverage_to = make_date(2000 + CAST(split_part(version, '.', 1) AS INTEGER) - 1, 12, 31)
   WHERE format = 'ucdp-ged' AND coverage_from IS NULL AND regexp_full_match(version, '\\d{2}\\.\\d+')`,
  `UPDATE imports SET coverage_from = make_date(2000 + ${part(CANDIDATE_COMBINED, 1)}, ${part(CANDIDATE_COMBINED, 2)}, 1),
     coverage_to = last_day(make_date(2000 + ${part(CANDIDATE_COMBINED, 3)}, ${part(CANDIDATE_COMBINED, 4)}, 1))
   WHERE format = 'ucdp-candidate' AND coverage_from IS NULL AND regexp_matches(file_name, ${CANDIDATE_COMBINED})`,
  `UPDATE imports SET coverage_from = make_date(2000 + ${part(CANDIDATE_MONTHLY, 1)}, ${part(CANDIDATE_MONTHLY, 2)}, 1),
     coverage_to = last_day(make_date(2000 + ${part(CANDIDATE_MONTHLY, 1)}, ${part(CANDIDATE_MONTHLY, 2)}, 1))
   WHERE format = 'ucdp-candidate' AND coverage_from IS NULL AND regexp_matches(file_name, ${CANDIDATE_MONTHLY})`,
  `UPDATE imports SET coverage_from = CAST(${ACLED_DATES}[1] AS DATE), coverage_to = CAST(${ACLED_DATES}[-1] AS DATE)
   WHERE format = 'acled-csv' AND coverage_from IS NULL AND len(${ACLED_DATES}) >= 2`,
];

/**
 * The kind of each GDELT gap stored before kinds were kept (migration 34), read from its reason as
 * fetches wrote it: domain/gdelt-gap-kind.ts names the kinds. A file-system failure named in an
 * `import failed:` reason (a full disk while unzipping was said as "not a readable zip: ENOSPC")
 * is this machine's, whatever words surround it.
 */
export const GAP_KIND_BACKFILL = `UPDATE gdelt_gaps SET kind = CASE
    WHEN reason = 'not in the master list' THEN 'unlisted'
    WHEN regexp_full_match(reason, 'download failed: .*: HTTP (404 \\(not published\\)|410)') THEN 'missing-upstream'
    WHEN starts_with(reason, 'download failed:') THEN 'download'
    WHEN starts_with(reason, 'md5 mismatch:') OR starts_with(reason, 'size mismatch:') THEN 'checksum'
    WHEN starts_with(reason, 'import failed:') AND regexp_matches(reason, '\\b(ENOSPC|EDQUOT|EACCES|EPERM|EROFS|EIO|ENOTDIR|ENOENT)\\b') THEN 'import'
    WHEN starts_with(reason, 'import failed:') AND regexp_matches(reason,
      ': (not a readable zip|not a GDELT event file|expected one CSV file in the zip|row count mismatch): |: \\d+ records do not have \\d+ fields|: line \\d+ holds ')
      THEN 'damaged'
    WHEN starts_with(reason, 'import failed:') THEN 'import'
    ELSE 'download' END
  WHERE kind IS NULL`;

/** One schema change, applied once, in order. */
export interface Migration {
  version: number;
  name: string;
  sql: string[];
}

// No PRIMARY KEY on events.id: the import guarantees uniqueness (in-file duplicates are rejected, stored
// ids are replaced, never doubled), and a unique ART index made bulk inserts ~10x slower when the
// store began. Migration 25 adds a plain (not unique) index on it, which costs an import far less.
// Version 1's events columns, frozen: later migrations change the table (see version 4).
const V1_EVENT_COLUMNS = `id VARCHAR,
  source VARCHAR,
  source_version VARCHAR,
  source_id VARCHAR,
  date_start DATE,
  date_end DATE,
  date_precision VARCHAR,
  country VARCHAR,
  admin1_label VARCHAR,
  admin2_label VARCHAR,
  place VARCHAR,
  lat DOUBLE,
  lon DOUBLE,
  geo_precision INTEGER,
  geo_exact BOOLEAN,
  source_type VARCHAR,
  source_subtype VARCHAR,
  common_type VARCHAR,
  actor1 VARCHAR,
  actor2 VARCHAR,
  actor_ids VARCHAR[],
  fatalities_best INTEGER,
  fatalities_low INTEGER,
  fatalities_high INTEGER,
  deaths_side_a INTEGER,
  deaths_side_b INTEGER,
  deaths_civilians INTEGER,
  deaths_unknown INTEGER,
  headline VARCHAR,
  notes VARCHAR,
  source_articles VARCHAR[],
  original VARCHAR,
  quality_flags VARCHAR[],
  admin1_code VARCHAR,
  admin1_name VARCHAR,
  admin2_code VARCHAR,
  admin2_name VARCHAR,
  point_admin1_code VARCHAR,
  label_admin1_code VARCHAR,
  geo_method VARCHAR,
  historical_unit VARCHAR,
  pre_merger_label BOOLEAN,
  snapped_km DOUBLE,
  border_km DOUBLE,
  border_side VARCHAR,
  border_zone BOOLEAN,
  h3_coarse VARCHAR,
  h3_fine VARCHAR`;

/** Every migration of the schema, oldest first. Never edit an applied one: add a new one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'event store, ledger, rejections, changes, statistics',
    sql: [
      `CREATE SEQUENCE IF NOT EXISTS import_id_seq START 1`,
      `CREATE TABLE imports (
        id INTEGER PRIMARY KEY, file_name VARCHAR NOT NULL, bytes BIGINT NOT NULL, sha256 VARCHAR NOT NULL,
        format VARCHAR NOT NULL, source VARCHAR NOT NULL, version VARCHAR NOT NULL, version_inferred BOOLEAN NOT NULL,
        rows_read INTEGER NOT NULL, accepted INTEGER NOT NULL, rejected INTEGER NOT NULL, metadata_rows INTEGER NOT NULL,
        added INTEGER NOT NULL, changed INTEGER NOT NULL, removed INTEGER NOT NULL, unchanged INTEGER NOT NULL,
        stale INTEGER NOT NULL, warnings INTEGER NOT NULL, started_at VARCHAR NOT NULL, duration_ms INTEGER NOT NULL)`,
      `CREATE TABLE events (\n  ${V1_EVENT_COLUMNS},\n  content_hash VARCHAR NOT NULL,\n  import_id INTEGER NOT NULL)`,
      `CREATE TABLE rejections (import_id INTEGER NOT NULL, line INTEGER NOT NULL, field VARCHAR, value VARCHAR, reason VARCHAR NOT NULL, raw VARCHAR)`,
      `CREATE TABLE event_changes (import_id INTEGER NOT NULL, event_id VARCHAR NOT NULL, change VARCHAR NOT NULL,
        old_version VARCHAR, new_version VARCHAR, old_record JSON)`,
      `CREATE TABLE statistics (id VARCHAR PRIMARY KEY, organisation VARCHAR, report VARCHAR, report_version VARCHAR,
        published VARCHAR, metric VARCHAR, definition VARCHAR, country VARCHAR, admin1 VARCHAR, period_start DATE,
        period_end DATE, value BIGINT, qualifier VARCHAR, unit VARCHAR, import_id INTEGER)`,
    ],
  },
  {
    version: 2,
    name: 'api keys (sha256 hashes, roles)',
    sql: [
      `CREATE TABLE api_keys (id VARCHAR PRIMARY KEY, name VARCHAR, role VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
        created_at VARCHAR NOT NULL, revoked_at VARCHAR)`,
    ],
  },
  {
    version: 3,
    name: 'boundary sets added by users (e.g. Pakistani districts)',
    sql: [
      `CREATE TABLE boundary_sets (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, level VARCHAR NOT NULL, country VARCHAR NOT NULL,
        name_property VARCHAR NOT NULL, code_property VARCHAR, sha256 VARCHAR NOT NULL, units INTEGER NOT NULL,
        geojson VARCHAR NOT NULL, imported_at VARCHAR NOT NULL)`,
    ],
  },
  {
    version: 4,
    name: 'original records leave the events table for the source archive',
    sql: [
      // Events stored before the archive keep their original record here (nothing is lost).
      `CREATE TABLE legacy_originals AS SELECT id, original FROM events WHERE original IS NOT NULL`,
      `ALTER TABLE events DROP COLUMN original`,
      `ALTER TABLE events ADD COLUMN file_sha256 VARCHAR`,
      `ALTER TABLE events ADD COLUMN record_no INTEGER`,
    ],
  },
  {
    version: 5,
    name: 'daily and monthly rollups of events (counts, BIGINT sums and known counts per dimension)',
    sql: [...ROLLUP_DDL, ...ROLLUP_BUILD],
  },
  {
    version: 6,
    name: 'lean rollups per day and month x country x source version',
    sql: [...LEAN_ROLLUP_DDL, ...LEAN_ROLLUP_BUILD],
  },
  {
    version: 7,
    name: 'rollups keep the date precision (records known only to the week, month or year form a band)',
    // Rebuilt whole from the events: a store opened before this has rollups without the column.
    sql: [
      ...ROLLUP_TABLES.map((t) => `DROP TABLE IF EXISTS ${t}`),
      ...ROLLUP_DDL,
      ...ROLLUP_BUILD,
      ...LEAN_ROLLUP_DDL,
      ...LEAN_ROLLUP_BUILD,
    ],
  },
  {
    version: 8,
    name: 'the ledger records the period each import declares it covers',
    sql: [
      `ALTER TABLE imports ADD COLUMN coverage_from DATE`,
      `ALTER TABLE imports ADD COLUMN coverage_to DATE`,
      ...COVERAGE_BACKFILL,
    ],
  },
  {
    version: 9,
    name: 'candidate events superseded by a final GED release are marked and left out of counts',
    // Adds `events.superseded_by`, marks the covered Candidate events, and rebuilds the Candidate rollup rows without them.
    sql: [
      `ALTER TABLE events ADD COLUMN superseded_by VARCHAR`,
      ...MARK_SUPERSEDED,
      ...ROLLUP_TABLES.map((t) => `DELETE FROM ${t} WHERE source = 'ucdp-candidate'`),
      // The rebuild writes rows as today's rollups hold them, with the column of migration 28.
      ...ACTOR_KEY_BUILD,
      ...rollupSourceRebuild('ucdp-candidate'),
    ],
  },
  {
    version: 10,
    name: 'published indicator series (pairs of countries, decimal values, page and quote) and days of dyad indexes',
    // The statistics table is rebuilt (DuckDB cannot change a column's type under a primary key):
    // values become DOUBLE (indexes and shares are not whole numbers), stocks may have no start.
    sql: [
      `CREATE TABLE statistics_v10 (id VARCHAR PRIMARY KEY, organisation VARCHAR, report VARCHAR, report_version VARCHAR,
        published VARCHAR, metric VARCHAR, definition VARCHAR, country VARCHAR, admin1 VARCHAR, period_start DATE,
        period_end DATE, value DOUBLE, qualifier VARCHAR, unit VARCHAR, import_id INTEGER,
        geography VARCHAR, geography_to VARCHAR, country_to VARCHAR, url VARCHAR, quote VARCHAR)`,
      `INSERT INTO statistics_v10 SELECT id, organisation, report, report_version, published, metric, definition, country,
        admin1, period_start, period_end, CAST(value AS DOUBLE), qualifier, unit, import_id, NULL, NULL, NULL, NULL, NULL FROM statistics`,
      `DROP TABLE statistics`,
      `ALTER TABLE statistics_v10 RENAME TO statistics`,
      `CREATE TABLE dyad_index_days (source VARCHAR NOT NULL, version VARCHAR NOT NULL, date DATE NOT NULL,
        country_a VARCHAR NOT NULL, country_b VARCHAR NOT NULL, value DOUBLE NOT NULL, day_total_value DOUBLE NOT NULL,
        day_total_abs DOUBLE NOT NULL, day_nonzero_cells INTEGER NOT NULL, import_id INTEGER NOT NULL,
        PRIMARY KEY (source, date, country_a, country_b))`,
    ],
  },
  {
    version: 11,
    name: 'GDELT event reports in their own table (never in events or violence counts), the gaps of fetched periods; the ledger counts rows out of scope',
    sql: [
      `CREATE TABLE gdelt_events (${GDELT_EVENT_COLUMNS})`,
      `ALTER TABLE imports ADD COLUMN out_of_scope INTEGER`,
      `ALTER TABLE imports ADD COLUMN scope VARCHAR`,
      // 15-minute slices a fetch found missing upstream or damaged, until a later fetch imports them.
      `CREATE TABLE gdelt_gaps (slice VARCHAR PRIMARY KEY, reason VARCHAR NOT NULL, recorded_at VARCHAR NOT NULL)`,
    ],
  },
  {
    version: 12,
    name: 'desk events (analyst events under review, source faultline-desk) and their append-only audit log; the reviewer role',
    // api_keys.role is an unconstrained VARCHAR: the new reviewer role needs no change there.
    sql: [...DESK_DDL],
  },
  {
    version: 13,
    name: 'alert rules, their pending conditions, alerts (fired or suppressed) and webhook deliveries with every attempt',
    // No primary keys on the tables rows are updated in: DuckDB's ART index has refused updates of
    // indexed rows within one transaction; ids come from sequences and are unique by construction.
    sql: [
      `CREATE SEQUENCE alert_rule_id_seq START 1`,
      `CREATE SEQUENCE alert_id_seq START 1`,
      `CREATE SEQUENCE alert_delivery_id_seq START 1`,
      `CREATE TABLE alert_rules (id INTEGER NOT NULL, name VARCHAR NOT NULL, kind VARCHAR NOT NULL, params VARCHAR NOT NULL,
        pending_evaluations INTEGER NOT NULL, pending_hours DOUBLE NOT NULL, cooldown_hours DOUBLE NOT NULL,
        webhook_url VARCHAR, webhook_secret VARCHAR, after_import_id INTEGER NOT NULL, created_at VARCHAR NOT NULL,
        removed_at VARCHAR, last_evaluated_at VARCHAR, last_error VARCHAR)`,
      `CREATE TABLE alert_conditions (rule_id INTEGER NOT NULL, key VARCHAR NOT NULL, first_seen_at VARCHAR NOT NULL,
        last_seen_at VARCHAR NOT NULL, evaluations INTEGER NOT NULL, alert_id INTEGER, alert_at VARCHAR,
        title VARCHAR NOT NULL, detail VARCHAR NOT NULL)`,
      `CREATE TABLE alerts (id INTEGER NOT NULL, rule_id INTEGER NOT NULL, key VARCHAR NOT NULL, state VARCHAR NOT NULL,
        reason VARCHAR, title VARCHAR NOT NULL, detail VARCHAR NOT NULL, trigger VARCHAR NOT NULL, recorded_at VARCHAR NOT NULL,
        last_seen_at VARCHAR NOT NULL, seen INTEGER NOT NULL, cleared_at VARCHAR)`,
      `CREATE TABLE alert_deliveries (id INTEGER NOT NULL, alert_id INTEGER NOT NULL, rule_id INTEGER NOT NULL, url VARCHAR NOT NULL,
        status VARCHAR NOT NULL, attempts INTEGER NOT NULL, last_http_status INTEGER, last_error VARCHAR,
        created_at VARCHAR NOT NULL, finished_at VARCHAR)`,
      `CREATE TABLE alert_delivery_attempts (delivery_id INTEGER NOT NULL, attempt INTEGER NOT NULL, attempted_at VARCHAR NOT NULL,
        http_status INTEGER, error VARCHAR, duration_ms INTEGER NOT NULL)`,
    ],
  },
  {
    version: 15,
    name: 'cross-source linkage stored per run: scored pairs, incidents and the source versions they came from',
    sql: [...LINKAGE_DDL],
  },
  {
    version: 16,
    name: 'border distance as a range with its method: events without an exact point get one from a border name, a crossing, their district or province',
    // Exact points keep their distance; events without one get theirs when placed again (`faultline geo refresh`).
    sql: [
      `ALTER TABLE events ADD COLUMN border_km_low DOUBLE`,
      `ALTER TABLE events ADD COLUMN border_km_high DOUBLE`,
      `ALTER TABLE events ADD COLUMN border_method VARCHAR`,
      `UPDATE events SET border_km_low = border_km, border_km_high = border_km, border_method = 'point' WHERE border_km IS NOT NULL`,
    ],
  },
  {
    version: 17,
    name: "GDELT's volume per day (every row read, in scope or not: the barometer's denominator), BigQuery aggregates and their jobs",
    sql: [
      // origin 'exports': one row per GDELT file (unit = its latest DATEADDED, YYYYMMDDHHMMSS) and DATEADDED day; 'bigquery': unit ''.
      `CREATE TABLE gdelt_volume (origin VARCHAR NOT NULL, unit VARCHAR NOT NULL, day DATE NOT NULL, rows BIGINT NOT NULL,
        import_id INTEGER NOT NULL, PRIMARY KEY (origin, unit, day))`,
      // Stores that imported GDELT 2.0 exports before this migration: a file's rows were all added in its slice.
      `INSERT INTO gdelt_volume SELECT 'exports', substr(file_name, 1, 14), CAST(strptime(substr(file_name, 1, 8), '%Y%m%d') AS DATE),
        max(rows_read), max(id) FROM imports
        WHERE format = 'gdelt' AND regexp_matches(file_name, '^\\d{14}\\.export\\.CSV', 'i') GROUP BY ALL`,
      `CREATE TABLE gdelt_aggregates (day DATE NOT NULL, actor1_country VARCHAR NOT NULL, actor2_country VARCHAR NOT NULL,
        quad_class TINYINT NOT NULL, root_code VARCHAR NOT NULL, events BIGINT NOT NULL, mentions BIGINT NOT NULL,
        goldstein_mentions DOUBLE NOT NULL, tone_sum DOUBLE NOT NULL, import_id INTEGER NOT NULL,
        PRIMARY KEY (day, actor1_country, actor2_country, quad_class, root_code))`,
      `CREATE TABLE gdelt_bigquery_jobs (import_id INTEGER PRIMARY KEY, project VARCHAR NOT NULL, job_id VARCHAR NOT NULL,
        location VARCHAR, query VARCHAR NOT NULL, bytes_processed BIGINT, bytes_billed BIGINT, period_from DATE NOT NULL,
        period_to DATE NOT NULL, rows BIGINT NOT NULL, ran_at VARCHAR NOT NULL)`,
    ],
  },
  {
    version: 19,
    name: "the barometer's rollups: GDELT events per day x actor 1 country x actor 2 country (counts by QuadClass, mention, Goldstein x mentions and tone sums) and GDELT's volume per day, built from the rows already held",
    // Kept by every GDELT import from then on (native/gdelt-sql.ts, duckdb-gdelt-aggregates.ts); see duckdb-gdelt-rollups.ts.
    sql: [GDELT_PAIR_DAYS_DDL, GDELT_PAIR_DAYS_BUILD, GDELT_VOLUME_DAYS_DDL, GDELT_VOLUME_DAYS_BUILD],
  },
  {
    version: 23,
    name: 'ISO 3166-2 codes of Paktia (AF-PIA) and Paktika (AF-PKA): stores placed before had them swapped, as Natural Earth has them',
    // Alert rules keep their filters as written: a rule naming AF-PKA now means Paktika, as ISO says.
    sql: [
      `UPDATE events SET admin1_code = CASE admin1_code WHEN 'AF-PKA' THEN 'AF-PIA' WHEN 'AF-PIA' THEN 'AF-PKA' ELSE admin1_code END, point_admin1_code = CASE point_admin1_code WHEN 'AF-PKA' THEN 'AF-PIA' WHEN 'AF-PIA' THEN 'AF-PKA' ELSE point_admin1_code END, label_admin1_code = CASE label_admin1_code WHEN 'AF-PKA' THEN 'AF-PIA' WHEN 'AF-PIA' THEN 'AF-PKA' ELSE label_admin1_code END
        WHERE admin1_code IN ('AF-PKA', 'AF-PIA') OR point_admin1_code IN ('AF-PKA', 'AF-PIA') OR label_admin1_code IN ('AF-PKA', 'AF-PIA')`,
      `UPDATE rollup_day SET admin1_code = CASE admin1_code WHEN 'AF-PKA' THEN 'AF-PIA' WHEN 'AF-PIA' THEN 'AF-PKA' ELSE admin1_code END WHERE admin1_code IN ('AF-PKA', 'AF-PIA')`,
      `UPDATE rollup_month SET admin1_code = CASE admin1_code WHEN 'AF-PKA' THEN 'AF-PIA' WHEN 'AF-PIA' THEN 'AF-PKA' ELSE admin1_code END WHERE admin1_code IN ('AF-PKA', 'AF-PIA')`,
    ],
  },
  {
    version: 24,
    name: "which reader parsed each imported file: 'duckdb' or 'javascript' (NULL for imports from before it was kept)",
    // Content hashes depend on the reader (a record's hash is of its fields natively, of its text in
    // JavaScript): an import compares stored events with the reader that hashed them.
    sql: [`ALTER TABLE imports ADD COLUMN IF NOT EXISTS parsed_by VARCHAR`],
  },
  {
    version: 25,
    name: "an index on events.id: a page's rows and an event by its id are looked up, not scanned for",
    // Not unique (see the note above V1_EVENT_COLUMNS). On 3M events: a page's 100 rows in 16-17 ms
    // against 35-44 ms for the narrowed scan; a 2M-row import 38.3 s against 37.8 s without it.
    // What a 2-row import into 3M events pays for it (DuckDB 1.5.6): about 50 ms of CPU at COMMIT (the
    // first insert converts the file's v1.0.0-layout index; a file of storage version v1.2.0 skips
    // that) and about 200 ms at the checkpoint on close (DuckDB writes the whole index again: issue
    // duckdb/duckdb#24848). Kept: without it a page's rows took 80-95 ms even narrowed and an event by
    // id 64-84 ms, against 14-20 ms and 5-6 ms with it (medians, alternating, on a loaded machine).
    sql: [`CREATE INDEX IF NOT EXISTS events_id ON events (id)`],
  },
  {
    version: 26,
    name: 'the column mapping each mapped CSV was read with (sha256 of the normalised mapping; NULL for other formats and earlier imports)',
    // Part of a mapped CSV's re-import identity: the same bytes read with another mapping are another
    // import. An earlier import's mapping is unknown, so it matches none: its file is read once more.
    sql: [`ALTER TABLE imports ADD COLUMN IF NOT EXISTS mapping_sha256 VARCHAR`],
  },
  {
    version: 27,
    name: "the countries of each import's accepted rows (a version covers the countries its file holds, unchanged rows included)",
    // Unchanged rows keep the version that last changed them, so a release whose rows are all
    // unchanged held no event of its own and covered no country: a country filter then answered
    // "not covered" for months the release covers. Earlier imports get the countries of the events
    // they stored (their unchanged rows are not known any more).
    sql: [
      `ALTER TABLE imports ADD COLUMN IF NOT EXISTS countries VARCHAR[]`,
      `UPDATE imports SET countries = c.countries FROM (SELECT import_id, list(DISTINCT country ORDER BY country) AS countries
        FROM events WHERE country IS NOT NULL GROUP BY import_id) c WHERE c.import_id = imports.id`,
    ],
  },
  {
    version: 28,
    name: "rollup rows keep their actor ids as one text too (actor_key): an actor filter on the rollups tests it per distinct value, not each row's list",
    // TTP's weekly series on 3M events: the rollup scan 4.3 ms of the query's 7.1 ms, the query 3.3 ms after (docs/benchmarks.md).
    sql: [...ACTOR_KEY_BUILD],
  },
  {
    version: 29,
    name: "event_keys: each counted event's date, deaths, id, country, admin-1 code, source and version in date order, where a listing's page is cut",
    // Kept by the rollup refresh from then on (duckdb-event-keys.ts). KP's 2021 events by deaths on 3M events: the cut 13.6 ms on events, 2.7 ms here.
    sql: [...EVENT_KEYS_BUILD],
  },
  {
    version: 30,
    name: "the line of its source file each statistic's record starts on, as its import read it (NULL for statistics stored before)",
    // Listed with the statistic's warnings (duckdb-import-warnings.ts). Statistics stored before keep
    // no record number either, so their line stays unknown rather than guessed.
    sql: [`ALTER TABLE statistics ADD COLUMN IF NOT EXISTS line INTEGER`],
  },
  {
    version: 31,
    name: 'desk_links: desk events that may report the same incident, and how a publisher said they relate (supersedes, distinct)',
    // Kept beside the working copies rather than in them: a later report links the earlier one, and
    // the earlier one's record (and its audit trail) is not rewritten for it.
    sql: [...DESK_LINKS_DDL],
  },
  {
    version: 32,
    name: 'desk_links: the desk events of one day and place saved by hand (desk add, the API), linked as every create links them since',
    // Migration 31 linked a pair only when one of it was read from the news, as saves then did.
    sql: [...DESK_MANUAL_LINKS_DDL],
  },
  {
    version: 33,
    name: "alert_rules.last_note: what the rule's last evaluation could not judge or wants said (not covered, data long behind), beside last_error",
    // An evaluation after an import or on a server's schedule said it to no one: the rule now keeps it.
    sql: [`ALTER TABLE alert_rules ADD COLUMN IF NOT EXISTS last_note VARCHAR`],
  },
  {
    version: 34,
    name: 'gdelt_gaps.kind: why each slice has no usable export, as a script reads it (unlisted, missing-upstream, download, checksum, damaged, import); gaps stored before get the kind their reason names',
    // A cron job told "GDELT never published it" from "the download failed" from "our import failed"
    // only by parsing the reason's English; a fetch that imported nothing exits 4 for the last.
    sql: [`ALTER TABLE gdelt_gaps ADD COLUMN IF NOT EXISTS kind VARCHAR`, GAP_KIND_BACKFILL],
  },
  {
    version: 35,
    name: "alert_deliveries.cancel_reason: a removed rule's pending deliveries are cancelled, never sent again (those pending now, of rules removed before, too)",
    // A removed rule's pending deliveries were still sent by every later pass. Its delivered and
    // failed ones are history and stay as they are.
    sql: [
      `ALTER TABLE alert_deliveries ADD COLUMN IF NOT EXISTS cancel_reason VARCHAR`,
      `UPDATE alert_deliveries SET status = 'cancelled', cancel_reason = '${RULE_REMOVED}',
         finished_at = (SELECT r.removed_at FROM alert_rules r WHERE r.id = alert_deliveries.rule_id)
       WHERE status = 'pending' AND rule_id IN (SELECT id FROM alert_rules WHERE removed_at IS NOT NULL)`,
    ],
  },
  {
    version: 36,
    name: "linkage runs keep each day's fingerprint and each pair's days, so a small import rescores the days it changed instead of linking the whole run again",
    // A 2-row import into a 3M-event store relinked 1989-2021 whole (about 92 s). Runs stored before
    // have no fingerprints: each is linked again whole once, at its next relink.
    sql: [...LINKAGE_DAYS_DDL],
  },
];
