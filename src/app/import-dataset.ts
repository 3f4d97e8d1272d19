import { grouped } from '../domain/format-number.ts';
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { resolveActorIds, TALIBAN_TAKEOVER } from '../domain/actors.ts';
import type { Event } from '../domain/event.ts';
import { PLACEMENT_DATE_BREAKS } from '../geo/placer.ts';
import { toIso3 } from '../ingest/countries.ts';
import type { ArchivedKind } from '../storage/archive/source-archive.ts';
import {
  EngineReadDiffers,
  type DelimitedLayout,
  type NativeLookups,
  type NativeMapResult,
  type ParserReject,
} from '../storage/native-import.ts';
import { ndjsonFields, ndjsonLineLocator, ndjsonReasons } from './import-ndjson.ts';
import type { RecordIndex } from '../ingest/delimited/record-index.ts';
import { INVALID_UTF8, InvalidInputError, RemovalsNotAllowedError, invalidParam } from '../domain/errors.ts';
import { compareVersions } from '../domain/version-order.ts';
import { UCDP_VERSION_PATTERN } from '../ingest/ucdp-api/ucdp-api-schema.ts';
import { quoteValue } from '../domain/quote.ts';
import type { DyadIndexDay } from '../domain/dyad-index.ts';
import type { Statistic } from '../domain/statistic.ts';
import type { FormatId } from '../ingest/source-format.ts';
import { csvMappedFormat, loadMapping } from '../ingest/csv-mapped/csv-mapped-importer.ts';
import { openSourceFile, quoteFaultReason, type SourceFile } from '../ingest/source-records.ts';
import { NO_GEO, type EventGeo, type StagedEvent } from '../domain/placed-event.ts';
import type { LedgerEntry, Store, StoredRejection } from '../storage/store.ts';
import { relinkAfterImport, type LinkSummary } from './linkage-runs.ts';
import { alertsAfterWrite } from './alerts/background.ts';
import type { AlertRunAnswer } from './answers.ts';
import { checkReadableFile } from './readable-file.ts';
import { LISTED_REJECTIONS, listedRejections } from './listed-rejections.ts';
import { ledgerRow } from './sources-view.ts';

/** Options of one file import. */
export interface ImportOptions {
  format?: FormatId;
  /** A column-mapping file for the generic `csv-mapped` format. */
  mapping?: string;
  /** Dataset version, overriding what the file name says or what is inferred (must match VERSION_PATTERN). */
  version?: string;
  /**
   * Whether the file is a full release of its scope (stored rows missing from it, within its dates
   * and countries, are removed). Default: only a full-release format whose version the file's own
   * name states; never one whose version is inferred or given by `version`.
   */
  fullRelease?: boolean;
  /** Stored events the import may remove beyond 5% of its source's (see REMOVAL_SHARE_WITHOUT_CONSENT). */
  allowRemovals?: number;
  /**
   * Refuse a final GED release (CSV or API download) older than the newest one stored, since its
   * events the newer release withdrew would come back (`faultline import` without --allow-older).
   * Default false: the file is imported, its rows of newer stored events left as they are (stale).
   */
  refuseOlderGed?: boolean;
  /** How messages name the options: the CLI's flags (CLI_OPTION_NAMES, the default) or the API's form fields. */
  optionNames?: ImportOptionNames;
  /** Places an event on canonical units, the border and the grid. */
  place?: (e: Event) => EventGeo;
  /** Progress: bytes read of the total, in the counting and the importing pass. */
  onProgress?: (phase: 'count' | 'import', bytes: number, total: number) => void;
  batchSize?: number;
  /** Diff against the store even on a first import of a source (which is otherwise written straight into events); for tests. */
  alwaysDiff?: boolean;
  /** Link the imported period across sources again and store the links (default true; docs/linkage.md). */
  link?: boolean;
  /** Evaluate the alert rules once the import has committed and changed something (default true; an update evaluates once at its end). */
  alerts?: boolean;
  /**
   * Let the store's engine parse the file when it can (default true). False reads it in JavaScript, the
   * path every format has and the definition the engine's reading is tested against.
   */
  native?: boolean;
}

/** How an import's messages name its options for the surface that asked (`--allow-removals 12`, `allow_removals=12`). */
export interface ImportOptionNames {
  /** The option that lets a full release remove stored events, as a refused value is quoted after it. */
  allowRemovals: string;
  /** That option given a count, as a refusal tells the user to run again with it. */
  allowRemovalsGiven: (n: number) => string;
  /** What imports a GED release older than the stored one anyway. */
  allowOlder: string;
  /** The option that chooses the file's format when it is not detected. */
  inputFormat: string;
}

/** The options as `faultline import` names them (the default). */
export const CLI_OPTION_NAMES: ImportOptionNames = {
  allowRemovals: '--allow-removals',
  allowRemovalsGiven: (n) => `--allow-removals ${n}`,
  allowOlder: '--allow-older',
  inputFormat: '--input-format',
};

