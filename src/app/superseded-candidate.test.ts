import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { ClaimSpec } from '../claims/claim-spec.ts';
import { createStore, type Store } from '../storage/index.ts';
import { gedStoreCopy } from '../../test/helpers/bundled-store.ts';
import { closeDiscarded } from '../../test/helpers/discard-store.ts';
import { useBundledStore } from '../../test/helpers/use-bundled-store.ts';
import { csvLine, gedRows } from '../../test/helpers/ged-rows.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { registerEvents } from '../cli/commands/events.ts';
import { registerSeries } from '../cli/commands/series.ts';
import { registerGeo } from '../cli/commands/geo.ts';
import { registerCompare } from '../cli/commands/compare.ts';
import { registerIndex } from '../cli/commands/conflict-index.ts';
import { registerDisagreements } from '../cli/commands/disagreements.ts';
import type { Meta } from './answers.ts';
import { importFile } from './import-dataset.ts';
import { checkClaims } from './claims/check-claims.ts';
import { createApi } from '../api/server.ts';

const CANDIDATE = new URL('../../data/ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv', import.meta.url);
/** The bundled Candidate file's rows, parsed once for the file (the tests only read them). */
const candidateRows = parse(readFileSync(CANDIDATE), { columns: true }) as Record<string, string>[];

describe('claims and counts of Candidate where a final GED release covers what it held', () => {
  // Pakistan's January 2026 rows of the bundled Candidate file, as UCDP's final release would give them.
  const january = candidateRows.filter(
    (r) => r.country === 'Pakistan' && r.date_start!.startsWith('2026-01'),
  );
  const deaths = january.reduce((n, r) => n + Number(r.best), 0);
  const store = useBundledStore();
  before(async () => {
    // A GED 27.1 cut (it covers 1989 to 2026 for Pakistan, the one country it holds): the same
    // rows, in GED's coding of `active_year` (1/0) and with `code_status` Clear.
    const cols = Object.keys(january[0]!);
    const ged = january.map((r) =>
      cols.map((c) =>
        c === 'active_year' ? (r[c] === 'true' ? '1' : '0') : c === 'code_status' ? 'Clear' : r[c]!,
      ),
    );
    const file = join(mkdtempSync(join(tmpdir(), 'ged27-')), 'GEDEvent_v27_1.csv');
    writeFileSync(file, [cols, ...ged].map(csvLine).join('\n') + '\n');
    await importFile(store(), file);
  });

  const claim = (country: string, period: string, value: number): ClaimSpec =>
    ({
      id: `${country}-${period}`,
      text: `more than ${value} deaths in ${country} in ${period}`,
      metric: 'deaths',
      geography: { country },
      period,
      comparator: { kind: 'more_than', value },
    }) as ClaimSpec;

  it("Candidate's superseded events answer nothing (not a 0 that contradicts GED): GED's figure decides, and the reason names the release", async () => {
    assert.ok(deaths > 100);
    const [r] = await checkClaims(store(), [claim('PAK', '2026-01', 100)]);
    assert.equal(r!.verdict, 'supported', r!.explanation);
    const ged = r!.evidence.find((e) => e.source === 'ucdp-ged')!;
    assert.deepEqual([ged.version, ged.value, ged.outcome], ['27.1', deaths, 'holds']);
    const cand = r!.evidence.find((e) => e.source === 'ucdp-candidate')!;
    assert.equal(cand.outcome, 'unavailable');
    assert.equal(
      cand.reason,
      "ucdp-candidate's events of PAK up to 2026-12-31 are superseded by the final release ucdp-ged 27.1, which covers them (ask for it: source ucdp-ged): Candidate events yield to GED, and are never counted where it covers them",
    );
  });

  it('a claim over days Candidate never held (2014: the bundled Candidate begins in 2026) says not covered, not superseded', async () => {
    const [r] = await checkClaims(store(), [claim('PAK', '2014', 1)]);
    const cand = r!.evidence.find((e) => e.source === 'ucdp-candidate')!;
    assert.equal(cand.outcome, 'unavailable');
    assert.doesNotMatch(cand.reason!, /superseded/, cand.reason);
    assert.match(cand.reason!, /2014/);
  });

  it('a series asked of Candidate alone is not covered where GED supersedes it (null, not 0), and covered where it does not', async () => {
    const api = createApi({ store: store(), log: () => {} });
    const series = async (country: string) =>
      (await (
        await api.app.request(
          `/api/v1/series?country=${country}&source=ucdp-candidate&from=2026-01&to=2026-01&interval=month`,
        )
      ).json()) as { points: { events: number | null }[]; meta: { coverage_status: string } };
    const pak = await series('PAK');
    assert.deepEqual([pak.points[0]!.events, pak.meta.coverage_status], [null, 'not_covered']);
    const afg = candidateRows.filter(
      (r) => r.country === 'Afghanistan' && r.date_start!.startsWith('2026-01'),
    ).length;
    const a = await series('AFG');
    assert.deepEqual([a.points[0]!.events, a.meta.coverage_status], [afg, 'covered']);
  });

  it('Candidate still answers for a country the final release holds nothing of (Afghanistan)', async () => {
    const afg = candidateRows
      .filter((r) => r.country === 'Afghanistan' && r.date_start!.startsWith('2026-03'))
      .reduce((n, r) => n + Number(r.best), 0);
    const [r] = await checkClaims(store(), [claim('AFG', '2026-03', 1)]);
    const cand = r!.evidence.find((e) => e.source === 'ucdp-candidate')!;
    assert.deepEqual([cand.value, cand.outcome], [afg, 'holds']);
  });
});

