import type { Event, SourceId } from '../domain/event.ts';
import type { DyadIndexDay } from '../domain/dyad-index.ts';
import type { Statistic } from '../domain/statistic.ts';

/** Formats faultline can import; `--format` takes these names. */
export type FormatId =
  | 'ucdp-ged'
  | 'ucdp-candidate'
  | 'ucdp-api'
  | 'acled-csv'
  | 'acled-api'
  | 'statistics'
  | 'csv-mapped'
  | 'series'
  | 'dyad-index';

export const FORMAT_IDS: readonly FormatId[] = [
  'ucdp-ged',
  'ucdp-candidate',
  'ucdp-api',
  'acled-csv',
  'acled-api',
  'statistics',
  'csv-mapped',
  'series',
  'dyad-index',
];

/** A source row that could not be accepted, with where and why. */
export interface Rejection {
  line: number;
  field: string | null;
  value: string | null;
  reason: string;
  raw: string;
}

/** What mapping one source record gave. `metadata` rows (HXL tag rows) are neither data nor errors. */
export type Mapped<T> =
  | { ok: true; value: T; warnings: string[] }
  | { ok: false; field: string | null; value: string | null; reason: string }
  | { ok: 'metadata'; why: string };

/** A record-level reader of one source format: detection, versioning and mapping to the domain. */
export interface SourceFormat<T extends Event | Statistic | DyadIndexDay = Event | Statistic | DyadIndexDay> {
  id: FormatId;
  /** What the rows become: events, published statistics (and indicator series) or days of a dyad index. */
  kind: T extends Event ? 'events' : T extends Statistic ? 'statistics' : 'dyad-index';
  source: SourceId | 'statistics' | 'gdelt-dyad-index';
  /** Columns that must be in the header. */
  requiredColumns: readonly string[];
  /** For formats whose columns have several names: what a header lacks (checked when the format is forced). */
  missingColumns?(header: readonly string[]): string[];
  /**
   * How strongly a header (and, for delimited files, its first data record) looks like this format:
   * 0 = not at all. Delimited formats never decide by the file name (an upload may be named anything);
   * NDJSON downloads written by `faultline fetch` may, since their name is written by faultline.
   */
  detect(header: readonly string[], fileName: string, first?: Readonly<Record<string, string>>): number;
  /** The dataset version the file holds, when the file name or header says; `inferred` when guessed. */
  version(fileName: string): { version: string; inferred: boolean } | null;
  /**
   * The period the release declares it covers (docs/importing.md, "Coverage"): GED NN.1 covers
   * 1989-01-01 to the end of 20(NN-1), a Candidate file its months, an ACLED export the dates in
   * its name. Null when nothing is declared: the store then takes the first event's start to the
   * last event's end.
   */
  declaredCoverage?(fileName: string, version: string): { from: string; to: string } | null;
  /** The version to record when the file name does not say, from the last date the file covers. */
  inferVersion?(lastDate: string): string;
  /** The field delimiter of its files when the format sets one (a mapping file may), else ','. */
  delimiter?: string;
  /** A full release of its scope: stored rows of the source missing from it (within its dates and countries) are removed. */
  fullRelease: boolean;
  /**
   * A format configured by a file (the generic CSV's mapping): the dataset its rows belong to (their
   * source ids start with `<dataset>:`) and the sha256 of the normalised mapping. The same bytes read
   * with another mapping are another import; full releases and versions are scoped to the dataset.
   */
  mapped?: { dataset: string; mappingSha256: string };
  /**
   * A mapper the store can run natively over a whole delimited file (same checks and values as `map`),
   * when its engine offers native imports.
   */
  native?:
    | {
        name: 'ucdp';
        params: {
          violenceTypes: Record<string, string>;
          datePrecision: Record<number, string>;
          exactWherePrec: number;
        };
      }
    | {
        name: 'acled';
        params: {
          commonTypes: Record<string, string>;
          timePrecision: Record<number, string>;
          exactGeoPrecision: number;
        };
      }
    | {
        name: 'csv-mapped';
        params: {
          dataset: string;
          columns: Record<string, string>;
          fieldNames: Record<string, string>;
          constants: Record<string, string>;
          typeMap: Record<string, string>;
          exactGeoPrecision: number | null;
        };
      }
    | { name: 'statistics'; params: { qualifiers: readonly string[] } }
    | {
        name: 'series';
        params: {
          qualifiers: readonly string[];
          fields: Readonly<Record<string, readonly string[]>>;
          required: readonly string[];
          maxValue: number;
        };
      }
    | { name: 'dyad-index'; params: { maxValue: number } };
  /** Maps one record (column name -> raw text) to a domain object, or says why not. */
  map(record: Readonly<Record<string, string>>, version: string): Mapped<T>;
}

/** Shorthand for a rejection result. */
export function reject(field: string | null, value: string | null, reason: string): Mapped<never> {
  return { ok: false, field, value, reason };
}
