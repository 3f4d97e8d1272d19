import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { GED_REQUIRED } from '../ucdp-ged/ucdp-ged-schema.ts';
import { filterCountries } from './filter-countries.ts';

describe('filterCountries keeps the chosen countries of a UCDP CSV, byte for byte', () => {
  it('a record cut short (another number of fields than the header) is kept for the importer to reject, never dropped unseen', async () => {
    // Synthetic: GED's columns, values that name the country only where the test needs one.
    const header = GED_REQUIRED.join(',');
    const row = (country: string) => GED_REQUIRED.map((c) => (c === 'country' ? country : '1')).join(',');
    const cut = row('Pakistan').split(',').slice(0, 3).join(','); // the transfer ended before the country
    const text = [header, row('Pakistan'), row('India'), '', cut, row('Afghanistan')].join('\n') + '\n';
    const out = join(mkdtempSync(join(tmpdir(), 'faultline-filter-')), 'kept.csv');
    const report = await filterCountries(Readable.from([text]), out, new Set(['PAK', 'AFG']), 'test.csv');
    assert.deepEqual(report, { read: 4, kept: 3, byCountry: { PAK: 1, AFG: 1 }, malformed: 1 });
    // Records are written with their own line ends (blank lines between them, which the importer skips).
    const lines = readFileSync(out, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l !== '');
    assert.deepEqual(lines, [header, row('Pakistan'), cut, row('Afghanistan')]);
  });
});
