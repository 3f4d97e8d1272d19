import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundledApi } from '../../../test/helpers/bundled-api.ts';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { runCli, testContext } from '../../../test/helpers/in-process-cli.ts';
import { DEFAULT_SEED } from '../../app/forecast/run-forecast.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { registerForecast } from './forecast.ts';
import { createApi } from '../../api/server.ts';
import { createStore } from '../../storage/index.ts';
import { exitCodeFor } from '../fail.ts';

const { store, get } = bundledApi();
const cli = (...args: string[]) => runCli(store(), [registerForecast], ['forecast', ...args]);
const message = (r: { error?: unknown }) => (r.error instanceof Error ? r.error.message : String(r.error));

describe('faultline forecast: formats, skill beside every format, and its errors', () => {
  it('writes the same CSV and NDJSON as the API, each row with the skill', async () => {
    const out: Record<string, string> = {};
    for (const format of ['csv', 'ndjson']) {
      const r = await cli('--level', 'country', '--draws', '40', '--seed', '7', '--format', format);
      assert.equal(r.error, undefined);
      const api = await get(`/api/v1/forecast?level=country&draws=40&seed=7&format=${format}`);
      assert.equal(api.status, 200);
      assert.equal(r.out, await api.text(), format);
      out[format] = r.out;
    }
    // The CSV's columns (the one just compared with the API's: not computed again), read as CSV:
    // `counts` and the notes hold quoted commas.
    const [head, ...csv] = parse(out.csv!) as string[][];
    assert.deepEqual(head!.slice(0, 3), ['unit', 'month', 'horizon']);
    for (const c of ['counts', 'seed', 'skill_crps_ratio', 'skill_baseline', 'skill_note', 'notes'])
      assert.ok(head!.includes(c), c);
    assert.equal(csv.length, 12);
    assert.ok(csv.every((row) => row.length === head!.length));
    assert.match(csv[0]![head!.indexOf('skill_crps_ratio')]!, /^\d\.\d+$/);
  });

  it('says in every CSV and NDJSON row what its numbers count, from which sources, and the seed and draws that reproduce them', async () => {
    // One forecast (events, country level, 40 draws, seed 7) in two formats.
    const run = (format: string) =>
      cli('--level', 'country', '--metric', 'events', '--draws', '40', '--seed', '7', '--format', format);
    const r = await run('ndjson');
    assert.equal(r.error, undefined);
    const json = await run('json');
    const f = JSON.parse(json.out) as {
      counts: string;
      origin: string;
      skill: { methods: Record<string, { coverage90: number; coverage50: number }> };
    };
    const rows = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(rows.length, 12);
    // Events, not deaths, with the source versions and the months no source covers.
    assert.match(
      f.counts,
      /^events per month \(ucdp-ged 22\.1 .*not covered, so missing \(not zero\): 2022-01 to 2025-12\)$/,
    );
    for (const x of rows)
      assert.deepEqual(
        [x.counts, x.model, x.origin, x.seed, x.draws, x.skill_coverage90, x.skill_coverage50],
        [
          f.counts,
          'nbar-mix',
          f.origin,
          7,
          40,
          f.skill.methods['nbar-mix']!.coverage90,
          f.skill.methods['nbar-mix']!.coverage50,
        ],
      );
  });

  it('takes --level, --metric and --format in any case, as the API takes level=Country and format=Views', async () => {
    const args = (level: string, metric: string, format: string) =>
      cli('--level', level, '--metric', metric, '--draws', '40', '--seed', '7', '--format', format);
    const lower = await args('country', 'fatalities', 'csv');
    const mixed = await args('Country', 'Fatalities', 'CSV');
    assert.equal(mixed.error, undefined, message(mixed));
    assert.equal(mixed.out, lower.out);
    const api = await get('/api/v1/forecast?level=COUNTRY&metric=Fatalities&draws=40&seed=7&format=Csv');
    assert.equal(await api.text(), lower.out);
    // The ViEWS format's own refusals see it in any case too (they compared the raw `views`).
    const views = await get('/api/v1/forecast?format=Views&across_border=true');
    assert.equal(views.status, 400);
    assert.equal(
      ((await views.json()) as { error: { message: string } }).error.message,
      'invalid across_border: "true" (not available with format=views yet: the export draws from the single-country model)',
    );
  });

  it('says in every CSV row when the skill is unknown (Afghanistan), and in the ViEWS stderr line with the missing months', async () => {
    const r = await cli('--country', 'AFG', '--level', 'country', '--draws', '20', '--format', 'ndjson');
    assert.equal(r.error, undefined);
    const rows = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(rows.length, 12);
    for (const x of rows) {
      assert.equal(x.skill_crps_ratio, null);
      assert.match(String(x.skill_note), /^skill unknown: /);
    }
    const v = await cli('--country', 'AFG', '--level', 'country', '--draws', '5', '--format', 'views');
    assert.equal(v.error, undefined);
    assert.match(v.err, /skill unknown: .*; not covered, so missing \(not zero\): \d{4}-\d\d to \d{4}-\d\d/);
    const res = await get('/api/v1/forecast?country=AFG&level=country&draws=5&format=views');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('x-faultline-skill') ?? '', /^skill unknown: .*not covered, so missing/);
  });

  it('prints skill interval ends with the point’s three decimals and says the skill is seeded', async () => {
    const r = await cli('--level', 'country', '--draws', '40', '--seed', '7');
    assert.equal(r.error, undefined);
    // The table's heading names both things that reproduce its quantiles.
    assert.match(
      r.out,
      /^Forecast of deaths per month, .*, model nbar-mix, from origin 2026-07, seed 7, 40 draws per unit-month\n/,
    );
    assert.match(r.out, /crps_ratio \d\.\d{3} to \d\.\d{3}, ign_diff -?\d\.\d{3} to -?\d\.\d{3}/);
    assert.match(
      r.out,
      /from a backtest with 300 draws per unit-month and seed 7: the figures move a little/,
    );
    const afg = await cli('--country', 'AFG', '--level', 'country', '--draws', '20');
    assert.match(afg.out, /\nBacktest skill: skill unknown: no test origin/);
    assert.doesNotMatch(afg.out, /no backtest: no backtest/i);
  });

  it('score refuses a missing file or a directory in one line quoting it, exit 2 as import does', async () => {
    const missing = await cli('score', 'no-such-draws.csv');
    assert.ok(missing.error instanceof InvalidInputError, message(missing));
    assert.match(message(missing), /^no such file: ".*no-such-draws\.csv"$/);
    assert.match(message(await cli('score', '.')), /^".*" is a directory, not a file$/);
  });

  it('backtest refuses --format csv or ndjson, which printed its tables, before running', async () => {
    for (const format of ['csv', 'ndjson']) {
      const r = await runCli(store(), [registerForecast], ['forecast', 'backtest', '--format', format]);
      assert.equal(message(r), `invalid format: "${format}" (use table or json)`);
      assert.equal(r.out, '');
    }
  });

  it('backtest refuses a --draws that is not an integer from 1 to 10000 in one line (no "Invalid array length")', async () => {
    for (const draws of ['abc', '-5', '2.5', '0']) {
      const r = await runCli(store(), [registerForecast], ['forecast', 'backtest', '--draws', draws]);
      assert.ok(r.error instanceof InvalidInputError, `${draws}: ${message(r)}`);
      assert.equal(message(r), `invalid draws: "${draws}" (use an integer from 1 to 10000)`);
    }
    // One hint for one rule, as every integer parameter (it said "a whole number", and "a positive whole number" of a country id).
    const views = await runCli(
      store(),
      [registerForecast],
      ['forecast', '--format', 'views', '--level', 'country', '--views-country-id', '0'],
    );
    assert.equal(message(views), 'invalid views_country_id: "0" (use an integer from 1 to 1000000)');
  });

  it('--help of forecast and backtest gives --seed its range and default, and --draws its range', () => {
    const program = new Command();
    registerForecast(
      program,
      testContext(
        store(),
        () => {},
        () => {},
      ),
    );
    const forecast = program.commands[0]!;
    for (const cmd of [forecast, forecast.commands.find((c) => c.name() === 'backtest')!]) {
      const help = cmd.helpInformation().replace(/\s+/g, ' ');
      assert.match(
        help,
        new RegExp(`--seed <n> random seed, 0 to 2147483647 \\(.*default ${DEFAULT_SEED}\\)`),
        cmd.name(),
      );
      assert.match(help, /--draws <n> draws per unit-month.*, 1 to 10000 \(default: "1000"\)/, cmd.name());
    }
  });

  it('refuses bad formats, seeds, a ViEWS country id outside --format views and unknown countries, quoting the value', async () => {
    const cases: [string[], RegExp | string][] = [
      [['--format', 'xml'], 'invalid format: "xml" (use table, csv, json, ndjson or views)'],
      [['--seed', 'abc'], 'invalid seed: "abc" (use an integer from 0 to 2147483647)'],
      [['--seed', '-1'], 'invalid seed: "-1" (use an integer from 0 to 2147483647)'],
      [['--seed', '99999999999'], 'invalid seed: "99999999999" (use an integer from 0 to 2147483647)'],
      [['--seed', ''], /^invalid seed: "" \(use an integer from 0 to 2147483647\)$/],
      [
        ['--views-country-id', '136'],
        'invalid --views-country-id: "136" (only with --format views; the other formats name units by faultline\'s codes)',
      ],
      [['--country', 'XXX'], /^unknown country: "XXX" \(nearest: /],
      [
        ['--country', 'XX'],
        'invalid country: "XX" (not an ISO 3166-1 alpha-3 code: give three letters such as PAK)',
      ],
    ];
    for (const [args, want] of cases) {
      const r = await cli('--level', 'country', '--draws', '5', ...args);
      if (typeof want === 'string') assert.equal(message(r), want, args.join(' '));
      else assert.match(message(r), want, args.join(' '));
    }
  });

  it('refuses an unknown --actor-groups naming the flag (it said "invalid actor groups", which no flag is called)', async () => {
    const r = await cli('--level', 'country', '--draws', '5', '--actor-groups', 'foo');
    assert.equal(
      message(r),
      'invalid --actor-groups: "foo" (use true for ttp, all, or a comma-separated list of ttp, baloch_insurgents, islamic_state, interstate)',
    );
    assert.equal(exitCodeFor(r.error), 2);
  });

  it("a store without the country's events is not found (exit 3, HTTP 404), saying how to load them, not bad input", async () => {
    const empty = await createStore({ path: ':memory:' });
    try {
      const want =
        'no ucdp-ged or ucdp-candidate events for PAK in the store (load them with faultline start --no-serve (the bundled data), faultline import FILE or faultline fetch ucdp)';
      const r = await runCli(empty, [registerForecast], ['forecast', '--country', 'PAK', '--draws', '5']);
      assert.equal(message(r), want);
      assert.equal(exitCodeFor(r.error), 3);
      const res = await createApi({ store: empty, log: () => {} }).app.request(
        '/api/v1/forecast?country=PAK&draws=5',
      );
      assert.equal(res.status, 404);
      assert.deepEqual(((await res.json()) as { error: unknown }).error, {
        code: 'not_found',
        message: want,
      });
    } finally {
      await empty.close();
    }
  });
});
