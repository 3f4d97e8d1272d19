/**
 * Per-store memo of slow, rarely changing facts (coverage, cells per unit) and of finished answers.
 * The serving process is the store's only writer (DuckDB allows one read-write process), so it
 * clears the memo itself after every import; a CLI run is too short to see a change.
 */
import { runWithSignal } from '../../storage/query-signal.ts';
import type { Store } from '../../storage/store.ts';

interface Memo {
  entries: Map<string, Promise<unknown>>;
  /** The weight of each kept value that has one (an answer's characters), and their sum. */
  weights: Map<string, number>;
  total: number;
}
const memos = new WeakMap<Store, Memo>();
const MAX_ENTRIES = 1000;
/**
 * Most characters of kept answers per store: without it 1,000 answers of just under 2 MB each held
 * about 2 GB (one anonymous client's loop of distinct series). The oldest go first.
 */
export const MAX_MEMO_WEIGHT = 64_000_000;

/**
 * The memoised value of `compute` for this store and key; a failed computation, or one `keep`
 * refuses, is not kept. `weigh` gives a kept value's weight (an answer's characters): the memo
 * drops its oldest entries to stay under MAX_MEMO_WEIGHT.
 */
export function memo<T>(
  store: Store,
  key: string,
  compute: () => Promise<T>,
  keep: (value: T) => boolean = () => true,
  weigh?: (value: T) => number,
): Promise<T> {
  let m = memos.get(store);
  if (!m) memos.set(store, (m = { entries: new Map(), weights: new Map(), total: 0 }));
  const memo = m;
  const hit = memo.entries.get(key);
  if (hit) return hit as Promise<T>;
  if (memo.entries.size >= MAX_ENTRIES) forget(memo, memo.entries.keys().next().value!);
  // Shared by every later caller, so no one caller's request signal may cancel it.
  const p = runWithSignal(undefined, compute);
  memo.entries.set(key, p);
  p.then(
    (v) => {
      if (memo.entries.get(key) !== p) return;
      if (!keep(v)) return void memo.entries.delete(key);
      const w = weigh?.(v) ?? 0;
      if (!w) return;
      memo.weights.set(key, w);
      memo.total += w;
      for (const old of memo.entries.keys()) {
        if (memo.total <= MAX_MEMO_WEIGHT || old === key) break;
        forget(memo, old);
      }
    },
    () => void (memo.entries.get(key) === p && memo.entries.delete(key)),
  );
  return p;
}

function forget(m: Memo, key: string): void {
  m.entries.delete(key);
  m.total -= m.weights.get(key) ?? 0;
  m.weights.delete(key);
}

/** Forgets everything memoised for a store (after an import). */
export function invalidateMemo(store: Store): void {
  memos.delete(store);
}
