/**
 * A test file's copy of the bundled store (test/helpers/bundled-store.ts), opened before its tests
 * and closed after them, with the API over it in this process (no socket, anonymous reads allowed).
 */
import { after, before } from 'node:test';
import { createApi } from '../../src/api/server.ts';
import { createStore } from '../../src/storage/index.ts';
import type { Store } from '../../src/storage/store.ts';
import { bundledStoreCopy } from './bundled-store.ts';

/** Registers the store's opening and closing with node:test; call it at the top of a test file. */
export function bundledApi(): {
  store: () => Store;
  get: (path: string) => Promise<Response>;
  errorOf: (res: Response) => Promise<string>;
} {
  let opened: Store | undefined;
  before(async () => {
    opened = await createStore({ path: await bundledStoreCopy() });
  });
  after(() => opened?.close());
  const store = (): Store => {
    if (!opened) throw new Error('bundledApi: the store opens in before()');
    return opened;
  };
  return {
    store,
    // A generous time limit: the default 10 s answers 503 when the suite loads the machine.
    get: async (path) =>
      createApi({ store: store(), log: () => {}, anonymousRead: true, queryTimeoutMs: 120_000 }).app.request(
        path,
      ),
    errorOf: async (res) => ((await res.json()) as { error: { message: string } }).error.message,
  };
}
