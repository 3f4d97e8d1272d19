import type { EventGeo } from './event-columns.ts';
import type { PlacementInput } from '../domain/placed-event.ts';

/** Parameters of the UCDP mapper that live with the format (ingest/ucdp-ged/ucdp-ged-schema.ts). */
export interface UcdpMapperParams {
  violenceTypes: Readonly<Record<string, string>>;
  datePrecision: Readonly<Record<number, string>>;
  exactWherePrec: number;
}

/** Parameters of the ACLED mapper that live with the format (ingest/acled/acled-schema.ts). */
export interface AcledMapperParams {
  commonTypes: Readonly<Record<string, string>>;
  timePrecision: Readonly<Record<number, string>>;
  exactGeoPrecision: number;
}

/** Parameters of the generic column-mapped CSV mapper: the mapping file (ingest/csv-mapped/csv-mapped-schema.ts). */
export interface CsvMappedMapperParams {
  /** The dataset name, the prefix of every source id (`<dataset>:<id>`). */
  dataset: string;
  /** Canonical field -> the header column it is read from (lower-cased, as headers are). */
  columns: Readonly<Record<string, string>>;
  /** Canonical field -> the column as the mapping spells it, which rejections name. */
  fieldNames: Readonly<Record<string, string>>;
  /** Canonical field -> the value of a field the mapping names no column for. */
  constants: Readonly<Record<string, string>>;
  /** Source type -> common type; other types are `other`. */
  typeMap: Readonly<Record<string, string>>;
  /** Largest geo precision still exact enough to place, or null: every point with both coordinates is. */
  exactGeoPrecision: number | null;
}

/**
 * Parameters of the published-statistics mappers, whose rows become statistics, not events: the
 * report table (ingest/statistics/statistics-schema.ts) and the indicator series
 * (ingest/series/series-schema.ts), whose fields may be written under any of their names.
 */
export interface StatisticsMapperParams {
  /** Qualifiers a figure may carry (the first is the default of the series layout and of an empty cell). */
  qualifiers: readonly string[];
}

/** Parameters of the indicator-series mapper. */
export interface SeriesMapperParams extends StatisticsMapperParams {
  /** Each field's names, the canonical one first: the first of them the header holds is read. */
  fields: Readonly<Record<string, readonly string[]>>;
  /** Fields every row must give, in the order they are checked. */
  required: readonly string[];
  /** Largest magnitude a value may have. */
  maxValue: number;
}

/** A mapper the engine runs natively over a parsed file, named so the port stays engine-neutral. */
export type NativeMapper =
  | { name: 'ucdp'; params: UcdpMapperParams }
  | { name: 'acled'; params: AcledMapperParams }
  | { name: 'csv-mapped'; params: CsvMappedMapperParams }
  | { name: 'statistics'; params: StatisticsMapperParams }
  | { name: 'series'; params: SeriesMapperParams }
  | { name: 'dyad-index'; params: DyadIndexMapperParams };

/** Parameters of the daily dyad index mapper (ingest/dyad-index/dyad-index-schema.ts). */
export interface DyadIndexMapperParams {
  /** Largest magnitude a daily value may have. */
  maxValue: number;
}

/** A mapper whose rows are published statistics (the import stages them for the statistics table). */
export type StatisticsMapper = Extract<NativeMapper, { name: 'statistics' | 'series' }>;

/** A mapper whose rows are not events (statistics, dyad index days): each kind has its own table. */
export type TableMapper = Extract<NativeMapper, { name: 'statistics' | 'series' | 'dyad-index' }>;

/** Whether a native mapper gives rows of another table than events. */
export const mapsOtherTable = (m: NativeMapper): m is TableMapper =>
  m.name === 'statistics' || m.name === 'series' || m.name === 'dyad-index';

/** How a delimited file is laid out, read once from its header by the caller. */
export interface DelimitedLayout {
  path: string;
  /** Header names, lower-cased, in order. */
  header: readonly string[];
  delimiter: string;
  newline: '\n' | '\r\n';
  /**
   * Read with DuckDB's reader on one thread (`parallel = false`). DuckDB 1.5's parallel CSV reader,
   * keeping refused rows, dropped one record right after the 16 MiB mark of a 20 MB GED file
   * (2026-12-07): an import whose count disagrees reads the file again this way.
   */
  serial?: boolean;
}

/** A row the engine's parser refused, as the engine reports it. */
export interface ParserReject {
  /** Where the engine says the refused row starts (DuckDB: \`line_byte_position\`; its line numbers are unreliable). */
  byte: number;
  /** The start of the row's text as the engine read it, to check that the row is placed right. */
  text: string;
  reason: string;
}

