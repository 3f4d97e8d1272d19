import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApi } from '../api/server.ts';
import { registerImport } from '../cli/commands/import.ts';
import { exitCodeFor } from '../cli/fail.ts';
import { createStore, type Store } from '../storage/index.ts';
import { csvLine, gedRows, writeCandidateCut } from '../../test/helpers/ged-rows.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { createApiKey } from './api-keys.ts';
import { importFile } from './import-dataset.ts';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-older-'));

// The bundled GED file parsed once for the file (half a second a parse; gedCut writes nine files).
let ged: ReturnType<typeof gedRows> | undefined;
/** Rows `from` to `to` of the bundled GED file (GED 22.1, Pakistan, 1990 to 2021), as a CSV named `name`. */
function gedCut(name: string, from: number, to?: number): string {
  const { header, rows } = (ged ??= gedRows());
  const path = join(tmp, name);
  writeFileSync(path, [header, ...rows.slice(from, to)].map(csvLine).join('\n') + '\n');
  return path;
}

/** The UCDP API fixture's first `n` records as an NDJSON download named as `faultline fetch ucdp` names it. */
function apiCut(name: string, n: number): string {
  const page = JSON.parse(
    readFileSync(
      new URL('../ingest/ucdp-api/fixtures/gedevents-22.1-pak-page.json', import.meta.url),
      'utf8',
    ),
  ) as { Result: object[] };
  const path = join(tmp, name);
  writeFileSync(
    path,
    page.Result.slice(0, n)
      .map((r) => JSON.stringify(r) + '\n')
      .join(''),
  );
  return path;
}

let store: Store;
before(async () => {
  // In memory: nothing reads the file (closing a file store that was written to checkpoints it).
  store = await createStore({ path: ':memory:' });
});
after(() => store.close());

const cli = (...args: string[]) => runCli(store, [registerImport], args);
const refusal = (file: string, version: string, stored: string) =>
  `"${file}": GED ${version} is older than the stored GED ${stored}: importing it would bring back events ${stored} withdrew; nothing was imported (--allow-older imports it anyway)`;

