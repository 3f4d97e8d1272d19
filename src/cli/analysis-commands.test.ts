import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Command } from 'commander';
import { createApi } from '../api/server.ts';
import { createStore, type Store } from '../storage/index.ts';
import { gedStoreCopy } from '../../test/helpers/bundled-store.ts';
import { registerBorder } from './commands/border.ts';
import { registerChangepoints } from './commands/changepoints.ts';
import { METRICS } from '../app/analysis/metrics.ts';
import { registerClaims } from './commands/claims.ts';
import { creditLines, registerSources } from './commands/sources.ts';
import type { CreditRow } from '../app/answers.ts';
import { registerGeo } from './commands/geo.ts';
import { registerKeys } from './commands/keys.ts';
import { registerCompare } from './commands/compare.ts';
import { registerIndex } from './commands/conflict-index.ts';
import { registerNetwork } from './commands/network.ts';
import { registerDisagreements } from './commands/disagreements.ts';
import { registerSeries } from './commands/series.ts';
import { registerSignals } from './commands/signals.ts';
import { runCli, testContext } from '../../test/helpers/in-process-cli.ts';
import { failureLine } from './fail.ts';
import { SOURCES_COLUMNS } from '../app/sources-parts.ts';
import { registerBrief } from './commands/brief.ts';
import { InvalidInputError } from '../domain/errors.ts';

let store: Store;
before(async () => {
  // A copy of the run's store of the bundled GED file (importFile(store, GED_FILE), unplaced).
  store = await createStore({ path: await gedStoreCopy({ placed: false }) });
});
after(() => store.close());

/** Runs a CLI command in-process over the test store and returns stdout and stderr. */
async function cli(...args: string[]): Promise<{ out: string; err: string }> {
  const r = await runCli(
    store,
    [
      registerSeries,
      registerCompare,
      registerChangepoints,
      registerSignals,
      registerIndex,
      registerNetwork,
      registerBorder,
      registerSources,
      registerClaims,
    ],
    args,
  );
  if (r.error) throw r.error;
  return r;
}

const apiJson = async (url: string) =>
  JSON.parse(await (await createApi({ store, log: () => {} }).app.request(url)).text());

