import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { ClaimSpec } from '../claims/claim-spec.ts';
import { createStore, type Store } from '../storage/index.ts';
import { bundledStoreCopy } from '../../test/helpers/bundled-store.ts';
import { csvLine } from '../../test/helpers/ged-rows.ts';
import { importFile } from './import-dataset.ts';
import { checkClaims } from './claims/check-claims.ts';
import { createApi } from '../api/server.ts';

const CANDIDATE = new URL('../../data/ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv', import.meta.url);

describe('claims and counts of Candidate where a final GED release covers what it held', () => {
  let store: Store;
  // Pakistan's January 2026 rows of the bundled Candidate file, as UCDP's final release would give them.
  const january = (parse(readFileSync(CANDIDATE), { columns: true }) as Record<string, string>[]).filter(
    (r) => r.country === 'Pakistan' && r.date_start!.startsWith('2026-01'),
  );
  const deaths = january.reduce((n, r) => n + Number(r.best), 0);
  before(async () => {
    store = await createStore({ path: await bundledStoreCopy() });
    // A GED 27.1 cut (it covers 1989 to 2026 for Pakistan, the one country it holds): the same
    // rows, in GED's coding of `active_year` (1/0) and with `code_status` Clear.
    const cols = Object.keys(january[0]!);
    const ged = january.map((r) =>
      cols.map((c) =>
        c === 'active_year' ? (r[c] === 'true' ? '1' : '0') : c === 'code_status' ? 'Clear' : r[c]!,
      ),
    );
    const file = join(mkdtempSync(join(tmpdir(), 'ged27-')), 'GEDEvent_v27_1.csv');
    writeFileSync(file, [cols, ...ged].map(csvLine).join('\n') + '\n');
    await importFile(store, file);
  });
  after(() => store.close());

  const claim = (country: string, period: string, value: number): ClaimSpec =>
    ({
      id: `${country}-${period}`,
      text: `more than ${value} deaths in ${country} in ${period}`,
      metric: 'deaths',
      geography: { country },
      period,
      comparator: { kind: 'more_than', value },
    }) as ClaimSpec;

  it("Candidate's superseded events answer nothing (not a 0 that contradicts GED): GED's figure decides, and the reason names the release", async () => {
    assert.ok(deaths > 100);
    const [r] = await checkClaims(store, [claim('PAK', '2026-01', 100)]);
    assert.equal(r!.verdict, 'supported', r!.explanation);
    const ged = r!.evidence.find((e) => e.source === 'ucdp-ged')!;
    assert.deepEqual([ged.version, ged.value, ged.outcome], ['27.1', deaths, 'holds']);
    const cand = r!.evidence.find((e) => e.source === 'ucdp-candidate')!;
    assert.equal(cand.outcome, 'unavailable');
    assert.equal(
      cand.reason,
      'its events of PAK up to 2026-12-31 are superseded by the final release ucdp-ged 27.1, whose figure answers for them (Candidate events yield to GED, and are never counted where it covers them)',
    );
  });

  it('a series asked of Candidate alone is not covered where GED supersedes it (null, not 0), and covered where it does not', async () => {
    const api = createApi({ store, log: () => {} });
    const series = async (country: string) =>
      (await (
        await api.app.request(
          `/api/v1/series?country=${country}&source=ucdp-candidate&from=2026-01&to=2026-01&interval=month`,
        )
      ).json()) as { points: { events: number | null }[]; meta: { coverage_status: string } };
    const pak = await series('PAK');
    assert.deepEqual([pak.points[0]!.events, pak.meta.coverage_status], [null, 'not_covered']);
    const afg = (parse(readFileSync(CANDIDATE), { columns: true }) as Record<string, string>[]).filter(
      (r) => r.country === 'Afghanistan' && r.date_start!.startsWith('2026-01'),
    ).length;
    const a = await series('AFG');
    assert.deepEqual([a.points[0]!.events, a.meta.coverage_status], [afg, 'covered']);
  });

  it('Candidate still answers for a country the final release holds nothing of (Afghanistan)', async () => {
    const afg = (parse(readFileSync(CANDIDATE), { columns: true }) as Record<string, string>[])
      .filter((r) => r.country === 'Afghanistan' && r.date_start!.startsWith('2026-03'))
      .reduce((n, r) => n + Number(r.best), 0);
    const [r] = await checkClaims(store, [claim('AFG', '2026-03', 1)]);
    const cand = r!.evidence.find((e) => e.source === 'ucdp-candidate')!;
    assert.deepEqual([cand.value, cand.outcome], [afg, 'holds']);
  });
});
