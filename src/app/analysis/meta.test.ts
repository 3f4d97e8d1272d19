import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Coverage } from '../../storage/store.ts';
import { releaseOf } from '../../domain/release.ts';
import { deskReportsNote } from '../event-listing-meta.ts';
import {
  coverageLine,
  coverageOf,
  coverageStatus,
  coveredDays,
  cutPeriods,
  cutPeriodsNote,
  partlyCoveredNote,
  relevantCoverage,
  sourcesMayOverlap,
  sourceUse,
  sourceVersionsLoaded,
} from './meta.ts';

// Candidate versions cover 2026, after GED 22.1: a Candidate span GED covers is superseded there.
const version = (source: string, v: string, countries: string[]): Coverage => ({
  source,
  version: v,
  firstDate: source === 'ucdp-candidate' ? '2026-01-01' : '2021-01-01',
  lastDate: source === 'ucdp-candidate' ? '2026-06-30' : '2021-12-31',
  basis: 'declared',
  events: 1,
  countries,
});
const ged = version('ucdp-ged', '22.1', ['PAK']);
const candidate = version('ucdp-candidate', '26.0.6', ['AFG', 'PAK']);
const afgOnly = version('ucdp-candidate', 'afg', ['AFG']);
const all = [ged, candidate, afgOnly];
/** District names and codes as the loaded events place them (a name two countries share has both). */
const districts = [
  { value: 'Maymana', country: 'AFG' },
  { value: 'Peshawar', country: 'PAK' },
  { value: '17698898B62547569841807', country: 'AFG' },
  { value: 'Shared name', country: 'AFG' },
  { value: 'Shared name', country: 'PAK' },
];

describe('relevantCoverage: which loaded source versions a filter can draw on', () => {
  it("narrows to the filter's countries, or its provinces' (an ISO 3166-2 code names its country, as do the units' names)", () => {
    assert.deepEqual(relevantCoverage(all, { country: ['PAK'] }), [ged, candidate]);
    assert.deepEqual(relevantCoverage(all, { admin1: ['AF-KAB'] }), [candidate, afgOnly]);
    // A province's name or a source's label narrows like its code: "Balochistan province" warns of no Afghan gap.
    assert.deepEqual(relevantCoverage(all, { admin1: ['Khyber Pakhtunkhwa'] }), [ged, candidate]);
    assert.deepEqual(relevantCoverage(all, { admin1: ['Balochistan province', 'FATA'] }), [ged, candidate]);
    assert.deepEqual(relevantCoverage(all, { admin1: ['Kabul province'] }), [candidate, afgOnly]);
    assert.deepEqual(
      relevantCoverage(all, { admin1: ['Balochistan', 'Nowhere'] }),
      all,
      'one unknown: not narrowed',
    );
  });

  it("narrows a district filter to its districts' countries, by name or code, whatever the case", () => {
    assert.deepEqual(relevantCoverage(all, { admin2: ['maymana'] }, districts), [candidate, afgOnly]);
    assert.deepEqual(relevantCoverage(all, { admin2: ['17698898B62547569841807'] }, districts), [
      candidate,
      afgOnly,
    ]);
    assert.deepEqual(relevantCoverage(all, { admin2: ['Peshawar'] }, districts), [ged, candidate]);
    assert.deepEqual(relevantCoverage(all, { admin2: ['Peshawar', 'Maymana'] }, districts), all);
    assert.deepEqual(relevantCoverage(all, { admin2: ['Shared name'] }, districts), all);
  });

  it('leaves a district filter unnarrowed when a district is unknown or no district table is given', () => {
    assert.deepEqual(relevantCoverage(all, { admin2: ['Maymana', 'Nowhere'] }, districts), all);
    assert.deepEqual(relevantCoverage(all, { admin2: ['Maymana'] }), all);
  });

  it('a country or province in the filter decides before its districts do', () => {
    assert.deepEqual(relevantCoverage(all, { country: ['PAK'], admin2: ['Maymana'] }, districts), [
      ged,
      candidate,
    ]);
  });
});

