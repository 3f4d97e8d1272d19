import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** A record whose number of fields is not the file's layout's, with its exact text. */
export interface RaggedRecord {
  /** 0-based record number (GDELT files have no header, so line = record + 1). */
  record: number;
  fields: number;
  raw: string;
}

/** What the independent count of a GDELT file found. */
export interface GdeltCount {
  bytes: number;
  /** The bytes' sha256 (null when not asked for). */
  sha256: string | null;
  records: number;
  /** Records with another number of fields than `width` (the first 10,000 kept; `raggedCount` counts all). */
  ragged: RaggedRecord[];
  raggedCount: number;
  /** Bytes of the longest record (its line without the LF). */
  longest: number;
  /**
   * The records' order as one number: the sum over records of record number x GLOBALEVENTID, modulo
   * GDELT_ORDER_PRIME; null when a first field is not all digits. DuckDB computes the same over stored rows.
   */
  idOrder: number | null;
  /**
   * The first record's GLOBALEVENTID when every record's GLOBALEVENTID is the one before it plus 1 (as
   * in GDELT 2.0's 15-minute exports), so that record k holds id idRunFrom + k; null otherwise (gaps,
   * as in GDELT 1.0's daily files, another order, an id that is not all digits or longer than 15).
   */
  idRunFrom: number | null;
}

/** The prime of `idOrder` (under 2^26, so each product stays exact in a double). */
export const GDELT_ORDER_PRIME = 67_108_859;

const KEEP_RAGGED = 10_000;

/**
 * Counts the records of a GDELT file byte by byte, independently of DuckDB: GDELT has no quoting,
 * so a record is a line (LF-terminated; a last line without LF counts) and its fields are its tabs
 * plus one. Also hashes the bytes (unless `hash: false`): a plain file's sha256 for the ledger,
 * taken in the same pass.
 */
export async function countGdelt(
  path: string,
  width: number,
  onBytes?: (bytes: number) => void,
  opts: { hash?: boolean } = {},
): Promise<GdeltCount> {
  const hash = opts.hash === false ? null : createHash('sha256');
  let bytes = 0;
  let records = 0;
  let tabs = 0;
  let inRecord = false;
  let raggedCount = 0;
  const ragged: RaggedRecord[] = [];
  // The current record's bytes, kept only until it is known to be well-formed (GDELT lines are short).
  let pending: Buffer[] = [];
  let longest = 0;
  let length = 0;
  const P = GDELT_ORDER_PRIME;
  let order: number | null = 0;
  // The first field of the current record, modulo P, while it is read (inId), and whether it is all digits.
  let id = 0;
  let digits = 0;
  let inId = true;
  let idOk = true;
  // The current id exactly (up to 15 digits, exact in a double), the one before it, and the run's first.
  let exact = 0;
  let previous = 0;
  let runFrom: number | null = 0;
  const endRecord = () => {
    if (length > longest) longest = length;
    length = 0;
    if (order !== null) order = idOk && digits ? (order + (((records % P) * id) % P)) % P : null;
    if (runFrom !== null) {
      if (!idOk || !digits || digits > 15 || (records > 0 && exact !== previous + 1)) runFrom = null;
      else if (records === 0) runFrom = exact;
    }
    previous = exact;
    exact = 0;
    id = 0;
    digits = 0;
    inId = true;
    idOk = true;
    if (tabs + 1 !== width) {
      raggedCount++;
      if (ragged.length < KEEP_RAGGED)
        ragged.push({
          record: records,
          fields: tabs + 1,
          raw: Buffer.concat(pending).toString('utf8').replace(/\r$/, ''),
        });
    }
    records++;
    tabs = 0;
    inRecord = false;
    pending = [];
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash?.update(chunk);
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x0a) {
        length += i - start;
        pending.push(chunk.subarray(start, i));
        endRecord();
        start = i + 1;
      } else {
        inRecord = true;
        if (b === 0x09) {
          tabs++;
          inId = false;
        } else if (inId) {
          if (b >= 0x30 && b <= 0x39) {
            id = (id * 10 + (b - 0x30)) % P;
            exact = exact * 10 + (b - 0x30);
            digits++;
          } else idOk = false;
        }
      }
    }
    if (start < chunk.length) {
      length += chunk.length - start;
      pending.push(Buffer.from(chunk.subarray(start)));
    }
    bytes += chunk.length;
    onBytes?.(bytes);
  }
  if (inRecord) endRecord();
  return {
    bytes,
    sha256: hash?.digest('hex') ?? null,
    records,
    ragged,
    raggedCount,
    longest,
    idOrder: order,
    idRunFrom: records ? runFrom : null,
  };
}
