/**
 * Reads the one CSV member of a GED release zip as a stream (yauzl, no unpacking to disk): a zip
 * with any other member, or none, is refused in one line naming what it holds.
 */
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { InvalidInputError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';

function open(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    ),
  );
}

/** The CSV member of the zip at `path` as a stream, with its name and a function closing the zip. */
export async function gedZipCsv(
  path: string,
  what: string,
): Promise<{ name: string; stream: Readable; close: () => void }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await open(path);
  } catch (e) {
    throw new InvalidInputError(`${quoteValue(what)}: not a readable zip: ${(e as Error).message}`);
  }
  const entries = await new Promise<yauzl.Entry[]>((resolve, reject) => {
    const all: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      all.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(all));
    zip.on('error', reject);
    zip.readEntry();
  }).catch((e: Error) => {
    zip.close();
    throw new InvalidInputError(`${quoteValue(what)}: not a readable zip: ${e.message}`);
  });
  const files = entries.filter((e) => !e.fileName.endsWith('/'));
  if (files.length !== 1 || !/\.csv$/i.test(files[0]!.fileName)) {
    zip.close();
    const names = files
      .map((e) => e.fileName)
      .join(', ')
      .slice(0, 200);
    throw new InvalidInputError(
      `${quoteValue(what)}: expected one CSV file in the zip, found ${files.length === 0 ? 'none' : names}`,
    );
  }
  const entry = files[0]!;
  const stream = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
  );
  return { name: entry.fileName, stream, close: () => zip.close() };
}
