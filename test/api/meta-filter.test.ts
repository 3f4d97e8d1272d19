/**
 * `meta.filter` (issue 12, item 5): every answer echoes the filter it applied under the API's own
 * snake_case parameter names, and the echo, sent back as query parameters, asks for the same answer;
 * the CLI's `--format json` echoes the same object.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApi, type Api } from '../../src/api/server.ts';
import { registerEvents } from '../../src/cli/commands/events.ts';
import { registerGeo } from '../../src/cli/commands/geo.ts';
import { registerRelations } from '../../src/cli/commands/relations.ts';
import { registerSeries } from '../../src/cli/commands/series.ts';
import { registerSignals } from '../../src/cli/commands/signals.ts';
import { FILTER_KEYS, type WireFilter } from '../../src/domain/filter-vocabulary.ts';
import { useBundledStore } from '../helpers/use-bundled-store.ts';
import { runCli } from '../helpers/in-process-cli.ts';

let api: Api;
const store = useBundledStore(async (s) => {
  api = createApi({ store: s, log: () => {}, queryTimeoutMs: 120_000 });
});

type Answer = { meta: { filter: WireFilter; sources: { events: number }[] } } & Record<string, unknown>;

async function get(path: string, params: Record<string, string>): Promise<Answer> {
  const res = await api.app.request(`${path}?${new URLSearchParams(params)}`);
  const body = await res.text();
  assert.equal(res.status, 200, `${path}?${new URLSearchParams(params)}: ${body.slice(0, 300)}`);
  return JSON.parse(body) as Answer;
}

/** The echo as query parameters: lists comma-joined, flags and numbers as text. */
const asParams = (f: WireFilter): Record<string, string> =>
  Object.fromEntries(Object.entries(f).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));

// Aliases, a group, a dyad of a state and a group, a province name, widened dates: the echo must
// name each the way the parameters read it back.
const FILTERS: Record<string, string>[] = [
  { country: 'pak', from: '2020', to: '2021-06', actor: 'Pakistani Taliban', type: 'state-based' },
  { dyad: 'Government of Pakistan:TTP', admin1: 'PK-KP', source: 'ucdp-ged', version: '22.1' },
  {
    actor: 'baloch-insurgents',
    victim: 'civilians',
    max_border_km: '150',
    exact: 'true',
    include_desk: 'true',
  },
  { dyad: 'pakistan:afghanistan', border_zone: 'false', from: '2019-03-17', to: '2021-11-02' },
];

const ROUTES: [string, Record<string, string>][] = [
  ['/api/v1/series', { interval: 'quarter' }],
  ['/api/v1/events', { limit: '5', sort: '-fatalities' }],
  ['/api/v1/network', {}],
  ['/api/v1/compare', { period1: '2020', period2: '2021' }],
];

