import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { articleOfText, draftsOf, publicationOption } from './read-news.ts';

// Real headlines: the `source_headline` field of the bundled UCDP Candidate file (CC BY 4.0), which
// quotes its sources' headlines (here the Press Trust of India's), read at run time by event id.
const rows = parse(
  readFileSync(new URL('../../../data/ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv', import.meta.url)),
  { columns: true },
) as { id: string; source_headline: string; source_date: string }[];
/** The drafts of one quoted headline, published on the day UCDP gives for it. */
function draftsOfHeadline(id: string, starts: string) {
  const row = rows.find((r) => r.id === id)!;
  const heads = row.source_headline.split(';');
  const at = heads.findIndex((h) => h.startsWith(starts));
  assert.ok(at >= 0, `event ${id} quotes no headline starting "${starts}"`);
  const published = publicationOption(row.source_date.split(';')[at]);
  return draftsOf(articleOfText(heads[at]!, 'headline.txt', published), {
    now: new Date('2026-12-06T12:00:00Z'),
  });
}

describe('headlines that shorten the country', () => {
  it('"in Pak\'s NW" places the draft in Pakistan, so it is shown (it found no place and was hidden)', () => {
    const x = draftsOfHeadline('618144', 'Three police officials');
    assert.equal(x.hidden_drafts, 0);
    assert.deepEqual(
      x.drafts.map((d) => [d.place.value?.name, d.place.value?.kind, d.place.value?.country, d.place.words]),
      [['Pakistan', 'country', 'PAK', ["Pak's"]]],
    );
    assert.deepEqual(
      x.drafts[0]!.problems.filter((p) => p.field === 'place').map((p) => p.code),
      ['country_only'],
    );
  });
});
