import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gedStoreCopy } from '../../test/helpers/bundled-store.ts';
import { closeDiscarded } from '../../test/helpers/discard-store.ts';
import { csvLine, gedRows } from '../../test/helpers/ged-rows.ts';
import { createStore, type Store } from '../storage/index.ts';
import { createApi } from '../api/server.ts';
import { registerDisagreements } from '../cli/commands/disagreements.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import type { EventAnswer } from './answers.ts';
import { sourcesDisagree, type DisagreementsAnswer } from './disagreements.ts';
import { importFile } from './import-dataset.ts';

/**
 * A Candidate-format file made from the bundled GED rows of January-March 2021 (synthetic: real
 * rows altered on purpose): every 8th row left out, one row's deaths tripled, one row moved 3 days.
 */
function syntheticCandidate(): {
  file: string;
  kept: string[];
  dropped: string[];
  tripled: string;
  moved: string;
} {
  const { header, rows } = gedRows();
  const col = (n: string) => header.indexOf(n);
  const [iso, id, best, high, low, active, start, end] = [
    'iso3',
    'id',
    'best',
    'high',
    'low',
    'active_year',
    'date_start',
    'date_end',
  ].map(col) as number[];
  const q1 = rows.filter(
    (r) => r[start!]!.slice(0, 10) >= '2021-01-01' && r[start!]!.slice(0, 10) <= '2021-03-31',
  );
  const kept: string[] = [];
  const dropped: string[] = [];
  const lines: string[] = [];
  let tripled = '';
  let moved = '';
  q1.forEach((r, k) => {
    if (k % 8 === 7) return void dropped.push(r[id!]!);
    const c = [...r];
    c[active!] = c[active!] === '1' ? 'true' : 'false';
    if (!tripled && Number(c[best!]) >= 3) {
      tripled = c[id!]!;
      for (const i of [best!, high!, low!]) c[i] = String(Number(c[i]) * 3);
    } else if (!moved && c[start!] === c[end!]) {
      moved = c[id!]!;
      const d = new Date(Date.parse(`${c[start!]!.slice(0, 10)}T00:00:00Z`) + 3 * 86_400_000);
      c[start!] = c[end!] = `${d.toISOString().slice(0, 10)} 00:00:00.000`;
    }
    kept.push(c[id!]!);
    lines.push(csvLine(c.filter((_, i) => i !== iso)));
  });
  const dir = join(mkdtempSync(join(tmpdir(), 'faultline-disagree-')), 'synthetic-from-ged-22.1');
  mkdirSync(dir);
  const file = join(dir, 'GEDEvent_v21_0_3.csv');
  writeFileSync(file, [header.filter((_, i) => i !== iso).join(','), ...lines].join('\n') + '\n');
  return { file, kept, dropped, tripled, moved };
}

const ucdpId = (id: string) => id.replace(/^.*[:-]/, '');

