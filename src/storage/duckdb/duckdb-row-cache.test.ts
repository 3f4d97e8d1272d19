import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { EventSort } from '../../domain/query.ts';
import { bundledStoreCopy } from '../../../test/helpers/bundled-store.ts';
import { DuckDBStore } from './duckdb-store.ts';
import { EventRowCache } from './duckdb-row-cache.ts';

describe('event row cache', () => {
  test('a kept row comes back as a copy, and any write since it was read empties the cache', () => {
    let writes = 0;
    const cache = new EventRowCache(() => writes, 2);
    const since = cache.mark();
    cache.keep(since, [{ id: 'a', actor_ids: ['x'] }]);
    const a = cache.get('a')!;
    (a.actor_ids as string[]).push('changed by the caller');
    assert.deepEqual(cache.get('a'), { id: 'a', actor_ids: ['x'] });
    writes++;
    assert.equal(cache.get('a'), undefined, 'a write empties the cache');
    // Rows read before a write never enter it after the write.
    const stale = cache.mark();
    writes++;
    cache.keep(stale, [{ id: 'b' }]);
    assert.equal(cache.size, 0);
  });

  test('keeps the rows used last, up to its capacity', () => {
    const cache = new EventRowCache(() => 0, 2);
    cache.keep(cache.mark(), [{ id: 'a' }, { id: 'b' }]);
    cache.get('a');
    cache.keep(cache.mark(), [{ id: 'c' }]);
    assert.equal(cache.size, 2);
    assert.ok(cache.get('a') && cache.get('c'));
    assert.equal(cache.get('b'), undefined, 'the least recently used row went first');
  });
});

describe('event pages on the bundled store', () => {
  let store: DuckDBStore;
  let path: string;
  before(async () => {
    path = await bundledStoreCopy();
    store = await DuckDBStore.open(path);
    // Unknown deaths on a few events, so the pages cross the nulls of the sort key.
    await store.select(
      `UPDATE events SET fatalities_best = NULL WHERE id IN (SELECT id FROM events WHERE admin1_code = 'PK-KP' ORDER BY id LIMIT 7)`,
    );
    // Written around an import: the rollups and the listings' event_keys are made again from events.
    await store.rebuildRollups();
  });
  after(async () => {
    await store.close();
    rmSync(dirname(path), { recursive: true, force: true });
  });

  const ORDER: Record<EventSort, string> = {
    date: 'date_start, id',
    '-date': 'date_start DESC, id DESC',
    fatalities: 'fatalities_best NULLS FIRST, date_start, id',
    '-fatalities': 'fatalities_best DESC NULLS LAST, date_start, id',
  };

  test('every sort gives the rows and order plain SQL gives, cold and from the cache, across the nulls', async () => {
    for (const sort of Object.keys(ORDER) as EventSort[]) {
      for (const offset of [0, 40, 1500]) {
        const expected = (
          await store.select<{ id: string }>(
            `SELECT id FROM events WHERE admin1_code = 'PK-KP' AND superseded_by IS NULL ORDER BY ${ORDER[sort]} LIMIT 60 OFFSET ${offset}`,
          )
        ).map((r) => r.id);
        assert.ok(expected.length > 0, `${sort} ${offset}: the bundled data hold such a page`);
        const q = { admin1: ['PK-KP'], sort, limit: 60, offset };
        const cold = await store.queryEvents(q);
        const warm = await store.queryEvents(q);
        assert.deepEqual(
          cold.rows.map((e) => e.id),
          expected,
          `${sort} offset ${offset}, read from the table`,
        );
        assert.deepEqual(warm.rows, cold.rows, `${sort} offset ${offset}, from the cache`);
      }
    }
  });

  test('a page listed before a change shows the change after it', async () => {
    const q = { admin1: ['PK-KP'], sort: '-date' as const, limit: 5 };
    const before = await store.queryEvents(q);
    const id = before.rows[0]!.id;
    await store.select(`UPDATE events SET headline = 'changed after listing' WHERE id = $1`, [id]);
    const afterChange = await store.queryEvents(q);
    assert.equal(afterChange.rows[0]!.headline, 'changed after listing');
    assert.equal((await store.getEvent(id))!.headline, 'changed after listing');
  });
});
