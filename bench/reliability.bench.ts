/**
 * Reliability bench (issue 11): every generated hostile request (the test sends a third), then
 * 30 s of load at 50 connections mixing heavy and light requests against `faultline serve`, with
 * /health's p99 against the 50 ms goal. RELIABILITY_SECONDS shortens the load;
 * RELIABILITY_LOAD_ONLY=1 skips the hostile requests (minutes on a busy machine).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKey } from '../src/app/api-keys.ts';
import { importFile } from '../src/app/import-dataset.ts';
import { createApi, sharedComputePool } from '../src/api/server.ts';
import { createStore } from '../src/storage/index.ts';
import { GED_FILE } from '../test/helpers/ged-rows.ts';
import { runCampaign } from '../test/reliability/campaign.ts';
import { hostileRequests } from '../test/reliability/hostile-requests.ts';
import { runLoad } from '../test/reliability/load.ts';

/** Runs the campaign and the load; prints one line each. */
export async function benchReliability(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-reliability-'));
  try {
    const db = join(dir, 'bench.duckdb');
    const store = await createStore({ path: db });
    await importFile(store, GED_FILE);
    const keys = { viewer: '', analyst: '', admin: '' };
    for (const role of ['viewer', 'analyst', 'admin'] as const)
      keys[role] = (await createApiKey(store, { role, name: `bench ${role}` })).key;
    if (process.env.RELIABILITY_LOAD_ONLY !== '1') {
      const api = createApi({ store, anonymousRead: false, rateLimitPerMinute: 1e9, log: () => {} });
      const campaign = await runCampaign(api, [...hostileRequests(api.routes, keys)], 4);
      console.log(campaign.summary);
      for (const line of [...campaign.serverErrors, ...campaign.unauthorised].slice(0, 10))
        console.log(`  ${line}`);
      await sharedComputePool().close();
    }
    await store.close();
    const seconds = Number(process.env.RELIABILITY_SECONDS ?? 30);
    const atStart = loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');
    const load = await runLoad(db, seconds, 50);
    console.log(load.summary);
    console.log(
      `/health p99 ${load.health.p99} ms (goal <= 50 ms: ${load.health.p99 <= 50 ? 'met' : 'NOT met'}); ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${atStart} at the start of the load, ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} at the end`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
