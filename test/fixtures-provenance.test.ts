import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { filesUnder, provenanceOffences } from './helpers/provenance-check.ts';

const ROOT = new URL('..', import.meta.url).pathname;

/** The bundled data, the shared fixtures, the example claim files and every importer's fixtures/ folder. */
function roots(): string[] {
  const fixtures = filesUnder(join(ROOT, 'src'))
    .filter((f) => f.includes('/fixtures/'))
    .map((f) => 'src/' + f.slice(0, f.indexOf('/fixtures/') + '/fixtures'.length));
  return ['data', 'test/fixtures', 'examples', ...new Set(fixtures)];
}

describe('provenance of bundled data and fixtures', () => {
  it('every file under data/, test/fixtures/, examples/ and src/**/fixtures/ is named by a README, PROVENANCE or ATTRIBUTION file, and a synthetic one says so in its name', () => {
    const found = roots();
    // The walk must reach the importers' fixture folders, or it would pass by checking nothing.
    assert.ok(found.includes('src/ingest/csv-mapped/fixtures'), found.join(', '));
    assert.deepEqual(
      found.flatMap((r) => provenanceOffences(join(ROOT, r), r)),
      [],
    );
  });

  describe('the checker itself', () => {
    const root = mkdtempSync(join(tmpdir(), 'faultline-provenance-'));
    after(() => rmSync(root, { recursive: true, force: true }));
    const write = (path: string, text = 'x\n') => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    // A small tree with one file of each kind: listed, named only in prose, listed by a link in a
    // subfolder's PROVENANCE, and listed under a synthetic heading with and without saying so in its name.
    write(
      'README.md',
      '# Fixtures\n\n| file | source |\n|---|---|\n| `a/listed.csv` | real rows, CC BY 4.0 |\n',
    );
    write('a/listed.csv');
    write('a/prose.csv');
    write('README-prose.md', 'The file prose.csv is not in backticks, so it is not an entry.\n');
    write('b/PROVENANCE-b.md', '# Provenance\n\n[rows](rows.csv), CC BY 4.0.\n');
    write('b/rows.csv');
    write(
      'c/README.md',
      '# Generic fixture (SYNTHETIC)\n\n`made-up.csv` is invented; `made_up_synthetic.csv` too.\n',
    );
    write('c/made-up.csv');
    write('c/made_up_synthetic.csv');

    it('names each unlisted file and each synthetic file whose name hides it, and nothing else', () => {
      assert.deepEqual(provenanceOffences(root, 'fx'), [
        'fx/a/prose.csv: named by no README, PROVENANCE or ATTRIBUTION file with its source and licence',
        'fx/c/made-up.csv: listed as synthetic, but its name does not say so',
      ]);
    });
  });
});
