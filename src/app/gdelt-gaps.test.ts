import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { GdeltGapKind } from '../domain/gdelt-gap-kind.ts';
import { createStore } from '../storage/index.ts';
import type { Store } from '../storage/store.ts';
import { gdeltGapsAnswer } from './gdelt-gaps.ts';

// Synthetic gaps, recorded as a fetch records them (Store.replaceGdeltGaps): 12 on 2025-08-07, every
// hour a download gap, on the half hour a checksum one.
const DAY = '20250807';
const PERIOD = { from: `${DAY}000000`, to: `${DAY}235959` };
const gaps = (hours: number) =>
  Array.from({ length: hours }, (_, h) => ({
    slice: `${DAY}${String(h).padStart(2, '0')}${h % 2 ? '30' : '00'}00`,
    kind: (h % 2 ? 'checksum' : 'download') as GdeltGapKind,
    reason: `synthetic gap ${h}`,
  }));

/**
 * The store, with each of its gap reads followed by a fetch committing more gaps before the next
 * gap read starts: what a `fetch gdelt` finishing while a listing was read could do. A listing read
 * in two statements (a count, then a page) sees the fetch between them; one read in one statement
 * sees it in both or in neither.
 */
function fetchBetweenReads(store: Store): {
  store: Store;
  reads: () => number;
  fetched: () => Promise<unknown>;
} {
  let reads = 0;
  let turn: Promise<unknown> = Promise.resolve();
  const proxy = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof name !== 'string' || typeof value !== 'function') return value;
      if (!/gdeltgap/i.test(name) || name === 'replaceGdeltGaps') return value.bind(target);
      return (...args: unknown[]) => {
        const read = turn.then(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
        reads++;
        // The next fetch records one more gap than the last (hours 12, 13, ...).
        turn = read.then(() => store.replaceGdeltGaps!(PERIOD, gaps(12 + reads), '2026-12-07T09:00:00.000Z'));
        return read;
      };
    },
  });
  return { store: proxy, reads: () => reads, fetched: () => turn };
}

describe('a GDELT gap listing is one consistent read', () => {
  let store: Store;
  before(async () => {
    store = await createStore({ path: ':memory:' });
    await store.replaceGdeltGaps!(PERIOD, gaps(12), '2026-12-07T08:00:00.000Z');
  });
  after(() => store.close());

  it('lists as many gaps as its total when the page is not cut, and counts every kind of them', async () => {
    const a = await gdeltGapsAnswer(store, {}, { limit: null, offset: 0 });
    assert.equal(a.total, 12);
    assert.equal(a.gaps.length, a.total);
    assert.deepEqual(
      a.by_kind.filter((k) => k.gaps).map((k) => [k.kind, k.gaps]),
      [
        ['download', 6],
        ['checksum', 6],
      ],
    );
    assert.equal(a.note, null);
    // A page past the end, or of no rows, still counts every gap.
    const past = await gdeltGapsAnswer(store, {}, { limit: 5, offset: 40 });
    assert.deepEqual([past.total, past.gaps.length], [12, 0]);
    const none = await gdeltGapsAnswer(store, { kind: 'checksum' }, { limit: 0, offset: 0 });
    assert.deepEqual([none.total, none.gaps.length], [6, 0]);
    const page = await gdeltGapsAnswer(store, {}, { limit: 5, offset: 10 });
    assert.deepEqual([page.total, page.gaps.map((g) => g.slice)], [12, [`${DAY}100000`, `${DAY}113000`]]);
  });

  it('a fetch committing while the listing is read does not split its total from its rows', async () => {
    const { store: racing, reads, fetched } = fetchBetweenReads(store);
    const a = await gdeltGapsAnswer(racing, {}, { limit: null, offset: 0 });
    assert.equal(a.gaps.length, a.total, JSON.stringify({ total: a.total, listed: a.gaps.length }));
    assert.equal(
      a.by_kind.reduce((n, k) => n + k.gaps, 0),
      a.gaps.length,
    );
    for (const kind of ['download', 'checksum'] as const)
      assert.equal(
        a.by_kind.find((k) => k.kind === kind)!.gaps,
        a.gaps.filter((g) => g.kind === kind).length,
        kind,
      );
    assert.equal(reads(), 1, 'one read of the gaps');
    // The fetch did commit, after the read: the next listing holds its gaps.
    await fetched();
    assert.equal((await gdeltGapsAnswer(store, {})).total, 13);
  });
});
