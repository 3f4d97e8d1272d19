import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createStore, type Store } from '../storage/index.ts';
import { sameIncident } from './event-incident.ts';
import { importFile } from './import-dataset.ts';
import { linkageState, paramsKey } from './linkage-runs.ts';
import { LINKAGE_DEFAULTS } from '../analytics/linkage/linkage.ts';

// The bundled UCDP Candidate file of January-June 2026 (real). Its event 634642 (Government of
// Pakistan against BRAS, placed at Balochistan's centroid, 0 deaths) runs from 21 June to 1 July,
// past the file's months. A desk log's row of the same clash (SYNTHETIC, made for this test) is
// dated 4 July: three days after the Candidate record's end, within the window.
const CANDIDATE = new URL('../../data/ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv', import.meta.url)
  .pathname;
const MAPPING = new URL(
  '../../test/fixtures/linkage/desk-log-synthetic-from-ged-2021-03.mapping.yaml',
  import.meta.url,
).pathname;

function deskLog(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'faultline-edges-')), 'desk-log-synthetic-2026-07.csv');
  writeFileSync(
    file,
    'incident_no,day,province,town,lat,lng,category,perpetrator,victims,killed,summary\n' +
      'D-9,2026-07-04,Balochistan province,,28.478488,65.643553,state-based,Government of Pakistan,BRAS,0,SYNTHETIC\n',
  );
  return file;
}

async function linkedTo(store: Store, id: string): Promise<string[] | null> {
  const s = await sameIncident(store, (await store.getEvent(id))!);
  return s.records?.map((r) => r.id) ?? null;
}

describe('linkage runs take the records spanning their edges whole (issue 17)', () => {
  for (const order of ['Candidate file first', 'desk log first'])
    it(`links a record to one within the window of its last day, past its file's months (${order})`, async () => {
      const store = await createStore({ path: ':memory:' });
      try {
        const log = deskLog();
        if (order === 'desk log first') await importFile(store, log, { mapping: MAPPING });
        await importFile(store, CANDIDATE);
        if (order !== 'desk log first') await importFile(store, log, { mapping: MAPPING });
        // Until 2026-12-06 the file's run ended on 30 June and the log's began on 4 July: the two
        // records were never compared, and the log's record read "nothing to compare".
        assert.deepEqual(await linkedTo(store, 'csv:desk-log:D-9'), ['ucdp-candidate:634642']);
        assert.deepEqual(await linkedTo(store, 'ucdp-candidate:634642'), ['csv:desk-log:D-9']);
        assert.deepEqual(
          (await store.linkageRuns()).map((r) => [r.from, r.to]),
          [['2026-01-01', '2026-07-04']],
        );
      } finally {
        await store.close();
      }
    });

  it('finds a run stored before the rule stale from the days of a record beyond it', async () => {
    const store = await createStore({ path: ':memory:' });
    try {
      await importFile(store, CANDIDATE);
      const [run] = await store.linkageRuns();
      // As stored before: the file's months only, and parameters without the period rule.
      const { period, ...before } = JSON.parse(run!.params) as Record<string, unknown>;
      assert.equal(period, 'records spanning its edges whole');
      await store.saveLinkageRun({
        ...run!,
        to: '2026-06-30',
        stamp: await store.linkageStamp(run!.from, '2026-06-30'),
        params: JSON.stringify(before),
        replaces: [run!.id],
        pairs: [],
        clusters: [],
      });
      assert.notEqual(paramsKey(LINKAGE_DEFAULTS), JSON.stringify(before));
      assert.equal((await linkageState(store, '2026-07-01', '2026-07-07')).status, 'stale');
      await importFile(store, deskLog(), { mapping: MAPPING });
      assert.deepEqual(await linkedTo(store, 'csv:desk-log:D-9'), ['ucdp-candidate:634642']);
    } finally {
      await store.close();
    }
  });
});