describe("cutPeriods: the first and last periods an answer's own dates hold in part", () => {
  it('names 2026 when the answer ends on 2026-07-31, a quarter `from` starts inside, and no whole period', () => {
    const y2026 = { key: '2026', start: '2026-01-01', end: '2026-12-31' };
    const y1989 = { key: '1989', start: '1989-01-01', end: '1989-12-31' };
    assert.deepEqual(cutPeriods([y1989, y2026], '1989-01-01', '2026-07-31'), [
      { period: '2026', from: '2026-01-01', to: '2026-07-31', days: 212, period_days: 365 },
    ]);
    const q1 = { key: '2024-Q1', start: '2024-01-01', end: '2024-03-31' };
    assert.deepEqual(cutPeriods([q1], '2024-02-15', '2024-03-10'), [
      { period: '2024-Q1', from: '2024-02-15', to: '2024-03-10', days: 25, period_days: 91 },
    ]);
    assert.deepEqual(cutPeriods([y1989, y2026], '1989-01-01', '2026-12-31'), []);
    assert.equal(cutPeriodsNote([]), null);
    assert.match(
      cutPeriodsNote(cutPeriods([y2026], '2026-01-01', '2026-07-31'))!,
      /^2026 holds 2026-01-01 to 2026-07-31 only \(212 of 365 days\): /,
    );
  });
});

describe('sourcesMayOverlap: when the double-counting note is said', () => {
  const use = (source: string, v: string) => ({ source, version: v, events: 1, release: releaseOf(source) });
  const span = (
    source: string,
    v: string,
    firstDate: string,
    lastDate: string,
    countries: string[],
  ): Coverage => ({
    ...version(source, v, countries),
    firstDate,
    lastDate,
  });
  const ged21 = span('ucdp-ged', '22.1', '1989-01-01', '2021-12-31', ['PAK']);
  const cand26 = span('ucdp-candidate', '26.0.6', '2026-01-01', '2026-06-30', ['AFG', 'PAK']);
  const acled = span('acled', 'x', '2021-06-01', '2026-06-30', ['PAK']);
  const acledAfg = span('acled', 'y', '2021-06-01', '2026-06-30', ['AFG']);
  const year = (y: string) => ({ from: `${y}-01-01`, to: `${y}-12-31` });

  it('GED and Candidate never count one incident twice (Candidate yields to GED)', () => {
    assert.equal(
      sourcesMayOverlap([use('ucdp-ged', '22.1'), use('ucdp-candidate', '26.0.6')], [ged21, cand26], null),
      false,
    );
  });

  it('two sources covering a common day of the period in a common country may', () => {
    const both = [use('ucdp-ged', '22.1'), use('acled', 'x')];
    assert.equal(sourcesMayOverlap(both, [ged21, acled], year('2021')), true);
    assert.equal(
      sourcesMayOverlap(both, [ged21, acled], { from: '2020-01-01', to: '2021-03-31' }),
      false,
      'not in the period',
    );
    assert.equal(
      sourcesMayOverlap([use('ucdp-ged', '22.1'), use('acled', 'y')], [ged21, acledAfg], year('2021')),
      false,
      'no common country',
    );
  });

  it('a source without coverage (the desk) may meet any other; one source never', () => {
    assert.equal(
      sourcesMayOverlap([use('ucdp-ged', '22.1'), use('faultline-desk', 'edit-1')], [ged21], year('2021')),
      true,
    );
    assert.equal(sourcesMayOverlap([use('ucdp-ged', '22.1')], [ged21], year('2021')), false);
  });
});

