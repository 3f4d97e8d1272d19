/**
 * Making a directory and its missing parents without Node's `recursive: true`: on Node 20 that
 * loops for ever, a core spinning, when making a level fails with ENOENT under a parent that exists
 * (`mkdirSync('/proc/x/y', { recursive: true })` never returns: /proc refuses a new entry with
 * ENOENT, which Node takes for a missing parent, makes the parent, EEXIST, and tries again).
 */
import { mkdirSync, statSync, type Stats } from 'node:fs';
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

const codeOf = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** A stat that answers null for "nothing there" (ENOENT) and throws any other cause (ENOTDIR, EACCES). */
function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return null;
    throw e;
  }
}

/** `statOrNull` without blocking. */
const statOrNullAsync = (path: string): Promise<Stats | null> =>
  stat(path).catch((e: unknown) => {
    if (codeOf(e) === 'ENOENT') return null;
    throw e;
  });

/**
 * Makes `dir` and each missing parent once, outermost first, and never loops: the path is climbed
 * to the nearest level that exists, then each level below it is made with a plain mkdir. A level
 * that cannot be made throws Node's own error for that level (`ENOENT: no such file or directory,
 * mkdir '/proc/x'`; ENOTDIR under a file; EACCES; EEXIST where a file stands at `dir`). A level
 * another process made meanwhile counts as made.
 */
export function makeDirsSync(dir: string): void {
  const missing: string[] = [];
  let p = resolve(dir);
  let found = statOrNull(p);
  while (!found && dirname(p) !== p) {
    missing.unshift(p);
    p = dirname(p);
    found = statOrNull(p);
  }
  if (missing.length === 0 && found?.isDirectory()) return;
  for (const level of missing.length ? missing : [p]) {
    try {
      mkdirSync(level);
    } catch (e) {
      if (codeOf(e) !== 'EEXIST' || !statSync(level).isDirectory()) throw e;
    }
  }
}

/**
 * `makeDirsSync` without blocking the event loop, answering the levels it made, outermost first, so
 * that work which fails later can remove them and leave only what was there before. A level that
 * fails removes the levels made before it (`/a/b` made, `/a/b/c` refused) before it throws.
 */
export async function makeDirs(dir: string): Promise<string[]> {
  const missing: string[] = [];
  let p = resolve(dir);
  let found = await statOrNullAsync(p);
  while (!found && dirname(p) !== p) {
    missing.unshift(p);
    p = dirname(p);
    found = await statOrNullAsync(p);
  }
  if (missing.length === 0 && found?.isDirectory()) return [];
  const made: string[] = [];
  for (const level of missing.length ? missing : [p]) {
    try {
      await mkdir(level);
      made.push(level);
    } catch (e) {
      if (codeOf(e) !== 'EEXIST' || !(await stat(level).catch(() => null))?.isDirectory()) {
        await removeDirs(made);
        throw e;
      }
    }
  }
  return made;
}

/**
 * Removes levels `makeDirs` made, innermost first, each only while empty (rmdir, never a recursive
 * rm): a level that something else has written into since is left as it is.
 */
export async function removeDirs(made: readonly string[]): Promise<void> {
  for (const level of [...made].reverse()) await rmdir(level).catch(() => undefined);
}
