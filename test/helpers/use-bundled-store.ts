/**
 * The store most test files start from, opened once per file (or describe): a private copy of the
 * bundled store (bundledStoreCopy), opened before the first test and closed after the last
 * (without DuckDB's checkpoint at close: the copy is thrown away).
 */
import { after, before } from 'node:test';
import { createStore } from '../../src/storage/index.ts';
import type { Store } from '../../src/storage/store.ts';
import { bundledStoreCopy } from './bundled-store.ts';
import { closeDiscarded } from './discard-store.ts';

/**
 * Registers, in the file or describe it is called in, a `before` that opens a copy of the bundled
 * store (then runs `setup` on it, if given) and an `after` that closes it; returns the store's
 * getter (which throws if called before the store is open, as from a describe's body rather than a
 * test). At a file's top level, give further set-up as `setup` rather than a `before` of its own:
 * Node 20 does not wait for one top-level `before` to end before it runs the next.
 */
export function useBundledStore(setup?: (store: Store) => Promise<void>): () => Store {
  let store: Store | undefined;
  before(async () => {
    const opened = await createStore({ path: await bundledStoreCopy() });
    store = opened;
    await setup?.(opened);
  });
  // The copy is thrown away: closed without DuckDB's checkpoint (discard-store.ts).
  after(() => store && closeDiscarded(store));
  return () => {
    if (!store) throw new Error('the bundled store is opened in before(): use it inside a test or hook');
    return store;
  };
}
