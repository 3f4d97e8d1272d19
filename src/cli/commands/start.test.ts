import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runProgram } from '../../../test/helpers/in-process-cli.ts';

describe('faultline start --no-serve', () => {
  const home = mkdtempSync(join(tmpdir(), 'faultline-start-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('refuses a serving flag, which it would not use, before importing anything (--port 99999 was dropped unsaid)', async () => {
    for (const [args, flag] of [
      [['--port', '99999'], '--port'],
      [['--host', '0.0.0.0'], '--host'],
      [['--rate-limit', '10'], '--rate-limit'],
      [['--no-anonymous-read'], '--no-anonymous-read'],
    ] as const) {
      const r = await runProgram({ FAULTLINE_HOME: home }, ['start', '--no-serve', ...args]);
      assert.deepEqual(
        [r.status, r.stderr],
        [
          2,
          `faultline: invalid ${flag} with --no-serve: it applies when start serves the API (leave out one of them)\n`,
        ],
      );
    }
    assert.equal(existsSync(join(home, 'faultline.duckdb')), false, 'no store was made');
  });
});
