// test-run: alone, about 16 s (measures export memory)
/**
 * Complete exports, CLI (in-process, through the program builder) and API (in-process requests):
 * every format holds exactly the events that match, counted independently from the raw bundled
 * CSV, parsed back in its own format; limits answer 413 with the count; a command forwarded to a
 * running server exports completely too; a long export does not grow the heap with its length.
 */
import assert from 'node:assert/strict';
import { testContext } from '../helpers/in-process-cli.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { csvRecords } from '../../src/app/csv.ts';
import ExcelJS from 'exceljs';
import { createApi, type Api } from '../../src/api/server.ts';
import type { CliFrame } from '../../src/api/routes/internal-cli.ts';
import { eventFeature, exportEvents } from '../../src/app/event-export.ts';
import { eventSummary } from '../../src/app/event-view.ts';
import { Command, CommanderError } from 'commander';
import { registerEvents } from '../../src/cli/commands/events.ts';
import type { Context } from '../../src/cli/context.ts';
import { exitCodeFor, failureLine } from '../../src/cli/fail.ts';
import { ownerChannel } from '../../src/cli/forwarded.ts';
import { FILTER_VOCABULARY, type FilterKey } from '../../src/domain/filter-vocabulary.ts';
import { loadSettings } from '../../src/config/settings.ts';
import { EVENT_SUMMARY_COLUMNS } from '../../src/domain/event-summary.ts';
import type { DuckDBStore } from '../../src/storage/duckdb/duckdb-store.ts';
import { NO_GEO } from '../../src/storage/event-columns.ts';
import { createStore } from '../../src/storage/index.ts';
import { GED_FILE } from '../helpers/ged-rows.ts';
import { gedStoreCopy } from '../helpers/bundled-store.ts';

const FILTER = ['--country', 'PAK', '--from', '2021', '--to', '2021'];
const QUERY = 'country=PAK&from=2021&to=2021';
const COLUMNS = EVENT_SUMMARY_COLUMNS.map((c) => c.name);

/** The program with the events command, as main.ts builds it (main.ts itself runs when imported). */
function buildProgram(ctx: Context): Command {
  const p = new Command('faultline');
  registerEvents(p, ctx);
  return p;
}

let store: DuckDBStore;
let api: Api;
let dir: string;
/** Events of 2021 in Pakistan, counted from the raw bundled CSV (not through the store). */
let expected = 0;
let expectedIds: string[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-export-'));
  // Read through once and kept to the ids that match: the file's rows, held for the run (gedRows), made
  // every collection of the memory test below slower.
  expectedIds = (
    parse(readFileSync(GED_FILE), {
      columns: true,
      on_record: (r: Record<string, string>) =>
        r.country === 'Pakistan' && r.date_start!.startsWith('2021') ? `ucdp-ged:${r.id}` : null,
    }) as string[]
  ).sort();
  expected = expectedIds.length;
  // The bundled GED file imported (a copy of the run's one store of it).
  store = (await createStore({ path: await gedStoreCopy({ placed: false }) })) as DuckDBStore;
  api = createApi({ store, log: () => {} });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a command in-process; its standard output as bytes, its stderr as text, its exit code. */
async function cli(argv: string[]): Promise<{ out: Buffer; err: string; code: number }> {
  const chunks: Buffer[] = [];
  let err = '';
  const ctx: Context = {
    settings: loadSettings({}),
    store: async () => store,
    placer: async () => () => NO_GEO,
    out: (t) => void chunks.push(Buffer.from(t)),
    err: (t) => void (err += t),
    write: async (c) => void chunks.push(Buffer.from(c)),
    cwd: dir,
  };
  const program = buildProgram(ctx);
  for (const c of [program, ...program.commands])
    c.exitOverride().configureOutput({
      writeErr: (s) => void (err += s),
      writeOut: (s) => void chunks.push(Buffer.from(s)),
      outputError: (s, w) => w(s),
    });
  let code = 0;
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    // As main.ts and fail.ts map them: usage errors (commander's, or invalid input) exit 2.
    if (e instanceof CommanderError) code = e.exitCode === 0 ? 0 : 2;
    else {
      code = exitCodeFor(e);
      err += failureLine(e);
    }
  }
  return { out: Buffer.concat(chunks), err, code };
}