describe('the CLI and the API give the same numbers', () => {
  const cases: [string, string[], string][] = [
    [
      'series',
      ['series', '--country', 'PAK', '--from', '2020-01-01', '--to', '2021-12-31', '--interval', 'month'],
      '/api/v1/series?country=PAK&from=2020-01-01&to=2021-12-31&interval=month',
    ],
    [
      'series by actor',
      [
        'series',
        '--from',
        '2021',
        '--to',
        '2021',
        '--interval',
        'quarter',
        '--by',
        'actor',
        '--metrics',
        'events,deaths_civilians',
      ],
      '/api/v1/series?from=2021&to=2021&interval=quarter&by=actor&metrics=events,deaths_civilians',
    ],
    [
      'compare',
      ['compare', '--country', 'PAK', '--actor', 'TTP', '--period1', '2020', '--period2', '2021'],
      '/api/v1/compare?country=PAK&actor=TTP&period1=2020&period2=2021',
    ],
    [
      'changepoints',
      ['changepoints', '--country', 'PAK', '--from', '2010', '--to', '2021'],
      '/api/v1/changepoints?country=PAK&from=2010&to=2021',
    ],
    [
      'signals',
      ['signals', '--actor', 'baloch-insurgents', '--to', '2021-12-31'],
      '/api/v1/signals?actor=baloch-insurgents&to=2021-12-31',
    ],
    ['index', ['index', '--from', '2021', '--to', '2021'], '/api/v1/index?from=2021&to=2021'],
    [
      'network',
      ['network', '--from', '2021', '--to', '2021', '--limit', '5'],
      '/api/v1/network?from=2021&to=2021&limit=5',
    ],
    [
      'border',
      ['border', '--from', '2021', '--to', '2021', '--max-border-km', '30'],
      '/api/v1/border?from=2021&to=2021&max_border_km=30',
    ],
    ['deadliest', ['deadliest', '--actor', 'TTP', '--limit', '5'], '/api/v1/deadliest?actor=TTP&limit=5'],
    ['sources', ['sources'], '/api/v1/sources'],
    [
      'claims',
      ['claims', 'check', new URL('../../examples/claims/ttp-essay.yaml', import.meta.url).pathname],
      '/api/v1/claims/examples/ttp-essay',
    ],
  ];
  for (const [name, args, url] of cases) {
    it(`${name}: --format json prints exactly the API's JSON answer`, async () => {
      const { out } = await cli(...args, '--format', 'json');
      assert.deepEqual(JSON.parse(out), await apiJson(url));
    });
  }

  it('the table format prints the same monthly counts and names its sources on stderr', async () => {
    const { out, err } = await cli(
      'series',
      '--country',
      'PAK',
      '--from',
      '2021',
      '--to',
      '2021',
      '--metrics',
      'events',
    );
    const api = await apiJson('/api/v1/series?country=PAK&from=2021&to=2021&metrics=events');
    const rows = out
      .trim()
      .split('\n')
      .slice(2)
      .map((l) => l.split(/\s+/));
    assert.deepEqual(
      rows.map(([period, events]) => ({ period, events: Number(events) })),
      api.points,
    );
    assert.match(err, /^sources: ucdp-ged 22\.1 \(189 events, final\)$/m);
  });

  for (const format of ['csv', 'ndjson'])
    it(`signals --format ${format} prints the bytes GET /signals?format=${format} gives (the monthly history), --history or not`, async () => {
      const api = await (
        await createApi({ store, log: () => {} }).app.request(
          `/api/v1/signals?country=PAK&to=2021-12-31&format=${format}`,
        )
      ).text();
      // The CLI printed the latest day alone unless --history was given; the API the history.
      const { out } = await cli('signals', '--country', 'PAK', '--to', '2021-12-31', '--format', format);
      assert.equal(out, api);
      assert.ok(out.trim().split('\n').length > 12, 'a row per month end');
      assert.equal(
        (await cli('signals', '--country', 'PAK', '--to', '2021-12-31', '--history', '--format', format)).out,
        api,
      );
    });

  it("the signals table says what total and previous_max count (the metric's definition and the window's days)", async () => {
    const { err } = await cli(
      'signals',
      '--country',
      'PAK',
      '--to',
      '2021-12-31',
      '--metric',
      'fatalities_best',
      '--window',
      '7',
    );
    assert.match(
      err,
      /^total, previous_max: fatalities_best in one 7-day window \(Deaths, the source's best estimate \(all victims\), summed over the events; null when no event counted reports it\)$/m,
    );
  });

  it('csv output of compare carries the rate ratio', async () => {
    const { out } = await cli(
      'compare',
      '--country',
      'PAK',
      '--actor',
      'TTP',
      '--period1',
      '2020',
      '--period2',
      '2021',
      '--format',
      'csv',
    );
    const [head, row] = out.trim().split('\n');
    const rr = Number(row!.split(',')[head!.split(',').indexOf('rate_ratio')]);
    assert.ok(Math.abs(rr - 119 / 365 / (71 / 366)) < 1e-12);
  });

  it('one period or place alone is refused in one line naming the missing option', async () => {
    const one = await runCli(store, [registerCompare], ['compare', '--period1', '2020']);
    assert.equal((one.error as Error).message, 'missing option: --period2 (compare takes two periods)');
    const place = await runCli(store, [registerCompare], ['compare', '--place2', 'PK-KP']);
    assert.equal((place.error as Error).message, 'missing option: --place1 (compare takes two places)');
    // Periods and places together would answer another question than the one asked: refused.
    const both = await runCli(
      store,
      [registerCompare],
      ['compare', '--period1', '2020', '--period2', '2021', '--place1', 'PK-KP', '--place2', 'PK-BA'],
    );
    assert.equal(
      failureLine(both.error),
      'faultline: invalid comparison: --period1 "2020", --period2 "2021", --place1 "PK-KP", --place2 "PK-BA" (give --period1 and --period2, or --place1 and --place2, not both)\n',
    );
  });

  it('signals refuses a period shorter than its window quoting --from and --to as typed (it quoted the days they stand for)', async () => {
    const r = await runCli(store, [registerSignals], ['signals', '--from', '2021-07-25', '--to', '2021-07']);
    assert.equal(
      failureLine(r.error),
      'faultline: invalid period (--from "2021-07-25", --to "2021-07"): 7 days, fewer than the 30-day window (start 29 days or more before the end, or give no --from)\n',
    );
    assert.deepEqual(await apiJson('/api/v1/signals?from=2021-07-25&to=2021-07'), {
      error: {
        code: 'invalid_input',
        message:
          'invalid period (from "2021-07-25", to "2021-07"): 7 days, fewer than the 30-day window (start 29 days or more before the end, or give no from)',
      },
    });
  });

  it('a decimal flag takes plain digits as an integer flag does: " 5 " is refused quoting it, by the CLI and the API alike', async () => {
    const refusal = async (args: string[]) =>
      failureLine((await runCli(store, [registerCompare, registerChangepoints, registerSeries], args)).error);
    for (const [args, line] of [
      [['changepoints', '--penalty', ' 5 '], 'invalid --penalty: " 5 " (use a number from 0 to 1000000)'],
      [
        ['compare', '--period1', '2020', '--period2', '2021', '--confidence', ' 0.9'],
        'invalid --confidence: " 0.9" (use a number from 0.5 to 0.999)',
      ],
      [['series', '--max-border-km', '5 '], 'invalid --max-border-km: "5 " (use a number from 0 to 100000)'],
    ] as const)
      assert.equal(await refusal([...args]), `faultline: ${line}\n`, args.join(' '));
    assert.deepEqual(await apiJson('/api/v1/series?max_border_km=%205%20'), {
      error: {
        code: 'invalid_input',
        message: 'invalid max_border_km: " 5 " (use a number from 0 to 100000)',
      },
    });
  });

  it('a place the loaded data do not know is refused with the nearest ones, never counted as 0', async () => {
    // Named as the place's own parameter, --place2 in the CLI (it said `unknown admin1`, a flag not given).
    for (const [level, known, other, place, message] of [
      ['admin1', 'Punjab province', 'Sindh province', 'XX', /^unknown place2: "XX" \(nearest: /],
      ['admin2', 'Peshawar', 'Bannu', 'Bannuu', /^unknown place2: "Bannuu" \(nearest: Bannu, /],
      [
        'country',
        'PAK',
        'AFG',
        'XX',
        /^invalid place2: "XX" \(use an ISO 3166-1 alpha-3 code such as PAK\)$/,
      ],
    ] as const) {
      const r = await runCli(
        store,
        [registerCompare],
        ['compare', '--from', '2021', '--to', '2021', '--level', level, '--place1', known, '--place2', place],
      );
      assert.match((r.error as Error).message, message, level);
      assert.match(failureLine(r.error), /^faultline: (unknown|invalid) --place2: /, level);
      // The known place against another known place is answered (against itself it is refused:
      // src/api/routes/analysis.test.ts).
      const ok = await runCli(
        store,
        [registerCompare],
        ['compare', '--from', '2021', '--to', '2021', '--level', level, '--place1', known, '--place2', other],
      );
      assert.equal(ok.error, undefined, level);
    }
  });
});

describe('the index table says what its components count', () => {
  it("prints civilian deaths beside danger to civilians (events), and each component's definition on stderr", async () => {
    const { out, err } = await cli('index', '--country', 'PAK', '--from', '2021', '--to', '2021');
    const head = out.split('\n')[0]!.split(/ +/);
    assert.equal(
      head.indexOf('civilian_deaths'),
      head.indexOf('danger_to_civilians_rank') + 1,
      head.join(' '),
    );
    const api = await apiJson('/api/v1/index?country=PAK&from=2021&to=2021');
    for (const c of ['deadliness', 'danger_to_civilians', 'diffusion', 'fragmentation'])
      assert.ok(err.includes(`${c}: ${api.definitions[c]}\n`), c);
  });
});

describe('deadliest: the events of the period', () => {
  it("leaves out a record dated only to a year the period holds in part (UCDP's 2009 TTP summary is no event of 2009-Q1), as the briefing does", async () => {
    const top = async (from: string, to: string) => {
      const { out, err } = await cli(
        'deadliest',
        '--from',
        from,
        '--to',
        to,
        '--limit',
        '1',
        '--format',
        'json',
      );
      return { id: JSON.parse(out).events[0].id as string, err };
    };
    assert.equal((await top('2009', '2009')).id, 'ucdp-ged:57152');
    const q1 = await top('2009-01', '2009-03');
    assert.notEqual(q1.id, 'ucdp-ged:57152');
    const body = await apiJson('/api/v1/deadliest?from=2009-01&to=2009-03&limit=1');
    assert.equal(body.events[0].id, q1.id);
    assert.match(
      body.meta.notes.join(' '),
      /1 event dated only to a month or a year that the period holds in part is left out/,
    );
  });
});

describe('analysis tables show every metric asked for', () => {
  it('a metric named *_unknown (deaths_unknown) shows when zero everywhere; only its companion count is left out', async () => {
    const args = [
      'series',
      '--country',
      'PAK',
      '--from',
      '2021-01',
      '--to',
      '2021-01',
      '--interval',
      'month',
    ];
    const csv = await cli(...args, '--metrics', 'events,deaths_unknown,fatalities_best', '--format', 'csv');
    const [head, row] = csv.out.trim().split('\n');
    const cells = Object.fromEntries(head!.split(',').map((c, i) => [c, row!.split(',')[i]]));
    // The case this protects: the metric is 0 in every row, as is its own companion count.
    assert.equal(cells.deaths_unknown, '0');
    assert.equal(cells.deaths_unknown_unknown, '0');
    assert.equal(cells.fatalities_best_unknown, '0');
    const { out } = await cli(...args, '--metrics', 'events,deaths_unknown,fatalities_best');
    assert.deepEqual(out.split('\n')[0]!.split(/\s+/), [
      'period',
      'events',
      'deaths_unknown',
      'fatalities_best',
    ]);
  });
});

describe('faultline sources in csv and ndjson', () => {
  it('a store with no import still gives each part its header row, the same from the CLI and the API, with the columns rows have', async () => {
    const empty = await createStore({ path: ':memory:' });
    try {
      for (const part of ['imports', 'coverage'] as const) {
        const { out } = await runCli(
          empty,
          [registerSources],
          ['sources', '--format', 'csv', '--part', part],
        );
        const api = await (
          await createApi({ store: empty, log: () => {} }).app.request(
            `/api/v1/sources?format=csv&part=${part}`,
          )
        ).text();
        assert.equal(out, api);
        assert.equal(
          out,
          `${SOURCES_COLUMNS[part].join(',')}\n`,
          'the header row alone (it printed nothing)',
        );
      }
    } finally {
      await empty.close();
    }
    // The header names the columns the rows of a loaded store have, in their order.
    const json = JSON.parse((await cli('sources', '--format', 'json')).out) as Record<string, object[]>;
    for (const part of ['imports', 'coverage', 'credits'] as const)
      assert.deepEqual(Object.keys(json[part]![0]!), SOURCES_COLUMNS[part], part);
  });

  const apiText = async (url: string) => (await createApi({ store, log: () => {} }).app.request(url)).text();
  for (const format of ['csv', 'ndjson'])
    for (const part of [undefined, 'imports', 'coverage', 'credits'])
      it(`--format ${format}${part ? ` --part ${part}` : ''} prints the rows GET /sources?format=${format}${part ? `&part=${part}` : ''} gives`, async () => {
        const { out } = await cli('sources', '--format', format, ...(part ? ['--part', part] : []));
        assert.equal(out, await apiText(`/api/v1/sources?format=${format}${part ? `&part=${part}` : ''}`));
        // Without a part both give the ledger; each part has its own columns.
        assert.match(out, part === 'coverage' ? /first_date/ : part === 'credits' ? /used_for/ : /rows_read/);
      });

  it('the licence and credit of each loaded dataset and of the bundled reference data are shown, by the CLI as the API gives them', async () => {
    // Nothing said whose data the figures were or what their licences ask: UCDP's and GeoNames'
    // CC BY 4.0 and the districts' ODbL require the credit wherever the data are shown.
    const credits = JSON.parse((await cli('sources', '--format', 'json')).out).credits as CreditRow[];
    assert.deepEqual(credits, (await apiJson('/api/v1/sources?part=credits')).credits);
    const ged = credits.find((c) => c.source === 'ucdp-ged')!;
    assert.deepEqual([ged.licence, ged.versions, ged.used_for], ['CC BY 4.0', ['22.1'], 'events']);
    // GED 22.1's release article is the 2022 one (the briefing named 2023's, GED 23.1's).
    assert.match(ged.credit, /Sundberg & Melander \(2013\).*Davies, Pettersson & Öberg \(2022\)/);
    assert.deepEqual(
      credits.filter((c) => c.source === null).map((c) => c.licence),
      [
        'public domain',
        'public domain',
        'ODbL 1.0',
        'official statistics; CSV conversion MIT',
        'Creative Commons attribution as HDX lists it (CC BY-IGO; not verified)',
        'CC BY 4.0',
        'CC BY 4.0',
      ],
    );
    const table = (await cli('sources')).out;
    assert.match(table, /\nCredits \(the licence of each dataset and the attribution it asks for\)\n/);
    assert.match(
      table,
      /- UCDP Georeferenced Event Dataset \(GED\), Uppsala Conflict Data Program \(ucdp-ged 22\.1\), for events: CC BY 4\.0\. Credit: Uppsala Conflict Data Program/,
    );
    assert.match(
      table,
      /for Pakistan's districts: ODbL 1\.0\. Credit: Boundaries: geoBoundaries \(ODbL\), rebuilt to 2023 census districts/,
    );
    assert.match(table, /GeoNames .*CC BY 4\.0\. Credit: GeoNames \(geonames\.org\)/);
    assert.equal((await cli('sources', '--part', 'credits')).out, creditLines(credits));
  });

  it('machine formats carry whole hashes and versions as stored; only the table cuts and marks them', async () => {
    const [json, ndjson, csv, table] = await Promise.all([
      cli('sources', '--format', 'json'),
      cli('sources', '--format', 'ndjson'),
      cli('sources', '--format', 'csv'),
      cli('sources'),
    ]);
    const imports = JSON.parse(json.out).imports;
    assert.deepEqual(
      ndjson.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
      imports,
    );
    const [head, row] = csv.out.trim().split('\n');
    const cells = Object.fromEntries(head!.split(',').map((c, i) => [c, row!.split(',')[i]]));
    assert.equal(cells.sha256, imports[0].sha256);
    assert.match(cells.sha256!, /^[0-9a-f]{64}$/);
    assert.equal(cells.version, imports[0].version);
    // One number per import, `id`, as the API names it (no second column repeating it).
    assert.deepEqual(head!.split(','), Object.keys(imports[0]));
    assert.match(table.out, new RegExp(`\\b${imports[0].sha256.slice(0, 12)}\\b`));
    assert.doesNotMatch(table.out, new RegExp(imports[0].sha256));
  });

  it('a part that is not imports, coverage or credits is refused in one line, as the API refuses it', async () => {
    const r = await runCli(store, [registerSources], ['sources', '--format', 'csv', '--part', 'ledger']);
    assert.equal((r.error as Error).message, 'invalid part: "ledger" (use imports, coverage or credits)');
    const api = JSON.parse(await apiText('/api/v1/sources?format=csv&part=ledger'));
    assert.equal(api.error.message, (r.error as Error).message);
  });

  it('a part is named in any case, and json gives the part named alone, from the CLI and the API alike', async () => {
    // COVERAGE was refused, though countries, types and provinces match in any case; json gave both parts.
    const cliJson = JSON.parse((await cli('sources', '--part', 'COVERAGE', '--format', 'json')).out);
    const apiJson = JSON.parse(await apiText('/api/v1/sources?part=Coverage'));
    assert.deepEqual(Object.keys(cliJson), ['coverage']);
    assert.deepEqual(apiJson, cliJson);
    assert.equal(
      (await cli('sources', '--part', 'IMPORTS', '--format', 'csv')).out,
      await apiText('/api/v1/sources?format=csv&part=imports'),
    );
  });

  it('an empty part or format is quoted as "" (the message read as cut short: "invalid part:  (use ...)")', async () => {
    const part = await runCli(store, [registerSources], ['sources', '--part', '']);
    assert.equal((part.error as Error).message, 'invalid part: "" (use imports, coverage or credits)');
    const format = await runCli(store, [registerSources], ['sources', '--format', ' ']);
    assert.equal((format.error as Error).message, 'invalid format: " " (use table, csv, json or ndjson)');
    for (const route of ['sources', 'deadliest', 'series'])
      assert.equal(
        JSON.parse(await apiText(`/api/v1/${route}?format=`)).error.message,
        'invalid format: "" (use json, csv or ndjson)',
        route,
      );
  });
});

describe('keys create', () => {
  it('checks the name before it opens (or makes) the store, refusing an empty one', async () => {
    let opened = false;
    const ctx = testContext(
      store,
      () => {},
      () => {},
    );
    ctx.store = async () => ((opened = true), store);
    const program = new Command('faultline').exitOverride();
    registerKeys(program, ctx);
    const run = (name: string) =>
      program
        .parseAsync(['node', 'faultline', 'keys', 'create', '--role', 'viewer', '--name', name])
        .catch((e) => e);
    // An empty name was read as none, and a key was made.
    assert.equal(String(await run('')), 'InvalidInputError: invalid name: "" (give a name, or leave it out)');
    assert.equal(
      String(await run('a\u0001b')),
      'InvalidInputError: invalid name: "a\\x01b" (use at most 100 printable characters)',
    );
    assert.equal(opened, false, 'the store was opened for a command refused on its arguments');
  });
});

describe("lists with the API's envelope, and empty lists that say so", () => {
  it('keys list --format json prints GET /api/v1/keys\'s answer, {"keys": [...]}', async () => {
    const { createApiKey } = await import('../app/api-keys.ts');
    const admin = await createApiKey(store, { role: 'admin', name: 'test' });
    const r = await runCli(store, [registerKeys], ['keys', 'list', '--format', 'json']);
    const api = await createApi({ store, log: () => {} }).app.request('/api/v1/keys', {
      headers: { authorization: `Bearer ${admin.key}` },
    });
    assert.deepEqual(JSON.parse(r.out), await api.json());
    assert.deepEqual(Object.keys(JSON.parse(r.out)), ['keys']);
  });

  it('boundaries list with no set added: csv prints its header, the table a line saying none is added', async () => {
    const csv = await runCli(store, [registerGeo], ['boundaries', 'list', '--format', 'csv']);
    assert.equal(csv.out, 'id,name,level,country,units,sha256,imported_at\n');
    const table = await runCli(store, [registerGeo], ['boundaries', 'list']);
    assert.equal(
      table.out,
      'no boundary sets added (events are placed on the bundled ones; boundaries import FILE adds one)\n',
    );
  });
});

describe('faultline brief: dates are its --period', () => {
  it('--help lists no --from or --to, and either is refused in one line naming --period', async () => {
    const program = new Command('faultline');
    registerBrief(
      program,
      testContext(
        store,
        () => {},
        () => {},
      ),
    );
    const help = program.commands.find((c) => c.name() === 'brief')!.helpInformation();
    assert.match(help, /--period <period> +an ISO week \(2021-W40\), month \(2021-10\),/);
    assert.doesNotMatch(help, /--from|--to /);
    const r = await runCli(store, [registerBrief], ['brief', '--period', '2021', '--from', '2021-03']);
    assert.equal(
      (r.error as Error).message,
      'invalid filter: --from and --to do not apply to a briefing (give its --period, such as 2021-Q4)',
    );
    // A period it cannot read names the flag (it said `invalid briefing period`), as the API names its parameter.
    const bad = await runCli(store, [registerBrief], ['brief', '--period', 'x', '--format', 'json']);
    assert.equal(
      failureLine(bad.error),
      'faultline: invalid --period: "x" (use an ISO week 2021-W40, a month 2021-10, a quarter 2021-Q4 or a year 2021)\n',
    );
  });
});

describe('faultline brief --out names a folder', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'faultline-brief-out-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('an --out ending in .pdf, .html, .md or .json is refused quoting it, and nothing is made (it became a folder named briefing.pdf)', async () => {
    for (const name of ['briefing.pdf', 'Report.HTML', 'b.md', 'b.json']) {
      const out = join(tmp, 'x', name);
      const r = await runCli(
        store,
        [registerBrief],
        ['brief', '--country', 'PAK', '--period', '2021', '--out', out],
      );
      assert.ok(r.error instanceof InvalidInputError, name);
      assert.equal(
        r.error.message,
        `invalid --out: "${out}" ends in ${extname(name).toLowerCase()}, but --out names the folder a briefing's files are written to (briefing.html, .md, .json, .pdf and the SVG figures): give a folder, such as "${join(tmp, 'x')}"`,
      );
    }
    assert.deepEqual(readdirSync(tmp), []);
  });

  it('a folder of such a name that is there already is written to, as any folder', async () => {
    const out = join(tmp, 'reports.json');
    mkdirSync(out);
    const r = await runCli(
      store,
      [registerBrief],
      ['brief', '--country', 'PAK', '--period', '2021', '--no-pdf', '--out', out],
    );
    assert.equal(r.error, undefined);
    assert.ok(readdirSync(out).includes('briefing.html'));
  });
});

