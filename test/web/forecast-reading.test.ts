/** The Forecasts view's reading of an answer: a verdict that weighs its interval, and the months already past. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  forecastCountry,
  forecastNotApplied,
  pastForecastMonths,
  skillVerdict,
} from '../../web/src/views/forecast-reading.ts';

describe('reading a forecast', () => {
  it("says the model beats the baseline only when the CRPS ratio's whole interval is below 1", () => {
    assert.equal(skillVerdict(0.917, { lo: 0.897, hi: 1.03 }), 'unclear');
    assert.equal(skillVerdict(0.8, { lo: 0.7, hi: 0.95 }), 'beats');
    assert.equal(skillVerdict(1.02, { lo: 0.9, hi: 1.1 }), 'notBeats');
    assert.equal(skillVerdict(0.9, null), 'unclear');
  });

  it('names the months after the last covered month and before this one as already past', () => {
    assert.deepEqual(pastForecastMonths('2026-07', new Date('2026-12-05T00:00:00Z')), {
      from: '2026-08',
      to: '2026-11',
    });
    assert.deepEqual(pastForecastMonths('2025-12', new Date('2026-02-01T00:00:00Z')), {
      from: '2026-01',
      to: '2026-01',
    });
    assert.equal(pastForecastMonths('2026-07', new Date('2026-08-31T00:00:00Z')), null);
  });

  it("forecasts the filter's country when it names Pakistan or Afghanistan alone, else Pakistan", () => {
    assert.equal(forecastCountry({ country: 'afg' }), 'AFG');
    assert.equal(forecastCountry({ country: 'PAK' }), 'PAK');
    assert.equal(forecastCountry({ country: 'AFG,PAK' }), 'PAK');
    assert.equal(forecastCountry({ country: 'IND' }), 'PAK');
    assert.equal(forecastCountry({}), 'PAK');
  });

  it('names every set filter but a country it forecasts as not applied, in the filter bar order', () => {
    assert.deepEqual(forecastNotApplied({ country: 'AFG' }), []);
    assert.deepEqual(forecastNotApplied({}), []);
    assert.deepEqual(forecastNotApplied({ country: 'AFG,PAK', admin1: 'PK-KP', from: '2021-01-01' }), [
      'from',
      'country',
      'admin1',
    ]);
    assert.deepEqual(forecastNotApplied({ country: 'PAK', actor: 'TTP', to: '2021-12-31' }), ['to', 'actor']);
  });
});