describe('meta.filter echoes the filter under the API parameter names', () => {
  it('uses only the wire keys of the filter vocabulary, in snake_case, with registry ids for actors', async () => {
    const a = await get('/api/v1/series', FILTERS[0]!);
    const keys = Object.keys(a.meta.filter);
    assert.deepEqual(keys.sort(), ['actor', 'country', 'from', 'to', 'type'].sort());
    for (const k of keys) {
      assert.match(k, /^[a-z0-9_]+$/);
      assert.ok((FILTER_KEYS as readonly string[]).includes(k), k);
    }
    assert.deepEqual(a.meta.filter.country, ['PAK']);
    assert.equal(a.meta.filter.from, '2020-01-01');
    assert.equal(a.meta.filter.to, '2021-06-30');
    assert.ok(
      a.meta.filter.actor!.includes('ttp') && a.meta.filter.actor!.length > 1,
      `${a.meta.filter.actor}`,
    );
    const d = await get('/api/v1/series', FILTERS[1]!);
    assert.deepEqual(d.meta.filter.dyad, ['pakistan:ttp']);
    const b = await get('/api/v1/series', FILTERS[2]!);
    assert.equal(b.meta.filter.max_border_km, 150);
    assert.equal(b.meta.filter.include_desk, true);
    assert.equal(b.meta.filter.victim, 'civilians');
  });

  it('sent back as query parameters, the echo gives the same answer on every route', async () => {
    let counted = 0;
    // Every filter on /series, and each other route with one of them.
    const cases = [
      ...FILTERS.map((f) => [ROUTES[0]!, f] as const),
      ...ROUTES.slice(1).map((r, i) => [r, FILTERS[i + 1]!] as const),
    ];
    for (const [[path, own], filter] of cases) {
      // Comparing two periods takes period1 and period2 in place of from and to.
      const asked = Object.fromEntries(
        Object.entries({ ...own, ...filter }).filter(([k]) => !own.period1 || (k !== 'from' && k !== 'to')),
      );
      const first = await get(path, asked);
      const again = await get(path, { ...own, ...asParams(first.meta.filter) });
      // An events page's `next` link repeats the request's own spelling of the parameters.
      assert.deepEqual(
        { ...again, next: null },
        { ...first, next: null },
        `${path} ${JSON.stringify(asked)}`,
      );
      counted += first.meta.sources.reduce((n, s) => n + s.events, 0);
    }
    // Not a round trip of empty answers: the filters match events.
    assert.ok(counted > 0, `${counted} events`);
  });

  it('the CLI prints the same meta.filter as the API', async () => {
    const r = await runCli(
      store(),
      [registerSeries],
      [
        'series',
        '--country',
        'PAK',
        '--from',
        '2020',
        '--to',
        '2021-06',
        '--actor',
        'Pakistani Taliban',
        '--dyad',
        'pakistan:afghanistan',
        '--max-border-km',
        '150',
        '--format',
        'json',
      ],
    );
    assert.equal(r.error, undefined, r.err);
    const cli = JSON.parse(r.out) as Answer;
    const http = await get('/api/v1/series', {
      country: 'PAK',
      from: '2020',
      to: '2021-06',
      actor: 'Pakistani Taliban',
      dyad: 'pakistan:afghanistan',
      max_border_km: '150',
    });
    assert.deepEqual(cli.meta.filter, http.meta.filter);
    assert.deepEqual(Object.keys(cli.meta.filter).sort(), [
      'actor',
      'country',
      'dyad',
      'from',
      'max_border_km',
      'to',
    ]);
  });
});

