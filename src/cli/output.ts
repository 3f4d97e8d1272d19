import { grouped } from '../domain/format-number.ts';
import { counted } from '../domain/plural.ts';
import { csvTable } from '../app/csv.ts';
import { parseChoice } from '../domain/choice.ts';
import { readable } from '../domain/readable.ts';
import { cutToWidth, drawTable, type Align } from './text-table.ts';

/** Characters that reorder the text after them: bidi embeddings, overrides and isolates. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/g;

/** Output formats shared by every listing command. */
export type OutputFormat = 'table' | 'csv' | 'json' | 'ndjson';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json', 'ndjson'];

/**
 * Renders rows (plain objects with the same keys) in the chosen format; tables (cli/text-table.ts) round
 * numbers (domain/readable.ts) and right-align them.
 * `whole` names the formats of the command that give a cut cell whole (`json` where it takes no csv).
 */
export function render(
  objects: readonly object[],
  format: OutputFormat,
  columns?: string[],
  whole = 'csv or json',
): string {
  // Answer types are interfaces without an index signature; a row is read by its keys.
  const rows = objects as readonly Record<string, unknown>[];
  const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  // No rows and no columns named: nothing to draw (not two empty lines); the command says why.
  if (!cols.length && (format === 'table' || format === 'csv')) return '';
  switch (format) {
    case 'json':
      return JSON.stringify(rows, null, 2) + '\n';
    case 'ndjson':
      return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
    case 'csv':
      // The API's writer, so `--format csv` gives its bytes (docs/cli.md).
      return csvTable(rows, cols);
    case 'table': {
      let cut = 0;
      const cell = (v: unknown, c: string) => {
        const text = (
          v === null || v === undefined
            ? ''
            : Array.isArray(v)
              ? v.join('; ')
              : typeof v === 'number'
                ? readable(v, c)
                : String(v)
        )
          .replace(/\s+/g, ' ')
          // Data and names reach the terminal: an escape sequence in a place name or a rule's name
          // (it recoloured the terminal, or could rewrite what it shows) is a `?`, as in messages.
          // eslint-disable-next-line no-control-regex -- control characters are what is replaced
          .replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')
          // A bidi embedding, override or isolate (U+202A-U+202E, U+2066-U+2069) in prose that keeps
          // it (a headline, a quote: domain/invisible.ts) turned the rest of the row around: shown
          // as its escape, as a refusal quotes it.
          .replace(BIDI_CONTROL, (ch) => `\\u${ch.codePointAt(0)!.toString(16)}`);
        const shown = cutToWidth(text, MAX_CELL);
        if (shown !== text) cut++;
        return shown;
      };
      const cells = rows.map((r) => cols.map((c) => cell(r[c], c)));
      // A column of numbers (empty cells aside) is right-aligned, header too, so digits line up.
      const align = cols.map((c): Align =>
        rows.some((r) => r[c] != null) && rows.every((r) => r[c] == null || typeof r[c] === 'number')
          ? 'right'
          : 'left',
      );
      return drawTable(cols, cells, align) + (cut ? cutNote(cut, whole) + '\n' : '');
    }
  }
}

/**
 * Longest table cell, in display columns (a CJK character or an emoji takes two); longer ones end in
 * `…` and the table says how many were cut.
 */
export const MAX_CELL = 48;

/** The line under a table whose cells were cut, naming the formats that give them whole. */
export const cutNote = (n: number, whole = 'csv or json') =>
  `(${counted(n, 'cell')} cut at ${MAX_CELL} characters, ending in …: --format ${whole} gives every value whole)`;

/**
 * What cut a paged list, for its note: the `--offset` and `--limit` given, or a table's own cap
 * ("--offset 10, a table shows 1000"); empty when nothing given cut it.
 */
export function cutByOptions(
  o: { offset?: unknown; limit?: unknown },
  format: string,
  tableRows: number,
): string {
  return [
    o.offset !== undefined ? `--offset ${String(o.offset)}` : '',
    o.limit !== undefined
      ? `--limit ${String(o.limit)}`
      : format === 'table'
        ? `a table shows ${grouped(tableRows)}`
        : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * Checks the `--format` of a command that reports one result rather than rows: `text` (or the
 * command's own first choice, such as `table`) for people, `json` for scripts.
 */
export function textOrJson<T extends string>(v: string, text: T): T | 'json' {
  return parseChoice('format', v, [text, 'json' as const]);
}

/** Prints an answer as indented JSON, as every `--format json` does. */
export const asJson = (answer: unknown) => JSON.stringify(answer, null, 2) + '\n';

/** Checks a `--format` value. */
export function outputFormat(v: string): OutputFormat {
  return parseChoice('format', v, OUTPUT_FORMATS);
}
