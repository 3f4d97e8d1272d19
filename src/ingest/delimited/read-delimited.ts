import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { LineEndingNormaliser } from './line-endings.ts';

/** One record of a delimited file, or the parser's reason for refusing it. */
export type DelimitedItem =
  | { kind: 'record'; line: number; fields: string[]; raw: string }
  | { kind: 'error'; line: number; reason: string; raw: string };

/** Options for reading a delimited file. */
export interface ReadOptions {
  delimiter?: string;
  /** Called with the bytes read so far, for progress bars. */
  onBytes?: (bytes: number) => void;
}

/** 1-based line on which a record starts, from the parser's end line and the record's raw text. */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^\n+/, '').replace(/\n$/, '');
  let newlines = 0;
  for (let i = 0; i < body.length; i++) if (body.charCodeAt(i) === 10) newlines++;
  return endLine - newlines;
}

/**
 * Streams a delimited file record by record (header included) with csv-parse, in constant memory.
 * Line endings are normalised, a UTF-8 BOM is dropped, blank lines are skipped, ragged rows come
 * through as they are (the caller checks the width), quotes inside an unquoted field are kept as text,
 * and malformed quoting (a closing quote followed by text) becomes an `error` item with the parser's
 * reason instead of stopping the import.
 */
export async function* readDelimited(path: string, options: ReadOptions = {}): AsyncGenerator<DelimitedItem> {
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  if (options.onBytes) {
    const report = options.onBytes;
    source.on('data', (c) => report((bytes += c.length)));
  }
  const parser = source.pipe(new LineEndingNormaliser()).pipe(
    parse({
      bom: true,
      delimiter: options.delimiter ?? ',',
      relax_column_count: true,
      // A quote inside an unquoted field (`Kel "sector"`) is text, as DuckDB's reader, pandas and R read it.
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      info: true,
      raw: true,
    }),
  );
  const errors: DelimitedItem[] = [];
  parser.on('skip', (err: Error & { lines?: number; raw?: string }) => {
    const raw = err.raw ?? '';
    errors.push({
      kind: 'error',
      line: startLine(err.lines ?? 0, raw),
      reason: err.message.replace(/\s+/g, ' ').trim(),
      raw,
    });
  });
  source.on('error', (e) => parser.destroy(e));
  for await (const item of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
    raw: string;
  }>) {
    while (errors.length) yield errors.shift()!;
    yield { kind: 'record', line: startLine(item.info.lines, item.raw), fields: item.record, raw: item.raw };
  }
  while (errors.length) yield errors.shift()!;
}
