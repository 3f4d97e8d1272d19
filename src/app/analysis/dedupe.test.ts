import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { staleLinks as makeLinksStale } from '../../../test/helpers/stale-links.ts';
import { createApi } from '../../api/server.ts';
import { registerCompare } from '../../cli/commands/compare.ts';
import { registerEvent } from '../../cli/commands/event.ts';
import { exitCodeFor } from '../../cli/fail.ts';
import { registerSeries } from '../../cli/commands/series.ts';
import { createStore, type Store } from '../../storage/index.ts';
import type { EventAnswer, SeriesAnswer } from '../answers.ts';
import { sourcesDisagree, type DisagreementsAnswer } from '../disagreements.ts';
import { importFile, type ImportResult } from '../import-dataset.ts';
import { ensureLinked, linkageState } from '../linkage-runs.ts';
import { compareQuery } from './compare.ts';
import { invalidateMemo } from './memo.ts';
import { querySeries } from './series.ts';

// Real UCDP GED 22.1 rows (1-10 March 2021) and a desk log made from them (synthetic: two rows left
// out, one toll raised, one date moved, two April rows added); see test/fixtures/README.md.
const FIX = new URL('../../../test/fixtures/linkage/', import.meta.url).pathname;
const GED = `${FIX}ged-22.1-pak-2021-03-01-to-10.csv`;
const DESK = `${FIX}desk-log-synthetic-from-ged-2021-03.csv`;
const MAPPING = `${FIX}desk-log-synthetic-from-ged-2021-03.mapping.yaml`;

