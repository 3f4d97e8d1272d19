import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { importFile } from '../../app/import-dataset.ts';
import { createStore } from '../../storage/index.ts';
import { mapDyadRow } from './dyad-index-importer.ts';

const FIXTURE = new URL('./fixtures/dyad_sample.csv', import.meta.url).pathname;

describe('dyad-index importer', () => {
  it('imports real index days reconciled; a repeated pair, clashing day totals, an unknown country and a bad value are kept as rejected', async () => {
    const raw = parse(readFileSync(FIXTURE), { columns: true }) as Record<string, string>[];
    const store = await createStore({ path: ':memory:' });
    const r = await importFile(store, FIXTURE);
    const l = r.ledger;
    assert.deepEqual([l.format, l.source, l.version], ['dyad-index', 'gdelt-dyad-index', 'to-2022-04-03']);
    assert.equal(l.rowsRead, raw.length);
    assert.deepEqual([l.accepted, l.rejected], [raw.length - 4, 4]);
    const rej = await store.listRejections(l.id);
    assert.deepEqual(
      rej.map((x) => [x.line, x.field, x.reason]),
      [
        [33, 'pair', 'duplicate day and pair 2022-04-01 AFG-PAK (first at line 5)'],
        [34, 'day_total_value', 'day totals differ from those of line 32 for the same date 2022-04-03'],
        [35, 'pair', 'pair: unknown country XXX'],
        [36, 'value', 'value: not a number'],
      ],
    );
    const days = await store.dyadIndexDays({
      source: 'gdelt-dyad-index',
      countryA: 'AFG',
      countryB: 'PAK',
      from: '2022-04-01',
      to: '2022-04-30',
    });
    const want = raw.filter((x, i) => x.pair === 'AFG-PAK' && i < 31).map((x) => Number(x.value));
    assert.deepEqual(
      days.map((d) => d.value),
      want,
    );
    assert.equal((await importFile(store, FIXTURE)).alreadyImported, true);
    await store.close();
  });

  it('stores a pair in alphabetical order (the bundled index is undirected)', () => {
    const m = mapDyadRow({
      date: '2022-04-01',
      pair: 'PAK-AFG',
      value: '-1.5',
      day_total_value: '10',
      day_total_abs: '20',
      day_nonzero_cells: '3',
    });
    assert.ok(m.ok === true);
    assert.deepEqual([m.value.countryA, m.value.countryB, m.value.value], ['AFG', 'PAK', -1.5]);
  });
});
