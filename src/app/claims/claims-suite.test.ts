import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { ClaimResult } from '../../claims/evidence.ts';
import { useBundledStore } from '../../../test/helpers/use-bundled-store.ts';
import { checkClaims, loadClaimFile } from './check-claims.ts';

const SUITE = new URL('../../../examples/claims/suite/', import.meta.url);
const verdicts = parse(readFileSync(new URL('verdicts.yaml', SUITE), 'utf8')) as {
  recorded_score: number;
  verdicts: Record<string, { verdict: string; why: string }>;
};

describe('the public claims suite (examples/claims/suite) against the bundled data', () => {
  let results: ClaimResult[];
  const store = useBundledStore();
  before(async () => {
    const loaded = await loadClaimFile(new URL('claims.yaml', SUITE).pathname);
    results = await checkClaims(store(), loaded.file.claims);
  });

  it('holds at least 40 quoted claims, each with a source and a recorded verdict', () => {
    assert.ok(results.length >= 40, `${results.length} claims`);
    for (const r of results) assert.ok(verdicts.verdicts[r.id], `no recorded verdict for ${r.id}`);
  });

  it('agrees with the recorded verdicts at least as often as when the score was recorded', () => {
    const agree = results.filter((r) => r.verdict === verdicts.verdicts[r.id]!.verdict);
    const score = agree.length / results.length;
    const off = results
      .filter((r) => r.verdict !== verdicts.verdicts[r.id]!.verdict)
      .map((r) => `${r.id}: checker ${r.verdict}, analyst ${verdicts.verdicts[r.id]!.verdict}`);
    assert.ok(
      score >= verdicts.recorded_score,
      `score ${agree.length}/${results.length} fell below ${verdicts.recorded_score}:\n${off.join('\n')}`,
    );
  });
});
