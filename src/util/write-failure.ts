/**
 * Why a file or folder could not be written, in the user's terms. Node names the system call and
 * the path it failed on (`ENOENT: no such file or directory, open '/proc/version.123.part'`): a
 * user who asked to replace /proc/version, which exists, read that it did not. Files given by the
 * user are written beside their name and renamed onto it (replace-file.ts), so the folder is what
 * refused, and the reason says which folder and how.
 */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Whether something is at `path` (a stat that fails for any reason counts as nothing). */
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * The reason a write failed, one line, quoting paths with `quote` (util imports nothing from src/,
 * so the caller passes its quoteValue): `the folder "/proc" does not take new files`, `the folder
 * "/x" does not exist`, `"/etc/hostname" is a file, not a folder`, `the folder "/sys/kernel" does
 * not let this user add files (permission denied)`, `the folder "/mnt" is on a read-only file
 * system`, `the disk holding "/x" is full`; any other cause as Node words it, without the call and
 * its paths. Given the `target` the user named, a folder that refused the new file written beside
 * an existing one says so, as the user asked to replace a file, not to add one.
 */
export async function whyNotWritten(
  e: unknown,
  quote: (path: string) => string,
  target?: string,
): Promise<string> {
  const err = e as NodeJS.ErrnoException;
  const message = String(err?.message ?? e).replace(/, \w+ '.*'$/, '');
  if (typeof err?.path !== 'string') return message;
  // A mkdir or rename fails on its target's folder; an open on the file it would make beside it.
  const failed = err.path;
  const folder = dirname(failed);
  const made = err.syscall === 'mkdir' ? 'folders' : 'files';
  // The file the user named exists and only the new one beside it failed: say why a new file is needed.
  const beside =
    target !== undefined && failed !== target && (await exists(target))
      ? ' (the new file is written there first, then renamed over the old one)'
      : '';
  switch (err.code) {
    case 'ENOENT':
      // /proc and /sys answer ENOENT to a new name in a folder that exists.
      return (await exists(folder))
        ? `the folder ${quote(folder)} does not take new ${made}${beside}`
        : `the folder ${quote(await nearestMissing(folder))} does not exist`;
    case 'EEXIST':
      // makeDirs: a file stands where a folder is to be made.
      if (err.syscall !== 'mkdir') return message;
      return `${quote(failed)} is a file, not a folder`;
    case 'ENOTDIR': {
      const file = await nearestExisting(failed);
      return `${quote(file)} is a file, not a folder`;
    }
    case 'EACCES':
    case 'EPERM':
      return `the folder ${quote(folder)} does not let this user ${err.syscall === 'mkdir' ? 'add folders' : 'add or replace files'} (permission denied)${beside}`;
    case 'EROFS':
      return `the folder ${quote(folder)} is on a read-only file system${beside}`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `the disk holding ${quote(folder)} is full`;
    default:
      return message;
  }
}

/** The outermost missing folder of `path`, whose parent exists (the one to create first). */
async function nearestMissing(path: string): Promise<string> {
  let p = path;
  while (dirname(p) !== p && !(await exists(dirname(p)))) p = dirname(p);
  return p;
}

/** The innermost level of `path` that exists (under ENOTDIR, the file standing where a folder should). */
async function nearestExisting(path: string): Promise<string> {
  let p = path;
  while (dirname(p) !== p && !(await exists(p))) p = dirname(p);
  return p;
}