describe('sources disagree (issue 17)', () => {
  let store: Store;
  const made = syntheticCandidate();
  before(async () => {
    // A copy of the run's store of the bundled GED file (importFile(store, GED_FILE), unplaced).
    store = await createStore({ path: await gedStoreCopy({ placed: false }) });
    await importFile(store, made.file);
  });
  // The copy is thrown away: closed without DuckDB's checkpoint (discard-store.ts).
  after(() => closeDiscarded(store));

  it('links each Candidate record to its GED twin and lists where they differ beyond the tolerances', async () => {
    const a = await sourcesDisagree(
      store,
      { country: ['PAK'], from: '2021-01-01', to: '2021-03-31' },
      { includeSuperseded: true },
    );
    assert.deepEqual(a.sources, ['ucdp-candidate', 'ucdp-ged']);
    // The answer states the rules its links were made with, the ambiguity margin among them.
    assert.deepEqual([a.window, a.threshold, a.margin], [{ days: 3, km: 25 }, 0.6, 0.01]);
    assert.equal(a.records, made.kept.length * 2 + made.dropped.length);
    // Every incident pairs records with the same UCDP id (ids carry across releases). A negative
    // day tolerance lists every multi-source incident as disagreeing on dates, so all are checked.
    const all = await sourcesDisagree(
      store,
      { country: ['PAK'], from: '2021-01-01', to: '2021-03-31' },
      { includeSuperseded: true, limit: 10_000, tolerances: { deathsShare: 0, days: -1 } },
    );
    assert.equal(all.multi_source, made.kept.length, 'one incident per kept Candidate record');
    assert.equal(all.disagreeing.length, all.disagreeing_total);
    // A limit of one lists one incident, said in the singular (it read "the first 1 ... are listed").
    const one = await sourcesDisagree(
      store,
      { country: ['PAK'], from: '2021-01-01', to: '2021-03-31' },
      { includeSuperseded: true, limit: 1, tolerances: { deathsShare: 0, days: -1 } },
    );
    assert.ok(
      one.notes.some((n) =>
        / incidents disagree; the first 1 \(largest death toll first\) is listed: /.test(n),
      ),
      one.notes.join(' | '),
    );
    for (const i of all.disagreeing) {
      assert.equal(i.records.length, 2);
      assert.equal(ucdpId(i.records[0]!.id), ucdpId(i.records[1]!.id), JSON.stringify(i.records));
    }
    // The GED rows left out of the Candidate file are GED-only incidents; those dated after the
    // Candidate file's last event (its coverage) are not ones the Candidate release missed.
    const candidate = (await store.coverage()).find((c) => c.source === 'ucdp-candidate')!;
    const { header, rows } = gedRows();
    const droppedDays = rows
      .filter((r) => made.dropped.includes(r[header.indexOf('id')]!))
      .map((r) => r[header.indexOf('date_start')]!.slice(0, 10));
    const coveredDropped = droppedDays.filter((d) => d >= candidate.firstDate && d <= candidate.lastDate);
    assert.ok(coveredDropped.length > 0 && coveredDropped.length < made.dropped.length, droppedDays.join());
    assert.deepEqual(a.single_source, [
      { source: 'ucdp-candidate', incidents: 0, where_others_cover: 0, linked_outside_filter: 0 },
      {
        source: 'ucdp-ged',
        incidents: made.dropped.length,
        where_others_cover: coveredDropped.length,
        linked_outside_filter: 0,
      },
    ]);
    assert.equal(a.only_in, null, 'listed only when asked');
    // The records behind where_others_cover: the GED rows the Candidate file left out on days it covers.
    const coveredIds = rows
      .filter((r) => made.dropped.includes(r[header.indexOf('id')]!))
      .filter((r) => {
        const d = r[header.indexOf('date_start')]!.slice(0, 10);
        return d >= candidate.firstDate && d <= candidate.lastDate;
      })
      .map((r) => r[header.indexOf('id')]!);
    const only = await sourcesDisagree(
      store,
      { country: ['PAK'], from: '2021-01-01', to: '2021-03-31' },
      { includeSuperseded: true, onlyIn: 'ucdp-ged', limit: 10_000 },
    );
    assert.equal(only.only_in!.total, coveredDropped.length);
    assert.deepEqual(only.only_in!.records.map((r) => ucdpId(r.id)).sort(), coveredIds.sort());
    assert.ok(
      only.only_in!.records.every((r) => r.source === 'ucdp-ged' && r.not_in.join() === 'ucdp-candidate'),
    );
    const tolls = only.only_in!.records.map((r) => r.fatalities_best ?? -1);
    assert.deepEqual(
      tolls,
      [...tolls].sort((x, y) => y - x),
      'largest death toll first',
    );
    const candidateOnly = await sourcesDisagree(
      store,
      { country: ['PAK'], from: '2021-01-01', to: '2021-03-31' },
      { includeSuperseded: true, onlyIn: 'ucdp-candidate' },
    );
    assert.deepEqual([candidateOnly.only_in!.total, candidateOnly.only_in!.records], [0, []]);
    await assert.rejects(sourcesDisagree(store, { country: ['PAK'] }, { onlyIn: 'acled' }), {
      // Without superseded events the Candidate file, wholly within GED 22.1's years, has none here.
      message: 'invalid only_in: "acled" (the sources under this filter: ucdp-ged)',
    });
    // In words, as the counts beside it are worded ("N on days another source covers"), not by the
    // answer's field path (`single_source.where_others_cover`), which a reader does not see.
    const uncoveredNote = new RegExp(
      `^${made.dropped.length - coveredDropped.length} of the incidents one source alone reports fall on days .*: no other source could report them, so they are not counted among those on days another source covers$`,
    );
    for (const n of a.notes) assert.doesNotMatch(n, /\b[a-z]+_[a-z_]+\b/, n);
    assert.ok(
      a.notes.some((n) => uncoveredNote.test(n)),
      a.notes.join(' | '),
    );
    assert.equal(a.coverage_status, 'covered');
    const differ = new Map(a.disagreeing.map((i) => [ucdpId(i.records[0]!.id), i.differ]));
    assert.deepEqual(differ.get(made.tripled), ['deaths']);
    assert.deepEqual(differ.get(made.moved), ['date']);
    assert.equal(a.disagreeing_total, 2, 'the untouched twins agree');
    const jan = a.coverage.find((c) => c.month === '2021-01' && c.source === 'ucdp-ged')!;
    assert.ok(jan.share! > 0.8 && jan.share! < 1, String(jan.share));
  });

  it('judges a source only where it covers: "not covered" (null), not a share of 0, before the Candidate file begins', async () => {
    const a = await sourcesDisagree(
      store,
      { country: ['PAK'], from: '2020-12-01', to: '2021-01-31' },
      { includeSuperseded: true },
    );
    const candidate = (await store.coverage()).find((c) => c.source === 'ucdp-candidate')!;
    assert.ok(candidate.firstDate > '2020-12-31', candidate.firstDate);
    const dec = a.coverage.find((c) => c.month === '2020-12' && c.source === 'ucdp-ged')!;
    assert.ok(dec.records > 0);
    assert.deepEqual(
      [dec.other, dec.covered_by_other, dec.also_in_other, dec.share],
      ['ucdp-candidate', 0, 0, null],
    );
    const jan = a.coverage.find((c) => c.month === '2021-01' && c.source === 'ucdp-ged')!;
    assert.ok(jan.covered_by_other > 0 && jan.share !== null);
    // December's GED records are single-source incidents, but not ones the Candidate file missed.
    const ged = a.single_source.find((s) => s.source === 'ucdp-ged')!;
    assert.ok(ged.incidents - ged.where_others_cover >= dec.records, JSON.stringify(ged));
    assert.equal(a.coverage_status, 'covered');
  });

  it('says "not covered" for a period no loaded source covers, not 0 records', async () => {
    const a = await sourcesDisagree(store, { country: ['PAK'], from: '2023-01-01', to: '2023-12-31' });
    // Nothing is known there: the counts are null, not 0 (they were 0 beside the "not covered" note).
    assert.deepEqual([a.records, a.incidents, a.multi_source, a.disagreeing_total], [null, null, null, null]);
    assert.equal(a.coverage_status, 'not_covered');
    assert.deepEqual(a.uncovered, [{ from: '2023-01-01', to: '2023-12-31' }]);
    assert.match(
      a.notes[0]!,
      /^not covered: no loaded source covers 2023-01-01 to 2023-12-31 \(.*ucdp-ged 22\.1 covers 1989-01-01 to 2021-12-31\)/,
    );
    assert.ok(!a.notes.some((n) => /nothing to compare/.test(n)), a.notes.join(' | '));
    const table = await runCli(
      store,
      [registerDisagreements],
      ['disagreements', '--country', 'PAK', '--from', '2023', '--to', '2023'],
    );
    assert.match(table.err, /^not covered: no loaded source covers 2023-01-01 to 2023-12-31/m);
    assert.doesNotMatch(table.err, /0 records/);
    // Nothing else: no empty table, no "links stored after the imports: " naming none.
    assert.deepEqual([table.out, table.err.trim().split('\n').length], ['', 1]);
  });

  it('says when there is nothing to compare, and refuses a negative limit', async () => {
    const a = await sourcesDisagree(store, { country: ['PAK'], from: '2020-01-01', to: '2020-01-31' });
    assert.deepEqual(a.sources, ['ucdp-ged']);
    assert.match(a.notes.join(' '), /only one source \(ucdp-ged\)/);
    await assert.rejects(sourcesDisagree(store, {}, { limit: -1 }), { message: 'invalid limit: "-1"' });
  });

  // January to March 2021 with the superseded Candidate rows: the synthetic file's differences.
  const args = [
    'disagreements',
    '--country',
    'PAK',
    '--from',
    '2021-01',
    '--to',
    '2021-03',
    '--include-superseded',
  ];
  const q = 'country=PAK&from=2021-01&to=2021-03&include_superseded=true';

  it('answers the same from the CLI (--format json) and the API, and prints a table with the totals', async () => {
    const cli = await runCli(store, [registerDisagreements], [...args, '--format', 'json']);
    assert.equal(cli.error, undefined);
    const res = await createApi({ store }).app.request(`/api/v1/disagreements?${q}`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), JSON.parse(cli.out));
    const table = await runCli(store, [registerDisagreements], args);
    assert.match(table.out, /deaths/);
    assert.match(table.err, /2 disagreeing \(2 listed\)/);
    const bad = await createApi({ store }).app.request('/api/v1/disagreements?limit=-1');
    assert.equal(bad.status, 400);
    const badDiffer = await createApi({ store }).app.request('/api/v1/disagreements?differ=toll');
    assert.equal(badDiffer.status, 400);
    // --only-in and only_in: the same list; a table of its records; a source not loaded is a 400.
    const onlyCli = await runCli(
      store,
      [registerDisagreements],
      [...args, '--only-in', 'ucdp-ged', '--format', 'json'],
    );
    const onlyApi = await createApi({ store }).app.request(`/api/v1/disagreements?${q}&only_in=ucdp-ged`);
    const onlyAnswer = (await onlyApi.json()) as { only_in: { total: number; records: { id: string }[] } };
    assert.deepEqual(onlyAnswer, JSON.parse(onlyCli.out));
    assert.ok(onlyAnswer.only_in.total > 0);
    const onlyTable = await runCli(store, [registerDisagreements], [...args, '--only-in', 'ucdp-ged']);
    for (const r of onlyAnswer.only_in.records) assert.match(onlyTable.out, new RegExp(`${r.id} `));
    assert.match(
      onlyTable.err,
      new RegExp(`only in ucdp-ged, on days another source covers: ${onlyAnswer.only_in.total} records`),
    );
    const badOnly = await createApi({ store }).app.request('/api/v1/disagreements?only_in=acled');
    assert.equal(badOnly.status, 400);
    const cliDiffer = await runCli(store, [registerDisagreements], ['disagreements', '--differ', 'toll']);
    assert.equal(
      (cliDiffer.error as Error).message,
      'invalid differ: "toll" (use deaths, date, province or perpetrator)',
    );
    // Only the moved row differs on its date.
    const dates = await runCli(
      store,
      [registerDisagreements],
      [...args, '--differ', 'date', '--format', 'json'],
    );
    const onDates = JSON.parse(dates.out) as { disagreeing_total: number; differ: string };
    assert.deepEqual([onDates.disagreeing_total, onDates.differ], [1, 'date']);
  });

  it('answers CSV and NDJSON over the API with the bytes of `faultline disagreements --format csv|ndjson`, the incidents counted and a cut list said in headers', async () => {
    const api = (query: string) => createApi({ store }).app.request(`/api/v1/disagreements?${query}`);
    for (const format of ['csv', 'ndjson'] as const) {
      const cli = await runCli(store, [registerDisagreements], [...args, '--format', format]);
      const res = await api(`${q}&format=${format}`);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), cli.out, format);
      assert.equal(res.headers.get('x-faultline-total'), '2');
    }
    const whole = (await (await api(`${q}&format=csv`)).clone().text()).trim().split('\n');
    assert.equal(whole[0], 'incident,differ,source,id,date,province,place,deaths,actors,link');
    // Each incident's records: the first with no link, the next saying how it joined.
    const incidents = new Set(whole.slice(1).map((l) => l.split(',')[0]));
    assert.equal(incidents.size, 2);
    // Cut at one incident: the header says so (the JSON says it by disagreeing_total).
    const cut = await api(`${q}&format=csv&limit=1`);
    assert.equal(
      new Set(
        (await cut.text())
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[0]),
      ).size,
      1,
    );
    assert.match(
      cut.headers.get('x-faultline-notes') ?? '',
      /lists the first 1 of 2 incidents: give a larger limit/,
    );
    // None listed: the CSV keeps its header.
    const none = await api(`${q}&format=csv&limit=0`);
    assert.equal(await none.text(), 'incident,differ,source,id,date,province,place,deaths,actors,link\n');
    // With only_in, the records only that source reports.
    const only = await api(`${q}&only_in=ucdp-ged&format=csv`);
    const onlyCli = await runCli(
      store,
      [registerDisagreements],
      [...args, '--only-in', 'ucdp-ged', '--format', 'csv'],
    );
    assert.equal(await only.text(), onlyCli.out);
    assert.match(onlyCli.out, /^source,id,date,province,place,deaths,actors,not_in\n/);
  });

  it("an event's detail never reads a superseded Candidate record, or a GED event whose Candidate twin it superseded, as reported by one source only", async () => {
    const get = async (id: string) =>
      (
        (await (
          await createApi({ store }).app.request(`/api/v1/events/${encodeURIComponent(id)}`)
        ).json()) as EventAnswer
      ).same_incident;
    const twin = made.kept.find((id) => id !== made.tripled && id !== made.moved)!;
    const candidate = (await store.getEvent(`ucdp-candidate:${twin}`))!;
    assert.ok(candidate.supersededBy, 'the final release supersedes the Candidate record');
    const old = await get(candidate.id);
    assert.deepEqual([old.status, old.records, old.run], ['not_checked', null, null]);
    assert.equal(
      old.note,
      `not checked: the final release ${candidate.supersededBy} supersedes this record, and linkage compares current records only; the final release's record with the same UCDP id, ucdp-ged:${twin}, is linked in its place`,
    );
    // Its GED twin: stored runs hold current records only, so the Candidate version was not
    // compared, and nothing is listed as "none linked".
    const ged = await get(`ucdp-ged:${twin}`);
    assert.deepEqual([ged.status, ged.records, ged.compared], ['no_other_source', null, []]);
    assert.match(
      ged.note,
      /^nothing to compare: the stored linkage run of .* holds no current record of another source/,
    );
    assert.match(
      ged.note,
      /; ucdp-candidate \S+ covers \S+ in PAK but holds no current record in this run's period \(superseded by a final release, or none at all\), so it was not compared$/,
    );
  });
});

