/**
 * Published figures month by month ("how many Afghans returned from Pakistan in each month of
 * 2025?"), checked against the bundled returns file read here without faultline: each month lists
 * the figures whose period lies within it, says "no source" (never 0) when none does, and adds
 * figures up only where their periods share no day. The API and the CLI give the same answer.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { bundledStoreCopy } from '../../test/helpers/bundled-store.ts';
import { useBundledStore } from '../../test/helpers/use-bundled-store.ts';
import { COPIED, importFigureCompiledTwice, MADE_UP_WEEK } from '../../test/helpers/figure-compiled-twice.ts';
import { runCli, runProgram } from '../../test/helpers/in-process-cli.ts';
import { createApi } from '../api/server.ts';
import { registerIndicators } from '../cli/commands/indicators.ts';
import type { FiguresByMonthAnswer } from './answers.ts';
import { figuresByMonth, monthEnd, monthsBetween, type MonthInput } from './figures-by-month.ts';
import { indicatorsQuery } from './indicators.ts';
import { figuresByMonthQuery, monthRows } from './monthly-figures.ts';

type Row = Record<
  'organisation' | 'metric' | 'geography_from' | 'period_start' | 'period_end' | 'value' | 'unit',
  string
>;
const CSV = new URL('../../data/afghan-returns/afghan_returns_published.csv', import.meta.url);
const rows = parse(readFileSync(CSV), { columns: true }) as Row[];
// Returns from Pakistan alone (its crossings included), as the file gives them: what --country PAK lists.
const fromPakistan = rows.filter(
  (r) => r.metric === 'returns' && r.geography_from.startsWith('Pakistan') && !/ and /.test(r.geography_from),
);
const MONTHS_2025 = monthsBetween('2025-01-01', '2025-12-31');
const store = useBundledStore();

describe('published figures month by month', () => {
  it("each month of 2025 lists exactly the file's returns from Pakistan whose period lies within it, and no other month has any", async () => {
    const a = await figuresByMonthQuery(store(), {
      metric: 'returns',
      country: 'PAK',
      from: '2025',
      to: '2025',
    });
    assert.deepEqual(
      a.months.map((m) => m.month),
      MONTHS_2025,
    );
    for (const m of a.months) {
      const [first, last] = [`${m.month}-01`, monthEnd(m.month)];
      const inside = fromPakistan.filter((r) => r.period_start >= first && r.period_end <= last);
      assert.deepEqual(
        m.figures.map((f) => `${f.period_start} ${f.period_end} ${f.value} ${f.unit}`).sort(),
        inside.map((r) => `${r.period_start} ${r.period_end} ${r.value} ${r.unit}`).sort(),
        m.month,
      );
      // No figure is "no source", never a row of 0.
      assert.equal(m.answer === 'no source', inside.length === 0, m.month);
      const whole = inside.filter((r) => r.period_start === first && r.period_end === last);
      assert.equal(m.answer === 'month', whole.length > 0, m.month);
    }
    // The months the file answers: April and August whole, October and November by a week.
    const answer = Object.fromEntries(a.months.map((m) => [m.month, m.answer]));
    assert.deepEqual(
      [answer['2025-04'], answer['2025-08'], answer['2025-10'], answer['2025-11'], answer['2025-05']],
      ['month', 'month', 'part', 'part', 'no source'],
    );
  });

  it('a figure of exactly the month comes first, counts before shares; figures over longer periods are counted in spanning, not split', async () => {
    const a = await figuresByMonthQuery(store(), {
      metric: 'returns',
      country: 'PAK',
      from: '2025-04',
      to: '2025-04',
    });
    const [april] = a.months;
    const first = april!.figures[0]!;
    assert.deepEqual(
      [first.covers, first.value, first.unit, first.organisation],
      ['month', 148200, 'persons', 'UNHCR'],
    );
    assert.ok(first.definition.length > 0 && first.report.length > 0 && first.id.length > 0);
    // The running totals since 15 September 2023 and since 1 April 2025 hold April and lie in no month.
    const holding = fromPakistan.filter(
      (r) =>
        r.period_start !== '' &&
        r.period_start <= '2025-04-30' &&
        r.period_end >= '2025-04-01' &&
        !(r.period_start >= '2025-04-01' && r.period_end <= '2025-04-30'),
    );
    assert.equal(april!.spanning, holding.length);
    assert.ok(a.meta.notes.some((n) => n.includes('not split or prorated')));
    assert.match(a.meta.note, /not split or prorated/);
    // The two early-April figures share days: they are listed, never added.
    const parts = april!.figures.filter((f) => f.covers === 'part' && f.unit === 'persons');
    assert.equal(parts.length, 2);
    assert.deepEqual(april!.parts_sums, []);
  });

  it('adds up figures of one measure and place only where their periods share no day, saying which period and days they cover', () => {
    const week = (
      id: string,
      start: string,
      end: string,
      value: number,
      qualifier = 'exact',
    ): MonthInput => ({
      id,
      organisation: 'UNHCR-IOM',
      report: 'weekly update',
      published: null,
      definition: 'weekly returns',
      metric: 'returns',
      country: 'PAK',
      geography: 'Pakistan',
      country_to: 'AFG',
      origin: 'PAK',
      revises: null,
      revised_by: null,
      period_start: start,
      period_end: end,
      value,
      qualifier,
      unit: 'persons',
      period_overlaps: 0,
      url: null,
      quote: null,
      secondary: false,
      file_sha256: null,
      line: null,
      also_recorded: [],
    });
    const disjoint = [
      week('a', '2025-10-19', '2025-10-25', 18630),
      week('b', '2025-10-05', '2025-10-11', 20000, 'about'),
    ];
    const [oct] = figuresByMonth(disjoint, ['2025-10']);
    assert.deepEqual(oct!.parts_sums, [
      {
        organisation: 'UNHCR-IOM',
        metric: 'returns',
        country: 'PAK',
        geography: 'Pakistan',
        country_to: 'AFG',
        // The parts' origin: the sum counts returns from Pakistan, as they do.
        origin: 'PAK',
        unit: 'persons',
        value: 38630,
        qualifier: 'about',
        period_start: '2025-10-05',
        period_end: '2025-10-25',
        days_covered: 14,
        days_in_month: 31,
        figures: ['b', 'a'],
        secondary: false,
      },
    ]);
    // A part read through a news outlet marks the sum, in JSON and on its CSV row.
    const reported = [disjoint[0]!, { ...disjoint[1]!, secondary: true }];
    const [octReported] = figuresByMonth(reported, ['2025-10']);
    assert.equal(octReported!.parts_sums[0]!.secondary, true);
    const meta = { period: null, origin: 'all', sources: [], note: '', notes: [] };
    assert.deepEqual(
      monthRows({ months: [octReported!], meta }).map((r) => [r.covers, r.secondary]),
      [
        ['part', true],
        ['part', false],
        ['sum', true],
      ],
    );
    // A third figure sharing a day with one of them: nothing is added.
    const [shared] = figuresByMonth([...disjoint, week('c', '2025-10-25', '2025-10-31', 9000)], ['2025-10']);
    assert.deepEqual(shared!.parts_sums, []);
    // In CSV the sum is a row of its own after its parts, naming the ids it adds.
    const csvRows = monthRows({
      months: [oct!],
      meta: { period: null, origin: 'all', sources: [], note: '', notes: [] },
    });
    assert.deepEqual(
      csvRows.map((r) => [r.covers, r.value, r.organisation, r.geography, r.id]),
      [
        ['part', 20000, 'UNHCR-IOM', 'Pakistan', 'b'],
        ['part', 18630, 'UNHCR-IOM', 'Pakistan', 'a'],
        ['sum', 38630, 'UNHCR-IOM', 'Pakistan', 'b+a'],
      ],
    );
    // Its row gives the period the sum covers, as a figure's row does (its cells were empty).
    assert.deepEqual(
      csvRows.map((r) => [r.covers, r.period_start, r.period_end]),
      [
        ['part', '2025-10-05', '2025-10-11'],
        ['part', '2025-10-19', '2025-10-25'],
        ['sum', '2025-10-05', '2025-10-25'],
      ],
    );
    // Weeks of another place as written, or of another organisation, are not added to these.
    for (const other of [{ geography: 'Pakistan (Torkham BCP)' }, { organisation: 'UNHCR' }]) {
      const mixed = [disjoint[0]!, { ...disjoint[1]!, ...other }];
      assert.deepEqual(figuresByMonth(mixed, ['2025-10'])[0]!.parts_sums, [], JSON.stringify(other));
    }
    // The same organisation written with trivial differences ("unhcr-iom ", "UNHCR-IOM.") is one: its weeks add up.
    for (const organisation of ['unhcr-iom ', 'UNHCR-IOM.']) {
      const same = [disjoint[0]!, { ...disjoint[1]!, organisation }];
      assert.equal(figuresByMonth(same, ['2025-10'])[0]!.parts_sums[0]?.value, 38630, organisation);
    }
    // A lower bound and an upper bound are not added: their sum bounds nothing. An "at least" part
    // with exact ones makes at least.
    const bounds = [
      { ...disjoint[0]!, qualifier: 'at_least' },
      { ...disjoint[1]!, qualifier: 'at_most' },
    ];
    assert.deepEqual(figuresByMonth(bounds, ['2025-10'])[0]!.parts_sums, []);
    const lower = [
      { ...disjoint[0]!, qualifier: 'at_least' },
      { ...disjoint[1]!, qualifier: 'exact' },
    ];
    assert.equal(figuresByMonth(lower, ['2025-10'])[0]!.parts_sums[0]!.qualifier, 'at_least');
    // Two figures of one period: the latest published first, whatever their ids; an undated one last.
    const revised = [
      { ...disjoint[0]!, id: 'a', value: 40000, published: '2024-06-01' },
      { ...disjoint[0]!, id: 'b', value: 38000, published: '2024-10-30' },
      { ...disjoint[0]!, id: 'c', value: 41000, published: null },
    ];
    assert.deepEqual(
      figuresByMonth(revised, ['2025-10'])[0]!.figures.map((f) => [f.id, f.published]),
      [
        ['b', '2024-10-30'],
        ['a', '2024-06-01'],
        ['c', null],
      ],
    );
    // Shares are never added, whatever their periods.
    const shares = disjoint.map((f) => ({ ...f, unit: 'percent of returns' }));
    assert.deepEqual(figuresByMonth(shares, ['2025-10'])[0]!.parts_sums, []);
  });

  it('reads each figure a few times, not once for each month asked: the work grows with figures plus months', () => {
    // Every loaded returns figure from Pakistan, its period read through a counter.
    let reads = 0;
    const figures = fromPakistan.map((r, i): MonthInput => {
      const f = {
        id: String(i),
        organisation: r.organisation,
        report: 'r',
        published: null,
        definition: 'd',
        metric: r.metric,
        country: 'PAK',
        geography: r.geography_from,
        country_to: 'AFG',
        period_start: r.period_start === '' ? null : r.period_start,
        value: +r.value,
        qualifier: 'exact',
        unit: r.unit,
        period_overlaps: 0,
        url: null,
        secondary: false,
        also_recorded: [] as MonthInput['also_recorded'],
      };
      return Object.defineProperty(f, 'period_end', {
        enumerable: true,
        get: () => (reads++, r.period_end),
      }) as MonthInput;
    });
    const century = monthsBetween('1926-01-01', '2025-12-31');
    const answered = figuresByMonth(figures, century);
    assert.equal(answered.length, 1200);
    assert.ok(answered.some((m) => m.figures.length > 0));
    // Read anew for every month, each figure's period was read at least 1,200 times.
    assert.ok(reads <= 3 * figures.length, `${reads} reads of ${figures.length} figures over 1200 months`);
  });

  it('a day given as from or to stands for its whole month: the figure of 1-13 April is in April from 14 April', async () => {
    const whole = await figuresByMonthQuery(store(), {
      metric: 'returns',
      country: 'PAK',
      from: '2025-04',
      to: '2025-04',
    });
    const days = await figuresByMonthQuery(store(), {
      metric: 'returns',
      country: 'PAK',
      from: '2025-04-14',
      to: '2025-04-20',
    });
    assert.deepEqual(days.months, whole.months);
    assert.ok(days.months[0]!.figures.some((f) => f.period_end === '2025-04-13'));
    await assert.rejects(
      figuresByMonthQuery(store(), { from: '2025-05', to: '2025-04-20' }),
      (e: Error) => e.message === 'invalid period: from "2025-05" is after to "2025-04-20"',
    );
  });

  it('a month holding only stocks known "as of" one of its days answers as_of, not part', async () => {
    const a = await figuresByMonthQuery(store(), {
      metric: 'population_estimate',
      from: '2025-02',
      to: '2025-03',
    });
    const stocks = rows.filter(
      (r) =>
        r.metric === 'population_estimate' && r.period_start === '' && r.period_end.startsWith('2025-02'),
    );
    assert.ok(stocks.length > 0);
    assert.deepEqual(
      a.months.map((m) => [m.month, m.answer, m.figures.map((f) => [f.covers, f.value])]),
      [
        ['2025-02', 'as_of', stocks.map((r) => ['as_of', +r.value])],
        ['2025-03', 'no source', []],
      ],
    );
  });

  it('a month whose only figures are shares or rates answers share_or_rate, not a count, in JSON, CSV and the table', async () => {
    // The bundled daily averages of returns: IOM's of 1-15 April 2025, OCHA's two of July 2025.
    const averages = rows.filter((r) => r.metric === 'returns_daily_average' && r.period_start >= '2025');
    const within = (m: string) =>
      averages.filter((r) => r.period_start >= `${m}-01` && r.period_end <= monthEnd(m));
    assert.deepEqual([within('2025-04').length, within('2025-07').length], [1, 2]);
    assert.ok(averages.every((r) => / per /.test(r.unit)));
    const query = { metric: 'returns_daily_average', from: '2025-04', to: '2025-07' };
    const a = await figuresByMonthQuery(store(), query);
    assert.deepEqual(
      a.months.map((m) => [m.month, m.answer, m.figures.map((f) => `${f.value} ${f.unit}`).sort()]),
      [
        ['2025-04', 'share_or_rate', within('2025-04').map((r) => `${r.value} ${r.unit}`)],
        ['2025-05', 'no source', []],
        ['2025-06', 'no source', []],
        [
          '2025-07',
          'share_or_rate',
          within('2025-07')
            .map((r) => `${r.value} ${r.unit}`)
            .sort(),
        ],
      ],
    );
    // CSV (the API's and the CLI's, alike) and the table say it on every row of the month.
    const api = createApi({ store: store(), log: () => {} }).app;
    const q = 'metric=returns_daily_average&from=2025-04&to=2025-07';
    const csv = await (await api.request(`/api/v1/statistics/months?${q}&format=csv`)).text();
    const args = ['indicators', '--metric', 'returns_daily_average', '--from', '2025-04', '--to', '2025-07'];
    assert.equal(
      (await runCli(store(), [registerIndicators], [...args, '--by', 'month', '--format', 'csv'])).out,
      csv,
    );
    const csvRows = parse(csv, { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      csvRows.map((r) => [r.month, r.answer]),
      [
        ['2025-04', 'share_or_rate'],
        ['2025-05', 'no source'],
        ['2025-06', 'no source'],
        ['2025-07', 'share_or_rate'],
        ['2025-07', 'share_or_rate'],
      ],
    );
    const table = await runCli(store(), [registerIndicators], [...args, '--by', 'month']);
    assert.equal(table.out.split('\n').filter((l) => /^2025-0[47] +share_or_rate /.test(l)).length, 3);
    assert.match(table.err, /^4 months, 2 with figures \(2 with only shares or rates, no count\); /);
    // Synthetic: a share of the whole month beside a count of a week answers part (the count), not
    // month; the share alone answers share_or_rate.
    const figure = (id: string, start: string, end: string, unit: string): MonthInput => ({
      id,
      organisation: 'Synthetic organisation',
      report: 'synthetic report',
      published: null,
      definition: 'synthetic',
      metric: 'returns',
      country: 'PAK',
      geography: 'Pakistan',
      country_to: 'AFG',
      origin: 'PAK',
      revises: null,
      revised_by: null,
      period_start: start,
      period_end: end,
      value: 40,
      qualifier: 'exact',
      unit,
      period_overlaps: 0,
      url: null,
      quote: null,
      secondary: false,
      file_sha256: null,
      line: null,
      also_recorded: [],
    });
    const share = figure('share', '2025-10-01', '2025-10-31', 'percent of returns');
    const week = figure('week', '2025-10-05', '2025-10-11', 'persons');
    assert.equal(figuresByMonth([share, week], ['2025-10'])[0]!.answer, 'part');
    assert.equal(figuresByMonth([share], ['2025-10'])[0]!.answer, 'share_or_rate');
  });

  it('the organisation filter keeps figures whose organisation holds the text, and an unknown one is refused with the nearest', async () => {
    const a = await figuresByMonthQuery(store(), {
      metric: 'returns',
      country: 'PAK',
      organisation: 'unhcr-iom',
      from: '2025',
      to: '2025',
    });
    const inMonths = a.months.flatMap((m) => m.figures);
    assert.ok(inMonths.length > 0);
    assert.ok(inMonths.every((f) => f.organisation.startsWith('UNHCR-IOM')));
    // GET /statistics takes the same filter.
    const api = createApi({ store: store(), log: () => {} }).app;
    const listed = (await (
      await api.request('/api/v1/statistics?metric=returns&organisation=unhcr-iom')
    ).json()) as { statistics: { organisation: string }[] };
    assert.ok(listed.statistics.length > 0);
    assert.ok(listed.statistics.every((s) => s.organisation.startsWith('UNHCR-IOM')));
    assert.equal((await api.request('/api/v1/statistics?organisation=UNHRC')).status, 400);
    await assert.rejects(figuresByMonthQuery(store(), { organisation: 'UNHRC' }), (e: Error) =>
      e.message.startsWith('unknown organisation: "UNHRC" (nearest: '),
    );
  });

  it('GET /statistics/months answers as `faultline indicators --by month` does, in JSON and CSV, with the files used', async () => {
    const api = createApi({ store: store(), log: () => {} }).app;
    const q = 'metric=returns&country=PAK&from=2025&to=2025';
    const res = await api.request(`/api/v1/statistics/months?${q}`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as FiguresByMonthAnswer;
    assert.deepEqual(
      body,
      await figuresByMonthQuery(store(), { metric: 'returns', country: 'PAK', from: '2025', to: '2025' }),
    );
    assert.deepEqual(
      body.meta.sources.map((s) => [s.file, s.figures]),
      [['afghan_returns_published.csv', body.months.flatMap((m) => m.figures).length]],
    );
    const args = [
      'indicators',
      '--metric',
      'returns',
      '--country',
      'PAK',
      '--from',
      '2025',
      '--to',
      '2025',
      '--by',
      'month',
    ];
    const json = await runCli(store(), [registerIndicators], [...args, '--format', 'json']);
    assert.deepEqual(JSON.parse(json.out), body);
    const csv = await (await api.request(`/api/v1/statistics/months?${q}&format=csv`)).text();
    const cli = await runCli(store(), [registerIndicators], [...args, '--format', 'csv']);
    assert.equal(cli.out, csv);
    const lines = csv.trim().split('\n');
    // A month without figures is one row with an empty value, never 0.
    assert.ok(lines.some((l) => l.startsWith('2025-05,no source,,,')));
    assert.equal(lines.filter((l) => l.startsWith('2025-05,')).length, 1);
  });

  it("each figure of a month carries its page's quote and the file and line it was read from, in JSON and CSV, as the listed figures do", async () => {
    const api = createApi({ store: store(), log: () => {} }).app;
    const q = 'metric=returns&country=PAK&from=2025-04&to=2025-04';
    const body = (await (await api.request(`/api/v1/statistics/months?${q}`)).json()) as FiguresByMonthAnswer;
    const listed = await indicatorsQuery(store(), {
      metric: 'returns',
      country: 'PAK',
      from: '2025-04',
      to: '2025-04',
    });
    const april = body.months[0]!.figures;
    assert.ok(april.length >= 4);
    const lines = readFileSync(CSV, 'utf8').split('\n');
    for (const f of april) {
      const l = listed.statistics.find((x) => x.id === f.id)!;
      assert.deepEqual([f.quote, f.file_sha256, f.line], [l.quote, l.file_sha256, l.line], f.id);
      // The line is the figure's record in the bundled file: its page and its value.
      assert.ok(lines[f.line! - 1]!.includes(f.url!) && lines[f.line! - 1]!.includes(`,${f.value},`), f.id);
    }
    const csv = parse(await (await api.request(`/api/v1/statistics/months?${q}&format=csv`)).text(), {
      columns: true,
    }) as Record<string, string>[];
    const unhcr = csv.find((r) => r.value === '148200')!;
    assert.match(unhcr.quote!, /148,200/);
    assert.deepEqual(
      [unhcr.file_sha256, unhcr.line, unhcr.url],
      [april[0]!.file_sha256, String(april[0]!.line), april[0]!.url],
    );
  });

  it('refuses more than 1200 months before building them, quoting the ends as given, in the API and the CLI (exit 2)', async () => {
    // Counted, not compared as text: past 9999-12 the months stop.
    assert.deepEqual(monthsBetween('9999-11-15', '9999-12-31'), ['9999-11', '9999-12']);
    assert.equal(monthsBetween('1000-01', '9999-12').length, 108_000);
    const api = createApi({ store: store(), log: () => {} }).app;
    const res = await api.request('/api/v1/statistics/months?from=1000&to=9999');
    assert.equal(res.status, 400);
    assert.equal(
      ((await res.json()) as { error: { message: string } }).error.message,
      'invalid period: from "1000", to "9999": 108000 months (at most 1200: narrow from and to)',
    );
    const r = await runProgram({ FAULTLINE_DB: await bundledStoreCopy() }, [
      'indicators',
      '--by',
      'month',
      '--from',
      '1000',
      '--to',
      '9999',
    ]);
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr,
      'faultline: invalid period: --from "1000", --to "9999": 108000 months (at most 1200: narrow --from and --to)\n',
    );
    // 1200 months, a century, are answered.
    const century = await api.request('/api/v1/statistics/months?from=1901&to=2000');
    assert.equal(century.status, 200);
    assert.equal(((await century.json()) as FiguresByMonthAnswer).months.length, 1200);
  });

  it('--by takes month in any case, as every choice of the CLI does', async () => {
    const args = [
      'indicators',
      '--metric',
      'returns',
      '--from',
      '2025-04',
      '--to',
      '2025-04',
      '--format',
      'json',
    ];
    const lower = await runCli(store(), [registerIndicators], [...args, '--by', 'month']);
    const upper = await runCli(store(), [registerIndicators], [...args, '--by', 'MONTH']);
    assert.equal(upper.error, undefined);
    assert.equal(upper.out, lower.out);
    assert.equal((JSON.parse(upper.out) as FiguresByMonthAnswer).months[0]!.month, '2025-04');
  });

  it("the API's description of the route names every answer a month can give", async () => {
    type Doc = {
      paths: Record<string, { get: { description: string } }>;
      components: { schemas: { FiguresMonth: { properties: { answer: { enum: string[] } } } } };
    };
    const api = createApi({ store: store(), log: () => {} }).app;
    const doc = (await (await api.request('/api/v1/openapi.json')).json()) as Doc;
    const answers = doc.components.schemas.FiguresMonth.properties.answer.enum;
    assert.deepEqual(answers, ['month', 'part', 'as_of', 'share_or_rate', 'no source']);
    // The sentence that lists them ("`answer` is `month`, ..."), not a mention elsewhere.
    const said =
      /`answer` is ([^.]*)/.exec(doc.paths['/api/v1/statistics/months']!.get.description)?.[1] ?? '';
    for (const a of answers) assert.ok(said.includes(`\`${a}\``), `${a} in: ${said}`);
  });

  it('refuses --by other than month and a bad date in one line, exit 2', async () => {
    const env = { FAULTLINE_DB: await bundledStoreCopy() };
    for (const [args, line] of [
      [['--by', 'week'], 'invalid --by: "week" (use month)'],
      [['--by', ''], 'invalid --by: "" (use month)'],
      [['--by', 'month', '--from', '2025-13'], 'invalid date for --from: "2025-13"'],
    ] as const) {
      const r = await runProgram(env, ['indicators', ...args, '--format', 'json']);
      assert.equal(r.status, 2, args.join(' '));
      assert.ok(r.stderr.startsWith(`faultline: ${line}`), r.stderr);
    }
    const res = await createApi({ store: store(), log: () => {} }).app.request(
      '/api/v1/statistics/months?from=1000&to=2500',
    );
    assert.equal(res.status, 400);
  });
});

describe('a figure compiled twice, in the month view', () => {
  let file: string;
  const twice = useBundledStore();
  before(async () => {
    file = await importFigureCompiledTwice(twice());
  });
  const october = { metric: 'returns', country: 'PAK', from: '2025-10', to: '2025-10' };

  it('is one figure naming its other record, as the listed tables show it, and is added once to the parts it shares no day with', async () => {
    // GET /statistics lists the figure once, the real record with its page, naming the copy.
    const listed = await indicatorsQuery(twice(), october);
    const records = listed.statistics.filter((s) => s.value === +COPIED.value);
    assert.equal(records.length, 1);
    const [real] = records as [(typeof records)[number]];
    assert.notEqual(real.url, null);
    const [oct] = (await figuresByMonthQuery(twice(), october)).months;
    const same = oct!.figures.filter((f) => f.value === +COPIED.value);
    assert.equal(same.length, 1, 'listed once');
    // The record with a page to cite is kept, the copy named beside it as the list names it.
    assert.equal(same[0]!.id, real.id);
    assert.equal(real.also_recorded.length, 1);
    assert.equal(real.also_recorded[0]!.url, null);
    assert.deepEqual(same[0]!.also_recorded, real.also_recorded);
    const week = oct!.figures.find((f) => f.value === +MADE_UP_WEEK.value)!;
    assert.deepEqual(
      oct!.parts_sums.map((s) => [s.value, s.figures, s.days_covered]),
      [[+COPIED.value + +MADE_UP_WEEK.value, [week.id, real.id], 14]],
    );
    // Both files are named: the kept figure's and its other record's.
    const answer = await figuresByMonthQuery(twice(), october);
    assert.deepEqual(answer.meta.sources.map((s) => s.file).sort(), [
      'afghan_returns_published.csv',
      basename(file),
    ]);
  });

  it("is counted once among a month's spanning figures: IOM's 501,242 returns, in two bundled files, hold December 2023", async () => {
    const december = { metric: 'returns', from: '2023-12', to: '2023-12' };
    const listed = (await indicatorsQuery(store(), december)).statistics;
    const spans = listed.filter(
      (s) => s.period_start !== null && !(s.period_start >= '2023-12-01' && s.period_end <= '2023-12-31'),
    );
    // Listed once (GET /statistics merges the record of the other file), naming the other record.
    const iom = spans.filter((s) => s.value === 501242);
    assert.deepEqual(
      iom.map((s) => s.also_recorded.length),
      [1],
    );
    const answer = await figuresByMonthQuery(store(), december);
    assert.equal(answer.months[0]!.spanning, spans.length);
    assert.match(
      answer.meta.notes[0]!,
      new RegExp(`^${spans.length} listed figures over more than one month`),
    );
  });

  it('the API, the CLI and their CSV give the figure once, its CSV row naming the other record', async () => {
    const api = createApi({ store: twice(), log: () => {} }).app;
    const q = 'metric=returns&country=PAK&from=2025-10&to=2025-10';
    const body = (await (await api.request(`/api/v1/statistics/months?${q}`)).json()) as FiguresByMonthAnswer;
    assert.deepEqual(body, await figuresByMonthQuery(twice(), october));
    const csv = await (await api.request(`/api/v1/statistics/months?${q}&format=csv`)).text();
    const args = [
      'indicators',
      '--metric',
      'returns',
      '--country',
      'PAK',
      '--from',
      '2025-10',
      '--to',
      '2025-10',
    ];
    const cli = await runCli(twice(), [registerIndicators], [...args, '--by', 'month', '--format', 'csv']);
    assert.equal(cli.out, csv);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    const same = rows.filter((r) => r.value === COPIED.value);
    assert.equal(same.length, 1);
    const copy = body.months[0]!.figures.find((f) => f.value === +COPIED.value)!.also_recorded[0]!;
    assert.equal(same[0]!.also_recorded, `${copy.organisation}, ${copy.report}`);
    assert.equal(rows.filter((r) => r.covers === 'sum').length, 1);
  });
});

describe("the month view's notes", () => {
  it('name no command-line flag in the API answer the dashboard shows; the CLI says its own command on stderr', async () => {
    const api = createApi({ store: store(), log: () => {} }).app;
    const q = 'metric=returns&country=PAK&from=2025&to=2025';
    const body = (await (await api.request(`/api/v1/statistics/months?${q}`)).json()) as FiguresByMonthAnswer;
    // Running totals since September 2023 span 2025: the note on them is given.
    assert.ok(body.months.some((m) => m.spanning > 0));
    const spanning = body.meta.notes.find((n) => n.includes('left out of the months'));
    assert.ok(spanning, body.meta.notes.join('\n'));
    for (const n of [body.meta.note, ...body.meta.notes])
      assert.doesNotMatch(n, /--[a-z]|faultline [a-z]/, n);
    const args = ['indicators', '--metric', 'returns', '--country', 'PAK', '--from', '2025', '--to', '2025'];
    const cli = await runCli(store(), [registerIndicators], [...args, '--by', 'month']);
    assert.ok(cli.err.includes(`note: ${spanning}\n`), cli.err);
    assert.match(
      cli.err,
      /\nnote: faultline indicators without --by lists the figures over more than one month\n/,
    );
  });
});