describe('the analysis commands name every format they take', () => {
  it('--help of series, compare, index and network lists ndjson, which each answers', async () => {
    const program = new Command('faultline');
    const ctx = testContext(
      store,
      () => {},
      () => {},
    );
    for (const register of [registerSeries, registerCompare, registerIndex, registerNetwork])
      register(program, ctx);
    for (const cmd of program.commands)
      assert.match(cmd.helpInformation(), /--format <format> +table, csv, ndjson or json/, cmd.name());
    const r = await runCli(store, [registerSeries], ['series', '--country', 'PAK', '--format', 'ndjson']);
    assert.equal(r.error, undefined);
    assert.ok(
      r.out
        .trim()
        .split('\n')
        .every((l) => typeof JSON.parse(l) === 'object'),
    );
  });

  it('--help of network, deadliest and disagreements gives --limit the range it is checked against', async () => {
    const program = new Command('faultline');
    const ctx = testContext(
      store,
      () => {},
      () => {},
    );
    for (const register of [registerNetwork, registerDisagreements]) register(program, ctx);
    for (const [name, lo, hi] of [
      ['network', 1, 1000],
      ['deadliest', 1, 1000],
      ['disagreements', 0, 100000],
    ] as const) {
      const cmd = program.commands.find((c) => c.name() === name)!;
      assert.match(
        cmd.helpInformation().replace(/\s+/g, ' '),
        new RegExp(`--limit <n> [^(]*, ${lo} to ${hi}`),
        name,
      );
      const r = await runCli(
        store,
        [registerNetwork, registerDisagreements],
        [name, '--limit', String(hi + 1)],
      );
      assert.equal(
        (r.error as Error).message,
        `invalid limit: "${hi + 1}" (use an integer from ${lo} to ${hi})`,
      );
    }
  });

  it('--help of compare, changepoints and signals names every --metric it takes (it said "a death figure")', () => {
    const program = new Command('faultline');
    const ctx = testContext(
      store,
      () => {},
      () => {},
    );
    for (const register of [registerCompare, registerChangepoints, registerSignals]) register(program, ctx);
    for (const cmd of program.commands) {
      const help = cmd.helpInformation().replace(/\s+/g, ' ');
      for (const metric of METRICS) assert.ok(help.includes(metric), `${cmd.name()}: ${metric}`);
    }
  });
});