// Real UCDP GED 22.1 rows (1-10 March 2021) and a desk log made from them (synthetic), as in
// analysis/dedupe.test.ts; the desk log is also imported shifted to 2024 and 2025 (synthetic: new
// ids, the same rows three and four years later).
const LINKAGE_FIX = new URL('../../test/fixtures/linkage/', import.meta.url).pathname;
const DESK_LOG = `${LINKAGE_FIX}desk-log-synthetic-from-ged-2021-03.csv`;
const DESK_MAPPING = `${LINKAGE_FIX}desk-log-synthetic-from-ged-2021-03.mapping.yaml`;

describe('the stored runs a disagreements answer names (issue 17)', () => {
  let store: Store;
  const dir = mkdtempSync(join(tmpdir(), 'faultline-disagree-runs-'));
  const shifted = (prefix: string, year: string) => {
    const file = join(dir, `desk-log-synthetic-from-ged-${year}-03.csv`);
    const text = readFileSync(DESK_LOG, 'utf8');
    writeFileSync(file, text.replace(/^D-/gm, `${prefix}-`).replace(/,2021-/g, `,${year}-`));
    return file;
  };
  const disagree = (args: string[]) => runCli(store, [registerDisagreements], ['disagreements', ...args]);
  const linkageOf = async (args: string[]) =>
    (JSON.parse((await disagree([...args, '--format', 'json'])).out) as DisagreementsAnswer).linkage;
  const linksLine = (err: string) => err.split('\n').find((l) => l.startsWith('links stored'));
  before(async () => {
    store = await createStore({ path: ':memory:' });
    // The GED release declares 1989-2021: one run over those years, with the 2021 desk log in it.
    await importFile(store, `${LINKAGE_FIX}ged-22.1-pak-2021-03-01-to-10.csv`, { version: '22.1' });
    await importFile(store, DESK_LOG, { mapping: DESK_MAPPING });
    // A newer run of its own: 2024 is more than the window away from 2021.
    await importFile(store, shifted('N', '2024'), { mapping: DESK_MAPPING, version: '2024-05' });
    // Imported without linking: no stored run covers 2025.
    await importFile(store, shifted('L', '2025'), { mapping: DESK_MAPPING, version: '2025-05', link: false });
  });
  after(() => store.close());

  it('a query over the older period names the older run only, with the part of the period it supplied and the versions of the records there', async () => {
    assert.deepEqual(
      (await store.linkageRuns()).map((r) => [r.from, r.to, r.stamp.map((s) => `${s.source} ${s.version}`)]),
      [
        ['1989-01-01', '2021-12-31', ['csv 2021-04', 'ucdp-ged 22.1']],
        ['2024-03-05', '2024-04-04', ['csv 2024-05']],
      ],
    );
    const older = await linkageOf(['--from', '2021-03', '--to', '2021-04']);
    assert.deepEqual(
      older.runs.map((r) => [r.from, r.to, r.used]),
      [
        [
          '1989-01-01',
          '2021-12-31',
          {
            from: '2021-03-01',
            to: '2021-04-30',
            source_versions: [
              { source: 'csv', version: '2021-04', records: 9 },
              { source: 'ucdp-ged', version: '22.1', records: 9 },
            ],
          },
        ],
      ],
    );
    assert.deepEqual(older.no_run, []);
    assert.doesNotMatch(JSON.stringify(older), /2024/);
    // The API answers the same.
    const api = await createApi({ store }).app.request('/api/v1/disagreements?from=2021-03&to=2021-04');
    assert.deepEqual(((await api.json()) as DisagreementsAnswer).linkage, older);
    // April 2021 holds desk records only: GED 22.1, in the run's stamp, is not named as a source of its links.
    const april = await disagree(['--from', '2021-04', '--to', '2021-04']);
    assert.equal(
      linksLine(april.err),
      'links stored after the imports: 2021-04-01 to 2021-04-30 from the run of 1989-01-01 to 2021-12-31 (csv 2021-04: 2 records)',
    );
  });

  it('says which parts of the asked period no stored run covers, and names no run there', async () => {
    const across = await disagree(['--from', '2021-03', '--to', '2024-12']);
    assert.equal(
      linksLine(across.err),
      'links stored after the imports: 2021-03-01 to 2021-12-31 from the run of 1989-01-01 to 2021-12-31 (csv 2021-04: 9 records, ucdp-ged 22.1: 9 records); 2024-03-05 to 2024-04-04 from the run of 2024-03-05 to 2024-04-04 (csv 2024-05: 9 records); no stored run covers 2022-01-01 to 2024-03-04, 2024-04-05 to 2024-12-31: nothing there is linked',
    );
    // 2025: a source covers it, no run does, and no record of the filter lies there to link.
    const args = ['--from', '2025-03', '--to', '2025-04', '--actor', 'BLA'];
    assert.deepEqual(await linkageOf(args), {
      basis: 'stored',
      relinked: false,
      runs: [],
      no_run: [{ from: '2025-03-01', to: '2025-04-30' }],
    });
    assert.equal(
      linksLine((await disagree(args)).err),
      'links stored after the imports: none used (no record under this filter); no stored run covers 2025-03-01 to 2025-04-30: nothing there is linked',
    );
  });

  it('says that no source has events under a filter that keeps none (it said "only no source")', async () => {
    const r = await disagree(['--from', '2025-03', '--to', '2025-04', '--actor', 'BLA']);
    assert.match(r.err, /^reported by one source only: none$/m);
    assert.match(r.err, /^note: no source has events under this filter: there is nothing to compare$/m);
  });
});
