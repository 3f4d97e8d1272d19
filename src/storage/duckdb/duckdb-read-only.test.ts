// test-run: alone, about 2 s (two new stores migrated, a few opens)
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { MIGRATIONS } from './duckdb-migrations.ts';
import { DuckDBStore } from './duckdb-store.ts';

const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const key = (id: string) => ({
  id,
  name: null,
  role: 'viewer' as const,
  sha256: 'a'.repeat(64),
  createdAt: '2026-12-03T00:00:00Z',
  revokedAt: null,
});

/** Runs one statement on the file outside the store (what an older faultline left behind). */
async function raw<T>(path: string, sql: string): Promise<T[]> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as T[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe('a store opened for reading only (`readOnly`: one-shot CLI reads)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-read-only-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  // One migrated store holding one API key, copied by the tests that need a current store.
  const made = join(dir, 'made.duckdb');
  before(async () => {
    const writer = await DuckDBStore.open(made);
    await writer.addApiKey(key('kept'));
    await writer.close();
  });

  it('a current store opens read-only: reads answer, a write is refused and the file is left byte for byte', async () => {
    const path = join(dir, 'current.duckdb');
    copyFileSync(made, path);
    const before = sha(path);
    const store = await DuckDBStore.open(path, undefined, { readOnly: true });
    try {
      assert.deepEqual(
        (await store.listApiKeys()).map((k) => k.id),
        ['kept'],
      );
      assert.deepEqual(await store.listImports(), []);
      await assert.rejects(store.addApiKey(key('new')), /read-only mode/);
    } finally {
      await store.close();
    }
    assert.equal(sha(path), before);
    assert.equal(existsSync(`${path}.wal`), false);
  });

  it('a store behind the schema is opened for writing and migrated, as without readOnly', async () => {
    const path = join(dir, 'behind.duckdb');
    copyFileSync(made, path);
    await raw(path, `DELETE FROM schema_migrations WHERE version = ${LATEST}`);
    const store = await DuckDBStore.open(path, undefined, { readOnly: true });
    try {
      await store.addApiKey(key('written')); // a read-write store
    } finally {
      await store.close();
    }
    const rows = await raw<{ n: string }>(
      path,
      `SELECT count(*) AS n FROM schema_migrations WHERE version = ${LATEST}`,
    );
    assert.equal(Number(rows[0]!.n), 1, `migration ${LATEST} applied again`);
  });

  it('a missing store file is created and migrated, as without readOnly', async () => {
    const path = join(dir, 'missing.duckdb');
    const store = await DuckDBStore.open(path, undefined, { readOnly: true });
    try {
      assert.deepEqual(await store.listImports(), []);
      assert.equal(await store.migrate(), LATEST);
    } finally {
      await store.close();
    }
    assert.ok(existsSync(path));
  });
});
