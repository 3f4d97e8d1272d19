import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { countRecords } from '../../ingest/delimited/record-counter.ts';
import { countNdjsonRecords } from '../../ingest/json/read-ndjson.ts';
import { StoreError } from '../../domain/errors.ts';
import { SourceArchive } from './source-archive.ts';

/** This file's temporary folders, in one removed after it. */
const TEMP = mkdtempSync(join(tmpdir(), 'faultline-archive-test-'));
after(() => rmSync(TEMP, { recursive: true, force: true }));

describe('the source archive on open', () => {
  it('removes half-written files of dead processes, never those of a live import sharing the archive', () => {
    const dir = mkdtempSync(join(TEMP, 'faultline-archive-clean-'));
    mkdirSync(join(dir, 'tmp'));
    // A process that has exited: its pid is free (a pid is not reused within a few milliseconds).
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    const files = {
      killed: join(dir, 'tmp', `${dead}-0a1b2c3d4e5f6a7b.gz`),
      live: join(dir, 'tmp', `${process.pid}-0a1b2c3d4e5f6a7b.gz`),
      unnamed: join(dir, 'tmp', '0a1b2c3d4e5f6a7b.idx'), // written before files carried their pid
    };
    for (const f of Object.values(files)) writeFileSync(f, 'x');
    new SourceArchive(dir).clean();
    assert.deepEqual(
      Object.entries(files).map(([k, f]) => [k, existsSync(f)]),
      [
        ['killed', false],
        ['live', true],
        ['unnamed', false],
      ],
    );
  });

  it('a writer names its file after its process', () => {
    const dir = mkdtempSync(join(TEMP, 'faultline-archive-pid-'));
    const w = new SourceArchive(dir).writer() as unknown as { tmp: string };
    assert.match(w.tmp, new RegExp(`/tmp/${process.pid}-[0-9a-f]{16}$`));
  });
});

describe('archived records read back', () => {
  const text = 'id,name\r\n1,"a, b"\r\n2,c\r\n';
  // Record offsets (RecordIndex.toBuffer): every start, then every end, as doubles.
  const offsets = { length: 3, toBuffer: () => Buffer.from(new Float64Array([0, 9, 19, 7, 17, 22]).buffer) };

  it('from files archived now (brotli blocks)', async () => {
    const archive = new SourceArchive(mkdtempSync(join(TEMP, 'faultline-archive-br-')));
    const w = archive.writer();
    await w.add(Buffer.from(text));
    await w.finish('ab'.repeat(32), 'f.csv', offsets, { kind: 'delimited', delimiter: ',' });
    assert.equal((await archive.meta('ab'.repeat(32)))!.codec, 'br');
    assert.equal((await archive.readRecord('ab'.repeat(32), 1))!.toString(), '1,"a, b"');
  });

  it("gives each record's length in bytes from the index alone, as read back, null for one the file does not hold", async () => {
    const dir = mkdtempSync(join(TEMP, 'faultline-archive-lengths-'));
    const sha = '12'.repeat(32);
    const w = new SourceArchive(dir).writer();
    await w.add(Buffer.from(text));
    await w.finish(sha, 'f.csv', offsets, { kind: 'delimited', delimiter: ',' });
    const archive = new SourceArchive(dir);
    const read = await archive.readRecords(sha, [2, 0, 1]);
    assert.deepEqual(await archive.recordLengths(sha, [2, 0, 1, 3, -1]), [
      ...read.map((b) => b!.length),
      null,
      null,
    ]);
    // Its blocks damaged: the lengths come from the index, no block is read.
    writeFileSync(join(dir, `${sha}.br`), 'garbage');
    assert.deepEqual(await new SourceArchive(dir).recordLengths(sha, [1]), [8]);
    assert.deepEqual(await archive.recordLengths('ef'.repeat(32), [1]), [null]);
  });

  it('a damaged block is a store error naming the archive file (it was zlib\'s bare "Decompression failed")', async () => {
    const dir = mkdtempSync(join(TEMP, 'faultline-archive-damaged-'));
    const archive = new SourceArchive(dir);
    const w = archive.writer();
    await w.add(Buffer.from(text));
    await w.finish('ef'.repeat(32), 'f.csv', offsets, { kind: 'delimited', delimiter: ',' });
    const file = join(dir, `${'ef'.repeat(32)}.br`);
    writeFileSync(file, 'garbage');
    await assert.rejects(new SourceArchive(dir).readRecord('ef'.repeat(32), 1), (e: unknown) => {
      assert.ok(e instanceof StoreError);
      assert.equal(
        e.message,
        `cannot read the archived source file "${file}": block 0: Decompression failed (the archive beside the store is damaged)`,
      );
      return true;
    });
  });

  it('from files archived before brotli (gzip members, no codec in their metadata)', async () => {
    const dir = mkdtempSync(join(TEMP, 'faultline-archive-gz-'));
    const sha = 'cd'.repeat(32);
    const z = gzipSync(Buffer.from(text), { level: 1 });
    writeFileSync(join(dir, `${sha}.gz`), z);
    writeFileSync(join(dir, `${sha}.idx`), offsets.toBuffer());
    const meta = {
      sha256: sha,
      fileName: 'f.csv',
      bytes: text.length,
      records: 3,
      layout: { kind: 'delimited', delimiter: ',' },
      blocks: [[0, 0, z.length]],
    };
    writeFileSync(join(dir, `${sha}.json`), JSON.stringify(meta));
    assert.equal((await new SourceArchive(dir).readRecord(sha, 2))!.toString(), '2,c');
  });
});

