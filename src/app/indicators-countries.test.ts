/**
 * Which country a published figure is of, when its records say it differently: IOM's 501,242
 * returns (15 September 2023 to 15 January 2024) are Pakistan to Afghanistan in the returns file
 * (line 20) and Afghanistan alone in the report statistics file (line 36, its `country`). The list,
 * the month view and their CSV find the figure whichever of its countries is asked, once, naming
 * its other record, with the records read and merged reconciled. Read from the bundled files.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { useBundledStore } from '../../test/helpers/use-bundled-store.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { createApi } from '../api/server.ts';
import { registerIndicators } from '../cli/commands/indicators.ts';
import type { FiguresByMonthAnswer, IndicatorsAnswer } from './answers.ts';

const lines = (path: string) =>
  readFileSync(new URL(`../../data/${path}`, import.meta.url), 'utf8').split('\n');
const returnsLines = lines('afghan-returns/afghan_returns_published.csv');
const reportsLines = lines('published-statistics/pakistan_security_reports.csv');
const IOM = 501242;
const store = useBundledStore();

const get = async (path: string) => {
  const res = await createApi({ store: store(), log: () => {} }).app.request(path);
  assert.equal(res.status, 200, path);
  return res;
};

describe('a figure whose records name different countries', () => {
  it('the two files give it different countries: Pakistan to Afghanistan, and Afghanistan alone', () => {
    assert.match(returnsLines[19]!, /,returns,.*,Pakistan,Afghanistan,2023-09-15,2024-01-15,501242,exact,/);
    assert.match(reportsLines[35]!, /,returns,.*,AFG,,2023-09-15,2024-01-15,501242,exact,/);
  });

  for (const country of ['PAK', 'AFG']) {
    it(`country=${country} lists it once, naming its other record, as the CLI does (JSON and CSV)`, async () => {
      const q = `metric=returns&country=${country}`;
      const body = (await (await get(`/api/v1/statistics?${q}`)).json()) as IndicatorsAnswer;
      const iom = body.statistics.filter((s) => s.value === IOM);
      assert.equal(iom.length, 1, 'listed once');
      const [kept] = iom as [(typeof iom)[number]];
      // The record kept is the one with a page and both ends, whichever country was asked.
      assert.deepEqual([kept.country, kept.country_to, kept.line], ['PAK', 'AFG', 20]);
      assert.deepEqual(
        kept.also_recorded.map((o) => [o.organisation, o.line]),
        [['IOM', 36]],
      );
      // Reconciled: every record read is listed or merged into a listed figure, under its file.
      assert.equal(body.meta.records, body.statistics.length + body.meta.copies_merged);
      assert.equal(body.meta.copies_merged, 1);
      assert.equal(
        body.meta.sources.reduce((n, s) => n + s.figures, 0),
        body.meta.records,
      );
      const args = ['indicators', '--metric', 'returns', '--country', country];
      const cli = await runCli(store(), [registerIndicators], [...args, '--format', 'json']);
      assert.deepEqual(JSON.parse(cli.out), body);
      const csv = await (await get(`/api/v1/statistics?${q}&format=csv`)).text();
      assert.equal((await runCli(store(), [registerIndicators], [...args, '--format', 'csv'])).out, csv);
      const rows = (parse(csv, { columns: true }) as Record<string, string>[]).filter(
        (r) => r.value === String(IOM),
      );
      assert.deepEqual(
        rows.map((r) => r.also_recorded),
        ['IOM, DTM Flow Monitoring: Afghan returns from Pakistan'],
      );
    });
  }

  it('the month view under either country counts it once and says its other record was merged, as the CLI does', async () => {
    const answers: FiguresByMonthAnswer[] = [];
    for (const country of ['PAK', 'AFG']) {
      const q = `metric=returns&country=${country}&from=2023-12&to=2023-12`;
      const body = (await (await get(`/api/v1/statistics/months?${q}`)).json()) as FiguresByMonthAnswer;
      const args = ['indicators', '--metric', 'returns', '--country', country, '--from', '2023-12'];
      const cli = await runCli(
        store(),
        [registerIndicators],
        [...args, '--to', '2023-12', '--by', 'month', '--format', 'json'],
      );
      assert.deepEqual(JSON.parse(cli.out), body);
      assert.ok(
        body.meta.notes.some((n) => n.startsWith('1 record merged into the figure it repeats')),
        body.meta.notes.join('\n'),
      );
      answers.push(body);
    }
    // December 2023 lies within IOM's period: under either filter it is one of the figures spanning
    // the month, each counted once, as the list under the same filters gives them.
    for (const [i, country] of ['PAK', 'AFG'].entries()) {
      const q = `metric=returns&country=${country}&from=2023-12&to=2023-12`;
      const listed = ((await (await get(`/api/v1/statistics?${q}`)).json()) as IndicatorsAnswer).statistics;
      const spanning = listed.filter(
        (s) => s.period_start !== null && s.period_start.slice(0, 7) !== s.period_end.slice(0, 7),
      );
      assert.equal(spanning.filter((s) => s.value === IOM).length, 1);
      assert.equal(answers[i]!.months[0]!.spanning, spanning.length, country);
    }
  });

  it('organisation= keeps or leaves the whole figure: "DTM" (only the returns file writes it) names the report file\'s record too', async () => {
    const body = (await (
      await get('/api/v1/statistics?metric=returns&organisation=DTM')
    ).json()) as IndicatorsAnswer;
    const iom = body.statistics.filter((s) => s.value === IOM);
    assert.equal(iom.length, 1);
    assert.deepEqual(
      iom[0]!.also_recorded.map((o) => o.line),
      [36],
    );
    assert.equal(body.meta.records, body.statistics.length + body.meta.copies_merged);
  });
});
