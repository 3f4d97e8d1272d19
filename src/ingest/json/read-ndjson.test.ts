import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { countNdjsonRecords, readNdjson, toFieldText, type NdjsonItem } from './read-ndjson.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faultline-ndjson-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function readAll(path: string): Promise<NdjsonItem[]> {
  const items: NdjsonItem[] = [];
  for await (const item of readNdjson(path)) items.push(item);
  return items;
}

describe('readNdjson', () => {
  it('turns every JSON value into the text a CSV cell would hold', async () => {
    const path = await write('types.ndjson', '{"s":"a","n":12.5,"i":7,"t":true,"f":false,"z":null}\n');
    const [item] = await readAll(path);
    assert.deepEqual(item, {
      kind: 'record',
      line: 1,
      fields: { s: 'a', n: '12.5', i: '7', t: 'true', f: 'false', z: '' },
      raw: '{"s":"a","n":12.5,"i":7,"t":true,"f":false,"z":null}',
    });
  });

  it('refuses a record holding a nested object or array, naming the key (it was kept as JSON text: an actor named {"x":1})', async () => {
    const path = await write(
      'nested.ndjson',
      '{"id":1,"side_a":{"x":1}}\n{"id":2,"sources":[1,"x"]}\n{"id":3,"side_a":"TTP"}\n',
    );
    const items = await readAll(path);
    assert.deepEqual(
      items.map((x) => (x.kind === 'error' ? [x.line, x.reason] : [x.line, x.fields.side_a])),
      [
        [1, "side_a: an object, not a value (a record's fields are text, numbers, true or false, or null)"],
        [2, "sources: an array, not a value (a record's fields are text, numbers, true or false, or null)"],
        [3, 'TTP'],
      ],
    );
  });

  it('skips blank lines and keeps the physical line number of each record', async () => {
    const path = await write('blank.ndjson', '\n{"id":1}\n   \n\t\r\n{"id":2}\r\n\n');
    const items = await readAll(path);
    assert.deepEqual(
      items.map((i) => [i.kind, i.line]),
      [
        ['record', 2],
        ['record', 5],
      ],
    );
  });

  it('gives an error item with a one-line reason for a line that is not JSON, and reads on', async () => {
    const path = await write('bad.ndjson', '{"id":1}\n{"id":2,\n[1,2]\n"text"\n{"id":3}\n');
    const items = await readAll(path);
    assert.deepEqual(
      items.map((i) => i.kind),
      ['record', 'error', 'error', 'error', 'record'],
    );
    const bad = items[1]!;
    assert.equal(bad.kind === 'error' && bad.raw, '{"id":2,');
    assert.match(bad.kind === 'error' ? bad.reason : '', /^not valid JSON: [^\n]+$/);
    assert.equal(items[2]!.kind === 'error' && items[2]!.reason, 'not a JSON object: an array');
    assert.equal(items[3]!.kind === 'error' && items[3]!.reason, 'not a JSON object: a string');
  });

  it('drops a UTF-8 byte order mark and reads a last line without a newline', async () => {
    const path = await write(
      'bom.ndjson',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"id":1}\n{"id":2}')]),
    );
    const items = await readAll(path);
    assert.deepEqual(
      items.map((i) => (i.kind === 'record' ? i.fields.id : i.reason)),
      ['1', '2'],
    );
  });

  it('rejects a missing file instead of yielding nothing', async () => {
    await assert.rejects(readAll(join(dir, 'missing.ndjson')), /ENOENT/);
  });

  it('reports bytes read', async () => {
    const path = await write('bytes.ndjson', '{"id":1}\n{"id":2}\n');
    let seen = 0;
    for await (const _ of readNdjson(path, { onBytes: (b) => (seen = b) })) void _;
    assert.equal(seen, 18);
  });
});

describe('countNdjsonRecords', () => {
  it('counts non-blank lines, errors included, so it agrees with the reader', async () => {
    const text = '\uFEFF{"id":1}\r\n\r\n  \n{"id":2,\n[1]\r{"id":3}\n\t\n{"id":4}';
    const path = await write('count.ndjson', text);
    const items = await readAll(path);
    const counted = await countNdjsonRecords(path);
    assert.equal(counted.records, 5);
    assert.equal(items.length, counted.records);
  });

  it('gives the bytes and sha256 of the file', async () => {
    const path = await write('hash.ndjson', '{"id":1}\n');
    const bytes = await readFile(path);
    assert.deepEqual(await countNdjsonRecords(path), {
      records: 1,
      bytes: 9,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('counts an empty file as no records', async () => {
    assert.equal((await countNdjsonRecords(await write('empty.ndjson', ''))).records, 0);
  });
});

describe('toFieldText', () => {
  it('keeps strings verbatim and turns null into empty text', () => {
    assert.equal(toFieldText(' a "b" '), ' a "b" ');
    assert.equal(toFieldText(null), '');
  });
});
