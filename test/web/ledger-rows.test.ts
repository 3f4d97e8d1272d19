/**
 * The import ledger's links to an import's rejected rows and warnings as CSV: one answer of the API
 * holds at most 10,000, so a larger count's link says it gives the first 10,000 (the count was left
 * unlinked, and a link's file could be cut without a word).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROWS_MAX, rowsLink } from '../../web/src/views/ledger-rows.ts';

describe("the import ledger's CSV links", () => {
  it('a count no larger than one answer holds links to every row, in its own words', () => {
    assert.deepEqual(rowsLink(7, 200, 'rejections'), {
      href: '/api/v1/imports/7/rejections?format=csv&limit=10000',
      text: '200',
      title: 'Download the 200 rejected rows as CSV (line, field, value, reason)',
      cut: false,
    });
    const one = rowsLink(7, 1, 'warnings')!;
    assert.equal(one.title, 'Download the warnings of the row kept with warnings as CSV');
    // Rows may carry several warnings each: the link says it gives the first 10,000 if so.
    assert.equal(
      rowsLink(7, ROWS_MAX, 'warnings')!.title,
      'Download the warnings of the 10,000 rows kept with warnings as CSV (the first 10,000 if they carry more: a row may carry several)',
    );
    assert.equal(rowsLink(7, ROWS_MAX, 'rejections')!.cut, false);
  });

  it('a larger count links to the first 10,000 and says so: "first 10,000 of 12,345"', () => {
    assert.deepEqual(rowsLink(7, 12_345, 'rejections'), {
      href: '/api/v1/imports/7/rejections?format=csv&limit=10000',
      text: 'first 10,000 of 12,345',
      title:
        'Download the first 10,000 of the 12,345 rejected rows as CSV (the most one answer of the API holds; `faultline rejections 7 --format csv` lists every one)',
      cut: true,
    });
    const warned = rowsLink(7, ROWS_MAX + 1, 'warnings')!;
    assert.equal(warned.text, 'first 10,000 warnings of 10,001 rows');
    assert.equal(
      warned.title,
      'Download the first 10,000 warnings of the 10,001 rows kept with warnings as CSV (the most one answer of the API holds; `faultline rejections 7 --warnings --format csv` lists every one)',
    );
  });

  it('no rows: no link', () => {
    assert.equal(rowsLink(7, 0, 'warnings'), null);
  });
});
