/**
 * An argument or option holding an invisible character (a BOM, a zero-width space, a bidi override)
 * is refused with the character shown, as the API refuses such a parameter (domain/invisible.ts).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runProgram } from '../../test/helpers/in-process-cli.ts';

describe('an invisible character in an argument', () => {
  // The refusal comes while the arguments are read: no store is ever opened in this home.
  const home = mkdtempSync(join(tmpdir(), 'faultline-invisible-'));
  const env = { FAULTLINE_HOME: home };
  after(() => rmSync(home, { recursive: true, force: true }));

  it('a leading BOM is refused, not trimmed away (events --country "\\ufeffPAK" listed Pakistan)', async () => {
    const r = await runProgram(env, ['events', '--country', '\ufeffPAK', '--limit', '0']);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      'faultline: invalid --country: "\\ufeffPAK" (holds an invisible character, U+FEFF: give the value without it)\n',
    );
    assert.equal(r.status, 2);
  });

  it("a key's name holding a right-to-left override is refused in either spelling of the option", async () => {
    const r = await runProgram(env, ['keys', 'create', '--role', 'viewer', '--name=news\u202eroom']);
    assert.equal(
      r.stderr,
      'faultline: invalid --name: "news\\u202eroom" (holds an invisible character, U+202E: give the value without it)\n',
    );
    assert.equal(r.status, 2);
  });

  it('an argument holding a zero-width space is refused naming the argument', async () => {
    const r = await runProgram(env, ['place', 'Pesh\u200bawar']);
    assert.equal(
      r.stderr,
      'faultline: invalid <name>: "Pesh\\u200bawar" (holds an invisible character, U+200B: give the value without it)\n',
    );
    assert.equal(r.status, 2);
  });
});
