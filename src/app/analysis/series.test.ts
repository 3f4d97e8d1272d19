import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDBStore } from '../../storage/duckdb/duckdb-store.ts';
import { createStore } from '../../storage/index.ts';
import { GED_FILE } from '../../../test/helpers/ged-rows.ts';
import { gedStoreCopy } from '../../../test/helpers/bundled-store.ts';
import { addStagedEvents, stagedEvent } from '../../../test/helpers/synthetic-events.ts';
import { importFile } from '../import-dataset.ts';
import { partlyCovered } from './meta.ts';
import { querySeries } from './series.ts';
import { sourceLicence } from '../data-credits.ts';

/** Events and best-estimate deaths per period counted by DuckDB's CSV reader straight from the raw file. */
async function independent(
  keyExpr: string,
  where: string,
): Promise<Map<string, { events: number; deaths: number }>> {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const r = await conn.runAndReadAll(`SELECT ${keyExpr} AS k, count(*) AS n, sum(CAST(best AS INTEGER)) AS d
    FROM read_csv('${GED_FILE}', all_varchar = true, header = true) WHERE id <> '' AND id NOT LIKE '#%' AND ${where} GROUP BY 1`);
  return new Map(r.getRows().map(([k, n, d]) => [String(k), { events: Number(n), deaths: Number(d) }]));
}

