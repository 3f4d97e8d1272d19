/**
 * Complete event exports: every matching row, read from the store a chunk at a time and written to
 * a sink chunk by chunk (waiting while the reader is behind), so memory stays flat however many rows
 * match. CSV (cells escaped against spreadsheet formulas, optional HXL hashtag row), NDJSON, a JSON
 * array and GeoJSON rows are written as text by the store's engine and only joined here; xlsx goes
 * through exceljs's streaming writer; Parquet is written by the engine to a file then copied.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import { InvalidInputError } from '../domain/errors.ts';
import { grouped } from '../domain/format-number.ts';
import { counted } from '../domain/plural.ts';
import { quoteValue } from '../domain/quote.ts';
import { EVENT_SUMMARY_COLUMNS } from '../domain/event-summary.ts';
import type { EventFeature } from './answers.ts';
import { csvRecords } from './csv.ts';
import { originalRecords } from './original-record.ts';
import { aboutRows, type ExportAbout } from './export-about.ts';
import { runWithSignal } from '../storage/query-signal.ts';
import type { EventSummary } from '../domain/event-summary.ts';
import type {
  EventStreamQuery,
  EventTextForm,
  SourceRecordRef,
  SourcedText,
  Store,
} from '../storage/store.ts';

/** Formats an export can be written in. */
export const EXPORT_FORMATS = ['csv', 'ndjson', 'json', 'geojson', 'xlsx', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Formats whose bytes are not text (never written to a terminal). */
export const BINARY_FORMATS: ReadonlySet<string> = new Set(['xlsx', 'parquet']);

/** Media types of the export formats. */
export const EXPORT_MEDIA: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  json: 'application/json; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  parquet: 'application/vnd.apache.parquet',
};

/** Where an export's bytes go; `write` resolves when the chunk may be followed by the next. */
export interface ExportSink {
  write(chunk: string | Uint8Array): Promise<void>;
}

/** Options of an export. */
export interface ExportOptions {
  /** A second CSV row of HXL hashtags (https://hxlstandard.org), as HDX tools expect. */
  hxl?: boolean;
  /** Store reads stop when it fires (the API passes the request's). */
  signal?: AbortSignal;
  /** GeoJSON: the number of matching events, written as the collection's `total` (a foreign member), when known before the rows (null: nothing is known, no loaded source covers the filter). */
  total?: number | null;
  /**
   * Each row with its original source record, read back from the source archive: JSON, NDJSON and
   * GeoJSON rows gain `original` (the record's fields as the source names them, as in the event's
   * detail; null when none is kept); CSV, xlsx and Parquet rows a last column `original`, the
   * record's exact text (empty, or null in Parquet, when none is kept).
   */
  original?: boolean;
  /**
   * What the export holds (filter, matching events, source versions, licences and credits), written
   * into the file where the format has room: GeoJSON's `meta` member, Parquet's key-value metadata
   * `faultline` (JSON), an xlsx sheet `about` after the events. CSV, NDJSON and a JSON array have
   * none: the CLI says it on stderr, the API in its headers.
   */
  about?: ExportAbout;
}

const COLUMNS = EVENT_SUMMARY_COLUMNS.map((c) => c.name);

/** A GeoJSON Feature of an event summary (null geometry when the source gives no coordinates). */
export function eventFeature<P extends { id: unknown; lat: unknown; lon: unknown }>(row: P): EventFeature<P> {
  const geometry =
    row.lat === null || row.lon === null
      ? null
      : { type: 'Point' as const, coordinates: [row.lon as number, row.lat as number] as [number, number] };
  return { type: 'Feature', id: row.id as string, geometry, properties: row };
}

/** The items of a store stream, each read under the signal (the engine stops when it fires). */
async function* underSignal<T>(stream: AsyncIterable<T>, signal?: AbortSignal): AsyncGenerator<T> {
  const it = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      const r = await runWithSignal(signal, () => it.next());
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await it.return?.();
  }
}

type TextFormat = Exclude<ExportFormat, 'xlsx' | 'parquet'>;

/** How the engine writes each row of a text format (store.ts EventTextForm). */
const FORM: Record<TextFormat, EventTextForm> = {
  csv: 'csv',
  ndjson: 'json',
  json: 'json',
  geojson: 'feature',
};

