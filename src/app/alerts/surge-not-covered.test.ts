import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeCandidateCut } from '../../../test/helpers/ged-rows.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { importFile } from '../import-dataset.ts';
import { evaluateAlerts } from './evaluate.ts';
import { addAlertRule, listAlertRules } from './rules.ts';
import { listAlertsView } from './views.ts';

// Real rows: the bundled GED 22.1 events of Balochistan province, in UCDP Candidate's layout, as
// files whose names declare the months they cover. March 2012 is a surge (alerts.test.ts); then a
// release of January 2016 arrives with nothing loaded for 2012-04 to 2015-12, as the bundled data
// have no account of 2022 to 2025: no earlier 30-day window of the one or three years before it is
// covered, so whether January 2016 is a surge is not known.
const writeCut = (dir: string, name: string, from: string, to: string) =>
  writeCandidateCut(dir, name, 'Balochistan province', from, to);

describe('a surge rule over days no source covers', () => {
  let dir: string;
  let store: Store;
  let rule: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'faultline-alerts-gap-'));
    // In memory: nothing reads the file (closing a file store that was written to checkpoints it).
    store = await createStore({ path: ':memory:' });
    await importFile(store, writeCut(dir, 'GEDEvent_v09_01_12_02.csv', '2009-01-01', '2012-02-29'), {
      format: 'ucdp-candidate',
    });
    rule = (
      await addAlertRule(store, {
        kind: 'surge',
        admin1: 'Balochistan province',
        // January 2016 holds 6 events: at least min_total, so only the lookbacks could judge it.
        min_total: 5,
        pending_evaluations: 1,
      })
    ).rule.id;
  });

  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('neither fires nor clears when the data cannot say, and says "not covered"', async () => {
    const march = await importFile(store, writeCut(dir, 'GEDEvent_v12_0_3.csv', '2012-03-01', '2012-03-31'), {
      format: 'ucdp-candidate',
    });
    const [fired] = march.alerts!.alerts;
    assert.equal(fired?.state, 'fired');

    const january = await importFile(
      store,
      writeCut(dir, 'GEDEvent_v16_0_1.csv', '2016-01-01', '2016-01-31'),
      { format: 'ucdp-candidate' },
    );
    assert.ok(january.ledger.added > 0, 'the January 2016 release brought events');
    const run = january.alerts!.rules.find((r) => r.rule_id === rule)!;
    assert.deepEqual([run.holding, run.fired, run.error], [0, 0, null]);
    // The import evaluated it today, years after the data end: the note says that too.
    assert.ok(
      run.note?.startsWith(
        "not covered: no earlier 30-day window of the 365 or 1,095-day lookback is covered by a loaded source version, so whether 2016-01-02 to 2016-01-31 is a surge is not known; the rule's conditions are kept as they were (neither fired nor cleared) until the data cover it; the loaded data end on 2016-01-31, ",
      ),
      run.note ?? 'no note',
    );
    // The rule keeps it, for whoever lists the rules: an import or a server's schedule said it to no one.
    const [listedRule] = await listAlertRules(store);
    assert.equal(listedRule!.last_note, run.note);
    // Asked again, still nothing new: the surge of March 2012 is neither cleared nor seen again.
    const again = await evaluateAlerts(store, { trigger: 'manual' });
    assert.deepEqual(again.alerts, []);
    const listed = await listAlertsView(store, { rule });
    assert.deepEqual(
      listed.alerts.map((a) => [a.id, a.cleared_at, a.seen]),
      [[fired!.id, null, 1]],
    );
    assert.deepEqual(
      listed.conditions.map((c) => c.key),
      ['surge'],
    );
  });
});
