import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useBundledStore } from '../../test/helpers/use-bundled-store.ts';
import type { EventFilter } from '../domain/query.ts';
import type { Store } from '../storage/store.ts';
import { invalidateMemo } from './analysis/memo.ts';
import { coverageNote } from './not-covered-note.ts';

describe('the coverage note of a list', () => {
  const base = useBundledStore();

  /**
   * The store, counting its coverage reads and forgetting what was memoised after each one, as an
   * import that lands while an answer is made does: every read the note makes then reaches the store.
   */
  function forgetful(): { store: Store; reads: () => number } {
    let reads = 0;
    const store: Store = new Proxy(base(), {
      get(target, key) {
        const value: unknown = Reflect.get(target, key, target);
        if (key === 'coverage')
          return async () => {
            reads++;
            const read = await target.coverage();
            invalidateMemo(store);
            return read;
          };
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    return { store, reads: () => reads };
  }

  it('reads the coverage once for one answer, dated or not, so its period and status rest on one read (it read it up to four times)', async () => {
    const gap =
      'partly covered: no loaded source version covers 2022-01-01 to 2025-12-31: periods there show no reporting, not no violence';
    const cases: [EventFilter, string | null][] = [
      [{ country: ['PAK'], from: '2020-01-01', to: '2026-03-31' }, 'partly_covered'],
      [{ country: ['PAK'] }, 'partly_covered'],
      [{ country: ['PAK'], from: '2020-01-01', to: '2021-12-31' }, null],
      [{ country: ['PAK'], from: '1950-01-01', to: '1950-12-31' }, 'not_covered'],
      [{ country: ['IND'] }, 'not_covered'],
    ];
    for (const [filter, status] of cases) {
      const { store, reads } = forgetful();
      const note = await coverageNote(store, filter, 'events');
      assert.equal(reads(), 1, JSON.stringify(filter));
      assert.equal(note?.status ?? null, status, JSON.stringify(filter));
      if (status === 'partly_covered') assert.equal(note?.note, gap);
      // The same note as the store that keeps its memo gives.
      assert.deepEqual(note, await coverageNote(base(), filter, 'events'), JSON.stringify(filter));
    }
  });
});