describe('faultline import of an older GED release than the stored one', () => {
  it('a GED CSV older than the stored release is refused in one line naming both (exit 2) and writes nothing; --allow-older imports it as before', async () => {
    // GED 26.1 withdrew the 21st event of GED 25.1.
    const newer = await cli('import', gedCut('GEDEvent_v26_1.csv', 0, 20));
    assert.equal(newer.error, undefined, String(newer.error));
    const older = gedCut('GEDEvent_v25_1.csv', 0, 21);
    const imports = (await store.listImports()).length;
    const refused = await cli('import', older);
    assert.equal(exitCodeFor(refused.error), 2);
    assert.equal((refused.error as Error).message, refusal('GEDEvent_v25_1.csv', '25.1', '26.1'));
    assert.equal(await store.countEvents({ source: ['ucdp-ged'] }), 20);
    assert.equal((await store.listImports()).length, imports);
    // Anyway: the event 26.1 withdrew comes back, exactly as the refusal said.
    const anyway = await cli('import', older, '--allow-older', '--format', 'json');
    assert.equal(anyway.error, undefined, String(anyway.error));
    assert.equal((JSON.parse(anyway.out) as { ledger: { added: number } }[])[0]!.ledger.added, 1);
    assert.equal(await store.countEvents({ source: ['ucdp-ged'] }), 21);
    // The same bytes again are a no-op, not a refusal: a script importing its files twice still runs.
    const again = await cli('import', older, '--format', 'json');
    assert.equal(again.error, undefined, String(again.error));
    assert.equal((JSON.parse(again.out) as { already_imported: boolean }[])[0]!.already_imported, true);
  });

  it('a UCDP API download (NDJSON) of an older GED release is refused too, and imported with --allow-older', async () => {
    const older = apiCut('ucdp-ged-25.1-2026-12-01.ndjson', 5);
    const refused = await cli('import', older);
    assert.equal(exitCodeFor(refused.error), 2);
    assert.equal(
      (refused.error as Error).message,
      refusal('ucdp-ged-25.1-2026-12-01.ndjson', '25.1', '26.1'),
    );
    const anyway = await cli('import', older, '--allow-older', '--format', 'json');
    assert.equal(anyway.error, undefined, String(anyway.error));
    assert.equal((JSON.parse(anyway.out) as { ledger: { version: string } }[])[0]!.ledger.version, '25.1');
  });

  it('a GED extract whose version is only inferred from its last event date is not refused, and its guess outranks no release', async () => {
    // The last 30 rows end in 2021 (inferred 22.1), the first 30 in 1997 (inferred 98.1).
    for (const [name, from, to, version] of [
      ['conflict_data_pak_tail.csv', -30, undefined, '22.1'],
      ['conflict_data_pak_head.csv', 0, 30, '98.1'],
    ] as const) {
      const r = await cli('import', gedCut(name, from, to), '--format', 'json');
      assert.equal(r.error, undefined, String(r.error));
      assert.equal((JSON.parse(r.out) as { ledger: { version: string } }[])[0]!.ledger.version, version);
    }
    // The JavaScript reader refuses a stated older release in the same words, naming 26.1, not 98.1.
    await assert.rejects(
      importFile(store, gedCut('GEDEvent_v24_1.csv', 0, 5), { native: false, refuseOlderGed: true }),
      { message: refusal('GEDEvent_v24_1.csv', '24.1', '26.1') },
    );
  });

  it('the API import route refuses it with 400 and the one line (naming allow_older), and imports it with allow_older=true', async () => {
    const key = (await createApiKey(store, { role: 'analyst', name: 'older test' })).key;
    const app = createApi({ store, log: () => {} }).app;
    const post = (fields: Record<string, string>) => {
      const f = new FormData();
      f.set('file', new Blob([readFileSync(gedCut('GEDEvent_v23_1.csv', 0, 22))]), 'GEDEvent_v23_1.csv');
      for (const [k, v] of Object.entries(fields)) f.set(k, v);
      return app.request('/api/v1/imports', {
        method: 'POST',
        body: f,
        headers: { authorization: `Bearer ${key}` },
      });
    };
    const events = await store.countEvents({ source: ['ucdp-ged'] });
    const imports = (await store.listImports()).length;
    for (const fields of [{}, { allow_older: 'false' }] as Record<string, string>[]) {
      const refused = await post(fields);
      assert.equal(refused.status, 400);
      assert.deepEqual(await refused.json(), {
        error: {
          code: 'invalid_input',
          message: refusal('GEDEvent_v23_1.csv', '23.1', '26.1').replace('--allow-older', 'allow_older=true'),
        },
      });
    }
    assert.equal(await store.countEvents({ source: ['ucdp-ged'] }), events);
    assert.equal((await store.listImports()).length, imports);
    const bad = await post({ allow_older: 'maybe' });
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), {
      error: {
        code: 'invalid_input',
        message: 'invalid allow_older: "maybe" (use true, false, yes, no, 1 or 0)',
      },
    });
    const anyway = await post({ allow_older: 'true' });
    assert.equal(anyway.status, 201);
    assert.equal(((await anyway.json()) as { ledger: { version: string } }).ledger.version, '23.1');
  });

  it('Candidate releases are never refused: an older monthly release after a newer one is imported', async () => {
    for (const name of ['GEDEvent_v26_0_7.csv', 'GEDEvent_v26_0_3.csv']) {
      const path = writeCandidateCut(tmp, name, 'Balochistan province', '2021-01-01', '2021-06-30');
      const r = await cli('import', path, '--input-format', 'ucdp-candidate');
      assert.equal(r.error, undefined, String(r.error));
    }
  });
});
