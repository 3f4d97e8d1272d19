/**
 * A copy of `faultline sources`' answer kept beside the store (`<store>.sources.json`), so that
 * `sources` on a store unchanged since the copy was taken answers without loading DuckDB (its native
 * library and the open of the file are most of the command's time; docs/architecture.md, "How the
 * CLI starts"). It is a cache of what the store says, never a second truth:
 *
 * - it is written by a `sources` that read the store itself, and by a one-shot command that wrote
 *   the store, once it has closed it (`refreshSourcesSnapshot`, reading the store again read-only);
 *   in both, only when the store file had the same stamp before and after that read and no
 *   write-ahead log (committed changes not yet in the file);
 * - it is used only while the store file still has that stamp and still has no write-ahead log, and
 *   only by the build that wrote it.
 *
 * The stamp is the file's device, inode, size, modification and change times (ns) and a fingerprint
 * of its first 12 KiB: DuckDB's main header and its two database headers. Every checkpoint writes a
 * database header with a new iteration count, and changes committed since the last checkpoint sit in
 * the write-ahead log, so the stamp changes with the content even when a write lands in the same
 * tick of the file system's clock as the one before (which the times alone cannot tell apart: git's
 * "racily clean" entries). A read-only open takes a shared lock, so no process writes the file
 * while a read holds it, and the read and the stamps around it agree.
 */
import { open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import type { SourcesAnswer } from '../app/answers.ts';
import type { Store } from '../storage/store.ts';
import { BUILD } from './build-id.ts';
import { storePath } from './server-discovery.ts';

/** The layout of the snapshot file itself (2: the stamp holds the headers' fingerprint; 3: the answer holds credits). */
const FORMAT = 3;
/** DuckDB's main header and its two database headers, at the start of the file. */
const HEADER_BYTES = 12_288;

/** A store file's identity as the file system and DuckDB's headers give it. */
export interface StoreStamp {
  /** Device, inode, size, modification and change times (ns), and the headers' fingerprint, joined. */
  stamp: string;
}

/** What the snapshot file holds. */
interface Snapshot {
  format: number;
  build: string;
  stamp: string;
  answer: SourcesAnswer;
}

/** The snapshot file of a store: `<store file>.sources.json`. */
export function snapshotPath(db: string): string {
  return `${storePath(db)}.sources.json`;
}

/** A 53-bit fingerprint of some bytes (cyrb53): a change shows, however small. */
function fingerprint(b: Uint8Array): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (const ch of b) {
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The first bytes of a file (its headers), or null when it cannot be read. */
async function headerBytes(file: string): Promise<Uint8Array | null> {
  const fh = await open(file, 'r').catch(() => null);
  if (!fh) return null;
  try {
    const buf = new Uint8Array(HEADER_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEADER_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}

/** The store file's stamp; null without a file, or with a write-ahead log beside it. */
export async function storeStamp(db: string): Promise<StoreStamp | null> {
  const file = storePath(db);
  const [s, wal, head] = await Promise.all([
    stat(file, { bigint: true }).catch(() => null),
    stat(`${file}.wal`).then(
      () => true,
      () => false,
    ),
    headerBytes(file),
  ]);
  if (!s || !s.isFile() || wal || !head) return null;
  return { stamp: [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs, fingerprint(head)].join(':') };
}

/** The answer kept for this store, when the store is as it was when the answer was read; else null. */
export async function readSourcesSnapshot(db: string): Promise<SourcesAnswer | null> {
  if (db === ':memory:') return null;
  const [text, now] = await Promise.all([
    readFile(snapshotPath(db), 'utf8').catch(() => null),
    storeStamp(db),
  ]);
  if (text === null || !now) return null;
  try {
    const s = JSON.parse(text) as Partial<Snapshot>;
    const fits = s.format === FORMAT && s.build === BUILD && s.stamp === now.stamp;
    return fits && Array.isArray(s.answer?.imports) && Array.isArray(s.answer?.coverage) ? s.answer : null;
  } catch {
    return null; // A torn or foreign file: the store answers, and the next read rewrites it.
  }
}

/**
 * Keeps `answer`, read from the store between the stamps `before` and `after`, when both are the
 * same stamp; otherwise removes any older snapshot. A snapshot that cannot be written (a read-only
 * directory) is skipped: the store still answers every call.
 */
export async function keepSourcesSnapshot(
  db: string,
  before: StoreStamp | null,
  after: StoreStamp | null,
  answer: SourcesAnswer,
): Promise<void> {
  if (db === ':memory:') return;
  const path = snapshotPath(db);
  if (!before || !after || before.stamp !== after.stamp)
    return void (await unlink(path).catch(() => undefined));
  const tmp = `${path}.${process.pid}.tmp`;
  const body: Snapshot = { format: FORMAT, build: BUILD, stamp: after.stamp, answer };
  await writeFile(tmp, JSON.stringify(body))
    .then(() => rename(tmp, path))
    .catch(() => unlink(tmp).catch(() => undefined));
}

/**
 * Reads the ledger and coverage from the store `open` gives (read-only: no process writes the file
 * while it is held), stamping the file before the open and again before the store is let go, and
 * keeps the answer when both stamps agree (`keepSourcesSnapshot`).
 */
export async function readAndKeepSources(db: string, open: () => Promise<Store>): Promise<SourcesAnswer> {
  const before = await storeStamp(db);
  // The answer's code loads while DuckDB opens the file (off the main thread).
  const [store, { sourcesAnswer }] = await Promise.all([open(), import('../app/sources-view.ts')]);
  const answer = await sourcesAnswer(store);
  // (A store the open had to create or migrate was written: its stamp or log shows it, and it is not kept.)
  await keepSourcesSnapshot(db, before, await storeStamp(db), answer);
  return answer;
}

/**
 * After a one-shot command wrote the store and closed it: reads the ledger and coverage again through
 * a read-only open (`openReadOnly`) and keeps them, so that the next `sources` answers without
 * loading DuckDB (`faultline import FILE` then `faultline sources`). Never fails the command: a
 * store that cannot be read now (another process took it) keeps no snapshot.
 */
export async function refreshSourcesSnapshot(db: string, openReadOnly: () => Promise<Store>): Promise<void> {
  if (db === ':memory:') return;
  let store: Store | null = null;
  try {
    await readAndKeepSources(db, async () => (store = await openReadOnly()));
  } catch {
    await unlink(snapshotPath(db)).catch(() => undefined);
  } finally {
    await (store as Store | null)?.close();
  }
}
