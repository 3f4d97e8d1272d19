/**
 * The GDELT files of one run (a directory, a `fetch gdelt` batch) imported in order, two ways at once:
 * - Node reads one file ahead: while the store imports file k (DuckDB's threads), Node hashes,
 *   unzips and counts file k+1 on its own thread (GdeltLookahead). Memory holds its counts and
 *   ragged records only; a zip's member waits as a temporary file.
 * - Files go into the store in batches of about GDELT_BATCH_ROWS rows, one transaction each (when the
 *   store offers it, store.ts ImportBatch): each file keeps its own ledger entry, counts and
 *   reconciliation, and the batch's rows fill DuckDB's row groups, written during the INSERTs, with
 *   one commit and one checkpoint per batch instead of one per file.
 * A file that fails rolls its batch back; the files of the batch before it are stored again in a
 * batch of their own, so what a failure leaves is what it left file by file: every file before the
 * failing one stored, nothing of the failing one. Then the run stops (or, with `onError`, goes on).
 */
import type { ImportBatch, Store } from '../storage/store.ts';
import {
  discardGdelt,
  type GdeltImportOptions,
  type GdeltImportReport,
  type GdeltPreparation,
  type PreparedGdelt,
  prepareGdelt,
  storeGdelt,
} from './import-gdelt.ts';
import { LISTED_REJECTIONS } from './listed-rejections.ts';

/** Rows a batch of GDELT files collects before it commits (about eight of DuckDB's row groups). */
export const GDELT_BATCH_ROWS = 1_000_000;

/** Files a batch holds at most (15-minute exports hold ~1,500 rows; their copies wait until commit). */
export const GDELT_BATCH_FILES = 500;

type Settled = { ok: true; p: GdeltPreparation } | { ok: false; e: unknown };

/** GDELT files read by Node one ahead of the store (see the file comment). */
export class GdeltLookahead {
  private readonly ahead = new Map<string, Promise<Settled>>();

  constructor(
    private readonly store: Store,
    private readonly opts: Omit<GdeltImportOptions, 'onProgress'> = {},
  ) {}

  /** Starts Node's reading of `path` now (no progress is shown for it); a failure surfaces at its turn. */
  prefetch(path: string): void {
    if (this.ahead.has(path)) return;
    this.ahead.set(
      path,
      prepareGdelt(this.store, path, this.opts).then(
        (p): Settled => ({ ok: true, p }),
        (e: unknown): Settled => ({ ok: false, e }),
      ),
    );
  }

  /** Node's reading of `path`: the one started ahead, else one started now with `onProgress`. */
  async prepare(path: string, onProgress?: GdeltImportOptions['onProgress']): Promise<GdeltPreparation> {
    const pending = this.ahead.get(path);
    this.ahead.delete(path);
    if (!pending) return prepareGdelt(this.store, path, { ...this.opts, onProgress });
    const s = await pending;
    if (!s.ok) throw s.e;
    return s.p;
  }

  /** Ends files read ahead and never imported (their temporary copies removed). */
  async close(): Promise<void> {
    const left = [...this.ahead.values()];
    this.ahead.clear();
    for (const s of await Promise.all(left)) if (s.ok && 'prepared' in s.p) discardGdelt(s.p.prepared);
  }
}

/** How a run of GDELT files is imported (see importGdeltFiles). */
export interface GdeltFilesOptions extends Omit<GdeltImportOptions, 'onProgress'> {
  /** Rows per batch (default GDELT_BATCH_ROWS); 0 imports every file in its own transaction. */
  batchRows?: number;
  /** Each file's report, in order, once it is stored (when its batch commits) or found already imported. */
  onFile?: (path: string, report: GdeltImportReport) => void;
  /** A file that failed (nothing of it stored); without it the first failure ends the run, files before it stored. */
  onError?: (path: string, error: unknown) => void;
}

interface Member {
  path: string;
  /** Null for a file found already imported before the batch (nothing to store again). */
  prepared: PreparedGdelt | null;
  report: GdeltImportReport;
}

/** Imports GDELT files in order, Node one file ahead, in batches of one transaction (see the file comment). */
export async function importGdeltFiles(
  store: Store,
  paths: readonly string[],
  o: GdeltFilesOptions = {},
): Promise<GdeltImportReport[]> {
  const ahead = new GdeltLookahead(store, o);
  const limit = o.batchRows ?? GDELT_BATCH_ROWS;
  const batched = limit > 0 && typeof store.beginImportBatch === 'function';
  const reports: GdeltImportReport[] = [];
  let batch = null as ImportBatch | null;
  let members: Member[] = [];
  let rows = 0;
  const finish = (path: string, report: GdeltImportReport) => {
    reports.push(report);
    o.onFile?.(path, report);
  };
  const discard = (m: readonly Member[]) => m.forEach((x) => x.prepared && discardGdelt(x.prepared));
  const open = async () => (batch ??= await store.beginImportBatch!());
  // Commits the batch, then lists each file's first rejections (readable only once committed).
  const flush = async () => {
    const [b, m] = [batch, members];
    [batch, members, rows] = [null, [], 0];
    try {
      await b?.commit();
    } finally {
      discard(m);
    }
    for (const x of m) {
      const r = x.report;
      const rejections =
        x.prepared && !r.alreadyImported && r.ledger.rejected
          ? (await store.listRejections(r.ledger.id, LISTED_REJECTIONS)).map(({ importId: _, ...y }) => y)
          : r.rejections;
      finish(x.path, { ...r, rejections });
    }
  };
  const fail = async (path: string, e: unknown) => {
    await flush();
    if (!o.onError) throw e;
    o.onError(path, e);
  };
  try {
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i]!;
      if (i + 1 < paths.length) ahead.prefetch(paths[i + 1]!);
      let prep: GdeltPreparation;
      try {
        prep = await ahead.prepare(path);
      } catch (e) {
        await fail(path, e);
        continue;
      }
      if ('done' in prep) {
        if (batched) members.push({ path, prepared: null, report: prep.done });
        else finish(path, prep.done);
        continue;
      }
      if (!batched) {
        try {
          finish(path, await storeGdelt(store, prep.prepared));
        } catch (e) {
          await fail(path, e);
        }
        continue;
      }
      try {
        const report = await storeGdelt(store, prep.prepared, await open());
        members.push({ path, prepared: prep.prepared, report });
        rows += prep.prepared.counted.records;
      } catch (e) {
        discardGdelt(prep.prepared);
        // The failing file rolled the batch back: the files before it go in again, in a batch of their own.
        const redo = members;
        await batch?.rollback();
        [batch, members, rows] = [null, [], 0];
        for (const x of redo)
          members.push(x.prepared ? { ...x, report: await storeGdelt(store, x.prepared, await open()) } : x);
        await fail(path, e);
        continue;
      }
      if (rows >= limit || members.length >= GDELT_BATCH_FILES) await flush();
    }
    await flush();
  } finally {
    await batch?.rollback();
    discard(members);
    await ahead.close();
  }
  return reports;
}
