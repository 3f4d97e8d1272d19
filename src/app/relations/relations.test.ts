import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { useBundledStore } from '../../../test/helpers/use-bundled-store.ts';
import { Command } from 'commander';
import { runCli, testContext } from '../../../test/helpers/in-process-cli.ts';
import { createApi } from '../../api/server.ts';
import { registerRelations } from '../../cli/commands/relations.ts';
import { readable } from '../../domain/readable.ts';
import { exitCodeFor, failureLine } from '../../cli/fail.ts';
import type { RelationsAnswer } from '../answers.ts';
import { BUNDLED_FILES } from '../bundled-data.ts';
import { relationsOverPeriod, relationsQuery } from './relations.ts';

const DYAD_FILE = BUNDLED_FILES.find((f) => f.endsWith('gdelt_dyad_daily.csv'))!;
const MONTHS = ['2022-04', '2022-12', '2023-09'];

/** AFG-PAK monthly sums and days present, read straight from the bundled CSV (not through faultline). */
function rawMonths(): Map<string, { sum: number; days: number }> {
  const rows = parse(readFileSync(DYAD_FILE), { columns: true }) as Record<string, string>[];
  const out = new Map<string, { sum: number; days: number }>();
  for (const r of rows) {
    if (r.pair !== 'AFG-PAK') continue;
    const m = out.get(r.date!.slice(0, 7)) ?? { sum: 0, days: 0 };
    out.set(r.date!.slice(0, 7), { sum: m.sum + Number(r.value), days: m.days + 1 });
  }
  return out;
}
const store = useBundledStore();

