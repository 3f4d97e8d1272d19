import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeDirs, makeDirsSync } from './make-dirs.ts';

const dir = mkdtempSync(join(tmpdir(), 'faultline-make-dirs-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'file'), 'x');

// Node 20's mkdir(..., { recursive: true }) never returns for /proc/x/y: this machine's /proc shows it.
const PROC = existsSync('/proc/self')
  ? false
  : 'no /proc here (not Linux): nothing refuses a level with ENOENT';

for (const [name, make] of [
  ['makeDirsSync', async (d: string) => makeDirsSync(d)],
  ['makeDirs', makeDirs],
] as const)
  describe(name, () => {
    it('makes the directory and every missing parent, and is a no-op when it exists', async () => {
      const d = join(dir, name, 'a', 'b', 'c');
      await make(d);
      assert.ok(statSync(d).isDirectory());
      await make(d);
      await make(join(dir, name, 'a', '..', 'a', 'b'));
      assert.ok(statSync(d).isDirectory());
    });

    it(
      'throws the failing level once, never looping, where the level cannot be made under /proc',
      { skip: PROC },
      async () => {
        await assert.rejects(make('/proc/x/y'), {
          code: 'ENOENT',
          message: "ENOENT: no such file or directory, mkdir '/proc/x'",
        });
      },
    );

    it('refuses a path under a regular file (ENOTDIR) and a regular file given as the directory (EEXIST)', async () => {
      await assert.rejects(make(join(dir, 'file', 'sub')), { code: 'ENOTDIR' });
      await assert.rejects(make(join(dir, 'file')), { code: 'EEXIST' });
      assert.ok(statSync(join(dir, 'file')).isFile());
    });
  });
