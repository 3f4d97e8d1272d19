import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { SourceArchive } from './source-archive.ts';

describe('the source archive on open', () => {
  it('removes half-written files of dead processes, never those of a live import sharing the archive', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-archive-clean-'));
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
    const dir = mkdtempSync(join(tmpdir(), 'faultline-archive-pid-'));
    const w = new SourceArchive(dir).writer() as unknown as { tmp: string };
    assert.match(w.tmp, new RegExp(`/tmp/${process.pid}-[0-9a-f]{16}$`));
  });
});

describe('archived records read back', () => {
  const text = 'id,name\r\n1,"a, b"\r\n2,c\r\n';
  // Record offsets (RecordIndex.toBuffer): every start, then every end, as doubles.
  const offsets = { length: 3, toBuffer: () => Buffer.from(new Float64Array([0, 9, 19, 7, 17, 22]).buffer) };

  it('from files archived now (brotli blocks)', async () => {
    const archive = new SourceArchive(mkdtempSync(join(tmpdir(), 'faultline-archive-br-')));
    const w = archive.writer();
    await w.add(Buffer.from(text));
    await w.finish('ab'.repeat(32), 'f.csv', offsets, { kind: 'delimited', delimiter: ',' });
    assert.equal((await archive.meta('ab'.repeat(32)))!.codec, 'br');
    assert.equal((await archive.readRecord('ab'.repeat(32), 1))!.toString(), '1,"a, b"');
  });

  it('from files archived before brotli (gzip members, no codec in their metadata)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-archive-gz-'));
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
