/**
 * Two saves at once, in the order that lets each miss the other, made certain: `first` has its
 * read of the desk answered before `second` writes, and that answer is held until `second`'s write
 * has landed, so `first` decides on a desk without `second` while `second` decides on one without
 * `first`. A save that decides inside its write transaction makes no such read, and nothing is
 * held. Every read and write still goes to the real store; only their order is fixed, which timing
 * alone would leave to chance.
 */
import type { Store } from '../../src/storage/store.ts';

const WRITES: ReadonlySet<PropertyKey> = new Set(['saveDeskChange', 'decideDeskChange']);

/**
 * Two views of `store`: `first`'s call of `read` after `skip` others (its first, unless told) is
 * held until `second` has written; `second` writes only once `first` has read so or begun to write.
 */
export function crossedSaves(
  store: Store,
  read: 'listDeskEvents' | 'getDeskEvent',
  skip = 0,
): { first: Store; second: Store } {
  let firstReady!: () => void;
  const firstReached = new Promise<void>((r) => (firstReady = r));
  let secondDone!: () => void;
  const secondWrote = new Promise<void>((r) => (secondDone = r));
  let held = false;
  const view = (wrap: (key: PropertyKey, fn: (...a: unknown[]) => Promise<unknown>) => unknown) =>
    new Proxy(store, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        if (typeof value !== 'function') return value;
        const fn = (...a: unknown[]) => (value as (...a: unknown[]) => Promise<unknown>).apply(target, a);
        return wrap(key, fn) ?? fn;
      },
    });
  const first = view((key, fn) => {
    if (WRITES.has(key))
      return (...a: unknown[]) => {
        firstReady();
        return fn(...a);
      };
    if (key !== read) return undefined;
    return async (...a: unknown[]) => {
      const answer = await fn(...a);
      if (held || skip-- > 0) return answer;
      held = true;
      firstReady();
      await secondWrote;
      return answer;
    };
  });
  const second = view((key, fn) =>
    WRITES.has(key)
      ? async (...a: unknown[]) => {
          await firstReached;
          try {
            return await fn(...a);
          } finally {
            secondDone();
          }
        }
      : undefined,
  );
  return { first, second };
}