/** What an import did: the ledger entry, and whether the same bytes had been imported before. */
export interface ImportResult {
  ledger: LedgerEntry;
  alreadyImported: boolean;
  /** The first rejected rows (all of them are in the store). */
  rejections: Omit<StoredRejection, 'importId'>[];
  /** The linkage run the import caused, or null (no events, stored links still current, or `link: false`). */
  linkage?: LinkSummary | null;
  /** Why linking after the import failed (the import itself was committed). */
  linkageError?: string;
  /** The alert evaluation the import ran after its commit (absent when none ran; null when it failed, as logged). */
  alerts?: AlertRunAnswer | null;
  /** Which reader parsed the file: the store's engine (DuckDB) or JavaScript (absent when the bytes were imported before). */
  parsedBy?: 'duckdb' | 'javascript';
  /** Why a file the engine could read was read in JavaScript (a value DuckDB would give otherwise, ...). */
  parsedInJavaScriptBecause?: string;
}

/** Dataset versions a user or a file name may give: 1 to 32 letters, digits, '.', '_', '+' or '-', starting with a letter or digit. */
export const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,31}$/;

/**
 * The version the file states (the option, else its name) and whether its rows supersede the
 * stored ones of their scope: only when the user says so, or when the format is a full release
 * and the version comes from the file's own name (an inferred version never removes anything).
 */
function releaseOf(format: SourceFile['format'], fileName: string, opts: ImportOptions) {
  if (opts.version !== undefined && !VERSION_PATTERN.test(opts.version))
    throw invalidParam(
      'version',
      `${quoteValue(opts.version)} (use 1 to 32 letters, digits, '.', '_', '+' or '-')`,
    );
  if (
    opts.allowRemovals !== undefined &&
    !(Number.isSafeInteger(opts.allowRemovals) && opts.allowRemovals >= 0)
  )
    throw new InvalidInputError(
      `invalid ${(opts.optionNames ?? CLI_OPTION_NAMES).allowRemovals}: ${quoteValue(String(opts.allowRemovals))} (a count >= 0)`,
    );
  const fromName = opts.version === undefined ? format.version(fileName) : null;
  if (fromName && !VERSION_PATTERN.test(fromName.version))
    throw new InvalidInputError(
      `${quoteValue(fileName)}: invalid version in the file name: ${quoteValue(fromName.version)}`,
    );
  const named = opts.version !== undefined ? { version: opts.version, inferred: false } : fromName;
  const supersede = opts.fullRelease ?? (format.fullRelease && fromName !== null && !fromName.inferred);
  return { named, supersede };
}

/** The version the ledger records: the one named, else inferred from the last event date, else the file's hash. */
function recordedVersion(
  format: SourceFile['format'],
  named: { version: string } | null | undefined,
  lastDate: string | null,
  sha256: string,
): string {
  if (named) return named.version;
  return lastDate && format.inferVersion ? format.inferVersion(lastDate) : `sha256:${sha256.slice(0, 12)}`;
}

/**
 * The newest final GED release stored under a stated version (a file's name, --version or a UCDP API
 * download's), with events; undefined when there is none. A version inferred from a file's last event
 * date is a guess (an extract ending in 2002 would be `3.1`, one ending in 1997 `98.1`), not a
 * release: it never counts as the newest stored one.
 */
export async function newestStatedGed(store: Store): Promise<string | undefined> {
  const ged = UCDP_VERSION_PATTERN.ged;
  const stated = new Set(
    (await store.listImports())
      .filter((l) => l.source === 'ucdp-ged' && !l.versionInferred)
      .map((l) => l.version),
  );
  return (await store.coverage())
    .filter((c) => c.source === 'ucdp-ged' && c.events > 0 && stated.has(c.version) && ged.test(c.version))
    .map((c) => c.version)
    .sort(compareVersions)
    .at(-1);
}

/**
 * The stored final GED release newer than `version`, the stated version of a final GED release about
 * to be imported (import, fetch ucdp, update, the API), or null when nothing newer is stored or
 * `version` is no GED release. The store keeps one row per event: the older release's rows of events
 * the newer one holds would stay as they are (stale), but every event UCDP withdrew in the newer
 * release would be added back.
 */
export async function newerStoredGed(store: Store, version: string): Promise<string | null> {
  if (!UCDP_VERSION_PATTERN.ged.test(version)) return null;
  const stored = await newestStatedGed(store);
  return stored !== undefined && compareVersions(stored, version) > 0 ? stored : null;
}

/** Why an older final GED release is not imported, the start of each refusal's one line. */
export function olderGedReason(version: string, stored: string): string {
  return `GED ${version} is older than the stored GED ${stored}: importing it would bring back events ${stored} withdrew`;
}

/**
 * With `opts.refuseOlderGed`, refuses a final GED release (CSV or API download) whose stated version
 * (file name or --version) is older than the newest stated one stored (see newerStoredGed). Not
 * checked: Candidate releases (an older monthly release covers other months), mapped CSVs (versions
 * of their own), and inferred versions, a guess from the last event date.
 */
