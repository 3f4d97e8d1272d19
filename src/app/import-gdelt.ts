import { grouped } from '../domain/format-number.ts';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InvalidInputError, invalidParam } from '../domain/errors.ts';
import { profiled } from '../domain/profile.ts';
import { quoteValue } from '../domain/quote.ts';
import { countGdelt, GDELT_ORDER_PRIME, type GdeltCount } from '../ingest/gdelt/gdelt-counter.ts';
import { FIPS_TO_ISO3 } from '../ingest/gdelt/fips-countries.ts';
import { gdeltLayout, gdeltVersion, looksLikeGdeltRecord } from '../ingest/gdelt/gdelt-schema.ts';
import { diskError } from '../ingest/ucdp-downloads/disk-error.ts';
import { gedZipCsv } from '../ingest/ucdp-downloads/ged-zip.ts';
import type { ImportBatch, LedgerEntry, Store, StoredRejection } from '../storage/store.ts';
import { ReconcileError, VERSION_PATTERN } from './import-dataset.ts';
import { LISTED_REJECTIONS } from './listed-rejections.ts';

/** The format and source names GDELT imports carry in the ledger. */
export const GDELT_FORMAT = 'gdelt';

/** Options of one GDELT file import. */
export interface GdeltImportOptions {
  /** ISO3 codes: keep only rows where an actor or the action location is in one of them. */
  countries?: readonly string[];
  /** Version to record instead of the file's timestamp. */
  version?: string;
  /** Progress: bytes read of the total. */
  onProgress?: (bytes: number, total: number) => void;
}

/** What one GDELT import did. */
export interface GdeltImportReport {
  ledger: LedgerEntry;
  alreadyImported: boolean;
  /** The first rejected rows (all of them are in the store). */
  rejections: Omit<StoredRejection, 'importId'>[];
  /** Action-location FIPS codes not in the FIPS table (rows kept, their country unknown). */
  unknownFips: { code: string; rows: number }[];
}

/** Whether a file is a GDELT event file: by a GDELT export name for a zip, else by its first record. */
export async function looksLikeGdeltFile(path: string): Promise<boolean> {
  if (/\.export\.csv\.zip$/i.test(path)) return true;
  if (/\.zip$/i.test(path)) return false;
  const line = await firstLine(path).catch(() => null);
  return line !== null && looksLikeGdeltRecord(line);
}

/** Import options given for a file, each by its name at the entry point (CLI `--full-release`, API `full_release`). */
export interface ReleaseOptionNames {
  fullRelease?: string;
  allowRemovals?: string;
  allowOlder?: string;
}

/**
 * Refuses, in one line naming the first of them, the options of a dataset import that a GDELT file
 * would otherwise ignore silently: a GDELT import removes no stored rows (each event is kept until a
 * newer row of it arrives), so --full-release and --allow-removals do nothing, and GDELT has no final
 * releases for --allow-older to let through. Pass only the options the user gave (as true or a count).
 */
export function refuseReleaseOptions(file: string, given: ReleaseOptionNames): void {
  const why = {
    fullRelease: 'a GDELT import removes no stored rows',
    allowRemovals: 'a GDELT import removes no stored rows',
    allowOlder: 'it applies to UCDP GED releases only',
  } as const;
  for (const k of ['fullRelease', 'allowRemovals', 'allowOlder'] as const) {
    const name = given[k];
    if (name !== undefined)
      throw new InvalidInputError(
        `${name} does not apply to GDELT files (${why[k]}); ${quoteValue(file)} is one`,
      );
  }
}

/** The first line of a file (up to 64 KiB), or '' for an empty file. */
async function firstLine(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8');
    const nl = text.indexOf('\n');
    return nl < 0 ? text : text.slice(0, nl);
  } finally {
    await fh.close();
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>)
    hash.update(chunk);
  return hash.digest('hex');
}

