import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** What an independent pass over a delimited file found: records (header included), bytes and digest. */
export interface FileCount {
  /** Non-empty records, counted by quote-aware newline scanning, header included. */
  records: number;
  bytes: number;
  sha256: string;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Counts the records of a delimited file without the CSV parser, so the import can reconcile the
 * parser's count against it (DuckDB's and others' CSV readers have had silent row-loss bugs).
 * A record ends at a newline outside double quotes; records holding only carriage returns are
 * blank and not counted. It hashes the file in the same pass.
 */
export async function countRecords(path: string, onBytes?: (bytes: number) => void): Promise<FileCount> {
  const hash = createHash('sha256');
  let inQuotes = false;
  let hasContent = false;
  let records = 0;
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === QUOTE) {
        inQuotes = !inQuotes;
        hasContent = true;
      } else if (b === LF) {
        if (inQuotes) continue;
        if (hasContent) records++;
        hasContent = false;
      } else if (b !== CR) {
        hasContent = true;
      }
    }
    onBytes?.(bytes);
  }
  if (hasContent) records++;
  return { records, bytes, sha256: hash.digest('hex') };
}