/** Writes every event matching the query to the sink in a format; returns the rows written. */
export async function exportEvents(
  store: Store,
  q: EventStreamQuery,
  format: ExportFormat,
  sink: ExportSink,
  opts: ExportOptions = {},
): Promise<number> {
  if (format === 'parquet') return exportParquet(store, q, sink, opts);
  if (format === 'xlsx') return exportXlsx(store, q, sink, opts);
  let n = 0;
  const columns = opts.original ? [...COLUMNS, 'original'] : COLUMNS;
  const hxl = [...EVENT_SUMMARY_COLUMNS.map((c) => c.hxl), ...(opts.original ? ['#meta+record'] : [])];
  const head: Record<TextFormat, string> = {
    csv: csvRecords([columns]) + (opts.hxl ? csvRecords([hxl]) : ''),
    ndjson: '',
    json: '[',
    geojson: `{"type":"FeatureCollection",${opts.total !== undefined ? `"total":${opts.total},` : ''}${opts.about ? `"meta":${JSON.stringify(opts.about)},` : ''}"features":[`,
  };
  await sink.write(head[format]);
  // The engine writes each row's text (a CSV record with its newline, or a JSON text): here they are
  // only concatenated, a chunk of rows to a write (`+=` builds a rope that the write flattens once:
  // a third faster than Array.join here).
  const texts = opts.original
    ? withOriginals(store, underSignal(store.streamEventTextWithSource(q, FORM[format]), opts.signal), format)
    : underSignal(store.streamEventText(q, FORM[format]), opts.signal);
  for await (const rows of texts) {
    let text = '';
    if (format === 'csv') for (const r of rows) text += r;
    else if (format === 'ndjson') for (const r of rows) text += r + '\n';
    else for (const r of rows) text += (n || text ? ',\n' : '\n') + r;
    n += rows.length;
    await sink.write(text);
  }
  if (format === 'json') await sink.write(n ? '\n]\n' : ']\n');
  if (format === 'geojson') await sink.write(n ? '\n]}\n' : ']}\n');
  return n;
}

/**
 * Export rows with their original records added (see ExportOptions.original), a batch at a time:
 * each batch's records are read from the archive file by file, in file order.
 */
async function* withOriginals(
  store: Store,
  batches: AsyncIterable<SourcedText[]>,
  format: TextFormat,
): AsyncGenerator<string[]> {
  for await (const rows of batches) {
    const originals = await originalRecords(
      store,
      rows.map((r) => ({
        // The id only matters for an event stored before the archive (rare): read from the row's text then.
        id: r.fileSha256 === null ? idOfRow(r.text, format) : '',
        fileSha256: r.fileSha256,
        recordNo: r.recordNo,
      })),
    );
    yield rows.map((r, i) => {
      const o = originals[i] ?? null;
      if (format === 'csv') return `${r.text.slice(0, -1)},${csvRecords([[o?.text ?? '']])}`;
      const json = JSON.stringify(o?.fields ?? null);
      // A Feature's text ends with its properties' brace and its own: the record goes in the properties.
      return format === 'geojson'
        ? `${r.text.slice(0, -2)},"original":${json}}}`
        : `${r.text.slice(0, -1)},"original":${json}}`;
    });
  }
}

/** The event id of an export row's text (the first CSV cell, or the JSON object's or Feature's `id`). */
function idOfRow(text: string, format: TextFormat): string {
  if (format === 'csv') return String((parseCsv(text)[0] ?? [])[0] ?? '');
  return String((JSON.parse(text) as { id?: unknown }).id ?? '');
}

/** The exact texts of source records, in the order given (null where none is kept). */
const originalTexts = async (store: Store, records: readonly SourceRecordRef[]) =>
  (await originalRecords(store, records)).map((o) => o?.text ?? null);

/**
 * The engine writes the Parquet file in a temporary folder; its bytes then go to the sink. With the
 * original records, a last column `original` (VARCHAR) holds each one's exact text, as CSV's does.
 */