describe('relations from the bundled dyad index', () => {
  it('PAK-AFG is negative in April 2022, December 2022 and September 2023, as the raw CSV says', async () => {
    const raw = rawMonths();
    const r = await relationsQuery(store(), {
      a: 'PAK',
      b: 'AFG',
      interval: 'month',
      from: '2022-01',
      to: '2023-12',
    });
    assert.deepEqual(r.pair, { a: 'AFG', b: 'PAK', directed: false });
    const s = r.series[0]!;
    assert.equal(s.source.id, 'gdelt-dyad-index');
    assert.match(s.source.name, /gzemo\/gdelt-graph-data.*not faultline/);
    assert.match(s.source.licence, /GPL-3\.0/);
    for (const month of MONTHS) {
      const p = s.points.find((x) => x.period === month)!;
      const want = raw.get(month)!;
      assert.ok(want.sum < 0, `${month} is negative in the raw CSV`);
      assert.equal(p.days_covered, want.days);
      assert.ok(Math.abs(p.value_sum! - want.sum) < 1e-3, `${month}: ${p.value_sum} vs ${want.sum}`);
      assert.ok(Math.abs(p.value! - want.sum / want.days) < 1e-3);
      assert.ok(p.value! < 0 && p.ci_low! <= p.value! && p.value! <= p.ci_high!);
      assert.ok(p.per_1000_volume! < 0);
    }
    // December 2022 misses 5 days upstream: the answer says so instead of counting them as 0.
    assert.equal(r.meta.coverage_status, 'partly_covered');
    assert.ok(r.meta.uncovered.some((u) => u.from === '2022-12-24' && u.to === '2022-12-25'));
  });

  it('a period the index does not cover is null, never zero', async () => {
    const r = await relationsQuery(store(), {
      a: 'AFG',
      b: 'PAK',
      interval: 'month',
      from: '2024-02',
      to: '2024-04',
    });
    const byPeriod = Object.fromEntries(r.series[0]!.points.map((p) => [p.period, p]));
    assert.equal(byPeriod['2024-02']!.days_covered, 23);
    assert.deepEqual(
      [byPeriod['2024-03']!.days_covered, byPeriod['2024-03']!.value, byPeriod['2024-03']!.value_sum],
      [0, null, null],
    );
    assert.deepEqual(r.meta.uncovered.at(-1), { from: '2024-02-24', to: '2024-04-30' });
    // Without GDELT rows of its own, the note gives the fetch command for this period and pair,
    // ready to run (it said "faultline fetch gdelt --from --to --countries").
    assert.ok(
      r.meta.notes.includes(
        "the store holds no GDELT rows for this period, so faultline's own barometer is not computed (faultline fetch gdelt --from 2024-02-01 --to 2024-04-30 --countries AFG,PAK fetches them: 96 files a day of 150-500 kB; or one query with --via bigquery, docs/fetching.md)",
      ),
      r.meta.notes.join('\n'),
    );
  });

  it('CLI --format json and GET /api/v1/relations give the same answer; a bad country is a one-line 400 and exit 2', async () => {
    const cli = await runCli(
      store(),
      [registerRelations],
      ['relations', 'PAK', 'AFG', '--from', '2023', '--to', '2023', '--format', 'json'],
    );
    assert.equal(cli.error, undefined, cli.err);
    const api = createApi({ store: store(), log: () => {} });
    const res = await api.app.request('/api/v1/relations?a=PAK&b=AFG&from=2023&to=2023&interval=month');
    assert.equal(res.status, 200);
    const body = (await res.json()) as RelationsAnswer;
    assert.deepEqual(JSON.parse(cli.out), body);
    assert.equal(body.series[0]!.points.length, 12);
    const bad = await api.app.request('/api/v1/relations?a=PAKI&b=AFG');
    assert.equal(bad.status, 400);
    const err = (await bad.json()) as { error: { message: string } };
    // The parameter is named (it said "invalid country").
    assert.equal(err.error.message, 'invalid a: "PAKI" (use an ISO 3166-1 alpha-3 code such as PAK)');
    const table = await runCli(
      store(),
      [registerRelations],
      ['relations', 'PAK', 'AFG', '--from', '2022-04', '--to', '2022-04'],
    );
    assert.match(table.out, /2022-04/);
    assert.match(table.err, /GPL-3\.0/);
    const wrong = await runCli(store(), [registerRelations], ['relations', 'PAK', 'PAK']);
    assert.equal(exitCodeFor(wrong.error), 2);
    assert.equal(
      failureLine(wrong.error),
      'faultline: invalid pair: "PAK" "PAK" (name two different countries)\n',
    );
  });

  it('each CSV row names the pair and the version of the index it comes from; the CLI CSV equals the API CSV and stderr gives coverage and notes', async () => {
    const api = createApi({ store: store(), log: () => {} });
    const res = await api.app.request('/api/v1/relations?a=PAK&b=AFG&from=2024-01&to=2024-03&format=csv');
    assert.equal(res.status, 200);
    const csv = await res.text();
    const cli = await runCli(
      store(),
      [registerRelations],
      ['relations', 'PAK', 'AFG', '--from', '2024-01', '--to', '2024-03', '--format', 'csv'],
    );
    assert.equal(cli.out, csv);
    // stderr says what the table says under it: the series, its version, the coverage, the notes.
    assert.match(
      cli.err,
      /^answered by: gdelt-dyad-index \(a third party's index, not faultline's barometer\), 54 days covered$/m,
    );
    // One day, in the singular (it read "1 days covered").
    const day = await runCli(
      store(),
      [registerRelations],
      ['relations', 'PAK', 'AFG', '--from', '2024-01-02', '--to', '2024-01-02', '--interval', 'day'],
    );
    assert.match(
      day.err,
      /^answered by: gdelt-dyad-index \(a third party's index, not faultline's barometer\), 1 day covered$/m,
    );
    // The licence with its text's address and the credit, as the credits part gives them.
    assert.match(
      cli.err,
      /, version to-2024-02-23; licence GPL-3\.0 \(data\/gdelt-dyad-index-2018-2024\/LICENSE-GPL-3\.0\.txt\); derived from the GDELT Project; licence text <https:\/\/www\.gnu\.org\/licenses\/gpl-3\.0\.html>; credit: the GDELT Project and gzemo\/gdelt-graph-data$/m,
    );
    assert.match(cli.err, /^coverage: partly_covered$/m);
    assert.match(
      cli.err,
      /^note: 37 days of the period have no index value \(2024-02-24 to 2024-03-31\): each period's figures are over the days it covers \(days_covered\), and a period with none is null, not 0$/m,
    );
    const [header, jan, , mar] = csv.split('\n');
    assert.match(header!, /^a,b,source,source_version,kind,period,/);
    assert.match(jan!, /^AFG,PAK,gdelt-dyad-index,to-2024-02-23,third_party_index,2024-01,/);
    // The pair as the answer's `pair` gives it (undirected: in alphabetical order). A month the
    // index does not cover still says which index and version found nothing there.
    assert.match(
      mar!,
      /^AFG,PAK,gdelt-dyad-index,to-2024-02-23,third_party_index,2024-03,2024-03-01,2024-03-31,31,0,,/,
    );
  });

  it('the note on days without a value counts days, not periods (it said "50 spans of the period have no index value (null, not 0)" under quarters that all had a value)', async () => {
    const args = ['relations', 'PAK', 'AFG', '--interval', 'quarter', '--from', '2021', '--to', '2023'];
    const json = JSON.parse(
      (await runCli(store(), [registerRelations], [...args, '--format', 'json'])).out,
    ) as RelationsAnswer;
    assert.ok(json.series[0]!.points.every((p) => p.value !== null));
    const missing = json.series[0]!.points.reduce((n, p) => n + p.days_in_period - p.days_covered, 0);
    assert.equal(missing, 82);
    assert.equal(json.meta.uncovered.length, 50);
    assert.ok(
      json.meta.notes.includes(
        "82 days of the period have no index value (in 50 spans, listed in meta.uncovered): each period's figures are over the days it covers (days_covered), and a period with none is null, not 0",
      ),
    );
  });

  it('the level-shift lines round their means as the table rounds its values (they printed 4 decimals beside 3 significant digits)', async () => {
    const args = ['relations', 'PAK', 'AFG'];
    const table = await runCli(store(), [registerRelations], args);
    const json = await runCli(store(), [registerRelations], [...args, '--format', 'json']);
    const shifts = (JSON.parse(json.out) as RelationsAnswer).series[0]!.changepoints;
    assert.ok(shifts.length > 0, 'the bundled index has level shifts for PAK-AFG');
    const lines = table.err.split('\n').filter((l) => l.startsWith('level shift at '));
    assert.deepEqual(
      lines,
      shifts.map(
        (c) =>
          `level shift at ${c.period}: mean ${readable(c.mean_before, 'value')} -> ${readable(c.mean_after, 'value')}`,
      ),
    );
    // The same formatter as the table's value column: 3 significant digits, never 4 decimals.
    assert.ok(
      lines.every((l) => !/\.\d{4}/.test(l)),
      lines.join('\n'),
    );
  });

  it("one end past the loaded index answers that end's period as not covered; both ends reversed is refused naming both", async () => {
    // The bundled index ends on 2024-02-23: --from 2025 alone used to be refused as "2025 is after undefined".
    const later = await relationsQuery(store(), { a: 'PAK', b: 'AFG', from: '2025', interval: 'month' });
    const points = later.series[0]!.points;
    assert.deepEqual([points[0]!.period, points.at(-1)!.period, points.length], ['2025-01', '2025-12', 12]);
    assert.ok(points.every((p) => p.value === null && p.days_covered === 0));
    assert.equal(later.meta.coverage_status, 'not_covered');
    const earlier = await relationsQuery(store(), { a: 'PAK', b: 'AFG', to: '2017', interval: 'year' });
    assert.deepEqual(
      earlier.series[0]!.points.map((p) => [p.period, p.value]),
      [['2017', null]],
    );
    const cli = await runCli(
      store(),
      [registerRelations],
      ['relations', 'PAK', 'AFG', '--from', '2025', '--to', '2024'],
    );
    assert.equal(exitCodeFor(cli.error), 2);
    assert.equal(failureLine(cli.error), 'faultline: invalid period: --from "2025" is after --to "2024"\n');
    // --help says so (it said the default --to is the last day held) and names the periods taken.
    const program = new Command();
    registerRelations(
      program,
      testContext(
        store(),
        () => {},
        () => {},
      ),
    );
    const help = program.commands[0]!.helpInformation().replace(/\s+/g, ' ');
    assert.match(
      help,
      /--from <period> first day or period \(2022, 2022-Q2, 2022-04, 2022-W14, 2022-04-01\)/,
    );
    assert.match(
      help,
      /--to <period> .*or the end of --from's period when that is later \(--from 2025: 2025-12-31\)/,
    );
  });

  it('a range of more periods than a series may hold answers 413 with the count (the API used to run out of memory and answer 500)', async () => {
    const api = createApi({ store: store(), log: () => {} });
    const res = await api.app.request('/api/v1/relations?a=PAK&b=AFG&from=1000&to=9999&interval=day');
    assert.equal(res.status, 413);
    const err = (await res.json()) as { error: { message: string } };
    assert.match(err.error.message, /^export too large: 3,287,182 rows \(limit 100,000\)/);
    // The border view, five rows per month (series and sides): 108,000 months, 540,000 rows; and
    // from 1700-02 (99,300 months: under the limit in months, not in rows).
    const border = await api.app.request('/api/v1/border?from=1000&to=9999');
    assert.equal(border.status, 413);
    assert.match(
      ((await border.json()) as { error: { message: string } }).error.message,
      /^export too large: 540,000 rows/,
    );
    assert.equal((await api.app.request('/api/v1/border?from=1700-02&to=9999')).status, 413);
    // Years over the whole calendar are few periods: answered, the uncovered spans walked over the
    // covered days (not the 3.6 million days of the period).
    const years = await relationsQuery(store(), {
      a: 'PAK',
      b: 'AFG',
      from: '0001',
      to: '9999',
      interval: 'year',
    });
    assert.deepEqual(
      [years.series[0]!.points.length, years.meta.uncovered[0], years.meta.uncovered.at(-1)],
      [9999, { from: '0001-01-01', to: '2017-12-31' }, { from: '2024-02-24', to: '9999-12-31' }],
    );
    // Within the limit, the same requests answer.
    assert.equal(
      (await api.app.request('/api/v1/relations?a=PAK&b=AFG&from=2018&to=2024&interval=day')).status,
      200,
    );
    // Under the period limit, over the points one answer holds: months to year 9999 were 17 MB.
    const months = await api.app.request('/api/v1/relations?a=PAK&b=AFG&from=2020&to=9999-12-31');
    assert.deepEqual(
      [months.status, ((await months.json()) as { error: { message: string } }).error.message],
      [
        413,
        'relations too large: 95,760 points over 1 series (limit 50,000); use a coarser interval or a shorter period',
      ],
    );
    assert.equal(
      (await api.app.request('/api/v1/relations?a=PAK&b=AFG&from=0001&to=9999&interval=year')).status,
      200,
    );
  });

  it('directed asked of the undirected index alone: the pair says undirected, as each series does (it said directed with the same numbers), and a note says why', async () => {
    const r = await relationsQuery(store(), {
      a: 'PAK',
      b: 'AFG',
      from: '2022-04',
      to: '2022-04',
      interval: 'month',
      directed: true,
    });
    const plain = await relationsQuery(store(), {
      a: 'AFG',
      b: 'PAK',
      from: '2022-04',
      to: '2022-04',
      interval: 'month',
    });
    assert.deepEqual(r.pair, { a: 'AFG', b: 'PAK', directed: false });
    assert.deepEqual(
      r.series.map((x) => [x.source.id, x.directed]),
      [['gdelt-dyad-index', false]],
    );
    assert.deepEqual(r.series[0]!.points, plain.series[0]!.points);
    assert.ok(r.meta.notes.includes('gdelt-dyad-index is undirected: it answers for both directions'));
    // A pair nothing loaded answers: directed is not dropped without a word.
    const none = await relationsQuery(store(), { a: 'PAK', b: 'GBR', interval: 'month', directed: true });
    assert.deepEqual(none.pair, { a: 'GBR', b: 'PAK', directed: false });
    assert.ok(
      none.meta.notes.includes(
        "directed: nothing loaded answers PAK to GBR (faultline's barometer, from the store's own GDELT rows, is the one directed series), so the pair is unordered",
      ),
      none.meta.notes.join('\n'),
    );
  });

  it("asked for its values only (a forecast's covariates): the same answer without the bootstrap intervals and change points, and meta.method says so", async () => {
    const q = { a: 'PAK', b: 'IND', interval: 'month', from: '2018-01', to: '2024-02' } as const;
    const full = await relationsQuery(store(), q);
    const values = await relationsQuery(store(), q, undefined, { valuesOnly: true });
    // The full answer has what the other leaves out, so the comparison below is not of nothing.
    assert.ok(full.series[0]!.points.every((p) => p.ci_low !== null && p.ci_high !== null));
    assert.ok(full.series[0]!.changepoints.length > 0);
    assert.deepEqual(values, {
      ...full,
      series: full.series.map((s) => ({
        ...s,
        points: s.points.map((p) => ({ ...p, ci_low: null, ci_high: null })),
        changepoints: [],
      })),
      meta: {
        ...full.meta,
        metrics: {
          ...full.meta.metrics,
          ci_low: 'null: the bootstrap interval was not computed (the answer was asked for its values only)',
        },
        method: {
          changepoints: 'not computed (the answer was asked for its values only)',
          penalty: null,
          bootstrap: 'not computed (the answer was asked for its values only)',
        },
      },
    });
  });

  it("the same days give the same interval whatever period holds them (February 2024, 2024-Q1 and 2024 hold the index's last 23 days)", async () => {
    const ci = async (interval: 'month' | 'quarter' | 'year') => {
      const r = await relationsQuery(store(), {
        a: 'PAK',
        b: 'AFG',
        from: '2024-02-01',
        to: '2024-02-29',
        interval,
      });
      const [p] = r.series[0]!.points;
      return [p!.days_covered, p!.value, p!.ci_low, p!.ci_high];
    };
    const month = await ci('month');
    assert.equal(month[0], 23);
    assert.deepEqual(await ci('quarter'), month);
    assert.deepEqual(await ci('year'), month);
    // A claim's figure over the same days (relationsOverPeriod) has the same interval too.
    const [fig] = await relationsOverPeriod(store(), 'PAK', 'AFG', '2024-02-01', '2024-02-29');
    assert.deepEqual([fig!.daysCovered, fig!.value, fig!.ciLow, fig!.ciHigh], month);
  });
});
