/**
 * Rollup parity: runs the same reads and use cases once routed as the store chooses (rollups where
 * they cover the read) and once forced onto the events table, and lists every answer that differs.
 */
import { isDeepStrictEqual } from 'node:util';
import { changepointsQuery } from '../../src/app/analysis/changepoints.ts';
import { compareQuery } from '../../src/app/analysis/compare.ts';
import { indexQuery } from '../../src/app/analysis/conflict-index.ts';
import { loadCoverage } from '../../src/app/analysis/coverage.ts';
import { invalidateMemo, memo } from '../../src/app/analysis/memo.ts';
import { networkQuery } from '../../src/app/analysis/network.ts';
import { querySeries } from '../../src/app/analysis/series.ts';
import { signalsQuery } from '../../src/app/analysis/signals.ts';
import { expandActorFilter } from '../../src/domain/actors.ts';
import { GROUP_BYS, type AggregateSpec, type BucketUnit } from '../../src/domain/aggregate.ts';
import type { EventFilter } from '../../src/domain/query.ts';
import type { DuckDBStore } from '../../src/storage/duckdb/duckdb-store.ts';
import type { Store } from '../../src/storage/store.ts';

/** A named read or use case whose answer must not depend on the route. */
export interface ParityCase {
  name: string;
  run: (s: Store) => Promise<unknown>;
}

const TTP = expandActorFilter('TTP')!.ids;
const PAK: EventFilter = { country: ['PAK'], from: '2015-01-01', to: '2021-12-31' };
const Y2021: EventFilter = { from: '2021-01-01', to: '2021-12-31' };

/** The ten canonical dashboard queries of bench/api.bench.ts, through their use cases. */
export function canonicalCases(): ParityCase[] {
  return [
    { name: 'series PAK monthly', run: (s) => querySeries(s, { filter: PAK, interval: 'month' }) },
    {
      name: 'series by admin1 monthly',
      run: (s) =>
        querySeries(s, {
          filter: { from: '2020-01-01', to: '2021-12-31' },
          interval: 'month',
          groupBy: 'admin1',
        }),
    },
    {
      name: 'series TTP weekly',
      run: (s) =>
        querySeries(s, {
          filter: { actorIds: TTP, from: '2019-01-01', to: '2021-12-31' },
          interval: 'week',
          metrics: ['events', 'fatalities_best'],
        }),
    },
    {
      name: 'series yearly by type',
      run: (s) => querySeries(s, { filter: {}, interval: 'year', groupBy: 'type' }),
    },
    {
      name: 'compare TTP 2021 vs 2020',
      run: (s) =>
        compareQuery(s, { kind: 'periods', filter: { actorIds: TTP }, period1: '2020', period2: '2021' }),
    },
    {
      name: 'changepoints PAK monthly',
      run: (s) =>
        changepointsQuery(s, { filter: { country: ['PAK'], from: '2010-01-01', to: '2021-12-31' } }),
    },
    {
      name: 'signals PAK daily',
      run: (s) => signalsQuery(s, { filter: { country: ['PAK'], to: '2021-12-31' } }),
    },
    { name: 'index 2021', run: (s) => indexQuery(s, Y2021) },
    { name: 'network 2021', run: (s) => networkQuery(s, { filter: Y2021 }) },
    {
      name: 'events KP 2021 by deaths',
      run: (s) => s.queryEvents({ admin1: ['PK-KP'], ...Y2021, sort: '-fatalities', limit: 100 }),
    },
  ];
}

/** Filters that exercise every dimension the rollups hold (and one they do not: a border distance). */
export const PARITY_FILTERS: Record<string, EventFilter> = {
  all: {},
  'PAK mid-month span': { country: ['PAK'], from: '2016-03-17', to: '2020-08-09' },
  'TTP actors': { actorIds: TTP, from: '2012-01-01' },
  // One id whose text starts another's (ttp, ttp-factions) and ids of both sides of many events.
  'actor ids ttp alone': { actorIds: ['ttp'] },
  'actor ids pakistan or bla': { actorIds: ['pakistan', 'bla'], to: '2015-12-31' },
  'civilian victims': { victim: 'civilians', to: '2019-06-30' },
  'unknown victims, battles': { victim: 'unknown', type: ['battle'] },
  'source type one-sided': { type: ['one-sided'] },
  'border zone': { borderZone: true },
  'not border zone, exact': { borderZone: false, exactOnly: true },
  'admin1 label and code': { admin1: ['Balochistan', 'PK-KP'] },
  'admin2 names': { admin2: ['Quetta', 'Peshawar', 'Kabul'] },
  'source and version': { source: ['ucdp-ged'], sourceVersion: ['22.1'] },
  'KP and Balochistan by code, 2010-2014': {
    admin1: ['pk-kp', 'PK-BA'],
    from: '2010-01-01',
    to: '2014-12-31',
  },
  'PAK, KP by code and Balochistan by name, 2010-2014': {
    country: ['PAK'],
    admin1: ['PK-KP', 'balochistan'],
    from: '2010-01-01',
    to: '2014-12-31',
  },
  'within 50 km of the border (events path)': { maxBorderKm: 50 },
};