async function exportParquet(
  store: Store,
  q: EventStreamQuery,
  sink: ExportSink,
  { signal, about, original }: ExportOptions,
): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'faultline-export-'));
  try {
    const path = join(dir, 'events.parquet');
    const n = await runWithSignal(signal, () =>
      store.writeEventsParquet(
        q,
        COLUMNS,
        path,
        about && { faultline: JSON.stringify(about) },
        original ? (records) => originalTexts(store, records) : undefined,
      ),
    );
    for await (const chunk of createReadStream(path)) await sink.write(chunk as Buffer);
    return n;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// A worksheet holds at most 1,048,576 rows: longer exports go on to further sheets.
const ROWS_PER_SHEET = 1_000_000;

// Characters XML 1.0 cannot hold, which exceljs leaves out of a cell without a word.
// eslint-disable-next-line no-control-regex
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

// The workbook's created and modified dates and its zip entries' times, fixed so that the same
// export gives the same bytes twice (exceljs stamped the time of writing in both): 1980-01-01, the
// earliest time a zip entry holds, as reproducible builds date their archives.
const FIXED_TIME = new Date(Date.UTC(1980, 0, 1));

type WorkbookWriter = InstanceType<(typeof import('exceljs'))['stream']['xlsx']['WorkbookWriter']>;
type WriterOptions = ConstructorParameters<(typeof import('exceljs'))['stream']['xlsx']['WorkbookWriter']>[0];

/** The slice of exceljs's streaming writer its types leave out: the archiver each zip entry goes to. */
interface ZipAppender {
  append(source: unknown, data: { name: string; date?: Date }): unknown;
}

/**
 * A streaming workbook writer whose zip entries and document properties all bear FIXED_TIME. Its
 * constructor adds the theme and the package's relations at once, before an instance's archiver can
 * be given a date: they are added again here, once it has been.
 */
function fixedTimeWorkbook(
  Writer: new (options: WriterOptions) => WorkbookWriter,
  options: WriterOptions,
): WorkbookWriter {
  class FixedTimeWriter extends Writer {
    constructor(o: WriterOptions) {
      super(o);
      const zip = (this as unknown as { zip: ZipAppender }).zip;
      const append = zip.append.bind(zip);
      zip.append = (source, data) => append(source, { ...data, date: FIXED_TIME });
      this.created = FIXED_TIME;
      this.modified = FIXED_TIME;
      this.creator = 'faultline';
      this.lastModifiedBy = 'faultline';
      (this as unknown as { promise: Promise<unknown> }).promise = Promise.all([
        Writer.prototype.addThemes.call(this),
        Writer.prototype.addOfficeRels.call(this),
      ]);
    }
    // Called by the constructor above before its archiver dates entries: added in it afterwards.
    override addThemes(): Promise<void> {
      return Promise.resolve();
    }
    override addOfficeRels(): Promise<void> {
      return Promise.resolve();
    }
  }
  return new FixedTimeWriter(options);
}

// The most characters an Excel cell holds (Excel's specifications and limits), counted in UTF-16
// code units as Excel's LEN and JavaScript's length both count them.
export const XLSX_CELL_MAX = 32_767;

/**
 * Each summary's original record's exact text, checked to fit a cell: a longer record refuses the
 * export (a cell cut short, or a record split over cells, would pass for the whole record).
 */
async function xlsxOriginals(store: Store, rows: readonly EventSummary[]): Promise<(string | null)[]> {
  const texts = await originalTexts(
    store,
    rows.map((r) => ({
      id: String(r.id),
      fileSha256: (r.file_sha256 as string | null) ?? null,
      recordNo: (r.record_no as number | null) ?? null,
    })),
  );
  texts.forEach((t, i) => {
    if (t !== null && t.length > XLSX_CELL_MAX)
      throw new InvalidInputError(
        `cannot export the original record of ${quoteValue(String(rows[i]!.id))} to xlsx: ${grouped(t.length)} characters, over the ${grouped(XLSX_CELL_MAX)} an Excel cell holds (csv, ndjson, json, geojson and parquet hold it whole)`,
      );
  });
  return texts;
}

/**
 * Refuses, before an xlsx export writes its first byte, a matching event whose original record is
 * longer than a cell holds, as xlsxOriginals refuses it: written to standard output, the refusal
 * came after the zip's first entries and rows, which a pipe cannot take back (`--output` writes
 * beside the file and removes it). A first pass over the matching events reads each archived
 * record's length from the archive's index alone (in bytes: a record of at most 32,767 bytes has
 * at most as many UTF-16 code units), and the text of a longer one only, or of one stored before
 * the archive (rare).
 */
async function refuseLongOriginals(store: Store, q: EventStreamQuery, signal?: AbortSignal): Promise<void> {
  for await (const rows of underSignal(store.streamEventSummaries(q), signal)) {
    const bytes: (number | null)[] = rows.map(() => null);
    const byFile = new Map<string, number[]>();
    rows.forEach((r, i) => {
      const sha = (r.file_sha256 as string | null) ?? null;
      if (sha === null || r.record_no === null || r.record_no === undefined) return;
      const at = byFile.get(sha);
      if (at) at.push(i);
      else byFile.set(sha, [i]);
    });
    for (const [sha, at] of byFile) {
      const lengths = await store.archive.recordLengths(
        sha,
        at.map((i) => rows[i]!.record_no as number),
      );
      at.forEach((i, j) => (bytes[i] = lengths[j]!));
    }
    const unsure = rows.filter((_, i) => bytes[i] === null || bytes[i]! > XLSX_CELL_MAX);
    if (unsure.length) await xlsxOriginals(store, unsure);
  }
}

/** exceljs's streaming workbook writer: rows are committed as they come and zipped on the way. */
async function exportXlsx(
  store: Store,
  q: EventStreamQuery,
  sink: ExportSink,
  { signal, about, original }: ExportOptions,
): Promise<number> {
  if (original) await refuseLongOriginals(store, q, signal);
  const { default: ExcelJS } = await import('exceljs');
  const pass = new PassThrough();
  let failed: unknown = null;
  const pump = (async () => {
    for await (const chunk of pass) await sink.write(chunk as Buffer);
  })().catch((e: unknown) => {
    // The reader went away: stop reading the store at the next batch.
    failed = e;
    pass.resume();
  });
  const wb = fixedTimeWorkbook(ExcelJS.stream.xlsx.WorkbookWriter, {
    stream: pass,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = (i: number) => {
    const ws = wb.addWorksheet(i ? `events ${i + 1}` : 'events');
    ws.columns = (original ? [...COLUMNS, 'original'] : COLUMNS).map((c) => ({ header: c, key: c }));
    return ws;
  };
  let ws = sheet(0);
  let n = 0;
  let stripped = 0;
  try {
    for await (const rows of underSignal(store.streamEventSummaries(q), signal)) {
      if (failed) throw failed;
      const originals = original ? await xlsxOriginals(store, rows) : null;
      for (const [k, r] of rows.entries()) {
        if (n && n % ROWS_PER_SHEET === 0) {
          ws.commit();
          ws = sheet(n / ROWS_PER_SHEET);
        }
        const cells = COLUMNS.map((c) => (Array.isArray(r[c]) ? (r[c] as unknown[]).join('; ') : r[c]));
        if (originals) cells.push(originals[k] ?? null);
        for (const v of cells) if (typeof v === 'string' && NOT_IN_XML.test(v)) stripped++;
        ws.addRow(cells).commit();
        n++;
      }
      // Let the zip stream drain what this batch produced before reading the next.
      await new Promise((r) => setImmediate(r));
    }
    ws.commit();
    if (about) {
      const info = wb.addWorksheet('about');
      info.columns = [
        { header: 'about', key: 'about', width: 18 },
        { header: 'value', key: 'value', width: 100 },
      ];
      for (const row of aboutRows(about)) info.addRow(row).commit();
      if (stripped)
        info
          .addRow([
            'note',
            `${counted(stripped, 'cell')} held control characters (U+0000 to U+001F but tab, newline and carriage return) that an xlsx file cannot hold: they are left out of ${stripped === 1 ? 'it' : 'them'} here; csv, ndjson, json and parquet keep them`,
          ])
          .commit();
      info.commit();
    }
    await wb.commit();
  } finally {
    pass.end();
    await pump;
  }
  return n;
}
