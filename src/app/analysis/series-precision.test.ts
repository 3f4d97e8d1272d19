import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addStagedEvents, stagedEvent } from '../../../test/helpers/synthetic-events.ts';
import type { DuckDBStore } from '../../storage/duckdb/duckdb-store.ts';
import { createStore, type Store } from '../../storage/index.ts';
import { invalidateMemo } from './memo.ts';
import { notesWithoutBand, querySeries, type SeriesResult } from './series.ts';

// One record known to the day, one only to its month, one only to its year (UCDP date_prec 1, 4, 5).
const EVENTS = [
  stagedEvent('day', { dateStart: '2021-03-15', dateEnd: '2021-03-15', fatalitiesBest: 2 }),
  stagedEvent('month', {
    dateStart: '2021-03-01',
    dateEnd: '2021-03-31',
    datePrecision: 'month',
    fatalitiesBest: 10,
  }),
  stagedEvent('year', {
    dateStart: '2021-01-01',
    dateEnd: '2021-12-31',
    datePrecision: 'year',
    fatalitiesBest: 100,
  }),
];

const figures = (r: SeriesResult, period: string) => {
  const p = r.points.find((x) => x.period === period)!;
  return { events: p.events, deaths: p.fatalities_best };
};
const band = (r: SeriesResult) =>
  r.imprecise.map((p) => ({
    period: p.period,
    precision: p.precision,
    events: p.events,
    deaths: p.fatalities_best,
  }));

describe('series and date precision (the imprecise-date band, docs/methods.md)', () => {
  let store: Store;
  const routes = ['auto', 'events'] as const;
  before(async () => {
    store = await createStore({ path: ':memory:' });
    await addStagedEvents(store, EVENTS);
  });
  after(() => store.close());

  const series = async (
    route: 'auto' | 'events',
    interval: 'day' | 'month' | 'year',
    from: string,
    to: string,
  ) => {
    (store as DuckDBStore).reads.routing = route;
    invalidateMemo(store);
    const r = await querySeries(store, {
      filter: { from, to },
      interval,
      metrics: ['events', 'fatalities_best'],
    });
    (store as DuckDBStore).reads.routing = 'auto';
    return r;
  };

  for (const route of routes) {
    it(`a total over a period counts a month or year record only when the period holds all of it (datesWithin, ${route})`, async () => {
      (store as DuckDBStore).reads.routing = route;
      try {
        const counts = async (from: string, to: string) => [
          await store.countEvents({ from, to }),
          await store.countEvents({ from, to, datesWithin: 'whole' }),
          await store.countEvents({ from, to, datesWithin: 'beyond' }),
          await store.countEvents({ from, to, datesWithin: 'overlapping' }),
        ];
        // [on start dates, held whole, starting inside but held in part, overlapping in part whatever the start]
        assert.deepEqual(await counts('2021-03-01', '2021-03-31'), [2, 2, 0, 1]);
        assert.deepEqual(await counts('2021-01-01', '2021-03-31'), [3, 2, 1, 1]);
        assert.deepEqual(await counts('2021-03-01', '2021-03-20'), [2, 1, 1, 2]);
        assert.deepEqual(await counts('2021-01-01', '2021-12-31'), [3, 3, 0, 0]);
        assert.deepEqual(await counts('2020-07-01', '2021-06-30'), [3, 2, 1, 1]);
        // May 2021: nothing starts in it, but the record of 2021 may lie there.
        assert.deepEqual(await counts('2021-05-01', '2021-05-31'), [0, 0, 0, 1]);
        assert.deepEqual(await counts('2022-01-01', '2022-12-31'), [0, 0, 0, 0]);
        // Held against another period (a claim on 2021 counted over its days to 20 March): the
        // month's record and the year's count there when 2021 holds them.
        const heldBy2021 = { from: '2021-01-01', to: '2021-12-31' };
        assert.equal(
          await store.countEvents({
            from: '2021-03-01',
            to: '2021-03-20',
            datesWithin: 'whole',
            datesHeldBy: heldBy2021,
          }),
          2,
        );
        assert.equal(
          await store.countEvents({
            from: '2021-01-01',
            to: '2021-03-20',
            datesWithin: 'whole',
            datesHeldBy: heldBy2021,
          }),
          3,
        );
      } finally {
        (store as DuckDBStore).reads.routing = 'auto';
      }
    });

    it(`a month-precision record counts in its month and a year-precision record in no month (${route})`, async () => {
      const r = await series(route, 'month', '2021-01-01', '2021-12-31');
      assert.deepEqual(figures(r, '2021-03'), { events: 2, deaths: 12 });
      assert.deepEqual(figures(r, '2021-01'), { events: 0, deaths: 0 });
      assert.deepEqual(band(r), [{ period: '2021', precision: 'year', events: 1, deaths: 100 }]);
      assert.match(r.meta.notes.join('\n'), /1 event dated only to the year is in `imprecise`/);
    });

    it(`a daily series puts neither on the first day of its month or year (${route})`, async () => {
      const r = await series(route, 'day', '2021-01-01', '2021-03-31');
      assert.deepEqual(figures(r, '2021-03-01'), { events: 0, deaths: 0 });
      assert.deepEqual(figures(r, '2021-01-01'), { events: 0, deaths: 0 });
      assert.deepEqual(figures(r, '2021-03-15'), { events: 1, deaths: 2 });
      assert.deepEqual(band(r), [
        { period: '2021', precision: 'year', events: 1, deaths: 100 },
        { period: '2021-03', precision: 'month', events: 1, deaths: 10 },
      ]);
    });

    it(`a yearly series holds all three in their year and has no band (${route})`, async () => {
      const r = await series(route, 'year', '2021-01-01', '2021-12-31');
      assert.deepEqual(figures(r, '2021'), { events: 3, deaths: 112 });
      assert.deepEqual(r.imprecise, []);
    });
  }
});

describe('notes of answers built on a series without its band', () => {
  it('say that the records a series would list in imprecise are not counted', () => {
    assert.deepEqual(
      notesWithoutBand([
        '77 events dated only to the year or month are in `imprecise` under their own year or month, not in any day of the series (docs/methods.md)',
        '1 event dated only to the year is in `imprecise` under its own year, not in any month of the series (docs/methods.md)',
        'another note',
      ]),
      [
        '77 events dated only to the year or month are not counted: they lie in no day of the series (a series lists them in `imprecise`) (docs/methods.md)',
        '1 event dated only to the year is not counted: it lies in no month of the series (a series lists it in `imprecise`) (docs/methods.md)',
        'another note',
      ],
    );
  });
});
