import { oneLine, StoreError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';

/** What was being done to the path: `cannot <verb> "<path>": <cause>`. */
export type DiskVerb = 'write' | 'read' | 'remove' | 'create';

/**
 * A local file-system failure of `faultline update` (ENOSPC, EACCES, EROFS, ENOTDIR...) as a one-line
 * StoreError quoting the path and naming the cause: `cannot write "/x/ged261.zip.part": ENOSPC: no
 * space left on device`. It is neither a network error that a wait mends nor UCDP's fault.
 */
export function diskError(verb: DiskVerb, path: string, e: unknown, context = ''): StoreError {
  // Node's message ends with the call and its paths (`, open '/x/y'`): the path is named before it.
  const cause = oneLine(e).replace(/, \w+(?: '.*)?$/, '');
  return new StoreError(`${context}cannot ${verb} ${quoteValue(path)}: ${cause}`);
}

/** Runs one file-system step; its failure is a diskError naming `path`. */
export async function onDisk<T>(
  verb: DiskVerb,
  path: string,
  step: () => Promise<T>,
  context = '',
): Promise<T> {
  try {
    return await step();
  } catch (e) {
    throw diskError(verb, path, e, context);
  }
}