describe('--dedupe: one count per incident (issue 17)', () => {
  let store: Store;
  let desk: ImportResult;
  before(async () => {
    store = await createStore({ path: ':memory:' });
    await importFile(store, GED, { version: '22.1' });
    desk = await importFile(store, DESK, { mapping: MAPPING });
  });
  after(() => store.close());

  it('links the imported period after an import and stores the run with the source versions it came from', async () => {
    assert.equal(desk.linkage?.incidents, 7, 'the seven desk rows with a GED twin');
    const [run] = await store.linkageRuns();
    assert.deepEqual(
      run!.stamp.map((s) => [s.source, s.version, s.events]),
      [
        ['csv', '2021-04', 9],
        ['ucdp-ged', '22.1', 9],
      ],
    );
    assert.equal((await linkageState(store, '2021-03-01', '2021-04-30')).status, 'current');
    // A run stored before published desk events were candidates (its params without the marker) is stale.
    const { candidates, ...before } = JSON.parse(run!.params) as Record<string, unknown>;
    assert.equal(candidates, 'sources and published desk events');
    await store.saveLinkageRun({
      ...run!,
      params: JSON.stringify(before),
      replaces: [run!.id],
      pairs: [],
      clusters: [],
    });
    assert.equal((await linkageState(store, '2021-03-01', '2021-04-30')).status, 'stale');
  });

  it('dedupe counts equal the hand count: GED figures represent an incident, low and high span both sources', async () => {
    const metrics = ['events', 'fatalities_best', 'fatalities_low', 'fatalities_high'] as const;
    const q = {
      filter: { from: '2021-03-01', to: '2021-04-30' },
      interval: 'month' as const,
      metrics: [...metrics],
    };
    const plain = await querySeries(store, q);
    const deduped = await querySeries(store, { ...q, dedupe: true });
    const row = (r: typeof plain, i: number) => metrics.map((m) => r.points[i]![m]);
    // By hand from the two files: March has 9 GED events (best 22; lows 22; highs 1+8+2+4+2+2+5+2+5 = 31,
    // the raised toll 8 and GED's high 5 for event 390461 widening them) and 7 desk twins; April has the
    // 2 desk-only rows (1 and 0 deaths).
    // Counted per record, March adds the desk twins' 22 deaths (their lows and highs are unknown).
    assert.deepEqual(row(plain, 0), [16, 44, 22, 27]);
    assert.deepEqual(row(deduped, 0), [9, 22, 22, 31]);
    assert.deepEqual(row(deduped, 1), [2, 1, 1, 1]);
    assert.match(deduped.meta.notes.join(' '), /one count per incident/);
    // Counted per record, the answer warns of double counting; deduplicated, it does not.
    assert.match(plain.meta.notes.join(' '), /may record the same incident twice/);
    assert.doesNotMatch(deduped.meta.notes.join(' '), /may record the same incident twice/);
    const cmp = await compareQuery(store, {
      filter: {},
      kind: 'periods',
      period1: '2021-03',
      period2: '2021-04',
      dedupe: true,
    });
    assert.deepEqual([cmp.comparison.count1, cmp.comparison.count2], [9, 2]);
    assert.doesNotMatch(cmp.meta.notes.join(' '), /may record the same incident twice/);
  });

  it('answers the same deduplicated series from the CLI (--format json) and the API (dedupe=true)', async () => {
    const cli = await runCli(
      store,
      [registerSeries],
      [
        'series',
        '--from',
        '2021-03-01',
        '--to',
        '2021-04-30',
        '--metrics',
        'events',
        '--dedupe',
        '--format',
        'json',
      ],
    );
    assert.equal(cli.error, undefined);
    const api = createApi({ store }).app;
    const res = await api.request('/api/v1/series?from=2021-03-01&to=2021-04-30&metrics=events&dedupe=true');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { points: { events: number }[] };
    assert.deepEqual(body, JSON.parse(cli.out));
    assert.deepEqual(
      body.points.map((p) => p.events),
      [9, 2],
    );
    const cmp = await runCli(
      store,
      [registerCompare],
      ['compare', '--period1', '2021-03', '--period2', '2021-04', '--dedupe', '--format', 'json'],
    );
    assert.equal(JSON.parse(cmp.out).comparison.count1, 9);
    assert.equal((await api.request('/api/v1/series?dedupe=maybe')).status, 400);
  });

  it('a deduplicated series or comparison over a period partly without a stored run names the run its links came from and the part no run covers', async () => {
    // GED 22.1 declares 1989-2021, so the one run covers those years; nothing is loaded (or linked) in 2022.
    assert.deepEqual(
      (await store.linkageRuns()).map((r) => [r.from, r.to]),
      [['1989-01-01', '2021-12-31']],
    );
    const run = {
      from: '1989-01-01',
      to: '2021-12-31',
      used: {
        from: '2021-03-01',
        to: '2021-12-31',
        source_versions: [
          { source: 'csv', version: '2021-04', records: 9 },
          { source: 'ucdp-ged', version: '22.1', records: 9 },
        ],
      },
    };
    const args = ['--from', '2021-03-01', '--to', '2022-06-30', '--metrics', 'events', '--dedupe'];
    const cli = await runCli(store, [registerSeries], ['series', ...args, '--format', 'json']);
    const meta = (JSON.parse(cli.out) as SeriesAnswer).meta;
    assert.deepEqual(
      meta.linkage?.runs.map((r) => ({ from: r.from, to: r.to, used: r.used })),
      [run],
    );
    assert.deepEqual(meta.linkage?.no_run, [{ from: '2022-01-01', to: '2022-06-30' }]);
    assert.ok(
      meta.notes.includes(
        '2022-01-01 to 2022-06-30: no stored linkage run: counted one per record (no record of this answer lies there)',
      ),
      meta.notes.join('\n'),
    );
    // The API answers the same; the table prints the line `disagreements` prints.
    const res = await createApi({ store }).app.request(
      '/api/v1/series?from=2021-03-01&to=2022-06-30&metrics=events&dedupe=true',
    );
    assert.deepEqual(((await res.json()) as SeriesAnswer).meta.linkage, meta.linkage);
    const table = await runCli(store, [registerSeries], ['series', ...args]);
    assert.match(
      table.err,
      /^links stored after the imports: 2021-03-01 to 2021-12-31 from the run of 1989-01-01 to 2021-12-31 \(csv 2021-04: 9 records, ucdp-ged 22\.1: 9 records\); no stored run covers 2022-01-01 to 2022-06-30: nothing there is linked$/m,
    );
    // Two periods: the days between them are no part of the answer, so only the second's gap is named.
    const cmp = await compareQuery(store, {
      filter: {},
      kind: 'periods',
      period1: '2021-03',
      period2: '2022-03',
      dedupe: true,
    });
    assert.deepEqual(cmp.meta.linkage?.no_run, [{ from: '2022-03-01', to: '2022-03-31' }]);
    assert.deepEqual(
      cmp.meta.linkage?.runs.map((r) => r.used.source_versions),
      [
        [
          { source: 'csv', version: '2021-04', records: 7 },
          { source: 'ucdp-ged', version: '22.1', records: 9 },
        ],
      ],
    );
  });

  it('never counts from stale links: an import that is not linked leaves the period stale, and the next read links it again', async () => {
    // The desk revises one toll (8 to 12) in a new version of its log, imported without linking.
    const dir = mkdtempSync(join(tmpdir(), 'faultline-dedupe-'));
    const revised = join(dir, 'desk-log-synthetic-revised.csv');
    writeFileSync(revised, readFileSync(DESK, 'utf8').replace('TTP,8,', 'TTP,12,'));
    await importFile(store, revised, { mapping: MAPPING, version: '2021-05', link: false });
    assert.equal((await linkageState(store, '2021-03-01', '2021-04-30')).status, 'stale');
    const a = await sourcesDisagree(store, { from: '2021-03-01', to: '2021-04-30' });
    assert.equal(a.linkage.basis, 'stored');
    assert.equal(a.linkage.relinked, true);
    assert.deepEqual(
      a.linkage.runs[0]!.source_versions.map((s) => `${s.source} ${s.version}`),
      // Not a full release: only the revised row takes the new version.
      ['csv 2021-04', 'csv 2021-05', 'ucdp-ged 22.1'],
    );
    assert.equal((await linkageState(store, '2021-03-01', '2021-04-30')).status, 'current');
    assert.equal(a.multi_source, 7);
    // The revised toll (4 in GED, 12 now) disagrees; the date a day apart is within the 1-day tolerance.
    assert.deepEqual(
      a.disagreeing.map((i) => [i.records.map((r) => r.fatalities_best!).sort((x, y) => x - y), i.differ]),
      [[[4, 12], ['deaths']]],
    );
  });

  it('links a record whose perpetrator is unidentified (XXX770) to one that names the TTP, and lists the perpetrator as a disagreement', async () => {
    // Synthetic wire log: GED 390463 (6 March 2021, state against TTP, 2 deaths), which the desk log
    // left out, as a wire service could code it: both sides UCDP's unidentified XXX770.
    const dir = mkdtempSync(join(tmpdir(), 'faultline-dedupe-'));
    const wire = join(dir, 'wire-log-synthetic.csv');
    writeFileSync(
      wire,
      'incident_no,day,province,town,lat,lng,category,perpetrator,victims,killed,summary\n' +
        'W-1,2021-03-06,Federally Administered Tribal Areas,Spinwam,32.926700,69.776470,state-based,XXX770,XXX770,2,SYNTHETIC from GED 390463\n',
    );
    const mapping = join(dir, 'wire-log.mapping.yaml');
    writeFileSync(mapping, readFileSync(MAPPING, 'utf8').replace('dataset: desk-log', 'dataset: wire-log'));
    await importFile(store, wire, { mapping, version: '2021-06' });
    const filter = { from: '2021-03-06', to: '2021-03-06' };
    for (const includeSuperseded of [false, true]) {
      // Stored runs (the engine's SQL), and linking on request in memory (--include-superseded).
      const a = await sourcesDisagree(store, filter, { includeSuperseded, differ: 'perpetrator' });
      assert.deepEqual(
        a.disagreeing.map((i) => [i.records.map((r) => r.id).sort(), i.differ]),
        [[['csv:wire-log:W-1', 'ucdp-ged:390463'], ['perpetrator']]],
        `includeSuperseded ${includeSuperseded}`,
      );
    }
    // Under --actor TTP, GED's record is alone (the wire names no one), yet the wire has the
    // incident: linked outside the filter, not an incident the wire missed.
    const ttp = await sourcesDisagree(store, { ...filter, actorIds: ['ttp'] });
    assert.deepEqual(
      ttp.single_source.find((x) => x.source === 'ucdp-ged'),
      { source: 'ucdp-ged', incidents: 1, where_others_cover: 0, linked_outside_filter: 1 },
    );
    assert.match(ttp.notes.join(' '), /ucdp-ged:390463 with csv:wire-log:W-1/);
  });

  // The event detail (GET /api/v1/events/{id}, `faultline event`): the records of other sources in
  // its stored incident. After the tests above the store holds GED, the desk log and the wire log.
  const detail = async (id: string) => {
    const res = await createApi({ store }).app.request(`/api/v1/events/${encodeURIComponent(id)}`);
    assert.equal(res.status, 200, id);
    return (await res.json()) as EventAnswer;
  };

  // Makes the stored links stale (a run stored before the current parameters) and clears the kept
  // answers, as an import would: the next reader links the period again.
  const staleLinks = () => makeLinksStale(store);
  const read = async (path: string) => {
    const res = await createApi({ store }).app.request(path);
    assert.equal(res.status, 200, path);
    return res.json();
  };

  it("an event's detail lists the other sources' records of its stored incident, links stale days again first, and `faultline event --format json` answers the same", async () => {
    // A stale run (stored before the current parameters): the detail links the days again.
    await staleLinks();
    const [stale] = await store.linkageRuns();
    const { clusters } = await store.storedLinkage([stale!.id]);
    const incident = clusters.find((c) => c.members.some((m) => m.startsWith('ucdp-ged:')))!;
    const id = incident.members.find((m) => m.startsWith('ucdp-ged:'))!;
    // `faultline event --format json` first: it finds the days stale and links them again.
    const first = JSON.parse(
      (await runCli(store, [registerEvent], ['event', id, '--format', 'json'])).out,
    ) as EventAnswer;
    assert.equal(first.event.id, id);
    const s = first.same_incident;
    assert.deepEqual([s.status, s.relinked], ['linked', true]);
    const [run] = await store.linkageRuns();
    assert.notEqual(run!.id, stale!.id, 'a new run replaced the stale one');
    assert.deepEqual([s.run?.id, s.run?.from, s.run?.to], [run!.id, run!.from, run!.to]);
    const others = incident.members.filter((m) => m !== id);
    assert.deepEqual(s.records?.map((r) => r.id).sort(), others.sort());
    for (const r of s.records!) {
      const e = (await store.getEvent(r.id))!;
      assert.deepEqual(
        [r.source, r.source_version, r.date_start, r.date_end, r.admin1_code, r.fatalities_best],
        [e.source, e.sourceVersion, e.dateStart, e.dateEnd, e.admin1Code, e.fatalitiesBest],
      );
      assert.notEqual(r.source, 'ucdp-ged');
      // Its own pair with the event joined it, above the threshold, with the reasons in words.
      assert.equal(r.joined, 'direct');
      assert.ok(r.score! >= 0.6 && r.reasons.some((x) => /^dates /.test(x)), JSON.stringify(r));
    }
    // Of the run (its whole period, 1989-2021), the detail rests on the days of the event and its
    // linked records, and on those records alone (the event's own included).
    const days = [first.event.date_start, ...s.records!.map((r) => r.date_start)]
      .map((d) => d.slice(0, 10))
      .sort();
    const versions = new Map<string, number>();
    for (const v of [
      `${first.event.source} ${first.event.source_version}`,
      ...s.records!.map((r) => `${r.source} ${r.source_version}`),
    ])
      versions.set(v, (versions.get(v) ?? 0) + 1);
    assert.deepEqual(s.run?.used, {
      from: days[0],
      to: days.at(-1),
      source_versions: [...versions]
        .sort()
        .map(([v, records]) => ({ source: v.split(' ')[0], version: v.split(' ')[1], records })),
    });
    assert.match(
      s.note,
      new RegExp(
        `^${others.length} records? of another source linked to this event by the stored linkage run of ${run!.from} to ${run!.to} \\(run ${run!.id}, computed [^)]*\\), computed again for this answer because the stored links of these days were stale or missing: `,
      ),
    );
    // The API, now the links are current, and the CLI again: the same body.
    const api = await detail(id);
    assert.deepEqual([api.same_incident.relinked, api.same_incident.records], [false, s.records]);
    const cli = await runCli(store, [registerEvent], ['event', id, '--format', 'json']);
    assert.equal(cli.error, undefined);
    assert.deepEqual(JSON.parse(cli.out), api);
    const table = await runCli(store, [registerEvent], ['event', id]);
    assert.match(table.out, new RegExp(`^Event ${id}\n`));
    assert.match(table.out, /\nOriginal record \(ucdp-ged 22\.1\)\n/);
    assert.match(table.out, new RegExp(`\nSame incident in other sources \\(linkage run ${run!.id}: `));
    for (const o of others) assert.match(table.out, new RegExp(`\n${o} `));
    assert.equal(table.err, `note: ${api.same_incident.note}\n`);
    // An unknown id: the API's 404, the CLI's one line quoting it, exit 3 (not found).
    const missing = await createApi({ store }).app.request('/api/v1/events/ucdp-ged:0');
    assert.equal(missing.status, 404);
    const unknown = await runCli(store, [registerEvent], ['event', 'ucdp-ged:0']);
    assert.equal(
      String(unknown.error),
      'NotFoundError: unknown event id: "ucdp-ged:0" (faultline events lists event ids)',
    );
    assert.equal(exitCodeFor(unknown.error), 3);
  });

  it('a kept answer never says `relinked: true` to a later reader for whom nothing was linked again', async () => {
    await staleLinks();
    const [stale] = await store.linkageRuns();
    const linkage = await store.storedLinkage([stale!.id]);
    const id = linkage.clusters.flatMap((c) => c.members).find((m) => m.startsWith('ucdp-ged:'))!;
    const first = (await detail(id)).same_incident;
    assert.equal(first.relinked, true);
    assert.match(first.note, /, computed again for this answer because the stored links/);
    const [run] = await store.linkageRuns();
    const again = (await detail(id)).same_incident;
    assert.deepEqual([again.relinked, again.run?.id, again.records], [false, run!.id, first.records]);
    assert.doesNotMatch(again.note, /computed again/);
  });

  it('two answers at once over stale links link them again once: one run stored, and only the one that linked says so', async () => {
    await staleLinks();
    const [stale] = await store.linkageRuns();
    const runs = async () =>
      (await store.linkageRuns()).filter((r) => r.from === stale!.from && r.to === stale!.to);
    const before = (await runs()).length;
    const both = await Promise.all([1, 2].map(() => ensureLinked(store, stale!.from, stale!.to)));
    // Which of the two gets its turn first depends on whose look at the runs answers first.
    assert.deepEqual(
      both.map((b) => b.relinked !== null).sort(),
      [false, true],
      'one linked again; the other, in its turn, found the links current',
    );
    // A linking stores a new run of the period in place of the stale one: one run, not two.
    assert.equal(before, 1);
    assert.equal((await runs()).length, 1);
    assert.notEqual(both[0]!.runs[0]!.id, stale!.id);
    assert.deepEqual(
      both[0]!.runs.map((r) => r.id),
      both[1]!.runs.map((r) => r.id),
    );
    assert.equal((await linkageState(store, stale!.from, stale!.to)).status, 'current');
  });

  it('no kept /disagreements or --dedupe answer says the links were computed again to a later reader for whom nothing was', async () => {
    await staleLinks();
    const url = '/api/v1/disagreements?from=2021-03-01&to=2021-04-30';
    const first = (await read(url)) as DisagreementsAnswer;
    assert.equal(first.linkage.relinked, true);
    const [run] = await store.linkageRuns();
    const again = (await read(url)) as DisagreementsAnswer;
    assert.deepEqual([again.linkage.relinked, again.linkage.runs[0]?.computed_at], [false, run!.computedAt]);

    await staleLinks();
    const series = '/api/v1/series?from=2021-03-01&to=2021-04-30&metrics=events&dedupe=true';
    const notes = async () => ((await read(series)) as { meta: { notes: string[] } }).meta.notes.join(' ');
    assert.match(await notes(), /were stale or missing and were computed again for this answer/);
    assert.doesNotMatch(await notes(), /computed again/);
  });

  it('says which sources were compared when none is linked ([]), and null, not [], where no other source covers the day', async () => {
    // A synthetic ACLED export (rows made up from the ACLED fixture's layout): one row on a day GED
    // covers and the logs do not, one after every other source's coverage ends.
    const dir = mkdtempSync(join(tmpdir(), 'faultline-dedupe-'));
    const acled = join(dir, 'acled-synthetic.csv');
    const fixture = readFileSync(
      new URL('../../ingest/acled/fixtures/acled_2024-01-01-2024-03-31_synthetic.csv', import.meta.url),
      'utf8',
    ).split('\n');
    const row = (id: string, date: string) =>
      fixture[1]!.replace('PAK90001', id).replace('2024-01-05,2024', `${date},${date.slice(0, 4)}`);
    writeFileSync(
      acled,
      [fixture[0], row('PAK91001', '2021-08-10'), row('PAK91002', '2022-01-10')].join('\n') + '\n',
    );
    await importFile(store, acled);
    invalidateMemo(store); // as the server does after an import: coverage is read again
    const coverage = await store.coverage();
    const logs = coverage.filter((c) => c.source === 'csv');
    assert.ok(logs.length && logs.every((c) => c.lastDate < '2021-08-10'), JSON.stringify(logs));

    const covered = (await detail('acled:PAK91001')).same_incident;
    assert.deepEqual([covered.status, covered.records], ['none_linked', []]);
    assert.deepEqual(
      covered.compared.map((v) => [`${v.source} ${v.version}`, v.covers_date]),
      [...logs.map((c) => [`csv ${c.version}`, false]), ['ucdp-ged 22.1', true]],
    );
    assert.match(
      covered.note,
      /^no record of another source is linked to this event by the stored linkage run of .*, though ucdp-ged 22\.1 \(covers 1989-01-01 to 2021-12-31\) covers 2021-08-10 in PAK; /,
    );
    assert.match(
      covered.note,
      /csv 2021-06 \(covers 2021-03-06 to 2021-03-06\) do not cover 2021-08-10 in PAK, so could not have reported it$/,
    );

    const alone = (await detail('acled:PAK91002')).same_incident;
    assert.deepEqual([alone.status, alone.records], ['no_other_source', null]);
    assert.ok(
      alone.compared.length && alone.compared.every((v) => !v.covers_date),
      JSON.stringify(alone.compared),
    );
    assert.match(
      alone.note,
      /^nothing to compare: of the other sources the stored linkage run of .* compared, none covers 2022-01-10 in PAK \(.*ucdp-ged 22\.1 \(covers 1989-01-01 to 2021-12-31\)\), so none could have reported this event; that is no evidence that others missed it$/,
    );
  });
});

