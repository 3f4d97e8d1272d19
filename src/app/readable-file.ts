/** A file argument checked before anything is opened: the CLI checks every file of an import first, the import each again. */
import { statSync } from 'node:fs';
import { InvalidInputError } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';

/** Refuses a path that is missing or is not a regular file, in one line (not ENOENT/EISDIR). */
export function checkReadableFile(path: string): void {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new InvalidInputError(`no such file: ${quoteValue(path)}`);
  }
  if (st.isDirectory()) throw new InvalidInputError(`${quoteValue(path)} is a directory, not a file`);
  if (!st.isFile()) throw new InvalidInputError(`${quoteValue(path)} is not a regular file`);
}