describe('coverageOf', () => {
  // Three spans out of order, two of them overlapping, with a gap of 2022-2025 between them.
  const spans = [candidate, ged, { ...ged, firstDate: '2021-06-01', lastDate: '2022-01-31' }];
  const cases: [string, string, string, number][] = [
    ['2021-03-01', '2021-03-31', 'covered', 31],
    ['2021-12-01', '2022-02-28', 'partly_covered', 62],
    ['2023-01-01', '2023-12-31', 'not_covered', 0],
    ['2022-02-01', '2022-02-01', 'not_covered', 0],
    ['2025-12-30', '2026-01-02', 'partly_covered', 2],
    ['2020-12-31', '2026-07-01', 'partly_covered', 365 + 31 + 181],
    ['2021-05-02', '2021-05-01', 'covered', 0],
  ];
  it('gives the status and covered days of each span, sorting the coverage once for all of them', () => {
    const cover = coverageOf(spans);
    for (const [from, to, status, days] of cases) {
      assert.equal(cover.status(from, to), status, `${from} to ${to}`);
      assert.equal(cover.days(from, to), days, `${from} to ${to}`);
      assert.equal(coverageStatus(spans, from, to), status, `${from} to ${to}`);
      assert.equal(coveredDays(spans, from, to), days, `${from} to ${to}`);
    }
  });
  it('with nothing loaded, no day is covered', () => {
    assert.equal(coverageOf([]).status('2021-01-01', '2021-01-31'), 'not_covered');
    assert.equal(coverageOf([]).days('2021-01-01', '2021-01-31'), 0);
  });
});

describe('partlyCoveredNote', () => {
  const y2026 = [{ period: '2026', covered_days: 212, days: 365 }];
  it('says figures count the covered days only, and with desk events included that these count on any day', () => {
    assert.equal(
      partlyCoveredNote(y2026),
      'only partly covered by the loaded source versions: 2026 (212 of 365 days); figures there count the covered days only (meta.partly_covered)',
    );
    assert.equal(
      partlyCoveredNote(y2026, true),
      'only partly covered by the loaded source versions: 2026 (212 of 365 days); figures there count the covered days, and published desk events of any day (meta.partly_covered)',
    );
  });
});

describe('sourceUse', () => {
  it('adds the events per source version and lists versions in their order (26.0.6 before 26.0.10)', () => {
    const row = (version: string, events: number) => ({ source: 'ucdp-candidate', version, events });
    assert.deepEqual(
      sourceUse([
        row('26.0.10', 2),
        row('26.0.6', 1),
        row('26.0.10', 3),
        { source: 'acled', version: '2', events: 4 },
      ]),
      [
        { source: 'acled', version: '2', events: 4, release: null },
        { ...row('26.0.6', 1), release: 'preliminary' },
        { ...row('26.0.10', 5), release: 'preliminary' },
      ],
    );
  });
});

describe('an empty store is told by meta.source_versions_loaded, not by the wording of coverage_warning', () => {
  const nothing =
    'no source dataset is loaded in the store (`faultline start --no-serve` loads the bundled data, `faultline import FILE` a dataset file, `faultline fetch ucdp` or `faultline fetch acled` events from an API)';
  const unmatched = 'no loaded source version matches the source, version and country filters';
  const meta = (loaded: number, warning: string | null) => ({
    coverage: [],
    coverage_status: 'not_covered' as const,
    coverage_warning: warning,
    period: null,
    sources: [{ source: 'faultline-desk', version: 'desk', events: 2, release: null }],
    source_versions_loaded: loaded,
  });

  it('counts the source versions loaded, desk events aside and each version once', () => {
    const desk = version('faultline-desk', 'desk', ['PAK']);
    assert.equal(sourceVersionsLoaded([]), 0);
    assert.equal(sourceVersionsLoaded([desk]), 0);
    assert.equal(sourceVersionsLoaded([ged, candidate, { ...candidate, countries: ['AFG'] }, desk]), 2);
  });

  it('coverageLine and deskReportsNote read the count: any warning text (or none) with 0 is an empty store, with 3 a filter none matches', () => {
    // The wording a reader keyed on, however it is phrased or left out, decides nothing.
    for (const warning of [null, 'reworded: nothing here']) {
      assert.equal(
        coverageLine(meta(0, warning), 0),
        `not covered: ${nothing}, so nothing is known (not zero events)`,
      );
      assert.ok(
        deskReportsNote(meta(0, warning))!.startsWith(`${nothing}, and desk events make no period covered`),
      );
    }
    const loaded = meta(3, `${nothing}: every period shows no reporting, not no violence`);
    assert.equal(coverageLine(loaded, 0), `not covered: ${unmatched}, so nothing is known (not zero events)`);
    assert.ok(deskReportsNote(loaded)!.startsWith(`${unmatched}, and desk events`));
  });
});
