import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { gedStoreCopy } from '../../test/helpers/bundled-store.ts';
import { closeDiscarded } from '../../test/helpers/discard-store.ts';
import { createApi } from '../api/server.ts';
import { registerEvents } from '../cli/commands/events.ts';
import { registerSeries } from '../cli/commands/series.ts';
import { registerSources } from '../cli/commands/sources.ts';
import { createStore, type Store } from '../storage/index.ts';
import { buildBriefing } from './briefing/build-briefing.ts';
import { importFile } from './import-dataset.ts';
import { csvCell } from './csv.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { failureLine } from '../cli/fail.ts';

const CANDIDATE = new URL('../ingest/ucdp-candidate/fixtures/GEDEvent_v26_0_7_sample.csv', import.meta.url)
  .pathname;

// UCDP GED 22.1 declares 1989-01-01 to 2021-12-31; the Candidate file 26.0.7 declares July 2026.
// 2023 lies between them: no loaded source covers it. January 1990 is covered, and the TTP (founded
// in 2007) has no event there: a true zero.
let store: Store;
before(async () => {
  // A copy of the run's store of the bundled GED file (importFile(store, GED_FILE), unplaced).
  store = await createStore({ path: await gedStoreCopy({ placed: false }) });
  await importFile(store, CANDIDATE);
});
// The copy is thrown away: closed without DuckDB's checkpoint (discard-store.ts).
after(() => closeDiscarded(store));

async function cli(...args: string[]): Promise<{ out: string; err: string }> {
  const r = await runCli(store, [registerEvents, registerSeries], args);
  if (r.error) throw r.error;
  return r;
}

const api = async (url: string) =>
  JSON.parse(await (await createApi({ store, log: () => {} }).app.request(url)).text());

