import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createStore } from '../storage/index.ts';
import type { Store } from '../storage/store.ts';
import { coverageStatus, relevantCoverage } from './analysis/meta.ts';
import { importFile } from './import-dataset.ts';

// The synthetic ACLED fixture (Pakistan, January to March 2024) imported as an export of
// 2024-01-01 to 2024-03-31, then again, byte for byte the same rows with CRLF line ends, as an
// export declaring 2024-01-01 to 2024-04-30: every row unchanged, so every event keeps the first
// version's label, yet the second release covers April 2024 for Pakistan.
const FIXTURE = new URL(
  '../ingest/acled/fixtures/acled_2024-01-01-2024-03-31_synthetic.csv',
  import.meta.url,
);
const tmp = mkdtempSync(join(tmpdir(), 'faultline-unchanged-release-'));
let store: Store;

describe('a release whose rows are all unchanged still covers its countries', () => {
  before(async () => {
    const lf = readFileSync(FIXTURE, 'utf8');
    const first = join(tmp, 'acled_2024-01-01-2024-03-31.csv');
    const second = join(tmp, 'acled_2024-01-01-2024-04-30.csv');
    writeFileSync(first, lf);
    writeFileSync(second, lf.replace(/\r?\n/g, '\r\n'));
    // In memory: nothing reads the file (closing a file store that was written to checkpoints it).
    store = await createStore({ path: ':memory:' });
    const once = await importFile(store, first, { link: false, alerts: false });
    const again = await importFile(store, second, { link: false, alerts: false });
    assert.ok(once.ledger.accepted > 0);
    assert.deepEqual(
      [again.ledger.version, again.ledger.unchanged, again.ledger.added, again.ledger.changed],
      ['2024-04-30', once.ledger.accepted, 0, 0],
    );
  });
  after(async () => {
    await store.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('the second release covers Pakistan to 30 April (it held no event of its own and covered no country: April was "not covered" for PAK)', async () => {
    const coverage = await store.coverage();
    const second = coverage.find((c) => c.source === 'acled' && c.version === '2024-04-30');
    assert.ok(second, JSON.stringify(coverage));
    assert.deepEqual([second.events, second.countries, second.lastDate], [0, ['PAK'], '2024-04-30']);
    const april = { from: '2024-04-01', to: '2024-04-30' };
    assert.equal(
      coverageStatus(relevantCoverage(coverage, { ...april, country: ['PAK'] }), april.from, april.to),
      'covered',
    );
    // A country neither file holds is still not covered there.
    assert.equal(
      coverageStatus(relevantCoverage(coverage, { ...april, country: ['AFG'] }), april.from, april.to),
      'not_covered',
    );
  });
});
