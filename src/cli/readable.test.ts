import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { indexQuery } from '../app/analysis/conflict-index.ts';
import { createStore, type Store } from '../storage/index.ts';
import { addStagedEvents, stagedEvent } from '../../test/helpers/synthetic-events.ts';
import { render } from './output.ts';
import { readable } from '../domain/readable.ts';

describe('readable numbers in CLI tables', () => {
  it('ratios and quantiles show 3 significant digits, p-values under 0.001 as < 0.001', () => {
    assert.equal(readable(1.680648273200849), '1.68');
    assert.equal(readable(59.09999999999991), '59.1');
    assert.equal(readable(0.00047500888761813103), '0.000475');
    assert.equal(readable(1234.567), '1235');
    assert.equal(readable(42), '42');
    assert.equal(readable(0.00047500888761813103, 'p_value'), '< 0.001');
    assert.equal(readable(0.0123, 'p_value'), '0.012');
  });

  it('tables round, csv and json keep full precision', () => {
    const rows = [{ rate_ratio: 1.680648273200849, p_value: 0.00047500888761813103, q50: 59.09999999999991 }];
    assert.equal(
      render(rows, 'table'),
      // Number columns are right-aligned, headers too.
      'rate_ratio  p_value   q50\n----------  -------  ----\n      1.68  < 0.001  59.1\n',
    );
    assert.equal(
      render(rows, 'csv'),
      'rate_ratio,p_value,q50\n1.680648273200849,0.00047500888761813103,59.09999999999991\n',
    );
    assert.deepEqual(JSON.parse(render(rows, 'json')), rows);
  });
});

describe('index of one country', () => {
  let store: Store;
  before(async () => {
    store = await createStore({ path: ':memory:' });
    const unit = (code: string, name: string, n: number, country = 'PAK') =>
      Array.from({ length: n }, (_, i) =>
        stagedEvent(`${code}-${i}`, { country, admin1Code: code, admin1Name: name, h3Coarse: `85${code}` }),
      );
    await addStagedEvents(store, [
      ...unit('PK-KP', 'Khyber Pakhtunkhwa', 2),
      ...unit('PK-BA', 'Balochistan', 5),
      ...unit('AF-KAB', 'Kabul', 3, 'AFG'),
    ]);
  });
  after(() => store.close());

  it("keeps only the filtered country's provinces, largest first, names beside codes", async () => {
    const r = await indexQuery(store, { country: ['PAK'] });
    const rows = r.units.map((u) => [u.admin1_code, u.admin1_name, u.events]);
    assert.deepEqual(rows.slice(0, 2), [
      ['PK-BA', 'Balochistan', 5],
      ['PK-KP', 'Khyber Pakhtunkhwa', 2],
    ]);
    // Pakistan's other provinces, covered and without events, are zeros with their names; no Afghan one.
    assert.equal(rows.length, 7);
    assert.ok(
      rows.slice(2).every(([code, name, n]) => String(code).startsWith('PK-') && name && n === 0),
      JSON.stringify(rows),
    );
  });
});
