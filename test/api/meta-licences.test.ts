/**
 * Every analysis answer's `meta.sources` gives each source version's licence and credit, as the
 * credits part of GET /sources gives them: a CSV or JSON taken away from faultline keeps the terms
 * it must be shared under. They named the source and version only.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CreditRow, MetaSource, RelationsAnswer } from '../../src/app/answers.ts';
import { bundledApi } from '../helpers/bundled-api.ts';

const { get } = bundledApi();

/** The credits part, by ledger source. */
async function creditsBySource(): Promise<Map<string, CreditRow>> {
  const { credits } = (await (await get('/api/v1/sources?part=credits')).json()) as { credits: CreditRow[] };
  return new Map(credits.filter((c) => c.source !== null).map((c) => [c.source!, c]));
}

// Each kind of analysis answer with meta, over the bundled data (GED 22.1, the 2026 Candidate files
// and published desk events aside, which are not loaded here).
const ANSWERS: [string, string][] = [
  ['series', '/api/v1/series?interval=year&from=2020&to=2026'],
  ['compare', '/api/v1/compare?period1=2021&period2=2026'],
  ['changepoints', '/api/v1/changepoints?from=2015&to=2021&interval=month'],
  ['signals', '/api/v1/signals?country=PAK'],
  ['index', '/api/v1/index?from=2026-01-01&to=2026-06-30'],
  ['network', '/api/v1/network?from=2020&to=2026'],
  ['border', '/api/v1/border?from=2021-01&to=2026-07'],
  ['events', '/api/v1/events?limit=3&from=2021-12&to=2026-02'],
];

describe('meta.sources gives each source version its licence and credit as the credits part does', () => {
  for (const [kind, path] of ANSWERS)
    it(`${kind}: each source counted has the licence, SPDX id and licence URL of its credits row`, async () => {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      const { meta } = (await res.json()) as { meta: { sources: MetaSource[] } };
      assert.ok(meta.sources.length > 0, `${path} counts from some source`);
      const credits = await creditsBySource();
      for (const s of meta.sources) {
        const row = credits.get(s.source);
        assert.ok(row, `credits has a row for ${s.source}`);
        assert.deepEqual(
          [s.licence, s.licence_id, s.licence_url],
          [row.licence, row.licence_id, row.licence_url],
          `${kind} ${s.source} ${s.version}`,
        );
        // The bundled store loads one GED release, so its row's credit is that release's.
        if (row.versions.length === 1) assert.equal(s.credit, row.credit);
        else assert.ok(s.credit?.startsWith('Uppsala Conflict Data Program (UCDP).'), String(s.credit));
      }
    });

  it("UCDP's data say CC BY 4.0 with the licence's SPDX id and its text's address", async () => {
    const { meta } = (await (await get(ANSWERS[0]![1])).json()) as { meta: { sources: MetaSource[] } };
    const ged = meta.sources.find((s) => s.source === 'ucdp-ged')!;
    assert.deepEqual(
      [ged.licence, ged.licence_id, ged.licence_url],
      ['CC BY 4.0', 'CC-BY-4.0', 'https://creativecommons.org/licenses/by/4.0/'],
    );
    assert.match(ged.credit!, /Davies, Pettersson & Öberg \(2022\)/);
  });

  it('a CSV answer carries the licences in a header beside its sources', async () => {
    const res = await get(`${ANSWERS[0]![1]}&format=csv`);
    assert.equal(res.status, 200);
    const { meta } = (await (await get(ANSWERS[0]![1])).json()) as { meta: { sources: MetaSource[] } };
    const versions = (source: string) =>
      meta.sources.filter((s) => s.source === source).map((s) => s.version);
    assert.ok(versions('ucdp-candidate').length > 1, 'the bundled Candidate files are several releases');
    // Versions of one source under one licence together, the sources in meta's order.
    assert.equal(
      res.headers.get('x-faultline-licences'),
      [...new Set(meta.sources.map((s) => s.source))]
        .map(
          (x) => `${x} ${versions(x).join(', ')}: CC-BY-4.0 <https://creativecommons.org/licenses/by/4.0/>`,
        )
        .join(' | '),
    );
  });

  it('relations: each series names the licence, SPDX id, licence URL and credit the credits part gives its source', async () => {
    const res = await get('/api/v1/relations?a=PAK&b=AFG&from=2023-01-01&to=2023-12-31&interval=quarter');
    assert.equal(res.status, 200);
    const body = (await res.json()) as RelationsAnswer;
    assert.ok(body.series.length > 0);
    const credits = await creditsBySource();
    for (const s of body.series) {
      const row = credits.get(s.source.id)!;
      assert.deepEqual(
        [s.source.licence, s.source.licence_id, s.source.licence_url, s.source.credit],
        [row.licence, row.licence_id, row.licence_url, row.credit],
      );
      assert.deepEqual(
        [s.source.licence_id, s.source.licence_url, s.source.credit],
        [
          'GPL-3.0-only',
          'https://www.gnu.org/licenses/gpl-3.0.html',
          'the GDELT Project and gzemo/gdelt-graph-data',
        ],
      );
    }
  });
});