/** The event ids of an export, parsed back in its own format. */
async function idsOf(format: string, bytes: Buffer): Promise<string[]> {
  switch (format) {
    case 'csv': {
      const rows = parse(bytes, { columns: true }) as Record<string, string>[];
      return rows.map((r) => r.id!);
    }
    case 'ndjson':
      return bytes
        .toString()
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: string }).id);
    case 'json':
      return (JSON.parse(bytes.toString()) as { id: string }[]).map((r) => r.id);
    case 'geojson': {
      const fc = JSON.parse(bytes.toString()) as { type: string; features: { id: string }[] };
      assert.equal(fc.type, 'FeatureCollection');
      return fc.features.map((f) => f.id);
    }
    case 'xlsx': {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), COLUMNS);
      const ids: string[] = [];
      ws.eachRow((row, i) => void (i > 1 && ids.push(String(row.getCell(1).value))));
      return ids;
    }
    case 'parquet': {
      const path = join(dir, `read-${Math.random()}.parquet`);
      (await import('node:fs')).writeFileSync(path, bytes);
      const rows = await store.select<{ id: string }>(`SELECT id FROM read_parquet('${path}')`);
      return rows.map((r) => r.id);
    }
  }
  throw new Error(format);
}

const FORMATS = ['csv', 'ndjson', 'json', 'geojson', 'xlsx', 'parquet'];

describe('complete exports from the CLI', () => {
  it('the 2021 Pakistan filter matches the events counted in the raw bundled CSV', () => {
    assert.equal(expected, 189);
  });

  for (const format of FORMATS)
    it(`events --format ${format} writes every matching event (the raw CSV's count), parsed back`, async () => {
      const r = await cli(['events', ...FILTER, '--format', format]);
      assert.equal(r.code, 0, r.err);
      const ids = await idsOf(format, r.out);
      assert.equal(ids.length, expected);
      assert.deepEqual([...ids].sort(), expectedIds);
    });

  it('--output writes the file and says how many events it holds', async () => {
    const r = await cli(['events', ...FILTER, '--format', 'parquet', '--output', 'pak-2021.parquet']);
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.err,
      `wrote ${expected} events to "pak-2021.parquet"\n` +
        `sources: ucdp-ged 22.1 (${expected} events, final)\n` +
        'licences: ucdp-ged 22.1: CC-BY-4.0 <https://creativecommons.org/licenses/by/4.0/>\n',
    );
    const ids = await idsOf('parquet', readFileSync(join(dir, 'pak-2021.parquet')));
    assert.equal(ids.length, expected);
  });

  it('--format table shows a page, says how many more match and how to get them, and which source versions they come from', async () => {
    const r = await cli(['events', ...FILTER]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.toString().trim().split('\n').length, 2 + 100);
    assert.equal(
      r.err,
      `events 1-100 of ${expected}; ${expected - 100} more: --offset 100 for the next page, or --format csv (ndjson, json, geojson, xlsx, parquet) for all of them\n` +
        `sources: ucdp-ged 22.1 (${expected} events, final)\n` +
        'licences: ucdp-ged 22.1: CC-BY-4.0 <https://creativecommons.org/licenses/by/4.0/>\n',
    );
  });

  it('--hxl adds the hashtag row under the CSV header', async () => {
    const r = await cli(['events', ...FILTER, '--format', 'csv', '--hxl']);
    const [head, tags] = r.out.toString().split('\n');
    assert.equal(head, COLUMNS.join(','));
    assert.equal(tags, EVENT_SUMMARY_COLUMNS.map((c) => c.hxl).join(','));
    assert.equal((parse(r.out, { from_line: 3 }) as unknown[]).length, expected);
  });
});

