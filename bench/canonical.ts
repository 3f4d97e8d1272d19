/**
 * The ten canonical dashboard queries, each three ways: through its app use case, as the SQL the
 * store routes it to run raw (`raw`), and as the same read on the events table run raw (`events`,
 * what every query ran before the rollups). All three return the same numbers. A raw aggregate sums
 * the death metrics its use case asks the store for (none for a count of events), as the app does.
 */
import { changepointsQuery } from '../src/app/analysis/changepoints.ts';
import { compareQuery } from '../src/app/analysis/compare.ts';
import { indexQuery } from '../src/app/analysis/conflict-index.ts';
import { resolvePeriod } from '../src/app/analysis/meta.ts';
import { networkQuery } from '../src/app/analysis/network.ts';
import { querySeries } from '../src/app/analysis/series.ts';
import { signalsQuery } from '../src/app/analysis/signals.ts';
import { expandActorFilter } from '../src/domain/actors.ts';
import type { AggregateSpec } from '../src/domain/aggregate.ts';
import type { EventFilter } from '../src/domain/query.ts';
import {
  aggregateSql,
  dyadsSql,
  indexUnitsSql,
  sourcesSql,
} from '../src/storage/duckdb/duckdb-aggregate-sql.ts';
import { LISTING_COLUMNS, pageRowsQuery, type PageKey } from '../src/storage/duckdb/duckdb-event-pages.ts';
import { Params, whereClause, type SqlFragment } from '../src/storage/duckdb/duckdb-filters.ts';
import { eventsRelation, type Relation } from '../src/storage/duckdb/duckdb-relations.ts';
import type { DuckDBStore } from '../src/storage/duckdb/duckdb-store.ts';
import type { Store } from '../src/storage/store.ts';

/** Which table a raw run reads: the rollups (as the store routes) or events. */
export type Path = 'rollups' | 'events';

/** One canonical query: a name, its API URL, the use case, and its SQL run raw on either path. */
export interface Canon {
  name: string;
  url: string;
  app: (s: Store) => Promise<unknown>;
  raw: (s: DuckDBStore, path: Path) => Promise<unknown>;
}

const ttp = expandActorFilter('TTP')!.ids;
const sel = (s: DuckDBStore, q: SqlFragment) => s.select(q.sql, q.params);
// The relation the store routes a read to (rollupRelation of the tier it picks), or events.
const rel = (s: DuckDBStore, f: EventFilter, path: Path, months: boolean, lean = false): Relation =>
  path === 'events' ? eventsRelation(f) : s.reads.relation(f, months, true, lean);
const agg = (s: DuckDBStore, spec: AggregateSpec, path: Path) =>
  sel(
    s,
    aggregateSql(
      spec,
      rel(
        s,
        spec.filter,
        path,
        !spec.unit || ['month', 'quarter', 'year'].includes(spec.unit),
        !spec.groupBy || spec.groupBy === 'source',
      ),
    ),
  );
// Both reads at once on two readers, as the store runs them (on either path).
const withSources = (s: DuckDBStore, q: SqlFragment, f: EventFilter, path: Path) =>
  Promise.all([sel(s, q), sel(s, sourcesSql(rel(s, f, path, true, true)))]);