async function refuseOlderGed(
  store: Store,
  format: SourceFile['format'],
  fileName: string,
  named: { version: string; inferred: boolean } | null,
  opts: ImportOptions,
): Promise<void> {
  if (!opts.refuseOlderGed || format.source !== 'ucdp-ged' || format.mapped) return;
  if (!named || named.inferred) return;
  const stored = await newerStoredGed(store, named.version);
  if (stored !== null)
    throw new InvalidInputError(
      `${quoteValue(fileName)}: ${olderGedReason(named.version, stored)}; nothing was imported (${(opts.optionNames ?? CLI_OPTION_NAMES).allowOlder} imports it anyway)`,
    );
}

/**
 * The earlier import of the same bytes in the same format, read with the same mapping for a mapped
 * CSV (the mapping decides every value, so the same bytes with another mapping are a new import).
 */
function findEarlier(store: Store, sha256: string, format: SourceFile['format']) {
  return format.mapped
    ? store.findImport(sha256, format.id, format.mapped.mappingSha256)
    : store.findImport(sha256, format.id);
}

/**
 * The import of the same bytes that committed while this one waited for the writer, as a no-op
 * (its session rolled back), or null. Two sends of one file at once each found none before either
 * committed, and both imported it: two ledger entries of one file, the second all unchanged rows.
 */
async function importedWhileWaiting(
  store: Store,
  session: { rollback(): Promise<void> },
  sha256: string,
  format: SourceFile['format'],
): Promise<ImportResult | null> {
  const earlier = await findEarlier(store, sha256, format);
  if (!earlier) return null;
  await session.rollback();
  return { ledger: earlier, alreadyImported: true, rejections: [] };
}

/** What the ledger and the store's scoping take of a mapped CSV's mapping: its hash and its dataset. */
function mappedStart(format: SourceFile['format']): { mappingSha256?: string; dataset?: string } {
  return format.mapped ? { mappingSha256: format.mapped.mappingSha256, dataset: format.mapped.dataset } : {};
}

/** Thrown when the parser's rows and the independent count disagree: nothing is written. */
export class ReconcileError extends InvalidInputError {}

/**
 * Imports one dataset file (delimited or NDJSON) as one transaction: counts its records independently, maps every row,
 * keeps rejected rows with reasons, reconciles (accepted + rejected = rows read) and commits, or
 * leaves the store exactly as it was. Importing the same bytes again is a no-op.
 */
export async function importFile(
  store: Store,
  path: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const names = opts.optionNames;
  const r = await importOnly(store, path, opts).catch((e: unknown) => {
    // The store refuses in the CLI's words; another surface's user is told its own option.
    throw e instanceof RemovalsNotAllowedError && names ? e.naming(names.allowRemovalsGiven) : e;
  });
  if (r.alreadyImported) return r;
  let out: ImportResult = r;
  if (opts.link !== false) {
    // After the commit: the import stands even if linking fails; the period's stored links then stay
    // stale (readers link it again before use) and the failure is reported.
    try {
      out = { ...out, linkage: await relinkAfterImport(store, r.ledger) };
    } catch (e) {
      out = {
        ...out,
        linkage: null,
        linkageError: `linking after the import failed: ${(e as Error).message}`,
      };
    }
  }
  const l = r.ledger;
  if (opts.alerts === false || l.added + l.changed + l.removed === 0) return out;
  // The data are in whatever the evaluation does, and deliveries go on in the background.
  const alerts = await alertsAfterWrite(store, 'import');
  return alerts && !alerts.rules.length ? out : { ...out, alerts };
}

/** importFile without linking or alerts. */
async function importOnly(store: Store, path: string, opts: ImportOptions): Promise<ImportResult> {
  const fileName = basename(path);
  checkReadableFile(path);
  if (opts.mapping) checkReadableFile(opts.mapping);
  const file = await openSourceFile(
    path,
    opts.mapping ? 'csv-mapped' : opts.format,
    opts.mapping ? csvMappedFormat(loadMapping(opts.mapping)) : undefined,
    (opts.optionNames ?? CLI_OPTION_NAMES).inputFormat,
  );
  const format = file.format;
  const layout = file.layout;
  releaseOf(format, fileName, opts); // the version and removal options are checked before anything is read
  const native = format.native && store.capabilities.nativeImport && opts.native !== false;
  // Events the JavaScript reader stored carry its content hashes: their dataset stays with that reader.
  let why = native ? await readByJavaScriptBefore(store, format) : undefined;
  if (
    !why &&
    native &&
    layout.kind === 'delimited' &&
    layout.newline !== '\r\r\n' // DuckDB's reader takes LF or CRLF; a header ending in doubled CRs goes the JavaScript way
  ) {
    const delimited = { ...layout, newline: layout.newline, path };
    // Each retry starts the import again (the failed attempt rolled back): staged when the direct
    // path met rows it cannot reject, on one thread when the parallel reader's count disagreed.
    const attempt = (d: DelimitedLayout & { kind: 'delimited' }, o: ImportOptions): Promise<ImportResult> =>
      importNative(store, path, file, d, o).catch((e: unknown) => {
        if (e instanceof NeedsStagedPath && !o.alwaysDiff) return attempt(d, { ...o, alwaysDiff: true });
        if (e instanceof ParallelReadDisagrees && !d.serial) return attempt({ ...d, serial: true }, o);
        throw e;
      });
    return attempt(delimited, opts).then((r) => parsedBy(r, 'duckdb'));
  }
  if (!why && native && layout.kind === 'ndjson') {
    try {
      return parsedBy(await importNative(store, path, file, 'ndjson', opts), 'duckdb');
    } catch (e) {
      if (!(e instanceof NeedsJavaScriptPath)) throw e;
      why = e.message;
    }
  }
  return parsedBy(await importJs(store, path, file, opts), 'javascript', why);
}