describe('"no loaded source covers this" is never "zero events"', () => {
  it('the ledger and the coverage keep the period each release declares, not its first and last event', async () => {
    const cov = await store.coverage();
    assert.deepEqual(
      cov.map((c) => [c.source, c.version, c.firstDate, c.lastDate, c.basis]),
      [
        ['ucdp-candidate', '26.0.7', '2026-07-01', '2026-07-31', 'declared'],
        ['ucdp-ged', '22.1', '1989-01-01', '2021-12-31', 'declared'],
      ],
    );
    const ledger = await store.listImports();
    assert.deepEqual(
      ledger.map((l) => [l.coverageFrom, l.coverageTo]),
      [
        ['1989-01-01', '2021-12-31'],
        ['2026-07-01', '2026-07-31'],
      ],
    );
  });

  it('CLI events: an uncovered period says "not covered" (and no count of 0), a covered empty one says zero is a true zero', async () => {
    const none = await cli('events', '--from', '2023-01-01', '--to', '2023-12-31');
    assert.equal(
      none.err,
      'not covered: no loaded source covers 2023-01-01 to 2023-12-31 (ucdp-candidate 26.0.7 covers 2026-07-01 to 2026-07-31; ucdp-ged 22.1 covers 1989-01-01 to 2021-12-31), so nothing is known there (not zero events)\n',
    );
    const zero = await cli(
      'events',
      '--country',
      'PAK',
      '--actor',
      'TTP',
      '--from',
      '1990-01-01',
      '--to',
      '1990-01-31',
    );
    assert.equal(
      zero.err,
      '0 of 0 events\ncovered, and no event matches: 1990-01-01 to 1990-01-31 is covered (ucdp-ged 22.1 covers 1989-01-01 to 2021-12-31), so zero is a true zero\n',
    );
  });

  it('CLI exports: an uncovered period writes no rows and says "not covered" on stderr; a covered one with rows names its sources and licences alone', async () => {
    const none = await cli('events', '--from', '2023-01-01', '--to', '2023-12-31', '--format', 'csv');
    assert.equal(none.out.trim().split('\n').length, 1, 'the header alone');
    assert.match(
      none.err,
      /^not covered: no loaded source covers 2023-01-01 to 2023-12-31 .*\(not zero events\)\n$/,
    );
    const json = await cli('events', '--from', '2023-01-01', '--to', '2023-12-31', '--format', 'json');
    assert.deepEqual(JSON.parse(json.out), []);
    assert.equal(json.err, none.err);
    const some = await cli(
      'events',
      '--country',
      'PAK',
      '--from',
      '2021-01-01',
      '--to',
      '2021-12-31',
      '--format',
      'ndjson',
    );
    assert.ok(some.out.trim().split('\n').length > 0);
    const credits =
      'sources: ucdp-ged 22.1 (189 events, final)\n' +
      'licences: ucdp-ged 22.1: CC-BY-4.0 <https://creativecommons.org/licenses/by/4.0/>\n';
    assert.equal(some.err, credits);
    // An export cut to nothing by --offset (or --limit 0) is not "no event matches": it says of how many.
    const n = some.out.trim().split('\n').length;
    const pak2021 = ['--country', 'PAK', '--from', '2021', '--to', '2021'];
    const past = await cli('events', ...pak2021, '--offset', '100000', '--format', 'json');
    assert.equal(past.out.trim(), '[]');
    assert.equal(past.err, `0 of ${n} matching events exported (--offset 100000)\n${credits}`);
    const two = await cli('events', ...pak2021, '--limit', '2', '--format', 'csv');
    assert.equal(two.err, `events 1-2 of ${n} matching events exported (--offset 0, --limit 2)\n${credits}`);
    // Without a country the answer is about both: the Candidate file covers Afghanistan, GED 22.1 does not.
    const both = await cli('events', '--from', '2021-01-01', '--to', '2021-12-31', '--format', 'ndjson');
    assert.equal(both.out, some.out);
    assert.equal(
      both.err,
      credits +
        'partly covered: no loaded source version covers AFG from 2021-01-01 to 2021-12-31: that country has no reporting there, not no violence, and totals there count the other countries alone (meta.uncovered_countries)\n',
    );
  });

  it("CLI geojson names the matching events as the collection's total, as the API's export does (null where nothing is known)", async () => {
    for (const q of [
      ['PAK', '2021'],
      ['PAK', '2023'],
    ]) {
      const [country, year] = q as [string, string];
      const cliTotal = JSON.parse(
        (await cli('events', '--country', country, '--from', year, '--to', year, '--format', 'geojson')).out,
      ).total;
      const res = await createApi({ store, log: () => {} }).app.request(
        `/api/v1/events?country=${country}&from=${year}&to=${year}&format=geojson`,
      );
      assert.equal(cliTotal, JSON.parse(await res.text()).total, year);
      assert.equal(cliTotal, year === '2023' ? null : Number(res.headers.get('x-faultline-total')), year);
    }
  });

  it('--limit 0 says how many match and how to get them, with no --offset for a page it did not show', async () => {
    const r = await cli('events', '--country', 'PAK', '--from', '2021', '--to', '2021', '--limit', '0');
    assert.match(
      r.err,
      /^0 of (\d+) events; \1 more: --format csv \(ndjson, json, geojson, xlsx, parquet\) for all of them\n/,
    );
  });

  it('a --limit or --offset over the bound is refused naming it, with the API\'s bounds: a table or a JSON page holds at most 1000 events, an export any number (before: a table of every event; "bigint out of int64 range"; this session\'s first bound refused exports over 1000)', async () => {
    const run = (...args: string[]) => runCli(store, [registerEvents], ['events', ...args]);
    const refusal = async (...args: string[]) => failureLine((await run(...args)).error);
    assert.equal(
      await refusal('--limit', '1001'),
      'faultline: invalid --limit: "1001" (use an integer from 0 to 1000)\n',
    );
    assert.equal(
      await refusal('--limit', '1000000001', '--format', 'csv'),
      'faultline: invalid --limit: "1000000001" (use an integer from 0 to 1000000000)\n',
    );
    for (const format of ['table', 'csv'])
      assert.equal(
        await refusal('--offset', '99999999999999999999', '--format', format),
        'faultline: invalid --offset: "99999999999999999999" (use an integer from 0 to 1000000000)\n',
      );
    // An export takes a limit over a page's: 1,500 of the store's events, a header line above them.
    const csv = await run('--limit', '1500', '--format', 'csv');
    assert.equal(csv.error, undefined);
    assert.equal((parse(csv.out) as string[][]).length, 1 + 1500);
    // The API's limit starts at 1: --limit 0 is the CLI's own (how many match, above).
    assert.deepEqual(await api('/api/v1/events?limit=1001'), {
      error: {
        code: 'invalid_input',
        message:
          'invalid limit: "1001" (use an integer from 1 to 1000 for a page, or up to 1000000000 for an export (format=csv, ndjson, geojson or parquet))',
      },
    });
    const exported = await createApi({ store, log: () => {} }).app.request(
      '/api/v1/events?limit=1500&format=csv',
    );
    assert.equal(exported.status, 200);
    assert.equal((parse(await exported.text()) as string[][]).length, 1 + 1500);
  });

  it('a split series notes group null only when it has one', async () => {
    const json = async (...args: string[]) =>
      JSON.parse((await cli('series', ...args, '--format', 'json')).out) as {
        points: { group: string | null }[];
        meta: { notes: string[] };
      };
    const note = /^group null holds events without a value for the split/;
    // In-memory GED without placement: no province codes, every event in group null.
    const unplaced = await json('--by', 'admin1', '--from', '2021', '--to', '2021', '--interval', 'year');
    assert.ok(unplaced.points.some((p) => p.group === null));
    assert.ok(unplaced.meta.notes.some((n) => note.test(n)));
    // By type every event has one: no null group, no note.
    const byType = await json('--by', 'type', '--from', '2021', '--to', '2021', '--interval', 'year');
    assert.ok(byType.points.every((p) => p.group !== null));
    assert.ok(!byType.meta.notes.some((n) => note.test(n)), byType.meta.notes.join(' | '));
  });

  it('a table is not written to --output (it was printed, and no file made): refused, naming the export formats', async () => {
    const r = await runCli(store, [registerEvents], ['events', '--output', '/nonexistent-dir/t.txt']);
    assert.equal(
      (r.error as Error).message,
      'invalid --output with --format table: it applies to exports (--format csv, ndjson, json, geojson, xlsx or parquet)',
    );
    assert.equal(r.out, '');
  });

  it('--output naming a directory, or a file in a missing one, is refused in one line quoting it (exit 2), not a raw EISDIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-out-'));
    const r = await runCli(store, [registerEvents], ['events', '--format', 'csv', '--output', dir]);
    assert.ok(r.error instanceof InvalidInputError);
    assert.equal(
      r.error.message,
      `cannot write "${dir}": it is a directory, not a file (give --output a file path)`,
    );
    const missing = join(dir, 'no', 'x.csv');
    const m = await runCli(store, [registerEvents], ['events', '--format', 'csv', '--output', missing]);
    assert.equal(
      (m.error as Error).message,
      `cannot write "${missing}": the folder "${join(dir, 'no')}" does not exist`,
    );
  });

  it('events sorted by deaths flag a record dated only to the year in the table', async () => {
    const r = await cli('events', '--country', 'PAK', '--sort', '-fatalities', '--limit', '5');
    const [head, ...rows] = r.out.trim().split('\n');
    assert.match(head!, /date_start\s+date_precision/);
    assert.ok(
      rows.some((l) => /^ucdp-ged:\S+\s+2009-01-01\s+year\s/.test(l)),
      `no year-dated 2009 record among the deadliest:\n${r.out}`,
    );
  });

  it('API: events and series say not_covered, and an uncovered period has null figures, a covered empty one zeros', async () => {
    const none = await api('/api/v1/events?from=2023-01-01&to=2023-12-31');
    // Nothing is known there: the count is null, not 0.
    assert.equal(none.total, null);
    assert.equal(none.meta.coverage_status, 'not_covered');
    assert.deepEqual(none.meta.uncovered, [{ from: '2023-01-01', to: '2023-12-31' }]);
    const zero = await api('/api/v1/events?country=PAK&actor=TTP&from=1990-01-01&to=1990-01-31');
    assert.equal(zero.total, 0);
    assert.equal(zero.meta.coverage_status, 'covered');
    const s = await api(
      '/api/v1/series?country=PAK&from=2021-11-01&to=2022-02-28&metrics=events,fatalities_best',
    );
    assert.equal(s.meta.coverage_status, 'partly_covered');
    assert.deepEqual(
      s.points.map((p: Record<string, unknown>) => [p.period, p.events === null, p.fatalities_best === null]),
      [
        ['2021-11', false, false],
        ['2021-12', false, false],
        ['2022-01', true, true],
        ['2022-02', true, true],
      ],
    );
    const quiet = await api(
      '/api/v1/series?country=PAK&actor=TTP&from=1990-01-01&to=1990-03-31&metrics=events',
    );
    assert.deepEqual(
      quiet.points.map((p: Record<string, unknown>) => p.events),
      [0, 0, 0],
    );
  });

  it("a listing without dates says what it covers, the loaded sources' whole period with its gaps, as a dated one does", async () => {
    const gap =
      'no loaded source version covers 2022-01-01 to 2026-06-30: periods there show no reporting, not no violence';
    const undated = await api('/api/v1/events?country=PAK&limit=1');
    const dated = await api('/api/v1/events?country=PAK&limit=1&from=1989-01-01&to=2026-07-31');
    const coverage = (m: Record<string, unknown>) => [
      m.period,
      m.coverage_status,
      m.uncovered,
      m.uncovered_countries,
      m.coverage_warning,
    ];
    assert.deepEqual(coverage(undated.meta), [
      { from: '1989-01-01', to: '2026-07-31' },
      'partly_covered',
      [{ from: '2022-01-01', to: '2026-06-30' }],
      [],
      gap,
    ]);
    assert.deepEqual(coverage(undated.meta), coverage(dated.meta));
    const table = await cli('events', '--country', 'PAK', '--limit', '1');
    assert.match(table.err, new RegExp(`\\npartly covered: ${gap}\\n$`));
    // An export names the source versions and licences after its rows, as the table under its own.
    const cc = 'CC-BY-4.0 <https://creativecommons.org/licenses/by/4.0/>';
    const sources =
      'sources: ucdp-candidate 26.0.7 (2 events, preliminary), ucdp-ged 22.1 (6,416 events, final)\n' +
      `licences: ucdp-candidate 26.0.7: ${cc} | ucdp-ged 22.1: ${cc}\n`;
    assert.ok(table.err.includes(sources), table.err);
    const json = await cli('events', '--country', 'PAK', '--format', 'json');
    assert.equal(json.err, `${sources}partly covered: ${gap}\n`);
    const csv = await createApi({ store, log: () => {} }).app.request(
      '/api/v1/events?country=PAK&format=csv',
    );
    assert.equal(csv.headers.get('x-faultline-coverage-warning'), gap);
    // No loaded source version holds Afghanistan in GED: no period, and nothing is known (not zero events).
    const none = await api('/api/v1/events?country=AFG&source=ucdp-ged');
    assert.deepEqual(
      [none.total, none.meta.period, none.meta.coverage_status, none.meta.coverage_warning],
      [
        null,
        null,
        'not_covered',
        'no loaded source version matches the source, version and country filters: every period shows no reporting, not no violence',
      ],
    );
  });

  it('a store that holds no source dataset says so and how to load one, not that none matches the filters', async () => {
    const empty = await createStore({ path: ':memory:' });
    try {
      const load =
        'no source dataset is loaded in the store (`faultline start --no-serve` loads the bundled data, `faultline import FILE` a dataset file, `faultline fetch ucdp` or `faultline fetch acled` events from an API)';
      const res = await createApi({ store: empty, log: () => {} }).app.request(
        '/api/v1/series?from=2020&to=2020',
      );
      const series = JSON.parse(await res.text());
      assert.equal(series.meta.coverage_warning, `${load}: every period shows no reporting, not no violence`);
      // The same fact as data, set where the warning is written: no source version is loaded.
      assert.equal(series.meta.source_versions_loaded, 0);
      const listed = await runCli(empty, [registerEvents], ['events']);
      assert.equal(listed.err, `not covered: ${load}, so nothing is known (not zero events)\n`);
      // Loaded sources none of which matches the filters keep saying so.
      const other = await api('/api/v1/series?from=2020&to=2020&country=AFG&source=ucdp-ged');
      assert.match(
        other.meta.coverage_warning,
        /^no loaded source version matches the source, version and country filters: /,
      );
      // The store's versions, whatever the filter: the GED file and the Candidate file imported.
      assert.equal(other.meta.source_versions_loaded, 2);
    } finally {
      await empty.close();
    }
  });

  it('CLI series shows an uncovered month as empty cells, not 0', async () => {
    const r = await cli(
      'series',
      '--country',
      'PAK',
      '--from',
      '2021-12-01',
      '--to',
      '2022-01-31',
      '--metrics',
      'events',
      '--format',
      'csv',
    );
    assert.equal(r.out, 'period,events\n2021-12,' + r.out.split('\n')[1]!.split(',')[1] + '\n2022-01,\n');
    assert.notEqual(r.out.split('\n')[1]!.split(',')[1], '');
  });

  it('briefing: no change is computed against a reference period no loaded source covers', async () => {
    const d = await buildBriefing(store, {
      period: '2022',
      filter: { country: ['PAK'] },
      generatedAt: '2026-01-01T00:00:00Z',
    });
    const events = d.key_figures.find((k) => k.metric === 'events')!;
    assert.equal(events.coverage, 'not_covered');
    assert.equal(events.value, null);
    const covered = await buildBriefing(store, {
      period: '2021',
      filter: { country: ['PAK'] },
      generatedAt: '2026-01-01T00:00:00Z',
    });
    const e2021 = covered.key_figures.find((k) => k.metric === 'events')!;
    assert.equal(e2021.coverage, 'covered');
    assert.equal(e2021.previous.coverage, 'covered');
    assert.ok(e2021.previous.difference !== null);
    const later = await buildBriefing(store, {
      period: '2026-08',
      filter: {},
      generatedAt: '2026-01-01T00:00:00Z',
    });
    const e = later.key_figures.find((k) => k.metric === 'events')!;
    // August 2026 is not covered; July 2026 (previous) is, and its count is known (no change is
    // computed, and the warning says why); August 2025 (a year earlier) is not covered.
    assert.equal(e.coverage, 'not_covered');
    const july = await store.countEvents({ from: '2026-07-01', to: '2026-07-31', datesWithin: 'whole' });
    assert.ok(july > 0);
    assert.deepEqual(
      [
        e.previous.coverage,
        e.previous.value,
        e.previous.difference,
        e.previous.warning,
        e.year_earlier.coverage,
        e.year_earlier.value,
        e.year_earlier.difference,
      ],
      [
        'covered',
        july,
        null,
        'no change computed: 2026-08 itself is not covered by the loaded sources',
        'not_covered',
        null,
        null,
      ],
    );
  });
});