describe('the line an archived record starts on', () => {
  // A little over two blocks (1 MiB each), so lines are counted across block boundaries.
  const TWO_BLOCKS = (2 << 20) + 4096;

  /** Archives the file at `path` as an import does (the counter feeding the writer), and its index. */
  async function archived(path: string, count: typeof countRecords | typeof countNdjsonRecords) {
    const archive = new SourceArchive(mkdtempSync(join(TEMP, 'faultline-archive-lines-')));
    const w = archive.writer();
    const c = await count(path, { index: true, onChunk: (chunk) => w.add(chunk) });
    const ndjson = count === countNdjsonRecords;
    await w.finish(
      c.sha256,
      'f',
      c.index!,
      ndjson ? { kind: 'ndjson' } : { kind: 'delimited', delimiter: ',' },
    );
    return { archive, sha: c.sha256, index: c.index! };
  }

  /** Asks for every record's line, last first and then again (the counted blocks are kept), and the import's line of each. */
  async function bothWays(a: Awaited<ReturnType<typeof archived>>) {
    const ks = Array.from({ length: a.index.length }, (_, k) => a.index.length - 1 - k);
    const first = await a.archive.lines(a.sha, ks);
    const again = await a.archive.lines(a.sha, [...ks].reverse());
    assert.deepEqual(again, [...first].reverse());
    return { archive: first, counter: ks.map((k) => a.index.line(k)) };
  }

  it('is the line the import named: quoted fields over several lines, CRLF ends, blank lines, over three blocks', async () => {
    const path = join(mkdtempSync(join(TEMP, 'faultline-archive-csv-')), 'synthetic.csv');
    const rows = ['id,text\n'];
    let bytes = rows[0]!.length;
    for (let k = 1; bytes < TWO_BLOCKS; k++) {
      // Every 7th record's text spans 1-3 lines; some records end in CRLF, some are followed by a blank line.
      const text = k % 7 === 0 ? `"line one${'\n more'.repeat(1 + (k % 3))}"` : `text ${k} ${'x'.repeat(80)}`;
      const row = `${k},${text}${k % 5 === 0 ? '\r\n' : '\n'}${k % 11 === 0 ? '\n' : ''}`;
      rows.push(row);
      bytes += row.length;
    }
    writeFileSync(path, rows.join(''));
    const lines = await bothWays(await archived(path, countRecords));
    assert.ok(lines.counter.length > 20_000);
    assert.deepEqual(lines.archive, lines.counter);
    assert.notDeepEqual(
      lines.counter,
      lines.counter.map((_, k) => k + 1),
      'records and lines differ',
    );
  });

  it('is the line the import named in NDJSON: LF, CRLF (one split between two blocks) and lone CR ends, blank lines', async () => {
    const path = join(mkdtempSync(join(TEMP, 'faultline-archive-ndjson-')), 'synthetic.ndjson');
    const ends = ['\n', '\r\n', '\r', '\n  \n', '\r\n\r\n'];
    let text = '';
    const record = (k: number) => `{"k":${k},"text":"${'x'.repeat(80)}"}${ends[k % ends.length]}`;
    for (let k = 0; text.length < (1 << 20) - 200; k++) text += record(k);
    // A record ending in CRLF whose CR is the first block's last byte, its LF the second block's first.
    const pad = (1 << 20) - 1 - text.length - '{"pad":""}'.length;
    text += `{"pad":"${'x'.repeat(pad)}"}\r\n`;
    assert.equal(text.slice((1 << 20) - 1, (1 << 20) + 1), '\r\n');
    for (let k = 0; text.length < TWO_BLOCKS; k++) text += record(k);
    writeFileSync(path, text);
    const lines = await bothWays(await archived(path, countNdjsonRecords));
    assert.deepEqual(lines.archive, lines.counter);
  });

  it('is null for a record the file does not hold, or a file the archive does not hold', async () => {
    const path = join(mkdtempSync(join(TEMP, 'faultline-archive-few-')), 'synthetic.csv');
    writeFileSync(path, 'id,text\n1,"two\nlines"\n2,b\n');
    const a = await archived(path, countRecords);
    assert.deepEqual(await a.archive.lines(a.sha, [2, 3, -1, 1.5, 0, 1]), [4, null, null, null, 1, 2]);
    assert.deepEqual(await a.archive.lines('ef'.repeat(32), [1]), [null]);
  });
});
