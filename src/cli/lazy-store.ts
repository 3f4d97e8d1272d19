import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Settings } from '../config/settings.ts';
import { InvalidInputError, StoreError } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';
import { makeDirsSync } from '../util/make-dirs.ts';
import { whyNotWritten } from '../util/write-failure.ts';
import type { Store } from '../storage/store.ts';
import type { StoreAccess } from './context.ts';

/** A store a one-shot command opens on first use (see `lazyStore`). */
export interface LazyStore {
  /**
   * The store: read-only while every call so far said `'read'`, reopened for writing at the first
   * that did not; one that must exist unless the first call gave no access (a command that writes).
   */
  store(access?: StoreAccess): Promise<Store>;
  /** The store as last opened, or null when no call opened it. */
  opened(): Promise<Store> | null;
  /** Whether the store was opened for writing. */
  writable(): boolean;
}

/**
 * Opens the store on first use, read-only when the command only reads: several read-only processes
 * may hold the file at once, so a second command (a series beside a long forecast) is not refused
 * as busy. A write after a read-only open closes the file and opens it again for writing.
 */
export function lazyStore(open: (readOnly: boolean, mustExist: boolean) => Promise<Store>): LazyStore {
  let store: Promise<Store> | null = null;
  let readOnly = false;
  return {
    store(access) {
      if (!store) {
        readOnly = access === 'read';
        store = open(readOnly, access !== undefined);
      } else if (readOnly && access !== 'read') {
        readOnly = false;
        store = store.then((s) => s.close()).then(() => open(false, access !== undefined));
      }
      return store;
    },
    opened: () => store,
    writable: () => store !== null && !readOnly,
  };
}

/**
 * How a command's settings open its store (the engine is picked by cli/main.ts), read-only when
 * asked. A command that writes makes the store file's directory first (the store is created there);
 * one that only reads (or reads and keeps what it derives: `mustExist`) refuses a store file that
 * does not exist: a mistyped --db would otherwise answer from a new, empty store ("not covered")
 * and leave it behind (docs/cli.md, exit code 4).
 */
export async function storeOptions(settings: Settings, readOnly: boolean, mustExist = readOnly) {
  if (mustExist && settings.db !== ':memory:' && !existsSync(settings.db))
    throw new StoreError(
      `no store at ${quoteValue(settings.db)}: nothing is imported there (run \`faultline start\` to import the bundled data, or \`faultline import FILE\`; --db or FAULTLINE_DB names another store)`,
    );
  // A directory that cannot be made (under a file, /proc, unwritable) is a bad --db, FAULTLINE_DB or
  // FAULTLINE_HOME (exit 2), said in the user's terms: Node's `ENOENT: no such file or directory,
  // mkdir '/proc/x'` named a folder the user never gave and read as if /proc did not exist.
  if (settings.db !== ':memory:')
    try {
      makeDirsSync(dirname(settings.db));
    } catch (e) {
      throw new InvalidInputError(
        `cannot create the directory of store ${quoteValue(settings.db)}: ${await whyNotWritten(e, quoteValue)}`,
      );
    }
  return {
    path: settings.db,
    memoryLimit: settings.memoryLimit,
    readConnections: settings.readConnections,
    statementCache: settings.statementCache,
    readOnly,
  };
}