describe('--dedupe over two periods links the periods it counts, not the days between', () => {
  it('leaves unlinked events between the two periods alone, and names no linking again', async () => {
    const store = await createStore({ path: ':memory:' });
    try {
      await importFile(store, GED, { version: '22.1' });
      await importFile(store, DESK, { mapping: MAPPING });
      // The desk log moved to June and July 2022 (synthetic), imported without linking: events
      // between the two periods compared that no stored run covers.
      const dir = mkdtempSync(join(tmpdir(), 'faultline-dedupe-'));
      const later = join(dir, 'desk-log-synthetic-2022.csv');
      writeFileSync(
        later,
        readFileSync(DESK, 'utf8').replaceAll(',2021-03-', ',2022-06-').replaceAll(',2021-04-', ',2022-07-'),
      );
      const mapping = join(dir, 'later-log.mapping.yaml');
      writeFileSync(
        mapping,
        readFileSync(MAPPING, 'utf8').replace('dataset: desk-log', 'dataset: later-log'),
      );
      await importFile(store, later, { mapping, version: '2022-08', link: false });
      const runs = (await store.linkageRuns()).map((r) => [r.id, r.from, r.to]);
      assert.equal((await linkageState(store, '2022-01-01', '2022-12-31')).status, 'missing');
      const cmp = await compareQuery(store, {
        filter: {},
        kind: 'periods',
        period1: '2021-03',
        period2: '2023-03',
        dedupe: true,
      });
      assert.equal(cmp.meta.linkage?.relinked, false);
      assert.ok(!cmp.meta.notes.some((n) => /computed again/.test(n)), cmp.meta.notes.join('\n'));
      assert.deepEqual(
        (await store.linkageRuns()).map((r) => [r.id, r.from, r.to]),
        runs,
      );
      assert.equal((await linkageState(store, '2022-01-01', '2022-12-31')).status, 'missing');
      // Both periods are current: each was looked at on its own.
      for (const [from, to] of [
        ['2021-03-01', '2021-03-31'],
        ['2023-03-01', '2023-03-31'],
      ] as const)
        assert.equal((await linkageState(store, from, to)).status, 'current');
    } finally {
      await store.close();
    }
  });
});
