import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { countRecords, quoteFault } from './record-counter.ts';

/**
 * The rule the counter implements, one byte at a time and in one piece (the counter jumps from quote
 * to quote and reads 1 MiB chunks): a record ends at a newline outside double quotes, a record of
 * carriage returns only is blank, and its fields are the commas outside quotes plus one.
 */
function reference(bytes: Buffer) {
  let inQuotes = false;
  let hasContent = false;
  let line = 1;
  let start = 0;
  let startLine = 1;
  let fields = 1;
  const records: { start: number; end: number; line: number; fields: number }[] = [];
  const end = (at: number) => {
    records.push({ start, end: at, line: startLine, fields });
    fields = 1;
  };
  bytes.forEach((b, i) => {
    if (b === 0x0a) {
      line++;
      if (inQuotes) return;
      if (hasContent) end(i);
      hasContent = false;
      return;
    }
    if (b === 0x0d) return;
    if (b === 0x22) inQuotes = !inQuotes;
    else if (b === 0x2c && !inQuotes) fields++;
    if (!hasContent) {
      start = i;
      startLine = line;
    }
    hasContent = true;
  });
  if (hasContent) end(bytes.length);
  return records;
}

const dir = mkdtempSync(join(tmpdir(), 'faultline-counter-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function check(name: string, text: string | Buffer) {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const got = await countRecords(path, { index: true });
  const want = reference(bytes);
  assert.equal(got.records, want.length, `${name}: records`);
  assert.equal(got.bytes, bytes.length);
  const index = got.index!;
  assert.deepEqual(
    want.map((_, k) => [index.start(k), index.end(k), index.line(k)]),
    want.map((r) => [r.start, r.end, r.line]),
    `${name}: where each record lies`,
  );
  const width = want[0]?.fields;
  assert.deepEqual(
    got.ragged,
    want.flatMap((r, k) => (k > 0 && r.fields !== width ? [{ record: k, fields: r.fields }] : [])),
    `${name}: ragged records`,
  );
  return got;
}

describe('the independent record counter', () => {
  it('counts records, their places and their fields as the byte-by-byte rule does, quotes and line ends included', async () => {
    const got = await check(
      'tricky.csv',
      [
        'id,name,notes\r\n',
        '1,"a, b","line one\nline two"\r\n',
        '2,"say ""hi""",\r\n',
        '\r\n',
        '\n',
        '3,x\n', // record 3, ragged: two fields
        '"4","""quoted""",z,extra\r\n', // record 4, ragged: four fields
        '5,\r,y\n', // a lone CR inside a record
        '6,"open quote\r\nstill open",end',
      ].join(''),
    );
    assert.equal(got.records, 7);
    assert.deepEqual(
      got.ragged?.map((r) => r.record),
      [3, 4],
    );
  });

  it('gives the same answer when quoted fields, escaped quotes and line ends straddle its 1 MiB reads', async () => {
    // Records of varied length so that quotes, commas, CRs and LFs fall on every side of a chunk edge.
    const rows = ['id,text,n'];
    for (let i = 0, size = 0; size < 3.2 * (1 << 20); i++) {
      const pad = 'x'.repeat(i % 97);
      rows.push(
        i % 3 === 0
          ? `${i},"${pad}, ""q""\r\n${pad}",${i}`
          : i % 3 === 1
            ? `${i},${pad},${i % 5}`
            : i % 11 === 2
              ? `${i},"${pad}"z,"""q"" after"` // text after a closing quote: a quote fault
              : `${i},"${pad}"`,
      );
      size += rows.at(-1)!.length + 2;
    }
    const got = await check('straddle.csv', rows.join('\r\n') + '\r\n');
    assert.equal(got.records, rows.length);
    // The quote faults, wherever their closing quote falls against a read's edge, are the records the
    // one-record rule (the JavaScript reader's check) finds, in the field it names.
    const faults = rows.flatMap((r, k) => {
      const field = quoteFault(r);
      return field === null ? [] : [{ record: k, field }];
    });
    assert.ok(faults.length > 1000);
    assert.ok(faults.every((f) => f.field === 2));
    assert.deepEqual(got.quoteFaults, faults);
  });

  it("finds text after a quoted field's closing quote, and only there", async () => {
    const text = [
      'id,notes,n\n',
      '1,"Kel" sector,2\n', // record 1: field 2
      '2,Kel "sector" of the line,3\n', // a quote inside an unquoted field is text
      '3,"say ""hi""","a ""b"""\n', // escaped quotes
      '4,"x",5\r\n',
      '5,"a","b"c\n', // record 5: field 3
      '6,"open "" ""x"y\n', // record 6: field 2
    ].join('');
    const got = await check('quotes.csv', text);
    assert.deepEqual(got.quoteFaults, [
      { record: 1, field: 2 },
      { record: 5, field: 3 },
      { record: 6, field: 2 },
    ]);
    assert.deepEqual(
      text.split(/(?<=\n)/).map((r) => quoteFault(r)),
      [null, 2, null, null, null, 3, 2],
    );
  });

  it('never closes a record inside an unterminated quote', async () => {
    const got = await check('unterminated.csv', 'a,b\n1,"never closed\n2,x\n3,y\n');
    assert.equal(got.records, 2);
  });
});
