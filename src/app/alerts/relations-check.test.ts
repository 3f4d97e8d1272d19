import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useBundledStore } from '../../../test/helpers/use-bundled-store.ts';
import { addAlertRule } from './rules.ts';
import { evaluateAlerts } from './evaluate.ts';

describe('a relations rule on an index that ended long ago says so', () => {
  const store = useBundledStore();

  it("judged in December 2026 on the bundled index (to 2024-02-23), its note names the index's last day and how long ago it was; judged in March 2024, no such note", async () => {
    const { rule } = await addAlertRule(store(), { kind: 'relations', a: 'PAK', b: 'AFG' });
    const late = await evaluateAlerts(store(), {
      trigger: 'manual',
      ruleIds: [rule.id],
      now: new Date('2026-12-05T00:00:00Z'),
    });
    const [r] = late.rules;
    assert.equal(r!.error, null);
    assert.match(
      r!.note ?? '',
      /the loaded index of AFG-PAK ends on 2024-02-23, 1,016 days before 2026-12-05: the rule judges its last months, not the relations since \(a newer release of the index, imported with faultline import, brings them; the GDELT barometer of faultline fetch gdelt is not what relations rules read\)$/,
    );
    const early = await evaluateAlerts(store(), {
      trigger: 'manual',
      ruleIds: [rule.id],
      now: new Date('2024-03-01T00:00:00Z'),
    });
    assert.doesNotMatch(early.rules[0]!.note ?? '', /days before/);
  });
});
