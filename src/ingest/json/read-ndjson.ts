import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { oneLine } from '../../domain/errors.ts';
import type { CountOptions } from '../delimited/record-counter.ts';
import { RecordIndex } from '../delimited/record-index.ts';

/** One line of an NDJSON file: a record with every value as text, or why the line is not one. */
export type NdjsonItem =
  | { kind: 'record'; line: number; fields: Record<string, string>; raw: string }
  | { kind: 'error'; line: number; reason: string; raw: string };

/** Options for reading an NDJSON file. */
export interface NdjsonReadOptions {
  /** Called with the bytes read so far, for progress bars. */
  onBytes?: (bytes: number) => void;
}

/** What an independent pass over an NDJSON file found: non-blank lines, bytes and digest. */
export interface NdjsonCount {
  records: number;
  bytes: number;
  sha256: string;
  /** Where every record lies, when asked for. */
  index?: RecordIndex;
}

/** A JSON value as the text a CSV cell would hold: null is empty, nested values stay JSON. */
export function toFieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

/** Blank lines hold only JSON whitespace (CR and LF are line ends); the counter uses the same rule. */
const BLANK = /^[ \t]*$/;

/** What kind of JSON value a non-object line holds, for the error reason. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Parses one non-blank line into an item. */
export function parseNdjsonLine(text: string, line: number): NdjsonItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { kind: 'error', line, reason: `not valid JSON: ${oneLine(e)}`, raw: text };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { kind: 'error', line, reason: `not a JSON object: ${describe(value)}`, raw: text };
  }
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    // An API record is flat: a nested value would be stored as its JSON text (an actor named
    // `{"x":1}`), so the record is refused, naming the key.
    if (v !== null && typeof v === 'object')
      return {
        kind: 'error',
        line,
        reason: `${k.slice(0, 100)}: ${Array.isArray(v) ? 'an array' : 'an object'}, not a value (a record's fields are text, numbers, true or false, or null)`,
        raw: text,
      };
    fields[k] = toFieldText(v);
  }
  return { kind: 'record', line, fields, raw: text };
}

/**
 * Streams an NDJSON file line by line in constant memory. Each non-blank line becomes a record
 * (values as text) or an error item with a one-line reason; blank lines are skipped. Lines end at
 * LF, CRLF or a lone CR (as node:readline splits them); a UTF-8 BOM is dropped. Line numbers are 1-based.
 */
export async function* readNdjson(path: string, options: NdjsonReadOptions = {}): AsyncGenerator<NdjsonItem> {
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  // readline does not pass on a stream error (ENOENT): wait for the file to open first.
  await new Promise<void>((resolve, reject) => {
    input.once('ready', () => resolve());
    input.once('error', reject);
  });
  if (options.onBytes) {
    const report = options.onBytes;
    let bytes = 0;
    input.on('data', (c) => report((bytes += c.length)));
  }
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      const body = line === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (BLANK.test(body)) continue;
      yield parseNdjsonLine(body, line);
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Counts the non-blank lines of an NDJSON file by scanning bytes, without parsing JSON, so an import
 * can reconcile the reader's records and errors against it; hashes the file in the same pass.
 */
export async function countNdjsonRecords(
  path: string,
  options: CountOptions | ((bytes: number) => void) = {},
): Promise<NdjsonCount> {
  const o: CountOptions = typeof options === 'function' ? { onBytes: options } : options;
  const hash = createHash('sha256');
  const index = o.index ? new RecordIndex() : undefined;
  let records = 0;
  let bytes = 0;
  let hasContent = false;
  let start = 0;
  let line = 1;
  let prevCr = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (o.onChunk) await o.onChunk(chunk);
    // A UTF-8 BOM at the start of the file is not content.
    const first = bytes === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
    const base = bytes;
    bytes += chunk.length;
    for (let i = first; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === LF || b === CR) {
        if (hasContent) {
          records++;
          index?.push(start, base + i, line);
        }
        hasContent = false;
        // Lines end at LF, CRLF or a lone CR, as node:readline splits them.
        if (!(b === LF && prevCr)) line++;
        prevCr = b === CR;
        continue;
      }
      prevCr = false;
      if (b !== SPACE && b !== TAB) {
        if (!hasContent) start = base + i;
        hasContent = true;
      }
    }
    o.onBytes?.(bytes);
  }
  if (hasContent) {
    records++;
    index?.push(start, bytes, line);
  }
  return { records, bytes, sha256: hash.digest('hex'), ...(index ? { index } : {}) };
}
