import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { exitCodeFor } from '../../cli/fail.ts';
import { StoreError } from '../../domain/errors.ts';
import type { FilterReport } from './filter-countries.ts';
import { filteredExtract, type ExtractKey } from './filtered-extract.ts';

describe('the filtered extract of a download', () => {
  it('is made again only when the download sha256, the countries or the extract itself changed', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'faultline-extract-')), 'GEDEvent_v26_1-AFG_PAK.csv');
    let runs = 0;
    const filter = async (): Promise<FilterReport> => {
      runs++;
      writeFileSync(out, 'id,country\n1,Pakistan\n');
      return { read: 2, kept: 1, byCountry: { PAK: 1 }, malformed: 0 };
    };
    const key: ExtractKey = { url: 'http://x/ged/ged261-csv.zip', sha256: 'aa', countries: ['PAK', 'AFG'] };
    const reused = async (k: ExtractKey) => (await filteredExtract(out, k, filter)).reused;
    assert.equal(await reused(key), false);
    assert.equal(await reused(key), true);
    assert.equal(
      await reused({ ...key, countries: ['AFG', 'pak'] }),
      true,
      'the same countries in another order',
    );
    assert.equal(await reused({ ...key, sha256: 'bb' }), false, 'another zip');
    assert.equal(await reused({ ...key, sha256: 'bb', countries: ['PAK'] }), false, 'other countries');
    assert.equal(await reused({ ...key, sha256: 'bb', countries: null }), false, 'every country');
    writeFileSync(out, 'id,country\n');
    assert.equal(await reused({ ...key, sha256: 'bb', countries: null }), false, 'an extract cut since');
    assert.equal(runs, 5);
    const { report } = await filteredExtract(out, { ...key, sha256: 'bb', countries: null }, filter);
    assert.deepEqual(report, { read: 2, kept: 1, byCountry: { PAK: 1 }, malformed: 0 }, 'the report is kept');
  });

  it('a sidecar that cannot be written fails in one line naming its path, as the store side (exit 4), not a raw EISDIR', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'faultline-extract-')), 'GEDEvent_v26_1-PAK.csv');
    const key: ExtractKey = { url: 'http://x/ged/ged261-csv.zip', sha256: 'aa', countries: ['PAK'] };
    const error = await filteredExtract(out, key, async () => {
      writeFileSync(out, 'id,country\n1,Pakistan\n');
      mkdirSync(`${out}.json`); // where the sidecar goes
      return { read: 2, kept: 1, byCountry: { PAK: 1 }, malformed: 0 };
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof StoreError, String(error));
    assert.equal(error.message, `cannot write "${out}.json": EISDIR: illegal operation on a directory`);
    assert.equal(exitCodeFor(error), 4);
  });
});
