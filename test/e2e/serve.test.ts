// test-run: alone, about 4 s (spawns a server)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runProgram } from '../helpers/in-process-cli.ts';

const BIN = new URL('../../bin/faultline.js', import.meta.url).pathname;
const DIST = new URL('../../dist/', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'faultline-serve-'));
const env = { ...process.env, FAULTLINE_DB: join(dir, 'store.duckdb') };
// `keys` in-process through the real program builder; `serve` is spawned (it is about a process).
const run = (...args: string[]) => runProgram(env, args);

describe('faultline keys and faultline serve', () => {
  it('keys create prints the key once; list shows its id and role, never the key; revoke revokes it', async () => {
    const c = await run('keys', 'create', '--role', 'analyst', '--name', 'newsroom');
    assert.equal(c.status, 0, c.stderr);
    const key = c.stdout.trim();
    assert.match(key, /^flk_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/);
    const id = key.slice(4, 16);
    const list = JSON.parse((await run('keys', 'list', '--format', 'json')).stdout).keys;
    assert.deepEqual(
      list.map((k: { id: string; role: string; name: string; revoked_at: string | null }) => [
        k.id,
        k.role,
        k.name,
        k.revoked_at,
      ]),
      [[id, 'analyst', 'newsroom', null]],
    );
    assert.equal((await run('keys', 'revoke', id)).status, 0);
    assert.notEqual(
      JSON.parse((await run('keys', 'list', '--format', 'json')).stdout).keys[0].revoked_at,
      null,
    );
    // --format json: the API's answers (POST /keys, DELETE /keys/{id}).
    const j = await run('keys', 'create', '--role', 'viewer', '--format', 'json');
    const made = JSON.parse(j.stdout);
    assert.deepEqual(
      [Object.keys(made).sort(), made.role, made.key.slice(4, 16)],
      [['created_at', 'id', 'key', 'name', 'role'], 'viewer', made.id],
    );
    assert.deepEqual(JSON.parse((await run('keys', 'revoke', made.id, '--format', 'json')).stdout), {
      revoked: made.id,
    });
    assert.deepEqual(
      [(await run('keys', 'revoke', made.id, '--format', 'yaml')).stderr],
      ['faultline: invalid --format: "yaml" (use text or json)\n'],
    );
    const bad = await run('keys', 'create', '--role', 'root');
    assert.deepEqual(
      [bad.status, bad.stderr],
      [2, 'faultline: invalid --role: "root" (use viewer, analyst, reviewer or admin)\n'],
    );
  });

  it('serve listens on the given port, answers over HTTP, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env });
    const hold = new URL(`builds/running-${child.pid}.json`, DIST);
    let err = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /faultline API on "(http:\/\/\S+)\/api\/v1" \(docs "\1\/api\/v1\/docs"\)/.exec(err);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
    });
    try {
      // The dashboard's address is printed exactly when there is a dashboard build to serve.
      assert.equal(
        err.includes(`faultline dashboard on "${url}/"\n`),
        existsSync(new URL('../../web/dist/index.html', import.meta.url)),
        err,
      );
      const health = await fetch(`${url}/api/v1/health`);
      assert.equal(health.status, 200);
      const body = (await health.json()) as { status: string; build: Record<string, unknown> };
      assert.equal(body.status, 'ok');
      // The build it runs (held while it serves, so later builds keep its files) and the one installed,
      // which another build of the machine's checkout may have replaced meanwhile.
      const { running, installed, restart_needed } = body.build;
      assert.match(String(running), /^[0-9a-f]{16}$/);
      assert.equal(restart_needed, installed !== running);
      assert.equal(JSON.parse(readFileSync(hold, 'utf8')).build, running);
      const root = await fetch(`${url}/`);
      // The dashboard when web/dist is built, else a page pointing to the docs: both name the API.
      assert.match(await root.text(), /\/api\/v1/);
      const bad = await fetch(`${url}/api/v1/series?interval=hourly`);
      assert.deepEqual(await bad.json(), {
        error: {
          code: 'invalid_input',
          message: 'invalid interval: "hourly" (use day, week, month, quarter or year)',
        },
      });
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((res) => child.once('exit', res));
    assert.equal(code, 0);
    assert.ok(!existsSync(hold), 'the hold is released at exit');
  });
});
