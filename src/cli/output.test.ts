import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CELL, render } from './output.ts';

describe('table output', () => {
  it('a cell longer than the limit ends in … and the table says how many cells it cut', () => {
    const long = `https://example.org/${'a'.repeat(80)}`;
    const text = render(
      [
        { id: 1, url: long },
        { id: 2, url: 'short' },
        { id: 3, url: long },
      ],
      'table',
    );
    const lines = text.trimEnd().split('\n');
    assert.equal(lines[2], ` 1  ${long.slice(0, MAX_CELL - 1)}…`);
    assert.equal(lines[3], ' 2  short');
    assert.equal(
      lines.at(-1),
      `(2 cells cut at ${MAX_CELL} characters, ending in …: --format csv or json gives every value whole)`,
    );
    assert.ok(render([{ url: long }], 'csv').includes(long), 'csv keeps the value whole');
    // A command that takes no csv (event, claims check) names json alone.
    assert.match(
      render([{ url: long }], 'table', undefined, 'json'),
      /\(1 cell cut at \d+ characters, ending in …: --format json gives every value whole\)\n$/,
    );
  });

  it('no rows and no columns give no output in a table or CSV (not empty lines); JSON gives []', () => {
    assert.deepEqual(
      (['table', 'csv', 'json', 'ndjson'] as const).map((f) => render([], f)),
      ['', '', '[]\n', ''],
    );
    assert.equal(render([], 'table', ['id', 'name']), 'id  name\n--  ----\n');
  });

  it('a table with nothing cut has no note', () => {
    const text = render([{ id: 1, name: 'x'.repeat(MAX_CELL) }], 'table');
    assert.equal(text.split('\n').length, 4);
    assert.doesNotMatch(text, /cut at/);
  });

  it('the columns after a CJK, emoji or combining-accent cell start at the same display column in every row', () => {
    // The names as a desk event or a news draft gives them: a combining acute (U+0301), a flag
    // (two code points, four UTF-16 units, two columns), CJK (two columns each), Urdu.
    const text = render(
      [
        { town: 'Peshawar', actor: 'TTP' },
        { town: 'پشاور', actor: 'TTP' },
        { town: 'Jose\u0301', actor: 'TTP' },
        { town: '🇵🇰', actor: 'TTP' },
        { town: '北京', actor: 'TTP' },
      ],
      'table',
    );
    assert.equal(
      text,
      [
        'town      actor',
        '--------  -----',
        'Peshawar  TTP',
        'پشاور     TTP',
        'Jose\u0301      TTP',
        '🇵🇰        TTP',
        '北京      TTP',
        '',
      ].join('\n'),
    );
  });

  it('a cell is cut at 48 display columns between graphemes, never inside a surrogate pair or before its accent', () => {
    const lines = render(
      [{ cell: '北'.repeat(30) }, { cell: '😀'.repeat(30) }, { cell: 'e\u0301'.repeat(60) }],
      'table',
    ).split('\n');
    // 23 wide characters take 46 columns: a 24th and the … would take 49.
    assert.equal(lines[2], `${'北'.repeat(23)}…`);
    assert.equal(lines[3], `${'😀'.repeat(23)}…`);
    assert.equal(lines[4], `${'e\u0301'.repeat(47)}…`);
    assert.equal(
      lines[5],
      `(3 cells cut at ${MAX_CELL} characters, ending in …: --format csv or json gives every value whole)`,
    );
  });

  it('a column of numbers is right-aligned under its header, empty cells aside; text stays left-aligned', () => {
    const text = render(
      [
        { province: 'Khyber Pakhtunkhwa', events: 1204, ratio: 0.5 },
        { province: 'Sindh', events: 7, ratio: null },
      ],
      'table',
    );
    assert.equal(
      text,
      [
        'province            events  ratio',
        '------------------  ------  -----',
        'Khyber Pakhtunkhwa    1204    0.5',
        'Sindh                    7',
        '',
      ].join('\n'),
    );
  });

  it('a table carries no colour codes and no trailing spaces', () => {
    const text = render(
      [
        { name: 'a', note: '' },
        { name: 'bbbbbb', note: 'x' },
      ],
      'table',
    );
    assert.ok(!text.includes('\u001b'), 'no escape character, so no colour code');
    for (const line of text.split('\n')) assert.equal(line, line.trimEnd());
  });

  it('a cell with a terminal escape sequence or another control character shows each as ?', () => {
    // A rule's name or an imported place name printed as it was: the terminal ran it (red text here).
    const text = render([{ name: 'border\u001b[31mwatch\u0007', place: 'Torkham\u009b2J' }], 'table');
    // eslint-disable-next-line no-control-regex -- control characters (the line break aside) are what must not show
    assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text), JSON.stringify(text));
    assert.ok(text.includes('border?[31mwatch?  Torkham?2J'), text);
  });

  it('a cell holding a bidi override or isolate shows it as an escape, so the row reads as it holds (it was reversed)', () => {
    // A desk headline keeps the characters of its article (domain/invisible.ts): U+202E reversed the rest of the row.
    const text = render([{ headline: 'attack \u202ein Quetta', state: '\u2066draft\u2069' }], 'table');
    assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(text), JSON.stringify(text));
    assert.ok(text.includes('attack \\u202ein Quetta  \\u2066draft\\u2069'), text);
  });

  it('a long table lines up as one: the widest cell in its last rows sets the column for the first', () => {
    // cli-table3 lays out 50 rows at a time (cli/text-table.ts); every block shares the widths.
    const rows = Array.from({ length: 120 }, (_, i) => ({
      id: i + 1,
      place: i === 119 ? '北京 Peshawar' : 'Bannu',
    }));
    const lines = render(rows, 'table').trimEnd().split('\n');
    assert.equal(lines.length, 122);
    assert.equal(lines[0], ' id  place');
    assert.equal(lines[1], '---  -------------');
    assert.equal(lines[2], '  1  Bannu');
    assert.equal(lines[51], ' 50  Bannu');
    assert.equal(lines[52], ' 51  Bannu');
    assert.equal(lines[121], '120  北京 Peshawar');
  });
});
