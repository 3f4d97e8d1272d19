/** A flag given twice is refused, as the API refuses a repeated parameter, instead of the last one winning unsaid. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runProgram } from '../../test/helpers/in-process-cli.ts';

describe('an option given twice', () => {
  // The refusal comes while the arguments are read: no store is ever opened in this home.
  const home = mkdtempSync(join(tmpdir(), 'faultline-repeated-'));
  const env = { FAULTLINE_HOME: home };
  after(() => rmSync(home, { recursive: true, force: true }));

  it('a list filter given twice is refused quoting both values (it answered for the last country alone)', async () => {
    const r = await runProgram(env, ['events', '--country', 'PAK', '--country', 'AFG', '--limit', '0']);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      'faultline: repeated --country: "AFG" after "PAK" (give one value, comma-separated for lists)\n',
    );
    assert.equal(r.status, 2);
  });

  it('a number option given twice is refused in either spelling, in subcommands too', async () => {
    const r = await runProgram(env, ['alerts', 'list', '--limit=5', '--limit', '6']);
    assert.equal(
      r.stderr,
      'faultline: repeated --limit: "6" after "5" (give one value, comma-separated for lists)\n',
    );
    assert.equal(r.status, 2);
  });
});
