import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BUNDLED_FILES } from '../bundled-data.ts';
import { createEventPlacer } from '../geography.ts';
import { importFile } from '../import-dataset.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import type { AlertRow } from '../answers.ts';
import { evaluateAlerts } from './evaluate.ts';
import { listAlertsView } from './views.ts';
import { addAlertRule } from './rules.ts';

describe('border alerts on the bundled 2026 interstate events', () => {
  let store: Store;
  let alerts: AlertRow[];
  before(async () => {
    store = await createStore({
      path: join(mkdtempSync(join(tmpdir(), 'faultline-border-alert-')), 's.duckdb'),
    });
    await addAlertRule(store, { kind: 'border', interstate: true, name: 'interstate' });
    const file = BUNDLED_FILES.find((f) => f.endsWith('GEDEvent_v26_01_26_06_PAK_AFG.csv'))!;
    await importFile(store, file, { place: await createEventPlacer(store) });
    // The import evaluates the rules itself (trigger import); a manual run settles any left.
    await evaluateAlerts(store, { trigger: 'manual' });
    alerts = (await listAlertsView(store, { limit: 1000 })).alerts;
  });
  after(() => store?.close());

  it("gives each event the side the listings give it: UCDP's country for a point within 5 km of the line on the other side (Torkham, Do Kalam)", async () => {
    const side = (id: string) => alerts.find((a) => a.key === id)?.detail.border_side;
    // 618277 and 622878: UCDP says Afghanistan, the point lies 0.1 and 1 km inside Pakistan's outline;
    // 620664: UCDP says Pakistan, the point lies 3.7 km inside Afghanistan's.
    assert.deepEqual(['ucdp-candidate:618277', 'ucdp-candidate:622878', 'ucdp-candidate:620664'].map(side), [
      'AFG',
      'AFG',
      'PAK',
    ]);
    // A count of one is "1 death" (it read "1 deaths").
    assert.match(
      alerts.find((a) => a.key === 'ucdp-candidate:618277')!.title,
      /^new interstate clash: 2026-02-26 Torkham town, Government of Afghanistan v Government of Pakistan, 1 death \(best\)$/,
    );
    // An event without an exact point has a side too (from its province or UCDP's country), never null.
    assert.ok(alerts.length >= 80, `${alerts.length} alerts`);
    assert.ok(alerts.every((a) => a.detail.border_side === 'PAK' || a.detail.border_side === 'AFG'));
  });
});
