/**
 * A Parquet export with each event's original record as a last VARCHAR column. The records live in
 * the source archive, outside the database: in one snapshot, the rows' source records are listed in
 * file order, their texts asked of the caller a chunk at a time and written to a newline-delimited
 * JSON file beside the target, then the export is copied as without them, joined to that file by
 * event id (ids are unique; the file's keys are named apart from any column of events), so its
 * columns keep the types of the plain export.
 */
import { open, rm } from 'node:fs/promises';
import type { EventSummaryColumn } from '../../domain/event-summary.ts';
import type { EventStreamQuery, SourceRecordRef } from '../store.ts';
import { exportRowsSql, literal, parquetTarget, select, type StreamReader } from './duckdb-event-stream.ts';
import { Params } from './duckdb-filters.ts';

/** What the caller gives for a chunk of rows' source records: each one's text, or null. */
export type OriginalTexts = (records: readonly SourceRecordRef[]) => Promise<readonly (string | null)[]>;

// read_json refuses a line longer than its maximum object size (16 MB by default) and reads through a
// buffer twice that size: it is raised to the longest line written (an importer takes records of up
// to 16 MB, and JSON escapes lengthen them), not set once for all: a 1 GB maximum failed to allocate
// its 2 GB buffer under the default memory limit.
const JSON_OBJECT_DEFAULT = 16 << 20;

/** copyEventsParquet with a last column `original`: what `original` gives for each row's record. */
export async function copyEventsParquetWithOriginals(
  db: StreamReader,
  q: EventStreamQuery,
  columns: readonly EventSummaryColumn[],
  path: string,
  keyValues: Readonly<Record<string, string>>,
  original: OriginalTexts,
): Promise<number> {
  const side = `${path}.originals.ndjson`;
  let written = 0;
  let longest = 0;
  try {
    const copied = db.streamSession(async function* (s) {
      // One snapshot for the records listed and the rows copied: a row committed meanwhile is in neither.
      await s.all('BEGIN TRANSACTION');
      const file = await open(side, 'w');
      try {
        const p = new Params();
        const rows = exportRowsSql(q, 'e.id, e.file_sha256, e.record_no', p);
        // In file order, so that each chunk reads the archive's blocks in turn.
        const refs = s.strings(
          `SELECT to_json({i: id, f: file_sha256, r: record_no})::VARCHAR FROM (${rows}) ORDER BY file_sha256, record_no`,
          p.values,
        );
        for await (const chunk of refs) {
          const records = chunk.map((t) => {
            const r = JSON.parse(t) as { i: string; f: string | null; r: number | null };
            return { id: r.i, fileSha256: r.f, recordNo: r.r };
          });
          const texts = await original(records);
          let lines = '';
          records.forEach((r, i) => {
            const line = `{"__event_id":${JSON.stringify(r.id)},"__original":${JSON.stringify(texts[i] ?? null)}}\n`;
            longest = Math.max(longest, Buffer.byteLength(line));
            lines += line;
          });
          await file.write(lines);
        }
      } finally {
        await file.close();
      }
      const p = new Params();
      const from = `events e LEFT JOIN read_json(${literal(side)}, format = 'newline_delimited',
        columns = {__event_id: 'VARCHAR', __original: 'VARCHAR'}, maximum_object_size = ${Math.max(JSON_OBJECT_DEFAULT, longest)}) o
        ON o.__event_id = e.id`;
      const [row] = await s.all<{ Count: number }>(
        `COPY (${exportRowsSql(q, `${select(columns)}, o.__original AS "original"`, p, from)}) TO ${parquetTarget(path, keyValues)}`,
        p.values,
      );
      yield Number(row?.Count ?? 0);
    });
    for await (const n of copied) written = n;
    return written;
  } finally {
    await rm(side, { force: true });
  }
}
