// test-run: alone, about 11 s (spawns the CLI)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { addAlertRule } from '../../src/app/alerts/rules.ts';
import { importFile } from '../../src/app/import-dataset.ts';
import { createStore } from '../../src/storage/index.ts';
import { writeCandidateCut } from '../helpers/ged-rows.ts';
import { startLocalServer } from '../helpers/local-server.ts';

const BIN = new URL('../../bin/faultline.js', import.meta.url).pathname;

/** Runs the CLI asynchronously (the receiver lives in this process). */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('a command that fails after importing', () => {
  it('sends the webhooks of the rules it evaluated on what it imported before it exits (the failure cut them, left pending)', async () => {
    // Answers a second after each request: a process that exits at once never hears it.
    const receiver = await startLocalServer(
      (_req, res) => void setTimeout(() => res.writeHead(204).end(), 1000),
    );
    const dir = mkdtempSync(join(tmpdir(), 'faultline-failed-import-'));
    try {
      const db = join(dir, 'store.duckdb');
      // Real rows: the bundled GED 22.1 events of Balochistan province in UCDP Candidate's layout. The
      // 30 days to 2012-03-31 are a surge (src/app/alerts/alerts.test.ts), so a rule made before
      // March's file fires on the evaluation after it.
      const cut = (name: string, from: string, to: string) =>
        writeCandidateCut(dir, name, 'Balochistan province', from, to);
      const setup = await createStore({ path: db });
      await importFile(setup, cut('GEDEvent_v09_01_12_02.csv', '2009-01-01', '2012-02-29'), {
        format: 'ucdp-candidate',
      });
      await addAlertRule(setup, {
        kind: 'surge',
        admin1: 'Balochistan province',
        pending_evaluations: 1,
        webhook_url: `${receiver.url}/hook`,
      });
      await setup.close();
      const march = cut('GEDEvent_v12_0_3.csv', '2012-03-01', '2012-03-31');
      const bad = join(dir, 'notes.csv');
      writeFileSync(bad, 'note,author\nnothing here,me\n');

      const r = await run(['import', '--input-format', 'ucdp-candidate', march, bad], {
        ...process.env,
        FAULTLINE_DB: db,
        FAULTLINE_HOME: dir,
      });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /^note: 1 of 2 files imported before ".*notes\.csv" failed/m);
      // The failure stays the last line, after the deliveries were given their while.
      assert.match(r.stderr.trimEnd().split('\n').at(-1)!, /^faultline: .*notes\.csv/);

      const store = await createStore({ path: db });
      try {
        const deliveries = await store.listDeliveries({});
        assert.deepEqual(
          deliveries.map((d) => [d.status, d.attempts]),
          [['delivered', 1]],
        );
      } finally {
        await store.close();
      }
      assert.equal(receiver.seen.length, 1);
    } finally {
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
