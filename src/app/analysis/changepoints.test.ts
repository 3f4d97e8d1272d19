import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32, poissonSeries } from '../../../test/helpers/seeded-random.ts';
import { createStore } from '../../storage/index.ts';
import { addStagedEvents, monthlyEvents } from '../../../test/helpers/synthetic-events.ts';
import { changepointsQuery } from './changepoints.ts';

/** A store holding `counts[i]` events in the i-th month from 2015-01. */
async function storeWith(counts: number[]) {
  const store = await createStore({ path: ':memory:' });
  await addStagedEvents(store, monthlyEvents(counts));
  return store;
}

const rates = (parts: [number, number][]) => parts.flatMap(([rate, n]) => Array<number>(n).fill(rate));

describe('changepointsQuery through the store', () => {
  it('finds known breaks in a synthetic monthly series: 10 -> 30 at 2017-01 and 30 -> 12 at 2019-01', async () => {
    const counts = poissonSeries(
      rates([
        [10, 24],
        [30, 24],
        [12, 24],
      ]),
      mulberry32(7),
    );
    const store = await storeWith(counts);
    const r = await changepointsQuery(store, { filter: { from: '2015-01-01', to: '2020-12-31' } });
    assert.equal(r.series.length, 72);
    assert.deepEqual(
      r.series.map((s) => s.count),
      counts,
      'the series read back from the store is the one written',
    );
    assert.equal(r.changepoints.length, 2);
    const [up, down] = r.changepoints;
    assert.ok(Math.abs(monthIndex(up!.period) - 24) <= 1, up!.period);
    assert.ok(Math.abs(monthIndex(down!.period) - 48) <= 1, down!.period);
    assert.ok(up!.ratio! > 2 && up!.ratio! < 4 && down!.ratio! < 0.6);
    assert.equal(up!.date, `${up!.period}-01`);
    await store.close();
  });

  it('finds none in stationary series (20 seeded 60-month Poisson series at rate 10; at most 1 false alarm allowed, expected ~1%)', async () => {
    const store = await createStore({ path: ':memory:' });
    const countries = Array.from({ length: 20 }, (_, i) => `X${String.fromCharCode(65 + i)}A`);
    // One import of all twenty series (an import per series spent most of this test's time).
    await addStagedEvents(
      store,
      countries.flatMap((country, i) =>
        monthlyEvents(poissonSeries(rates([[10, 60]]), mulberry32(1001 + i)), '2015-01', { country }).map(
          (e) => ({ ...e, id: `${e.id}-${country}`, sourceId: `${e.sourceId}-${country}` }),
        ),
      ),
    );
    let alarms = 0;
    for (const country of countries) {
      const r = await changepointsQuery(store, {
        filter: { country: [country], from: '2015-01-01', to: '2019-12-31' },
      });
      assert.equal(r.series.length, 60);
      if (r.changepoints.length) alarms++;
    }
    assert.ok(alarms <= 1, `${alarms} of 20 stationary series had a change point`);
    await store.close();
  });

  it('refuses a series longer than MAX_CHANGEPOINT_PERIODS with a 413 error naming the limit', async () => {
    const store = await storeWith([5, 6]);
    await assert.rejects(
      changepointsQuery(store, { filter: { from: '1990-01-01', to: '9999-12-31' } }),
      (e: Error) => /^export too large: \d+ rows \(limit 5000\)/.test(e.message),
    );
    await store.close();
  });

  it('empty months are zeros in the series, not gaps', async () => {
    const store = await storeWith([5, 0, 0, 6]);
    const r = await changepointsQuery(store, { filter: { from: '2015-01-01', to: '2015-06-30' } });
    assert.deepEqual(r.series, [
      { period: '2015-01', count: 5 },
      { period: '2015-02', count: 0 },
      { period: '2015-03', count: 0 },
      { period: '2015-04', count: 6 },
      { period: '2015-05', count: 0 },
      { period: '2015-06', count: 0 },
    ]);
    await store.close();
  });
});

function monthIndex(period: string): number {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return (y - 2015) * 12 + m - 1;
}
