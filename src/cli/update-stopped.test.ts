// test-run: alone, about 25 s (four stores, each updated from a local mirror)
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { csvLine, gedRows, writeCandidateCut } from '../../test/helpers/ged-rows.ts';
import { zipOf } from '../../test/helpers/gdelt-rows.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/local-server.ts';
import { addAlertRule, listAlertRules } from '../app/alerts/rules.ts';
import { importFile } from '../app/import-dataset.ts';
import { createStore } from '../storage/index.ts';
import type { Store } from '../storage/store.ts';
import { registerUpdate } from './commands/update.ts';
import { exitCodeFor } from './fail.ts';

// Every temporary folder below is made in this one, removed after the file's tests (a run by hand left them).
const TEMP = mkdtempSync(join(tmpdir(), 'faultline-update-stopped-test-'));
after(() => rmSync(TEMP, { recursive: true, force: true }));

// Real rows: the bundled GED 22.1 events of Balochistan province, served by a local mirror of UCDP's
// downloads as GED 26.1 (those of 2012) and as Candidate 26.0.1 (those of 2011); every other file
// is 404. GDELT's lists name one export, which is 404: a GDELT part that fetches nothing fails.
const PROVINCE = 'Balochistan province';

describe('faultline update stopping part-way evaluates the rules on what it imported, and says what failed', () => {
  let mirror: LocalServer;
  let candidateUrl: string;
  const opened: { dir: string; store: Store }[] = [];

  /** The folder of the store that `open` copies (made once, in `before`). */
  let template = '';
  /**
   * A fresh store holding the province's Candidate events of 2009 and 2010 (a rule on it needs them),
   * with a surge rule on it (its note) and a forecast rule on AFG (its error): a copy of the one
   * `before` makes (its folder, the store's archive and the imported file with it), not a new import.
   */
  const open = async () => {
    const dir = mkdtempSync(join(TEMP, 'update-stopped-'));
    cpSync(template, dir, { recursive: true });
    const store = await createStore({ path: join(dir, 'store.duckdb') });
    opened.push({ dir, store });
    return { dir, store };
  };
  const update = (store: Store, home: string, args: string[], env: Record<string, string> = {}) =>
    runCli(store, [registerUpdate], ['update', ...args], {
      FAULTLINE_HOME: home,
      UCDP_DOWNLOADS_URL: mirror.url,
      GDELT_BASE_URL: `${mirror.url}/gdelt/`,
      FAULTLINE_GDELT_FROM: '2025-08-07',
      ...env,
    });
  /** The `alert rule` lines printed, and those the rules' last evaluation makes (each error and note). */
  const ruleLines = async (store: Store, err: string) => {
    const expected: string[] = [];
    for (const r of await listAlertRules(store)) {
      assert.notEqual(r.last_evaluated_at, null, `rule ${r.id} was evaluated`);
      if (r.last_error) expected.push(`alert rule ${r.id}: ${r.last_error}`);
      if (r.last_note) expected.push(`alert rule ${r.id} note: ${r.last_note}`);
    }
    assert.equal(expected.length, 2);
    return { printed: err.split('\n').filter((l) => l.startsWith('alert rule')), expected };
  };

  before(async () => {
    const { header, rows } = gedRows();
    const at = (n: string) => header.indexOf(n);
    const drop = (r: string[]) => r.filter((_, i) => i !== at('iso3'));
    const ged = rows.filter((r) => r[at('adm_1')] === PROVINCE && r[at('date_start')]!.startsWith('2012'));
    const zip = await zipOf(
      'GEDEvent_v26_1.csv',
      [drop(header).join(','), ...ged.map((r) => csvLine(drop(r)))].join('\n') + '\n',
    );
    const tmp = mkdtempSync(join(TEMP, 'update-stopped-cut-'));
    const candidate = readFileSync(writeCandidateCut(tmp, 'c.csv', PROVINCE, '2011-01-01', '2011-12-31'));
    rmSync(tmp, { recursive: true, force: true });
    mirror = await startLocalServer((req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      const body =
        path === '/ged/ged261-csv.zip'
          ? zip
          : path === '/candidateged/GEDEvent_v26_0_1.csv'
            ? candidate
            : path === '/gdelt/masterfilelist.txt' || path === '/gdelt/lastupdate.txt'
              ? Buffer.from(
                  `1000 0123456789abcdef0123456789abcdef ${mirror.url}/gdelt/20250807220000.export.CSV.zip\n`,
                )
              : null;
      if (body === null) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-length': body.length }).end(req.method === 'HEAD' ? undefined : body);
    });
    candidateUrl = `${mirror.url}/candidateged/GEDEvent_v26_0_1.csv`;
    template = mkdtempSync(join(TEMP, 'update-stopped-template-'));
    const store = await createStore({ path: join(template, 'store.duckdb') });
    try {
      const before = writeCandidateCut(
        template,
        'GEDEvent_v09_01_10_12.csv',
        PROVINCE,
        '2009-01-01',
        '2010-12-31',
      );
      await importFile(store, before, { format: 'ucdp-candidate' });
      await addAlertRule(store, { kind: 'surge', admin1: PROVINCE });
      await addAlertRule(store, { kind: 'forecast', country: 'AFG', level: 'country' });
    } finally {
      await store.close();
    }
  });

  after(async () => {
    for (const { dir, store } of opened) {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
    await mirror.close();
  });

  it('an import failing after another was committed: the rules judge the one committed, their lines and a note naming the failed file are said, and the update fails (it evaluated no rule)', async () => {
    // A first update in this home keeps the downloads and their filtered extracts.
    const home = mkdtempSync(join(TEMP, 'update-stopped-home-'));
    const first = { dir: home, store: await createStore({ path: ':memory:' }) };
    opened.push(first);
    assert.equal((await update(first.store, first.dir, [])).error, undefined);
    // The Candidate file's kept extract damaged (its header, same size): reused, it cannot be imported.
    const dir = join(first.dir, 'downloads', 'ucdp', 'filtered');
    const name = readdirSync(dir).find((f) => f.startsWith('GEDEvent_v26_0_1') && f.endsWith('.csv'))!;
    const text = readFileSync(join(dir, name), 'utf8');
    const header = text.slice(0, text.indexOf('\n'));
    writeFileSync(join(dir, name), 'x'.repeat(header.length) + text.slice(header.length));

    const { store } = await open();
    const r = await update(store, first.dir, []);
    assert.notEqual(r.error, undefined);
    assert.notEqual(exitCodeFor(r.error), 0);
    // The final release was imported, the Candidate file after it was not.
    assert.deepEqual(
      (await store.listImports()).map((l) => l.version),
      ['10.0.12', '26.1'],
    );
    const { printed, expected } = await ruleLines(store, r.err);
    assert.deepEqual(printed, expected);
    assert.match(r.out, /ucdp-ged\s+26\.1/);
    assert.equal(
      r.err
        .split('\n')
        .filter((l) => l.startsWith('note: '))
        .join('\n'),
      `note: 1 of 2 files imported before the update stopped at "${candidateUrl}" (listed above); the 2 alert rules were evaluated on what they imported (above); faultline update again goes on from there`,
    );

    // As JSON, with GDELT configured: the files imported, the evaluation as `alerts`, and what
    // failed; the GDELT part is run all the same (it fails too here: its one export is 404).
    const json = await open();
    const j = await update(json.store, first.dir, ['--format', 'json'], { FAULTLINE_GDELT_COUNTRIES: 'PAK' });
    assert.notEqual(j.error, undefined);
    const answer = JSON.parse(j.out) as {
      files: { version: string }[];
      alerts: { rules: { rule_id: number }[] };
      gdelt: { listed: number; imported: number };
      failed: { part: string; url: string | null; error: string; exit_code: number }[];
    };
    assert.deepEqual(
      answer.files.map((f) => f.version),
      ['26.1'],
    );
    assert.deepEqual(
      answer.alerts.rules.map((x) => x.rule_id),
      (await listAlertRules(json.store)).map((x) => x.id),
    );
    assert.deepEqual([answer.gdelt.listed, answer.gdelt.imported], [1, 0], 'the GDELT part ran');
    assert.deepEqual(
      answer.failed.map((f) => [f.part, f.url, f.exit_code]),
      [
        ['ucdp', candidateUrl, exitCodeFor(j.error)],
        ['gdelt', null, 5],
      ],
    );
    assert.match(answer.failed[1]!.error, /^nothing imported: the 1 export listed for the period failed \(/);
    assert.match(j.err, /\nnote: the update's ucdp part failed \(.+\); its gdelt part is run all the same\n/);
    assert.match(
      j.err,
      /\nnote: the update's gdelt part failed too: nothing imported: .+ \(exit 5; the update exits with its ucdp part's code\)\n$/,
    );
    assert.match(j.err, /the 2 alert rules were evaluated on what they imported \(the answer's alerts\)/);
    assert.equal(j.err.split('\n').filter((l) => l.startsWith('alert rule')).length, 0, 'JSON says it once');
  });

  it('a GDELT part failing after the UCDP part says the UCDP part was done and judged, and the update fails (exit 5)', async () => {
    const { dir, store } = await open();
    const r = await update(store, dir, ['--sources', 'ucdp,gdelt'], { FAULTLINE_GDELT_COUNTRIES: 'PAK' });
    assert.equal(exitCodeFor(r.error), 5);
    const { printed, expected } = await ruleLines(store, r.err);
    assert.deepEqual(printed, expected);
    assert.match(
      r.err,
      /\nnote: the update's ucdp part was done \(listed above\); the 2 alert rules were evaluated on what it imported \(above\); its gdelt part failed\n/,
    );
  });
});
