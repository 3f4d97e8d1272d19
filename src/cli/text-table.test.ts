import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import type CliTable3 from 'cli-table3';
import fc from 'fast-check';
import { displayWidth, drawTable, type Align } from './text-table.ts';

// The tables were laid out by cli-table3 until 2026-12-07 (text-table.ts says why no longer). This is
// that drawing, kept as the reference: the same header, dashes, alignment and widths, in blocks of 50
// rows that share every column's width.
const Table = createRequire(import.meta.url)('cli-table3') as CliTable3;
const NO_BORDER = Object.fromEntries(
  [
    'top',
    'top-mid',
    'top-left',
    'top-right',
    'bottom',
    'bottom-mid',
    'bottom-left',
    'bottom-right',
    'left',
    'left-mid',
    'mid',
    'mid-mid',
    'right',
    'right-mid',
    'middle',
  ].map((k) => [k, '']),
);
function byCliTable3(head: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[]) {
  const colWidths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
  const style = { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0 };
  const lines: string[] = [];
  for (let at = 0; at === 0 || at < rows.length; at += 50) {
    const block = rows.slice(at, at + 50);
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
    lines.push(
      ...table
        .toString()
        .split('\n')
        .map((l) => l.trimEnd()),
    );
  }
  return lines.join('\n') + '\n';
}

// Cells as the CLI gives them (cli/output.ts): no line break or control character, at most 48
// columns; printable ASCII, CJK, emoji, accents written with combining marks, Urdu. Not the marks
// cli-table3's string-width 4 gave a column and a terminal gives none (tested below).
const pieces = ['Bannu', 'D.I. Khan', '1204', '0.5', '', ' ', '北京', 'Jose\u0301', '🇵🇰', 'کوئٹہ', '👨‍👩‍👧', 'x'];
const cell = fc.array(fc.constantFrom(...pieces), { maxLength: 4 }).map((p) => p.join(''));

describe('tables', () => {
  it('are drawn as cli-table3 drew them, byte for byte (header, dashes, alignment, wide and zero-width characters, 0-130 rows)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((columns) =>
          fc.record({
            head: fc.array(
              cell.filter((h) => h.length > 0),
              { minLength: columns, maxLength: columns },
            ),
            align: fc.array(fc.constantFrom<Align>('left', 'right'), {
              minLength: columns,
              maxLength: columns,
            }),
            rows: fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 130 }),
          }),
        ),
        ({ head, align, rows }) => {
          assert.equal(drawTable(head, rows, align), byCliTable3(head, rows, align));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('pad every column to its widest cell, numbers on the right, and end no line in spaces', () => {
    assert.equal(
      drawTable(
        ['place', 'events'],
        [
          ['北京', '7'],
          ['Bannu', '1204'],
          ['', ''],
        ],
        ['left', 'right'],
      ),
      ['place  events', '-----  ------', '北京        7', 'Bannu    1204', ''].join('\n') + '\n',
    );
    assert.equal(drawTable(['id', 'name'], [], ['right', 'left']), 'id  name\n--  ----\n');
  });

  it('give no column to marks a terminal shows in none: Arabic vowel signs, the zero-width non-joiner, bidi marks', () => {
    // string-width 4 (and so cli-table3) counted one column for each, so the next column of such a
    // row started one column later per mark than in the other rows.
    const pashto = 'پ\u200cښ\u200f'; // Pashto letters with a zero-width non-joiner and a right-to-left mark
    const vowelled = 'بَ'; // beh with a fatha
    assert.deepEqual([displayWidth(pashto), displayWidth(vowelled), displayWidth('नमस्ते')], [2, 1, 4]);
    // Emoji sequences stay whole: the joiner, variation selector and keycap mark inside them count.
    assert.deepEqual([displayWidth('👨‍👩‍👧'), displayWidth('❤️'), displayWidth('1️⃣')], [2, 2, 2]);
    assert.equal(
      drawTable(
        ['name', 'n'],
        [
          [pashto, '1'],
          [vowelled, '2'],
          ['abc', '3'],
        ],
        ['left', 'right'],
      ),
      ['name  n', '----  -', `${pashto}    1`, `${vowelled}     2`, 'abc   3', ''].join('\n'),
    );
  });
});