/** The cells of one CSV line (quoted cells may hold commas and doubled quotes). */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  return [...cells, cell];
}

describe('events listed in a period no loaded source covers', () => {
  // A Candidate release declaring August 2026, with one record dated only to a span from 31 May to
  // 10 August (as UCDP dates a record it can place only within a year): it matches the first half of 2026, which
  // no loaded source covers.
  let reaching: Store;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-reaching-'));
    const [head, row] = readFileSync(CANDIDATE, 'utf8').split(/\r?\n/);
    const cols = head!.split(',');
    const cells = parseCsvLine(row!);
    const set = (k: string, v: string) => (cells[cols.indexOf(k)] = v);
    set('id', '900001');
    set('date_start', '2026-05-31 00:00:00.000');
    set('date_end', '2026-08-10 00:00:00.000');
    set('date_prec', '5');
    const file = join(dir, 'GEDEvent_v26_0_8_sample.csv');
    writeFileSync(file, `${head}\n${cells.map((c) => csvCell(c)).join(',')}\n`);
    reaching = await createStore({ path: ':memory:' });
    await importFile(reaching, file);
  });
  after(() => reaching.close());

  it('the CLI says the events listed are records of another period reaching into it, not that nothing is known', async () => {
    const r = await runCli(reaching, [registerEvents], ['events', '--from', '2026-01', '--to', '2026-06']);
    assert.equal(r.error, undefined);
    assert.match(r.out, /ucdp-candidate:900001/);
    assert.equal(
      r.err,
      'events 1-1 of 1\nsources: ucdp-candidate 26.0.8 (1 event, preliminary)\nlicences: ucdp-candidate 26.0.8: CC-BY-4.0 <https://creativecommons.org/licenses/by/4.0/>\nnot covered: no loaded source covers 2026-01-01 to 2026-06-30 (ucdp-candidate 26.0.8 covers 2026-08-01 to 2026-08-31): the 1 matching event is a record of another period whose dates reach into it (dated to a span of days, a month or a year), not a count of this period, where nothing else is known\n',
    );
  });

  it("the API's meta says the same in its notes, beside coverage_status not_covered", async () => {
    const page = JSON.parse(
      await (
        await createApi({ store: reaching, log: () => {} }).app.request(
          '/api/v1/events?from=2026-01&to=2026-06',
        )
      ).text(),
    );
    assert.deepEqual([page.total, page.meta.coverage_status], [1, 'not_covered']);
    assert.ok(
      page.meta.notes.includes(
        'no loaded source covers 2026-01-01 to 2026-06-30 (ucdp-candidate 26.0.8 covers 2026-08-01 to 2026-08-31): the 1 matching event is a record of another period whose dates reach into it (dated to a span of days, a month or a year), not a count of this period, where nothing else is known',
      ),
      page.meta.notes.join(' | '),
    );
  });
});

