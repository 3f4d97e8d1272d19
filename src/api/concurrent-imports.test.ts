import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../app/api-keys.ts';
import { createStore, type Store } from '../storage/index.ts';
import { createApi } from './server.ts';
import { closeDiscarded } from '../../test/helpers/discard-store.ts';

// A synthetic ACLED export of three rows, and a real GDELT export (their fixtures' README.md).
const ACLED = new URL('../ingest/acled/fixtures/acled_2024-01-01-2024-03-31_synthetic.csv', import.meta.url);
const GDELT = new URL('../ingest/gdelt/fixtures/20250807220000.export.CSV', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'faultline-imports-'));
let store: Store;
let key = '';
before(async () => {
  store = await createStore({ path: join(dir, 'store.duckdb') });
  key = (await createApiKey(store, { role: 'analyst', name: 'test' })).key;
});
after(async () => {
  await closeDiscarded(store); // thrown away (discard-store.ts)
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /api/v1/imports of the same bytes at once', () => {
  for (const [kind, file] of [
    ['a dataset file', ACLED],
    ['a GDELT export', GDELT],
  ] as const)
    it(`imports ${kind} once: one 201, the others 200 already_imported naming its ledger entry (each made an entry of its own)`, async () => {
      const api = createApi({ store, log: () => {} });
      const bytes = readFileSync(file);
      const name = file.pathname.split('/').at(-1)!;
      const send = async () => {
        const form = new FormData();
        form.set('file', new Blob([bytes]), name);
        const res = await api.app.request('/api/v1/imports', {
          method: 'POST',
          body: form,
          headers: { authorization: `Bearer ${key}` },
        });
        return {
          status: res.status,
          body: (await res.json()) as { already_imported: boolean; ledger: { id: number } },
        };
      };
      const answers = await Promise.all([send(), send(), send()]);
      assert.deepEqual(answers.map((a) => [a.status, a.body.already_imported]).sort(), [
        [200, true],
        [200, true],
        [201, false],
      ]);
      const ledger = (await store.listImports()).filter((l) => l.fileName === name);
      assert.equal(ledger.length, 1);
      assert.deepEqual(new Set(answers.map((a) => a.body.ledger.id)), new Set([ledger[0]!.id]));
    });
});