const UNITS: (BucketUnit | undefined)[] = [undefined, 'day', 'week', 'month', 'quarter', 'year'];

/** One aggregate read as a parity case. */
export const aggregateCase = (label: string, spec: AggregateSpec): ParityCase => ({
  name: `aggregate ${label} by ${spec.groupBy ?? '-'} per ${spec.unit ?? '-'}`,
  run: async (s) => sortRows(await s.aggregate(spec)),
});

/**
 * Store reads: every group (and none) by every bucket unit (and none) over a mid-month span, then
 * under each filter the total, a monthly split by actor and a weekly split by unit, the conflict
 * index units, the dyads and the count.
 */
export function aggregateCases(filters: Record<string, EventFilter>): ParityCase[] {
  const span: EventFilter = { country: ['PAK'], from: '2016-03-17', to: '2020-08-09' };
  const out: ParityCase[] = [];
  // border_side is read from events on both routes (the rollups do not hold it): nothing to compare.
  for (const groupBy of [undefined, ...GROUP_BYS.filter((g) => g !== 'border_side')])
    for (const unit of UNITS) out.push(aggregateCase('mid-month span', { filter: span, unit, groupBy }));
  for (const [label, filter] of Object.entries(filters)) {
    out.push(aggregateCase(label, { filter }));
    out.push(aggregateCase(label, { filter, unit: 'month', groupBy: 'actor' }));
    out.push(aggregateCase(label, { filter, unit: 'week', groupBy: 'admin2' }));
    out.push({ name: `index units ${label}`, run: (s) => s.indexUnits(filter) });
    out.push({ name: `dyads ${label}`, run: (s) => s.dyads(filter) });
    out.push({ name: `count ${label}`, run: (s) => s.countEvents(filter) });
    // A listing's page, cut on event_keys where it covers the filter, else on events.
    out.push({
      name: `events page ${label}`,
      run: (s) => s.queryEvents({ ...filter, sort: '-fatalities', limit: 40, offset: 5 }),
    });
    out.push({
      name: `listing page ${label}`,
      run: (s) => s.queryListingEvents({ ...filter, sort: '-date', limit: 25 }),
    });
  }
  out.push({ name: 'cells per unit', run: async (s) => sortRows(await s.cellsPerUnit()) });
  return out;
}

/** Rows in a canonical order (the store does not order aggregate rows). */
export function sortRows<T>(rows: T[]): T[] {
  // Each row's key once, not twice per comparison: the week-by-district reads hold thousands of rows.
  const keyed = rows.map((row) => ({ row, key: JSON.stringify(row) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.row);
}

/**
 * Forgets every answer memoised on the store but its coverage, which store.coverage() reads from the
 * events table and the ledger whichever way reads are routed: read again for each case and route,
 * the same rows took 70 ms of CPU each time on 600,000 events (18 times in rollups-large).
 */
function forgetAnswers(store: Store): void {
  const coverage = loadCoverage(store);
  invalidateMemo(store);
  void memo(store, 'coverage', () => coverage);
}

/** Runs each case on the routed store and on the events path; returns the names of cases that differ. */
export async function routeMismatches(store: Store, cases: readonly ParityCase[]): Promise<string[]> {
  const reads = (store as DuckDBStore).reads;
  const bad: string[] = [];
  for (const c of cases) {
    reads.routing = 'events';
    forgetAnswers(store);
    const expected = await c.run(store);
    reads.routing = 'auto';
    forgetAnswers(store);
    const actual = await c.run(store);
    if (!isDeepStrictEqual(actual, expected)) bad.push(c.name);
  }
  return bad;
}
