/**
 * `geo disagreements --level admin2` and `geo unplaced` on the bundled store (every bundled file,
 * placed): the lists the store's grouped read gives are those the old row-by-row read gave, whose
 * 100,000 events cover this store whole, with the figures docs/geography.md quotes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bundledStoreCopy } from '../../test/helpers/bundled-store.ts';
import {
  districtDisagreementsByRow,
  unplacedDistrictsByRow,
} from '../../test/helpers/row-by-row-districts.ts';
import { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { districtDisagreements } from './district-disagreements.ts';
import { unplacedDistricts } from './unplaced-districts.ts';

describe("Pakistan's district lists on the bundled store", () => {
  let store: DuckDBStore;
  before(async () => {
    store = await DuckDBStore.open(await bundledStoreCopy());
  });
  after(() => store.close());

  it('geo disagreements --level admin2 lists the groups, counts and example places the row-by-row read listed', async () => {
    const { read, ...before } = await districtDisagreementsByRow(store);
    assert.equal(read, before.total, 'the old read covered the store');
    const r = await districtDisagreements(store);
    assert.deepEqual(r, before);
    // docs/geography.md: the largest groups, with the place of each one's first event.
    assert.deepEqual(
      r.groups.slice(0, 3).map((g) => [g.admin2_label, g.admin2_name, g.events, g.example_place]),
      [
        ['Khyber agency', 'Peshawar', 91, 'Bara town'],
        ['Bajaur agency', 'Malakand', 39, 'Khar town'],
        ['Dera Bugti district', 'Gwadar', 24, 'Sui town'],
      ],
    );
  });

  it('geo unplaced lists the groups, reasons and counts the row-by-row read listed: 502 of 7,215 events', async () => {
    const before = await unplacedDistrictsByRow(store);
    const r = await unplacedDistricts(store);
    assert.deepEqual(r, before);
    assert.deepEqual([r.events, r.total], [502, 7215]);
  });
});