/** With FAULTLINE_SQL_PROFILE=1, each phase of a file's import (wall and process CPU) goes to stderr. */
function phase<T>(fileName: string, name: string, run: () => Promise<T>): Promise<T> {
  return profiled(run, (ms, cpu) => `gdelt ${fileName} ${name} ${ms} ms (cpu ${cpu} ms)`);
}

/**
 * A GDELT file Node has read and not yet stored: checked, hashed, unzipped to a temporary file when
 * zipped, and counted independently (gdelt-counter.ts). Holds no rows, only the file's counts, its
 * ragged records (at most 10,000) and its temporary copy; `storeGdelt` or `discardGdelt` ends it.
 */
export interface PreparedGdelt {
  readonly fileName: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly csv: string;
  readonly tmp: string | null;
  readonly columns: readonly string[];
  readonly counted: GdeltCount;
  readonly countries: string[] | null;
  readonly scope: string | undefined;
  readonly version: string | undefined;
  readonly startedAt: string;
}

/** A file's Node-side reading: done (already imported) or prepared for the store. */
export type GdeltPreparation = { done: GdeltImportReport } | { prepared: PreparedGdelt };

/** The same bytes are a no-op when the earlier import kept every row or filtered by the same countries. */
function doneBy(previous: LedgerEntry | null, scope: string | undefined): GdeltImportReport | null {
  return previous && (!(previous.outOfScope ?? 0) || previous.scope === scope)
    ? { ledger: previous, alreadyImported: true, rejections: [], unknownFips: [] }
    : null;
}

/**
 * Imports one GDELT event file (a 2.0 export or a 1.0 daily file, plain or zipped) into the store's
 * GDELT table as one transaction. Node counts its records byte by byte first (the independent
 * check); DuckDB then reads, maps and checks every row in SQL. Rows outside `countries` are counted
 * as out of scope, never as rejected: accepted + rejected + out of scope = records counted, or
 * nothing is written. Importing the same bytes again is a no-op when an earlier import kept every
 * row or filtered by the same countries; otherwise the file is read again and only what is new is added.
 */
export async function importGdelt(
  store: Store,
  path: string,
  opts: GdeltImportOptions = {},
): Promise<GdeltImportReport> {
  const p = await prepareGdelt(store, path, opts);
  return 'done' in p ? p.done : storeGdelt(store, p.prepared);
}

/**
 * Node's half of a GDELT import (see importGdelt): checks the options and the file, hashes it, unzips
 * a zip's member to a temporary file and counts the records. Writes nothing to the store, so it can
 * run while the store imports the previous file (GdeltLookahead).
 */
