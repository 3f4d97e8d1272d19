import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { articleOfText, draftsOf, publicationOption } from '../app/news/read-news.ts';
import { draftText } from './news-output.ts';

describe('draftText', () => {
  it("names UCDP's geocoding beside a place placed by it, and no source beside a GeoNames town", () => {
    const drafts = (text: string) =>
      draftsOf(articleOfText(text, 'made-up.txt', publicationOption('2026-07-20')), {
        now: new Date('2026-12-06T12:00:00Z'),
      }).drafts;
    // Made-up sentences: Sipah is a village of Khyber that only UCDP's derived gazetteer knows.
    const [sipah] = drafts('Two soldiers were killed by a sniper in Sipah, Khyber District.');
    assert.match(
      draftText(sipah!, 1, 1),
      /^ {2}place {5}Sipah \(place, PK-KP, PAK\); point: UCDP's geocoding \(GED 22\.1; Candidate 26\.0\.7\): "Sipah town", where_prec 1, 18 events {2}← "Sipah", "Khyber District"$/m,
    );
    const [peshawar] = drafts('Two soldiers were killed by a sniper in Peshawar.');
    assert.match(
      draftText(peshawar!, 1, 1),
      /^ {2}place {5}Peshawar \(place, PK-KP, PAK\) {2}← "Peshawar"$/m,
    );
  });
});
