import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvalidInputError } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';
import { acledApiFormat } from './acled-api/acled-api-importer.ts';
import { countRecords, quoteFault, type CountOptions } from './delimited/record-counter.ts';
import type { RecordIndex } from './delimited/record-index.ts';
import { readDelimited } from './delimited/read-delimited.ts';
import { detectFormat } from './formats.ts';
import { countNdjsonRecords, readNdjson } from './json/read-ndjson.ts';
import type { FormatId, SourceFormat } from './source-format.ts';
import {
  ucdpApiFileVersion,
  ucdpCandidateApiFormat,
  ucdpGedApiFormat,
} from './ucdp-api/ucdp-api-importer.ts';

/** One source record as column name -> text, or a row refused before mapping (parser error, wrong width). */
export type SourceItem =
  | { kind: 'record'; line: number; rec: Record<string, string>; raw: string }
  | { kind: 'reject'; line: number; reason: string; raw: string };

/** An opened dataset file: its format, an independent record count, and its records as a stream. */
export interface SourceFile {
  format: SourceFormat;
  /** Data records counted without the parser (header lines excluded). */
  count(options?: CountOptions): Promise<{
    records: number;
    bytes: number;
    sha256: string;
    index?: RecordIndex;
    /** Records (numbered as the index numbers them) whose field count differs from the header's. */
    ragged?: { record: number; fields: number }[];
    /** Records (numbered as the index numbers them) with text after a field's closing quote, and that field. */
    quoteFaults?: { record: number; field: number }[];
  }>;
  /** The number of the first data record (1 when a header line comes first). */
  firstRecord: number;
  /** How records are delimited, for the archive: the header and delimiter, or NDJSON. */
  layout:
    | { kind: 'delimited'; header: string[]; delimiter: string; newline: '\n' | '\r\n' | '\r\r\n' }
    | { kind: 'ndjson' };
  records(onBytes?: (b: number) => void): AsyncGenerator<SourceItem>;
}

const JSON_FORMATS: readonly SourceFormat[] = [ucdpGedApiFormat, ucdpCandidateApiFormat, acledApiFormat];

/** True for files read as one JSON record per line (what `faultline fetch` writes). */
export function isNdjson(path: string): boolean {
  return /\.(ndjson|jsonl)$/i.test(path);
}

/**
 * Opens a delimited or NDJSON dataset file and detects (or checks) its format. `formatOption` is how
 * the caller's surface names the option that chooses a format (`--input-format`, the API's
 * `dataset_format`), for the message about a file of no known format.
 */
export async function openSourceFile(
  path: string,
  forced?: FormatId,
  mapped?: SourceFormat,
  formatOption = '--input-format',
): Promise<SourceFile> {
  if (forced === 'csv-mapped' && !mapped)
    throw new InvalidInputError('format csv-mapped needs a column-mapping file: --mapping FILE');
  return isNdjson(path)
    ? openNdjson(path, forced, formatOption)
    : openDelimited(path, forced, mapped, formatOption);
}

async function openDelimited(
  path: string,
  forced: FormatId | undefined,
  mapped: SourceFormat | undefined,
  formatOption: string,
): Promise<SourceFile> {
  let header: string[] | null = null;
  let first: Record<string, string> | undefined; // the first data record, which format detection may read
  const delimiter = mapped?.delimiter ?? ',';
  for await (const item of readDelimited(path, { delimiter })) {
    // A malformed row further down is that row's problem, not the header's (the reader may report it first).
    if (item.kind === 'error' && item.line > 1) continue;
    if (item.kind === 'error')
      throw new InvalidInputError(`${quoteValue(basename(path))}: unreadable header: ${item.reason}`);
    if (header) {
      first = Object.fromEntries(header.map((h, i) => [h.toLowerCase(), item.fields[i] ?? '']));
      break;
    }
    header = item.fields.map((f) => f.trim());
  }
  if (!header) throw new InvalidInputError(`${quoteValue(basename(path))}: empty file`);
  const newline = await headerNewline(path);
  if (newline === '\r')
    throw new InvalidInputError(
      `${quoteValue(basename(path))}: lines end with a lone carriage return (\\r, classic Mac OS), which faultline does not read as a line end; convert them first, e.g. tr '\\r' '\\n' < ${JSON.stringify(basename(path))} > converted.csv`,
    );
  const columns = header.map((h) => h.toLowerCase());
  return {
    format: mapped
      ? checkColumns(mapped, header, path)
      : detectFormat(header, path, forced, first, formatOption),
    async count(options) {
      const c = await countRecords(path, { ...options, delimiter });
      return { ...c, records: c.records - 1 };
    },
    firstRecord: 1,
    layout: { kind: 'delimited', header: columns, delimiter, newline },
    async *records(onBytes) {
      let first = true;
      let bad: number | null;
      for await (const item of readDelimited(path, { onBytes, delimiter })) {
        if (item.kind === 'error') {
          yield { kind: 'reject', line: item.line, reason: `malformed CSV: ${item.reason}`, raw: item.raw };
        } else if (first) {
          first = false; // the header
        } else if (item.fields.length !== columns.length) {
          yield {
            kind: 'reject',
            line: item.line,
            reason: `expected ${columns.length} fields, found ${item.fields.length}`,
            raw: item.raw,
          };
        } else if ((bad = quoteFault(item.raw, delimiter)) !== null) {
          yield { kind: 'reject', line: item.line, reason: quoteFaultReason(bad, columns), raw: item.raw };
        } else {
          const rec: Record<string, string> = {};
          for (let i = 0; i < columns.length; i++) rec[columns[i]!] = item.fields[i]!;
          yield { kind: 'record', line: item.line, rec, raw: item.raw };
        }
      }
    },
  };
}