export async function prepareGdelt(
  store: Store,
  path: string,
  opts: GdeltImportOptions = {},
): Promise<GdeltPreparation> {
  const fileName = basename(path);
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new InvalidInputError(`no such file: ${quoteValue(path)}`);
  }
  if (!st.isFile()) throw new InvalidInputError(`${quoteValue(path)} is not a regular file`);
  if (opts.version !== undefined && !VERSION_PATTERN.test(opts.version))
    throw invalidParam(
      'version',
      `${quoteValue(opts.version)} (use 1 to 32 letters, digits, '.', '_', '+' or '-')`,
    );
  const countries = opts.countries?.length ? [...opts.countries] : null;
  for (const c of countries ?? [])
    if (!/^[A-Z]{3}$/.test(c))
      throw invalidParam('countries', `${quoteValue(c)} (use ISO 3166-1 alpha-3 codes, e.g. PAK,AFG,IND)`);
  const startedAt = new Date().toISOString();
  const scope = countries ? [...countries].sort().join(',') : undefined;
  // A zip is hashed first (its member is counted after unzipping); a plain file is hashed by the
  // independent count, in the same pass over its bytes.
  const zipped = /\.zip$/i.test(fileName);
  let sha256 = zipped ? await phase(fileName, 'sha256', () => sha256File(path)) : '';
  if (zipped) {
    const already = doneBy(await store.findImport(sha256, GDELT_FORMAT), scope);
    if (already) return { done: already };
  }
  const tmp = zipped ? tempFolder(fileName) : null;
  try {
    const csv = tmp ? await phase(fileName, 'unzip', () => unzipMember(path, tmp, fileName)) : path;
    const first = await firstLine(csv);
    const fields = first.replace(/\r$/, '').split('\t').length;
    const layout = gdeltLayout(fields);
    if (!first || !layout || !looksLikeGdeltRecord(first))
      throw new InvalidInputError(
        `${quoteValue(fileName)}: not a GDELT event file: its first record has ${first ? fields : 0} tab-separated fields (expected 61, 58 or 57, starting with a numeric GLOBALEVENTID and an 8-digit SQLDATE)`,
      );
    const total = statSync(csv).size;
    const counted = await phase(fileName, zipped ? 'count' : 'count+sha256', () =>
      countGdelt(csv, layout.columns.length, (b) => opts.onProgress?.(b, total), { hash: !zipped }),
    );
    if (!zipped) {
      sha256 = counted.sha256!;
      const already = doneBy(await store.findImport(sha256, GDELT_FORMAT), scope);
      if (already) {
        if (tmp) rmSync(tmp, { recursive: true, force: true });
        return { done: already };
      }
    }
    if (counted.raggedCount > counted.ragged.length)
      throw new InvalidInputError(
        `${quoteValue(fileName)}: ${grouped(counted.raggedCount)} records do not have ${layout.columns.length} fields; this is not one GDELT file; nothing was imported`,
      );
    return {
      prepared: {
        fileName,
        bytes: st.size,
        sha256,
        csv,
        tmp,
        columns: layout.columns,
        counted,
        countries,
        scope,
        version: opts.version,
        startedAt,
      },
    };
  } catch (e) {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Removes a prepared file's temporary copy without storing it. */
export function discardGdelt(p: PreparedGdelt): void {
  if (p.tmp) rmSync(p.tmp, { recursive: true, force: true });
}

/**
 * The store's half of a GDELT import (see importGdelt), in one transaction; ends the prepared file.
 * Asks the ledger again first, and once more holding the writer: a file prepared while an import
 * of the same bytes was still being stored (or sent at the same moment) is then a no-op too. Inside `batch` (importGdeltFiles) the transaction is the batch's: the
 * ledger entry is stored when the batch commits, the rejections are listed then, and the prepared
 * file is kept until the batch ends (its owner discards it).
 */
export async function storeGdelt(
  store: Store,
  p: PreparedGdelt,
  batch?: ImportBatch,
): Promise<GdeltImportReport> {
  const { fileName, sha256, counted } = p;
  try {
    const already = doneBy(await (batch ?? store).findImport(sha256, GDELT_FORMAT), p.scope);
    if (already) return already;
    const session = await (batch ?? store).beginImport({
      fileName,
      bytes: p.bytes,
      sha256,
      format: GDELT_FORMAT,
      source: GDELT_FORMAT,
      startedAt: p.startedAt,
      supersedeScope: false,
    });
    // Asked once more holding the writer: an upload of the same bytes at once, which found no import
    // before either committed, is then a no-op too (each was imported: the ledger listed it twice).
    // A batch holds the writer from its start, so the question above was asked holding it.
    const raced = batch ? null : doneBy(await store.findImport(sha256, GDELT_FORMAT), p.scope);
    if (raced) {
      await session.rollback();
      return raced;
    }
    try {
      if (!session.importGdelt)
        throw new InvalidInputError(`this store (${store.engine}) cannot hold GDELT events`);
      const importGdeltRows = session.importGdelt.bind(session);
      const r = await phase(fileName, 'sql', () =>
        importGdeltRows({
          path: p.csv,
          columns: p.columns,
          countries: p.countries,
          fipsToIso3: FIPS_TO_ISO3,
          ragged: counted.ragged,
          fileSha256: sha256,
          longestRecord: counted.longest,
          records: counted.records,
          idOrder: counted.idOrder === null ? null : { sum: counted.idOrder, prime: GDELT_ORDER_PRIME },
          idRunFrom: counted.idRunFrom,
        }),
      ).catch((e: unknown) => {
        // DuckDB's reader stops at a line it cannot decode (bytes that are not UTF-8) with a many-line
        // message: said in one line, the whole file refused (the transaction is rolled back).
        const m = /CSV Error on Line: (\d+)/.exec(String((e as Error).message));
        if (!m) throw e;
        const why = /invalid unicode/i.test((e as Error).message)
          ? 'bytes that are not UTF-8 text'
          : 'a line DuckDB cannot read';
        throw new InvalidInputError(
          `${quoteValue(fileName)}: line ${m[1]} holds ${why}; nothing was imported`,
        );
      });
      if (r.parsed !== counted.records)
        throw new ReconcileError(
          `${quoteValue(fileName)}: row count mismatch: DuckDB's reader gave ${grouped(r.parsed)} rows, the independent count found ${grouped(counted.records)} records; nothing was imported`,
        );
      if (r.accepted + r.rejected + r.outOfScope !== counted.records)
        throw new ReconcileError(
          `${quoteValue(fileName)}: row count mismatch: ${grouped(r.accepted)} accepted + ${grouped(r.rejected)} rejected + ${grouped(r.outOfScope)} out of scope, the independent count found ${grouped(counted.records)} records; nothing was imported`,
        );
      const named = p.version ?? gdeltVersion(fileName);
      const ledger = await phase(fileName, 'commit', () =>
        session.commit({
          version: named ?? r.lastAdded ?? `sha256:${sha256.slice(0, 12)}`,
          versionInferred: named === null,
          rowsRead: counted.records,
          metadataRows: 0,
          warnings: r.unknownFips.reduce((s, u) => s + u.rows, 0),
          outOfScope: r.outOfScope,
          ...(p.scope ? { scope: p.scope } : {}),
          coverage: null,
        }),
      );
      const rejections =
        ledger.rejected && !batch ? await store.listRejections(ledger.id, LISTED_REJECTIONS) : [];
      return {
        ledger,
        alreadyImported: false,
        rejections: rejections.map(({ importId: _, ...x }) => x),
        unknownFips: r.unknownFips,
      };
    } catch (e) {
      await session.rollback();
      throw e;
    }
  } finally {
    if (!batch) discardGdelt(p);
  }
}

/**
 * The temporary folder a zip's member is written to. One that cannot be made is this machine's
 * failure (a StoreError, exit 4; a GDELT fetch's gap of kind `import`), not the file's.
 */
function tempFolder(fileName: string): string {
  const prefix = join(tmpdir(), 'faultline-gdelt-');
  try {
    return mkdtempSync(prefix);
  } catch (e) {
    throw diskError('create', `${prefix}XXXXXX`, e, `${quoteValue(fileName)}: `);
  }
}

/**
 * Writes the one CSV member of a GDELT zip to `dir` (streamed, not held in memory); a damaged zip is
 * refused in one line, and a file the disk would not read or write (a full disk) is a StoreError.
 */
async function unzipMember(path: string, dir: string, fileName: string): Promise<string> {
  const member = await gedZipCsv(path, fileName);
  const out = join(dir, basename(member.name));
  try {
    await pipeline(member.stream, createWriteStream(out));
  } catch (e) {
    // A damaged member (its CRC-32) is said whole already.
    if (e instanceof InvalidInputError) throw e;
    // A system call that failed is this machine's (until 2026-12-06 a full disk read "not a readable zip: ENOSPC").
    const call = (e as NodeJS.ErrnoException).syscall;
    if (call === 'read') throw diskError('read', path, e, `${quoteValue(fileName)}: `);
    if (call) throw diskError('write', out, e, `${quoteValue(fileName)}: `);
    throw new InvalidInputError(`${quoteValue(fileName)}: not a readable zip: ${(e as Error).message}`);
  } finally {
    member.close();
  }
  return out;
}
