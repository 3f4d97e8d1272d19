import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { exitCodeFor } from '../../cli/fail.ts';
import { StoreError } from '../../domain/errors.ts';
import { GED_REQUIRED } from '../ucdp-ged/ucdp-ged-schema.ts';
import { filterCountries } from './filter-countries.ts';

// Synthetic: GED's required columns, values that name the country only where the test needs one.
const header = GED_REQUIRED.join(',');
const row = (country: string) => GED_REQUIRED.map((c) => (c === 'country' ? country : '1')).join(',');
const filter = async (lines: string[], eol = '\n') => {
  const out = join(mkdtempSync(join(tmpdir(), 'faultline-filter-')), 'kept.csv');
  const report = await filterCountries(
    Readable.from([lines.join(eol) + eol]),
    out,
    new Set(['PAK', 'AFG']),
    't',
  );
  return { report, text: readFileSync(out, 'utf8') };
};

describe('filterCountries keeps the chosen countries of a UCDP CSV, byte for byte', () => {
  it('a record cut short (another number of fields than the header) is kept for the importer to reject, never dropped unseen', async () => {
    const cut = row('Pakistan').split(',').slice(0, 3).join(','); // the transfer ended before the country
    const { report } = await filter([header, row('Pakistan'), row('India'), '', cut, row('Afghanistan')]);
    assert.deepEqual(report, { read: 4, kept: 3, byCountry: { PAK: 1, AFG: 1 }, malformed: 1 });
  });

  it('a full disk fails in one line naming the extract and the cause (exit 4), not as an unreadable CSV (exit 2, or 5 in update)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'faultline-filter-')), 'kept.csv');
    symlinkSync('/dev/full', out); // every write to /dev/full fails with ENOSPC, as on a full disk
    const e = await filterCountries(Readable.from([`${header}\n${row('Pakistan')}\n`]), out, null, 't').then(
      () => null,
      (x: unknown) => x,
    );
    assert.ok(e instanceof StoreError, String(e));
    assert.equal(e.message, `cannot write "${out}": ENOSPC: no space left on device`);
    assert.equal(exitCodeFor(e), 4);
  });

  it('writes each kept record once with its own line end, so the line numbers of rejected rows count records', async () => {
    const { text } = await filter([header, row('Pakistan'), row('India'), row('Afghanistan')]);
    assert.equal(text, [header, row('Pakistan'), row('Afghanistan')].join('\n') + '\n');
    const crlf = await filter([header, row('India'), row('Pakistan')], '\r\n');
    assert.equal(crlf.text, `${header}\r\n${row('Pakistan')}\r\n`);
  });
});