/** The ten canonical dashboard queries. */
export function canonicalQueries(): Canon[] {
  const pak: EventFilter = { country: ['PAK'], from: '2015-01-01', to: '2021-12-31' };
  const f2021: EventFilter = { from: '2021-01-01', to: '2021-12-31' };
  const f2020_21: EventFilter = { from: '2020-01-01', to: '2021-12-31' };
  const ttp19: EventFilter = { actorIds: ttp, from: '2019-01-01', to: '2021-12-31' };
  const kp: EventFilter = { admin1: ['PK-KP'], from: '2021-01-01', to: '2021-12-31' };
  return [
    {
      name: 'series PAK monthly 2015-2021, all metrics',
      url: '/api/v1/series?country=PAK&from=2015-01-01&to=2021-12-31&interval=month',
      app: (s) => querySeries(s, { filter: pak, interval: 'month' }),
      raw: (s, path) => agg(s, { filter: pak, unit: 'month' }, path),
    },
    {
      name: 'series by admin1 monthly 2020-2021',
      url: '/api/v1/series?from=2020-01-01&to=2021-12-31&interval=month&by=admin1',
      app: (s) => querySeries(s, { filter: f2020_21, interval: 'month', groupBy: 'admin1' }),
      raw: (s, path) => agg(s, { filter: f2020_21, unit: 'month', groupBy: 'admin1' }, path),
    },
    {
      name: 'series TTP weekly 2019-2021',
      url: '/api/v1/series?actor=TTP&from=2019-01-01&to=2021-12-31&interval=week&metrics=events,fatalities_best',
      app: (s) => querySeries(s, { filter: ttp19, interval: 'week', metrics: ['events', 'fatalities_best'] }),
      raw: (s, path) => agg(s, { filter: ttp19, unit: 'week', metrics: ['fatalities_best'] }, path),
    },
    {
      name: 'series yearly, all years, by type',
      url: '/api/v1/series?interval=year&by=type',
      app: (s) => querySeries(s, { filter: {}, interval: 'year', groupBy: 'type' }),
      raw: async (s, path) =>
        agg(s, { filter: await resolvePeriod(s, {}), unit: 'year', groupBy: 'type' }, path),
    },
    {
      name: 'compare TTP 2021 vs 2020',
      url: '/api/v1/compare?actor=TTP&period1=2020&period2=2021',
      app: (s) =>
        compareQuery(s, { kind: 'periods', filter: { actorIds: ttp }, period1: '2020', period2: '2021' }),
      // (Whole years hold every record dated only to a month or a year: no clause and no count for
      // the note on those a period holds in part; a month against a month sends both.)
      raw: async (s, path) => [
        await agg(s, { filter: { actorIds: ttp, from: '2020-01-01', to: '2020-12-31' }, metrics: [] }, path),
        await agg(s, { filter: { actorIds: ttp, from: '2021-01-01', to: '2021-12-31' }, metrics: [] }, path),
      ],
    },
    {
      name: 'changepoints PAK monthly 2010-2021',
      url: '/api/v1/changepoints?country=PAK&from=2010-01-01&to=2021-12-31',
      app: (s) =>
        changepointsQuery(s, { filter: { country: ['PAK'], from: '2010-01-01', to: '2021-12-31' } }),
      raw: (s, path) =>
        agg(
          s,
          { filter: { country: ['PAK'], from: '2010-01-01', to: '2021-12-31' }, unit: 'month', metrics: [] },
          path,
        ),
    },
    {
      name: 'signals PAK daily to 2021-12-31',
      url: '/api/v1/signals?country=PAK&to=2021-12-31',
      app: (s) => signalsQuery(s, { filter: { country: ['PAK'], to: '2021-12-31' } }),
      raw: (s, path) =>
        agg(
          s,
          // The signal's series: 1,095 + 30 - 1 days before its last day.
          { filter: { country: ['PAK'], from: '2018-12-03', to: '2021-12-31' }, unit: 'day', metrics: [] },
          path,
        ),
    },
    {
      name: 'index per admin1 2021',
      url: '/api/v1/index?from=2021-01-01&to=2021-12-31',
      app: (s) => indexQuery(s, f2021),
      raw: (s, path) => withSources(s, indexUnitsSql(rel(s, f2021, path, true)), f2021, path),
    },
    {
      name: 'network 2021, top 50 dyads',
      url: '/api/v1/network?from=2021-01-01&to=2021-12-31',
      app: (s) => networkQuery(s, { filter: f2021 }),
      raw: (s, path) => withSources(s, dyadsSql(rel(s, f2021, path, true)), f2021, path),
    },
    {
      name: 'events KP 2021 by deaths, first page',
      url: '/api/v1/events?admin1=PK-KP&from=2021-01-01&to=2021-12-31&sort=-fatalities&limit=100',
      // What GET /events reads for its JSON page (the dashboard's table): the listing's fields.
      app: (s) => s.queryListingEvents({ ...kp, sort: '-fatalities', limit: 100 }),
      raw: async (s, path) => {
        if (path === 'rollups') {
          // As the store reads it: the total (one sum on the rollups) and the page's cut on event_keys
          // at once, then the page's rows by id (duckdb-event-pages.ts).
          const q = { ...kp, sort: '-fatalities' as const, limit: 100 };
          const r = rel(s, kp, path, true, true);
          const tp = new Params();
          const from = r.from(['e.source', ...r.measureCols([])], tp);
          const cp = new Params();
          const w = whereClause(q, cp, 'rollup');
          const [, keys] = await Promise.all([
            s.select(`SELECT ${r.events} AS n FROM ${from}`, tp.values),
            s.select<PageKey>(
              `SELECT e.id, e.date_start AS d, e.fatalities_best AS f FROM event_keys e ${w} ORDER BY e.fatalities_best DESC NULLS LAST, e.date_start, e.id LIMIT ${cp.add(100)} OFFSET ${cp.add(0)}`,
              cp.values,
            ),
          ]);
          const page = pageRowsQuery(q, keys, LISTING_COLUMNS);
          return s.select(page.sql, page.params);
        }
        // Today's reads on events, in sequence as the store ran them: the total, then the page cut
        // on narrow columns and its rows.
        const count = sourcesSql(rel(s, kp, path, true, true));
        await s.select(`SELECT sum(events) FROM (${count.sql})`, count.params);
        const p = new Params();
        const w = whereClause(kp, p);
        const order = 'e.fatalities_best DESC NULLS LAST, e.date_start, e.id';
        return s.select(
          `WITH page AS (SELECT e.id, row_number() OVER (ORDER BY ${order}) AS n FROM events e ${w} ORDER BY ${order} LIMIT 100)
           SELECT e.* FROM page JOIN events e ON e.id = page.id ORDER BY page.n`,
          p.values,
        );
      },
    },
  ];
}

/**
 * Times several variants of one query interleaved after one warm-up each, each round starting at the
 * next variant (a, b, c, then b, c, a, ...), so a burst of load from other processes on the shared
 * cores hits every variant alike and none always follows the same one.
 */
export async function interleaved(fns: (() => Promise<unknown>)[], reps: number): Promise<number[][]> {
  for (const fn of fns) await fn();
  const ms: number[][] = fns.map(() => []);
  for (let i = 0; i < reps; i++)
    for (let j = 0; j < fns.length; j++) {
      const k = (i + j) % fns.length;
      const t = performance.now();
      await fns[k]!();
      ms[k]!.push(performance.now() - t);
    }
  return ms;
}
