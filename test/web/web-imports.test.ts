/**
 * The dashboard reads data only over HTTP: nothing under web/src imports the server's code in src/,
 * except the shared plain modules (data with no imports of their own, such as the filter vocabulary).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const WEB_SRC = fileURLToPath(new URL('../../web/src/', import.meta.url));
const WEB = resolve(WEB_SRC, '..');
/** Server modules the dashboard may import: plain data, no imports (checked below). */
const SHARED = ['src/domain/filter-vocabulary.ts'].map((p) => resolve(WEB, '..', p));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : [],
  );
}

describe('web/src imports', () => {
  it('never reach outside web/ (the dashboard talks to the API over HTTP only)', () => {
    const offending: string[] = [];
    for (const file of files(WEB_SRC)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const m = /\bfrom\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/.exec(line);
          const spec = m?.[1] ?? m?.[2];
          const target = spec ? resolve(dirname(file), spec) : '';
          if (spec && relative(WEB, target).startsWith('..') && !SHARED.includes(target))
            offending.push(`${relative(WEB, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(offending, []);
  });

  it('the shared modules import nothing (so the dashboard build takes no server code with them)', () => {
    for (const file of SHARED)
      assert.doesNotMatch(readFileSync(file, 'utf8'), /^\s*(import|export)\s.*\bfrom\s/m);
  });
});