describe('querySeries on the bundled UCDP GED Pakistan file', () => {
  let store: DuckDBStore;
  before(async () => {
    // A copy of the run's store of the bundled GED file (importFile(store, GED_FILE), unplaced).
    store = await DuckDBStore.open(await gedStoreCopy({ placed: false }));
  });
  after(() => store.close());

  it('the monthly series for Pakistan 2020-2021 equals an independent count of the raw file, month by month', async () => {
    const r = await querySeries(store, {
      filter: { country: ['PAK'], from: '2020-01-01', to: '2021-12-31' },
      interval: 'month',
    });
    const raw = await independent(
      `substr(date_start, 1, 7)`,
      `country_id = '770' AND date_start >= '2020-01-01' AND date_start <= '2021-12-31 99'`,
    );
    assert.equal(r.points.length, 24);
    assert.deepEqual(
      r.points.map((p) => p.period),
      Array.from(
        { length: 24 },
        (_, i) => `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
      ),
    );
    for (const p of r.points)
      assert.deepEqual(
        { events: p.events, deaths: p.fatalities_best },
        raw.get(p.period) ?? { events: 0, deaths: 0 },
        p.period,
      );
    assert.equal(
      r.points.reduce((n, p) => n + Number(p.events), 0),
      334,
    );
    assert.deepEqual(r.meta.sources, [
      {
        source: 'ucdp-ged',
        version: '22.1',
        events: 334,
        release: 'final',
        ...sourceLicence('ucdp-ged', '22.1'),
      },
    ]);
    assert.equal(r.meta.coverage_warning, null);
  });

  it('a daily series is dense: every day present, zeros on days without events, equal to the raw count of single-day records', async () => {
    const r = await querySeries(store, {
      filter: { from: '2021-01-01', to: '2021-03-31' },
      interval: 'day',
      metrics: ['events'],
    });
    const span = `date_start >= '2021-01-01' AND date_start <= '2021-03-31 99'`;
    const raw = await independent(
      `substr(date_start, 1, 10)`,
      `${span} AND substr(date_start, 1, 10) = substr(date_end, 1, 10)`,
    );
    assert.equal(r.points.length, 90);
    const zeros = r.points.filter((p) => p.events === 0).length;
    assert.ok(zeros > 10, `expected quiet days, found ${zeros}`);
    for (const p of r.points) assert.equal(p.events, raw.get(p.period)?.events ?? 0, p.period);
    assert.deepEqual(Object.keys(r.points[0]!), ['period', 'events']);
    // Records spanning days (known to the week, month or year) are in the band, not on a day.
    const spanning = await independent(
      `'all'`,
      `${span} AND substr(date_start, 1, 10) <> substr(date_end, 1, 10)`,
    );
    const banded = r.imprecise.reduce((n, p) => n + Number(p.events), 0);
    assert.equal(banded, spanning.get('all')?.events ?? 0);
    assert.ok(banded > 0, 'the 2021 file has records dated only to the week or month');
  });

  it('a series of some metrics gives the same points as the series of all metrics, cut to those metrics', async () => {
    const filter = { country: ['PAK'], from: '2019-12-20', to: '2021-02-10' };
    for (const interval of ['day', 'week', 'month'] as const) {
      const all = await querySeries(store, { filter, interval });
      for (const metrics of [['events'], ['events', 'deaths_civilians']] as const) {
        const some = await querySeries(store, { filter, interval, metrics: [...metrics] });
        const keys = Object.keys(some.points[0]!);
        assert.deepEqual(
          some.points,
          all.points.map((p) => Object.fromEntries(keys.map((k) => [k, p[k]]))),
          `${interval} ${metrics.join(',')}`,
        );
        assert.deepEqual(
          some.imprecise,
          all.imprecise.map((p) =>
            Object.fromEntries(Object.keys(some.imprecise[0] ?? {}).map((k) => [k, p[k as keyof typeof p]])),
          ),
        );
        assert.deepEqual(some.meta.sources, all.meta.sources);
      }
      assert.ok(all.points.some((p) => Number(p.events) > 0));
    }
  });

  it('warns when the period reaches beyond what the loaded data cover, naming the uncovered span', async () => {
    const r = await querySeries(store, {
      filter: { country: ['PAK'], from: '2021-01-01', to: '2022-06-30' },
      interval: 'quarter',
    });
    assert.deepEqual(
      r.points.map((p) => p.period),
      ['2021-Q1', '2021-Q2', '2021-Q3', '2021-Q4', '2022-Q1', '2022-Q2'],
    );
    // No loaded source covers 2022: nothing is known there, so the figures are null, not 0.
    assert.equal(r.points[5]!.events, null);
    assert.equal(r.meta.coverage_status, 'partly_covered');
    assert.equal(
      r.meta.coverage_warning,
      'no loaded source version covers 2022-01-01 to 2022-06-30: periods there show no reporting, not no violence',
    );
    assert.deepEqual(r.meta.coverage, [
      {
        source: 'ucdp-ged',
        version: '22.1',
        first_date: '1989-01-01',
        last_date: '2021-12-31',
        basis: 'declared',
        events: 6416,
        countries: ['PAK'],
      },
    ]);
    for (const m of ['events', 'fatalities_best', 'deaths_civilians'])
      assert.match(r.meta.metrics[m]!, /\.$/);
  });

  it('without from and to, the series spans what the matching data cover', async () => {
    const r = await querySeries(store, {
      filter: { source: ['ucdp-ged'] },
      interval: 'year',
      metrics: ['events'],
    });
    assert.equal(r.points[0]!.period, '1989');
    assert.equal(r.points.at(-1)!.period, '2021');
    assert.equal(
      r.points.reduce((n, p) => n + Number(p.events), 0),
      6416,
    );
  });

  it('split by actor, each registry actor gets every period', async () => {
    const r = await querySeries(store, {
      filter: { from: '2021-01-01', to: '2021-12-31' },
      interval: 'quarter',
      groupBy: 'actor',
      metrics: ['events'],
    });
    const groups = new Set(r.points.map((p) => p.group));
    assert.ok(groups.has('ttp'));
    assert.equal(r.points.length, groups.size * 4);
    const ttp = r.points.filter((p) => p.group === 'ttp').reduce((n, p) => n + Number(p.events), 0);
    const direct = await store.select<{ n: number }>(
      `SELECT count(*) AS n FROM events WHERE list_contains(actor_ids, 'ttp') AND year(date_start) = 2021`,
    );
    assert.equal(ttp, direct[0]!.n);
    assert.equal(r.points.find((p) => p.group === 'ttp')!.group_label, 'Tehrik-i-Taliban Pakistan (TTP)');
    // An event naming two registry actors is in two groups, but the source note counts it once:
    // the events of the filter, as an unsplit series (and the raw table) count them.
    const split = r.points.reduce((n, p) => n + Number(p.events), 0);
    const [{ n }] = await store.select<{ n: number }>(
      `SELECT count(*) AS n FROM events WHERE year(date_start) = 2021`,
    );
    assert.ok(split > n!, `${split} group counts, ${n} events`);
    assert.deepEqual(r.meta.sources, [
      {
        source: 'ucdp-ged',
        version: '22.1',
        events: n,
        release: 'final',
        ...sourceLicence('ucdp-ged', '22.1'),
      },
    ]);
  });
});

describe('querySeries with unknown figures', () => {
  it('a death sum is null when every event in the period lacks it, 0 in a period with no events, and unknowns are counted', async () => {
    const store = await createStore({ path: ':memory:' });
    await addStagedEvents(store, [
      stagedEvent('a', {
        dateStart: '2021-01-05',
        dateEnd: '2021-01-05',
        fatalitiesBest: null,
        deathsCivilians: null,
      }),
      stagedEvent('b', {
        dateStart: '2021-01-09',
        dateEnd: '2021-01-09',
        fatalitiesBest: null,
        deathsCivilians: 2,
      }),
      stagedEvent('c', {
        dateStart: '2021-03-02',
        dateEnd: '2021-03-02',
        fatalitiesBest: 4,
        deathsCivilians: null,
      }),
      stagedEvent('d', {
        dateStart: '2021-03-03',
        dateEnd: '2021-03-03',
        fatalitiesBest: null,
        deathsCivilians: null,
      }),
    ]);
    const r = await querySeries(store, {
      filter: { from: '2021-01-01', to: '2021-03-31' },
      interval: 'month',
      metrics: ['events', 'fatalities_best', 'deaths_civilians'],
    });
    assert.deepEqual(r.points, [
      {
        period: '2021-01',
        events: 2,
        fatalities_best: null,
        fatalities_best_unknown: 2,
        deaths_civilians: 2,
        deaths_civilians_unknown: 1,
      },
      {
        period: '2021-02',
        events: 0,
        fatalities_best: 0,
        fatalities_best_unknown: 0,
        deaths_civilians: 0,
        deaths_civilians_unknown: 0,
      },
      {
        period: '2021-03',
        events: 2,
        fatalities_best: 4,
        fatalities_best_unknown: 1,
        deaths_civilians: null,
        deaths_civilians_unknown: 2,
      },
    ]);
    await store.close();
  });
});

describe('periods the loaded sources cover only in part', () => {
  const cov = (firstDate: string, lastDate: string) => ({
    source: 'ucdp-candidate',
    version: firstDate,
    firstDate,
    lastDate,
    basis: 'declared' as const,
    events: 1,
    countries: ['AFG'],
  });
  const q = (key: string, start: string, end: string) => ({ key, start, end });

  it('counts the covered days of each period within the answer, across overlapping and separate versions', () => {
    const relevant = [
      cov('2026-01-01', '2026-07-01'),
      cov('2026-05-31', '2026-07-31'),
      cov('2026-09-01', '2026-09-10'),
    ];
    const periods = [
      q('2026-Q2', '2026-04-01', '2026-06-30'),
      q('2026-Q3', '2026-07-01', '2026-09-30'),
      q('2026-Q4', '2026-10-01', '2026-12-31'),
    ];
    assert.deepEqual(partlyCovered(relevant, periods, '2026-01-01', '2026-12-31'), [
      // July (31 days) and 1-10 September: the gap in August does not make it whole.
      { period: '2026-Q3', covered_days: 41, days: 92 },
    ]);
    // Clipped to the answer's dates: from 15 July, the quarter holds 78 days, 17 + 10 of them covered.
    assert.deepEqual(partlyCovered(relevant, periods, '2026-07-15', '2026-09-30'), [
      { period: '2026-Q3', covered_days: 27, days: 78 },
    ]);
    // Clipped to the covered part alone, the period is whole.
    assert.deepEqual(partlyCovered(relevant, periods, '2026-04-01', '2026-07-31'), []);
    assert.deepEqual(
      partlyCovered([], periods, '2026-01-01', '2026-12-31'),
      [],
      'nothing loaded: not covered, not partly',
    );
  });

  it('a series names the quarter a Candidate release ends in, in its meta and a note, and keeps its figure', async () => {
    const store = await DuckDBStore.open(':memory:');
    try {
      for (const f of ['GEDEvent_v26_01_26_06_PAK_AFG.csv', 'GEDEvent_v26_0_7_PAK_AFG.csv'])
        await importFile(store, new URL(`../../../data/ucdp-candidate/${f}`, import.meta.url).pathname);
      const filter = { country: ['AFG'], from: '2026-01-01', to: '2026-12-31' };
      const r = await querySeries(store, { filter, interval: 'quarter', metrics: ['events'] });
      assert.deepEqual(r.meta.partly_covered, [{ period: '2026-Q3', covered_days: 31, days: 92 }]);
      assert.ok(
        r.meta.notes.some((n) =>
          n.startsWith('only partly covered by the loaded source versions: 2026-Q3 (31 of 92 days)'),
        ),
        r.meta.notes.join(' | '),
      );
      // The figure counts July's events: a number, not null (part of the quarter is covered).
      const july = await querySeries(store, {
        filter: { ...filter, from: '2026-07-01', to: '2026-07-31' },
        interval: 'month',
        metrics: ['events'],
      });
      assert.equal(r.points.find((p) => p.period === '2026-Q3')!.events, july.points[0]!.events);
      assert.ok(Number(july.points[0]!.events) > 0);
      assert.equal(r.points.find((p) => p.period === '2026-Q4')!.events, null, 'not covered at all: null');
      // Months and days are whole here: nothing to name.
      const monthly = await querySeries(store, { filter, interval: 'month', metrics: ['events'] });
      assert.deepEqual(monthly.meta.partly_covered, []);
      assert.ok(!monthly.meta.notes.some((n) => n.includes('partly covered')));
    } finally {
      await store.close();
    }
  });
});
