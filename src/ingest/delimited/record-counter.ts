import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { RecordIndex } from './record-index.ts';

/** What an independent pass over a delimited file found: records (header included), bytes and digest. */
export interface FileCount {
  /** Non-empty records, counted by quote-aware newline scanning, header included. */
  records: number;
  bytes: number;
  sha256: string;
  /** Where every record lies (header included), when asked for. */
  index?: RecordIndex;
  /**
   * Records (0-based, header = 0) whose number of fields differs from the header's, with that number,
   * when an index was asked for: a parser that pads or drops fields cannot hide them.
   */
  ragged?: { record: number; fields: number }[];
  /**
   * Records (0-based) with a field that opens with a quote and has text after its closing quote
   * (`"Kel" sector`), with that field's 1-based position, when an index was asked for. DuckDB's
   * lenient reader stores such a field altered (`Kel secto`), so the import rejects the record.
   */
  quoteFaults?: { record: number; field: number }[];
}

/** Options of a counting pass. */
export interface CountOptions {
  /** Called with the bytes read so far, for progress bars. */
  onBytes?: (bytes: number) => void;
  /** Build the record index (offsets and lines of every record). */
  index?: boolean;
  /** Receives every chunk of the file as it is read (the archive writer), awaited before the next. */
  onChunk?: (chunk: Buffer) => Promise<void> | void;
  /** The field delimiter, one ASCII character (default ','): it counts each record's fields. */
  delimiter?: string;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
/** The bytes the scan acts on (quote, newline, carriage return, the delimiter); every other byte is 0. */
function specialBytes(delimiter: number): Uint8Array {
  const special = new Uint8Array(256);
  for (const b of [QUOTE, delimiter, LF, CR]) special[b] = 1;
  return special;
}

/** Where a byte next occurs in a chunk at or after `from`, or the chunk's length when it does not. */
function nextOf(chunk: Buffer, byte: number, from: number): number {
  const at = chunk.indexOf(byte, from);
  return at < 0 ? chunk.length : at;
}

/**
 * Counts the records of a delimited file without the CSV parser, so the import can reconcile the
 * parser's count against it (DuckDB's and others' CSV readers have had silent row-loss bugs).
 * A record ends at a newline outside double quotes; records holding only carriage returns are
 * blank and not counted. It hashes the file in the same pass, and can index where each record lies.
 */
export async function countRecords(
  path: string,
  options: CountOptions | ((bytes: number) => void) = {},
): Promise<FileCount> {
  const o: CountOptions = typeof options === 'function' ? { onBytes: options } : options;
  const delimiter = o.delimiter === undefined ? COMMA : o.delimiter.charCodeAt(0);
  if (o.delimiter !== undefined && (o.delimiter.length !== 1 || delimiter > 0x7f))
    throw new Error(
      `record counter: the delimiter must be one ASCII character, not ${JSON.stringify(o.delimiter)}`,
    );
  const SPECIAL = specialBytes(delimiter);
  // The bytes that may not follow a closing quote: all but a quote, the delimiter and line ends.
  const NOT_AFTER_QUOTE = new Uint8Array(256).fill(1);
  for (const b of [QUOTE, delimiter, LF, CR]) NOT_AFTER_QUOTE[b] = 0;
  const hash = createHash('sha256');
  const index = o.index ? new RecordIndex() : undefined;
  let inQuotes = false;
  let hasContent = false;
  let records = 0;
  let bytes = 0;
  let line = 1;
  let start = 0;
  let startLine = 1;
  // Fields of the current record (delimiters outside quotes + 1) and of the header.
  let fields = 1;
  // Where the current field begins (the byte after the last delimiter or line end outside quotes);
  // whether a quote opened it; whether such quotes closed at the end of the last chunk (the byte
  // after them, the next chunk's first, must be a quote, a delimiter or a line end). Kept only at
  // quotes, delimiters and line ends: the loop over a field's other bytes does not change.
  let fieldBegin = 0;
  let quotedField = false;
  let closedAtEnd = false;
  let faulty = false;
  const quoteFaults: { record: number; field: number }[] = [];
  let width = -1;
  const ragged: { record: number; fields: number }[] = [];
  const afterClosingQuote = (b: number) => {
    if (NOT_AFTER_QUOTE[b] === 1 && !faulty) {
      faulty = true;
      quoteFaults.push({ record: records, field: fields });
    }
  };
  const endRecord = () => {
    if (width < 0) width = fields;
    else if (fields !== width) ragged.push({ record: records, fields });
    fields = 1;
    faulty = false;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (o.onChunk) await o.onChunk(chunk);
    const base = bytes;
    bytes += chunk.length;
    const n = chunk.length;
    let i = 0;
    // The first newline of the chunk at or after the last place searched (n when none): searched again
    // only once passed, so quoted fields on one line cost one search for the line, not one each.
    let lf = -1;
    if (closedAtEnd && n > 0) {
      closedAtEnd = false;
      afterClosingQuote(chunk[0]!);
    }
    while (i < n) {
      if (inQuotes) {
        // Inside quotes only a quote matters (a newline there only counts as a line): jump to it.
        const q = chunk.indexOf(QUOTE, i);
        const stop = q < 0 ? n : q;
        if (lf < i) lf = nextOf(chunk, LF, i);
        for (; lf < stop; lf = nextOf(chunk, LF, lf + 1)) line++;
        if (q < 0) break;
        inQuotes = false;
        if (quotedField) {
          if (q + 1 >= n) closedAtEnd = true;
          else afterClosingQuote(chunk[q + 1]!);
        }
        i = q + 1;
        continue;
      }
      const b = chunk[i]!;
      if (SPECIAL[b] === 0) {
        // Most bytes: part of a field.
        if (!hasContent) {
          start = base + i;
          startLine = line;
          hasContent = true;
        }
      } else if (b === QUOTE) {
        inQuotes = true;
        // A quote that opens its field quotes it; one inside an unquoted field is text to DuckDB's
        // reader, but it is still counted as quoting here (the count is the stricter reading).
        if (base + i === fieldBegin) quotedField = true;
        if (!hasContent) {
          start = base + i;
          startLine = line;
        }
        hasContent = true;
      } else if (b === LF) {
        line++;
        fieldBegin = base + i + 1;
        quotedField = false;
        if (hasContent) {
          endRecord();
          records++;
          index?.push(start, base + i, startLine);
        }
        hasContent = false;
      } else if (b === delimiter) {
        fields++;
        fieldBegin = base + i + 1;
        quotedField = false;
        if (!hasContent) {
          start = base + i;
          startLine = line;
        }
        hasContent = true;
      }
      i++;
    }
    o.onBytes?.(bytes);
  }
  if (hasContent) {
    endRecord();
    records++;
    index?.push(start, bytes, startLine);
  }
  return { records, bytes, sha256: hash.digest('hex'), ...(index ? { index, ragged, quoteFaults } : {}) };
}

/**
 * The 1-based position of the first field of one record's text that opens with a quote and has text
 * after its closing quote (`"Kel" sector`), or null: the counter's `quoteFaults` rule for a record the
 * JavaScript reader gives whole. A quote inside an unquoted field (`Kel "sector"`) is text.
 */
export function quoteFault(raw: string, delimiter = ','): number | null {
  let field = 1;
  let i = 0;
  const n = raw.length;
  while (i < n) {
    if (raw[i] === '"') {
      // A quoted field: to its closing quote ('""' is a quote inside it).
      for (i++; i < n; i++)
        if (raw[i] === '"') {
          if (raw[i + 1] === '"') i++;
          else break;
        }
      i++;
      if (i < n && raw[i] !== delimiter && raw[i] !== '\n' && raw[i] !== '\r') return field;
    } else {
      while (i < n && raw[i] !== delimiter && raw[i] !== '\n') i++;
    }
    if (raw[i] === delimiter) field++;
    i++;
  }
  return null;
}
