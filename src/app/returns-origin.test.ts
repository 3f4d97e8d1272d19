/**
 * Where people left, and which figure revises which, in the published returns as the month view,
 * the list, the CLI and the API give them over the bundled data, checked against the bundled
 * returns file read here without faultline (test/helpers/published-returns.ts):
 * - every figure names its origin; `origin` keeps one, and a month no figure of it answers is "no
 *   source", never 0 (June 2025 was answered by IOM's 256,000 returns from Iran beside months of
 *   returns from Pakistan);
 * - UNHCR's two figures of May 2024 (about 40,000 as of 1 June 2024, about 38,000 of 30 October
 *   2024) are both listed, the later marked as the revision of the earlier.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { bundledApi } from '../../test/helpers/bundled-api.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { publishedReturns } from '../../test/helpers/published-returns.ts';
import { registerIndicators } from '../cli/commands/indicators.ts';
import { failureLine } from '../cli/fail.ts';
import type { FiguresByMonthAnswer, IndicatorsAnswer } from './answers.ts';
import { figureRevisions, releaseDate, revisionWords } from './figure-revisions.ts';
import { originExpected } from '../domain/statistic.ts';

const { store, get, errorOf } = bundledApi();
const file = publishedReturns();
// Monthly counts of 2025 in the file, by where people left ("Iran", "Pakistan"), read from the file.
const wholeMonths2025 = (from: string) =>
  file.filter(
    (r) =>
      r.metric === 'returns' &&
      r.unit === 'persons' &&
      r.geography_from === from &&
      r.period_start!.startsWith('2025-') &&
      r.period_start!.endsWith('-01') &&
      r.period_start!.slice(0, 7) === r.period_end!.slice(0, 7),
  );

/** A synthetic published figure of May 2024's returns from Pakistan to Afghanistan, as figureRevisions reads one. */
const mayReturns = (id: string, organisation: string, report: string, published: string) => ({
  id,
  organisation,
  report,
  published,
  metric: 'returns',
  unit: 'persons',
  period_start: '2024-05-01',
  period_end: '2024-05-31',
  country: 'PAK',
  admin1: null,
  geography: 'Pakistan',
  country_to: 'AFG',
  geography_to: 'Afghanistan',
});