/**
 * A Candidate file of January to March 2021 made from the bundled GED rows (Candidate's layout: no
 * `iso3`, `active_year` true/false): GED 22.1 covers Pakistan to 2021-12-31, so all are superseded.
 */
function candidateOf2021(): string {
  const { header, rows } = gedRows();
  const at = (n: string) => header.indexOf(n);
  const q1 = rows
    .filter((r) => r[at('date_start')]!.slice(0, 10) >= '2021-01-01' && r[at('date_start')]! < '2021-04')
    .map((r) => r.map((v, i) => (i === at('active_year') ? (v === '1' ? 'true' : 'false') : v)));
  const drop = (r: string[]) => r.filter((_, i) => i !== at('iso3'));
  const file = join(mkdtempSync(join(tmpdir(), 'cand21-')), 'GEDEvent_v21_0_3.csv');
  writeFileSync(file, [drop(header), ...q1.map(drop)].map(csvLine).join('\n') + '\n');
  return file;
}

describe('an answer asked of Candidate alone over days a final GED release superseded says why they are not covered', () => {
  // Candidate months of 2021 (the bundled GED rows of January to March 2021, in Candidate's layout:
  // no `iso3`, `active_year` true/false) beside GED 22.1, which covers Pakistan to 2021-12-31: every
  // one of them is superseded on arrival.
  const store = useBundledStore();
  before(async () => {
    const file = candidateOf2021();
    const imported = await importFile(store(), file);
    assert.deepEqual([imported.ledger.source, imported.ledger.accepted > 0], ['ucdp-candidate', true]);
  });

  const why =
    "ucdp-candidate's events of PAK up to 2021-12-31 are superseded by the final release ucdp-ged 22.1, which covers them (ask for it: source ucdp-ged): Candidate events yield to GED, and are never counted where it covers them";

  it('the series warning and meta name the final release that covers those days (API and CLI alike)', async () => {
    const res = await createApi({ store: store(), log: () => {} }).app.request(
      '/api/v1/series?country=PAK&source=ucdp-candidate&from=2021&to=2021&interval=month',
    );
    assert.equal(res.status, 200);
    const { meta } = (await res.json()) as { meta: Meta };
    assert.equal(meta.coverage_status, 'not_covered');
    assert.equal(meta.superseded, why);
    assert.equal(
      meta.coverage_warning,
      `no loaded source version covers 2021-01-01 to 2021-12-31: periods there show no reporting, not no violence; ${why}`,
    );
    const args = [
      'series',
      '--country',
      'PAK',
      '--source',
      'ucdp-candidate',
      '--from',
      '2021',
      '--to',
      '2021',
    ];
    const json = await runCli(store(), [registerSeries], [...args, '--format', 'json']);
    assert.deepEqual((JSON.parse(json.out) as { meta: Meta }).meta.coverage_warning, meta.coverage_warning);
    const table = await runCli(store(), [registerSeries], args);
    assert.match(table.out + table.err, new RegExp(`warning: .*; ${why.replace(/[()]/g, '\\$&')}`));
  });

  it('an event listing says the superseded days are known, by GED, not "nothing is known"', async () => {
    const table = await runCli(
      store(),
      [registerEvents],
      ['events', '--country', 'PAK', '--source', 'ucdp-candidate', '--from', '2021-01', '--to', '2021-03'],
    );
    assert.equal(table.error, undefined);
    assert.match(
      table.out + table.err,
      /not covered: no loaded source covers 2021-01-01 to 2021-03-31 \(ucdp-candidate 26\.0\.6 covers [^)]*\): ucdp-candidate's events of PAK up to 2021-12-31 are superseded by the final release ucdp-ged 22\.1, which covers them/,
    );
    assert.doesNotMatch(table.out + table.err, /nothing is known/);
  });

  it('the lists of geo disagreements and geo unplaced name the release that covers the days, not "nothing is known" (CLI and API alike)', async () => {
    // Before, they said "not covered: ..., so nothing is known there (not zero disagreements)".
    const dated = ['--source', 'ucdp-candidate', '--from', '2021-01', '--to', '2021-03'];
    const loaded = /\(ucdp-candidate 26\.0\.6 covers [^)]*\)/.source;
    for (const args of [
      ['disagreements', ...dated],
      ['disagreements', '--level', 'admin2', ...dated],
      ['unplaced', ...dated],
    ]) {
      const r = await runCli(store(), [registerGeo], ['geo', ...args, '--format', 'json']);
      const { note } = JSON.parse(r.out) as { note: string };
      assert.match(
        note,
        new RegExp(
          `^not covered: no loaded source covers 2021-01-01 to 2021-03-31 ${loaded}: ${escaped(why)}$`,
        ),
        args.join(' '),
      );
      assert.equal(r.err, `${note}\n`, args.join(' '));
    }
    const res = await createApi({ store: store(), log: () => {} }).app.request(
      '/api/v1/geo/disagreements?country=PAK&source=ucdp-candidate&from=2021-01&to=2021-03&format=csv',
    );
    assert.match(res.headers.get('x-faultline-notes') ?? '', new RegExp(`: ${escaped(why)}$`));
  });

  it('a comparison, an index and the cross-source disagreements name the release that covers the days, not "nothing is known"; days Candidate never held (2010) still say nothing is known', async () => {
    // Before, their notes said "nothing is known there (not zero)" beside a warning naming GED 22.1.
    const cand = ['--country', 'PAK', '--source', 'ucdp-candidate'];
    const stderr = async (register: Parameters<typeof runCli>[1][number], args: string[]) => {
      const r = await runCli(store(), [register], args);
      assert.equal(r.error, undefined, args.join(' '));
      return r.err;
    };
    const periods = await stderr(registerCompare, [
      'compare',
      ...cand,
      '--period1',
      '2021-01',
      '--period2',
      '2021-02',
    ]);
    assert.ok(
      periods.includes(
        `\nnote: no loaded source version covers any day of side 1 (2021-01) and side 2 (2021-02): ${why}, so there is no rate ratio\n`,
      ),
      periods,
    );
    const mixed = await stderr(registerCompare, [
      'compare',
      ...cand,
      '--period1',
      '2021-01',
      '--period2',
      '2010-01',
    ]);
    assert.ok(
      mixed.includes(
        `\nnote: no loaded source version covers any day of side 1 (2021-01): ${why}; nor of side 2 (2010-01): nothing is known there (not zero), so there is no rate ratio\n`,
      ),
      mixed,
    );
    const places = await stderr(registerCompare, [
      'compare',
      '--source',
      'ucdp-candidate',
      '--from',
      '2021-01',
      '--to',
      '2021-03',
      '--place1',
      'PK-BA',
      '--place2',
      'PK-KP',
    ]);
    assert.ok(places.includes(`(PK-BA) and side 2 (PK-KP): ${why}, so there is no rate ratio\n`), places);
    const index = await stderr(registerIndex, ['index', ...cand, '--from', '2021-01', '--to', '2021-03']);
    assert.match(
      index,
      new RegExp(
        `\\nnote: \\d+ admin-1 units of PAK without events are not listed: no loaded source version covers PAK from 2021-01-01 to 2021-03-31: ${escaped(why)}\\n`,
      ),
    );
    const linked = await stderr(registerDisagreements, [
      'disagreements',
      ...cand,
      '--from',
      '2021-01',
      '--to',
      '2021-03',
    ]);
    assert.match(
      linked,
      new RegExp(
        `^not covered: no loaded source covers 2021-01-01 to 2021-03-31 \\([^)]*\\): ${escaped(why)}$`,
        'm',
      ),
    );
    const old = await stderr(registerDisagreements, [
      'disagreements',
      ...cand,
      '--from',
      '2010-01',
      '--to',
      '2010-03',
    ]);
    assert.match(old, /^not covered: .*, so nothing is known there \(not zero records\)$/m);
  });

  it('says nothing of superseding where Candidate never held the days (2010) or GED is asked too', async () => {
    const api = createApi({ store: store(), log: () => {} });
    const meta = async (q: string) =>
      (
        (await (await api.app.request(`/api/v1/series?country=PAK&interval=year&${q}`)).json()) as {
          meta: Meta;
        }
      ).meta;
    const old = await meta('source=ucdp-candidate&from=2010&to=2010');
    assert.deepEqual([old.coverage_status, old.superseded], ['not_covered', undefined]);
    const both = await meta('source=ucdp-candidate,ucdp-ged&from=2021&to=2021');
    assert.deepEqual(
      [both.coverage_status, both.superseded, both.coverage_warning],
      ['covered', undefined, null],
    );
  });
});

