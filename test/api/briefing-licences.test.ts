/**
 * A briefing names the licence and credit of every source it counts from as the credits part of
 * GET /sources gives them, in its data and in its renders, the licence linked to its text: the
 * Border and relations section named the relations index's licence alone, unlinked and without its
 * credit, and no other section named a source's terms.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CreditRow } from '../../src/app/answers.ts';
import type { BriefingData, BriefingLicence } from '../../src/report/briefing-data.ts';
import { renderHtml } from '../../src/report/render-html.ts';
import { renderMarkdown } from '../../src/report/render-markdown.ts';
import { bundledApi } from '../helpers/bundled-api.ts';

const { get } = bundledApi();

// 2021-Q4: GED 22.1 behind the figures and the border series; 2023-Q3: the relations index and
// published returns figures (no event source covers it); 2026-Q1: the Candidate releases.
const PERIODS = ['2021-Q4', '2023-Q3', '2026-Q1'];

/** The credits part, by ledger source. */
async function creditsBySource(): Promise<Map<string, CreditRow>> {
  const { credits } = (await (await get('/api/v1/sources?part=credits')).json()) as { credits: CreditRow[] };
  return new Map(credits.filter((c) => c.source !== null).map((c) => [c.source!, c]));
}

/** Every item of a briefing that names a source, with where it is. */
function namedSources(d: BriefingData): (readonly [string, { source: string } & BriefingLicence])[] {
  const b = d.border_relations;
  return [
    ...d.sources.datasets.map((x) => [`sources.datasets ${x.source} ${x.version}`, x] as const),
    ...(b?.border.sources ?? []).map((x) => [`border.sources ${x.source} ${x.version}`, x] as const),
    ...(b?.relations ?? []).map((x) => [`relations ${x.pair}`, x] as const),
    ...(b?.returns_sources ?? []).map((x) => [`returns_sources ${x.version}`, x] as const),
  ];
}

/** The briefing of a period for Pakistan: its data, or its render. */
const briefing = (period: string, render?: 'html' | 'markdown') =>
  get(`/api/v1/briefing?period=${period}&country=PAK${render ? `&render=${render}` : ''}`);

describe("a briefing's sources carry the credits part's licence and credit", () => {
  it('every source the briefing data name has the licence, SPDX id, licence URL and credit of its credits row', async () => {
    const credits = await creditsBySource();
    const seen = new Set<string>();
    for (const period of PERIODS) {
      const res = await briefing(period);
      assert.equal(res.status, 200, period);
      for (const [where, s] of namedSources((await res.json()) as BriefingData)) {
        const row = credits.get(s.source);
        assert.ok(row, `credits has a row for ${s.source}`);
        seen.add(where.split(' ')[0]!);
        assert.deepEqual(
          [s.licence, s.licence_id, s.licence_url],
          [row.licence, row.licence_id, row.licence_url],
          `${period} ${where}`,
        );
        // The bundled store loads one GED release, so a row naming one version gives its credit.
        if (row.versions.length === 1 || s.source !== 'ucdp-ged') assert.equal(s.credit, row.credit);
      }
    }
    // Each kind of item was met, so none passed for want of rows.
    assert.deepEqual([...seen].sort(), [
      'border.sources',
      'relations',
      'returns_sources',
      'sources.datasets',
    ]);
  });

  it("the HTML links the relations index's licence to its text and gives its credit, in Border and relations", async () => {
    const html = await (await briefing('2023-Q3', 'html')).text();
    const section = html.slice(
      html.indexOf('<section id="border-relations">'),
      html.indexOf('<section id="surge">'),
    );
    assert.ok(section.length > 0, 'the section is there');
    assert.ok(
      section.includes(
        ` to-2024-02-23: licence: <a href="https://www.gnu.org/licenses/gpl-3.0.html">GPL-3.0 (data/gdelt-dyad-index-2018-2024/LICENSE-GPL-3.0.txt); derived from the GDELT Project</a>; credit: the GDELT Project and gzemo/gdelt-graph-data.</li>`,
      ),
      section,
    );
    // Once for the index, not on every pair's line (each of the pairs repeated it).
    const pairs = section.match(/<li>[A-Z]{3}-[A-Z]{3}: /g) ?? [];
    assert.ok(pairs.length >= 2, `${pairs.length} pairs`);
    assert.equal(section.split('LICENSE-GPL-3.0.txt').length - 1, 1, section);
    // The published figures say the terms they are quoted under (no one text to link to).
    assert.match(
      section,
      /<li>Published figures from statistics sha256:[0-9a-f]{12}, sha256:[0-9a-f]{12} \(licence: facts as their publishers report them, quoted with attribution; credit: the organisation and report named on each figure /,
    );
  });

  it("the HTML and Markdown link GED's licence and give its credit, for the border series and in Sources and citation", async () => {
    const html = await (await briefing('2021-Q4', 'html')).text();
    const md = await (await briefing('2021-Q4', 'markdown')).text();
    const ged = (await creditsBySource()).get('ucdp-ged')!;
    const htmlCredit = ged.credit.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    const link = '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>';
    assert.ok(
      html.includes(`Sources: ucdp-ged 22.1 (licence: ${link}; credit: ${htmlCredit}).</p>`),
      html.slice(html.indexOf('<section id="border-relations">'), html.indexOf('<section id="surge">')),
    );
    const sources = html.slice(html.indexOf('<section id="sources">'));
    assert.ok(sources.includes(`ucdp-ged 22.1 (licence: ${link}; credit: ${htmlCredit})`), sources);
    assert.ok(
      md.includes(
        `Sources: ucdp-ged 22.1 (licence: [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/); credit: ${ged.credit}).`,
      ),
      md,
    );
    assert.match(
      md,
      /^- Licences and credits: ucdp-ged 22\.1 \(licence: \[CC BY 4\.0\]\(https:\/\/creativecommons\.org\/licenses\/by\/4\.0\/\); credit: Uppsala Conflict Data Program \(UCDP\)\./m,
    );
  });

  it('a licence address that is no web address is not linked, and the licence and credit are escaped as text', async () => {
    const d = (await (await briefing('2023-Q3')).json()) as BriefingData;
    const b = d.border_relations!;
    const hostile: BriefingData = {
      ...d,
      border_relations: {
        ...b,
        relations: b.relations.map((r, i) =>
          i
            ? r
            : {
                ...r,
                licence: 'odd [terms]',
                licence_url: 'javascript:alert(1)',
                credit: '<script>x</script>',
              },
        ),
        returns_sources: b.returns_sources.map((r) => ({
          ...r,
          licence: 'terms (v2)',
          licence_url: 'https://example.org/terms (v2)',
        })),
      },
    };
    const html = renderHtml(hostile);
    assert.ok(!html.includes('javascript:'), 'a javascript: address is linked');
    assert.ok(html.includes('licence: odd [terms]; credit: &lt;script&gt;x&lt;/script&gt;.</li>'));
    const md = renderMarkdown(hostile);
    assert.ok(md.includes('licence: odd [terms]; credit: &lt;script&gt;x&lt;/script&gt;.'), md);
    // Brackets and spaces in an address are escaped so the link ends where it should.
    assert.ok(md.includes('(licence: [terms (v2)](https://example.org/terms%20%28v2%29); credit: '), md);
  });
});
