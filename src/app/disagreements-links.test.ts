import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { createApi } from '../api/server.ts';
import { registerDisagreements } from '../cli/commands/disagreements.ts';
import { registerEvent } from '../cli/commands/event.ts';
import { createStore, type Store } from '../storage/index.ts';
import { sourcesDisagree } from './disagreements.ts';
import { importFile } from './import-dataset.ts';

// One real GED 22.1 row (event 390579: Karachi, 5 March 2021, Government of Pakistan against the
// MQM, 1 death) and two SYNTHETIC records of the same clash made for this test: an ACLED row three
// days later at the same point with 9 deaths, and a desk log's row on the ACLED row's day and point,
// with 9 deaths, naming only the MQM. ACLED links to both; the desk row and GED, three days and
// eight deaths apart, do not link to each other (score below 0.6) and share the incident through
// the ACLED row alone.
const FIX = new URL('../../test/fixtures/linkage/', import.meta.url).pathname;

function files(): { ged: string; acled: string; log: string; mapping: string } {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-disagree-links-'));
  const gedLines = readFileSync(`${FIX}ged-22.1-pak-2021-03-01-to-10.csv`, 'utf8').split(/\r?\n/);
  const ged = join(dir, 'ged-22.1-pak-2021-03-05-event-390579.csv');
  writeFileSync(
    ged,
    [...gedLines.slice(0, 2), gedLines.find((l) => l.startsWith('390579,'))!].join('\n') + '\n',
  );
  const acledRows = readFileSync(
    new URL('../ingest/acled/fixtures/acled_2024-01-01-2024-03-31_synthetic.csv', import.meta.url),
    'utf8',
  ).split('\n');
  const acled = join(dir, 'acled-synthetic.csv');
  writeFileSync(
    acled,
    `${acledRows[0]}\nPAK91003,2021-03-08,2021,1,Political violence,Battles,Armed clash,Military Forces of Pakistan (2018-),,1,MQM: Muttahida Qaumi Movement,,2,12,,586,Southern Asia,Pakistan,Sindh,Karachi East,,Korangi,24.836307,67.124824,1,Dawn,National,SYNTHETIC ROW: a clash in Korangi.,9,,1615200000\n`,
  );
  const log = join(dir, 'desk-log-synthetic.csv');
  writeFileSync(
    log,
    'incident_no,day,province,town,lat,lng,category,perpetrator,victims,killed,summary\nD-1,2021-03-08,Sindh province,Korangi town,24.836307,67.124824,state-based,MQM,,9,SYNTHETIC\n',
  );
  const mapping = `${FIX}desk-log-synthetic-from-ged-2021-03.mapping.yaml`;
  return { ged, acled, log, mapping };
}

describe('disagreements: why each incident is one (issue 17)', () => {
  let store: Store;
  before(async () => {
    const f = files();
    store = await createStore({ path: ':memory:' });
    await importFile(store, f.ged, { version: '22.1' });
    await importFile(store, f.acled);
    await importFile(store, f.log, { mapping: f.mapping });
  });
  after(() => store.close());
  const march = { from: '2021-03-01', to: '2021-03-31' };

  it('lists the links that joined an incident, with their scores and reasons, the lowest as its score', async () => {
    const [i, ...more] = (await sourcesDisagree(store, march, {})).disagreeing;
    assert.equal(more.length, 0);
    assert.deepEqual(
      i!.records.map((r) => r.id),
      ['acled:PAK91003', 'csv:desk-log:D-1', 'ucdp-ged:390579'],
    );
    assert.deepEqual(
      i!.links.map((l) => [l.a, l.b, l.score]),
      [
        ['acled:PAK91003', 'csv:desk-log:D-1', 0.925],
        ['acled:PAK91003', 'ucdp-ged:390579', 0.661111],
      ],
    );
    assert.deepEqual(i!.links[1]!.reasons, [
      'dates 3 days apart',
      '0.0 km apart beyond their place uncertainty',
      'same type (battle)',
      'shared actor groups (pakistan-state)',
      'fatalities differ (9, 1)',
    ]);
    assert.deepEqual([i!.score, i!.through], [0.661111, []]);
    // A field one record lacks is said, not left out: the desk row names no actor group (the MQM is
    // not in the registry). The engine's SQL and the scorer in memory (links computed on request)
    // write the same words.
    assert.deepEqual(i!.links[0]!.reasons, [
      'dates overlap',
      '0.0 km apart beyond their place uncertainty',
      'same type (battle)',
      'actors not compared (no group named)',
      'same toll (9)',
    ]);
    const [mem] = (await sourcesDisagree(store, march, { includeSuperseded: true })).disagreeing;
    assert.equal(mem!.links.length, 2);
    assert.deepEqual(mem!.links, i!.links);
  });

  it('gives no score (null, not 1) to records joined only through one the filter leaves out, and names it', async () => {
    const a = await sourcesDisagree(store, { ...march, source: ['ucdp-ged', 'csv'] }, {});
    const [i] = a.disagreeing;
    // The desk row and GED scored 0.586 against each other, below the threshold: nothing links them
    // but the ACLED row, which --source leaves out.
    assert.deepEqual(
      [i!.records.map((r) => r.id), i!.score, i!.links, i!.through],
      [['csv:desk-log:D-1', 'ucdp-ged:390579'], null, [], ['acled:PAK91003']],
    );
  });

  it("prints each record's id and the link that joined it, and --format json is the API's answer", async () => {
    const args = ['disagreements', '--from', '2021-03', '--to', '2021-03'];
    const json = await runCli(store, [registerDisagreements], [...args, '--format', 'json']);
    const res = await createApi({ store }).app.request('/api/v1/disagreements?from=2021-03&to=2021-03');
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(json.out), await res.json());
    const csv = await runCli(store, [registerDisagreements], [...args, '--format', 'csv']);
    assert.match(
      csv.out,
      /,ucdp-ged:390579,.*,"score 0\.661 with acled:PAK91003: dates 3 days apart; 0\.0 km apart beyond their place uncertainty; same type \(battle\); shared actor groups \(pakistan-state\); fatalities differ \(9, 1\)"/,
    );
    const table = await runCli(store, [registerDisagreements], [...args, '--source', 'ucdp-ged,csv']);
    assert.match(table.out, /ucdp-ged:390579 .* through acled:PAK91003 \(left out by the filter\)/);
    // The table cuts long cells, and says so.
    const full = await runCli(store, [registerDisagreements], args);
    assert.match(full.out, /score 0\.925 with acled:PAK91003: dates overlap;…/);
    assert.match(full.out, /cells? cut at 48 characters/);
  });

  it("an event's table says why each record of its incident was joined, not only its score", async () => {
    const t = await runCli(store, [registerEvent], ['event', 'ucdp-ged:390579']);
    assert.match(
      t.out,
      /acled:PAK91003 .* direct +0\.661 +dates 3 days apart; 0\.0 km apart beyond their p…/,
    );
    assert.match(t.out, /cut at 48 characters/);
  });
});
