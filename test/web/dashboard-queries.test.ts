/** The dashboard's arithmetic on API answers: previous periods, chart intervals, totals, stacking. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chartInterval,
  periodEnd,
  periodStart,
  previousPeriod,
  sumPoints,
  totalsByGroup,
} from '../../web/src/api/queries.ts';
import { stackRows } from '../../web/src/charts/stack.ts';
import { unevenCoverage, uncoveredCountries } from '../../web/src/map/coverage.ts';
import { unitRates } from '../../web/src/map/map-rates.ts';
import { colourOf, rateBreaks, rateBreaksByCountry } from '../../web/src/map/palette.ts';
import type { SeriesAnswer } from '../../web/src/api/types.ts';
import { ACTOR_GROUPS, countriesWithoutBoundaries, countryOptions } from '../../web/src/state/catalog.ts';
import { unitsJson } from '../../web/build/geo-assets.ts';
import { GROUPS } from '../../src/domain/actors.ts';

describe('dashboard queries', () => {
  it('compares whole months with the same number of calendar months before, other periods with the same number of days', () => {
    assert.deepEqual(previousPeriod('2021-01-01', '2021-12-31'), { from: '2020-01-01', to: '2020-12-31' });
    assert.deepEqual(previousPeriod('2021-07-01', '2021-09-30'), { from: '2021-04-01', to: '2021-06-30' });
    assert.deepEqual(previousPeriod('2020-03-01', '2020-03-31'), { from: '2020-02-01', to: '2020-02-29' });
    assert.deepEqual(previousPeriod('2021-01-15', '2021-02-14'), { from: '2020-12-15', to: '2021-01-14' });
  });

  it('draws months up to 8 years, quarters up to 20, years beyond and for all loaded data', () => {
    assert.equal(chartInterval({ from: '2021-01-01', to: '2021-12-31' }), 'month');
    assert.equal(chartInterval({ from: '2007-01-01', to: '2021-12-31' }), 'quarter');
    assert.equal(chartInterval({ from: '1989-01-01', to: '2021-12-31' }), 'year');
    assert.equal(chartInterval({}), 'year');
    assert.equal(chartInterval({ from: '2020-01-01' }, '2021-06-30'), 'month');
    // No dates: the span of the loaded data the filter takes. Afghanistan alone is 7 months of
    // Candidate (GED 22.1 covers Pakistan only): months, not one yearly bar over the whole chart.
    const coverage = [
      {
        source: 'ucdp-ged',
        version: '22.1',
        first_date: '1989-01-01',
        last_date: '2021-12-31',
        countries: ['PAK'],
      },
      {
        source: 'ucdp-candidate',
        version: '26.0.6',
        first_date: '2026-01-01',
        last_date: '2026-07-01',
        countries: ['AFG', 'PAK'],
      },
      {
        source: 'ucdp-candidate',
        version: '26.0.7',
        first_date: '2026-07-01',
        last_date: '2026-07-31',
        countries: ['AFG', 'PAK'],
      },
      {
        source: 'faultline-desk',
        version: 'log',
        first_date: '1990-01-01',
        last_date: '2026-07-31',
        countries: ['AFG'],
      },
    ].map((c) => ({ ...c, basis: 'declared' as const, events: 1 }));
    assert.equal(chartInterval({ country: 'AFG' }, '2026-12-05', coverage), 'month');
    assert.equal(chartInterval({ country: 'afg,pak' }, '2026-12-05', coverage), 'year');
    assert.equal(chartInterval({}, '2026-12-05', coverage), 'year');
    assert.equal(chartInterval({ source: 'ucdp-candidate' }, '2026-12-05', coverage), 'month');
    assert.equal(chartInterval({ country: 'AFG', include_desk: 'true' }, '2026-12-05', coverage), 'year');
    assert.equal(chartInterval({ country: 'AFG', to: '2026-03-31' }, '2026-12-05', coverage), 'month');
    assert.equal(chartInterval({ country: 'IND' }, '2026-12-05', coverage), 'year');
  });

  it('reads period keys of every interval as their first day', () => {
    assert.equal(periodStart('2021').toISOString().slice(0, 10), '2021-01-01');
    assert.equal(periodStart('2021-Q3').toISOString().slice(0, 10), '2021-07-01');
    assert.equal(periodStart('2021-08').toISOString().slice(0, 10), '2021-08-01');
  });

  it('reads period keys of every interval as the day after their last (a bar spans start to end)', () => {
    assert.equal(periodEnd('2021').toISOString().slice(0, 10), '2022-01-01');
    assert.equal(periodEnd('2021-Q4').toISOString().slice(0, 10), '2022-01-01');
    assert.equal(periodEnd('2021-Q3').toISOString().slice(0, 10), '2021-10-01');
    assert.equal(periodEnd('2021-12').toISOString().slice(0, 10), '2022-01-01');
    assert.equal(periodEnd('2024-02').toISOString().slice(0, 10), '2024-03-01');
  });

  it('adds death sums over known values only and keeps null when no point reports them', () => {
    const t = sumPoints([
      {
        period: '2020',
        events: 3,
        fatalities_best: 5,
        fatalities_best_unknown: 1,
        deaths_civilians: null,
        deaths_civilians_unknown: 3,
      },
      {
        period: '2021',
        events: 2,
        fatalities_best: null,
        fatalities_best_unknown: 2,
        deaths_civilians: null,
        deaths_civilians_unknown: 2,
      },
    ]);
    assert.equal(t.events, 5);
    assert.equal(t.sums.fatalities_best, 5);
    assert.equal(t.unknown.fatalities_best, 3);
    assert.equal(t.sums.deaths_civilians, null);
    assert.equal(sumPoints([{ period: '2020', events: 0, fatalities_best: 0 }]).sums.deaths_civilians, 0);
  });

  it('totals a split series per group', () => {
    const g = totalsByGroup([
      { period: '2020', group: 'PK-KP', group_label: 'Khyber Pakhtunkhwa', events: 2, fatalities_best: 3 },
      { period: '2021', group: 'PK-KP', group_label: 'Khyber Pakhtunkhwa', events: 1, fatalities_best: null },
      { period: '2021', group: null, group_label: 'not known', events: 4, fatalities_best: 1 },
    ]);
    assert.deepEqual(g.get('PK-KP'), { label: 'Khyber Pakhtunkhwa', events: 3, deaths: 3 });
    assert.deepEqual(g.get(null), { label: 'not known', events: 4, deaths: 1 });
  });

  it('stacks the largest groups and folds the rest into Other, keeping every period', () => {
    const points = ['a', 'b', 'c'].flatMap((group, i) => [
      { period: '2021-01', group, events: 10 - i },
      { period: '2021-02', group, events: 1 },
    ]);
    const { rows, groups } = stackRows(points, 'events', 2, (p) => String(p.group), 'Other');
    assert.deepEqual(groups, ['a', 'b', 'Other']);
    assert.equal(rows.find((r) => r.period === '2021-01' && r.group === 'Other')?.value, 8);
    assert.equal(
      rows.reduce((n, r) => n + r.value, 0),
      10 + 9 + 8 + 3,
    );
  });

  it("offers every group of the actor registry in the actor filter, the Afghan state's included", () => {
    assert.deepEqual(
      [...ACTOR_GROUPS],
      GROUPS.map((g) => g.id),
    );
    assert.ok((ACTOR_GROUPS as readonly string[]).includes('afghanistan'));
  });

  it('marks on the map the countries no loaded source covers on any day of the period', () => {
    const entry = (countries: string[], first_date: string, last_date: string) => ({
      source: 'ucdp-ged',
      version: 'x',
      first_date,
      last_date,
      basis: 'declared' as const,
      events: 1,
      countries,
    });
    const answer = (from: string, to: string) =>
      ({
        points: [],
        imprecise: [],
        meta: {
          period: { from, to },
          coverage: [
            entry(['PAK'], '1989-01-01', '2021-12-31'),
            entry(['AFG', 'PAK'], '2026-01-01', '2026-07-31'),
          ],
        },
      }) as unknown as SeriesAnswer;
    assert.deepEqual(uncoveredCountries(answer('2021-01-01', '2021-12-31'), ['AFG', 'PAK']), ['AFG']);
    assert.deepEqual(uncoveredCountries(answer('2023-01-01', '2023-12-31'), ['AFG', 'PAK']), ['AFG', 'PAK']);
    // One covered day is enough: the map then shows what is known, and the coverage warning the rest.
    assert.deepEqual(uncoveredCountries(answer('2021-12-31', '2026-01-01'), ['AFG', 'PAK']), []);
    // The rate table: a province of an uncovered country has no events and no rate, not 0.
    const unit = (code: string, country: string) => ({
      code,
      country,
      name: code,
      name_ur: null,
      name_fa: null,
      population: 1_000_000,
      population_year: 2023,
      population_source: 'test',
    });
    const series = {
      ...answer('2021-01-01', '2021-12-31'),
      points: [{ period: '2021', group: 'PK-KP', events: 5 }],
    } as unknown as SeriesAnswer;
    const rates = unitRates(series, [unit('PK-KP', 'PAK'), unit('PK-GB', 'PAK'), unit('AF-KAB', 'AFG')], []);
    assert.deepEqual(
      rates.map((r) => [r.code, r.events, r.rate]),
      [
        ['PK-KP', 5, 0.5],
        ['PK-GB', 0, 0],
        ['AF-KAB', null, null],
      ],
    );
    // 2015-2026: no source covers 2022-2025 nor August-December 2026, nor Afghanistan before 2026;
    // each row says its own covered days, so the table can say the rates are not comparable.
    const long = {
      ...answer('2015-01-01', '2026-12-31'),
      points: [{ period: '2026', group: 'AF-KAB', events: 3 }],
    } as unknown as SeriesAnswer;
    long.meta.uncovered = [
      { from: '2022-01-01', to: '2025-12-31' },
      { from: '2026-08-01', to: '2026-12-31' },
    ];
    long.meta.uncovered_countries = [{ country: 'AFG', from: '2015-01-01', to: '2021-12-31' }];
    const days = unitRates(long, [unit('PK-KP', 'PAK'), unit('AF-KAB', 'AFG')], []).map((r) => [
      r.code,
      r.covered_days,
      r.period_days,
    ]);
    assert.deepEqual(days, [
      ['AF-KAB', 212, 4383],
      ['PK-KP', 2557 + 212, 4383],
    ]);
    // The map's count legend: the two countries' counts span different days, so it names them;
    // over 2026 alone (both covered alike) or one country alone, nothing.
    assert.deepEqual(unevenCoverage(long, ['AFG', 'PAK']), [
      { country: 'AFG', covered: 212, days: 4383 },
      { country: 'PAK', covered: 2557 + 212, days: 4383 },
    ]);
    assert.deepEqual(unevenCoverage(long, ['PAK']), []);
    assert.deepEqual(unevenCoverage(answer('2026-01-01', '2026-07-31'), ['AFG', 'PAK']), []);
    // A country no source covers at all is "not covered" on the map, not one of the uneven.
    const y2021 = answer('2021-01-01', '2021-12-31');
    y2021.meta.uncovered_countries = [{ country: 'AFG', from: '2021-01-01', to: '2021-12-31' }];
    assert.deepEqual(unevenCoverage(y2021, ['AFG', 'PAK']), []);
  });

  it("gives each country its own rate classes when both have rates, so one country's many or higher rates do not flatten the other's", () => {
    // Afghanistan's 34 provinces at 1 to 34 per 100,000, Pakistan's 6 with a population at 40 to 90:
    // pooled quintiles put every Pakistani province in the top class.
    const afg = Array.from({ length: 34 }, (_, i) => ({ country: 'AFG', rate: i + 1 }));
    const pak = [40, 50, 60, 70, 80, 90].map((rate) => ({ country: 'PAK', rate }));
    const classes = rateBreaksByCountry([...afg, ...pak, { country: 'PAK', rate: null }]);
    assert.deepEqual(classes, [
      { country: 'AFG', breaks: rateBreaks(afg.map((u) => u.rate)) },
      { country: 'PAK', breaks: [50, 60, 70, 80] },
    ]);
    const colour = (rate: number, b: readonly number[]) =>
      colourOf(rate, b, { ramp: [0, 1, 2, 3, 4] } as never);
    const pooled = rateBreaks([...afg, ...pak].map((u) => u.rate));
    assert.deepEqual(new Set(pak.map((u) => colour(u.rate, pooled))), new Set([4]));
    assert.deepEqual(new Set(pak.map((u) => colour(u.rate, classes[1]!.breaks))), new Set([0, 1, 2, 3, 4]));
    // One country with rates (the other not covered, or without population): one set, as before.
    assert.deepEqual(
      rateBreaksByCountry([...pak, { country: 'AFG', rate: null }, { country: 'AFG', rate: 0 }]),
      [{ country: null, breaks: [50, 60, 70, 80] }],
    );
    assert.deepEqual(rateBreaksByCountry([]), [{ country: null, breaks: [0, 0, 0, 0] }]);
  });
});

describe("the country filter's choices", () => {
  it('lists Pakistan and Afghanistan, every other country a loaded source covers, and the URL value as it is', () => {
    const coverage = [{ countries: ['PAK'] }, { countries: ['AFG', 'PAK'] }, { countries: ['IRN', 'IND'] }];
    assert.deepEqual(countryOptions(coverage, undefined), ['PAK', 'AFG', 'IND', 'IRN']);
    assert.deepEqual(countryOptions(coverage, 'IND'), ['PAK', 'AFG', 'IND', 'IRN']);
    // A value no option is (several countries, or one no loaded source names) stays the select's value.
    assert.deepEqual(countryOptions([], 'IND'), ['PAK', 'AFG', 'IND']);
    assert.deepEqual(countryOptions(coverage, 'AFG,PAK'), ['PAK', 'AFG', 'IND', 'IRN', 'AFG,PAK']);
  });

  it('names the countries the map has no boundaries for (from the units the dashboard loads), so the map says why it shows none of their events', () => {
    const units = JSON.parse(unitsJson()) as { country: string }[]; // the build's geo/units.json
    assert.deepEqual(countriesWithoutBoundaries(['PAK'], units), []);
    assert.deepEqual(countriesWithoutBoundaries(['AFG', 'PAK'], units), []);
    assert.deepEqual(countriesWithoutBoundaries(['IND'], units), ['IND']);
    assert.deepEqual(countriesWithoutBoundaries(['PAK', 'IRN', 'IND', 'IRN'], units), ['IND', 'IRN']);
    assert.deepEqual(countriesWithoutBoundaries([], units), []);
  });
});
