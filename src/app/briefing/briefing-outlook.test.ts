import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bundledStoreCopy } from '../../../test/helpers/bundled-store.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { buildBriefing } from './build-briefing.ts';

let store: Store;

describe('the outlook of a briefing on the bundled data', () => {
  before(async () => {
    store = await createStore({ path: await bundledStoreCopy() });
  });
  after(() => store?.close());

  it('says among its caveats that the skill never met the gap before the origin (before: the skill alone)', async () => {
    const b = await buildBriefing(store, {
      period: '2026-Q2',
      filter: { country: ['PAK'] },
      forecast: true,
      generatedAt: '2026-12-06T00:00:00Z',
    });
    assert.equal(b.forecast?.origin, '2026-07');
    const outlook = b.caveats.filter((c) => c.startsWith('Outlook: '));
    assert.equal(outlook.length, 1, b.caveats.join('\n'));
    assert.match(
      outlook[0]!,
      /^Outlook: the skill was measured at backtest origins whose 12 months up to the origin were all covered, but 5 of the 12 months up to this forecast's origin 2026-07 are missing \(the end of 2022-01 to 2025-12, which no source covers\): .*\.$/,
    );
  });
});