describe('a Candidate version every event of which a final GED release superseded', () => {
  let store: Store;
  // GED 22.1 alone, then Candidate months of 2021 made from its own rows: no Candidate event counts.
  before(async () => {
    store = await createStore({ path: await gedStoreCopy({ placed: false }) });
    await importFile(store, candidateOf2021());
  });
  // The copy is thrown away: closed without DuckDB's checkpoint (discard-store.ts).
  after(() => closeDiscarded(store));

  it('is still a loaded source and version: asked of it alone, the answer says why its days are not covered (not "source not loaded")', async () => {
    const api = createApi({ store, log: () => {} });
    for (const q of ['source=ucdp-candidate', 'version=21.0.3']) {
      const res = await api.app.request(
        `/api/v1/series?country=PAK&${q}&from=2021-01&to=2021-03&interval=month`,
      );
      const body = (await res.json()) as { meta: Meta; error?: { message: string } };
      assert.equal(res.status, 200, body.error?.message);
      assert.deepEqual(
        [body.meta.coverage_status, body.meta.superseded],
        [
          'not_covered',
          "ucdp-candidate's events of PAK up to 2021-12-31 are superseded by the final release ucdp-ged 22.1, which covers them (ask for it: source ucdp-ged): Candidate events yield to GED, and are never counted where it covers them",
        ],
      );
    }
    const cli = await runCli(
      store,
      [registerEvents],
      ['events', '--country', 'PAK', '--source', 'ucdp-candidate', '--from', '2021-01', '--to', '2021-03'],
    );
    assert.equal(cli.error, undefined);
    assert.match(
      cli.out + cli.err,
      /not covered: no loaded source version matches the source, version and country filters: ucdp-candidate's events of PAK up to 2021-12-31 are superseded/,
    );
  });

  it('asked of it alone without dates, an event listing and the geo lists name the release that covers its days, not "nothing is known"', async () => {
    // Before, they said "no loaded source version matches ..., so nothing is known (not zero events)".
    const why =
      "ucdp-candidate's events of PAK up to 2021-12-31 are superseded by the final release ucdp-ged 22.1, which covers them (ask for it: source ucdp-ged): Candidate events yield to GED, and are never counted where it covers them";
    const events = await runCli(store, [registerEvents], ['events', '--version', '21.0.3']);
    assert.equal(events.error, undefined);
    assert.equal(
      events.err.trimEnd().split('\n').at(-1),
      `not covered: no loaded source version matches the source, version and country filters: ${why}`,
    );
    for (const args of [
      ['disagreements', '--version', '21.0.3'],
      ['disagreements', '--level', 'admin2', '--source', 'ucdp-candidate'],
      ['unplaced', '--source', 'ucdp-candidate'],
    ]) {
      const r = await runCli(store, [registerGeo], ['geo', ...args, '--format', 'json']);
      const { note } = JSON.parse(r.out) as { note: string };
      assert.equal(
        note,
        `not covered: no loaded source version (${args.includes('--version') ? 'version 21.0.3' : 'ucdp-candidate'}) covers ${args.includes('--version') ? 'any country' : 'PAK'}: ${why}`,
        args.join(' '),
      );
    }
  });

  it('a source with no event at all is still refused as not loaded', async () => {
    const res = await createApi({ store, log: () => {} }).app.request('/api/v1/series?source=acled');
    assert.equal(res.status, 400);
    assert.match(
      ((await res.json()) as { error: { message: string } }).error.message,
      /^source not loaded: "acled" .*; loaded: ucdp-ged, ucdp-candidate, faultline-desk\)$/,
    );
  });
});

// A text to match literally inside a regular expression.
const escaped = (text: string) => text.replace(/[()[\].]/g, '\\$&');
