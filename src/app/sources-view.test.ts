import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApi } from '../api/server.ts';
import { registerImport } from '../cli/commands/import.ts';
import { registerSources } from '../cli/commands/sources.ts';
import { createStore, type Store } from '../storage/index.ts';
import { csvLine, gedRows } from '../../test/helpers/ged-rows.ts';
import { REAL_GDELT_FILE } from '../../test/helpers/gdelt-rows.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import type { LedgerRow, SourcesAnswer } from './answers.ts';
import { createApiKey } from './api-keys.ts';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-ledger-shape-'));

/** Rows `from` to `to` of the bundled GED file as a CSV named `name`, the second of them rejected (best `n/a`). */
function gedCut(name: string, from: number, to: number): string {
  const { header, rows } = gedRows();
  const best = header.indexOf('best');
  const cut = rows.slice(from, to).map((r, i) => (i === 1 ? r.map((v, j) => (j === best ? 'n/a' : v)) : r));
  const path = join(tmp, name);
  writeFileSync(path, [header, ...cut].map(csvLine).join('\n') + '\n');
  return path;
}

let store: Store;
before(async () => {
  store = await createStore({ path: ':memory:' });
});
after(() => store.close());

/** The ledger as `faultline sources --part imports --format json` gives it, by import id. */
async function sourcesEntry(id: number): Promise<LedgerRow> {
  const r = await runCli(store, [registerSources], ['sources', '--part', 'imports', '--format', 'json']);
  assert.equal(r.error, undefined, String(r.error));
  const entry = (JSON.parse(r.out) as Partial<SourcesAnswer>).imports!.find((l) => l.id === id);
  assert.ok(entry, `sources lists import ${id}`);
  return entry;
}

/** The ledger entry of an import's answer is the sources entry of that import: the same keys in the same order, the same values. */
async function sameAsSources(ledger: LedgerRow): Promise<void> {
  const entry = await sourcesEntry(ledger.id);
  assert.deepEqual(Object.keys(ledger), Object.keys(entry));
  assert.deepEqual(ledger, entry);
}

describe('every import answer gives its ledger entry exactly as faultline sources and GET /sources do', () => {
  it('faultline import --format json: a dataset file, the same bytes again, a GDELT file with --countries', async () => {
    const ged = gedCut('conflict_data_pak_cut.csv', 0, 4);
    for (const args of [[ged], [ged], [REAL_GDELT_FILE, '--countries', 'PAK']]) {
      const r = await runCli(store, [registerImport], ['import', ...args, '--format', 'json']);
      assert.equal(r.error, undefined, String(r.error));
      const [j] = JSON.parse(r.out) as { file: string; ledger: LedgerRow }[];
      // `file` is the path given; the ledger's own `file` is the name it keeps.
      assert.equal(j!.file, args[0]);
      await sameAsSources(j!.ledger);
    }
  });

  it('POST /api/v1/imports: a dataset file (with a rejected row) and a GDELT export with countries', async () => {
    const key = (await createApiKey(store, { role: 'analyst', name: 'ledger shape' })).key;
    const app = createApi({ store, log: () => {} }).app;
    const upload = async (path: string, name: string, fields: Record<string, string> = {}) => {
      const form = new FormData();
      form.set('file', new Blob([readFileSync(path)]), name);
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      const res = await app.request('/api/v1/imports', {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${key}` },
      });
      assert.equal(res.status, 201, await res.clone().text());
      return ((await res.json()) as { ledger: LedgerRow }).ledger;
    };
    const dataset = await upload(
      gedCut('conflict_data_pak_upload.csv', 10, 14),
      'conflict_data_pak_upload.csv',
    );
    assert.equal(dataset.rejected, 1);
    const gdelt = await upload(REAL_GDELT_FILE, '20250807220000.export.CSV', { countries: 'IND' });
    assert.equal(gdelt.scope, 'IND');
    const served = (await (
      await app.request('/api/v1/sources?part=imports', { headers: { authorization: `Bearer ${key}` } })
    ).json()) as Partial<SourcesAnswer>;
    for (const ledger of [dataset, gdelt]) {
      await sameAsSources(ledger);
      assert.deepEqual(
        served.imports!.find((l) => l.id === ledger.id),
        ledger,
      );
    }
  });
});
