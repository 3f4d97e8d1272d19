/**
 * Per-store memo of slow, rarely changing facts (coverage, cells per unit) and of finished answers.
 * The serving process is the store's only writer (DuckDB allows one read-write process), so it
 * clears the memo itself after every import; a CLI run is too short to see a change.
 */
import { runWithSignal } from '../../storage/query-signal.ts';
import type { Store } from '../../storage/store.ts';

const memos = new WeakMap<Store, Map<string, Promise<unknown>>>();
const MAX_ENTRIES = 1000;

/** The memoised value of `compute` for this store and key; a failed computation, or one `keep` refuses, is not kept. */
export function memo<T>(
  store: Store,
  key: string,
  compute: () => Promise<T>,
  keep: (value: T) => boolean = () => true,
): Promise<T> {
  let m = memos.get(store);
  if (!m) memos.set(store, (m = new Map()));
  const hit = m.get(key);
  if (hit) return hit as Promise<T>;
  if (m.size >= MAX_ENTRIES) m.delete(m.keys().next().value!);
  // Shared by every later caller, so no one caller's request signal may cancel it.
  const p = runWithSignal(undefined, compute);
  m.set(key, p);
  p.then(
    (v) => void (keep(v) || m.get(key) !== p || m.delete(key)),
    () => void (m.get(key) === p && m.delete(key)),
  );
  return p;
}

/** Forgets everything memoised for a store (after an import). */
export function invalidateMemo(store: Store): void {
  memos.delete(store);
}
