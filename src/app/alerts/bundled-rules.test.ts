import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundledStoreCopy } from '../../../test/helpers/bundled-store.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { evaluateAlerts } from './evaluate.ts';
import { addAlertRule } from './rules.ts';

// The bundled data, as `faultline start` loads them: GED 22.1 to 2021, Candidate 26.0.6 and 26.0.7
// for 2026, nothing for 2022 to 2025.
describe('alert rules on the bundled data', () => {
  let path: string;
  let store: Store;

  before(async () => {
    path = await bundledStoreCopy();
    store = await createStore({ path });
  });

  after(async () => {
    await store.close();
    rmSync(dirname(path), { recursive: true, force: true });
  });

  it("a forecast rule's alert states the bound to the cent, and a second evaluation raises nothing new", async () => {
    const { rule } = await addAlertRule(store, { kind: 'forecast', pending_evaluations: 1 });
    const first = await evaluateAlerts(store, { trigger: 'manual', ruleIds: [rule.id] });
    assert.ok(first.alerts.length > 0, 'the latest month of a province is above its bound');
    for (const a of first.alerts) {
      const q95 = a.detail.q95 as number;
      // It read "above the forecast's 90% upper bound 221.34999999999968".
      assert.equal(q95, Math.round(q95 * 100) / 100, a.title);
      assert.ok(a.title.includes(`upper bound ${q95} (mean `), a.title);
      assert.ok((a.detail.observed as number) > q95, a.title);
      assert.deepEqual(
        (a.detail.rests_on as { source: string }[]).map((r) => r.source),
        ['ucdp-ged', 'ucdp-candidate'],
      );
    }
    const again = await evaluateAlerts(store, { trigger: 'manual', ruleIds: [rule.id] });
    assert.deepEqual([again.alerts, again.rules[0]!.holding], [[], first.alerts.length]);
  });

  it('surge and forecast rules say how far behind the data end, as relations rules do; not when the data are recent', async () => {
    const surge = (await addAlertRule(store, { kind: 'surge', admin1: 'PK-KP' })).rule;
    const forecast = (await addAlertRule(store, { kind: 'forecast', level: 'country' })).rule;
    const notes = async (now: string) =>
      (
        await evaluateAlerts(store, {
          trigger: 'manual',
          ruleIds: [surge.id, forecast.id],
          now: new Date(now),
        })
      ).rules.map((r) => r.note);
    // Both said nothing: a quiet rule in December read as a quiet August to December, which no
    // loaded source covers.
    assert.deepEqual(await notes('2026-12-06T08:00:00Z'), [
      'the loaded data end on 2026-07-31, 128 days before 2026-12-06: the rule judges the 30 days to then, not the days since, which no loaded source version covers (faultline update, or a newer release, brings them)',
      'the loaded data end with 2026-07, 128 days before 2026-12-06: the rule judges that month against its forecast, not the months since, which no loaded source version covers (faultline update, or a newer release, brings them)',
    ]);
    assert.deepEqual(await notes('2026-08-20T08:00:00Z'), [null, null]);
  });
});
