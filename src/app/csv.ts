/**
 * Every CSV the API and the CLI write from rows in JavaScript, through csv-stringify: RFC 4180
 * quoting (a cell holding a comma, a quote, CR or LF is quoted, its quotes doubled), and
 * `escape_formulas`, which prefixes a quote to cells a spreadsheet would run as a formula (starting
 * with = + - @, a tab or CR, or the full-width = + - @ that Apple Numbers reads as those), per
 * OWASP's CSV-injection advice, sparing text that is a plain negative number. Event exports write
 * their rows in SQL instead, for speed (storage/duckdb/duckdb-event-text.ts), by the same rules
 * (test/e2e/exports-and-filters.test.ts compares them byte for byte).
 */
import { createRequire } from 'node:module';
import type { CastReturnObject } from 'csv-stringify';
import type { Options, stringify as Stringify } from 'csv-stringify/sync';

// csv-stringify is loaded when the first CSV is written, not with this module: the CLI's output
// module imports this one, and `faultline --help` loads no npm package (test/e2e/bin.test.ts).
let stringifier: typeof Stringify | undefined;
const stringify: typeof Stringify = (input, options) =>
  (stringifier ??= (createRequire(import.meta.url)('csv-stringify/sync') as { stringify: typeof Stringify })
    .stringify)(input, options);

// A plain negative number written as text ("-12", "-0.5"): a spreadsheet reads it as a number,
// never a formula, so it is kept as is (csv-stringify spares only cells that are numbers).
const NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;

/**
 * A cell's text. A cast may answer options of its own cell (csv-stringify's `cast` docs); its type
 * lists only some of them, but every option is merged, `escape_formulas` too.
 */
const cellText = (s: string): string | CastReturnObject =>
  NEGATIVE_NUMBER.test(s) ? ({ value: s, escape_formulas: false } as CastReturnObject) : s;

/**
 * csv-stringify's options for faultline's CSV: null and undefined are empty, booleans `true` and
 * `false` (not csv-stringify's 1 and empty), lists joined with `; `, other objects as JSON (a Date
 * as the JSON text of it, quotes and all, as every other object), formulas escaped.
 */
const OPTIONS: Options = {
  escape_formulas: true,
  cast: {
    string: cellText,
    boolean: (v) => String(v),
    date: (v) => cellText(JSON.stringify(v)),
    object: (v) => cellText(Array.isArray(v) ? v.join('; ') : JSON.stringify(v)),
  },
};

/** CSV records of rows of cells, each ending in a newline. */
export function csvRecords(rows: readonly (readonly unknown[])[]): string {
  return stringify(rows as unknown[][], OPTIONS);
}

/** One CSV cell, escaped and quoted as csvRecords writes it. */
export function csvCell(v: unknown): string {
  return csvRecords([[v]]).slice(0, -1);
}

/** Renders rows as CSV with a header line; columns default to the first row's keys. */
export function csvTable(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  // Cells are read by key here (csv-stringify's `columns` would read `a.b` as a path into `a`).
  return csvRecords([cols, ...rows.map((r) => cols.map((c) => r[c]))]);
}
