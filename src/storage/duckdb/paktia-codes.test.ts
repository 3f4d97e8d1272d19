import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundledStoreCopy } from '../../../test/helpers/bundled-store.ts';
import { ADMIN1_UNITS } from '../../geo/units.ts';
import { DuckDBStore } from './duckdb-store.ts';

// ISO 3166-2:AF: AF-PIA is Paktiyā (Paktia), AF-PKA Paktīkā (Paktika). Natural Earth has them the
// other way round, and stores placed before migration 23 took Natural Earth's codes.
describe('Paktia and Paktika carry their ISO 3166-2 codes', () => {
  let store: DuckDBStore;
  let path: string;
  before(async () => {
    path = await bundledStoreCopy();
    store = await DuckDBStore.open(path);
  });
  after(async () => {
    await store.close();
    rmSync(dirname(path), { recursive: true, force: true });
  });

  // Events counted per code among those the rollups hold (superseded ones are not rolled up).
  const byCode = () =>
    store.select<{ code: string; name: string; n: number }>(
      `SELECT admin1_code AS code, admin1_name AS name, CAST(count(*) AS INTEGER) AS n FROM events
       WHERE admin1_code IN ('AF-PIA', 'AF-PKA') AND superseded_by IS NULL GROUP BY ALL ORDER BY 1`,
    );

  it('in the unit registry and on the events placed there', async () => {
    const unit = (code: string) => ADMIN1_UNITS.find((u) => u.code === code)?.name;
    assert.deepEqual([unit('AF-PIA'), unit('AF-PKA')], ['Paktia', 'Paktika']);
    const placed = await byCode();
    assert.ok(placed.length > 0, 'the bundled Candidate files place events in Paktia or Paktika');
    for (const r of placed) assert.equal(r.name, unit(r.code), r.code);
  });

  it('migration 23 mends a store placed with the swapped codes, events and rollups alike', async () => {
    const right = await byCode();
    const swap = (c: string) =>
      `${c} = CASE ${c} WHEN 'AF-PKA' THEN 'AF-PIA' WHEN 'AF-PIA' THEN 'AF-PKA' ELSE ${c} END`;
    await store.select(`UPDATE events SET ${swap('admin1_code')}, ${swap('point_admin1_code')}`);
    await store.select(`UPDATE rollup_day SET ${swap('admin1_code')}`);
    await store.select(`UPDATE rollup_month SET ${swap('admin1_code')}`);
    assert.notDeepEqual(await byCode(), right, 'the store now holds the old codes');
    await store.select(`DELETE FROM schema_migrations WHERE version = 23`);
    await store.migrate();
    assert.deepEqual(await byCode(), right);
    const rolled = (rows: { code: string; n: number }[]) => rows.map((r) => [r.code, r.n]);
    const fromRollups = await store.select<{ code: string; n: number }>(
      `SELECT admin1_code AS code, CAST(sum(events) AS INTEGER) AS n FROM rollup_month
       WHERE admin1_code IN ('AF-PIA', 'AF-PKA') GROUP BY ALL ORDER BY 1`,
    );
    assert.deepEqual(rolled(fromRollups), rolled(right));
  });
});