/**
 * Why a file of the generic mapped CSV is to be read in JavaScript although DuckDB could read it: the
 * store holds events of its dataset that the JavaScript reader parsed (every such import before
 * DuckDB read these files). A record's hash is of its text in JavaScript and of its fields natively,
 * so comparing them would report every unchanged event as changed. Undefined otherwise.
 */
async function readByJavaScriptBefore(
  store: Store,
  format: SourceFile['format'],
): Promise<string | undefined> {
  if (format.native?.name !== 'csv-mapped') return undefined;
  const dataset = format.native.params.dataset;
  const readers = await store.eventReaders({
    source: format.source,
    format: format.id,
    idPrefix: `${dataset}:`,
  });
  return readers.some((r) => r !== 'duckdb')
    ? `events of dataset ${dataset} were stored by the JavaScript reader, whose content hashes the import compares`
    : undefined;
}

/** Which reader parsed the file, as the CLI and the API show it (nothing when the bytes were imported before). */
export function parsedByFields(r: ImportResult): {
  parsed_by?: string;
  parsed_in_javascript_because?: string;
} {
  return {
    ...(r.parsedBy ? { parsed_by: r.parsedBy } : {}),
    ...(r.parsedInJavaScriptBecause ? { parsed_in_javascript_because: r.parsedInJavaScriptBecause } : {}),
  };
}

/**
 * One file's import as the CLI's `--format json` prints it (`faultline import`, `faultline fetch
 * ucdp|acled`): `file` is the path as given, `ledger` the ledger's entry as `faultline sources` and
 * POST /imports give it (its own `file` is the name the ledger keeps: for bytes imported before, the
 * earlier import's).
 */
export function importSummary(file: string, r: ImportResult) {
  return {
    file,
    already_imported: r.alreadyImported,
    ledger: ledgerRow(r.ledger),
    ...parsedByFields(r),
    ...listedRejections(r),
    linkage: r.linkage ?? null,
    ...(r.linkageError ? { linkage_error: r.linkageError } : {}),
    // Only when the store has alert rules: what their evaluation after this import recorded.
    ...(r.alerts !== undefined ? { alerts: r.alerts } : {}),
  };
}

/** The result with the reader that parsed the file (none when the same bytes were imported before). */
function parsedBy(r: ImportResult, by: 'duckdb' | 'javascript', why?: string): ImportResult {
  if (r.alreadyImported) return r;
  return { ...r, parsedBy: by, ...(why !== undefined ? { parsedInJavaScriptBecause: why } : {}) };
}

/** Reads the file in JavaScript, record by record, into the import session (the path every format has). */
async function importJs(
  store: Store,
  path: string,
  file: SourceFile,
  opts: ImportOptions,
): Promise<ImportResult> {
  const fileName = basename(path);
  const format = file.format;
  const layout = file.layout;
  const release = releaseOf(format, fileName, opts);
  const named = release.named;
  const startedAt = new Date().toISOString();
  const archived = store.archive.writer();
  let counted;
  try {
    counted = await file.count({
      index: true,
      onBytes: (b) => opts.onProgress?.('count', b, 0),
      onChunk: (c) => archived.add(c),
    });
  } catch (e) {
    await archived.abandon();
    throw e;
  }
  const previous = await findEarlier(store, counted.sha256, format);
  if (previous) {
    await archived.abandon();
    return { ledger: previous, alreadyImported: true, rejections: [] };
  }
  try {
    await refuseOlderGed(store, format, fileName, named, opts);
  } catch (e) {
    await archived.abandon();
    throw e;
  }
  await archived.finish(counted.sha256, fileName, counted.index!, archiveLayout(layout));

  const session = await store.beginImport({
    fileName,
    bytes: counted.bytes,
    sha256: counted.sha256,
    format: format.id,
    source: format.source,
    startedAt,
    ...mappedStart(format),
    supersedeScope: release.supersede,
    ...(opts.allowRemovals !== undefined ? { allowRemovals: opts.allowRemovals } : {}),
  });
  const raced = await importedWhileWaiting(store, session, counted.sha256, format);
  if (raced) return raced;
  try {
    const run = await stream(session, path, file, named?.version ?? 'pending', counted, opts);
    const dataRecords = counted.records;
    if (run.accepted + run.rejected + run.metadata !== dataRecords) {
      throw new ReconcileError(
        `${quoteValue(fileName)}: row count mismatch: the parser gave ${grouped(run.accepted)} accepted + ${grouped(run.rejected)} rejected + ${grouped(run.metadata)} metadata rows, the independent count found ${grouped(dataRecords)} records; nothing was imported`,
      );
    }
    const version = recordedVersion(format, named, run.lastDate, counted.sha256);
    const ledger = await session.commit({
      version,
      versionInferred: !named,
      rowsRead: dataRecords - run.metadata,
      metadataRows: run.metadata,
      warnings: run.warnings,
      coverage: format.declaredCoverage?.(fileName, version) ?? null,
    });
    return { ledger, alreadyImported: false, rejections: run.rejections };
  } catch (e) {
    await session.rollback();
    throw e;
  }
}

