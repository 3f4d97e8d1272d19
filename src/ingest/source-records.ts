import { basename } from 'node:path';
import { InvalidInputError } from '../domain/errors.ts';
import { acledApiFormat } from './acled-api/acled-api-importer.ts';
import { countRecords } from './delimited/record-counter.ts';
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
  count(onBytes?: (b: number) => void): Promise<{ records: number; bytes: number; sha256: string }>;
  records(onBytes?: (b: number) => void): AsyncGenerator<SourceItem>;
}

const JSON_FORMATS: readonly SourceFormat[] = [ucdpGedApiFormat, ucdpCandidateApiFormat, acledApiFormat];

/** True for files read as one JSON record per line (what `faultline fetch` writes). */
export function isNdjson(path: string): boolean {
  return /\.(ndjson|jsonl)$/i.test(path);
}

/** Opens a delimited or NDJSON dataset file and detects (or checks) its format. */
export async function openSourceFile(
  path: string,
  forced?: FormatId,
  mapped?: SourceFormat,
): Promise<SourceFile> {
  if (forced === 'csv-mapped' && !mapped)
    throw new InvalidInputError('format csv-mapped needs a column-mapping file: --mapping FILE');
  return isNdjson(path) ? openNdjson(path, forced) : openDelimited(path, forced, mapped);
}

async function openDelimited(path: string, forced?: FormatId, mapped?: SourceFormat): Promise<SourceFile> {
  let header: string[] | null = null;
  for await (const item of readDelimited(path)) {
    if (item.kind === 'error')
      throw new InvalidInputError(`${basename(path)}: unreadable header: ${item.reason}`);
    header = item.fields.map((f) => f.trim());
    break;
  }
  if (!header) throw new InvalidInputError(`${basename(path)}: empty file`);
  const columns = header.map((h) => h.toLowerCase());
  return {
    format: mapped ? checkColumns(mapped, header, path) : detectFormat(header, path, forced),
    async count(onBytes) {
      const c = await countRecords(path, onBytes);
      return { ...c, records: c.records - 1 };
    },
    async *records(onBytes) {
      let first = true;
      for await (const item of readDelimited(path, { onBytes })) {
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
        } else {
          const rec: Record<string, string> = {};
          for (let i = 0; i < columns.length; i++) rec[columns[i]!] = item.fields[i]!;
          yield { kind: 'record', line: item.line, rec, raw: item.raw };
        }
      }
    },
  };
}

/** Checks that a mapped format's columns are in the header. */
function checkColumns(format: SourceFormat, header: string[], path: string): SourceFormat {
  const set = new Set(header.map((h) => h.toLowerCase()));
  const missing = format.requiredColumns.filter((c) => !set.has(c));
  if (missing.length)
    throw new InvalidInputError(
      `${basename(path)}: the mapping names column ${missing.join(', ')}, which the header lacks`,
    );
  return format;
}

async function openNdjson(path: string, forced?: FormatId): Promise<SourceFile> {
  const name = basename(path);
  let keys: string[] | null = null;
  for await (const item of readNdjson(path)) {
    if (item.kind === 'record') {
      keys = Object.keys(item.fields);
      break;
    }
  }
  if (!keys) throw new InvalidInputError(`${name}: no JSON record found`);
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
        ? `${name}: format ${forced} cannot read NDJSON files`
        : `${name}: unrecognised records (keys start ${keys.slice(0, 4).join(',')}); use --format`,
    );
  return {
    format,
    count: (onBytes) => countNdjsonRecords(path, onBytes),
    async *records(onBytes) {
      for await (const item of readNdjson(path, { onBytes })) {
        if (item.kind === 'error')
          yield { kind: 'reject', line: item.line, reason: item.reason, raw: item.raw };
        else yield { kind: 'record', line: item.line, rec: item.fields, raw: item.raw };
      }
    },
  };
}
