import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayNumber, isoDate } from './dates.ts';

describe('day numbers, parsed once per date', () => {
  it('round-trips every day from 1899 to 2101 and agrees with Date, asked once or again', () => {
    for (let day = -25_567; day <= 48_000; day += 1) {
      const text = new Date(day * 86_400_000).toISOString().slice(0, 10);
      assert.equal(isoDate(day), text);
      assert.equal(dayNumber(text), day);
      assert.equal(dayNumber(text), day, 'the second answer (kept) is the same');
    }
  });

  it('refuses impossible dates every time they are asked, and keeps years below 100 as written', () => {
    for (const bad of ['2021-02-29', '2021-13-01', '2021-1-01', '20210101', '']) {
      assert.equal(dayNumber(bad), null, bad);
      assert.equal(dayNumber(bad), null, `${bad} again`);
    }
    assert.equal(dayNumber('2020-02-29'), 18_321);
    assert.equal(isoDate(dayNumber('0099-12-31')!), '0099-12-31');
  });
});