/** The archive's description of how a file's records are delimited. */
function archiveLayout(layout: SourceFile['layout']): ArchivedKind {
  return layout.kind === 'ndjson' ? { kind: 'ndjson' } : { kind: 'delimited', delimiter: layout.delimiter };
}

/**
 * Finds the record of each row the engine's parser refused, by the byte DuckDB names (which may be
 * the record's first byte or the line break before it), and checks that the record starts with the
 * text DuckDB read there; a row that cannot be placed refuses the file (nothing is guessed).
 */
async function placeParserRejects(
  path: string,
  index: RecordIndex,
  rejects: readonly ParserReject[],
  fileName: string,
  first = 1,
): Promise<(ParserReject & { recordNo: number })[]> {
  if (!rejects.length) return [];
  const fh = await open(path, 'r');
  try {
    const placed = new Map<number, ParserReject & { recordNo: number }>();
    for (const r of rejects) {
      let k = index.recordAt(r.byte);
      if (k >= 0 && r.byte >= index.end(k)) k++;
      // DuckDB shows bytes it could not decode as '?': compare the plain-ASCII start of its text only.
      const want = /^[\x20-\x3e\x40-\x7e]*/.exec(r.text.replace(/^[\r\n]+/, ''))![0].slice(0, 200);
      let ok = k >= first && k < index.length;
      if (ok) {
        const len = Math.min(index.end(k) - index.start(k), want.length);
        const buf = Buffer.alloc(len);
        await fh.read(buf, 0, len, index.start(k));
        ok = buf.toString('latin1') === want.slice(0, len);
      }
      if (!ok)
        throw new ReconcileError(
          `${quoteValue(fileName)}: DuckDB refused a row at byte ${r.byte} that the independent count cannot place; nothing was imported`,
        );
      const prev = placed.get(k);
      placed.set(k, { ...r, reason: prev ? `${prev.reason}; ${r.reason}` : r.reason, recordNo: k });
    }
    return [...placed.values()].sort((a, b) => a.recordNo - b.recordNo);
  } finally {
    await fh.close();
  }
}

/**
 * Records the independent count finds faulty that the engine's parser did not refuse: a field count
 * other than the header's (DuckDB's lenient reader drops the extra fields of a long row) or text
 * after a field's closing quote (it stores `"Kel" sector` as `Kel secto`). Either would change the
 * record silently.
 */
function rowFaults(
  counted: Pick<Awaited<ReturnType<SourceFile['count']>>, 'ragged' | 'quoteFaults'>,
  refused: readonly { recordNo: number }[],
  header: readonly string[],
): { recordNo: number; reason: string }[] {
  const seen = new Set(refused.map((r) => r.recordNo));
  const faults = new Map<number, string>();
  for (const r of counted.ragged ?? [])
    faults.set(r.record, `expected ${header.length} fields, found ${r.fields}`);
  for (const r of counted.quoteFaults ?? [])
    if (!faults.has(r.record)) faults.set(r.record, quoteFaultReason(r.field, header));
  return [...faults]
    .filter(([recordNo]) => !seen.has(recordNo))
    .sort((a, b) => a[0] - b[0])
    .map(([recordNo, reason]) => ({ recordNo, reason }));
}

/** Lookups the store runs once per distinct value during a native import. */
function nativeLookups(place: ImportOptions['place']): NativeLookups {
  return {
    country: (first, second) => toIso3(first) ?? toIso3(second),
    actorIds: (names, date) => resolveActorIds(names, date),
    actorDateBreaks: [TALIBAN_TAKEOVER],
    place: (p) =>
      place
        ? place({
            country: p.country,
            lat: p.lat,
            lon: p.lon,
            geoExact: p.geoExact,
            admin1Label: p.admin1Label,
            admin2Label: p.admin2Label,
            place: p.place,
            dateStart: p.date,
          } as Event)
        : NO_GEO,
    placeDateBreaks: PLACEMENT_DATE_BREAKS,
  };
}

