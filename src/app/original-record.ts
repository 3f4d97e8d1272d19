import { parse } from 'csv-parse/sync';
import { toFieldText } from '../ingest/json/read-ndjson.ts';
import type { StoredEvent } from '../storage/event-columns.ts';
import type { Store } from '../storage/store.ts';

/** An event's original source record: its exact text and its fields as the source names them. */
export interface OriginalRecord {
  /** The record's bytes in the source file, as text (line break excluded). */
  text: string;
  /** Field by field, keyed by the file's header (lower-cased) or the JSON record's keys. */
  fields: Record<string, string>;
}

/**
 * One delimited record's fields, as the archive's layout says it is delimited. Quotes inside an
 * unquoted field are kept as text (`relax_quotes`), as DuckDB's reader stored them when it accepted
 * the row: such a record read back whole instead of failing the event detail and every export with
 * `--original` that holds it.
 *
 * A record without a line break (most are) names one: csv-parse, left to find the record delimiter,
 * looks for one at every character outside quotes and makes three buffers each time: more than
 * half of the CPU of reading the records of a file back. It finds none in such a text, so the
 * fields are the same; a record with a line break (in a quoted field) is parsed as before.
 */
const fieldsOf = (text: string, delimiter: string): string[] =>
  (parse(text, {
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    ...(/[\r\n]/.test(text) ? {} : { record_delimiter: '\n' }),
  })[0] as string[] | undefined) ?? [];

/** Parsed headers of recently read files, by sha256. */
const headers = new Map<string, string[]>();

/**
 * Reads an event's original record back from the source archive (by file hash and record number),
 * or, for events stored before the archive, from the legacy table. Null when neither has it.
 */
export async function originalRecord(
  store: Store,
  e: Pick<StoredEvent, 'id' | 'fileSha256' | 'recordNo'>,
): Promise<OriginalRecord | null> {
  return (await originalRecords(store, [e]))[0]!;
}

/**
 * The original records of many events, in the order given: each archived file's records read in
 * file order through one handle (its compressed blocks inflated once per call), events stored
 * before the archive from the legacy table.
 */
export async function originalRecords(
  store: Store,
  events: readonly Pick<StoredEvent, 'id' | 'fileSha256' | 'recordNo'>[],
): Promise<(OriginalRecord | null)[]> {
  const out: (OriginalRecord | null)[] = events.map(() => null);
  const byFile = new Map<string, number[]>();
  for (const [i, e] of events.entries()) {
    if (e.fileSha256 === null || e.recordNo === null) {
      const legacy = await store.legacyOriginal(e.id);
      out[i] = legacy ? { text: JSON.stringify(legacy), fields: legacy } : null;
    } else {
      const at = byFile.get(e.fileSha256);
      if (at) at.push(i);
      else byFile.set(e.fileSha256, [i]);
    }
  }
  for (const [sha, at] of byFile) {
    const meta = await store.archive.meta(sha);
    if (!meta) continue;
    const bytes = await store.archive.readRecords(
      sha,
      at.map((i) => events[i]!.recordNo!),
    );
    const header = meta.layout.kind === 'ndjson' ? null : await headerOf(store, sha, meta.layout.delimiter);
    at.forEach((i, j) => {
      const b = bytes[j];
      if (!b) return;
      const text = b.toString('utf8');
      if (meta.layout.kind === 'ndjson') {
        const fields: Record<string, string> = {};
        for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, unknown>))
          fields[k] = toFieldText(v);
        out[i] = { text, fields };
        return;
      }
      const values = fieldsOf(text, meta.layout.delimiter);
      const fields: Record<string, string> = {};
      header!.forEach((h, k) => (fields[h] = values[k] ?? ''));
      out[i] = { text, fields };
    });
  }
  return out;
}

/** A delimited file's header (lower-cased), kept for the files read most recently. */
async function headerOf(store: Store, sha256: string, delimiter: string): Promise<string[]> {
  let header = headers.get(sha256);
  if (!header) {
    const bytes = await store.archive.readRecord(sha256, 0);
    header = fieldsOf(bytes!.toString('utf8'), delimiter).map((h) => h.trim().toLowerCase());
    if (headers.size >= 16) headers.delete(headers.keys().next().value!);
    headers.set(sha256, header);
  }
  return header;
}
