import assert from 'node:assert/strict';
import { testContext } from '../../test/helpers/in-process-cli.ts';
import { after, before, describe, it } from 'node:test';
import { Command } from 'commander';
import { createApi, type Api } from '../api/server.ts';
import type { CliFrame } from '../api/routes/internal-cli.ts';
import { BUNDLED_FILES } from '../app/bundled-data.ts';
import { NO_GEO } from '../storage/event-columns.ts';
import { createStore, type Store } from '../storage/index.ts';
import { registerClaims } from './commands/claims.ts';
import { registerEvents } from './commands/events.ts';
import { registerImport } from './commands/import.ts';
import { registerSources } from './commands/sources.ts';
import { registerUpdate } from './commands/update.ts';
import { loadSettings } from '../config/settings.ts';
import type { Context } from './context.ts';
import { ownerChannel, STORE_WRITES } from './forwarded.ts';
import { callerSettingsOf, commandOf, dbOption } from './forward.ts';
import type { SourcesAnswer } from '../app/answers.ts';

/** The ledger and coverage of a sources answer: the credits of the bundled reference data are in every one. */
const ledgerAndCoverage = (s: SourcesAnswer) => ({ imports: s.imports, coverage: s.coverage });

const TOKEN = 't'.repeat(43);
const STATISTICS = BUNDLED_FILES[3]!;
const LOOPBACK = { remoteAddress: '127.0.0.1', localAddress: '127.0.0.1' };

let store: Store;
let api: Api;
before(async () => {
  store = await createStore({ path: ':memory:' });
  const program = (c: Context) => {
    const p = new Command('faultline');
    for (const register of [registerImport, registerEvents, registerSources, registerClaims, registerUpdate])
      register(p, c);
    return p;
  };
  const silent = () => assert.fail('the owner writes nothing of a forwarded command');
  const ctx = testContext(store, silent, silent);
  const who = { token: TOKEN, db: '/srv/store.duckdb', startedAt: '2026-01-01T00:00:00Z' };
  api = createApi({
    store,
    log: () => {},
    owner: ownerChannel(ctx, program, who, new Set(), { place: () => NO_GEO }),
  });
});
after(() => store.close());