/** The sha256 of a file, read once in large chunks, whether it is UTF-8 and whether it holds a NUL byte. */
async function sha256File(path: string): Promise<{ sha256: string; utf8: boolean; nul: boolean }> {
  const hash = createHash('sha256');
  let utf8 = true;
  let nul = false;
  let carry = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    // A NUL byte anywhere makes the mapping search every field for one (memchr: nearly free here).
    nul ||= chunk.includes(0);
    if (!utf8) continue;
    // A character may straddle two chunks: check up to its last complete character, carry the rest.
    const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const cut = completeUtf8Prefix(bytes);
    utf8 = isUtf8(bytes.subarray(0, cut));
    carry = Buffer.from(bytes.subarray(cut));
  }
  return { sha256: hash.digest('hex'), utf8: utf8 && carry.length === 0, nul };
}

/** The length of `b` up to the start of a multi-byte character cut off at its end. */
function completeUtf8Prefix(b: Buffer): number {
  for (let i = b.length - 1, k = 0; i >= 0 && k < 4; i--, k++) {
    const x = b[i]!;
    if (x < 0x80) return b.length; // ASCII: nothing is cut
    if (x >= 0xc0) {
      const need = x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : 2;
      return b.length - i >= need ? b.length : i;
    }
  }
  return b.length;
}

/**
 * The native path: DuckDB parses and maps the file in SQL while Node counts its records, hashes it
 * and writes it to the archive; the two counts must agree (accepted + rejected + metadata = records
 * counted), or the file is refused whole with both counts named. A first import of a source goes
 * straight into `events` (the store's importDirect); otherwise the file is staged and diffed.
 */
async function importNative(
  store: Store,
  path: string,
  file: SourceFile,
  layout: (DelimitedLayout & { kind: 'delimited' }) | 'ndjson',
  opts: ImportOptions,
): Promise<ImportResult> {
  const fileName = basename(path);
  const format = file.format;
  const startedAt = new Date().toISOString();
  const bytes = statSync(path).size;
  const release = releaseOf(format, fileName, opts);
  const named = release.named;
  // The digest first: the same bytes imported before are a no-op before any parsing.
  const { sha256, utf8, nul } = await sha256File(path);
  const previous = await findEarlier(store, sha256, format);
  if (previous) return { ledger: previous, alreadyImported: true, rejections: [] };
  await refuseOlderGed(store, format, fileName, named, opts); // before anything is parsed
  const session = await store.beginImport({
    fileName,
    bytes,
    sha256,
    format: format.id,
    source: format.source,
    startedAt,
    ...mappedStart(format),
    supersedeScope: release.supersede,
    ...(opts.allowRemovals !== undefined ? { allowRemovals: opts.allowRemovals } : {}),
  });
  const raced = await importedWhileWaiting(store, session, sha256, format);
  if (raced) return raced;
  const archived = store.archive.writer();
  // Node's pass runs while DuckDB parses the same bytes: it is the import's progress.
  const counting = file.count({
    index: true,
    onBytes: (b) => opts.onProgress?.('import', b, bytes),
    onChunk: (c) => archived.add(c),
  });
  counting.catch(() => undefined); // awaited below; a failure is reported there
  try {
    if (layout === 'ndjson') {
      const { counted, run } = await mapNdjson(session, path, format, {
        counting,
        sha256,
        nul,
        lookups: nativeLookups(opts.place),
        direct: !opts.alwaysDiff,
        ...(named ? { version: named.version } : {}),
      });
      return await finishNative(store, session, archived, file, fileName, named, sha256, counted, run);
    }
    const mapping = {
      mapper: format.native!,
      layout: { ...layout, path },
      source: format.source,
      fileSha256: sha256,
      lookups: nativeLookups(opts.place),
      nulBytes: nul,
      ...(named ? { version: named.version } : {}),
    };
    // DuckDB 1.5's CSV reader fails inside (INTERNAL Error, the database invalidated) when the direct
    // path's narrow pass meets a record that is not UTF-8: such files go the staged way, which rejects
    // the record (src/app/import-fuzz.test.ts found it).
    // (Statistics and dyad index days are staged for their own tables: they have no direct path.)
    const direct =
      session.importDirect && !opts.alwaysDiff && utf8 && format.kind === 'events'
        ? await session.importDirect({
            ...mapping,
            locator: counting.then((c) => c.index!),
            placeRejects: async (rejects) =>
              placeParserRejects(path, (await counting).index!, rejects, fileName),
          })
        : null;
    let run: NativeMapResult;
    let counted: Awaited<typeof counting>;
    if (direct) {
      counted = await counting;
      checkParse(fileName, direct.parsed, direct.parserRejected, counted.records, layout.serial);
      // Rows longer than the header lose their extra fields silently in DuckDB, and a field with text
      // after its closing quote is altered: only the count sees them, after the direct insert. Such a
      // (damaged, rare) file is imported again, staged.
      if (rowFaults(counted, [], layout.header).length) throw new NeedsStagedPath();
      run = direct;
    } else {
      let staged;
      [counted, staged] = await Promise.all([counting, session.stageDelimited!({ ...layout, path })]);
      checkParse(fileName, staged.parsed, staged.parserRejects.length, counted.records, layout.serial);
      const parserRejects = await placeParserRejects(path, counted.index!, staged.parserRejects, fileName);
      run = await session.mapStaged!({
        ...mapping,
        locator: counted.index!,
        parserRejects,
        rowFaults: rowFaults(counted, parserRejects, layout.header),
      });
    }
    return await finishNative(store, session, archived, file, fileName, named, sha256, counted, run);
  } catch (e) {
    await session.rollback();
    await counting.catch(() => undefined);
    await archived.abandon();
    throw e;
  }
}

