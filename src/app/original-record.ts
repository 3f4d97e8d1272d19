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
  if (e.fileSha256 === null || e.recordNo === null) {
    const legacy = await store.legacyOriginal(e.id);
    return legacy ? { text: JSON.stringify(legacy), fields: legacy } : null;
  }
  const meta = await store.archive.meta(e.fileSha256);
  const bytes = await store.archive.readRecord(e.fileSha256, e.recordNo);
  if (!meta || !bytes) return null;
  const text = bytes.toString('utf8');
  if (meta.layout.kind === 'ndjson') {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, unknown>))
      fields[k] = toFieldText(v);
    return { text, fields };
  }
  const opts = { delimiter: meta.layout.delimiter, bom: true, relax_column_count: true } as const;
  let header = headers.get(e.fileSha256);
  if (!header) {
    const headerBytes = await store.archive.readRecord(e.fileSha256, 0);
    header = (parse(headerBytes!.toString('utf8'), opts)[0] as string[]).map((h) => h.trim().toLowerCase());
    if (headers.size >= 16) headers.delete(headers.keys().next().value!);
    headers.set(e.fileSha256, header);
  }
  const values = (parse(text, opts)[0] as string[] | undefined) ?? [];
  const fields: Record<string, string> = {};
  header.forEach((h, i) => (fields[h] = values[i] ?? ''));
  return { text, fields };
}
