import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidInputError } from '../domain/errors.ts';
import { makeDirs } from '../util/make-dirs.ts';

/** Options of a download to file. */
export interface FetchToNdjsonOptions {
  /** Called after every page with the records and pages written so far, for progress. */
  onRecords?: (records: number, pages: number) => void;
}

/** What a download wrote. */
export interface FetchToNdjsonResult {
  /** Records (lines) written. */
  records: number;
  /** Non-empty pages received. */
  pages: number;
}

/**
 * Writes the records of every page to `path` as NDJSON (one JSON object per line, values as
 * received). It writes `path + '.part'` and renames it to `path` only once the last page is in, so
 * a failed or interrupted download never leaves a half file under the final name (a failure also
 * removes the `.part` file; a killed process may leave it behind).
 */
export async function fetchToNdjson(
  pages: AsyncIterable<readonly object[]> | Iterable<readonly object[]>,
  path: string,
  options: FetchToNdjsonOptions = {},
): Promise<FetchToNdjsonResult> {
  const part = `${path}.part`;
  await makeDirs(dirname(path));
  const file = await open(part, 'w');
  let records = 0;
  let pageCount = 0;
  try {
    for await (const page of pages) {
      if (page.length === 0) continue;
      let text = '';
      for (const record of page) {
        if (record === null || typeof record !== 'object' || Array.isArray(record)) {
          throw new InvalidInputError(
            `record ${records + 1} is not a JSON object: ${JSON.stringify(record)}`,
          );
        }
        text += `${JSON.stringify(record)}\n`;
        records++;
      }
      await file.write(text);
      pageCount++;
      options.onRecords?.(records, pageCount);
    }
    await file.sync();
    await file.close();
  } catch (e) {
    await file.close().catch(() => undefined);
    await rm(part, { force: true });
    throw e;
  }
  await rename(part, path);
  return { records, pages: pageCount };
}
