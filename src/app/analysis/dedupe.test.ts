import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { createApi } from '../../api/server.ts';
import { registerCompare } from '../../cli/commands/compare.ts';
import { registerSeries } from '../../cli/commands/series.ts';
import { createStore, type Store } from '../../storage/index.ts';
import { sourcesDisagree } from '../disagreements.ts';
import { importFile, type ImportResult } from '../import-dataset.ts';
import { linkageState } from '../linkage-runs.ts';
import { compareQuery } from './compare.ts';
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
});
