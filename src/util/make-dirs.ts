/**
 * Making a directory and its missing parents without Node's `recursive: true`: on Node 20 that
 * loops for ever, a core spinning, when making a level fails with ENOENT under a parent that exists
 * (`mkdirSync('/proc/x/y', { recursive: true })` never returns: /proc refuses a new entry with
 * ENOENT, which Node takes for a missing parent, makes the parent, EEXIST, and tries again).
 */
import { mkdirSync, statSync, type Stats } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
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

/** `makeDirsSync` without blocking the event loop. */
export async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  let p = resolve(dir);
  let found = await statOrNullAsync(p);
  while (!found && dirname(p) !== p) {
    missing.unshift(p);
    p = dirname(p);
    found = await statOrNullAsync(p);
  }
  if (missing.length === 0 && found?.isDirectory()) return;
  for (const level of missing.length ? missing : [p]) {
    try {
      await mkdir(level);
    } catch (e) {
      if (codeOf(e) !== 'EEXIST' || !(await stat(level)).isDirectory()) throw e;
    }
  }
}