/** Posts a command to the internal route as a peer with these socket addresses. */
async function forward(
  argv: string[],
  o: {
    token?: string;
    socket?: { remoteAddress: string; localAddress: string };
    stdin?: string;
    settings?: Record<string, string>;
  } = {},
): Promise<{ status: number; frames: CliFrame[] }> {
  const res = await api.app.request(
    '/api/v1/internal/cli',
    {
      method: 'POST',
      headers: { authorization: `Bearer ${o.token ?? TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        argv,
        cwd: '/',
        ...(o.stdin === undefined ? {} : { stdin: o.stdin }),
        ...(o.settings === undefined ? {} : { settings: o.settings }),
      }),
    },
    { incoming: { socket: o.socket ?? LOOPBACK } },
  );
  const text = await res.text();
  const frames =
    res.status === 200
      ? text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as CliFrame)
      : [];
  return { status: res.status, frames };
}

const joined = (frames: CliFrame[], k: 'out' | 'err') =>
  frames.map((f) => (k in f ? (f as Record<string, string>)[k] : '')).join('');

describe('the internal CLI route of a store owner', () => {
  it('runs a command over the owner store and streams its output as NDJSON frames, the exit code last', async () => {
    const r = await forward(['sources', '--format', 'json']);
    assert.equal(r.status, 200);
    assert.deepEqual(r.frames.at(-1), { exit: 0 });
    assert.deepEqual(ledgerAndCoverage(JSON.parse(joined(r.frames, 'out'))), { imports: [], coverage: [] });
  });

  it("runs `update` with the caller's GDELT settings, as it would run alone, not the server's (none here)", async () => {
    for (const [given, countries] of [
      ['pak, afg', ['PAK', 'AFG']],
      ['all', 'all'],
    ] as const) {
      const env = { FAULTLINE_GDELT_COUNTRIES: given, FAULTLINE_GDELT_FROM: '2026-01-01' };
      const settings = callerSettingsOf(loadSettings(env));
      const r = await forward(['update', '--sources', 'gdelt', '--dry-run', '--format', 'json'], {
        settings,
      });
      assert.deepEqual(r.frames.at(-1), { exit: 0 }, joined(r.frames, 'err'));
      const plan = (
        JSON.parse(joined(r.frames, 'out')) as { gdelt: { plan: { from: string; countries: unknown } } }
      ).gdelt.plan;
      assert.deepEqual([plan.from.slice(0, 10), plan.countries], ['2026-01-01', countries]);
    }
  });

  it("gives a command reading `-` the caller's standard input, never the server's own", async () => {
    const text = 'Terrorist attacks in Pakistan rose by about 70% in 2023.';
    const r = await forward(['claims', 'extract', '-', '--format', 'json'], { stdin: text });
    assert.deepEqual(r.frames.at(-1), { exit: 0 });
    const a = JSON.parse(joined(r.frames, 'out')) as { source: string; claims: { comparator: unknown }[] };
    assert.equal(a.source, 'stdin');
    assert.deepEqual(
      a.claims.map((c) => c.comparator),
      [{ kind: 'rate_ratio', value: 1.7 }],
    );
    const none = await forward(['claims', 'extract', '-']);
    assert.deepEqual(none.frames.at(-1), { exit: 2 });
    assert.match(joined(none.frames, 'err'), /standard input was not forwarded/);
  });

  it('refuses a peer on another machine with 403, even with the token', async () => {
    const r = await forward(['sources'], {
      socket: { remoteAddress: '10.1.2.3', localAddress: '127.0.0.1' },
    });
    assert.equal(r.status, 403);
    const owner = await api.app.request(
      '/api/v1/internal/owner',
      { headers: { authorization: `Bearer ${TOKEN}` } },
      { incoming: { socket: { remoteAddress: '::ffff:192.168.1.9', localAddress: '::ffff:192.168.1.5' } } },
    );
    assert.equal(owner.status, 403);
  });

  it('accepts a caller on this host that dials the LAN address (peer address = server address)', async () => {
    const same = { remoteAddress: '::ffff:192.168.1.5', localAddress: '::ffff:192.168.1.5' };
    assert.equal((await forward(['sources'], { socket: same })).status, 200);
  });

  it('refuses a wrong token with 401, and the owner probe too', async () => {
    assert.equal((await forward(['sources'], { token: 'u'.repeat(43) })).status, 401);
    const probe = await api.app.request('/api/v1/internal/owner', {}, { incoming: { socket: LOOPBACK } });
    assert.equal(probe.status, 401);
  });

  it('maps failures to exit codes per request: bad input 2, unknown option 2, and the process lives on', async () => {
    const bad = await forward(['events', '--format', 'xml']);
    assert.deepEqual(bad.frames, [
      {
        err: 'faultline: invalid --format: "xml" (use table, csv, ndjson, json, geojson, xlsx or parquet)\n',
      },
      { exit: 2 },
    ]);
    const unknown = await forward(['events', '--bogus']);
    assert.equal(
      joined(unknown.frames, 'err'),
      "faultline: unknown option '--bogus'; run faultline events --help for usage\n",
    );
    assert.deepEqual(unknown.frames.at(-1), { exit: 2 });
  });

  it('an import run through it drops the answer cache: the API sees the new ledger entry', async () => {
    const before = (await (await api.app.request('/api/v1/sources')).json()) as { imports: unknown[] };
    assert.deepEqual(before.imports, []);
    const r = await forward(['import', STATISTICS, '--output', 'json']);
    assert.deepEqual(r.frames.at(-1), { exit: 0 }, joined(r.frames, 'err'));
    const after = (await (await api.app.request('/api/v1/sources')).json()) as {
      imports: { file: string; accepted: number }[];
    };
    assert.deepEqual(
      after.imports.map((l) => [l.file, l.accepted]),
      [['pakistan_security_reports.csv', 35]],
    );
  });
});

describe('forwarded commands taking turns', () => {
  it('a command arriving while another runs says which one it waits for, instead of hanging silently', async () => {
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const program = (c: Context) => {
      const p = new Command('faultline');
      p.command('update').action(() => held);
      p.command('sources').action(() => c.out('ledger\n'));
      return p;
    };
    const silent = () => assert.fail('the owner writes nothing of a forwarded command');
    const who = { token: TOKEN, db: '/srv/store.duckdb', startedAt: '2026-01-01T00:00:00Z' };
    const channel = ownerChannel(
      testContext(store, silent, silent),
      program,
      who,
      new Set(),
      { place: () => NO_GEO },
      20,
    );
    const update: CliFrame[] = [];
    const sources: CliFrame[] = [];
    const first = channel.run({ argv: ['update'], cwd: '/' }, async (f) => void update.push(f));
    await new Promise((r) => setImmediate(r));
    const second = channel.run({ argv: ['sources'], cwd: '/' }, async (f) => void sources.push(f));
    assert.equal(joined(sources, 'err'), '', 'no notice before it has waited');
    await new Promise((r) => setTimeout(r, 60));
    assert.match(
      joined(sources, 'err'),
      /^faultline: waiting for `faultline update` \(running in the server since \d\d:\d\d:\d\d UTC\) to end: the server runs commands one at a time\n$/,
    );
    assert.equal(joined(sources, 'out'), '', 'it runs only after the update');
    release();
    assert.deepEqual([await first, await second], [0, 0]);
    assert.equal(joined(sources, 'out'), 'ledger\n');
    assert.equal(joined(update, 'err'), '', 'a command that finds the server idle waits for nothing');
    // A command behind a quick one starts before the notice is due: nothing is said.
    const third = channel.run({ argv: ['sources'], cwd: '/' }, async (f) => void sources.push(f));
    const fourth: CliFrame[] = [];
    const last = channel.run({ argv: ['sources'], cwd: '/' }, async (f) => void fourth.push(f));
    assert.deepEqual([await third, await last], [0, 0]);
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(joined(fourth, 'err'), '');
  });
});

describe('the writes a forwarded command can make', () => {
  it('every Store method is known as a read or a write, so a new write cannot leave answers stale', () => {
    const reads = [
      'findImport',
      'eventReaders',
      'listImports',
      'listRejections',
      'listImportWarnings',
      'listChanges',
      'queryEvents',
      'queryListingEvents',
      'getEvent',
      'countEvents',
      'coverage',
      'versionPeriod',
      'listStatistics',
      'findApiKey',
      'listApiKeys',
      'listBoundarySets',
      'legacyOriginal',
      'aggregate',
      'indexUnits',
      'cellsPerUnit',
      'dyads',
      'places',
      'panelCells',
      'placementKeys',
      'placementCounts',
      'placementEvents',
      'districtGroups',
      'streamEventSummaries',
      'streamEventText',
      'streamEventTextWithSource',
      // Writes a Parquet file, never the store.
      'writeEventsParquet',
      'filterValues',
      'listGdeltGaps',
      'gdeltGapPage',
      'dyadIndexSources',
      'dyadIndexDays',
      'linkageStamp',
      'linkageSpan',
      'linkageRuns',
      'storedLinkage',
      'eventLinkage',
      'eventScope',
      'disagreementTally',
      'linkageCandidates',
      'getDeskEvent',
      'listDeskEvents',
      'deskReviewQueue',
      'listDeskAudit',
      'listAlertRules',
      'alertConditions',
      'listAlerts',
      'latestAlerts',
      'getAlert',
      'listDeliveries',
      'deliveryAttempts',
      'addedEvents',
      'gdeltOrigins',
      'gdeltPairDays',
      'gdeltPairUnkept',
      'gdeltBehind',
      // A setting of the engine (its threads), not of the data: no answer changes.
      'limitThreads',
      'select',
      'close',
    ];
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(store)).filter(
      (m) => m !== 'constructor',
    );
    const unknown = methods.filter((m) => !STORE_WRITES.has(m) && !reads.includes(m));
    assert.deepEqual(
      unknown,
      [],
      'add each to STORE_WRITES in src/cli/forwarded.ts if it writes, else to this list',
    );
  });
});

describe('which arguments a client forwards', () => {
  it('finds the subcommand past a global --db, and none for help', () => {
    assert.equal(commandOf(['--db', 'x.duckdb', 'events', '--limit', '3']), 'events');
    assert.equal(commandOf(['--db=x.duckdb', 'sources']), 'sources');
    assert.equal(commandOf(['events', '--help']), null);
    assert.equal(commandOf(['help', 'events']), null);
    assert.equal(commandOf(['--version']), null);
    assert.equal(commandOf([]), null);
  });

  it('reads --db wherever it stands, before --', () => {
    assert.equal(dbOption(['events', '--db', 'a.duckdb']), 'a.duckdb');
    assert.equal(dbOption(['--db=b.duckdb', 'sources']), 'b.duckdb');
    assert.equal(dbOption(['import', '--', '--db', 'c']), undefined);
  });
});
