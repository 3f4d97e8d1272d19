import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { densePeriods, isoWeeksInYear, parsePeriod, periodBounds, periodKey } from './periods.ts';

describe('periodKey', () => {
  it('formats day, month, quarter and year keys', () => {
    assert.equal(periodKey('2021-11-07', 'day'), '2021-11-07');
    assert.equal(periodKey('2021-11-07', 'month'), '2021-11');
    assert.equal(periodKey('2021-11-07', 'quarter'), '2021-Q4');
    assert.equal(periodKey('2021-03-31', 'quarter'), '2021-Q1');
    assert.equal(periodKey('2021-04-01', 'quarter'), '2021-Q2');
    assert.equal(periodKey('2021-11-07', 'year'), '2021');
  });

  it('gives days near new year the ISO week of the year that owns their Thursday', () => {
    assert.equal(periodKey('2021-01-01', 'week'), '2020-W53');
    assert.equal(periodKey('2021-01-03', 'week'), '2020-W53');
    assert.equal(periodKey('2021-01-04', 'week'), '2021-W01');
    assert.equal(periodKey('2024-12-30', 'week'), '2025-W01');
    assert.equal(periodKey('2019-12-30', 'week'), '2020-W01');
    assert.equal(periodKey('2016-01-03', 'week'), '2015-W53');
    assert.equal(periodKey('2021-02-01', 'week'), '2021-W05');
  });

  it('rejects a date that is not on the calendar', () => {
    assert.throws(() => periodKey('2021-02-29', 'month'), { message: 'invalid date: "2021-02-29"' });
    assert.throws(() => periodKey('2021-2-1', 'month'), { message: 'invalid date: "2021-2-1"' });
  });
});

describe('periodBounds', () => {
  it('counts 366 days in a leap year and 29 days in its February', () => {
    assert.deepEqual(periodBounds('2020'), { start: '2020-01-01', end: '2020-12-31', days: 366 });
    assert.deepEqual(periodBounds('2021'), { start: '2021-01-01', end: '2021-12-31', days: 365 });
    assert.deepEqual(periodBounds('2020-02'), { start: '2020-02-01', end: '2020-02-29', days: 29 });
    assert.deepEqual(periodBounds('1900-02'), { start: '1900-02-01', end: '1900-02-28', days: 28 });
    assert.deepEqual(periodBounds('2000-02'), { start: '2000-02-01', end: '2000-02-29', days: 29 });
  });

  it('gives quarters their calendar months', () => {
    assert.deepEqual(periodBounds('2020-Q1'), { start: '2020-01-01', end: '2020-03-31', days: 91 });
    assert.deepEqual(periodBounds('2021-Q1'), { start: '2021-01-01', end: '2021-03-31', days: 90 });
    assert.deepEqual(periodBounds('2021-Q4'), { start: '2021-10-01', end: '2021-12-31', days: 92 });
  });

  it('starts ISO weeks on Monday, including week 53 across the year boundary', () => {
    assert.deepEqual(periodBounds('2021-W05'), { start: '2021-02-01', end: '2021-02-07', days: 7 });
    assert.deepEqual(periodBounds('2020-W53'), { start: '2020-12-28', end: '2021-01-03', days: 7 });
    assert.deepEqual(periodBounds('2025-W01'), { start: '2024-12-30', end: '2025-01-05', days: 7 });
    assert.deepEqual(periodBounds('2026-W53'), { start: '2026-12-28', end: '2027-01-03', days: 7 });
  });

  it('knows which years have 53 ISO weeks', () => {
    const long = [2004, 2009, 2015, 2020, 2026, 2032].map(isoWeeksInYear);
    const short = [2019, 2021, 2022, 2023, 2024, 2025].map(isoWeeksInYear);
    assert.deepEqual(long, [53, 53, 53, 53, 53, 53]);
    assert.deepEqual(short, [52, 52, 52, 52, 52, 52]);
  });

  it('round-trips every day of 2019-2026 through its week key', () => {
    for (const key of densePeriods('2019-01-01', '2026-12-31', 'day')) {
      const week = periodKey(key, 'week');
      const { start, end } = periodBounds(week);
      assert.ok(start <= key && key <= end, `${key} not inside ${week}`);
    }
  });
});

describe('parsePeriod', () => {
  it('names the interval and normalises the key', () => {
    assert.equal(parsePeriod('2021').interval, 'year');
    assert.equal(parsePeriod('2021-q4').key, '2021-Q4');
    assert.equal(parsePeriod('2021-w05').key, '2021-W05');
    assert.equal(parsePeriod('2021-03').interval, 'month');
    assert.equal(parsePeriod('2021-03-07').interval, 'day');
  });

  it('throws "invalid period: <value>" with the accepted forms for anything else', () => {
    for (const bad of [
      '2021-13',
      '2021-00',
      '2021-Q5',
      '2021-Q0',
      '2021-W53',
      '2021-W00',
      '2021-02-30',
      '21',
      '2021-3',
      ' 2021',
      'last year',
      '',
    ]) {
      assert.throws(() => parsePeriod(bad), {
        message: `invalid period: "${bad}" (use a year 2021, a quarter 2021-Q4, a month 2021-03, an ISO week 2021-W05 or a day 2021-03-07)`,
      });
    }
  });

  it('refuses year 0000 in every form: dates start at year 0001', () => {
    for (const bad of ['0000', '0000-Q1', '0000-12', '0000-W01', '0000-01-01'])
      assert.throws(() => parsePeriod(bad), {
        message: `invalid period: "${bad}" (dates start at year 0001)`,
      });
    assert.equal(parsePeriod('0001').start, '0001-01-01');
  });
});

describe('densePeriods', () => {
  it('lists every month including empty ones across a year boundary', () => {
    assert.deepEqual(densePeriods('2020-11-15', '2021-02-01', 'month'), [
      '2020-11',
      '2020-12',
      '2021-01',
      '2021-02',
    ]);
  });

  it('expands period keys to their full span', () => {
    assert.equal(densePeriods('2020', '2021', 'month').length, 24);
    assert.equal(densePeriods('2020', '2020', 'day').length, 366);
    assert.deepEqual(densePeriods('2020-Q4', '2021-Q1', 'quarter'), ['2020-Q4', '2021-Q1']);
    assert.deepEqual(densePeriods('2019', '2021', 'year'), ['2019', '2020', '2021']);
  });

  it('walks ISO weeks through week 53', () => {
    assert.deepEqual(densePeriods('2020-12-20', '2021-01-10', 'week'), [
      '2020-W51',
      '2020-W52',
      '2020-W53',
      '2021-W01',
    ]);
    assert.equal(densePeriods('2020-W01', '2020-W53', 'week').length, 53);
  });

  it('rejects a range that runs backwards', () => {
    assert.throws(() => densePeriods('2022', '2021', 'month'), {
      message: 'invalid range: "2022" is after "2021"',
    });
  });
});
