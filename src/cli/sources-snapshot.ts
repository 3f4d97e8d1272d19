/**
 * A copy of `faultline sources`' answer kept beside the store (`<store>.sources.json`), so that
 * `sources` on a store unchanged since the copy was taken answers without loading DuckDB (its native
 * library and the open of the file are most of the command's time; docs/architecture.md, "How the
 * CLI starts"). It is a cache of what the store says, never a second truth:
 *
 * - it is written only by a `sources` that read the store itself, and only when the store file had
 *   the same stamp before and after that read and no write-ahead log (committed changes not yet in
 *   the file);
 * - it is used only while the store file still has that stamp (device, inode, size, modification and
 *   change times in nanoseconds) and still has no write-ahead log, and only by the build that wrote it;
 * - a file modified less than two seconds before the read is not copied: Linux stamps files with a
 *   clock that ticks every few milliseconds (some file systems every second or two), so two versions
 *   of the file written within one tick can carry one stamp (git's "racily clean" index entries);
 *   a later write, at least two seconds on, always gets a new one.
 */
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import type { SourcesAnswer } from '../app/answers.ts';
import { storePath } from './server-discovery.ts';

/** Set by scripts/build-cli.ts to a hash of the sources compiled into dist/. */
declare const FAULTLINE_BUILD: string | undefined;
/** The build a snapshot belongs to: another build (an upgrade, the sources run by tsx) reads the store. */
const BUILD = typeof FAULTLINE_BUILD !== 'undefined' ? FAULTLINE_BUILD : 'source';
/** The layout of the snapshot file itself. */
const FORMAT = 1;
/** How long ago the store file must have been modified for its stamp to be trusted (see above). */
export const SETTLED_MS = 2_000;

/** A store file's identity as the file system gives it, with its modification time. */
export interface StoreStamp {
  /** Device, inode, size, modification and change times (ns), joined. */
  stamp: string;
  modifiedMs: number;
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

/** The store file's stamp; null without a file, or with a write-ahead log beside it. */
export async function storeStamp(db: string): Promise<StoreStamp | null> {
  const file = storePath(db);
  const [s, wal] = await Promise.all([
    stat(file, { bigint: true }).catch(() => null),
    stat(`${file}.wal`).then(
      () => true,
      () => false,
    ),
  ]);
  if (!s || !s.isFile() || wal) return null;
  return {
    stamp: [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':'),
    modifiedMs: Number(s.mtimeNs / 1_000_000n),
  };
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
 * same settled stamp; otherwise removes any older snapshot. A snapshot that cannot be written (a
 * read-only directory) is skipped: the store still answers every call.
 */
export async function keepSourcesSnapshot(
  db: string,
  before: StoreStamp | null,
  after: StoreStamp | null,
  answer: SourcesAnswer,
  now = Date.now(),
): Promise<void> {
  if (db === ':memory:') return;
  const path = snapshotPath(db);
  const settled = before && after && before.stamp === after.stamp && now - after.modifiedMs >= SETTLED_MS;
  if (!settled) return void (await unlink(path).catch(() => undefined));
  const tmp = `${path}.${process.pid}.tmp`;
  const body: Snapshot = { format: FORMAT, build: BUILD, stamp: after.stamp, answer };
  await writeFile(tmp, JSON.stringify(body))
    .then(() => rename(tmp, path))
    .catch(() => unlink(tmp).catch(() => undefined));
}