describe('versions listed in numeric order', () => {
  // Two Candidate releases whose versions text orders wrongly: 26.0.10 before 26.0.9.
  let two: Store;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-versions-'));
    two = await createStore({ path: ':memory:' });
    const [head, ...rows] = readFileSync(CANDIDATE, 'utf8').trim().split(/\r?\n/);
    for (const [version, prefix] of [
      ['10', '8'],
      ['9', '9'],
    ] as const) {
      const file = join(dir, `GEDEvent_v26_0_${version}_sample.csv`);
      writeFileSync(file, [head, ...rows.map((r) => r.replace(/^(\d+),/, `${prefix}$1,`))].join('\n') + '\n');
      await importFile(two, file);
    }
  });
  after(() => two.close());

  it('sources coverage and the sources line under a table put 26.0.9 before 26.0.10', async () => {
    const coverage = await runCli(
      two,
      [registerSources],
      ['sources', '--format', 'csv', '--part', 'coverage'],
    );
    assert.deepEqual(
      coverage.out
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',').slice(0, 2).join(' ')),
      ['ucdp-candidate 26.0.9', 'ucdp-candidate 26.0.10'],
    );
    const series = await runCli(two, [registerSeries], ['series', '--from', '2026-07', '--to', '2026-07']);
    assert.match(
      series.err,
      /^sources: ucdp-candidate 26\.0\.9 \(\d+ events, preliminary\), ucdp-candidate 26\.0\.10 /m,
    );
  });
});
