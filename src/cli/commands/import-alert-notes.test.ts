import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import yazl from 'yazl';
import { csvLine, gedRows, writeCandidateCut } from '../../../test/helpers/ged-rows.ts';
import { runCli, type Register } from '../../../test/helpers/in-process-cli.ts';
import { sendJson, startLocalServer, type LocalServer } from '../../../test/helpers/local-server.ts';
import { addAlertRule, listAlertRules } from '../../app/alerts/rules.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { registerFetch } from './fetch.ts';
import { registerImport } from './import.ts';
import { registerUpdate } from './update.ts';

// Real rows: the bundled GED 22.1 events of Balochistan province in UCDP Candidate's layout. They
// end in 2012, long before any evaluation now, so a surge rule's evaluation has a note saying so.
const writeCut = (dir: string, name: string, from: string, to: string) =>
  writeCandidateCut(dir, name, 'Balochistan province', from, to);

/**
 * An in-memory store with February 2012's Candidate cut imported (so a surge rule on the province can
 * be made), and a fresh folder for the cuts and the command's home (what the alert lines say does
 * not depend on a store file, and closing a file store after writes cost about 0.3 s of CPU each).
 */
async function storeWithFebruary(): Promise<{ dir: string; store: Store }> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-import-notes-'));
  const store = await createStore({ path: ':memory:' });
  const feb = writeCut(dir, 'GEDEvent_v09_01_12_02.csv', '2009-01-01', '2012-02-29');
  assert.equal((await runCli(store, [registerImport], ['import', feb])).error, undefined);
  return { dir, store };
}

/**
 * The `alert rule` lines a command printed on stderr, and the lines the rules' last evaluation
 * should have made them: a surge rule's note (the data end long before) and the error of a forecast
 * rule on AFG (no AFG event is loaded), each as `faultline import` says it.
 */
async function ruleLines(store: Store, err: string): Promise<{ printed: string[]; expected: string[] }> {
  const expected: string[] = [];
  for (const r of await listAlertRules(store)) {
    if (r.last_error) expected.push(`alert rule ${r.id}: ${r.last_error}`);
    if (r.last_note) expected.push(`alert rule ${r.id} note: ${r.last_note}`);
  }
  return { printed: err.split('\n').filter((l) => l.startsWith('alert rule')), expected };
}

/** Adds the two rules ruleLines expects; resolves to their ids. */
async function addRules(store: Store): Promise<number[]> {
  const surge = await addAlertRule(store, { kind: 'surge', admin1: 'Balochistan province' });
  const afg = await addAlertRule(store, { kind: 'forecast', country: 'AFG', level: 'country' });
  return [surge.rule.id, afg.rule.id];
}

/** Asserts the rules were evaluated after the command's import, and it said each note and error. */
async function saidEvery(store: Store, ids: number[], err: string): Promise<void> {
  const { printed, expected } = await ruleLines(store, err);
  const [surge, afg] = (await listAlertRules(store)).filter((r) => ids.includes(r.id));
  assert.match(surge!.last_note ?? '', /^the loaded data end on \d{4}-\d\d-\d\d, [\d,]+ days before /);
  assert.match(afg!.last_error ?? '', /^no ucdp-ged or ucdp-candidate events for AFG in the store/);
  assert.equal(expected.length, 2);
  assert.deepEqual(printed, expected);
}

describe('faultline import and the alert rules it evaluates', () => {
  let dir: string;
  let store: Store;

  before(async () => ({ dir, store } = await storeWithFebruary()));

  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints each rule's note on stderr, one line each, as it prints their errors (it printed no note)", async () => {
    const { rule } = await addAlertRule(store, { kind: 'surge', admin1: 'Balochistan province' });
    const march = writeCut(dir, 'GEDEvent_v12_0_3.csv', '2012-03-01', '2012-03-31');
    const r = await runCli(store, [registerImport], ['import', march]);
    assert.equal(r.error, undefined);
    const [listed] = await listAlertRules(store);
    assert.match(listed!.last_note ?? '', /^the loaded data end on 2012-\d\d-\d\d, [\d,]+ days before /);
    const lines = r.err.split('\n').filter((l) => l.startsWith('alert rule'));
    assert.deepEqual(lines, [`alert rule ${rule.id} note: ${listed!.last_note}`]);
  });
});

