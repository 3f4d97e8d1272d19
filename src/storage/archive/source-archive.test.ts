import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
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
