/**
 * docs/claims.md shows `claims check` commands to copy and a table of what the example claim file
 * gives on the bundled data. Both are checked here against the checker, so that neither drifts
 * from what faultline does (the table left out a claim, and its `--dedupe` example was refused).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ClaimResult } from '../../claims/evidence.ts';
import { useBundledStore } from '../../../test/helpers/use-bundled-store.ts';
import { checkClaims, loadClaimFile, withDedupe } from './check-claims.ts';

const ROOT = new URL('../../../', import.meta.url);
const DOC = readFileSync(new URL('docs/claims.md', ROOT), 'utf8');

/** The `claims check FILE ...` commands of the doc's code, with the file and the words after it. */
function checkCommands(): { file: string; args: string[] }[] {
  return [...DOC.matchAll(/^(?:npx )?faultline claims check (\S+)([^#\n]*)/gm)].map((m) => ({
    file: m[1]!,
    args: m[2]!.trim().split(/\s+/).filter(Boolean),
  }));
}

/** The verdicts of the table under "## Examples", one per row, in the table's order. */
function exampleVerdicts(): string[] {
  const section = DOC.slice(DOC.indexOf('## Examples'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| claim |')) + 1);
  return [...table.matchAll(/^\|[^|]*\| `([a-z_]+)` \|/gm)].map((m) => m[1]!);
}

describe('docs/claims.md against the checker', () => {
  it('every claims check example names a claim file it can check, --dedupe included', async () => {
    const commands = checkCommands();
    assert.ok(commands.length >= 3, `only ${commands.length} claims check examples read`);
    for (const { file, args } of commands) {
      const loaded = await loadClaimFile(fileURLToPath(new URL(file, ROOT)));
      if (args.includes('--dedupe'))
        assert.doesNotThrow(() => withDedupe(loaded), `${file} ${args.join(' ')}`);
    }
  });

  describe('the Examples table (examples/claims/ttp-essay.yaml on the bundled data)', () => {
    let results: ClaimResult[];
    const store = useBundledStore();
    before(async () => {
      const loaded = await loadClaimFile(fileURLToPath(new URL('examples/claims/ttp-essay.yaml', ROOT)));
      results = await checkClaims(store(), loaded.file.claims);
    });

    it('has one row per claim of the file, with the verdicts the checker gives', () => {
      assert.deepEqual(exampleVerdicts().sort(), results.map((r) => r.verdict).sort());
    });
  });
});
