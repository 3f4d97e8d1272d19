/**
 * One store with every bundled file imported and placed (what `faultline start` builds), built once
 * per test run and copied for each test file that needs it, instead of each file importing the
 * bundled data again (issue 12, "Tests in minutes"). The same for a store of the bundled GED file
 * alone (placed or not), which many API and analysis test files start from.
 *
 * scripts/test.sh sets FAULTLINE_TEST_CACHE to a directory it removes when the run ends: the first
 * test file to ask builds the store there while holding a lock file, and the others wait for it.
 * Without the variable (one file run by hand with `node --test`) each process builds its own.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_FILES } from '../../src/app/bundled-data.ts';
import { createEventPlacer } from '../../src/app/geography.ts';
import { importFile } from '../../src/app/import-dataset.ts';
import { createStore } from '../../src/storage/index.ts';
import { GED_FILE } from './ged-rows.ts';

const STORE = 'store.duckdb';

/**
 * The copies this process made, removed when it exits: the suite's temporary directory is in RAM
 * where the machine allows (scripts/test.sh), and a run makes about a hundred copies of 12 MB and
 * more that nothing else removed before the run ended.
 */
const copies: string[] = [];
process.once('exit', () => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});
/** A new temporary directory for a copy, removed when the process exits. */
function copyDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  copies.push(dir);
  return dir;
}
const BUILD_TIMEOUT_MS = 5 * 60_000;

/** Imports every bundled file, placed, into a new store file in `dir` (with its source archive beside it). */
async function build(dir: string): Promise<void> {
  const store = await createStore({ path: join(dir, STORE) });
  try {
    const place = await createEventPlacer(store);
    for (const file of BUNDLED_FILES) await importFile(store, file, { place });
  } finally {
    await store.close();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid written in the lock file (0 while it is being written or once it is gone). */
function holderOf(lock: string): number {
  try {
    return Number(readFileSync(lock, 'utf8')) || 0;
  } catch {
    return 0;
  }
}

/** The GED file alone imported into a new store file in `dir`, its events placed or not. */
async function buildGed(dir: string, placed: boolean): Promise<void> {
  const store = await createStore({ path: join(dir, STORE) });
  try {
    await importFile(store, GED_FILE, placed ? { place: await createEventPlacer(store) } : {});
  } finally {
    await store.close();
  }
}

/** The built store's directory in the run's cache, building it if no other test file has. */
async function cached(
  cache: string,
  name = 'bundled-store',
  make: (dir: string) => Promise<void> = build,
): Promise<string> {
  const dir = join(cache, name);
  const ready = join(cache, `${name}.ready`);
  const lock = join(cache, `${name}.lock`);
  mkdirSync(cache, { recursive: true });
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  while (!existsSync(ready)) {
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (fd !== undefined) {
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      try {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir);
        await make(dir);
        writeFileSync(ready, '');
      } finally {
        rmSync(lock, { force: true });
      }
      break;
    }
    // Another file builds it: wait, unless its process died holding the lock.
    const holder = holderOf(lock);
    if (holder > 0 && !alive(holder)) rmSync(lock, { force: true });
    if (Date.now() > deadline)
      throw new Error(`the test store ${name} in ${cache} was not built within 5 minutes`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return dir;
}

/**
 * A private copy of the bundled store: returns the path of its DuckDB file in a new temporary
 * directory (its source archive beside it), which the caller may change freely until the process
 * exits (then it is removed).
 */
export async function bundledStoreCopy(): Promise<string> {
  const cache = process.env.FAULTLINE_TEST_CACHE;
  const copy = copyDir('faultline-bundled-');
  if (!cache) {
    await build(copy);
  } else {
    cpSync(await cached(cache), copy, { recursive: true });
  }
  return join(copy, STORE);
}

/**
 * A private copy of a store holding the bundled GED file alone (`importFile(store, GED_FILE)`, with
 * `place` when `placed`): the path of its DuckDB file in a new temporary directory, which the caller
 * may change freely. About 40 ms against 1.5 s of CPU for the import itself.
 */
export async function gedStoreCopy(o: { placed: boolean }): Promise<string> {
  const cache = process.env.FAULTLINE_TEST_CACHE;
  const copy = copyDir('faultline-ged-');
  if (!cache) {
    await buildGed(copy, o.placed);
  } else {
    const name = o.placed ? 'ged-store-placed' : 'ged-store';
    cpSync(await cached(cache, name, (dir) => buildGed(dir, o.placed)), copy, { recursive: true });
  }
  return join(copy, STORE);
}
