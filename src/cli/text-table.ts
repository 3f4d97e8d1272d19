/**
 * The CLI's tables, drawn by cli-table3 and measured in display columns by string-width (the
 * measure cli-table3 lays its columns out with): a CJK character or an emoji takes two columns, a
 * combining accent none, so the columns after such a cell line up with the other rows' (padding by
 * UTF-16 length shifted them). string-width 4, which cli-table3 0.6.5 requires, gives a column to
 * marks outside U+0300-U+036F that take none (U+200F, U+200C, Arabic vowel signs: docs/cli.md#tables).
 */
import { createRequire } from 'node:module';
import type CliTable3 from 'cli-table3';
import type StringWidth from 'string-width';

/** The slice of cli-table3 and string-width the CLI uses. */
interface TableLibs {
  Table: CliTable3;
  width: typeof StringWidth;
}

// Both are loaded when the first table is drawn, not with this module: the CLI's output module
// imports this one, and `faultline --help` loads no npm package (test/e2e/bin.test.ts).
let libs: TableLibs | undefined;
function load(): TableLibs {
  if (libs) return libs;
  const require = createRequire(import.meta.url);
  return (libs = {
    Table: require('cli-table3') as CliTable3,
    width: require('string-width') as typeof StringWidth,
  });
}

/** How a column's cells sit in it: numbers to the right, so their digits line up. */
export type Align = 'left' | 'right';

// Printable ASCII takes one column a character: most cells need no measuring, which cost a table of
// 1,000 rows a third of a second.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** A string's width in terminal columns. */
export const displayWidth = (text: string): number =>
  PRINTABLE_ASCII.test(text) ? text.length : load().width(text);

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The text cut to at most `columns` display columns, ending in `…` when it was longer; cut between
 * graphemes, so an accent stays with its letter and a flag or a surrogate pair is never split.
 */
export function cutToWidth(text: string, columns: number): string {
  if (PRINTABLE_ASCII.test(text)) return text.length <= columns ? text : `${text.slice(0, columns - 1)}…`;
  // No UTF-16 unit takes more than two columns.
  if (text.length * 2 <= columns || displayWidth(text) <= columns) return text;
  let kept = '';
  let width = 0;
  for (const { segment } of graphemes.segment(text)) {
    width += displayWidth(segment);
    if (width > columns - 1) break;
    kept += segment;
  }
  return `${kept}…`;
}

/** Rows drawn by one cli-table3 table: its layout takes time in the square of its cells (below). */
const BLOCK_ROWS = 50;

/**
 * A borderless table: the header, a line of dashes as wide as each column, one line a row; two
 * spaces between columns, no trailing spaces and no colour codes, each line ending in a newline.
 */
export function drawTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[],
): string {
  const { Table } = load();
  // cli-table3's layout compares every cell with every other (cli-table/cli-table3 issue 68): 1,000
  // rows of 15 columns took 1.8 s as one table. Blocks of rows, each a table of its own with every
  // column's width fixed to the widest cell of all rows, line up as one and took 0.5 s.
  const colWidths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
  const style = { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0 };
  const lines: string[] = [];
  for (let at = 0; at === 0 || at < rows.length; at += BLOCK_ROWS) {
    const block = rows.slice(at, at + BLOCK_ROWS);
    // The first block has the header. cli-table3 draws the `mid` line under it only with rows
    // below (style.compact); with none, the dashes are its `bottom` line, which would otherwise
    // close every block under its last row.
    const under =
      at > 0 ? {} : block.length ? { mid: '-', 'mid-mid': '  ' } : { bottom: '-', 'bottom-mid': '  ' };
    const table = new Table({
      ...(at === 0 ? { head: [...head] } : {}),
      colWidths,
      colAligns: [...align],
      chars: { ...NO_BORDER, middle: '  ', ...under },
      style,
    });
    table.push(...block.map((r) => [...r]));
    // The last column is padded to its width like the others; a line ends at its last character.
    lines.push(
      ...table
        .toString()
        .split('\n')
        .map((l) => l.trimEnd()),
    );
  }
  return lines.join('\n') + '\n';
}

const NO_BORDER = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '',
};
