import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { csvCell, csvRecords, csvTable } from './csv.ts';
import { render } from '../cli/output.ts';

describe('CSV writer (csv-stringify)', () => {
  it('quotes a cell holding a comma, a quote, CR or LF, doubling its quotes, and no other', () => {
    assert.deepEqual(
      ['a,b', 'say "hi"', 'two\nlines', 'cr\rhere', 'crlf\r\n', 'plain', 'semi; colon', ' spaced '].map(
        csvCell,
      ),
      [
        '"a,b"',
        '"say ""hi"""',
        '"two\nlines"',
        '"cr\rhere"',
        '"crlf\r\n"',
        'plain',
        'semi; colon',
        ' spaced ',
      ],
    );
  });

  it('prefixes a quote to cells a spreadsheet would run as a formula, then quotes as needed', () => {
    assert.deepEqual(
      ['=1+1', '+1', '@x', '-x', '-2+3', '\tx', '\rx', '=HYPERLINK("x")', '＝1', '＋1', '－1', '＠x'].map(
        csvCell,
      ),
      [
        "'=1+1",
        "'+1",
        "'@x",
        "'-x",
        "'-2+3",
        "'\tx",
        `"'\rx"`,
        `"'=HYPERLINK(""x"")"`,
        "'＝1",
        "'＋1",
        "'－1",
        "'＠x",
      ],
    );
    // A formula character inside a cell is harmless.
    assert.deepEqual(['a=1', 'x-y', ' =x'].map(csvCell), ['a=1', 'x-y', ' =x']);
  });

  it('keeps negative numbers as they are, as numbers or as plain numeric text', () => {
    // csv-stringify spares numbers only; text such as "-12" is a number to a spreadsheet too.
    assert.deepEqual([-12, -12.5, -0, -1e-7, -1e21, -Infinity, -12n, '-12', '-12.5'].map(csvCell), [
      '-12',
      '-12.5',
      '0',
      '-1e-7',
      '-1e+21',
      '-Infinity',
      '-12',
      '-12',
      '-12.5',
    ]);
    // Text that only starts like a number is not a plain number.
    assert.deepEqual(['-.5', '-1e5', '-12 dead', '-12,5'].map(csvCell), [
      "'-.5",
      "'-1e5",
      "'-12 dead",
      `"'-12,5"`,
    ]);
  });

  it('writes null and undefined empty, booleans as words, lists joined with "; ", objects as JSON', () => {
    assert.deepEqual(
      [
        null,
        undefined,
        '',
        true,
        false,
        ['a', 'b'],
        [],
        [null, 'x'],
        ['-12'],
        ['=x', 'y'],
        { a: 1, b: 'c' },
      ].map(csvCell),
      ['', '', '', 'true', 'false', 'a; b', '', '; x', '-12', "'=x; y", '"{""a"":1,""b"":""c""}"'],
    );
    // A Date is an object too: its JSON text, quotes and all (csv-stringify would write its milliseconds).
    assert.equal(csvCell(new Date(0)), '"""1970-01-01T00:00:00.000Z"""');
  });

  it('reads back as written: every cell survives a CSV parser, formulas with their quote', () => {
    const cells = ['a,b', 'q"x', 'l\nx', 'c\rx', '=1', '-12', 'é'];
    assert.deepEqual(parse(csvRecords([cells])), [['a,b', 'q"x', 'l\nx', 'c\rx', "'=1", '-12', 'é']]);
  });

  it('a table has a header line and one line per row, cells read by column name', () => {
    const rows = [
      { id: 'e:1', 'a.b': 1, note: 'x,y', n: -3 },
      { id: 'e:2', 'a.b': null, note: '=cmd', n: [1, 2] },
    ];
    const text = 'id,a.b,note,n\ne:1,1,"x,y",-3\ne:2,,\'=cmd,1; 2\n';
    assert.equal(csvTable(rows), text);
    assert.equal(csvTable(rows, ['n', 'id']), 'n,id\n-3,e:1\n1; 2,e:2\n');
    assert.equal(csvTable([], ['a', 'b']), 'a,b\n');
    // The CLI's --format csv is the API's writer, byte for byte (docs/cli.md).
    assert.equal(render(rows, 'csv'), text);
  });
});
