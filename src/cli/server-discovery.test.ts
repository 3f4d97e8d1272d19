import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import {
  discoveryPath,
  newToken,
  readDiscovery,
  removeDiscovery,
  writeDiscovery,
  type ServerDiscovery,
} from './server-discovery.ts';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'faultline-discovery-')));
const announce = (db: string): ServerDiscovery => ({
  pid: process.pid,
  host: '127.0.0.1',
  port: 8080,
  url: 'http://127.0.0.1:8080',
  db,
  startedAt: '2026-01-01T00:00:00.000Z',
  token: newToken(),
});

describe('the discovery file of a store', () => {
  it('sits next to the store, named after it, so two stores in one directory do not clash', () => {
    assert.equal(discoveryPath(join(dir, 'a.duckdb')), join(dir, 'a.duckdb.server.json'));
    assert.notEqual(discoveryPath(join(dir, 'a.duckdb')), discoveryPath(join(dir, 'b.duckdb')));
    // A relative path names the same file as the absolute one.
    assert.equal(
      discoveryPath(relative(process.cwd(), join(dir, 'a.duckdb'))),
      join(dir, 'a.duckdb.server.json'),
    );
  });

  it('is written 0600 with no temporary file left, and read back as written', () => {
    const d = announce(join(dir, 'w.duckdb'));
    const file = writeDiscovery(d);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readDiscovery(d.db), d);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith('w.')),
      ['w.duckdb.server.json'],
    );
  });

  it('is not trusted when others may change it', () => {
    const d = announce(join(dir, 'open.duckdb'));
    chmodSync(writeDiscovery(d), 0o666);
    assert.equal(readDiscovery(d.db), null);
  });

  it('is removed only by the server whose token it holds', () => {
    const d = announce(join(dir, 'r.duckdb'));
    writeDiscovery(d);
    removeDiscovery(d.db, newToken());
    assert.ok(existsSync(discoveryPath(d.db)), 'another token leaves it');
    removeDiscovery(d.db, d.token);
    assert.equal(existsSync(discoveryPath(d.db)), false);
  });
});
