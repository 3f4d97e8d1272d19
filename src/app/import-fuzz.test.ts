// test-run: alone, about 7 s (thousands of fuzzed files)
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createStore } from '../storage/index.ts';
import { fuzzImports } from '../../test/helpers/import-fuzz.ts';

describe('reliability: damaged import files cut from real GED rows (issue 11)', () => {
  it('300 seeded variants: 0 crashes, 0 untyped errors, 0 silent alterations, every import reconciled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-fuzz-'));
    const store = await createStore({ path: ':memory:' });
    // Row mutations 50 to a file and a few whole-file ones keep it to about 12 imports; the bench runs 2,000.
    const c = await fuzzImports(store, dir, 11, 300, { batch: 50, fileShare: 0.5 });
    await store.close();
    const { problems, ...counts } = c;
    console.log(`import fuzz: ${JSON.stringify(counts)}`);
    assert.deepEqual(problems, []);
    assert.ok(c.variants >= 300);
    assert.deepEqual([c.crashes, c.untyped, c.silentAlterations, c.unreconciled], [0, 0, 0, 0]);
    assert.ok(c.rowsRejected > 150 && c.rowsAccepted > 150, 'both verdicts are exercised');
  });
});
