/**
 * Writing a file the user named without leaving half of it under that name: the bytes go to a file
 * beside it, renamed onto the name only once complete, so a failure midway (an export that fails
 * after its first rows, a full disk) leaves the earlier file, or none, never a cut one.
 */
import { chmod, open, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';

/** A file being written: `commit` puts it under its name, `abandon` removes what was written. */
export interface Replacement {
  write(chunk: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abandon(): Promise<void>;
}

// FileHandle.writeFile writes the whole chunk at the current position (write may write part of it).
/** A handle written in place: for what is not a regular file (/dev/null, /dev/stdout, a FIFO), never renamed over. */
function inPlace(file: FileHandle): Replacement {
  return {
    write: (chunk) => file.writeFile(chunk),
    commit: () => file.close(),
    abandon: () => file.close().catch(() => undefined),
  };
}

/**
 * Opens `path` for replacement: a new file `<path>.<pid>.part` beside it (through a symbolic link,
 * beside the file it points at), given the mode of the file it replaces. A directory at `path` is
 * refused (EISDIR) before anything is written; a device or FIFO there is written in place, as a
 * plain open would (renaming over /dev/null would replace it). A process killed midway may leave
 * the `.part` file behind.
 */
export async function openReplacement(path: string): Promise<Replacement> {
  const target = await realpath(path).catch(() => path);
  const existing = await stat(target).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (existing?.isDirectory())
    throw Object.assign(new Error(`EISDIR: illegal operation on a directory, open '${path}'`), {
      code: 'EISDIR',
      path,
    });
  if (existing && !existing.isFile()) return inPlace(await open(target, 'w'));
  const part = `${target}.${process.pid}.part`;
  const file = await open(part, 'w');
  let closed = false;
  return {
    write: (chunk) => file.writeFile(chunk),
    async commit() {
      closed = true;
      try {
        await file.close();
        if (existing) await chmod(part, existing.mode & 0o7777);
        await rename(part, target);
      } catch (e) {
        await rm(part, { force: true });
        throw e;
      }
    },
    async abandon() {
      if (!closed) await file.close().catch(() => undefined);
      closed = true;
      await rm(part, { force: true });
    },
  };
}