describe('one row shape', () => {
  it("the engine's summaries equal the listing's (app/event-view.ts) for every matching event", async () => {
    const filter = { country: ['PAK'], from: '2021-01-01', to: '2021-12-31' };
    const listed = (await store.queryEvents({ ...filter, limit: 1000 })).rows.map(eventSummary);
    const streamed = [];
    for await (const rows of store.streamEventSummaries({ ...filter, batchSize: 50 })) streamed.push(...rows);
    assert.equal(streamed.length, expected);
    assert.deepEqual(streamed, JSON.parse(JSON.stringify(listed)));
  });

  it("a listing's page (the fields a summary reads, what GET /events reads) summarises as the wide page, in every sort", async () => {
    const filter = { country: ['PAK'], from: '2021-01-01', to: '2021-12-31' };
    for (const sort of ['date', '-date', 'fatalities', '-fatalities'] as const)
      for (const [offset, limit] of [
        [0, 100],
        [37, 25],
        [expected - 10, 50],
      ] as const) {
        const wide = await store.queryEvents({ ...filter, sort, offset, limit });
        const page = await store.queryListingEvents({ ...filter, sort, offset, limit });
        assert.equal(page.total, expected);
        assert.equal(page.rows.length, Math.min(limit, expected - offset), `${sort} ${offset}`);
        assert.deepEqual(page.rows.map(eventSummary), wide.rows.map(eventSummary), `${sort} ${offset}`);
      }
    // A page of more than a thousand ids is scanned for, not looked up by id (fetchPageRows): the same rows.
    const long = await store.queryListingEvents({ country: ['PAK'], sort: '-date', limit: 1500 });
    assert.equal(long.rows.length, 1500);
    assert.deepEqual(
      long.rows.map(eventSummary),
      (await store.queryEvents({ country: ['PAK'], sort: '-date', limit: 1500 })).rows.map(eventSummary),
    );
    assert.deepEqual(await store.queryListingEvents({ ...filter, from: '1900-01-01', to: '1900-12-31' }), {
      rows: [],
      total: 0,
    });
    // The API's JSON page is that listing; with original=true it reads the whole rows, same summaries.
    const wide = await store.queryEvents({ ...filter, sort: '-fatalities', limit: 30 });
    const summaries = JSON.parse(JSON.stringify(wide.rows.map(eventSummary)));
    const res = await api.app.request(`/api/v1/events?${QUERY}&sort=-fatalities&limit=30`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { events: unknown[]; total: number };
    assert.deepEqual(body.events, summaries);
    assert.equal(body.total, expected);
    const withOriginals = await api.app.request(
      `/api/v1/events?${QUERY}&sort=-fatalities&limit=30&original=true`,
    );
    const bodyO = (await withOriginals.json()) as {
      events: (Record<string, unknown> & { original: unknown })[];
    };
    assert.deepEqual(
      bodyO.events.map(({ original, ...e }) => (assert.ok(original), e)),
      summaries,
    );
  });
});

describe('export text written by the engine', () => {
  it("is byte for byte what JSON.stringify and csv-stringify write of the listing's summaries, odd values included", async () => {
    const [e] = (
      await store.queryEvents({ country: ['PAK'], from: '2021-01-01', to: '2021-12-31', limit: 1 })
    ).rows;
    // Values where DuckDB's own text differs from JavaScript's: 71.0, 5e-05, 1e-7, upper-case \u001B,
    // NULL list items; and cells a spreadsheet must not run or split.
    await store.select(
      `INSERT INTO events SELECT * REPLACE ('fmt:1' AS id, 71.0 AS lat, 0.00005 AS lon, 1e-7 AS border_km,
       'a "quoted", multi' || chr(10) || 'line' || chr(27) || chr(31) || ' é ＝ \\u001B' AS place, '' AS admin1_label,
       '-12' AS admin2_name, '=1+2' AS admin2_label, '-x' AS actor1, chr(13) || 'cr' AS actor2,
       ['a', NULL, '＋b'] AS actor_ids, NULL AS geo_exact, NULL AS fatalities_best, -0.0 AS snapped_km) FROM events WHERE id = $1`,
      [e!.id],
    );
    // Written around an import: the rollups and the listings' event_keys are made again from events.
    await store.rebuildRollups();
    try {
      const filter = { country: ['PAK'], from: '2021-01-01', to: '2021-12-31' };
      const listed = (await store.queryEvents({ ...filter, limit: 1000 })).rows.map(eventSummary);
      assert.equal(listed.length, expected + 1);
      const text = async (form: 'csv' | 'json' | 'feature') => {
        const out: string[] = [];
        for await (const rows of store.streamEventText(filter, form)) out.push(...rows);
        return out;
      };
      assert.deepEqual(
        await text('json'),
        listed.map((r) => JSON.stringify(r)),
      );
      // A listing's page reads the same values, odd ones included.
      assert.deepEqual(
        (await store.queryListingEvents({ ...filter, limit: 1000 })).rows.map((r) =>
          JSON.stringify(eventSummary(r)),
        ),
        listed.map((r) => JSON.stringify(r)),
      );
      assert.deepEqual(
        await text('feature'),
        listed.map((r) => JSON.stringify(eventFeature(r))),
      );
      // The answers' CSV writer (app/csv.ts), so an export and an answer write a cell alike.
      const csv = csvRecords(listed.map((r) => COLUMNS.map((c) => r[c])));
      assert.equal((await text('csv')).join(''), csv);
      assert.ok(csv.includes(',-12,'), 'text that is a negative number is not escaped as a formula');
      assert.ok(
        csv.includes(`"a ""quoted"", multi\nline\u001b\u001f é ＝ \\u001B"`),
        'the odd row was compared',
      );
    } finally {
      await store.select(`DELETE FROM events WHERE id = 'fmt:1'`);
      await store.rebuildRollups();
    }
  });
});

describe('complete exports from the API', () => {
  for (const format of ['csv', 'ndjson', 'geojson', 'parquet'])
    it(`GET /events?format=${format} streams every matching event`, async () => {
      const res = await api.app.request(`/api/v1/events?${QUERY}&format=${format}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-faultline-total'), String(expected));
      const ids = await idsOf(format, Buffer.from(await res.arrayBuffer()));
      assert.deepEqual([...ids].sort(), expectedIds);
      // The JSON page's meta travels in headers: the source versions the rows come from.
      const page = (await (await api.app.request(`/api/v1/events?${QUERY}`)).json()) as {
        meta: { sources: { source: string; version: string; events: number; release: string | null }[] };
      };
      assert.equal(
        res.headers.get('x-faultline-sources'),
        page.meta.sources
          .map((x) => `${x.source} ${x.version} (${x.events} events${x.release ? `, ${x.release}` : ''})`)
          .join(', '),
      );
      // And the terms the rows may be shared under: they named no licence.
      assert.equal(
        res.headers.get('x-faultline-licences'),
        'ucdp-ged 22.1: CC-BY-4.0 <https://creativecommons.org/licenses/by/4.0/>',
      );
      assert.equal(res.headers.get('x-faultline-coverage-warning'), null);
    });

  it('an export of a period no loaded source covers is empty and says so in its headers (not zero events)', async () => {
    const res = await api.app.request('/api/v1/events?from=2023-01-01&to=2023-12-31&format=csv');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-faultline-total'), 'unknown');
    assert.equal(res.headers.get('x-faultline-rows'), '0');
    assert.equal(res.headers.get('x-faultline-sources'), 'none');
    assert.equal(res.headers.get('x-faultline-licences'), null);
    assert.match(
      res.headers.get('x-faultline-coverage-warning') ?? '',
      /^no loaded source version covers 2023-01-01 to 2023-12-31: periods there show no reporting, not no violence$/,
    );
    assert.equal((await res.text()).trim().split('\n').length, 1, 'the header row alone');
  });

  it('an event listing of a period no loaded source covers has a total of null, not 0; a covered day without events has 0', async () => {
    const uncovered = 'from=2023-01-01&to=2023-12-31';
    const page = (await (await api.app.request(`/api/v1/events?${uncovered}`)).json()) as {
      events: unknown[];
      total: number | null;
      meta: { coverage_status: string };
    };
    assert.deepEqual([page.events, page.total, page.meta.coverage_status], [[], null, 'not_covered']);
    const geo = (await (await api.app.request(`/api/v1/events?${uncovered}&format=geojson`)).json()) as {
      total: number | null;
      features: unknown[];
    };
    assert.deepEqual([geo.features, geo.total], [[], null]);
    // A day of 2021 (covered by GED 22.1) on which no event happened: a true zero.
    const days = new Set(
      (
        await store.queryEvents({ country: ['PAK'], from: '2021-01-01', to: '2021-12-31', limit: 10_000 })
      ).rows.map((e) => e.dateStart),
    );
    const quiet = Array.from({ length: 365 }, (_, i) =>
      new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10),
    ).find((d) => !days.has(d))!;
    const covered = (await (
      await api.app.request(`/api/v1/events?country=PAK&from=${quiet}&to=${quiet}`)
    ).json()) as { total: number | null; meta: { coverage_status: string } };
    assert.deepEqual([covered.total, covered.meta.coverage_status], [0, 'covered']);
    const csv = await api.app.request(`/api/v1/events?country=PAK&from=${quiet}&to=${quiet}&format=csv`);
    assert.equal(csv.headers.get('x-faultline-total'), '0');
  });

  it('JSON pages carry the total and the link of the next page, which together cover every event', async () => {
    const seen: string[] = [];
    let url: string | null = `/api/v1/events?${QUERY}&limit=50`;
    while (url) {
      const body = (await (await api.app.request(url)).json()) as {
        total: number;
        next: string | null;
        events: { id: string }[];
      };
      assert.equal(body.total, expected);
      seen.push(...body.events.map((e) => e.id));
      url = body.next;
    }
    assert.deepEqual(seen.sort(), expectedIds);
  });

  it('an export larger than the maximum answers 413 with the count before any row', async () => {
    const small = createApi({ store, log: () => {}, maxStreamedRows: 100 });
    const res = await small.app.request(`/api/v1/events?${QUERY}&format=csv`);
    assert.equal(res.status, 413);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'export_too_large');
    assert.match(
      body.error.message,
      new RegExp(`^export too large: ${expected.toLocaleString('en-US')} rows \\(limit 100\\)`),
    );
  });

  it('an export whose events change between its count and its rows is broken off, never a file that disagrees with its headers', async () => {
    // A write lands right after the count the headers carry, as an import committing at that moment would.
    const moved = Object.create(store, {
      countEvents: {
        value: async (...args: Parameters<DuckDBStore['countEvents']>) => {
          const n = await store.countEvents(...args);
          await store.select(
            `INSERT INTO events SELECT * REPLACE ('race:1' AS id) FROM events WHERE id = $1`,
            [expectedIds[0]!],
          );
          return n;
        },
      },
    }) as DuckDBStore;
    try {
      const res = await createApi({ store: moved, log: () => {} }).app.request(
        `/api/v1/events?${QUERY}&format=csv`,
      );
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-faultline-total'), String(expected));
      await assert.rejects(res.arrayBuffer(), /changed during the export: \d+ announced, \d+ written/);
    } finally {
      await store.select(`DELETE FROM events WHERE id = 'race:1'`);
    }
  });
});

describe('CSV injection', () => {
  it('cells that a spreadsheet would run as a formula are escaped; negative numbers are not', async () => {
    const [e] = (await store.queryEvents({ limit: 1 })).rows;
    await store.select(
      `INSERT INTO events SELECT * REPLACE ('inj:1' AS id, '=HYPERLINK("x")' AS place, '+1' AS admin1_label,
       '@SUM(A1)' AS admin2_label, '-x' AS actor1, chr(9) || 'tab' AS actor2, -1.5 AS lon) FROM events WHERE id = $1`,
      [e!.id],
    );
    try {
      let out = '';
      await exportEvents(store, { country: ['PAK'], from: e!.dateStart, to: e!.dateStart }, 'csv', {
        write: async (c) => void (out += c),
      });
      const row = (parse(out, { columns: true }) as Record<string, string>[]).find((r) => r.id === 'inj:1')!;
      assert.equal(row.place, `'=HYPERLINK("x")`);
      assert.equal(row.admin1, "'+1");
      assert.equal(row.admin2_name, "'@SUM(A1)");
      assert.equal(row.actors, "'-x; \ttab");
      assert.equal(row.lon, '-1.5');
    } finally {
      await store.select(`DELETE FROM events WHERE id = 'inj:1'`);
    }
  });
});

describe('exports through a running server', () => {
  it('a forwarded `events --format ndjson` streams every matching event back in frames', async () => {
    const silent = () => assert.fail('the owner writes nothing of a forwarded command');
    const ctx = testContext(store, silent, silent);
    const token = 't'.repeat(43);
    const owner = createApi({
      store,
      log: () => {},
      owner: ownerChannel(ctx, buildProgram, { token, db: '/srv/x.duckdb', startedAt: '' }, new Set(), {
        place: () => NO_GEO,
      }),
    });
    const res = await owner.app.request(
      '/api/v1/internal/cli',
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ argv: ['events', ...FILTER, '--format', 'ndjson'], cwd: dir }),
      },
      { incoming: { socket: { remoteAddress: '127.0.0.1', localAddress: '127.0.0.1' } } },
    );
    const frames = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as CliFrame);
    assert.deepEqual(frames.at(-1), { exit: 0 });
    const out = frames.map((f) => ('out' in f ? f.out : '')).join('');
    assert.deepEqual((await idsOf('ndjson', Buffer.from(out))).sort(), expectedIds);
  });
});

