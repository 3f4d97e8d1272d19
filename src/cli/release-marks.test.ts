import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createApi } from '../api/server.ts';
import { useBundledStore } from '../../test/helpers/use-bundled-store.ts';
import { gedRows } from '../../test/helpers/ged-rows.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { registerSeries } from './commands/series.ts';
import { registerClaims } from './commands/claims.ts';

/** The rows of a bundled Candidate file, by column name. */
function candidate(name: string): Record<string, string>[] {
  const path = new URL(`../../data/ucdp-candidate/${name}`, import.meta.url);
  return parse(readFileSync(path), { columns: true }) as Record<string, string>[];
}

describe('Candidate (preliminary) and GED (final) figures say which they are', () => {
  const store = useBundledStore();

  it('the sources line of the CLI, the API meta and its CSV header mark each UCDP version, with its events counted from the source rows', async () => {
    // Pakistan, 2021 to 2026: GED's 2021 rows, and the two Candidate files' Pakistan rows (the two
    // ids both files hold count once, in the January-June release that brought them first).
    const { header, rows } = gedRows();
    const ged = rows.filter((r) => r[header.indexOf('year')] === '2021').length;
    const first = candidate('GEDEvent_v26_01_26_06_PAK_AFG.csv').filter((r) => r.country === 'Pakistan');
    const held = new Set(first.map((r) => r.id));
    const july = candidate('GEDEvent_v26_0_7_PAK_AFG.csv').filter(
      (r) => r.country === 'Pakistan' && !held.has(r.id),
    );
    const line = `sources: ucdp-candidate 26.0.6 (${first.length} events, preliminary), ucdp-candidate 26.0.7 (${july.length} events, preliminary), ucdp-ged 22.1 (${ged} events, final)`;
    const args = ['series', '--country', 'PAK', '--from', '2021', '--to', '2026', '--interval', 'year'];
    const r = await runCli(store(), [registerSeries], args);
    assert.equal(r.error, undefined);
    assert.ok(r.err.includes(`${line}\n`), r.err);
    const api = createApi({ store: store(), log: () => {} });
    const json = (await (
      await api.app.request('/api/v1/series?country=PAK&from=2021&to=2026&interval=year')
    ).json()) as { meta: { sources: { source: string; release: string | null }[] } };
    assert.deepEqual(
      json.meta.sources.map((s) => [s.source, s.release]),
      [
        ['ucdp-candidate', 'preliminary'],
        ['ucdp-candidate', 'preliminary'],
        ['ucdp-ged', 'final'],
      ],
    );
    const csv = await api.app.request(
      '/api/v1/series?country=PAK&from=2021&to=2026&interval=year&format=csv',
    );
    assert.equal(`sources: ${csv.headers.get('x-faultline-sources')}`, line);
  });

  it("a claim's verdict names a Candidate figure preliminary", async () => {
    const spec = JSON.stringify({
      claims: [
        {
          id: 'c',
          text: 'more than 100 deaths in Pakistan in January 2026',
          metric: 'deaths',
          geography: { country: 'PAK' },
          period: '2026-01',
          comparator: { kind: 'more_than', value: 100 },
        },
      ],
    });
    // The raw January rows of Pakistan (by start date), summed as UCDP's best estimate.
    const deaths = candidate('GEDEvent_v26_01_26_06_PAK_AFG.csv')
      .filter((r) => r.country === 'Pakistan' && r.date_start!.startsWith('2026-01'))
      .reduce((n, r) => n + Number(r.best), 0);
    const file = join(mkdtempSync(join(tmpdir(), 'release-')), 'claims.json');
    writeFileSync(file, spec);
    const r = await runCli(store(), [registerClaims], ['claims', 'check', file, '--format', 'json']);
    assert.equal(r.error, undefined, r.err);
    const [claim] = (JSON.parse(r.out) as { results: { explanation: string }[] }).results;
    assert.match(
      claim!.explanation,
      new RegExp(
        `^Supported by ucdp-candidate 26\\.0\\.6 \\(preliminary\\): deaths, best estimate ${deaths.toLocaleString('en')}\\.`,
      ),
    );
  });
});
