import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32, poissonSeries } from '../../../test/helpers/seeded-random.ts';
import { createStore } from '../../storage/index.ts';
import { addStagedEvents, monthlyEvents } from '../../../test/helpers/synthetic-events.ts';
import { bundledStoreCopy } from '../../../test/helpers/bundled-store.ts';
import { detectChangepoints } from '../../analytics/trends/changepoints.ts';
import { changepointsQuery } from './changepoints.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { registerChangepoints } from '../../cli/commands/changepoints.ts';

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
    // The synthetic source declares no coverage, so it covers its first event to its last: in the
    // last month, 2020-12-01 to 2020-12-15. That month, covered in part, is left out (null).
    assert.deepEqual(
      r.series.map((s) => s.count),
      [...counts.slice(0, -1), null],
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

  it('says what rate_before and rate_after count, under the table too (the table gave the two numbers with no unit)', async () => {
    const store = await storeWith([...Array<number>(12).fill(5), ...Array<number>(12).fill(40), 40]);
    try {
      const r = await changepointsQuery(store, { filter: { from: '2015-01-01', to: '2016-12-31' } });
      assert.deepEqual(
        r.changepoints.map((c) => [c.period, c.rate_before, c.rate_after]),
        [['2016-01', 5, 40]],
      );
      const said =
        'rate_before and rate_after are the mean events per month of the segments before and after it, ratio is rate_after / rate_before and absolute_change rate_after - rate_before';
      assert.ok(
        r.meta.notes.some((n) => n.endsWith(`per change point); ${said}`)),
        r.meta.notes.join('\n'),
      );
      const table = await runCli(
        store,
        [registerChangepoints],
        ['changepoints', '--from', '2015', '--to', '2016'],
      );
      assert.match(
        table.err,
        new RegExp(`^note: a change point is the first month .*; ${said.replace(/[/()]/g, '\\$&')}$`, 'm'),
      );
    } finally {
      await store.close();
    }
  });

  it('says no change point was found, naming the series searched and the penalty, in the JSON and under the table', async () => {
    const store = await storeWith(Array<number>(25).fill(10));
    try {
      const r = await changepointsQuery(store, { filter: { from: '2015-01-01', to: '2016-12-31' } });
      assert.deepEqual(r.changepoints, []);
      const none = `no change point found in events per month over 2015-01 to 2016-12 (24 covered months): no shift in level beats the penalty of ${r.penalty} per change point (\`penalty\`), with segments of at least 3 months (\`min_segment\`)`;
      assert.ok(r.meta.notes.includes(none), r.meta.notes.join('\n'));
      const table = await runCli(
        store,
        [registerChangepoints],
        ['changepoints', '--from', '2015', '--to', '2016'],
      );
      assert.ok(table.err.includes(`note: ${none}\n`), table.err);
      const short = await changepointsQuery(store, { filter: { from: '2015-01-01', to: '2015-04-30' } });
      assert.ok(
        short.meta.notes.includes(
          'no change point found in events per month over 2015-01 to 2015-04 (4 covered months): a change point needs at least 3 months on each side (`min_segment`), and no covered run holds 6',
        ),
        short.meta.notes.join('\n'),
      );
    } finally {
      await store.close();
    }
  });

  it('refuses a series longer than MAX_CHANGEPOINT_PERIODS with a 413 error naming the limit', async () => {
    const store = await storeWith([5, 6]);
    await assert.rejects(
      changepointsQuery(store, { filter: { from: '1990-01-01', to: '9999-12-31' } }),
      (e: Error) => /^export too large: [\d,]+ rows \(limit 5,000\)/.test(e.message),
    );
    await store.close();
  });

  it('empty months inside what the source covers are zeros; months it does not wholly cover are null, not zeros', async () => {
    // Events on 1-5 January and 1-6 April: the source covers 2015-01-01 to 2015-04-06.
    const store = await storeWith([5, 0, 0, 6]);
    const r = await changepointsQuery(store, { filter: { from: '2015-01-01', to: '2015-06-30' } });
    assert.deepEqual(r.series, [
      { period: '2015-01', count: 5 },
      { period: '2015-02', count: 0 },
      { period: '2015-03', count: 0 },
      { period: '2015-04', count: null },
      { period: '2015-05', count: null },
      { period: '2015-06', count: null },
    ]);
    assert.ok(
      r.meta.notes.includes(
        '3 months that no loaded source version covers whole are left out (null in `series`): change points are searched within each covered run (2015-01 to 2015-03), never across a gap',
      ),
      r.meta.notes.join(' | '),
    );
    await store.close();
  });

  it('never finds a change point at the edge of a gap in coverage (bundled GED to 2021, Candidate 2026-01 to 2026-07)', async () => {
    const store = await createStore({ path: await bundledStoreCopy() });
    try {
      const r = await changepointsQuery(store, {
        filter: { country: ['PAK'], from: '2018-01-01', to: '2026-12-31' },
      });
      const nulls = r.series.filter((p) => p.count === null).map((p) => p.period);
      assert.equal(nulls.length, 48 + 5, '2022-01 to 2025-12, and 2026-08 to 2026-12');
      assert.deepEqual(
        [nulls[0], nulls[47], nulls[48], nulls.at(-1)],
        ['2022-01', '2025-12', '2026-08', '2026-12'],
      );
      // Before, the zeros of the gap made change points at 2022-01, 2026-01 and 2026-08.
      for (const c of r.changepoints)
        assert.ok(!['2022-01', '2026-01', '2026-08'].includes(c.period), c.period);
      // Each run is searched with the one penalty the covered months would get as one series.
      const covered = r.series.filter((p) => p.count !== null);
      const one = detectChangepoints({
        periods: covered.map((p) => p.period),
        counts: covered.map((p) => p.count!),
      });
      assert.equal(r.penalty, Math.round(one.penalty * 1e6) / 1e6);
      // The segments cover the two runs and nothing between them.
      assert.deepEqual([r.segments[0]!.start_period, r.segments.at(-1)!.end_period], ['2018-01', '2026-07']);
      assert.ok(r.segments.every((g) => g.end_period < '2022-01' || g.start_period >= '2026-01'));
    } finally {
      await store.close();
    }
  });
});

function monthIndex(period: string): number {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return (y - 2015) * 12 + m - 1;
}
