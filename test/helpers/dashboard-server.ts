/**
 * The real API over a store with the bundled data imported (and placed on the bundled
 * geography), serving the built dashboard: what the browser test and the dashboard benchmark run
 * against. Listens on 127.0.0.1, port 0.
 */
import { createApi, startServer } from '../../src/api/server.ts';
import { BUNDLED_FILES } from '../../src/app/bundled-data.ts';
import { createEventPlacer } from '../../src/app/geography.ts';
import { importFile } from '../../src/app/import-dataset.ts';
import { createStore } from '../../src/storage/index.ts';
import { ensureDashboard } from '../../web/build/dashboard-build.ts';

/** A running dashboard: its base URL and how to stop it. */
export interface DashboardServer {
  url: string;
  close(): Promise<void>;
}

/** Builds the dashboard if stale, imports the bundled data into an in-memory DuckDB store and serves both. */
export async function startDashboardServer(): Promise<DashboardServer> {
  const [{ dir }, store] = await Promise.all([ensureDashboard(), createStore({ path: ':memory:' })]);
  const place = await createEventPlacer(store);
  for (const file of BUNDLED_FILES) await importFile(store, file, { place });
  const api = createApi({ store, staticDir: dir, log: () => {}, rateLimitPerMinute: 100_000 });
  const server = await startServer(api, '127.0.0.1', 0);
  return {
    url: server.url,
    async close() {
      await server.close();
      await store.close();
    },
  };
}