describe('faultline fetch ucdp and update say the rules errors and notes after importing, as import does', () => {
  let ucdpApi: LocalServer;
  let mirror: LocalServer;
  const opened: { dir: string; store: Store }[] = [];
  const open = async () => {
    const o = await storeWithFebruary();
    opened.push(o);
    return o;
  };
  const run = (store: Store, register: Register, args: string[], env: Record<string, string>) =>
    runCli(store, [register], args, env);

  before(async () => {
    // UCDP's API, answering one real page of GED 22.1's Pakistani events (no Afghan one).
    const page = JSON.parse(
      readFileSync(
        new URL('../../ingest/ucdp-api/fixtures/gedevents-22.1-pak-page.json', import.meta.url),
        'utf8',
      ),
    ) as { Result: unknown[] };
    ucdpApi = await startLocalServer((_req, res) =>
      sendJson(res, 200, {
        TotalCount: page.Result.length,
        TotalPages: 1,
        PreviousPageUrl: '',
        NextPageUrl: '',
        Result: page.Result,
      }),
    );
    // A mirror of UCDP's downloads holding one final release (GED 26.1 here): the bundled
    // Balochistan rows of 2012, in UCDP's global layout (no iso3 column); every other file is 404.
    const { header, rows } = gedRows();
    const at = (n: string) => header.indexOf(n);
    const keep = rows.filter(
      (r) => r[at('adm_1')] === 'Balochistan province' && r[at('date_start')]!.startsWith('2012'),
    );
    const drop = (r: string[]) => r.filter((_, i) => i !== at('iso3'));
    const csv = Buffer.from([drop(header).join(','), ...keep.map((r) => csvLine(drop(r)))].join('\n') + '\n');
    const zip = await new Promise<Buffer>((resolve, reject) => {
      const z = new yazl.ZipFile();
      z.addBuffer(csv, 'GEDEvent_v26_1.csv');
      z.end();
      const chunks: Buffer[] = [];
      z.outputStream.on('data', (c: Buffer) => chunks.push(c));
      z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
      z.outputStream.on('error', reject);
    });
    mirror = await startLocalServer((req, res) => {
      if (new URL(req.url, 'http://x').pathname !== '/ged/ged261-csv.zip')
        return void res.writeHead(404).end();
      res.writeHead(200, { 'content-length': zip.length, 'content-type': 'application/zip' });
      res.end(req.method === 'HEAD' ? undefined : zip);
    });
  });

  after(async () => {
    for (const { dir, store } of opened) {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
    await ucdpApi.close();
    await mirror.close();
  });

  it("fetch ucdp prints each rule's error and note on stderr after the import (it printed neither)", async () => {
    const { dir, store } = await open();
    const ids = await addRules(store);
    const r = await run(store, registerFetch, ['fetch', 'ucdp', '--version', '22.1'], {
      FAULTLINE_HOME: dir,
      UCDP_API_URL: ucdpApi.url,
      UCDP_TOKEN: 't',
    });
    assert.equal(r.error, undefined, r.err);
    await saidEvery(store, ids, r.err);
  });

  it("update prints each rule's error and note on stderr after its imports (it printed neither), and its JSON has the evaluation", async () => {
    const { dir, store } = await open();
    const ids = await addRules(store);
    const env = { FAULTLINE_HOME: dir, UCDP_DOWNLOADS_URL: mirror.url };
    const r = await run(store, registerUpdate, ['update'], env);
    assert.equal(r.error, undefined, r.err);
    assert.match(r.out, /ucdp-ged\s+26\.1/);
    await saidEvery(store, ids, r.err);
    // The same evaluation in `alerts`, as `faultline import --format json` has it.
    const again = await open();
    const againIds = await addRules(again.store);
    const j = await run(again.store, registerUpdate, ['update', '--format', 'json'], {
      ...env,
      FAULTLINE_HOME: again.dir,
    });
    assert.equal(j.error, undefined, j.err);
    const { alerts } = JSON.parse(j.out) as { alerts: { rules: { rule_id: number; note: string | null }[] } };
    assert.deepEqual(
      alerts.rules.map((x) => x.rule_id),
      againIds,
    );
    assert.equal(j.err.split('\n').filter((l) => l.startsWith('alert rule')).length, 0, 'JSON says it once');
  });
});
