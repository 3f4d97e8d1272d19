import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { registerClaims } from '../../cli/commands/claims.ts';
import { useBundledStore } from '../../../test/helpers/use-bundled-store.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';

/** The rows of a bundled Candidate file, by column name. */
function candidate(name: string): Record<string, string>[] {
  const path = new URL(`../../../data/ucdp-candidate/${name}`, import.meta.url);
  return parse(readFileSync(path), { columns: true }) as Record<string, string>[];
}

describe("a claim's figure names every version that answers for its days", () => {
  const store = useBundledStore();

  it('a change whose covered later days hold no event names the release that covers them (26.0.7, July 2026), not only the one whose events the baseline counted', async () => {
    // The July release holds no row of the interstate dyad: July's count is 0, and it is 26.0.7's.
    const interstate = (r: Record<string, string>) =>
      r.dyad_name === 'Government of Afghanistan - Government of Pakistan';
    const july = candidate('GEDEvent_v26_0_7_PAK_AFG.csv');
    assert.ok(july.length > 0 && july.every((r) => r.date_end!.startsWith('2026-07')));
    assert.equal(july.filter(interstate).length, 0);
    assert.ok(candidate('GEDEvent_v26_01_26_06_PAK_AFG.csv').some(interstate));
    const file = join(mkdtempSync(join(tmpdir(), 'versions-')), 'claims.json');
    writeFileSync(
      file,
      JSON.stringify({
        claims: [
          {
            id: 'h2',
            text: 'clashes between the two states rose in the second half of 2026',
            metric: 'events',
            geography: { country: ['PAK', 'AFG'] },
            dyad: 'pakistan:afghanistan',
            period: '2026-07..2026-12',
            baseline: '2026-01..2026-06',
            comparator: { kind: 'increase' },
          },
        ],
      }),
    );
    const r = await runCli(store(), [registerClaims], ['claims', 'check', file, '--format', 'json']);
    assert.equal(r.error, undefined, r.err);
    const [claim] = (JSON.parse(r.out) as { results: { evidence: { source: string; version: string }[] }[] })
      .results;
    assert.equal(claim!.evidence.find((e) => e.source === 'ucdp-candidate')!.version, '26.0.6, 26.0.7');
  });
});
