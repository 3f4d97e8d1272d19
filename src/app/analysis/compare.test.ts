import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import { DuckDBStore } from '../../storage/duckdb/duckdb-store.ts';
import { useBundledStore } from '../../../test/helpers/use-bundled-store.ts';
import { gedStoreCopy } from '../../../test/helpers/bundled-store.ts';
import { expandActorFilter } from '../../domain/actors.ts';
import { buildBriefing } from '../briefing/build-briefing.ts';
import { compareQuery } from './compare.ts';
import { registerCompare } from '../../cli/commands/compare.ts';
import { readable } from '../../domain/readable.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { failureLine } from '../../cli/fail.ts';
import { networkQuery } from './network.ts';
import { querySeries } from './series.ts';
import { sourceLicence } from '../data-credits.ts';
import { populationAgeNote, populationOf } from './rates.ts';

/** Clopper-Pearson limits for a binomial share by bisection on the binomial CDF (independent of beta quantiles). */
function clopperPearson(x: number, n: number, alpha = 0.05): [number, number] {
  const bisect = (f: (p: number) => number) => {
    let [lo, hi] = [0, 1];
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (f(mid) > 0) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  // Lower: P(X >= x | p) = alpha/2; upper: P(X <= x | p) = alpha/2.
  const low = bisect((p) => alpha / 2 - (1 - binomialCdf(x - 1, n, p)));
  const high = bisect((p) => binomialCdf(x, n, p) - alpha / 2);
  return [low, high];
}

describe('compareQuery on the bundled UCDP GED Pakistan file', () => {
  let store: DuckDBStore;
  const ttp = { country: ['PAK'], actorIds: expandActorFilter('TTP')!.ids };
  before(async () => {
    // A copy of the run's store of the bundled GED file (importFile(store, GED_FILE), unplaced).
    store = await DuckDBStore.open(await gedStoreCopy({ placed: false }));
  });
  after(() => store.close());

  it('TTP events 2021 against 2020: 119 against 71 over true day counts, RR = (119/365)/(71/366) with the exact Clopper-Pearson interval', async () => {
    const { comparison: c, meta } = await compareQuery(store, {
      kind: 'periods',
      filter: ttp,
      period1: '2020',
      period2: '2021',
    });
    assert.deepEqual([c.count1, c.days1, c.count2, c.days2], [71, 366, 119, 365]);
    assert.ok(Math.abs(c.rate_ratio! - 119 / 365 / (71 / 366)) < 1e-12);
    // With equal exposures the ratio would be 119/71; the leap day moves it by the factor 366/365.
    assert.ok(Math.abs(c.rate_ratio! - (119 / 71) * (366 / 365)) < 1e-12);
    const [pl, ph] = clopperPearson(119, 190);
    const toRatio = (p: number) => (p * 366) / ((1 - p) * 365);
    assert.ok(Math.abs(c.ci_low! - toRatio(pl)) < 1e-6, `${c.ci_low} vs ${toRatio(pl)}`);
    assert.ok(Math.abs(c.ci_high! - toRatio(ph)) < 1e-6, `${c.ci_high} vs ${toRatio(ph)}`);
    assert.deepEqual(
      [c.rate_ratio, c.ci_low, c.ci_high, c.p_value].map((x) => Math.round(x! * 1000) / 1000),
      [1.681, 1.242, 2.288, 0],
    );
    assert.ok(c.p_value! > 0.00047 && c.p_value! < 0.00049);
    assert.match(meta.notes.join(' '), /the days of each period that a loaded source version covers/);
    assert.deepEqual(meta.sources, [
      {
        source: 'ucdp-ged',
        version: '22.1',
        events: 190,
        release: 'final',
        ...sourceLicence('ucdp-ged', '22.1'),
      },
    ]);
  });

  it('the interval says its level (the table printed a 90% interval unlabelled, as if 95%)', async () => {
    const q = { kind: 'periods', filter: ttp, period1: '2020', period2: '2021' } as const;
    const { meta } = await compareQuery(store, { ...q, confidence: 0.9 });
    assert.ok(
      meta.notes.includes(
        'ci_low and ci_high are the exact 90% interval of rate_ratio (and of rate_ratio_per_person where shown); p_value is two-sided, against a rate ratio of 1',
      ),
      meta.notes.join(' | '),
    );
    assert.equal(meta.metrics.ci_high, 'upper end of the exact 90% interval of rate_ratio (confidence 0.9)');
    const table = await runCli(
      store,
      [registerCompare],
      ['compare', '--country', 'PAK', '--period1', '2020', '--period2', '2021', '--confidence', '0.999'],
    );
    assert.match(table.err, /^note: ci_low and ci_high are the exact 99\.9% interval of rate_ratio /m);
  });

  it('comparing deaths says the interval is too narrow for clustered counts', async () => {
    const { comparison: c, meta } = await compareQuery(store, {
      kind: 'periods',
      filter: ttp,
      period1: '2020',
      period2: '2021',
      metric: 'fatalities_best',
    });
    const [d20, d21] = await Promise.all(
      ['2020', '2021'].map(
        async (y) =>
          (
            await store.select<{ d: number }>(
              `SELECT sum(fatalities_best) AS d FROM events WHERE list_has_any(actor_ids, from_json($1, '["VARCHAR"]')) AND year(date_start) = ${y}`,
              [JSON.stringify(ttp.actorIds)],
            )
          )[0]!.d,
      ),
    );
    assert.deepEqual([c.count1, c.count2], [d20, d21]);
    assert.match(meta.notes.join(' '), /deaths come in clusters/);
  });

  it('two places over one period use equal exposures, so the ratio is count2/count1', async () => {
    const rows = await store.select<{ a: string; n: number }>(
      `SELECT admin1_label AS a, CAST(count(*) AS INTEGER) AS n FROM events WHERE year(date_start) = 2021 GROUP BY 1 ORDER BY 2 DESC LIMIT 2`,
    );
    const { comparison: c } = await compareQuery(store, {
      kind: 'places',
      level: 'admin1',
      filter: { from: '2021-01-01', to: '2021-12-31' },
      place1: rows[1]!.a,
      place2: rows[0]!.a,
    });
    assert.deepEqual([c.count1, c.count2, c.days1, c.days2], [rows[1]!.n, rows[0]!.n, 365, 365]);
    assert.ok(Math.abs(c.rate_ratio! - rows[0]!.n / rows[1]!.n) < 1e-12);
  });

  it('rejects from/to together with two periods, and bad periods, with one line', async () => {
    await assert.rejects(
      compareQuery(store, {
        kind: 'periods',
        filter: { from: '2020-01-01' },
        period1: '2020',
        period2: '2021',
      }),
      {
        message:
          'invalid parameter: from and to do not apply when comparing two periods (use period1 and period2)',
      },
    );
    await assert.rejects(
      compareQuery(store, { kind: 'periods', filter: {}, period1: '2020-13', period2: '2021' }),
      {
        message:
          'invalid period1: "2020-13" (use a year 2021, a quarter 2021-Q4, a month 2021-03, an ISO week 2021-W05 or a day 2021-03-07)',
      },
    );
    // A range of months reads as a range, not as a malformed period key.
    await assert.rejects(
      compareQuery(store, { kind: 'periods', filter: {}, period1: '2026-01..2026-06-30', period2: '2021' }),
      {
        message:
          'invalid period1: "2026-01..2026-06-30" (FROM..TO takes two days, YYYY-MM-DD..YYYY-MM-DD: 2026-01-01..2026-06-30)',
      },
    );
    // The CLI names the flags (it said `from and to`, and `invalid period:` for either period).
    const cli = (...args: string[]) =>
      runCli(store, [registerCompare], ['compare', ...args]).then((r) => failureLine(r.error));
    assert.equal(
      await cli('--period1', '2020', '--period2', '2021', '--from', '2020'),
      'faultline: invalid parameter: --from "2020" does not apply when comparing two periods (use --period1 and --period2)\n',
    );
    assert.equal(
      await cli('--period1', '2020', '--period2', '2021-13'),
      'faultline: invalid --period2: "2021-13" (use a year 2021, a quarter 2021-Q4, a month 2021-03, an ISO week 2021-W05 or a day 2021-03-07)\n',
    );
    assert.equal(
      await cli('--place1', 'Sindh province', '--place2', 'Punjab province', '--admin1', 'Sindh province'),
      'faultline: invalid parameter: --admin1 does not apply when comparing two places at that level (use --place1 and --place2)\n',
    );
  });
});

describe('records dated only to a month or a year (issue: 2009 in January)', () => {
  let store: DuckDBStore;
  before(async () => {
    // A copy of the run's store of the bundled GED file (importFile(store, GED_FILE), unplaced).
    store = await DuckDBStore.open(await gedStoreCopy({ placed: false }));
  });
  after(() => store.close());

  it('count in a period only when it holds their whole month or year, as the monthly series does, and the rest are named', async () => {
    // ucdp-ged:57152 is dated only to 2009 (2009-01-01 to 2009-12-31, 1,428 deaths): not January's.
    const series = await querySeries(store, {
      filter: { country: ['PAK'], from: '2009-01-01', to: '2009-02-28' },
      interval: 'month',
      metrics: ['fatalities_best'],
    });
    const [jan, feb] = series.points.map((p) => p.fatalities_best);
    const { comparison: c, meta } = await compareQuery(store, {
      kind: 'periods',
      filter: { country: ['PAK'] },
      period1: '2009-01',
      period2: '2009-02',
      metric: 'fatalities_best',
    });
    assert.deepEqual([c.count1, c.count2], [jan, feb]);
    const imprecise = series.imprecise.filter((p) => p.period === '2009');
    assert.ok(imprecise.length > 0 && Number(imprecise[0]!.fatalities_best) >= 1428);
    assert.ok(
      meta.notes.some((n) =>
        /^\d+ events? dated only to a month or a year that side 1 \(2009-01\) holds in part (is|are) left out of its count/.test(
          n,
        ),
      ),
      meta.notes.join(' | '),
    );
    // The whole year holds them: 2009 against 2010 counts every record of each year.
    const sql = async (y: number) =>
      Number(
        (
          await store.select<{ d: number }>(
            `SELECT sum(fatalities_best) AS d FROM events WHERE country = 'PAK' AND year(date_start) = ${y}`,
          )
        )[0]!.d,
      );
    const pakDeaths = (period1: string, period2: string, dates?: 'start') =>
      compareQuery(store, {
        kind: 'periods',
        filter: { country: ['PAK'] },
        period1,
        period2,
        metric: 'fatalities_best',
        ...(dates ? { dates } : {}),
      });
    const years = await pakDeaths('2009', '2010');
    assert.deepEqual([years.comparison.count1, years.comparison.count2], [await sql(2009), await sql(2010)]);
    // The claim checker counts on start dates (its totals do): the record is January's there.
    const start = await pakDeaths('2009-01', '2009-02', 'start');
    assert.ok(start.comparison.count1! >= Number(jan) + 1428);
  });

  it('the network and the briefing count the same way', async () => {
    const month = { from: '2009-01-01', to: '2009-01-31' };
    const all = await networkQuery(store, { filter: { country: ['PAK'], ...month }, limit: 1000 });
    const series = await querySeries(store, {
      filter: { country: ['PAK'], ...month },
      interval: 'month',
      metrics: ['fatalities_best'],
    });
    const dyadDeaths = all.dyads.reduce((n, d) => n + (d.deaths_best ?? 0), 0);
    assert.equal(dyadDeaths, series.points[0]!.fatalities_best);
    assert.ok(
      all.meta.notes.some((n) => n.includes('dated only to a month or a year that the period holds in part')),
    );
    const b = await buildBriefing(store, { period: '2009-01', filter: { country: ['PAK'] } });
    const deaths = b.key_figures.find((k) => k.metric === 'fatalities_best');
    assert.equal(deaths?.value, series.points[0]!.fatalities_best);
  });
});

describe('compareQuery where the loaded sources do not cover a period', () => {
  const pak = { country: ['PAK'] };
  // The bundled data, placed: GED 22.1 (Pakistan to 2021), Candidate 26.0.6 and 26.0.7 (both countries, 2026-01 to 2026-07).
  const store = useBundledStore();

  it('says when a final UCDP release is set against a Candidate one, and names the days of the periods compared', async () => {
    const { meta } = await compareQuery(store(), {
      kind: 'periods',
      filter: pak,
      period1: '2021',
      period2: '2026',
    });
    assert.ok(
      meta.notes.some((n) =>
        n.startsWith("side 1 (2021) counts ucdp-ged and side 2 (2026) ucdp-candidate: UCDP's final release"),
      ),
      meta.notes.join(' | '),
    );
    assert.ok(meta.notes[0]!.includes('(all of its 365 days when it is covered whole)'), meta.notes[0]);
    const same = await compareQuery(store(), {
      kind: 'periods',
      filter: pak,
      period1: '2020',
      period2: '2021',
    });
    assert.ok(!same.meta.notes.some((n) => n.includes('differ in revision')), 'one release on both sides');
    assert.ok(same.meta.notes[0]!.includes('(all of its 366 and 365 days when it is covered whole)'));
  });

  it('says why two places have no rate per person when one has no population figure', async () => {
    const { comparison: c, meta } = await compareQuery(store(), {
      kind: 'places',
      level: 'admin1',
      place1: 'PK-GB',
      place2: 'PK-KP',
      metric: 'events',
      filter: { from: '2021-01-01', to: '2021-12-31' },
    });
    assert.equal(c.rate_ratio_per_person, null);
    assert.ok(
      meta.notes.some((n) =>
        n.startsWith('no rate per person: faultline has no population figure for PK-GB ('),
      ),
      meta.notes.join(' | '),
    );
  });

  it('a year no source covers has no count, rate, ratio or test, not a zero (by calendar days, the count is 0)', async () => {
    const q = { kind: 'periods', filter: pak, period1: '2021', period2: '2023' } as const;
    const { comparison: c, meta } = await compareQuery(store(), q);
    assert.equal(c.count1, 189);
    assert.deepEqual(
      [
        c.covered_days2,
        c.count2,
        c.rate2_per_day,
        c.rate2_per_100k,
        c.rate_ratio,
        c.ci_low,
        c.ci_high,
        c.p_value,
      ],
      [0, null, null, null, null, null, null, null],
    );
    assert.equal(
      c.note,
      'no loaded source version covers any day of side 2 (2023): nothing is known there (not zero), so there is no rate ratio',
    );
    assert.ok(meta.notes.includes(c.note!), 'the table prints it too');
    // Claims judge partial coverage themselves and ask for calendar days: there the count is 0.
    const byCalendar = (await compareQuery(store(), { ...q, exposure: 'calendar' })).comparison;
    assert.deepEqual([byCalendar.count2, byCalendar.covered_days2, byCalendar.rate_ratio], [0, 365, 0]);
    assert.deepEqual(
      [meta.coverage_status, meta.uncovered],
      ['partly_covered', [{ from: '2023-01-01', to: '2023-12-31' }]],
    );
  });

  it('two covered periods with a gap between them are covered: the gap is no part of the comparison', async () => {
    const { meta } = await compareQuery(store(), {
      kind: 'periods',
      filter: pak,
      period1: '2021-01-01..2021-06-30',
      period2: '2026-01-01..2026-06-30',
    });
    assert.deepEqual([meta.coverage_status, meta.uncovered, meta.coverage_warning], ['covered', [], null]);
  });

  it('two periods that overlap name each uncovered day once (a year against itself or its month)', async () => {
    const compare = async (period1: string, period2: string) =>
      (await compareQuery(store(), { kind: 'periods', filter: {}, period1, period2 })).meta;
    const gap = await compare('2022', '2022-06');
    assert.deepEqual(gap.uncovered, [{ from: '2022-01-01', to: '2022-12-31' }]);
    assert.equal(
      gap.coverage_warning,
      'no loaded source version covers 2022-01-01 to 2022-12-31: periods there show no reporting, not no violence',
    );
    const afg = await compare('2021', '2021');
    assert.deepEqual(afg.uncovered_countries, [{ country: 'AFG', from: '2021-01-01', to: '2021-12-31' }]);
    assert.match(
      afg.coverage_warning!,
      /^no loaded source version covers AFG from 2021-01-01 to 2021-12-31: /,
    );
  });

  // Each side is covered by the sources of its own country: a province's code names it (PK-KP is in
  // PAK); a district's does not, so the loaded events of that district say which.
  for (const { name, level, place1, place2, count1 } of [
    // Kabul has no count in 2021, not 0 against Khyber Pakhtunkhwa's 118.
    { name: 'two provinces', level: 'admin1', place1: 'PK-KP', place2: 'AF-KAB', count1: 118 },
    // Maymana (Faryab, Afghanistan) has no count in 2021, not 0.
    { name: 'two districts', level: 'admin2', place1: 'Peshawar', place2: 'Maymana', count1: null },
  ] as const)
    it(`${name} of different countries (${place1}, ${place2}): each side is covered by the sources of its own country`, async () => {
      const places = (from: string, to: string) =>
        compareQuery(store(), { kind: 'places', level, place1, place2, filter: { from, to } });
      // 2021: GED 22.1 covers Pakistan alone.
      const c2021 = (await places('2021-01-01', '2021-12-31')).comparison;
      assert.deepEqual(
        [c2021.covered_days1, c2021.count2, c2021.covered_days2, c2021.rate_ratio],
        [365, null, 0, null],
      );
      if (count1 === null) assert.ok(c2021.count1! > 0);
      else assert.equal(c2021.count1, count1);
      // January-July 2026: the Candidate releases cover both countries.
      const c2026 = (await places('2026-01-01', '2026-07-31')).comparison;
      assert.deepEqual([c2026.covered_days1, c2026.covered_days2], [212, 212]);
      assert.equal(typeof c2026.count2, 'number');
    });

  it('rates per 100,000 people say whose people (figure, source, year) and over which days, in meta.metrics and under the table (a reader took them per year or per day)', async () => {
    const { comparison: c, meta } = await compareQuery(store(), {
      kind: 'periods',
      filter: pak,
      period1: '2021',
      period2: '2026',
    });
    const people =
      'PAK, 241,499,431 people (Pakistan Bureau of Statistics, Census 2023 (table 1), year 2023)';
    const side2Days = 'the 212 of its 365 days (2026-01-01 to 2026-12-31) a loaded source version covers';
    assert.equal(
      meta.metrics.rate2_per_100k,
      `count2 (events of side 2, 2026) per 100,000 people of ${people}, over ${side2Days}: the side's whole count over those days, not a rate per day or per year`,
    );
    assert.equal(
      meta.metrics.rate2_per_day,
      `count2 (events of side 2, 2026) divided by ${side2Days}: events per day`,
    );
    // The figure is what the definition says: the count over the covered days per 100,000 of those people.
    assert.ok(Math.abs(c.rate2_per_100k! - (c.count2! / 241_499_431) * 1e5) < 1e-12);
    const table = await runCli(
      store(),
      [registerCompare],
      ['compare', '--country', 'PAK', '--period1', '2021', '--period2', '2026'],
    );
    assert.ok(
      table.err.includes(
        `note: rates per 100,000 people (rate1_per_100k, rate2_per_100k) are each side's whole count of events per 100,000 people of its place (${people}), not a rate per day or per year: side 1 (2021) over the 365 of its 365 days (2021-01-01 to 2021-12-31) a loaded source version covers; side 2 (2026) over ${side2Days}\n`,
      ),
      table.err,
    );
    // A place without a population figure says why its rate is null, in the note and in meta.metrics.
    const gb = await compareQuery(store(), {
      kind: 'places',
      level: 'admin1',
      place1: 'PK-KP',
      place2: 'PK-GB',
      filter: { from: '2021-01-01', to: '2021-12-31' },
    });
    assert.equal(gb.meta.metrics.rate2_per_100k, 'null: faultline has no population figure for PK-GB');
    assert.ok(
      gb.meta.notes.some((n) =>
        n.endsWith('side 2 (PK-GB) has none: faultline has no population figure for PK-GB'),
      ),
      gb.meta.notes.join(' | '),
    );
  });

  it("a year covered in part is a rate per covered day: July's end of the Candidate release, 212 of 365 days", async () => {
    const { comparison: c, meta } = await compareQuery(store(), {
      kind: 'periods',
      filter: pak,
      period1: '2021',
      period2: '2026',
    });
    assert.deepEqual([c.days1, c.covered_days1, c.days2, c.covered_days2], [365, 365, 365, 212]);
    const n2 = c.count2!;
    assert.ok(n2 > 0);
    assert.ok(Math.abs(c.rate2_per_day! - n2 / 212) < 1e-12);
    assert.ok(Math.abs(c.rate_ratio! - n2 / 212 / (189 / 365)) < 1e-12);
    // The exact interval over the same exposures (Clopper-Pearson on count2 / (count1 + count2)).
    const [pl, ph] = clopperPearson(n2, 189 + n2);
    const toRatio = (p: number) => (p * 365) / ((1 - p) * 212);
    assert.ok(Math.abs(c.ci_low! - toRatio(pl)) < 1e-6);
    assert.ok(Math.abs(c.ci_high! - toRatio(ph)) < 1e-6);
    assert.ok(
      meta.notes.includes(
        'side 2 (2026) is covered on 212 of its 365 days (no loaded source version covers 2026-08-01 to 2026-12-31): its count is of those days, and its rate per covered day',
      ),
      meta.notes.join(' | '),
    );
    // By calendar days the same count is spread over the whole year: the old, lower ratio.
    const byCalendar = (
      await compareQuery(store(), {
        kind: 'periods',
        filter: pak,
        period1: '2021',
        period2: '2026',
        exposure: 'calendar',
      })
    ).comparison;
    assert.ok(Math.abs(byCalendar.rate_ratio! - n2 / 365 / (189 / 365)) < 1e-12);
  });

  it('the table shows the rates per day its exposure note names (rate1_per_day, rate2_per_day), whose ratio is rate_ratio', async () => {
    const r = await runCli(
      store(),
      [registerCompare],
      ['compare', '--country', 'PAK', '--period1', '2020', '--period2', '2021'],
    );
    assert.equal(r.error, undefined, r.err);
    assert.match(r.err, /the rates per day \(rate1_per_day, rate2_per_day\) are per covered day/);
    const [head, , row] = r.out.trim().split('\n');
    const cols = head!.trim().split(/\s+/);
    const cells = Object.fromEntries(cols.map((c, i) => [c, row!.trim().split(/\s{2,}/)[i]]));
    assert.ok(cols.includes('rate1_per_day') && cols.includes('rate2_per_day'), head);
    const ratio = Number(cells.rate2_per_day) / Number(cells.rate1_per_day);
    assert.ok(Math.abs(ratio - Number(cells.rate_ratio)) < 0.02, `${ratio} vs ${cells.rate_ratio}`);
  });

  it('the table of two provinces shows their rates per 100,000, which its note describes', async () => {
    const r = await runCli(
      store(),
      [registerCompare],
      ['compare', '--from', '2021', '--to', '2021', '--place1', 'PK-KP', '--place2', 'PK-BA'],
    );
    assert.equal(r.error, undefined);
    const [head, , row] = r.out.trim().split('\n');
    const cols = head!.trim().split(/\s+/);
    assert.ok(cols.includes('rate1_per_100k') && cols.includes('rate2_per_100k'), head);
    const json = await runCli(
      store(),
      [registerCompare],
      [
        'compare',
        '--from',
        '2021',
        '--to',
        '2021',
        '--place1',
        'PK-KP',
        '--place2',
        'PK-BA',
        '--format',
        'json',
      ],
    );
    const c = JSON.parse(json.out).comparison;
    // The table rounds for reading (3 significant digits); json keeps the rate whole.
    assert.equal(row!.trim().split(/\s+/)[cols.indexOf('rate2_per_100k')], readable(c.rate2_per_100k));
    assert.notEqual(String(c.rate2_per_100k), readable(c.rate2_per_100k));
    assert.match(
      r.err,
      /note: rates per 100,000 people \(rate1_per_100k, rate2_per_100k\) are each side's whole count of events per 100,000 people of its place \(PK-KP, 40,856,097 people \(Pakistan Bureau of Statistics, Census 2023 \(table 1\), year 2023\); PK-BA, 14,894,402 people \(Pakistan Bureau of Statistics, Census 2023 \(table 1\), year 2023\)\), not a rate per day or per year: /,
    );
    // Two periods of one place use one unit's figure, named once.
    const periods = await runCli(
      store(),
      [registerCompare],
      ['compare', '--admin1', 'PK-KP', '--period1', '2020', '--period2', '2021'],
    );
    assert.match(periods.err, /per 100,000 people of its place \(PK-KP, 40,856,097 people \([^;]*\)\), not/);
  });

  it("rates per 100,000 people say when a side's population figure is of another year than its period, as series --per-100k does (Kunar's 2026 rate divided by 2021's estimate said nothing)", async () => {
    const r = await compareQuery(store(), {
      kind: 'places',
      level: 'admin1',
      place1: 'AF-KNR',
      place2: 'PK-KP',
      filter: { from: '2026-01-01', to: '2026-12-31' },
    });
    const [knr, kp] = [populationOf('admin1', 'AF-KNR')!, populationOf('admin1', 'PK-KP')!];
    // Each side says it in the words series' note uses for its own period and figure.
    assert.deepEqual(
      r.meta.notes.filter((n) => n.includes('of another year than the period')),
      [
        `rates per 100,000 people of side 1 (AF-KNR): ${populationAgeNote([knr], '2026-01-01', '2026-12-31')}`,
        `rates per 100,000 people of side 2 (PK-KP): ${populationAgeNote([kp], '2026-01-01', '2026-12-31')}`,
      ],
    );
    assert.match(
      r.meta.notes.join('\n'),
      /side 1 \(AF-KNR\): population figures of another year than the period \(2026-01-01 to 2026-12-31\): OCHA\/UNFPA COD-PS estimate 2021 \(2021\), 1 unit; .*predates the returns of Afghans from Pakistan and Iran/,
    );
    // Two periods: each side against its own period; the census year itself says nothing.
    const periods = await runCli(
      store(),
      [registerCompare],
      ['compare', '--admin1', 'PK-KP', '--period1', '2023', '--period2', '2021'],
    );
    const years = periods.err.split('\n').filter((l) => l.includes('of another year than the period'));
    assert.deepEqual(years, [
      "note: rates per 100,000 people of side 2 (2021): population figures of another year than the period (2021-01-01 to 2021-12-31): Pakistan Bureau of Statistics, Census 2023 (table 1) (2023), 1 unit; a rate divides by the population of that year, not the period's",
    ]);
    // A side without a rate per 100,000 people (no population figure for Gilgit-Baltistan) says nothing of years.
    const gb = await compareQuery(store(), {
      kind: 'places',
      level: 'admin1',
      place1: 'PK-GB',
      place2: 'PK-KP',
      filter: { from: '2021-01-01', to: '2021-12-31' },
    });
    assert.deepEqual(
      gb.meta.notes.filter((n) => n.includes('another year')).map((n) => n.slice(0, 40)),
      ['rates per 100,000 people of side 2 (PK-K'],
    );
  });

  it('two places: the coverage named is that of their countries (PAK against IND names IND, not AFG)', async () => {
    const places = (level: 'country' | 'admin1', place1: string, place2: string) =>
      compareQuery(store(), {
        kind: 'places',
        level,
        place1,
        place2,
        filter: { from: '2021-01-01', to: '2021-12-31' },
      });
    const ind = await places('country', 'PAK', 'IND');
    assert.deepEqual(ind.meta.uncovered_countries, [
      { country: 'IND', from: '2021-01-01', to: '2021-12-31' },
    ]);
    assert.equal(ind.comparison.count2, null);
    const kp = await places('admin1', 'PK-KP', 'PK-BA');
    assert.deepEqual([kp.meta.uncovered_countries, kp.meta.coverage_warning], [[], null]);
  });

  it('two periods that count different countries say so: 2021 is Pakistan alone, 2026 both', async () => {
    const note =
      'the two sides do not count the same countries: side 1 (2021) counts PAK, side 2 (2026) AFG and PAK, as no loaded source version covers the others there; the rate ratio compares different places (filter by country to compare like with like)';
    const all = await compareQuery(store(), {
      kind: 'periods',
      filter: {},
      period1: '2021',
      period2: '2026',
    });
    assert.ok(all.meta.notes.includes(note), all.meta.notes.join(' | '));
    // Narrowed to Pakistan, or two periods of one composition, there is nothing to say.
    for (const [filter, period1, period2] of [
      [pak, '2021', '2026'],
      [{}, '2020', '2021'],
    ] as const) {
      const r = await compareQuery(store(), { kind: 'periods', filter, period1, period2 });
      assert.ok(
        !r.meta.notes.some((n) => n.startsWith('the two sides do not count')),
        r.meta.notes.join(' | '),
      );
    }
  });
});
