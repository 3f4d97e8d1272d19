// test-run: alone, about 7 s (the CLI over the bundled store: one command spawned, the rest in-process)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { Command } from 'commander';
import type { Context } from '../../src/cli/context.ts';
import { buildProgram } from '../../src/cli/program.ts';
import { loadSettings } from '../../src/config/settings.ts';
import { placesQuery } from '../../src/app/analysis/places.ts';
import { createApi } from '../../src/api/server.ts';
import { createStore } from '../../src/storage/index.ts';
import { DuckDBStore } from '../../src/storage/duckdb/duckdb-store.ts';
import { bundledStoreCopy } from '../helpers/bundled-store.ts';
import { runProgram } from '../helpers/in-process-cli.ts';

const BIN = new URL('../../bin/faultline.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'faultline-cli-'));
const env: NodeJS.ProcessEnv = { ...process.env };
// The real binary for the first error path (its exit code comes from the process); the other
// commands run in-process through the same program builder (test/helpers/in-process-cli.ts).
const spawned = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
const run = (...args: string[]) => runProgram(env, args);

describe('the faultline command', () => {
  // The bundled data imported and placed, as `faultline start` does (built once per test run).
  before(async () => {
    env.FAULTLINE_DB = await bundledStoreCopy();
  });

  it('start is idempotent: on a store holding the bundled data it imports nothing new', async () => {
    const r = await run('start', '--no-serve');
    assert.equal(r.status, 0);
    assert.doesNotMatch(r.stderr, /imported /);
    assert.match(r.stdout, /ucdp-ged\s+22\.1\s+1989-01-01\s+2021-12-31\s+6416/);
    // The published figures' line names their span and the command that lists them, as the relations line does.
    assert.match(
      r.stdout,
      /\nPublished statistics: \d+ figures from \d+ organisations, periods ending 2021-12-31 to 2026-01-31 \(faultline indicators; returns of Afghans: faultline indicators --metric returns --country PAK\)\n/,
    );
    // The same summary for scripts.
    const j = JSON.parse((await run('start', '--no-serve', '--format', 'json')).stdout);
    assert.deepEqual(
      j.sources.find((s: { source: string }) => s.source === 'ucdp-ged'),
      {
        source: 'ucdp-ged',
        version: '22.1',
        first_date: '1989-01-01',
        last_date: '2021-12-31',
        events: 6416,
        countries: ['PAK'],
      },
    );
    assert.ok(j.statistics.figures > 0 && j.relations_indexes.length === 1, JSON.stringify(j.statistics));
  });

  it('events --format ndjson prints one event per line with the documented fields', async () => {
    const r = await run(
      'events',
      '--country',
      'PAK',
      '--from',
      '2021',
      '--to',
      '2021',
      '--actor',
      'Tehreek-e-Taliban Pakistan',
      '--limit',
      '500',
      '--format',
      'ndjson',
    );
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 119, 'TTP events in Pakistan in 2021 (UCDP GED 22.1)');
    for (const k of [
      'id',
      'source',
      'source_version',
      'date_start',
      'country',
      'admin1',
      'actors',
      'fatalities_best',
      'fatalities_low',
      'fatalities_high',
      'admin1_code',
      'admin1_name',
      'admin2_code',
      'admin2_name',
      'border_km',
      'geo_method',
    ]) {
      assert.ok(k in lines[0], `missing ${k}`);
    }
    assert.ok(lines.every((l) => l.date_start.startsWith('2021') && l.actor_ids.includes('ttp')));
  });

  it('events --format csv escapes cells a spreadsheet would run as formulas', async () => {
    const r = await run('events', '--country', 'PAK', '--limit', '3', '--format', 'csv');
    assert.equal(r.status, 0);
    assert.match(r.stdout.split('\n')[0]!, /^id,source,source_version,date_start/);
  });

  it('bad input gets one line on stderr and exit code 2', async () => {
    const r = spawned('events', '--from', '2023-13-01');
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr,
      'faultline: invalid date for --from: "2023-13-01" (use a year 2021, a month 2021-03 or a day 2021-03-07)\n',
    );
    const a = await run('events', '--actor', 'Nobody At All');
    assert.equal(
      a.stderr,
      'faultline: unknown --actor: "Nobody At All" (nearest: TTP - TA, afghanistan, Al Qaeda, al-Qaeda, al-Qaida; see docs/actors.md)\n',
    );
  });

  it('importing a file that is not a dataset fails with one line and exit code 2, writing nothing', async () => {
    const bad = join(dir, 'notes.csv');
    writeFileSync(bad, 'hello,world\n1,2\n');
    const r = await run('import', bad);
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    const s = JSON.parse((await run('sources', '--format', 'json')).stdout);
    assert.equal(s.imports.length, 6);
  });

  it('sources --format json lists the ledger with sha256, counts and coverage', async () => {
    const s = JSON.parse((await run('sources', '--format', 'json')).stdout);
    const ged = s.imports.find((i: { file: string }) => i.file === 'conflict_data_pak.csv');
    assert.deepEqual([ged.rows_read, ged.accepted, ged.rejected], [6416, 6416, 0]);
    assert.equal(s.coverage.length, 3);
  });

  it('events carry canonical provinces: --admin1 PK-KP finds the 118 GED events of 2021 including ex-FATA', async () => {
    const r = await run(
      'events',
      '--country',
      'PAK',
      '--from',
      '2021',
      '--to',
      '2021',
      '--admin1',
      'PK-KP',
      '--source',
      'ucdp-ged',
      '--limit',
      '1000',
      '--format',
      'ndjson',
    );
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const labelled = lines.filter((l) =>
      ['Federally Administered Tribal Areas', 'Khyber Pakhtunkwa province'].includes(l.admin1),
    );
    assert.ok(lines.every((l) => l.admin1_code === 'PK-KP' && l.admin1_name === 'Khyber Pakhtunkhwa'));
    assert.ok(Math.abs(lines.length - 118) <= 3, `${lines.length} events placed in KP (118 by label)`);
    assert.ok(labelled.length >= 115);
  });

  it('actors prints the registry exactly as GET /api/v1/actors answers it (json, csv, ndjson)', async () => {
    const store = await createStore({ path: ':memory:' });
    try {
      const api = createApi({ store, log: () => {} });
      for (const format of ['json', 'csv', 'ndjson']) {
        const cli = await run('actors', '--format', format);
        const http = await (await api.app.request(`/api/v1/actors?format=${format}`)).text();
        if (format === 'json') assert.deepEqual(JSON.parse(cli.stdout), JSON.parse(http));
        else assert.equal(cli.stdout, http, format);
      }
      assert.match((await run('actors')).stdout, /^id +name +kind +aliases/);
    } finally {
      await store.close();
    }
  });

  it('place resolves variants (Kech is Turbat) and geo disagreements lists both codes', async () => {
    const kech = JSON.parse((await run('place', 'Kech', '--format', 'json')).stdout).places;
    assert.equal(kech[0].name, 'Turbat');
    assert.equal(kech[0].admin1_code, 'PK-BA');
    const d = (await run('geo', 'disagreements', '--country', 'PAK', '--format', 'ndjson')).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // The events placed across the border from their point (border_snap) are listed beside them.
    assert.ok(
      d.length > 0 &&
        d.every(
          (x) =>
            x.point_admin1_code !== x.label_admin1_code && ['disagree', 'border_snap'].includes(x.geo_method),
        ) &&
        d.some((x) => x.geo_method === 'border_snap'),
    );
    // Not found (exit 3), as docs/cli.md's table of exit codes says.
    const nowhere = await run('place', 'Nowhere-on-earth');
    assert.deepEqual(
      [nowhere.status, nowhere.stderr],
      [3, 'faultline: no place matches: "Nowhere-on-earth"\n'],
    );
    // A country code the filters refuse is refused here too (it listed 0 disagreements).
    assert.deepEqual(await run('geo', 'disagreements', '--country', 'PK'), {
      status: 2,
      stdout: '',
      stderr: 'faultline: invalid --country: "PK" (use an ISO 3166-1 alpha-3 code such as PAK)\n',
    });
    // A valid code no loaded source covers: not "0 disagreements among 0 events".
    assert.equal(
      (await run('geo', 'disagreements', '--country', 'IND')).stderr,
      'not covered: no loaded source version covers IND, so nothing is known (not zero disagreements)\n',
    );
    // A district no town is named after resolves as the district, then the events' place names
    // that start with it: what GET /api/v1/places answers. The table gives 4 decimals.
    const lakki = JSON.parse((await run('place', 'Lakki Marwat', '--format', 'json')).stdout);
    assert.deepEqual(
      lakki.places.map((p: Record<string, unknown>) => [p.from, p.name, p.kind, p.admin1_code, p.matched_by]),
      [
        ['districts', 'Lakki Marwat', 'district', 'PK-KP', 'name'],
        ...lakki.places
          .slice(1)
          .map((p: Record<string, unknown>) => ['events', p.name, 'place', p.admin1_code, 'prefix']),
      ],
    );
    assert.ok(lakki.places.length > 1 && lakki.places[1].events > 0, JSON.stringify(lakki.places[1]));
    const store = await DuckDBStore.open(env.FAULTLINE_DB!, undefined, { readOnly: true });
    try {
      assert.deepEqual(lakki, await placesQuery(store, { q: 'Lakki Marwat', limit: 10 }));
    } finally {
      await store.close();
    }
    assert.match(
      (await run('place', 'Lakki Marwat')).stdout,
      /\n\s*Lakki Marwat\s+districts\s+PAK\s+32\.\d{4}\s+70\.\d{4}\s+PK-KP/,
    );
    // With no store yet, names still resolve; the events are not searched, and it says so.
    const none = join(dir, 'no-store-yet', 'faultline.duckdb');
    const bare = await runProgram({ ...env, FAULTLINE_DB: none }, [
      'place',
      'Lakki Marwat',
      '--format',
      'json',
    ]);
    assert.deepEqual(
      [JSON.parse(bare.stdout).places.map((p: { from: string }) => p.from), bare.stderr, existsSync(none)],
      [['districts'], `no store at "${none}" yet: the events' place names were not searched\n`, false],
    );
  });

  it('every command and subcommand prints --help with its usage (in-process, through the real program)', () => {
    const ctx = { settings: loadSettings({}), out: () => {}, err: () => {} } as unknown as Context;
    const names: string[] = [];
    const visit = (cmd: Command, path: string): void => {
      const help = cmd.helpInformation();
      assert.match(help, new RegExp(`^Usage: ${path}`), path);
      assert.ok(cmd === program || cmd.description().length > 10, `${path} has a description`);
      names.push(path);
      // Every command that answers has --format json for scripts; `serve` answers nothing of its own,
      // and `claims schema` prints a JSON Schema (JSON already).
      if (!cmd.commands.length && !['faultline serve', 'faultline claims schema'].includes(path))
        assert.ok(
          cmd.options.some((o) => o.long === '--format'),
          `${path} has --format (json for scripts)`,
        );
      for (const sub of cmd.commands) visit(sub, `${path} ${sub.name()}`);
    };
    const program = buildProgram(ctx);
    visit(program, 'faultline');
    for (const cmd of [
      'start',
      'import',
      'events',
      'sources',
      'rejections',
      'place',
      'fetch',
      'forecast',
      'update',
    ]) {
      assert.ok(names.includes(`faultline ${cmd}`), cmd);
    }
  });
});