/** Where each record of the file lies (ingest's RecordIndex satisfies it). */
export interface RecordLocator {
  readonly length: number;
  start(k: number): number;
  end(k: number): number;
  line(k: number): number;
}

/** What a placement needs of an event. */
export type PlaceInput = PlacementInput;

/**
 * Lookups that need JavaScript, run once per distinct value and joined back as small tables.
 * Date-dependent ones say at which dates their answer can change, so values are grouped by those.
 */
export interface NativeLookups {
  /** The country of a record from two texts (code, name), the first tried first. */
  country(first: string | null, second: string | null): string | null;
  actorIds(names: (string | null)[], date: string): string[];
  actorDateBreaks: readonly string[];
  place(p: PlaceInput): EventGeo;
  placeDateBreaks: readonly string[];
}

/** What mapping a natively parsed file gave. */
export interface NativeMapResult {
  accepted: number;
  rejected: number;
  metadata: number;
  warnings: number;
  lastDate: string | null;
  /** The events went straight into the store (no stored row of the source could match): nothing to diff at commit. */
  direct: boolean;
}

/** A parsed file's records: the data records the engine gave and the ones its parser refused. */
export interface StagedFile {
  parsed: number;
  parserRejects: ParserReject[];
}

/**
 * An NDJSON file staged by the engine (one row per non-blank line, each key a text column), or why it
 * must be read the JavaScript way.
 */
export interface StagedNdjson extends StagedFile {
  /** Every key the file's objects hold, in order of first appearance: the columns, as a header is. */
  keys: string[];
  /** Lines the engine read that are not JSON objects, by their position among the rows it gave (from 0). */
  notObjects: number[];
  /** Why the file must be read the JavaScript way (a value the engine would print otherwise), or null. */
  unsafe: string | null;
}

/** The engine read a record otherwise than the JavaScript reader does: the file is to be read the JavaScript way. */
export class EngineReadDiffers extends Error {}

/** What mapping a staged NDJSON file adds: JavaScript's reading of a line, to check sampled rows against. */
export interface NdjsonMapping {
  /** A line's fields as the JavaScript reader gives them (values as text), or null when it is no JSON object. */
  fields(text: string): Record<string, string> | null;
}

/** What mapping a staged file natively needs: the mapper, the file, its record index and the lookups. */
export interface MapStagedOptions {
  mapper: NativeMapper;
  layout: DelimitedLayout;
  source: string;
  fileSha256: string;
  locator: RecordLocator;
  /** The rows the parser refused, placed on their records. */
  parserRejects: (ParserReject & { recordNo: number })[];
  /** Rows the parser read but that are faulty as records (a field count the parser hid), rejected with this reason. */
  rowFaults?: { recordNo: number; reason: string }[];
  lookups: NativeLookups;
  /** The dataset version when it is known before mapping (from the file name or the caller). */
  version?: string;
  /** Whether the file may hold a NUL byte (default true); false skips the per-field NUL test. */
  nulBytes?: boolean;
  /**
   * Set for an NDJSON file staged by `stageNdjson` (its keys are `layout.header`): records are numbered
   * from 0, the record hash is the line's, and sampled rows are checked against JavaScript's reading.
   */
  ndjson?: NdjsonMapping;
  /** Write the accepted rows straight into the store when no stored event of the source exists (a first import: nothing to diff). */
  direct?: boolean;
  /** Files of at most this many bytes have their mapping planned without DuckDB's optimizer (default 2 MiB; -1 never). */
  unoptimizedUpToBytes?: number;
}

/**
 * What reading a delimited file straight into the store needs: the mapping's options, with the record
 * index still being built by the independent count (awaited only for rejected rows, after mapping).
 */
export interface DirectImportOptions extends Omit<MapStagedOptions, 'locator' | 'parserRejects'> {
  /** Where each record lies, once the independent count is done. */
  locator: Promise<RecordLocator>;
  /** Places the rows the parser refused on their records (waits for the count). */
  placeRejects(rejects: ParserReject[]): Promise<(ParserReject & { recordNo: number })[]>;
  /** Files at least this many bytes are numbered by key (a hash of each record's id), the mapping in parallel (default 64 MiB). */
  parallelFromBytes?: number;
}

/** What a direct import gave: the mapping's counts and what the parser read and refused. */
export interface DirectImportResult extends NativeMapResult {
  /** Data rows the parser gave. */
  parsed: number;
  /** Rows the parser refused. */
  parserRejected: number;
  /**
   * How the rows got their record numbers: `key` (in parallel, each row placed by a hash of its id
   * column, or of all its fields for a format without one), or `order` (one thread, in reading order).
   */
  numberedBy: 'key' | 'order';
}
