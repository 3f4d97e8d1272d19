import { basename } from 'node:path';
import type { Event } from '../domain/event.ts';
import { InvalidInputError } from '../domain/errors.ts';
import type { Statistic } from '../domain/statistic.ts';
import type { FormatId } from '../ingest/source-format.ts';
import { csvMappedFormat, loadMapping } from '../ingest/csv-mapped/csv-mapped-importer.ts';
import { openSourceFile, type SourceFile } from '../ingest/source-records.ts';
import { NO_GEO, type EventGeo, type StagedEvent } from '../domain/placed-event.ts';
import type { LedgerEntry, Store, StoredRejection } from '../storage/store.ts';

/** Options of one file import. */
export interface ImportOptions {
  format?: FormatId;
  /** A column-mapping file for the generic `csv-mapped` format. */
  mapping?: string;
  /** Dataset version, overriding what the file name says or what is inferred. */
  version?: string;
  /** Treat the file as a full release of its scope even if its format is not (rows missing from it are removed). */
  supersede?: boolean;
  /** Places an event on canonical units, the border and the grid. */
  place?: (e: Event) => EventGeo;
  /** Progress: bytes read of the total, in the counting and the importing pass. */
  onProgress?: (phase: 'count' | 'import', bytes: number, total: number) => void;
  batchSize?: number;
}

/** What an import did: the ledger entry, and whether the same bytes had been imported before. */
export interface ImportResult {
  ledger: LedgerEntry;
  alreadyImported: boolean;
  /** The first rejected rows (all of them are in the store). */
  rejections: Omit<StoredRejection, 'importId'>[];
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
  const fileName = basename(path);
  const file = await openSourceFile(
    path,
    opts.mapping ? 'csv-mapped' : opts.format,
    opts.mapping ? csvMappedFormat(loadMapping(opts.mapping)) : undefined,
  );
  const format = file.format;
  const startedAt = new Date().toISOString();
  const counted = await file.count((b) => opts.onProgress?.('count', b, 0));
  const previous = await store.findImport(counted.sha256, format.id);
  if (previous) return { ledger: previous, alreadyImported: true, rejections: [] };

  const named = opts.version ? { version: opts.version, inferred: false } : format.version(fileName);
  const session = await store.beginImport({
    fileName,
    bytes: counted.bytes,
    sha256: counted.sha256,
    format: format.id,
    source: format.source,
    startedAt,
    supersedeScope: opts.supersede ?? format.fullRelease,
  });
  try {
    const run = await stream(session, file, named?.version ?? 'pending', counted.bytes, opts);
    const dataRecords = counted.records;
    if (run.accepted + run.rejected + run.metadata !== dataRecords) {
      throw new ReconcileError(
        `${fileName}: row count mismatch: the parser gave ${run.accepted} accepted + ${run.rejected} rejected + ${run.metadata} metadata rows, the independent count found ${dataRecords} records; nothing was imported`,
      );
    }
    const version =
      named?.version ??
      (run.lastDate && format.inferVersion
        ? format.inferVersion(run.lastDate)
        : `sha256:${counted.sha256.slice(0, 12)}`);
    const ledger = await session.commit({
      version,
      versionInferred: !named,
      rowsRead: dataRecords - run.metadata,
      metadataRows: run.metadata,
      warnings: run.warnings,
    });
    return { ledger, alreadyImported: false, rejections: run.rejections };
  } catch (e) {
    await session.rollback();
    throw e;
  }
}

/** Streams the file's records through the format's mapper into the session in batches. */
async function stream(
  session: Awaited<ReturnType<Store['beginImport']>>,
  file: SourceFile,
  version: string,
  total: number,
  opts: ImportOptions,
) {
  const batchSize = opts.batchSize ?? 5000;
  const place = opts.place ?? (() => NO_GEO);
  const format = file.format;
  const rejections: Omit<StoredRejection, 'importId'>[] = []; // the first ones, for display
  let rejectBuffer: Omit<StoredRejection, 'importId'>[] = [];
  let rejected = 0;
  const rejectRow = (r: Omit<StoredRejection, 'importId'>) => {
    rejected++;
    rejectBuffer.push(r);
    if (rejections.length < 100) rejections.push(r);
  };
  let events: StagedEvent[] = [];
  let stats: (Statistic & { line: number })[] = [];
  let accepted = 0;
  let metadata = 0;
  let warnings = 0;
  let lastDate: string | null = null;
  const flush = async () => {
    if (events.length) await session.addEvents(events);
    if (stats.length) await session.addStatistics(stats);
    if (rejectBuffer.length) await session.addRejections(rejectBuffer);
    events = [];
    stats = [];
    rejectBuffer = [];
  };
  for await (const item of file.records((b) => opts.onProgress?.('import', b, total))) {
    if (item.kind === 'reject') {
      rejectRow({ line: item.line, field: null, value: null, reason: item.reason, raw: item.raw });
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
        raw: item.raw,
      });
    } else {
      accepted++;
      if (m.warnings.length) warnings++;
      if (format.kind === 'events') {
        const e = m.value as Event;
        if (!lastDate || e.dateEnd > lastDate) lastDate = e.dateEnd;
        events.push(Object.assign(e, place(e), { line: item.line, qualityFlags: m.warnings }));
      } else {
        stats.push({ ...(m.value as Statistic), line: item.line });
      }
      if (events.length + stats.length >= batchSize) await flush();
    }
  }
  await flush();
  return { accepted, rejected, rejections, metadata, warnings, lastDate };
}