describe('returns by month, of one origin', () => {
  it('the bundled file gives a whole month of returns from Iran in 2025, which answered a month of the months of returns from Pakistan', () => {
    const iran = wholeMonths2025('Iran').map((r) => r.period_start!.slice(0, 7));
    const pakistan = wholeMonths2025('Pakistan').map((r) => r.period_start!.slice(0, 7));
    assert.ok(iran.length > 0 && pakistan.length > 0);
    assert.ok(
      iran.every((m) => !pakistan.includes(m)),
      `${iran} against ${pakistan}`,
    );
  });

  it('every figure names its origin; all origins mix them and say so, and origin=PAK answers a month of Iran alone with no source, never 0', async () => {
    const ask = async (q: string) =>
      (await (
        await get(`/api/v1/statistics/months?metric=returns&from=2025&to=2025${q}`)
      ).json()) as FiguresByMonthAnswer;
    const all = await ask('');
    assert.equal(all.meta.origin, 'all');
    const iranMonths = wholeMonths2025('Iran').map((r) => r.period_start!.slice(0, 7));
    for (const month of iranMonths) {
      const m = all.months.find((x) => x.month === month)!;
      assert.equal(m.answer, 'month');
      assert.deepEqual(
        m.figures.filter((f) => f.covers === 'month').map((f) => f.origin),
        ['IRN'],
      );
    }
    // Every figure names where people left: the country of a pair, or `several` for "Pakistan and Iran".
    for (const f of all.months.flatMap((m) => m.figures))
      assert.equal(
        f.origin,
        f.country ?? (f.geography && /\band\b/.test(f.geography) ? 'several' : null),
        f.id,
      );
    assert.match(
      all.meta.notes.join('\n'),
      /^the months hold figures of 3 origins \(where people left; figures: PAK \d+, IRN \d+, several \d+\): a month's answer may be a figure of any of them/m,
    );
    const pak = await ask('&origin=pak');
    assert.equal(pak.meta.origin, 'PAK');
    assert.ok(pak.months.flatMap((m) => m.figures).every((f) => f.origin === 'PAK'));
    for (const month of iranMonths) {
      const m = pak.months.find((x) => x.month === month)!;
      assert.deepEqual([m.answer, m.figures.length], ['no source', 0], month);
    }
    // Months of Pakistan keep the same figures as under all origins.
    const pakistanMonth = wholeMonths2025('Pakistan')[0]!;
    const month = pakistanMonth.period_start!.slice(0, 7);
    const ids = (a: FiguresByMonthAnswer) =>
      a.months
        .find((m) => m.month === month)!
        .figures.filter((f) => f.origin === 'PAK')
        .map((f) => f.id);
    assert.deepEqual(ids(pak), ids(all));
    assert.ok(ids(pak).length > 0);
    // The figures of Pakistan and Iran together it left out are counted, and no mixed-origin note is given.
    const together = file.filter(
      (r) =>
        r.metric === 'returns' &&
        /\band\b/.test(r.geography_from!) &&
        r.period_start! <= '2025-12-31' &&
        r.period_end! >= '2025-01-01',
    ).length;
    assert.ok(together > 0);
    assert.ok(
      pak.meta.notes.some((n) =>
        n.startsWith(
          `origin PAK keeps the figures of people who left PAK alone: ${together} figures of several origins together ("Pakistan and Iran") left out`,
        ),
      ),
      pak.meta.notes.join(' | '),
    );
    assert.ok(!pak.meta.notes.some((n) => n.startsWith('the months hold figures of')));
  });

  it('the CLI gives the same months, with an origin column, and the CSV has an empty value (not 0) for a month without a figure of the origin', async () => {
    const args = ['indicators', '--metric', 'returns', '--from', '2025', '--to', '2025', '--by', 'month'];
    const json = await runCli(
      store(),
      [registerIndicators],
      [...args, '--origin', 'PAK', '--format', 'json'],
    );
    const api = await (
      await get('/api/v1/statistics/months?metric=returns&from=2025&to=2025&origin=PAK')
    ).json();
    assert.deepEqual(JSON.parse(json.out), api);
    const csv = await runCli(store(), [registerIndicators], [...args, '--origin', 'PAK', '--format', 'csv']);
    const rows = parse(csv.out, { columns: true }) as Record<string, string>[];
    const iranMonth = wholeMonths2025('Iran')[0]!.period_start!.slice(0, 7);
    assert.deepEqual(
      rows.filter((r) => r.month === iranMonth).map((r) => [r.answer, r.value, r.origin]),
      [['no source', '', '']],
    );
    assert.ok(rows.filter((r) => r.value !== '').every((r) => r.origin === 'PAK'));
    const table = await runCli(store(), [registerIndicators], [...args]);
    assert.match(table.out.split('\n')[0]!, / origin /);
    // The summary line says which origin its months with figures are of.
    const answered = (JSON.parse(json.out) as FiguresByMonthAnswer).months.filter(
      (m) => m.answer !== 'no source',
    );
    const pakTable = await runCli(store(), [registerIndicators], [...args, '--origin', 'PAK']);
    assert.match(pakTable.err, new RegExp(`^12 months, ${answered.length} with figures of origin PAK[;( ]`));
    assert.match(table.err, /^12 months, \d+ with figures[;( ]/);
  });

  it('refuses an origin no loaded figure gives, naming those they do, in the CLI and the API', async () => {
    const res = await get('/api/v1/statistics/months?metric=returns&origin=IND');
    assert.equal(res.status, 400);
    assert.equal(
      await errorOf(res),
      'unknown origin: "IND" (origins of the loaded figures: PAK, IRN or several; or all)',
    );
    const cli = await runCli(
      store(),
      [registerIndicators],
      ['indicators', '--metric', 'killed', '--origin', 'PAK'],
    );
    assert.equal(
      failureLine(cli.error),
      'faultline: unknown --origin: "PAK" (no loaded figure gives an origin; use all)\n',
    );
  });
});

describe('which figures have an origin at all', () => {
  it('an origin is a notion of figures of people who moved: a returns metric (even of one place) or a pair over a period; not attacks, nor a stock "as of" a day', () => {
    const f = (metric: string, period_start: string | null, country_to: string | null) => ({
      metric,
      period_start,
      country_to,
    });
    assert.equal(originExpected(f('returns', '2024-05-01', 'AFG')), true);
    // IOM's returns as a security report gives them: Afghanistan alone, yet people who moved.
    assert.equal(originExpected(f('returns', '2023-09-15', null)), true);
    assert.equal(originExpected(f('deportations', null, 'AFG')), true);
    // Synthetic: a measure of a pair over a period that no list names still counts people from one country to another.
    assert.equal(originExpected(f('arrivals', '2025-01-01', 'AFG')), true);
    assert.equal(originExpected(f('attacks', '2024-01-01', null)), false);
    assert.equal(originExpected(f('population_estimate', null, 'PAK')), false);
  });

  it('the bundled population estimates (Afghan nationals in Pakistan) and security reports give no origin, so AFG is no loaded origin without a metric', async () => {
    const body = (await (await get('/api/v1/statistics')).json()) as IndicatorsAnswer;
    const stocks = body.statistics.filter((s) => s.metric === 'population_estimate');
    assert.equal(stocks.length, file.filter((r) => r.metric === 'population_estimate').length);
    assert.ok(stocks.length > 0 && stocks.every((s) => s.country === 'AFG' && s.country_to === 'PAK'));
    assert.deepEqual([...new Set(stocks.map((s) => s.origin))], [null]);
    const attacks = body.statistics.filter((s) => s.metric === 'attacks');
    assert.ok(attacks.length > 0);
    assert.deepEqual([...new Set(attacks.map((s) => s.origin))], [null]);
    // Every origin given is of a figure of people who moved, and every such pair over a period gives one.
    for (const s of body.statistics)
      assert.equal(s.origin !== null, originExpected(s) && s.country_to !== null, s.id);
    for (const path of ['/api/v1/statistics?origin=AFG', '/api/v1/statistics/months?origin=afg']) {
      const res = await get(path);
      assert.equal(res.status, 400, path);
      assert.equal(
        await errorOf(res),
        'unknown origin: "' +
          path.split('=')[1] +
          '" (origins of the loaded figures: PAK, IRN or several; or all)',
      );
    }
    const cli = await runCli(store(), [registerIndicators], ['indicators', '--origin', 'AFG']);
    assert.equal(
      failureLine(cli.error),
      'faultline: unknown --origin: "AFG" (origins of the loaded figures: PAK, IRN or several; or all)\n',
    );
  });

  it('an origin asked without a metric keeps figures of people who moved from it alone, and counts the measures without an origin it left out, by name', async () => {
    const all = (await (await get('/api/v1/statistics?from=2024&to=2024')).json()) as IndicatorsAnswer;
    const pak = (await (
      await get('/api/v1/statistics?from=2024&to=2024&origin=PAK')
    ).json()) as IndicatorsAnswer;
    assert.ok(pak.statistics.length > 0 && pak.statistics.every((s) => s.origin === 'PAK'));
    const other = all.statistics.filter((s) => !originExpected(s));
    const metrics = [...new Set(other.map((s) => s.metric))].sort();
    assert.ok(metrics.includes('population_estimate') && metrics.includes('killed'), metrics.join(', '));
    const note = pak.meta.notes.find((n) => n.startsWith('origin PAK keeps'))!;
    assert.match(
      note,
      new RegExp(
        ` and ${other.length} figures of measures without an origin \\(${metrics.join(', ')}: no count of people who moved\\) left out \\(origin all lists them\\)$`,
      ),
    );
  });
});

describe('a figure and its revision', () => {
  it("UNHCR's two figures of May 2024 are both listed, the later publication marked as the revision of the earlier, in JSON, CSV and the table", async () => {
    // In the file: one row dated, one whose report's title dates it ("As of 1 June 2024").
    const may = file.filter(
      (r) => r.organisation === 'UNHCR' && r.period_start === '2024-05-01' && r.period_end === '2024-05-31',
    );
    assert.equal(may.length, 2);
    const [first, later] = [...may].sort((a, b) =>
      releaseDate({
        published: a.publication_date || null,
        report: a.report!,
        period_end: a.period_end!,
      })!.localeCompare(
        releaseDate({ published: b.publication_date || null, report: b.report!, period_end: b.period_end! })!,
      ),
    ) as [Record<string, string>, Record<string, string>];
    assert.deepEqual([first.value, later.value], ['40000', '38000']);
    // Both published as approximate ("approximately 40,000", "approximately 38,000"): quoted so.
    assert.deepEqual([first.qualifier, later.qualifier], ['about', 'about']);
    const body = (await (
      await get('/api/v1/statistics?metric=returns&from=2024-05&to=2024-05&organisation=UNHCR')
    ).json()) as IndicatorsAnswer;
    const [a, b] = [first, later].map((r) =>
      body.statistics.find((s) => s.report === r.report && s.value === +r.value!)!,
    );
    assert.deepEqual([a!.revises, a!.revised_by], [null, b!.id]);
    assert.deepEqual([b!.revises, b!.revised_by], [a!.id, null]);
    assert.ok(
      body.meta.notes.includes(
        "1 figure revises an earlier figure of the same publisher, measure, period and place (revises, revised_by): both are listed; the later publication (by its date, or by the date its report's title gives where the page shows none) is the revision",
      ),
      body.meta.notes.join(' | '),
    );
    // The month view lists both in May, the revision first, each naming the other.
    const months = await (
      await get('/api/v1/statistics/months?metric=returns&from=2024-05&to=2024-05&format=csv')
    ).text();
    const rows = (parse(months, { columns: true }) as Record<string, string>[]).filter(
      (r) => r.organisation === 'UNHCR',
    );
    assert.deepEqual(
      rows.map((r) => [r.value, r.revision, r.revises, r.revised_by]),
      [
        ['38000', `revision of about 40,000 (${first.report}, publication date unknown)`, a!.id, ''],
        [
          '40000',
          `revised by about 38,000 (${later.report}, published ${later.publication_date})`,
          '',
          b!.id,
        ],
      ],
    );
    const table = await runCli(
      store(),
      [registerIndicators],
      [
        'indicators',
        '--metric',
        'returns',
        '--from',
        '2024-05',
        '--to',
        '2024-05',
        '--organisation',
        'UNHCR',
      ],
    );
    assert.match(table.out, /revision of about 40,000 \(/);
    assert.match(table.out, /revised by about 38,000 \(/);
  });

  it("UNHCR's 40,000 of May 2024, whose page shows no publication date, reads as unknown wherever it is named, never as the date its title gives", async () => {
    const row = file.find(
      (r) => r.organisation === 'UNHCR' && r.period_start === '2024-05-01' && r.value === '40000',
    )!;
    // The bundled file is left as it is: the row has no date, its report's title one (2024-06-01).
    assert.equal(row.publication_date, '');
    const titled = releaseDate({ published: null, report: row.report!, period_end: row.period_end! })!;
    assert.equal(titled, '2024-06-01');
    const q = 'metric=returns&from=2024-05&to=2024-05&organisation=UNHCR';
    const body = (await (await get(`/api/v1/statistics?${q}`)).json()) as IndicatorsAnswer;
    const it40 = body.statistics.find((s) => s.value === 40000)!;
    assert.equal(it40.published, null);
    const months = (await (await get(`/api/v1/statistics/months?${q}`)).json()) as FiguresByMonthAnswer;
    assert.equal(months.months[0]!.figures.find((f) => f.id === it40.id)!.published, null);
    // CSV: an empty cell; the release revising it says its date is unknown, and gives the other's.
    for (const path of ['/api/v1/statistics', '/api/v1/statistics/months']) {
      const csv = parse(await (await get(`${path}?${q}&format=csv`)).text(), { columns: true }) as Record<
        string,
        string
      >[];
      assert.equal(csv.find((r) => r.id === it40.id)!.published, '', path);
      assert.match(
        csv.find((r) => r.revises === it40.id)!.revision!,
        /^revision of about 40,000 \(.*, publication date unknown\)$/,
        path,
      );
      assert.match(csv.find((r) => r.id === it40.id)!.revision!, /, published 2024-10-30\)$/, path);
    }
    // The title's date orders the releases and is never given as a publication date.
    const table = await runCli(
      store(),
      [registerIndicators],
      [
        'indicators',
        ...q.split('&').flatMap((p) => [`--${p.split('=')[0]}`, p.split('=')[1]!]),
        '--format',
        'csv',
      ],
    );
    assert.ok(!table.out.includes(`published ${titled}`) && !table.out.includes(`,${titled},`));
  });

  it("CRSS's 2023 deaths, restated twice, are a chain of three releases; shares of one report and figures of another order are never marked", async () => {
    const body = (await (
      await get('/api/v1/statistics?organisation=CRSS&metric=killed&from=2023&to=2023')
    ).json()) as IndicatorsAnswer;
    const of2023 = body.statistics
      .filter((s) => s.period_start === '2023-01-01' && s.period_end === '2023-12-31' && s.country === 'PAK')
      .sort((x, y) => releaseDate(x)!.localeCompare(releaseDate(y)!));
    assert.equal(of2023.length, 3);
    assert.deepEqual(
      of2023.map((s) => [s.revises, s.revised_by]),
      [
        [null, of2023[1]!.id],
        [of2023[0]!.id, of2023[2]!.id],
        [of2023[1]!.id, null],
      ],
    );
    // Synthetic: three shares of one report are three figures; two reports without dates are not ordered.
    const figure = (id: string, report: string, published: string | null) => ({
      id,
      organisation: 'Synthetic',
      report,
      published,
      metric: 'returns',
      unit: 'percent of returns',
      period_start: '2025-04-01',
      period_end: '2025-04-30',
      country: 'PAK',
      admin1: null,
      geography: 'Pakistan',
      country_to: 'AFG',
      geography_to: 'Afghanistan',
    });
    assert.deepEqual(figureRevisions([figure('a', 'one report', null), figure('b', 'one report', null)]), {
      revisions: new Map(),
      unordered: 0,
    });
    assert.deepEqual(
      figureRevisions([figure('a', 'first report', null), figure('b', 'second report', null)]),
      { revisions: new Map(), unordered: 2 },
    );
    // A month and a day of it are no order either.
    assert.equal(
      figureRevisions([figure('a', 'first', '2025-05'), figure('b', 'second', '2025-05-20')]).unordered,
      2,
    );
    // A report's title dates an undated figure, but not with a day before its period ends.
    assert.equal(
      releaseDate({ published: null, report: 'Update as of 1 June 2024', period_end: '2024-05-31' }),
      '2024-06-01',
    );
    assert.equal(
      releaseDate({ published: null, report: 'Update, end April 2025', period_end: '2025-04-30' }),
      '2025-04',
    );
    assert.equal(
      releaseDate({ published: null, report: 'Returns since 15 September 2023', period_end: '2024-05-31' }),
      null,
    );
  });

  it('one publisher is one publisher whatever the trivial differences in how its name is written ("UNHCR ", "unhcr", "UNHCR."); another body ("UNHCR Pakistan") is never paired', () => {
    // Synthetic: UNHCR's two releases of May 2024 as the bundled file gives them, their organisation
    // written in other ways, as a hand-compiled file may.
    const may = mayReturns;
    const first = (o: string) => may('first', o, 'UNHCR RBAP External Update #35', '2024-06-01');
    const later = (o: string) => may('later', o, 'UNHCR Afghanistan Situation Update #40', '2024-10-30');
    const paired = [
      ['first', { revises: null, revised_by: 'later' }],
      ['later', { revises: 'first', revised_by: null }],
    ];
    for (const o of ['UNHCR ', 'unhcr', 'UNHCR.', '  UNHCR', 'UNHCR\u00a0'])
      assert.deepEqual([...figureRevisions([first(o), later('UNHCR')]).revisions], paired, JSON.stringify(o));
    // Another body (a country office, a joint release, a relay's wording) is no release of UNHCR's.
    for (const o of ['UNHCR Pakistan', 'UNHCR-IOM', 'UNHCR (reported by Dawn)'])
      assert.deepEqual(
        figureRevisions([first(o), later('UNHCR')]),
        { revisions: new Map(), unordered: 0 },
        o,
      );
    // One report written twice ("Update #40" and "update #40.") is one report: its figures are no releases of each other.
    const twice = [
      may('a', 'UNHCR', 'UNHCR Afghanistan Situation Update #40', '2024-10-30'),
      may('b', 'UNHCR', 'UNHCR Afghanistan situation update #40.', '2024-10-30'),
    ];
    assert.deepEqual(figureRevisions(twice), { revisions: new Map(), unordered: 0 });
  });

  it('a release is quoted with its qualifier in words, as published: "revised by at least 800", "revision of up to 1,200"; an exact one bare', () => {
    // Synthetic: one publisher's floor ("800+"), then its ceiling ("up to 1,200"), of one month.
    const floor = { ...mayReturns('floor', 'Synthetic', 'first report', '2024-06-01'), value: 800 };
    const ceiling = { ...mayReturns('ceiling', 'Synthetic', 'second report', '2024-10-30'), value: 1200 };
    const rows = [
      { ...floor, qualifier: 'at_least' },
      { ...ceiling, qualifier: 'at_most' },
    ];
    const { revisions } = figureRevisions(rows);
    const byId = new Map(rows.map((r) => [r.id, r]));
    assert.equal(
      revisionWords(revisions.get('floor')!, byId),
      'revised by up to 1,200 (second report, published 2024-10-30)',
    );
    assert.equal(
      revisionWords(revisions.get('ceiling')!, byId),
      'revision of at least 800 (first report, published 2024-06-01)',
    );
    // The same releases published as exact counts read as bare numbers.
    const exact = new Map(rows.map((r) => [r.id, { ...r, qualifier: 'exact' }]));
    assert.equal(
      revisionWords(revisions.get('floor')!, exact),
      'revised by 1,200 (second report, published 2024-10-30)',
    );
  });

  it("a figure read through a news outlet is never a release of the publisher's own, nor of another relay: every figure marked on the bundled data is the publisher's own", async () => {
    const body = (await (await get('/api/v1/statistics')).json()) as IndicatorsAnswer;
    const marked = body.statistics.filter((s) => s.revises !== null || s.revised_by !== null);
    assert.ok(marked.length >= 2);
    assert.deepEqual(
      marked.filter((s) => s.secondary).map((s) => s.id),
      [],
    );
    // The bundled file writes a relay's publisher with its outlet ("UNHCR (reported by Dawn)"); a
    // file may write it bare, the outlet in the report alone. Synthetic: UNHCR's own release of
    // 30 October 2024 and two outlets' later relays of May 2024, under the same organisation.
    const may = (id: string, report: string, published: string) => mayReturns(id, 'UNHCR', report, published);
    const own = may('own', 'UNHCR Afghanistan Situation Update #40 - 30 October 2024', '2024-10-30');
    const dawn = may('dawn', '[secondary: Dawn] UNHCR figures on returns', '2024-11-02');
    const ani = may('ani', '[secondary: ANI citing Dawn] UNHCR figures on returns', '2024-11-05');
    assert.deepEqual(figureRevisions([own, dawn, ani]), { revisions: new Map(), unordered: 0 });
    // The publisher's own releases are still set in order beside a relay of them.
    const first = may('first', 'UNHCR RBAP External Update #35', '2024-06-01');
    assert.deepEqual(
      [...figureRevisions([first, own, dawn]).revisions],
      [
        ['first', { revises: null, revised_by: 'own' }],
        ['own', { revises: 'first', revised_by: null }],
      ],
    );
  });
});