/** What the native path ends with, whichever reader staged the file: checks, archive, reconciliation and commit. */
async function finishNative(
  store: Store,
  session: Awaited<ReturnType<Store['beginImport']>>,
  archived: ReturnType<Store['archive']['writer']>,
  file: SourceFile,
  fileName: string,
  named: { version: string } | null | undefined,
  sha256: string,
  counted: { records: number; bytes: number; sha256: string; index?: RecordIndex },
  run: NativeMapResult,
): Promise<ImportResult> {
  const format = file.format;
  if (counted.sha256 !== sha256)
    throw new ReconcileError(
      `${quoteValue(fileName)}: the file changed while it was imported; nothing was imported`,
    );
  await archived.finish(counted.sha256, fileName, counted.index!, archiveLayout(file.layout));
  if (run.accepted + run.rejected + run.metadata !== counted.records)
    throw new ReconcileError(
      `${quoteValue(fileName)}: row count mismatch: the mapper gave ${grouped(run.accepted)} accepted + ${grouped(run.rejected)} rejected + ${grouped(run.metadata)} metadata rows, the independent count found ${grouped(counted.records)} records; nothing was imported`,
    );
  const version = recordedVersion(format, named, run.lastDate, counted.sha256);
  const ledger = await session.commit({
    bytes: counted.bytes,
    sha256: counted.sha256,
    version,
    versionInferred: !named,
    rowsRead: counted.records - run.metadata,
    metadataRows: run.metadata,
    warnings: run.warnings,
    coverage: format.declaredCoverage?.(fileName, version) ?? null,
  });
  const rejections = ledger.rejected ? await store.listRejections(ledger.id, LISTED_REJECTIONS) : [];
  return { ledger, alreadyImported: false, rejections: rejections.map(({ importId: _, ...r }) => r) };
}

/** The NDJSON file must be read the JavaScript way (the import was rolled back): why. */
class NeedsJavaScriptPath extends Error {}

/**
 * The native path for an NDJSON file: DuckDB reads its lines and their JSON (ndjson-sql.ts) while Node
 * counts and indexes them; JavaScript gives the reason of each line that is not a JSON object; the
 * staged rows are mapped by the format's SQL mapper. Throws NeedsJavaScriptPath when the file holds a
 * value DuckDB would give otherwise than JavaScript (then the caller reads it the JavaScript way).
 */
async function mapNdjson(
  session: Awaited<ReturnType<Store['beginImport']>>,
  path: string,
  format: SourceFile['format'],
  o: {
    counting: ReturnType<SourceFile['count']>;
    sha256: string;
    nul: boolean;
    lookups: NativeLookups;
    /** A first import of the source may go straight into the store (false: always staged and diffed). */
    direct: boolean;
    version?: string;
  },
) {
  const fileName = basename(path);
  const [counted, staged] = await Promise.all([o.counting, session.stageNdjson!(path, format.source)]);
  if (staged.unsafe) throw new NeedsJavaScriptPath(staged.unsafe);
  checkParse(
    fileName,
    staged.parsed,
    staged.parserRejects.length,
    counted.records,
    true,
    "DuckDB's line reader",
  );
  const locator = ndjsonLineLocator(path, counted.index!);
  try {
    const placed = await placeParserRejects(path, counted.index!, staged.parserRejects, fileName, 0);
    const why = ndjsonReasons(path, locator, placed, staged.notObjects);
    if (why.disagree !== null) throw new NeedsJavaScriptPath(why.disagree);
    const run = await session.mapStaged!({
      mapper: format.native!,
      layout: { path, header: staged.keys, delimiter: ',', newline: '\n' },
      source: format.source,
      fileSha256: o.sha256,
      lookups: o.lookups,
      nulBytes: o.nul,
      ...(o.version !== undefined ? { version: o.version } : {}),
      locator,
      parserRejects: why.refused,
      rowFaults: why.faults,
      ndjson: { fields: ndjsonFields },
      direct: o.direct,
    }).catch((e: unknown) => {
      throw e instanceof EngineReadDiffers ? new NeedsJavaScriptPath(e.message) : e;
    });
    return { counted, run };
  } finally {
    locator.close();
  }
}

/** A direct first import found rows the staged path must reject one by one: it is rolled back and run staged. */
class NeedsStagedPath extends Error {}

/** DuckDB's parallel CSV read disagreed with the count: the import is run again, read on one thread. */
class ParallelReadDisagrees extends Error {}

/**
 * The engine's parse must account for every record the independent count found. A parallel read
 * that does not (`serial` false) is read again on one thread (DelimitedLayout.serial); a serial
 * read, or the line reader's, that does not refuses the file.
 */
