/**
 * GDELT imports one after another with Node one file ahead: while the store imports file k (DuckDB's
 * threads), Node hashes, unzips and counts file k+1 on its own thread, so neither waits for the
 * other. At most one file is read ahead: memory holds its counts and ragged records only (its
 * unzipped copy is a temporary file), and each file is still its own transaction.
 */
import type { Store } from '../storage/store.ts';
import {
  discardGdelt,
  type GdeltImportOptions,
  type GdeltImportReport,
  type GdeltPreparation,
  prepareGdelt,
  storeGdelt,
} from './import-gdelt.ts';

type Settled = { ok: true; p: GdeltPreparation } | { ok: false; e: unknown };

/** GDELT files imported in turn, the next one read by Node while the store imports the current one. */
export class GdeltLookahead {
  private readonly ahead = new Map<string, Promise<Settled>>();

  constructor(
    private readonly store: Store,
    private readonly opts: Omit<GdeltImportOptions, 'onProgress'> = {},
  ) {}

  /** Starts Node's reading of `path` now (no progress is shown for it); a failure surfaces at its import. */
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

  /** Imports `path` (read ahead if prefetched, else read now with `onProgress`) in its own transaction. */
  async import(path: string, onProgress?: GdeltImportOptions['onProgress']): Promise<GdeltImportReport> {
    const pending = this.ahead.get(path);
    this.ahead.delete(path);
    let p: GdeltPreparation;
    if (pending) {
      const s = await pending;
      if (!s.ok) throw s.e;
      p = s.p;
    } else p = await prepareGdelt(this.store, path, { ...this.opts, onProgress });
    return 'done' in p ? p.done : storeGdelt(this.store, p.prepared);
  }

  /** Ends files read ahead and never imported (their temporary copies removed). */
  async close(): Promise<void> {
    const left = [...this.ahead.values()];
    this.ahead.clear();
    for (const s of await Promise.all(left)) if (s.ok && 'prepared' in s.p) discardGdelt(s.p.prepared);
  }
}

/** Imports GDELT files in order, each in its own transaction, Node reading one file ahead (see GdeltLookahead). */
export async function importGdeltFiles(
  store: Store,
  paths: readonly string[],
  opts: Omit<GdeltImportOptions, 'onProgress'> = {},
  onFile?: (path: string, report: GdeltImportReport) => void,
): Promise<GdeltImportReport[]> {
  const ahead = new GdeltLookahead(store, opts);
  const out: GdeltImportReport[] = [];
  try {
    for (let i = 0; i < paths.length; i++) {
      if (i + 1 < paths.length) ahead.prefetch(paths[i + 1]!);
      const r = await ahead.import(paths[i]!);
      onFile?.(paths[i]!, r);
      out.push(r);
    }
  } finally {
    await ahead.close();
  }
  return out;
}
