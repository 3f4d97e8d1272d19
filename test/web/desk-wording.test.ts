/** The Desk view's wording: waits in minutes, hours or days, and the API's lines in the form's labels. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fmtDuration } from '../../web/src/format.ts';
import { formFields, formNames } from '../../web/src/views/desk-form-names.ts';

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
    assert.deepEqual(formNames('invalid lat: "lat, lon" (a number from -90 to 90)', ['lat']), {
      text: 'invalid “Latitude”: "lat, lon" (a number from -90 to 90)',
      fields: ['lat'],
    });
    assert.deepEqual(formNames('no country: give country (AFG or PAK)', ['country']), {
      text: 'no country: give “Country” (AFG or PAK)',
      fields: ['country'],
    });
    assert.deepEqual(
      formNames("citation 1 published_at 2025-06-01 is before the event's date_start 2025-06-10", [
        'citations[0].published_at',
        'date_start',
      ]),
      {
        text: "“Published” 2025-06-01 is before the event's “Date” 2025-06-10",
        fields: ['cite_published', 'date'],
      },
    );
    assert.deepEqual(
      formNames('invalid fatalities_best: -1 (a whole number of people, 0 or more, or null when unknown)', [
        'fatalities_best',
      ]),
      {
        text: 'invalid “Killed”: -1 (a whole number of people, 0 or more, or leave it empty when unknown)',
        fields: ['killed'],
      },
    );
  });

  it('marks the fields the API lists, never the words of the text', () => {
    // A point outside its country names neither field in words; the API lists both.
    assert.deepEqual(
      formNames('cannot submit desk event "4": point 33, 75 lies outside PAK (in IND)', ['lat', 'lon'])
        .fields,
      ['lat', 'lon'],
    );
    // Prose that uses a field's name as a word ("place", "headline") marks nothing the API did not list.
    assert.deepEqual(
      formNames(
        'nothing to add: give at least one field of the desk event (its date, place, headline, sides, deaths or a citation)',
      ).fields,
      [],
    );
    // A refusal the API gives with other wording marks the same fields.
    assert.deepEqual(formNames('the latitude is not a number', ['lat']).fields, ['lat']);
  });

  it("maps the API's JSON names to the form's inputs: its one citation, all of it when none was given", () => {
    assert.deepEqual(formFields(['citations[0].url', 'citations[0].quote']), ['cite_url', 'cite_quote']);
    assert.deepEqual(formFields(['citations']), ['cite_url', 'cite_outlet', 'cite_published', 'cite_quote']);
    assert.deepEqual(formFields(['date_end', 'date_start', 'lat', 'date_start']), ['date', 'lat']);
    // A field the form has no input for (a second citation, the origin, a date's end) marks nothing.
    assert.deepEqual(formFields(['citations[1].url', 'origin.url', 'constructor']), []);
  });
});
