/** The Border and relations view's arithmetic: uncovered months stay null, spans merge, the range defaults. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BorderRow, IndicatorRow } from '../../src/app/answers.ts';
import { per100k } from '../../src/geo/population.ts';
import { per100k as webPer100k } from '../../web/src/map/map-rates.ts';
import { t } from '../../web/src/i18n/t.ts';
import { sourceEntry } from '../../web/src/components/source-entry.ts';
import {
  borderNotApplied,
  borderRange,
  borderTotals,
  borderUrl,
  monthSpans,
  newestFirst,
  originWords,
  powerOfTenScale,
  returnsSpans,
  returnsUncovered,
  splitGaps,
} from '../../web/src/views/border-data.ts';

const row = (month: string, side: 'PAK' | 'AFG', events: number | null): BorderRow => ({
  month,
  series: 'interstate',
  side,
  events,
  fatalities_best: events === null ? null : events * 2,
  fatalities_best_unknown: events === null ? null : 0,
  unjudged: null,
});

describe('border and relations view data', () => {
  it('adds only covered months, and a side with no covered month is null, not 0', () => {
    const totals = borderTotals([
      row('2021-12', 'PAK', 3),
      row('2022-01', 'PAK', null),
      row('2021-12', 'AFG', null),
      row('2022-01', 'AFG', null),
    ]);
    assert.deepEqual(totals, [
      {
        series: 'interstate',
        side: 'PAK',
        events: 3,
        fatalities_best: 6,
        unjudged: null,
        months_covered: 1,
        months: 2,
      },
      {
        series: 'interstate',
        side: 'AFG',
        events: null,
        fatalities_best: null,
        unjudged: null,
        months_covered: 0,
        months: 2,
      },
    ]);
  });

  it('merges consecutive months into spans across a year end, and splits short gaps from long ones', () => {
    assert.deepEqual(monthSpans(['2021-11', '2021-12', '2022-01', '2022-03']), [
      { from: '2021-11-01', to: '2022-01-31' },
      { from: '2022-03-01', to: '2022-03-31' },
    ]);
    const g = splitGaps([
      { from: '2020-01-01', to: '2020-01-02' },
      { from: '2024-02-24', to: '2026-12-31' },
    ]);
    assert.deepEqual([g.long.length, g.short, g.shortDays], [1, 1, 2]);
  });

  it('reads the filter dates as whole days and defaults to 2018 to the end of this month', () => {
    assert.deepEqual(borderRange({ from: '2023', to: '2024-02' }), { from: '2023-01-01', to: '2024-02-29' });
    assert.deepEqual(borderRange({}, new Date('2026-12-02T18:00:00Z')), {
      from: '2018-01-01',
      to: '2026-12-31',
    });
  });

  it('asks GET /border for every filter it takes (desk events, sources, versions, distance) and names the set ones it does not take', () => {
    const filters = {
      from: '2023',
      to: '2024-02',
      country: 'PAK',
      actor: 'TTP',
      source: 'ucdp-ged,faultline-desk',
      include_desk: 'true',
      version: '22.1',
      max_border_km: '30',
      border_zone: 'true',
    };
    const range = borderRange(filters);
    const q = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);
    const taken = {
      include_desk: 'true',
      max_border_km: '30',
      source: 'ucdp-ged,faultline-desk',
      version: '22.1',
    };
    // The view asks for its range (whole days, defaulted); the map's panel for the filter's dates.
    assert.deepEqual(q(borderUrl(filters, range)), { ...taken, from: '2023-01-01', to: '2024-02-29' });
    assert.deepEqual(q(borderUrl(filters)), { ...taken, from: '2023', to: '2024-02' });
    assert.equal(borderUrl({}), '/api/v1/border');
    assert.deepEqual(borderNotApplied(filters), ['country', 'actor', 'border_zone']);
    assert.deepEqual(borderNotApplied({ from: '2023', include_desk: 'true' }), []);
  });

  it("gives rates per 100,000 as the API's series does, unrounded", () => {
    for (const [n, pop] of [
      [118, 40_856_097],
      [62, 14_894_402],
      [0, 2_363_863],
    ] as const)
      assert.equal(webPer100k(n, pop), per100k(n, pop));
    assert.equal(webPer100k(5, null), null);
    // Punjab's 2021 rate: 0.0023..., which 3 decimals cut to 0.002 (15% low) in json and csv.
    assert.equal(per100k(3, 127_688_922), (3 / 127_688_922) * 100_000);
    assert.ok(Math.abs(per100k(3, 127_688_922)! - 0.00235) < 0.00001);
  });
});

describe('the returns table and the messages of the dashboard', () => {
  it('lists figures by the end of their period, latest first, then the latest start', () => {
    const f = (period_start: string | null, period_end: string) => ({ period_start, period_end });
    assert.deepEqual(
      newestFirst([f('2023-01-01', '2023-12-31'), f(null, '2025-04-30'), f('2024-01-01', '2025-04-30')]),
      [f('2024-01-01', '2025-04-30'), f(null, '2025-04-30'), f('2023-01-01', '2023-12-31')],
    );
  });

  it('a message with a singular form uses it for a count of 1, and only then', () => {
    assert.deepEqual(
      ['1', '2', '1,000'].map((n) => t('kpi.unknownEvents', { n })),
      [
        '1 event does not report this figure',
        '2 events do not report this figure',
        '1,000 events do not report this figure',
      ],
    );
    assert.equal(t('compare.unknown', { n: 1 }), '1 event with the figure unknown');
    assert.deepEqual(
      ['1', '201'].map((n) => t('sources.entry', { source: 'ucdp-candidate', version: '26.0.7', n })),
      ['ucdp-candidate 26.0.7 (1 event)', 'ucdp-candidate 26.0.7 (201 events)'],
    );
  });

  it('the returns panel is "not covered" where no drawn figure covers a day: before, between and after them', () => {
    const range = { from: '2018-01-01', to: '2026-12-31' };
    const spans = [
      { from: '2023-09-15', to: '2024-05-31' },
      { from: '2023-07-01', to: '2023-09-30' },
      { from: '2024-06-01', to: '2024-06-30' },
      { from: '2025-04-01', to: '2025-04-30' },
      { from: '2025-04-10', to: '2026-01-31' },
    ];
    assert.deepEqual(returnsUncovered(range, spans), [
      { from: '2018-01-01', to: '2023-06-30' },
      { from: '2024-07-01', to: '2025-03-31' },
      { from: '2026-02-01', to: '2026-12-31' },
    ]);
    assert.deepEqual(returnsUncovered(range, []), [range]);
    assert.deepEqual(returnsUncovered({ from: '2024-01-01', to: '2024-01-31' }, spans), []);
  });

  it('the returns scale has a tick at each power of ten only, from below the smallest figure to above the largest', () => {
    assert.deepEqual(powerOfTenScale([580, 5_400_000]), {
      domain: [100, 10_000_000],
      ticks: [100, 1000, 10_000, 100_000, 1_000_000, 10_000_000],
    });
    assert.deepEqual(powerOfTenScale([1000]), { domain: [1000, 10_000], ticks: [1000, 10_000] });
    assert.equal(powerOfTenScale([]), null);
  });

  it("the returns panel draws counts of people over a period, each in its metric's and origin's series, its tip with the qualifier", () => {
    const row = (o: Partial<IndicatorRow>): IndicatorRow => ({
      id: String(Math.random()),
      organisation: 'UNHCR',
      report: 'Situation Update #40',
      report_version: 'unspecified',
      published: null,
      metric: 'returns',
      definition: '',
      country: 'PAK',
      admin1: null,
      geography: 'Pakistan',
      geography_to: 'Afghanistan',
      country_to: 'AFG',
      origin: 'PAK',
      revises: null,
      revised_by: null,
      period_start: '2023-09-15',
      period_end: '2024-10-31',
      value: 760000,
      qualifier: 'at_most',
      unit: 'persons',
      period_overlaps: 0,
      url: null,
      quote: null,
      also_recorded: [],
      secondary: false,
      file_sha256: null,
      line: null,
      ...o,
    });
    const spans = returnsSpans([
      row({}),
      row({ metric: 'deportations', country: 'IRN', value: 366000, qualifier: 'at_least' }),
      row({ country: null, geography: 'Pakistan and Iran', value: 3400000 }),
      row({ unit: 'percent of returns', value: 54 }),
      row({ period_start: null }),
    ]);
    assert.deepEqual(
      spans.map((s) => [s.series, s.label]),
      [
        ['returns from Pakistan', 'UNHCR: returns ≤ 760,000 persons (2023-09-15 – 2024-10-31)'],
        ['deportations from Iran', 'UNHCR: deportations ≥ 366,000 persons (2023-09-15 – 2024-10-31)'],
        ['returns from several countries', 'UNHCR: returns ≤ 3,400,000 persons (2023-09-15 – 2024-10-31)'],
      ],
    );
  });

  it('a source line marks UCDP Candidate versions preliminary and GED final, and says nothing of a source that declares neither', () => {
    assert.deepEqual(
      [
        { source: 'ucdp-candidate', version: '26.0.6', events: 200, release: 'preliminary' as const },
        { source: 'ucdp-candidate', version: '26.0.7', events: 1, release: 'preliminary' as const },
        { source: 'ucdp-ged', version: '22.1', events: 6416, release: 'final' as const },
        { source: 'acled', version: 'x', events: 4, release: null },
      ].map(sourceEntry),
      [
        'ucdp-candidate 26.0.6 (200 events, preliminary)',
        'ucdp-candidate 26.0.7 (1 event, preliminary)',
        'ucdp-ged 22.1 (6,416 events, final)',
        'acled x (4 events)',
      ],
    );
  });
});

describe("where a listed figure's people left, in words", () => {
  const f = (
    metric: string,
    origin: string | null,
    country_to: string | null,
    period_start: string | null,
  ) => ({
    metric,
    origin,
    country_to,
    period_start,
  });
  it('names the origin of a figure of people who moved, says so when a returns figure of one place names none, and says nothing where origin is no notion', () => {
    assert.equal(originWords(f('returns', 'PAK', 'AFG', '2024-05-01')), 'from Pakistan');
    assert.equal(
      originWords(f('returns', 'several', 'AFG', '2025-04-01')),
      'from several countries together',
    );
    // IOM's returns as a security report gives them: Afghanistan alone.
    assert.equal(
      originWords(f('returns', null, null, '2023-09-15')),
      'no origin given (a figure of one place)',
    );
    // A security report's attacks and a stock of Afghans in Pakistan: nothing on every such row.
    assert.equal(originWords(f('attacks', null, null, '2024-01-01')), null);
    assert.equal(originWords(f('population_estimate', null, 'PAK', null)), null);
  });
});
