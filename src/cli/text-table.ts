/**
 * The CLI's tables: borderless, measured in display columns by string-width. A CJK character or an
 * emoji takes two columns, a combining accent none, so the columns after such a cell line up with the
 * other rows' (padding by UTF-16 length shifted them). Marks that take no column are not measured
 * (below): string-width 4 gave one to each mark outside U+0300-U+036F, such as the right-to-left mark,
 * the zero-width non-joiner and the Arabic vowel signs of Urdu, Pashto and Persian text.
 *
 * The lines are padded here rather than laid out by cli-table3, which drew them until 2026-12-07:
 * with no border, no colour, no wrapping and no spans, a table is each cell padded to its column's
 * width, and cli-table3 measured every cell several times through strip-ansi (a new regular
 * expression per call) and compared every cell with every other: 0.5-0.8 s of CPU for a 1,000-row
 * page of 15 columns, and about a sixth of a `series` command's time. src/cli/text-table.test.ts
 * draws the same tables with cli-table3 (kept as a development dependency) and compares them byte
 * for byte, wherever the two measure a cell alike.
 */
import { createRequire } from 'node:module';
import type StringWidth from 'string-width';

// Loaded when the first cell that is not printable ASCII is measured, not with this module: the
// CLI's output module imports this one, and `faultline --help` loads no npm package
// (test/e2e/bin.test.ts).
let stringWidth: typeof StringWidth | undefined;
const width = (text: string): number =>
  (stringWidth ??= createRequire(import.meta.url)('string-width') as typeof StringWidth)(text);

/** How a column's cells sit in it: numbers to the right, so their digits line up. */
export type Align = 'left' | 'right';

// Printable ASCII takes one column a character: most cells need no measuring, which cost a table of
// 1,000 rows a third of a second.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Marks that take no column in a terminal (wcwidth's zero): nonspacing and enclosing marks (an Arabic
 * vowel sign U+064E, a Devanagari virama) and format characters (the right-to-left mark U+200F, the
 * zero-width non-joiner U+200C, the Arabic letter mark U+061C), but not those inside an emoji sequence,
 * which string-width measures whole: the zero-width joiner, variation selector 16, the keycap mark
 * and tag characters.
 */
const ZERO_WIDTH = /(?!\u200d|\ufe0f|\u20e3|[\u{e0020}-\u{e007f}])[\p{Mn}\p{Me}\p{Cf}]/gu;

/** A string's width in terminal columns. */
export const displayWidth = (text: string): number =>
  PRINTABLE_ASCII.test(text) ? text.length : width(text.replace(ZERO_WIDTH, ''));

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

/**
 * A borderless table: the header, a line of dashes as wide as each column, one line a row; two
 * spaces between columns, no trailing spaces and no colour codes, each line ending in a newline.
 * A column is as wide as its widest cell, header included; right-aligned cells (numbers) are padded
 * on the left, header too.
 */
export function drawTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[],
): string {
  const widths = head.map((h) => displayWidth(h));
  const measured = rows.map((r) =>
    head.map((_, i) => {
      const w = displayWidth(r[i] ?? '');
      if (w > widths[i]!) widths[i] = w;
      return w;
    }),
  );
  const line = (cells: readonly string[], cellWidths: readonly number[]) =>
    head
      .map((_, i) => {
        const pad = ' '.repeat(widths[i]! - cellWidths[i]!);
        return align[i] === 'right' ? pad + (cells[i] ?? '') : (cells[i] ?? '') + pad;
      })
      .join('  ')
      .trimEnd();
  const lines = [
    line(head, head.map(displayWidth)),
    widths
      .map((w) => '-'.repeat(w))
      .join('  ')
      .trimEnd(),
    ...rows.map((r, k) => line(r, measured[k]!)),
  ];
  return lines.join('\n') + '\n';
}