/** The line ending after the header: LF, CRLF or a lone CR. */
/**
 * How the header line ends: LF, CRLF, a run of CRs before the LF (a doubled CRLF conversion), or a lone
 * CR (classic Mac OS), which no reader of faultline takes as a line end.
 */
async function headerNewline(path: string): Promise<'\n' | '\r\n' | '\r\r\n' | '\r'> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    let inQuotes = false;
    for (let i = 0; i < bytesRead; i++) {
      const b = buf[i];
      if (b === 0x22) inQuotes = !inQuotes;
      else if (!inQuotes && b === 0x0a) return '\n';
      else if (!inQuotes && b === 0x0d) {
        let j = i + 1;
        while (j < bytesRead && buf[j] === 0x0d) j++;
        if (j === bytesRead && bytesRead === buf.length) return '\r\r\n'; // a run of CRs at the read's end: let the readers judge
        return buf[j] === 0x0a ? (j === i + 1 ? '\r\n' : '\r\r\n') : '\r';
      }
    }
    return '\n';
  } finally {
    await fh.close();
  }
}

/** Checks that a mapped format's columns are in the header. */
function checkColumns(format: SourceFormat, header: string[], path: string): SourceFormat {
  const set = new Set(header.map((h) => h.toLowerCase()));
  const missing = format.requiredColumns.filter((c) => !set.has(c));
  if (missing.length)
    throw new InvalidInputError(
      `${quoteValue(basename(path))}: the mapping names column ${missing.map(quoteValue).join(', ')}, which the header lacks`,
    );
  return format;
}

async function openNdjson(
  path: string,
  forced: FormatId | undefined,
  formatOption: string,
): Promise<SourceFile> {
  const name = basename(path);
  let keys: string[] | null = null;
  for await (const item of readNdjson(path)) {
    if (item.kind === 'record') {
      keys = Object.keys(item.fields);
      break;
    }
  }
  if (!keys) throw new InvalidInputError(`${quoteValue(name)}: no JSON record found`);
  let format: SourceFormat | undefined;
  if (forced === 'ucdp-api')
    format = ucdpApiFileVersion(name)?.dataset === 'candidate' ? ucdpCandidateApiFormat : ucdpGedApiFormat;
  else if (forced) format = JSON_FORMATS.find((f) => f.id === forced);
  else
    format = JSON_FORMATS.map((f) => ({ f, s: f.detect(keys!, name) }))
      .sort((a, b) => b.s - a.s)
      .find((x) => x.s > 0)?.f;
  if (!format)
    throw new InvalidInputError(
      forced
        ? `${quoteValue(name)}: format ${forced} cannot read NDJSON files`
        : `${quoteValue(name)}: unrecognised records (keys start ${quoteValue(keys.slice(0, 4).join(','))}); choose one with ${formatOption}`,
    );
  return {
    format,
    count: (options) => countNdjsonRecords(path, options),
    firstRecord: 0,
    layout: { kind: 'ndjson' },
    async *records(onBytes) {
      for await (const item of readNdjson(path, { onBytes })) {
        if (item.kind === 'error')
          yield { kind: 'reject', line: item.line, reason: item.reason, raw: item.raw };
        else yield { kind: 'record', line: item.line, rec: item.fields, raw: item.raw };
      }
    },
  };
}

/** Why a record with text after a field's closing quote is rejected (both readers give it). */
export function quoteFaultReason(field: number, header: readonly string[]): string {
  const name = header[field - 1];
  return `malformed CSV: text after the closing quote of field ${field}${name ? ` (${name})` : ''}`;
}
