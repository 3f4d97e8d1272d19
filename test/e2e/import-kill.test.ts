// test-run: alone, about 12 s (kills import processes)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runProgram } from '../helpers/in-process-cli.ts';
import { BIN, bigFile, CANDIDATE, debris, killImportAt, snapshot } from '../helpers/import-kill.ts';

// One store holding the Candidate file, imported once as the program does it; each test kills
// imports in a copy of it.
let base = '';
before(async () => {
  base = mkdtempSync(join(tmpdir(), 'faultline-kill-base-'));
  const db = join(base, 'store.duckdb');
  assert.equal((await runProgram({ ...process.env, FAULTLINE_DB: db }, ['import', CANDIDATE])).status, 0);
});

/** A new directory holding a copy of the base store (and its archive beside it). */
function copyOfBase(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(base, dir, { recursive: true });
  return dir;
}

describe('an import killed with SIGKILL', () => {
  it('leaves the store exactly as before, and running it again succeeds', { timeout: 120_000 }, async () => {
    const dir = copyOfBase('faultline-kill-');
    const db = join(dir, 'store.duckdb');
    const env = { ...process.env, FAULTLINE_DB: db };
    const before = await snapshot(db);
    // Enough rows that the import is still streaming them when the bar's first line arrives (the
    // kill follows it within milliseconds; the mapping alone takes longer than that).
    const file = bigFile(dir, 5_000);

    const child = spawn(process.execPath, [BIN, 'import', file, '--version', '19.1'], { env });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // The import pass prints a bar; kill as soon as rows are streaming into the transaction.
        if (/\[#*\.*\]/.test(stderr)) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code) =>
        reject(new Error(`import finished (exit ${code}) before it could be killed: ${stderr}`)),
      );
    });
    await new Promise((r) => child.on('close', r));
    assert.equal(child.signalCode, 'SIGKILL');
    assert.deepEqual(await snapshot(db), before);

    // Run again in this process (the program as the binary builds it): the kill above is the spawn's point.
    const again = await runProgram(env, ['import', file, '--version', '19.1']);
    assert.equal(again.status, 0, again.stderr);
    const after = await snapshot(db);
    assert.equal(after.events, before.events + 5_000);
    assert.equal(after.imports.length, before.imports.length + 1);
  });
});

describe('an import killed with SIGKILL during its commit (issue 11)', () => {
  it(
    'leaves the store exactly before or after, and the next start removes every file it left',
    { timeout: 180_000 },
    async () => {
      const dir = copyOfBase('faultline-kill-commit-');
      const db = join(dir, 'store.duckdb');
      const env = { ...process.env, FAULTLINE_DB: db };
      const before = await snapshot(db);
      const file = bigFile(dir, 2_000);
      // Statements of a first import's commit, in order: the change log, the ledger, COMMIT.
      // Two moments here (the suite's time is short); the bench kills at 20 random ones.
      for (const moment of [
        /sql \d+ ms[^:]*: INSERT INTO event_changes/,
        /sql \d+ ms[^:]*: INSERT INTO imports/,
      ]) {
        assert.equal(await killImportAt(env, [file, '--version', '19.1'], moment), 'SIGKILL');
        // What DuckDB leaves when killed while spilling (made by hand: a small import need not spill).
        mkdirSync(`${db}.tmp`, { recursive: true });
        writeFileSync(join(`${db}.tmp`, 'duckdb_temp_storage_S32K-0.tmp'), 'x');
        assert.deepEqual(await snapshot(db), before, `killed at ${moment}`);
        assert.deepEqual(debris(db), [], `debris after the start that followed the kill at ${moment}`);
      }
      // Killed after COMMIT was traced: the import is whole.
      assert.equal(
        await killImportAt(env, [file, '--version', '19.1'], /sql \d+ ms[^:]*: COMMIT/),
        'SIGKILL',
      );
      const after = await snapshot(db);
      assert.equal(after.events, before.events + 2_000);
      assert.equal(after.imports.length, before.imports.length + 1);
      assert.deepEqual(debris(db), []);
    },
  );
});
