/**
 * Where a store keeps its source archive: beside its file (kept when it closes), or, in memory, in a
 * temporary folder of its own that goes when it closes (every in-memory store of every process
 * shared one folder that nothing removed until 2026-12-07).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { DuckDBStore } from './duckdb-store.ts';

describe("a store's source archive folder", () => {
  it('is a folder of its own for each in-memory store, removed with what it holds when the store closes', async () => {
    const a = await DuckDBStore.open(':memory:');
    const b = await DuckDBStore.open(':memory:');
    try {
      assert.notEqual(a.archive.dir, b.archive.dir);
      for (const s of [a, b]) {
        assert.equal(dirname(s.archive.dir), tmpdir());
        assert.ok(existsSync(s.archive.dir), s.archive.dir);
      }
      writeFileSync(join(a.archive.dir, 'synthetic.json'), '{}');
    } finally {
      await a.close();
    }
    assert.equal(existsSync(a.archive.dir), false, 'removed at close, with its file');
    assert.ok(existsSync(b.archive.dir), 'the other store keeps its own');
    await b.close();
    assert.equal(existsSync(b.archive.dir), false);
  });

  it("is `archive/` beside a store's file, and stays when the store closes", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-archive-place-'));
    try {
      const s = await DuckDBStore.open(join(dir, 'store.duckdb'));
      assert.equal(s.archive.dir, join(dir, 'archive'));
      mkdirSync(s.archive.dir, { recursive: true });
      writeFileSync(join(s.archive.dir, 'synthetic.json'), '{}');
      await s.close();
      assert.ok(existsSync(join(s.archive.dir, 'synthetic.json')), 'kept at close');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
