/**
 * Two requests that arrive together, made certain: a real store whose reads of a desk event are
 * each held until `n` of them have been read, so that `n` changes in flight all decide on the same
 * version before any of them writes. Every read and write still goes to the real store; only
 * their order is fixed, which timing alone would leave to chance.
 */
import type { Store } from '../../src/storage/store.ts';

/** `store` with its next `n` getDeskEvent answers held until all `n` are in (later reads are not held). */
export function readTogether(store: Store, n: number): Store {
  let held: (() => void)[] = [];
  let left = n;
  return new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== 'function') return value;
      if (key !== 'getDeskEvent') return value.bind(target);
      return async (...args: unknown[]) => {
        const answer: unknown = await value.apply(target, args);
        if (left <= 0) return answer;
        left--;
        await new Promise<void>((resolve) => {
          held.push(resolve);
          if (left === 0) {
            held.forEach((r) => r());
            held = [];
          }
        });
        return answer;
      };
    },
  });
}