/** A malformed or unknown value for every filter of the vocabulary (the type makes it exhaustive). */
const MALFORMED: Record<FilterKey, string> = {
  from: '2021-02-30',
  to: '2021-13',
  country: 'XYZ',
  admin1: 'KP',
  admin2: 'Nowhere-on-earth',
  actor: 'Talban',
  dyad: 'pakistan:talban',
  type: 'batle',
  source: 'ucdp',
  include_desk: 'maybe',
  version: '99.9',
  border_zone: 'maybe',
  max_border_km: '-5',
  exact: 'perhaps',
  victim: 'soldiers',
};

describe('every filter refuses a malformed value with one line', () => {
  for (const spec of FILTER_VOCABULARY) {
    const value = MALFORMED[spec.key];
    it(`${spec.key}=${value}: API 400 and CLI exit 2, one line quoting the value`, async () => {
      const res = await api.app.request(`/api/v1/events?${spec.key}=${encodeURIComponent(value)}`);
      assert.equal(res.status, 400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(error.code, 'invalid_input');
      assert.ok(error.message.includes(value) && !error.message.includes('\n'), error.message);
      const flag = spec.flag.split(' ')[0]!;
      const argv = spec.kind === 'boolean' ? [`${flag}=${value}`] : [flag, value];
      const r = await cli(['events', ...argv]);
      assert.equal(r.code, 2, r.err);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      if (spec.kind !== 'boolean') assert.ok(r.err.includes(value), r.err);
    });
  }

  it('names the nearest valid values of an unknown name', async () => {
    const res = await api.app.request('/api/v1/series?admin1=Khyber');
    assert.deepEqual(await res.json(), {
      error: {
        code: 'invalid_input',
        message:
          'unknown admin1: "Khyber" (nearest: Khyber Pakhtunkwa province, Punjab province, Sindh province, Gilgit-Baltistan, Azad Jammu & Kashmir)',
      },
    });
    const r = await cli(['events', '--country', 'PAKK']);
    assert.match(
      r.err,
      /^faultline: invalid --country: "PAKK" \(use an ISO 3166-1 alpha-3 code such as PAK\)\n$/,
    );
    const x = await cli(['events', '--country', 'XYZ']);
    assert.match(x.err, /^faultline: unknown --country: "XYZ" \(nearest: [A-Z]{3}(, [A-Z]{3}){4}\)\n$/);
  });

  it('negative limits and offsets are refused (400, exit 2)', async () => {
    assert.equal((await api.app.request('/api/v1/events?limit=-1')).status, 400);
    const r = await cli(['events', '--limit=-1']);
    assert.equal(r.code, 2);
    assert.equal(r.err, 'faultline: invalid --limit: "-1" (use an integer from 0 to 1000)\n');
    assert.equal((await cli(['events', '--offset=-3'])).code, 2);
  });

  it('events takes --version and --exact like the analysis commands', async () => {
    const all = await cli(['events', ...FILTER, '--version', '22.1', '--exact', '--format', 'ndjson']);
    assert.equal(all.code, 0, all.err);
    const rows = all.out
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { geo_exact: boolean; source_version: string });
    assert.ok(rows.length > 0 && rows.length < expected);
    assert.ok(rows.every((e) => e.geo_exact && e.source_version === '22.1'));
  });
});

