/**
 * Reads the one CSV member of a GED release zip (or a GDELT export) as a stream (yauzl, no
 * unpacking to disk): a zip with any other member, or none, is refused in one line naming what it
 * holds, and a member whose bytes do not have the CRC-32 the zip records fails its stream.
 */
import { Transform, type Readable } from 'node:stream';
import * as zlib from 'node:zlib';
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

/** CRC-32 (IEEE, as zip records it) of each byte value, for crc32 below. */
const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

/** The CRC-32 of `bytes` continuing from `crc` (0 to start), as zip computes it. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** Node's own CRC-32 (Node 20.15 and later; engines allow 20.10), the same numbers as crc32, 15 times faster. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

const hex = (n: number) => n.toString(16).padStart(8, '0');

/**
 * Passes a member's bytes on and fails at their end when their CRC-32 is not the one the zip
 * records. yauzl checks the sizes but not the CRC: a damaged member whose length survived (a stored
 * member, or deflate that still decodes) was read as data, and its garbled rows imported.
 */
function checkCrc(what: string, member: string, expected: number): Transform {
  let crc = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      crc = (nativeCrc32 ?? crc32)(chunk, crc);
      done(null, chunk);
    },
    flush(done) {
      done(
        crc === expected
          ? null
          : new InvalidInputError(
              `${quoteValue(what)}: not a readable zip: ${quoteValue(member)} is damaged (its CRC-32 is ${hex(crc)}, the zip records ${hex(expected)})`,
            ),
      );
    },
  });
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
  const raw = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
  );
  const check = checkCrc(what, entry.fileName, entry.crc32);
  // An error of the inflated stream (a size that does not match) goes on to the reader as its own.
  raw.on('error', (e) => check.destroy(e));
  return { name: entry.fileName, stream: raw.pipe(check), close: () => zip.close() };
}