describe('an empty value is refused, never read as the parameter left out', () => {
  it('answers 400 quoting "" for any parameter of any route, and for an empty item of a list', async () => {
    for (const [path, name] of [
      ['/api/v1/series?metrics=', 'metrics'],
      ['/api/v1/statistics?metric=', 'metric'],
      ['/api/v1/relations?a=PAK&b=AFG&from=', 'from'],
      ['/api/v1/signals?country=PAK&lookbacks=%20', 'lookbacks'],
      ['/api/v1/places?q=Ba&country=', 'country'],
      ['/api/v1/events?cursor=', 'cursor'],
    ]) {
      const res = await api.app.request(path!);
      assert.equal(res.status, 400, path);
      const { error } = (await res.json()) as { error: { message: string } };
      assert.match(
        error.message,
        new RegExp(`^invalid ${name}: "\\s*" \\(give a value, or leave the parameter out\\)$`),
        path,
      );
    }
    const res = await api.app.request('/api/v1/events?country=PAK,');
    assert.equal(res.status, 400);
    assert.match(
      ((await res.json()) as { error: { message: string } }).error.message,
      /^invalid country: "PAK," \(an empty item/,
    );
  });
});

describe('enum values are matched in any case, as filter values are', () => {
  it('interval=Month, by=Admin1, metrics=Events, format=JSON answer as their lower-case forms, echoed in meta', async () => {
    const lower = await get('/api/v1/series', {
      country: 'PAK',
      from: '2021',
      to: '2021',
      interval: 'month',
      by: 'admin1',
      metrics: 'events',
    });
    const mixed = await get('/api/v1/series', {
      country: 'pak',
      from: '2021',
      to: '2021',
      interval: 'Month',
      by: 'Admin1',
      metrics: 'Events',
      format: 'JSON',
    });
    assert.deepEqual(mixed, lower);
    const meta = mixed.meta as unknown as { interval: string; group_by: string };
    assert.deepEqual([meta.interval, meta.group_by], ['month', 'admin1']);
    const events = await get('/api/v1/events', {
      country: 'PAK',
      limit: '3',
      sort: '-Fatalities',
      victim: 'Civilians',
      exact: 'True',
    });
    const canonical = await get('/api/v1/events', {
      country: 'PAK',
      limit: '3',
      sort: '-fatalities',
      victim: 'civilians',
      exact: 'true',
    });
    assert.deepEqual({ ...events, next: null }, { ...canonical, next: null });
    assert.deepEqual(events.meta.filter.victim, 'civilians');
  });

  it('the CLI takes --interval Month --format JSON and --sort -Fatalities --format CSV as the API does', async () => {
    const cli = await runCli(
      store(),
      [registerSeries],
      [
        'series',
        '--country',
        'PAK',
        '--from',
        '2021',
        '--to',
        '2021',
        '--interval',
        'Month',
        '--by',
        'Admin1',
        '--format',
        'JSON',
      ],
    );
    assert.equal(cli.error, undefined, cli.err);
    const http = await get('/api/v1/series', {
      country: 'PAK',
      from: '2021',
      to: '2021',
      interval: 'month',
      by: 'admin1',
    });
    assert.deepEqual((JSON.parse(cli.out) as Answer).meta, http.meta);
    const csv = await runCli(
      store(),
      [registerEvents],
      ['events', '--country', 'PAK', '--limit', '2', '--sort', '-Fatalities', '--format', 'CSV'],
    );
    const same = await runCli(
      store(),
      [registerEvents],
      ['events', '--country', 'PAK', '--limit', '2', '--sort', '-fatalities', '--format', 'csv'],
    );
    assert.equal(csv.error, undefined, csv.err);
    assert.equal(csv.out, same.out);
  });

  it('hand-written choices of single commands too: geo disagreements --level Admin2', async () => {
    const geo = (level: string) =>
      runCli(store(), [registerGeo], ['geo', 'disagreements', '--level', level, '--format', 'json']);
    const [mixed, lower] = [await geo('Admin2'), await geo('admin2')];
    assert.equal(mixed.error, undefined, mixed.err);
    assert.equal(mixed.out, lower.out);
    assert.ok((JSON.parse(mixed.out) as { groups: unknown[] }).groups.length > 0);
  });

  it('a value that names no member is still refused, quoted as sent (and no Unicode look-alike is folded)', async () => {
    for (const [q, message] of [
      ['interval=Monthly', 'invalid interval: "Monthly" (use day, week, month, quarter or year)'],
      // U+212A KELVIN SIGN lower-cases to k in Unicode, not in ASCII.
      ['interval=wee\u212a', 'invalid interval: "wee\u212a" (use day, week, month, quarter or year)'],
      ['format=XML', 'invalid format: "XML" (use json, csv or ndjson)'],
    ]) {
      const res = await api.app.request(`/api/v1/series?${q!.replace('\u212a', '%E2%84%AA')}`);
      assert.equal(res.status, 400, q);
      assert.equal(((await res.json()) as { error: { message: string } }).error.message, message);
    }
    const cli = await runCli(store(), [registerSeries], ['series', '--interval', 'Monthly']);
    assert.equal(
      (cli.error as Error).message,
      'invalid interval: "Monthly" (use day, week, month, quarter or year)',
    );
  });

  it('the CLI refuses a bad choice in the words the API uses: events --sort, --format, geo disagreements --level', async () => {
    const refusal = async (args: string[]) =>
      ((await runCli(store(), [registerEvents, registerGeo], args)).error as Error).message;
    const sort = await api.app.request('/api/v1/events?sort=Foo');
    assert.equal(sort.status, 400);
    // The CLI listed them with commas only ("use date, -date, fatalities, -fatalities").
    assert.equal(
      await refusal(['events', '--sort', 'Foo']),
      ((await sort.json()) as { error: { message: string } }).error.message,
    );
    assert.equal(
      await refusal(['events', '--sort', 'Foo']),
      'invalid sort: "Foo" (use date, -date, fatalities or -fatalities)',
    );
    assert.equal(
      await refusal(['events', '--format', 'xml']),
      'invalid format: "xml" (use table, csv, ndjson, json, geojson, xlsx or parquet)',
    );
    // --victim listed them with commas too, where victim= said "or".
    const victim = await api.app.request('/api/v1/events?victim=kids');
    assert.equal(
      await refusal(['events', '--victim', 'kids']),
      ((await victim.json()) as { error: { message: string } }).error.message,
    );
    assert.equal(
      await refusal(['geo', 'disagreements', '--level', 'admin3']),
      'invalid level: "admin3" (use admin1 or admin2)',
    );
  });
});

describe('a refusal quotes the value it refuses, in the API and the CLI alike (domain/quote.ts)', () => {
  // Each: the query string, the same value on the command line, and the one line both give (the
  // CLI names the flag where the API names the parameter: `invalid --interval`, `invalid interval`).
  const REFUSALS: [string, string[], string][] = [
    [
      'series?interval=hourly',
      ['series', '--interval', 'hourly'],
      'invalid interval: "hourly" (use day, week, month, quarter or year)',
    ],
    [
      'events?sort=size',
      ['events', '--sort', 'size'],
      'invalid sort: "size" (use date, -date, fatalities or -fatalities)',
    ],
    [
      'events?from=2021-02-30',
      ['events', '--from', '2021-02-30'],
      'invalid date for from: "2021-02-30" (use a year 2021, a month 2021-03 or a day 2021-03-07)',
    ],
    [
      'series?country=PK',
      ['series', '--country', 'PK'],
      'invalid country: "PK" (use an ISO 3166-1 alpha-3 code such as PAK)',
    ],
    // Bare, a value with a space read as two words of the message.
    [
      'events?country=PAK%20AFG',
      ['events', '--country', 'PAK AFG'],
      'invalid country: "PAK AFG" (use an ISO 3166-1 alpha-3 code such as PAK)',
    ],
  ];

  it('the API answers 400 with one line quoting the value', async () => {
    for (const [query, , message] of REFUSALS) {
      const res = await api.app.request(`/api/v1/${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(((await res.json()) as { error: { message: string } }).error.message, message);
    }
  });

  it('the CLI exits 2 with the same line', async () => {
    const { exitCodeFor, failureLine } = await import('../../src/cli/fail.ts');
    for (const [, args, message] of REFUSALS) {
      const { error } = await runCli(store(), [registerEvents, registerSeries], args);
      assert.equal(exitCodeFor(error), 2, args.join(' '));
      const flagged = message.replace(/^(invalid (?:date for )?)(\w+)/, '$1--$2');
      assert.equal(failureLine(error), `faultline: ${flagged}\n`);
    }
  });

  it('the CLI names the flag the user typed where the API names the parameter, in every refusal of a value', async () => {
    const { failureLine } = await import('../../src/cli/fail.ts');
    const { buildProgram } = await import('../../src/cli/program.ts');
    // Each: the query, the command line, the API's line and the CLI's (it said the API's `invalid window`).
    for (const [query, args, apiLine, cliLine] of [
      [
        'signals?country=PAK&window=0',
        ['signals', '--country', 'PAK', '--window', '0'],
        'invalid window: "0" (use an integer from 1 to 365)',
        'invalid --window: "0" (use an integer from 1 to 365)',
      ],
      [
        'signals?min_total=x',
        ['signals', '--min-total', 'x'],
        'invalid min_total: "x" (use an integer from 0 to 1000000)',
        'invalid --min-total: "x" (use an integer from 0 to 1000000)',
      ],
      [
        'series?admin1=PK-XX',
        ['series', '--admin1', 'PK-XX'],
        'unknown admin1: "PK-XX" (nearest: PK-SD Sindh, PK-PB Punjab, AF-GHO Ghor, AF-HER Herat, AF-KAB Kabul)',
        'unknown --admin1: "PK-XX" (nearest: PK-SD Sindh, PK-PB Punjab, AF-GHO Ghor, AF-HER Herat, AF-KAB Kabul)',
      ],
      [
        'events?max_border_km=far',
        ['events', '--actor', 'TTP', '--max-border-km', 'far'],
        'invalid max_border_km: "far" (use a number from 0 to 100000)',
        'invalid --max-border-km: "far" (use a number from 0 to 100000)',
      ],
      [
        'events?dyad=pakistan:nobody',
        ['events', '--dyad', 'pakistan:nobody'],
        'unknown actor in dyad "pakistan:nobody": "nobody" (nearest: BRAS, BLA, BLF, BRA, UBA; see docs/actors.md)',
        'unknown actor in --dyad "pakistan:nobody": "nobody" (nearest: BRAS, BLA, BLF, BRA, UBA; see docs/actors.md)',
      ],
      [
        'events?from=2021-13',
        ['events', '--from', '2021-13', '--source', 'ucdp-ged'],
        'invalid date for from: "2021-13" (use a year 2021, a month 2021-03 or a day 2021-03-07)',
        'invalid date for --from: "2021-13" (use a year 2021, a month 2021-03 or a day 2021-03-07)',
      ],
      [
        'events?source=nosuch',
        ['events', '--source', 'nosuch'],
        'unknown source: "nosuch" (nearest: ucdp-ged, faultline-desk, ucdp-candidate)',
        'unknown --source: "nosuch" (nearest: ucdp-ged, faultline-desk, ucdp-candidate)',
      ],
      [
        'relations?a=XYZ&b=AFG',
        ['relations', 'XYZ', 'AFG'],
        'invalid a: "XYZ" (use an ISO 3166-1 alpha-3 code such as PAK)',
        // A value the command takes as an argument is named as its --help names it.
        'invalid <a>: "XYZ" (use an ISO 3166-1 alpha-3 code such as PAK)',
      ],
    ] as [string, string[], string, string][]) {
      const res = await api.app.request(`/api/v1/${query}`);
      assert.equal(((await res.json()) as { error: { message: string } }).error.message, apiLine, query);
      const cli = await runCli(
        store(),
        [registerEvents, registerSeries, registerSignals, registerRelations],
        args,
      );
      // The command that ran is what the program builder's hook records (relations' <a> is an argument).
      const action = buildProgram({} as never).commands.find((c) => c.name() === args[0]);
      assert.equal(failureLine(cli.error, action), `faultline: ${cliLine}\n`, args.join(' '));
    }
  });

  it('a bad boolean is refused the same way, listing the words every boolean takes', async () => {
    const res = await api.app.request('/api/v1/events?border_zone=maybe');
    assert.equal(res.status, 400);
    assert.equal(
      ((await res.json()) as { error: { message: string } }).error.message,
      'invalid border_zone: "maybe" (use true, false, yes, no, 1 or 0)',
    );
  });
});

describe('one boolean vocabulary: event filters and alert rules take the same words (domain/choice.ts)', () => {
  const WORDS: [string, boolean][] = [
    ['true', true],
    ['YES', true],
    ['1', true],
    ['False', false],
    ['no', false],
    ['0', false],
  ];

  it('an event filter and a route flag over the API read each word, in any case, as the matching true or false', async () => {
    for (const [word, value] of WORDS) {
      const answer = await get('/api/v1/events', { country: 'PAK', exact: word, limit: '1' });
      // meta.filter echoes a flag only when it is set.
      assert.equal(answer.meta.filter.exact ?? false, value, `exact=${word}`);
    }
    // A route's own flag takes them too (it took only true and false).
    for (const [word] of WORDS)
      await get('/api/v1/events', { country: 'PAK', include_superseded: word, limit: '1' });
  });

  it('an alert rule reads the same words, and refuses another one in the words the filter uses', async () => {
    const { addAlertRule } = await import('../../src/app/alerts/rules.ts');
    for (const [word, value] of WORDS) {
      const { rule } = await addAlertRule(store(), { kind: 'border', interstate: word, max_border_km: 25 });
      assert.equal(
        (rule.params as { interstate?: boolean }).interstate ?? false,
        value,
        `interstate=${word}`,
      );
    }
    await assert.rejects(addAlertRule(store(), { kind: 'border', interstate: 'maybe' }), {
      message: 'invalid interstate: "maybe" (use true, false, yes, no, 1 or 0)',
    });
  });
});