describe('memory', () => {
  it('a 50k-row export keeps the heap flat: it grows by far less than the bytes written', async () => {
    const [{ base }] = await store.select<{ base: number }>(`SELECT count(*) AS base FROM events`);
    const copies = Math.ceil(50_000 / base!);
    await store.select(`INSERT INTO events SELECT * EXCLUDE (i) REPLACE (e.id || '#' || r.i AS id)
      FROM events e, range(1, ${copies}) r(i)`);
    // The rollups count the copies too, as after an import (the later tests' headers count from them).
    await store.rebuildRollups();
    // What the heap keeps (after a collection), sampled every 2 MB written for the first 10 MB (the
    // early level), then every 5 MB to the end: a heap that grew with the rows would keep growing to
    // the last sample. (A collection costs about 50 ms of CPU here: one every 2 MB, 22 of them, was
    // a sixth of this test.)
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const kept = () => (gc(), process.memoryUsage().heapUsed);
    const start = kept();
    const samples: number[] = [];
    const nextSample = () => (samples.length < 5 ? (samples.length + 1) * 2e6 : (samples.length - 2) * 5e6);
    let bytes = 0;
    const n = await exportEvents(store, { batchSize: 2000 }, 'ndjson', {
      write: async (c) => {
        bytes += c.length;
        if (bytes > nextSample()) samples.push(kept() - start);
      },
    });
    assert.ok(n >= 50_000, `${n} rows`);
    const peak = Math.max(...samples);
    const early = Math.max(...samples.slice(0, 5));
    // Held whole, the rows would take several times their 30 MB of text; streamed, a batch at a time.
    assert.ok(
      peak < bytes / 2,
      `heap kept ${(peak / 1e6).toFixed(0)} MB while ${(bytes / 1e6).toFixed(0)} MB were written`,
    );
    assert.ok(
      peak < early + 20e6,
      `heap kept ${(early / 1e6).toFixed(0)} MB early, ${(peak / 1e6).toFixed(0)} MB at most`,
    );
  });
  it('a client that hangs up mid-export stops the stream at once, and the export slots stay free', async () => {
    // Runs after the 50k-row copy above: the export has many chunks still to come when the client leaves.
    const seen = { chunks: 0, ended: false };
    const watched = Object.create(store, {
      streamEventText: {
        value: async function* (...args: Parameters<DuckDBStore['streamEventText']>) {
          try {
            for await (const rows of store.streamEventText(...args)) {
              seen.chunks++;
              yield rows;
            }
          } finally {
            seen.ended = true;
          }
        },
      },
    }) as DuckDBStore;
    const res = await createApi({ store: watched, log: () => {} }).app.request('/api/v1/events?format=csv');
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    for (let i = 0; i < 100 && !seen.ended; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(seen.ended, 'the stream was still open 2 s after the client left');
    const total = Number(res.headers.get('x-faultline-total'));
    assert.ok(
      seen.chunks < total / 2048 / 2,
      `${seen.chunks} chunks of ${Math.ceil(total / 2048)} were read`,
    );
    // Both export slots are free again: two exports at once complete.
    const both = await Promise.all(
      [1, 2].map(async () => (await api.app.request(`/api/v1/events?${QUERY}&format=ndjson`)).text()),
    );
    assert.ok(both.every((t) => t.trim().split('\n').length >= expected));
  });
});
