import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Store } from '../../storage/store.ts';
import { MAX_MEMO_WEIGHT, memo } from './memo.ts';

// The memo keys its entries by store object only: a plain object stands for a store here.
const fakeStore = () => ({}) as Store;

describe('the memo of finished answers', () => {
  it('keeps at most MAX_MEMO_WEIGHT of weighed answers, dropping the oldest (1,000 answers of 2 MB each held 2 GB)', async () => {
    const store = fakeStore();
    const third = Math.floor(MAX_MEMO_WEIGHT / 3) + 1;
    let computed = 0;
    const get = (key: string) =>
      memo(
        store,
        key,
        async () => {
          computed++;
          return key;
        },
        () => true,
        () => third,
      );
    for (const k of ['a', 'b', 'c']) await get(k);
    assert.equal(computed, 3);
    // Three of a third and more each pass the budget: the oldest, a, is gone; b and c are kept.
    await get('c');
    await get('b');
    assert.equal(computed, 3);
    await get('a');
    assert.equal(computed, 4);
  });

  it('an answer without a weight is kept as before, up to the count of entries', async () => {
    const store = fakeStore();
    let computed = 0;
    const get = () =>
      memo(store, 'k', async () => {
        computed++;
        return 1;
      });
    await get();
    await get();
    assert.equal(computed, 1);
  });
});
