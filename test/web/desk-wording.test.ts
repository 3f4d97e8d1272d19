/** The Desk view's wording: waits in minutes, hours or days, and the API's lines in the form's labels. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fmtDuration } from '../../web/src/format.ts';
import { formNames } from '../../web/src/views/desk-form-names.ts';

describe('the Desk view wording', () => {
  it('gives a wait in the largest whole unit it fills: minutes, hours, then days', () => {
    const min = 60_000;
    assert.deepEqual(
      [0, 59_999, min, 59 * min, 60 * min, 23 * 60 * min + 59 * min, 24 * 60 * min, 50 * 60 * min].map(
        fmtDuration,
      ),
      ['0 minutes', '0 minutes', '1 minute', '59 minutes', '1 hour', '23 hours', '1 day', '2 days'],
    );
    assert.equal(fmtDuration(null), '—');
  });

  it("names a refusal's and a problem's fields by the form's labels, the quoted value as typed", () => {
    assert.deepEqual(formNames('invalid lat: "lat, lon" (a number from -90 to 90)'), {
      text: 'invalid “Latitude”: "lat, lon" (a number from -90 to 90)',
      fields: ['lat'],
    });
    assert.deepEqual(formNames('no country: give country (AFG or PAK)'), {
      text: 'no country: give “Country” (AFG or PAK)',
      fields: ['country'],
    });
    assert.deepEqual(
      formNames("citation 1 published_at 2025-06-01 is before the event's date_start 2025-06-10"),
      {
        text: "“Published” 2025-06-01 is before the event's “Date” 2025-06-10",
        fields: ['cite_published', 'date'],
      },
    );
    assert.deepEqual(
      formNames('invalid fatalities_best: -1 (a whole number of people, 0 or more, or null when unknown)'),
      {
        text: 'invalid “Killed”: -1 (a whole number of people, 0 or more, or leave it empty when unknown)',
        fields: ['killed'],
      },
    );
    assert.deepEqual(formNames('cannot submit desk event 4: point 33, 75 lies outside PAK (in IND)').fields, [
      'lat',
      'lon',
    ]);
  });
});