function checkParse(
  fileName: string,
  parsed: number,
  refused: number,
  records: number,
  serial: boolean | undefined,
  reader = "DuckDB's CSV reader",
): void {
  if (parsed + refused === records) return;
  const message = `${quoteValue(fileName)}: row count mismatch: ${reader} gave ${grouped(parsed)} rows + ${grouped(refused)} refused, the independent count found ${grouped(records)} records; nothing was imported`;
  throw serial ? new ReconcileError(message) : new ParallelReadDisagrees(message);
}

/** Streams the file's records through the format's mapper into the session in batches. */
async function stream(
  session: Awaited<ReturnType<Store['beginImport']>>,
  path: string,
  file: SourceFile,
  version: string,
  counted: { bytes: number; sha256: string; index?: RecordIndex },
  opts: ImportOptions,
) {
  const total = counted.bytes;
  let recordNo = file.firstRecord - 1;
  const batchSize = opts.batchSize ?? 5000;
  const place = opts.place ?? (() => NO_GEO);
  const format = file.format;
  const rejections: Omit<StoredRejection, 'importId'>[] = []; // the first ones, for display
  let rejectBuffer: Omit<StoredRejection, 'importId'>[] = [];
  let rejected = 0;
  const rejectRow = (r: Omit<StoredRejection, 'importId'>) => {
    rejected++;
    rejectBuffer.push(r);
    if (rejections.length < LISTED_REJECTIONS) rejections.push(r);
  };
  let events: StagedEvent[] = [];
  let stats: (Statistic & { line: number })[] = [];
  let dyad: (DyadIndexDay & { line: number })[] = [];
  let accepted = 0;
  let metadata = 0;
  let warnings = 0;
  let lastDate: string | null = null;
  const utf8 = recordBytes(path, counted.index);
  const flush = async () => {
    if (events.length) await session.addEvents(events);
    if (stats.length) await session.addStatistics(stats);
    if (dyad.length) await session.addDyadIndexDays(dyad);
    if (rejectBuffer.length) await session.addRejections(rejectBuffer);
    events = [];
    stats = [];
    dyad = [];
    rejectBuffer = [];
  };
  for await (const item of file.records((b) => opts.onProgress?.('import', b, total))) {
    recordNo++;
    if (item.kind === 'reject') {
      rejectRow({
        line: item.line,
        field: null,
        value: null,
        reason: item.reason,
        raw: recordText(item.raw),
      });
      continue;
    }
    // Undecodable bytes became U+FFFD: the stored values would differ from the source, so the row is refused.
    if (item.raw.includes('\uFFFD') && !utf8.valid(recordNo)) {
      rejectRow({
        line: item.line,
        field: null,
        value: null,
        reason: INVALID_UTF8,
        raw: recordText(item.raw),
      });
      continue;
    }
    const rec = item.rec;
    const m = format.map(rec, version);
    if (m.ok === 'metadata') {
      metadata++;
    } else if (m.ok === false) {
      rejectRow({
        line: item.line,
        field: m.field,
        value: m.value,
        reason: m.field ? `${m.field}: ${m.reason}` : m.reason,
        raw: recordText(item.raw),
      });
    } else {
      accepted++;
      if (m.warnings.length) warnings++;
      if (format.kind === 'events') {
        const e = m.value as Event;
        if (!lastDate || e.dateEnd > lastDate) lastDate = e.dateEnd;
        events.push(
          Object.assign(e, place(e), {
            line: item.line,
            qualityFlags: m.warnings,
            fileSha256: counted.sha256,
            recordNo,
            recordKey: item.raw,
          }),
        );
      } else if (format.kind === 'dyad-index') {
        const d = m.value as DyadIndexDay;
        if (!lastDate || d.date > lastDate) lastDate = d.date;
        dyad.push({ ...d, line: item.line });
      } else {
        stats.push({ ...(m.value as Statistic), line: item.line });
      }
      if (events.length + stats.length + dyad.length >= batchSize) await flush();
    }
  }
  await flush();
  utf8.close();
  return { accepted, rejected, rejections, metadata, warnings, lastDate };
}

export { INVALID_UTF8 };

/**
 * A rejected record's text as stored: without the line break that ends it (and blank lines the CSV
 * parser skipped before it), as the native path reads it from the record index.
 */
const recordText = (raw: string): string => raw.replace(/^\n+/, '').replace(/\n$/, '');

/** Checks a record's original bytes (by the index) for valid UTF-8; opened lazily, for the rare record that needs it. */
function recordBytes(path: string, index: RecordIndex | undefined) {
  let fd: number | null = null;
  return {
    valid(k: number): boolean {
      if (!index || k < 0 || k >= index.length) return false;
      fd ??= openSync(path, 'r');
      const buf = Buffer.alloc(index.end(k) - index.start(k));
      readSync(fd, buf, 0, buf.length, index.start(k));
      return isUtf8(buf);
    },
    close: () => {
      if (fd !== null) closeSync(fd);
    },
  };
}
