import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_GEO, type StagedEvent } from './event-columns.ts';
import type { ImportStart, StatisticFilter, Store } from './store.ts';
import type { Statistic } from '../domain/statistic.ts';
import type { DeskAuditEntry, DeskEvent } from '../domain/desk.ts';

/** A minimal valid staged event for contract tests. */
export function stagedEvent(id: string, over: Partial<StagedEvent> = {}): StagedEvent {
  return {
    id: `ucdp-ged:${id}`,
    source: 'ucdp-ged',
    sourceVersion: '22.1',
    sourceId: id,
    dateStart: '2021-03-01',
    dateEnd: '2021-03-01',
    datePrecision: 'day',
    country: 'PAK',
    admin1Label: 'Balochistan province',
    admin2Label: null,
    place: 'Quetta',
    lat: 30.18,
    lon: 67.0,
    geoPrecision: 1,
    geoExact: true,
    sourceType: 'state-based',
    sourceSubtype: null,
    commonType: 'battle',
    actor1: 'Government of Pakistan',
    actor2: 'BRAS',
    actorIds: ['pakistan', 'bras'],
    fatalitiesBest: 3,
    fatalitiesLow: 2,
    fatalitiesHigh: null,
    deathsSideA: 1,
    deathsSideB: 2,
    deathsCivilians: 0,
    deathsUnknown: null,
    headline: 'h',
    notes: null,
    sourceArticles: ['a'],
    fileSha256: null,
    recordNo: null,
    recordKey: id,
    ...NO_GEO,
    admin1Code: 'PK-BA',
    line: 2,
    qualityFlags: [],
    ...over,
  };
}

const start = (sha: string, supersede = false, allowRemovals?: number): ImportStart => ({
  fileName: 'f.csv',
  bytes: 10,
  sha256: sha,
  format: 'ucdp-ged',
  source: 'ucdp-ged',
  startedAt: '2026-01-01T00:00:00Z',
  supersedeScope: supersede,
  ...(allowRemovals !== undefined ? { allowRemovals } : {}),
});
const final = (version: string, rows: number) => ({
  version,
  versionInferred: false,
  rowsRead: rows,
  metadataRows: 0,
  warnings: 0,
});

/** The contract every Store adapter must pass: run it with the adapter's factory. */
export function runStoreCase(c: { name: string; create: () => Promise<Store> }): void {
  describe(`Store contract: ${c.name}`, () => {
    it('migrating twice keeps the schema version and the data', async () => {
      const s = await c.create();
      const v = await s.migrate();
      assert.equal(await s.migrate(), v);
      await s.close();
    });

    it('a committed import stores events, the ledger entry and the rejections', async () => {
      const s = await c.create();
      const imp = await s.beginImport(start('a'));
      await imp.addEvents([stagedEvent('1'), stagedEvent('2', { line: 3, fatalitiesBest: null })]);
      await imp.addRejections([
        { line: 4, field: 'best', value: 'n/a', reason: 'best: not an integer', raw: 'x' },
      ]);
      const ledger = await imp.commit(final('22.1', 3));
      assert.deepEqual([ledger.accepted, ledger.rejected, ledger.added, ledger.rowsRead], [2, 1, 2, 3]);
      const e = await s.getEvent('ucdp-ged:2');
      assert.equal(e?.fatalitiesBest, null, 'unknown deaths stay null, never 0');
      assert.deepEqual(e?.actorIds, ['pakistan', 'bras']);
      assert.equal((await s.listRejections(ledger.id))[0]?.reason, 'best: not an integer');
      assert.deepEqual(await s.listRejections(ledger.id, 5, 1), [], 'an offset past the last row lists none');
      assert.equal((await s.findImport('a', 'ucdp-ged'))?.id, ledger.id);
      await s.close();
    });

    it("an import's warnings are read back from the events it stored, each flag with the event's record number (its line unknown when the archive holds no file of it)", async () => {
      const s = await c.create();
      const imp = await s.beginImport(start('w'));
      await imp.addEvents([
        stagedEvent('1', { recordNo: 1, qualityFlags: ['high < best', 'low > best'] }),
        stagedEvent('2', { recordNo: 2, line: 3 }),
      ]);
      const ledger = await imp.commit({ ...final('22.1', 2), warnings: 1 });
      const all = await s.listImportWarnings({ importId: ledger.id, knownFips: [] });
      assert.deepEqual([all.total, all.rows], [2, 1]);
      assert.deepEqual(
        all.warnings.map((w) => [w.kind, w.id, w.line, w.record, w.warning]),
        [
          ['event', 'ucdp-ged:1', null, 1, 'high < best'],
          ['event', 'ucdp-ged:1', null, 1, 'low > best'],
        ],
      );
      const one = await s.listImportWarnings({ importId: ledger.id, limit: 1, knownFips: [] });
      assert.deepEqual([one.warnings.length, one.total], [1, 2]);
      // A page from an offset: the next warning in the same order, the counts unchanged.
      const next = await s.listImportWarnings({ importId: ledger.id, limit: 1, offset: 1, knownFips: [] });
      assert.deepEqual([next.warnings.map((w) => w.warning), next.total], [['low > best'], 2]);
      await s.close();
    });

    it("listStatistics reads every record of a metric and period, whatever country each names: it has no country filter, since a figure compiled twice is merged over all its records before the list's filter", async () => {
      const s = await c.create();
      const imp = await s.beginImport({ ...start('stats'), format: 'statistics', source: 'statistics' });
      const figure = (
        id: string,
        over: Partial<Statistic & { line: number }>,
      ): Statistic & { line: number } => ({
        id,
        organisation: 'IOM',
        report: 'r',
        reportVersion: '1',
        published: '',
        metric: 'returns',
        definition: 'd',
        country: 'AFG',
        admin1: null,
        geography: null,
        geographyTo: null,
        countryTo: null,
        periodStart: '2023-09-15',
        periodEnd: '2024-01-31',
        value: 501242,
        qualifier: 'exact',
        unit: 'persons',
        url: null,
        quote: null,
        line: 2,
        ...over,
      });
      // One figure in two records (Pakistan to Afghanistan, and Afghanistan alone), and another metric.
      await imp.addStatistics([
        figure('pair', { country: 'PAK', countryTo: 'AFG' }),
        figure('one', { line: 3 }),
        figure('other', {
          metric: 'deportations',
          periodStart: '2025-01-01',
          periodEnd: '2025-01-31',
          line: 4,
        }),
      ]);
      await imp.commit(final('1', 3));
      const ids = async (f: StatisticFilter) => (await s.listStatistics(f)).map((x) => x.id).sort();
      assert.deepEqual(await ids({ metric: 'returns', from: '2024-01-01', to: '2024-01-31' }), [
        'one',
        'pair',
      ]);
      assert.deepEqual(await ids({ from: '2025-01-01' }), ['other']);
      assert.deepEqual(await ids({ to: '2023-12-31' }), ['one', 'pair']);
      // Filtered by country in the store, the list merged one record of the figure and never saw its copy.
      // @ts-expect-error -- the port has no country filter: the list filters whole figures after the merge
      assert.deepEqual(await ids({ metric: 'returns', countries: ['PAK'] }), ['one', 'pair']);
      await s.close();
    });

    it('a rolled-back import leaves no event, ledger entry or rejection', async () => {
      const s = await c.create();
      const imp = await s.beginImport(start('b'));
      await imp.addEvents([stagedEvent('1')]);
      await imp.rollback();
      assert.equal(await s.countEvents({}), 0);
      assert.deepEqual(await s.listImports(), []);
      await s.close();
    });

    it('duplicate ids in one import keep the first row and reject the others with the first line', async () => {
      const s = await c.create();
      const imp = await s.beginImport(start('c'));
      await imp.addEvents([stagedEvent('1', { line: 2 }), stagedEvent('1', { line: 9 })]);
      const ledger = await imp.commit(final('22.1', 2));
      assert.deepEqual([ledger.accepted, ledger.rejected], [1, 1]);
      assert.equal((await s.listRejections(ledger.id))[0]?.reason, 'duplicate id 1 (first at line 2)');
      await s.close();
    });

    it('a newer version records added, changed, unchanged and (for full releases) removed events', async () => {
      const s = await c.create();
      let imp = await s.beginImport(start('d1'));
      await imp.addEvents([stagedEvent('1'), stagedEvent('2'), stagedEvent('3')]);
      await imp.commit(final('22.1', 3));
      imp = await s.beginImport(start('d2', true, 1));
      await imp.addEvents([stagedEvent('1'), stagedEvent('2', { fatalitiesBest: 9 }), stagedEvent('4')]);
      const l = await imp.commit(final('23.1', 3));
      assert.deepEqual([l.added, l.changed, l.unchanged, l.removed], [1, 1, 1, 1]);
      assert.equal((await s.getEvent('ucdp-ged:2'))?.fatalitiesBest, 9);
      assert.equal(await s.getEvent('ucdp-ged:3'), null);
      const changes = await s.listChanges(l.id);
      assert.deepEqual(changes.map((x) => `${x.change}:${x.eventId}`).sort(), [
        'added:ucdp-ged:4',
        'changed:ucdp-ged:2',
        'removed:ucdp-ged:3',
      ]);
      await s.close();
    });

    it('a full release that would remove more than 5% of its source stops, naming the count, and changes nothing', async () => {
      const s = await c.create();
      let imp = await s.beginImport(start('r1'));
      await imp.addEvents(['1', '2', '3', '4'].map((id) => stagedEvent(id)));
      await imp.commit(final('22.1', 4));
      imp = await s.beginImport(start('r2', true));
      await imp.addEvents([stagedEvent('1'), stagedEvent('2')]);
      await assert.rejects(imp.commit(final('23.1', 2)), {
        message:
          '"f.csv": this import would remove 2 of 4 stored ucdp-ged events, more than 5% without consent; nothing was imported; if the file is a complete release, run again with --allow-removals 2',
      });
      assert.equal(await s.countEvents({}), 4);
      assert.equal((await s.listImports()).length, 1);
      // Consent for fewer than it would remove is not consent.
      imp = await s.beginImport(start('r2', true, 1));
      await imp.addEvents([stagedEvent('1'), stagedEvent('2')]);
      await assert.rejects(imp.commit(final('23.1', 2)), /would remove 2 of 4/);
      imp = await s.beginImport(start('r2', true, 2));
      await imp.addEvents([stagedEvent('1'), stagedEvent('2')]);
      assert.equal((await imp.commit(final('23.1', 2))).removed, 2);
      assert.equal(await s.countEvents({}), 2);
      await s.close();
    });

    it('a full release may remove up to 5% of its source without consent', async () => {
      const s = await c.create();
      const ids = Array.from({ length: 40 }, (_, i) => String(i + 1));
      let imp = await s.beginImport(start('f1'));
      await imp.addEvents(ids.map((id) => stagedEvent(id)));
      await imp.commit(final('22.1', 40));
      imp = await s.beginImport(start('f2', true));
      await imp.addEvents(ids.slice(0, 38).map((id) => stagedEvent(id)));
      assert.equal((await imp.commit(final('23.1', 38))).removed, 2);
      await s.close();
    });

    it('an older version never overwrites rows of a newer one', async () => {
      const s = await c.create();
      let imp = await s.beginImport(start('e1'));
      await imp.addEvents([stagedEvent('1', { fatalitiesBest: 5 })]);
      await imp.commit(final('23.1', 1));
      imp = await s.beginImport(start('e2'));
      await imp.addEvents([stagedEvent('1', { fatalitiesBest: 4 })]);
      const l = await imp.commit(final('22.1', 1));
      assert.equal(l.stale, 1);
      assert.equal((await s.getEvent('ucdp-ged:1'))?.fatalitiesBest, 5);
      await s.close();
    });

    it('filters bind values as parameters, so quotes in a filter match nothing instead of breaking SQL', async () => {
      const s = await c.create();
      const imp = await s.beginImport(start('f'));
      await imp.addEvents([stagedEvent('1')]);
      await imp.commit(final('22.1', 1));
      assert.equal(await s.countEvents({ admin1: ["x' OR '1'='1"] }), 0);
      assert.equal(await s.countEvents({ country: ['PAK'], admin1: ['PK-BA'], actorIds: ['bras'] }), 1);
      assert.equal(await s.countEvents({ actorIds: ['ttp'] }), 0);
      await s.close();
    });

    it("eventScope gives a filter's events, sources and first and last start day, and none (not zeros for days) when nothing matches", async () => {
      const s = await c.create();
      const imp = await s.beginImport(start('f'));
      await imp.addEvents([
        stagedEvent('1', { dateStart: '2021-03-04', dateEnd: '2021-03-09' }),
        stagedEvent('2', { dateStart: '2021-02-27', dateEnd: '2021-02-27' }),
        stagedEvent('3', { dateStart: '2021-05-01', dateEnd: '2021-05-01', country: 'AFG' }),
      ]);
      await imp.commit(final('22.1', 3));
      assert.deepEqual(await s.eventScope({ country: ['PAK'] }), {
        events: 2,
        sources: ['ucdp-ged'],
        first: '2021-02-27',
        last: '2021-03-04',
      });
      assert.deepEqual(await s.eventScope({ from: '2022-01-01' }), {
        events: 0,
        sources: [],
        first: null,
        last: null,
      });
      await s.close();
    });

    it('named aggregate reads count events once, keep unknown deaths apart and pair sides in either order', async () => {
      const s = await c.create();
      const imp = await s.beginImport(start('g'));
      await imp.addEvents([
        stagedEvent('1', { fatalitiesBest: 3, h3Coarse: 'c1' }),
        stagedEvent('2', { line: 3, fatalitiesBest: null, actor1: 'BRAS', actor2: 'Government of Pakistan' }),
        stagedEvent('3', {
          line: 4,
          dateStart: '2021-04-02',
          dateEnd: '2021-04-02',
          actor2: null,
          admin1Code: null,
        }),
      ]);
      await imp.commit(final('22.1', 3));
      const rows = await s.aggregate({ filter: { actorIds: ['pakistan', 'bras'] }, unit: 'month' });
      const march = rows.find((r) => r.bucket === '2021-03-01')!;
      assert.deepEqual([march.events, march.fatalities_best, march.fatalities_best_known], [2, 3, 1]);
      const byActor = await s.aggregate({ filter: {}, groupBy: 'actor' });
      assert.deepEqual(byActor.map((r) => [r.grp, r.events]).sort(), [
        ['bras', 3],
        ['pakistan', 3],
      ]);
      const d = await s.dyads({});
      assert.deepEqual(
        d.dyads.map((x) => [
          x.actorA,
          x.actorB,
          x.events,
          x.deathsBest,
          x.eventsWithUnknownDeaths,
          x.firstDate,
          x.lastDate,
        ]),
        [['BRAS', 'Government of Pakistan', 2, 3, 1, '2021-03-01', '2021-03-01']],
      );
      assert.equal(d.eventsWithoutDyad, 1);
      const idx = await s.indexUnits({});
      const ba = idx.units.find((u) => u.admin1Code === 'PK-BA')!;
      assert.deepEqual(
        [ba.events, ba.deaths, ba.eventsWithDeaths, ba.cells, ba.eventsWithoutCell],
        [2, 3, 1, 1, 1],
      );
      assert.equal(idx.units.find((u) => u.admin1Code === null)?.events, 1);
      assert.deepEqual(idx.sources, [{ source: 'ucdp-ged', version: '22.1', events: 3 }]);
      assert.deepEqual(await s.cellsPerUnit(), [{ admin1Code: 'PK-BA', cells: 1 }]);
      await s.close();
    });

    it('placementEvents reads only the methods asked, filtered, by date then id, cut at the limit with every matching event counted', async () => {
      const s = await c.create();
      const imp = await s.beginImport(start('p'));
      const on = (day: string) => ({ dateStart: day, dateEnd: day });
      await imp.addEvents([
        stagedEvent('1', {
          ...on('2021-03-05'),
          geoMethod: 'disagree',
          pointAdmin1Code: 'PK-KP',
          labelAdmin1Code: 'PK-BA',
        }),
        stagedEvent('2', {
          line: 3,
          ...on('2021-03-01'),
          geoMethod: 'border_snap',
          pointAdmin1Code: 'AF-NAN',
          snappedKm: 1.25,
          admin1Code: 'PK-KP',
        }),
        stagedEvent('3', { line: 4, ...on('2021-03-01'), geoMethod: 'agree' }),
        stagedEvent('4', { line: 5, ...on('2021-03-01'), geoMethod: 'disagree', country: 'AFG' }),
        stagedEvent('5', {
          line: 6,
          ...on('2021-02-01'),
          geoMethod: 'other_country',
          country: 'IRN',
          admin1Code: null,
        }),
      ]);
      await imp.commit(final('22.1', 5));
      const methods = ['disagree', 'border_snap', 'other_country'] as const;
      const all = await s.placementEvents({ methods, limit: 10 });
      assert.deepEqual(
        all.rows.map((r) => [r.id, r.geoMethod]),
        [
          ['ucdp-ged:5', 'other_country'],
          ['ucdp-ged:2', 'border_snap'],
          ['ucdp-ged:4', 'disagree'],
          ['ucdp-ged:1', 'disagree'],
        ],
      );
      assert.deepEqual(all.counts, { disagree: 2, border_snap: 1, other_country: 1 });
      const snapped = all.rows[1]!;
      assert.deepEqual(
        [
          snapped.pointAdmin1Code,
          snapped.labelAdmin1Code,
          snapped.snappedKm,
          snapped.admin1Code,
          snapped.dateStart,
        ],
        ['AF-NAN', null, 1.25, 'PK-KP', '2021-03-01'],
      );
      // Cut at the limit, the counts still hold every matching event; a limit of 0 counts alone.
      const cut = await s.placementEvents({ methods, limit: 2, country: ['PAK', 'AFG'] });
      assert.deepEqual(
        cut.rows.map((r) => r.id),
        ['ucdp-ged:2', 'ucdp-ged:4'],
      );
      assert.deepEqual(cut.counts, { disagree: 2, border_snap: 1, other_country: 0 });
      const none = await s.placementEvents({ methods: ['disagree'], limit: 0, country: ['PAK'] });
      assert.deepEqual(none, { rows: [], counts: { disagree: 1 } });
      await s.close();
    });

    it('districtGroups counts every matching event per province, label, district and exactness, ordered by first event, with its place', async () => {
      const s = await c.create();
      const imp = await s.beginImport(start('d'));
      const on = (day: string) => ({ dateStart: day, dateEnd: day });
      const bannu = {
        admin1Code: 'PK-KP',
        admin2Label: 'North Waziristan',
        admin2Code: 'kp_bannu',
        admin2Name: 'Bannu',
      };
      await imp.addEvents([
        // The group's first event by date names no place: its example is null, not a later event's.
        stagedEvent('1', { ...on('2021-03-05'), ...bannu, place: 'Bannu town' }),
        stagedEvent('2', { line: 3, ...on('2021-03-02'), ...bannu, place: null }),
        stagedEvent('3', { line: 4, ...on('2021-03-09'), ...bannu }),
        // The same label and district with coarse coordinates: a group of its own.
        stagedEvent('4', { line: 5, ...on('2021-03-03'), ...bannu, geoExact: false, place: 'Mir Ali' }),
        stagedEvent('5', {
          line: 6,
          ...on('2021-03-01'),
          admin1Code: 'PK-JK',
          admin2Label: 'Kotli district',
        }),
        stagedEvent('6', { line: 7, ...on('2021-03-04'), country: 'AFG', admin1Code: 'AF-NAN' }),
      ]);
      await imp.commit(final('22.1', 6));
      const groups = await s.districtGroups({ country: ['PAK'] });
      assert.deepEqual(groups, [
        {
          admin1Code: 'PK-JK',
          admin2Label: 'Kotli district',
          admin2Code: null,
          admin2Name: null,
          geoExact: true,
          events: 1,
          examplePlace: 'Quetta',
        },
        { ...bannu, geoExact: true, events: 3, examplePlace: null },
        { ...bannu, geoExact: false, events: 1, examplePlace: 'Mir Ali' },
      ]);
      // The filter is the events' filter: a date range keeps the groups' events within it.
      const later = await s.districtGroups({ country: ['PAK'], from: '2021-03-03' });
      assert.deepEqual(
        later.map((g) => [g.admin2Label, g.geoExact, g.events, g.examplePlace]),
        [
          ['North Waziristan', false, 1, 'Mir Ali'],
          ['North Waziristan', true, 2, 'Bannu town'],
        ],
      );
      await s.close();
    });

    it("panel cells split by sides name each side's registry actor on the event's date, and sum to the unsplit cells", async () => {
      const s = await c.create();
      const imp = await s.beginImport(start('p'));
      const day = (d: string) => ({ dateStart: d, dateEnd: d });
      await imp.addEvents([
        stagedEvent('1', { fatalitiesBest: 3 }),
        stagedEvent('2', { line: 3, fatalitiesBest: 4, actor1: 'BRAS', actor2: 'Government of Pakistan' }),
        // "Government of Afghanistan" is the Islamic Republic before 15 August 2021, the Taliban-led state after.
        stagedEvent('3', {
          line: 4,
          ...day('2021-08-14'),
          fatalitiesBest: 5,
          actor1: 'Government of Afghanistan',
          actor2: 'Government of Pakistan',
          admin1Code: 'PK-KP',
        }),
        stagedEvent('4', {
          line: 5,
          ...day('2021-08-16'),
          fatalitiesBest: 7,
          actor1: 'Government of Afghanistan',
          actor2: 'Government of Pakistan',
          admin1Code: 'PK-KP',
        }),
        // An unknown name is null; unknown deaths count as 0.
        stagedEvent('5', {
          line: 6,
          fatalitiesBest: null,
          actor1: 'TTP',
          actor2: 'Bangesh',
          admin1Code: 'PK-KP',
        }),
        stagedEvent('6', { line: 7, fatalitiesBest: 2, actor1: 'TTP', actor2: null, admin1Code: 'PK-KP' }),
      ]);
      await imp.commit(final('22.1', 6));
      const q = {
        country: 'PAK',
        source: 'ucdp-ged',
        units: ['PK-BA', 'PK-KP'],
        metric: 'fatalities',
      } as const;
      const split = await s.panelCells({ ...q, bySides: true });
      const key = (x: { unit: string | null; month: string; sides?: unknown; value: number }) =>
        `${x.unit} ${x.month} ${JSON.stringify(x.sides ?? null)} ${x.value}`;
      assert.deepEqual(split.map(key).sort(), [
        'PK-BA 2021-03 ["bras","pakistan"] 4',
        'PK-BA 2021-03 ["pakistan","bras"] 3',
        'PK-KP 2021-03 ["ttp",null] 2',
        'PK-KP 2021-08 ["afghan-republic","pakistan"] 5',
        'PK-KP 2021-08 ["afghan-taliban","pakistan"] 7',
      ]);
      assert.deepEqual((await s.panelCells(q)).map(key).sort(), [
        'PK-BA 2021-03 null 7',
        'PK-KP 2021-03 null 2',
        'PK-KP 2021-08 null 12',
      ]);
      const events = await s.panelCells({ ...q, metric: 'events', bySides: true });
      assert.ok(
        events.some((x) => key(x) === 'PK-KP 2021-03 ["ttp",null] 2'),
        'TTP-Bangesh and TTP alone: two events',
      );
      await s.close();
    });

    it('gives the first start and last end of the current events overlapping a period (linkageSpan)', async () => {
      const s = await c.create();
      const imp = await s.beginImport(start('sp'));
      await imp.addEvents([
        stagedEvent('1', { dateStart: '2021-06-21', dateEnd: '2021-07-01', datePrecision: 'month' }),
        stagedEvent('2', { line: 3, dateStart: '2021-06-25', dateEnd: '2021-06-25' }),
        stagedEvent('3', { line: 4, dateStart: '2021-07-04', dateEnd: '2021-07-04' }),
      ]);
      await imp.commit(final('22.1', 3));
      // The first record reaches past 30 June, the last starts after the period's end.
      assert.deepEqual(await s.linkageSpan('2021-06-01', '2021-06-30'), {
        from: '2021-06-21',
        to: '2021-07-01',
      });
      assert.deepEqual(await s.linkageSpan('2021-07-01', '2021-07-10'), {
        from: '2021-06-21',
        to: '2021-07-04',
      });
      assert.equal(await s.linkageSpan('2021-08-01', '2021-08-31'), null);
      await s.close();
    });

    it('panel cells leave out records dated only to the year, and give them alone, at their start month with their end month, with coarser', async () => {
      const s = await c.create();
      const imp = await s.beginImport(start('pc'));
      await imp.addEvents([
        stagedEvent('1', { fatalitiesBest: 3 }),
        stagedEvent('2', { line: 3, datePrecision: 'month', dateEnd: '2021-03-31', fatalitiesBest: 4 }),
        // The TTP's 2009 total, one record dated only to the year: in no month of a monthly panel.
        stagedEvent('3', {
          line: 4,
          datePrecision: 'year',
          dateStart: '2021-01-01',
          dateEnd: '2021-12-31',
          fatalitiesBest: 1428,
        }),
      ]);
      await imp.commit(final('22.1', 3));
      const q = { country: 'PAK', source: 'ucdp-ged', units: 'country', metric: 'fatalities' } as const;
      const cell = (x: { unit: string | null; month: string; value: number }) =>
        `${x.unit} ${x.month} ${x.value}`;
      assert.deepEqual((await s.panelCells(q)).map(cell), ['PAK 2021-03 7']);
      assert.deepEqual((await s.panelCells({ ...q, coarser: true })).map(cell), ['PAK 2021-01 1428']);
      // The month its span ends, which a panel spreads it to (month-shares.ts).
      assert.deepEqual(
        (await s.panelCells({ ...q, coarser: true })).map((c) => c.through),
        ['2021-12'],
      );
      assert.deepEqual((await s.panelCells({ ...q, metric: 'events', coarser: true })).map(cell), [
        'PAK 2021-01 1',
      ]);
      await s.close();
    });

    it('stores linkage runs with their stamp, replaces them whole, and dedupes counts by stored incidents', async () => {
      const s = await c.create();
      let imp = await s.beginImport(start('l1'));
      await imp.addEvents([
        stagedEvent('1', { fatalitiesBest: 3, fatalitiesLow: 2, fatalitiesHigh: 3 }),
        stagedEvent('2', { line: 3, fatalitiesBest: 1, fatalitiesLow: 1, fatalitiesHigh: 1 }),
      ]);
      await imp.commit(final('22.1', 2));
      imp = await s.beginImport({ ...start('l2'), source: 'acled', format: 'acled-csv' });
      await imp.addEvents([
        stagedEvent('9', {
          id: 'acled:9',
          source: 'acled',
          sourceVersion: '2021-03',
          fatalitiesBest: 5,
          fatalitiesLow: null,
          fatalitiesHigh: null,
        }),
      ]);
      await imp.commit(final('2021-03', 1));
      const stamp = await s.linkageStamp('2021-03-01', '2021-03-31');
      assert.deepEqual(
        stamp.map((x) => [x.source, x.version, x.events]),
        [
          ['acled', '2021-03', 1],
          ['ucdp-ged', '22.1', 2],
        ],
      );
      assert.deepEqual(await s.linkageStamp('2021-04-01', '2021-04-30'), []);
      const pair = {
        a: 'acled:9',
        b: 'ucdp-ged:1',
        score: 0.9,
        linked: true,
        clustered: true,
        reasons: ['dates overlap'],
      };
      const run = {
        from: '2021-03-01',
        to: '2021-03-31',
        computedAt: '2026-01-01T00:00:00Z',
        params: '{}',
        stamp,
        pairs: [pair],
        clusters: [{ id: 'acled:9', members: ['acled:9', 'ucdp-ged:1'] }],
        replaces: [],
      };
      const first = await s.saveLinkageRun(run);
      const second = await s.saveLinkageRun({ ...run, replaces: [first] });
      const runs = await s.linkageRuns();
      assert.deepEqual(
        runs.map((r) => [r.id, r.from, r.to, r.pairs, r.clusters]),
        [[second, '2021-03-01', '2021-03-31', 1, 1]],
      );
      assert.deepEqual(runs[0]!.stamp, stamp);
      assert.deepEqual(await s.storedLinkage([second]), { pairs: [pair], clusters: run.clusters });
      assert.deepEqual(await s.storedLinkage([first]), { pairs: [], clusters: [] });
      // Restricted to some events: the pairs between two of them, the incidents holding any of them whole.
      assert.deepEqual(await s.storedLinkage([second], { events: ['acled:9', 'ucdp-ged:1'] }), {
        pairs: [pair],
        clusters: run.clusters,
      });
      assert.deepEqual(await s.storedLinkage([second], { events: ['ucdp-ged:1'] }), {
        pairs: [],
        clusters: run.clusters,
      });
      assert.deepEqual(await s.storedLinkage([second], { events: ['ucdp-ged:2'] }), {
        pairs: [],
        clusters: [],
      });
      assert.deepEqual(await s.storedLinkage([second], { events: [] }), { pairs: [], clusters: [] });
      // Three records, two of them one incident: GED represents it, low and high span both sources.
      const plain = await s.aggregate({ filter: {} });
      const deduped = await s.aggregate({ filter: {}, dedupe: true });
      const total = (rows: typeof plain, k: string) => rows.reduce((a, r) => a + Number(r[k] ?? 0), 0);
      assert.equal(total(plain, 'events'), 3);
      assert.equal(total(deduped, 'events'), 2);
      assert.deepEqual(
        ['fatalities_best', 'fatalities_low', 'fatalities_high'].map((k) => total(deduped, k)),
        [3 + 1, 2 + 1, 5 + 1],
      );
      assert.deepEqual(deduped.map((r) => [r.source, r.events]).sort(), [['ucdp-ged', 2]]);
      // Filtered to ACLED alone, its record represents the incident.
      const acled = await s.aggregate({ filter: { source: ['acled'] }, dedupe: true });
      assert.deepEqual(
        acled.map((r) => [r.source, r.events, r.fatalities_best]),
        [['acled', 1, 5]],
      );
      await s.close();
    });

    it('pairs records of different sources within the window of days and km (less their place radii), each pair once', async () => {
      const s = await c.create();
      let imp = await s.beginImport(start('c1'));
      await imp.addEvents([stagedEvent('1'), stagedEvent('2', { line: 3, lon: 67.01 })]);
      await imp.commit(final('22.1', 2));
      imp = await s.beginImport({ ...start('c2'), source: 'acled', format: 'acled-csv' });
      const acled = (id: string, line: number, over: Partial<StagedEvent>) =>
        stagedEvent(id, { id: `acled:${id}`, source: 'acled', sourceVersion: '2021-03', line, ...over });
      await imp.addEvents([
        // About 19 km east, two days later: pairs with both GED records.
        acled('9', 2, { dateStart: '2021-03-03', dateEnd: '2021-03-03', lon: 67.2 }),
        // Nine days later: no pair.
        acled('10', 3, { dateStart: '2021-03-10', dateEnd: '2021-03-10' }),
        // About 38 km east, but placed only within 25 km (precision 2): pairs.
        acled('11', 4, { lon: 67.4, geoExact: false, geoPrecision: 2 }),
        // No point: pairs with the same country's records of the days.
        acled('12', 5, { lat: null, lon: null, geoExact: false, geoPrecision: null }),
        // Another country's point 1 km away: no pair.
        acled('13', 6, { country: 'AFG', lon: 67.001 }),
      ]);
      await imp.commit(final('2021-03', 5));
      const radii = { bySource: [{ prefix: 'acled', km: { 1: 0, 2: 25 } }], otherKm: 25 };
      const got = [];
      for await (const batch of s.linkageCandidates({
        from: '2021-03-01',
        to: '2021-03-31',
        days: 3,
        km: 25,
        radii,
        batchSize: 2,
      })) {
        assert.ok(batch.length <= 2);
        got.push(...batch);
      }
      const ids = got.map(([a, b]) => [a.id, b.id].sort().join(' ')).sort();
      assert.deepEqual(ids, [
        'acled:11 ucdp-ged:1',
        'acled:11 ucdp-ged:2',
        'acled:12 ucdp-ged:1',
        'acled:12 ucdp-ged:2',
        'acled:9 ucdp-ged:1',
        'acled:9 ucdp-ged:2',
      ]);
      const rec = got.flat().find((r) => r.id === 'acled:11')!;
      assert.deepEqual(
        [rec.source, rec.day_from, rec.day_to, rec.place_km, rec.country, rec.type, rec.actor_ids],
        ['acled', 18687, 18687, 25, 'PAK', 'battle', ['pakistan', 'bras']],
      );
      assert.deepEqual([rec.fatalities_best, rec.fatalities_low, rec.fatalities_high], [3, 2, null]);
      const lone = got.flat().find((r) => r.id === 'acled:12')!;
      assert.deepEqual([lone.lat, lone.lon, lone.place_km], [null, null, 0]);
      await s.close();
    });

    it('desk changes keep the working copy, append to the audit log, and count only the row they publish', async () => {
      const s = await c.create();
      const id = await s.nextDeskEventId();
      assert.ok((await s.nextDeskEventId()) > id, 'ids are never reused');
      const draft = deskEvent(id, 'draft', 1, '2026-01-01T00:00:00Z');
      await s.saveDeskChange({ event: draft, expected: null, audit: deskAudit(draft, null) });
      assert.deepEqual(await s.getDeskEvent(id), draft);
      const submitted = deskEvent(id, 'submitted', 1, '2026-01-02T00:00:00Z');
      await s.saveDeskChange({
        event: submitted,
        expected: { state: 'draft', version: 1 },
        audit: deskAudit(submitted, draft),
      });
      // A change decided on a state that no longer holds is refused and writes nothing.
      await assert.rejects(
        s.saveDeskChange({
          event: submitted,
          expected: { state: 'draft', version: 1 },
          audit: deskAudit(submitted, draft),
        }),
        /changed meanwhile/,
      );
      assert.deepEqual(
        (await s.deskReviewQueue('2026-01-02T05:30:00Z')).map((q) => [
          q.id,
          q.state,
          q.age_hours,
          q.next_role,
        ]),
        [[id, 'submitted', 5, 'reviewer']],
      );
      assert.equal(await s.countEvents({ includeDesk: true }), 0);
      const published = deskEvent(id, 'published', 1, '2026-01-03T00:00:00Z');
      const row = stagedEvent('x', {
        id: `faultline-desk:${id}`,
        source: 'faultline-desk',
        sourceId: String(id),
        sourceVersion: 'edit-1',
      });
      await s.saveDeskChange({
        event: published,
        expected: { state: 'submitted', version: 1 },
        audit: deskAudit(published, submitted),
        counted: row,
      });
      assert.equal(await s.countEvents({}), 0, 'left out of counts by default');
      // New to a border rule from its first publication on, when the filter includes desk events.
      const newSince = async (since: string, includeDesk = true) =>
        (
          await s.addedEvents({
            afterImportId: 0,
            deskPublishedSince: since,
            filter: { includeDesk },
            limit: 5,
          })
        ).total;
      assert.deepEqual(
        [await newSince('2026-01-02T23:59:59Z'), await newSince('2026-01-03T05:00:00+05:00')],
        [1, 1],
      );
      assert.deepEqual(
        [await newSince('2026-01-03T00:00:01Z'), await newSince('2026-01-02T00:00:00Z', false)],
        [0, 0],
      );
      assert.deepEqual(await s.places({ prefix: 'quet', limit: 5 }), [], 'and out of the place search');
      assert.equal(await s.countEvents({ includeDesk: true }), 1);
      assert.equal((await s.getEvent(`faultline-desk:${id}`))?.sourceVersion, 'edit-1');
      assert.deepEqual(
        (await s.listDeskEvents({ states: ['published'] })).map((e) => e.id),
        [id],
      );
      assert.deepEqual(await s.listDeskEvents({ states: ['draft'] }), []);
      const log = await s.listDeskAudit({ eventId: id });
      assert.deepEqual(
        log.map((a) => [a.state_before, a.state_after]),
        [
          [null, 'draft'],
          ['draft', 'submitted'],
          ['submitted', 'published'],
        ],
      );
      assert.deepEqual(log[2]!.after, published);
      const retracted = deskEvent(id, 'retracted', 1, '2026-01-04T00:00:00Z');
      await s.saveDeskChange({
        event: retracted,
        expected: { state: 'published', version: 1 },
        audit: deskAudit(retracted, published),
        counted: null,
      });
      assert.equal(await s.countEvents({ includeDesk: true }), 0);
      await s.close();
    });

    it('a desk change decided in its write transaction reads the desk events of its day there, and writes nothing when the decision fails', async () => {
      const s = await c.create();
      const [a, b, r] = [await s.nextDeskEventId(), await s.nextDeskEventId(), await s.nextDeskEventId()];
      const first = deskEvent(a, 'draft', 1, '2026-01-01T00:00:00Z');
      await s.saveDeskChange({ event: first, expected: null, audit: deskAudit(first, null) });
      const gone = deskEvent(r, 'retracted', 1, '2026-01-01T00:00:00Z');
      await s.saveDeskChange({ event: gone, expected: null, audit: deskAudit(gone, null) });
      const second = deskEvent(b, 'draft', 1, '2026-01-02T00:00:00Z');
      const written = await s.decideDeskChange(async (desk) => {
        // Retracted ones and other days or countries are not the rule's to compare with.
        assert.deepEqual(await desk.deskEventsOfDay('2021-03-02', 'PAK'), []);
        assert.deepEqual(await desk.deskEventsOfDay('2021-03-01', 'AFG'), []);
        const day = await desk.deskEventsOfDay('2021-03-01', 'PAK');
        assert.deepEqual(
          day.map((e) => e.id),
          [a],
        );
        assert.deepEqual(await desk.getDeskEvent(a), first);
        return { event: second, expected: null, audit: deskAudit(second, null) };
      });
      assert.deepEqual(written.event, second);
      assert.deepEqual(await s.getDeskEvent(b), second);
      await assert.rejects(
        s.decideDeskChange(async (desk) => {
          assert.equal((await desk.deskEventsOfDay('2021-03-01', 'PAK')).length, 2);
          throw new Error('decided against');
        }),
        /decided against/,
      );
      assert.equal((await s.listDeskAudit({})).length, 3, 'no entry of a change decided against');
      await s.close();
    });

    it('a desk change decided in its write transaction finds there the events saved from a passage, and a decision of null writes nothing', async () => {
      const s = await c.create();
      const passage = 'PESHAWAR, Dec 3: Three policemen were martyred.';
      const withNotes = (e: DeskEvent, notes: string): DeskEvent => ({
        ...e,
        fields: { ...e.fields, notes },
      });
      const [a, b, r, o] = [
        await s.nextDeskEventId(),
        await s.nextDeskEventId(),
        await s.nextDeskEventId(),
        await s.nextDeskEventId(),
      ];
      const older = withNotes(deskEvent(a, 'draft', 1, '2026-01-01T00:00:00Z'), passage);
      const newer = {
        ...withNotes(deskEvent(b, 'submitted', 1, '2026-01-02T00:00:00Z'), passage),
        created_at: '2026-01-02T00:00:00Z',
      };
      const gone = withNotes(deskEvent(r, 'retracted', 1, '2026-01-03T00:00:00Z'), passage);
      const other = withNotes(deskEvent(o, 'draft', 1, '2026-01-03T00:00:00Z'), `${passage} More.`);
      for (const e of [older, newer, gone, other])
        await s.saveDeskChange({ event: e, expected: null, audit: deskAudit(e, null) });
      const audit = (await s.listDeskAudit({})).length;
      const found = await s.decideDeskChange(async (desk) => {
        // Retracted ones and other passages (one that only begins with it, too) are not what was saved.
        assert.deepEqual(await desk.deskEventsOfPassage('Three policemen were martyred.'), []);
        assert.deepEqual(
          (await desk.deskEventsOfPassage(passage)).map((e) => e.id),
          [b, a],
          'newest first',
        );
        assert.deepEqual((await desk.deskEventsOfPassage(passage))[1], older);
        return null;
      });
      assert.equal(found, null);
      assert.equal((await s.listDeskAudit({})).length, audit, 'nothing written of a decision of null');
      await s.close();
    });

    it('same-incident links read back on both desk events; a change with another event lands whole or not at all', async () => {
      const s = await c.create();
      const [a, b] = [await s.nextDeskEventId(), await s.nextDeskEventId()];
      const first = deskEvent(a, 'published', 1, '2026-01-01T00:00:00Z');
      await s.saveDeskChange({ event: first, expected: null, audit: deskAudit(first, null) });
      const second = deskEvent(b, 'verified', 1, '2026-01-02T00:00:00Z');
      const at = '2026-01-02T00:00:00Z';
      await s.saveDeskChange({
        event: second,
        expected: null,
        audit: deskAudit(second, null),
        links: [
          { event_id: b, other_id: a, relation: 'possible', at },
          { event_id: a, other_id: b, relation: 'possible', at },
        ],
      });
      assert.deepEqual((await s.getDeskEvent(a))?.same_incident, [{ id: b, relation: 'possible' }]);
      assert.deepEqual(
        (await s.listDeskEvents({})).map((e) => [e.id, e.same_incident]),
        [
          [b, [{ id: a, relation: 'possible' }]],
          [a, [{ id: b, relation: 'possible' }]],
        ],
      );
      // The queue says the other event's state, so a publisher is offered "replacing it" only while it is published.
      assert.deepEqual(
        (await s.deskReviewQueue(at)).map((q) => [q.id, q.same_incident]),
        [[b, [{ id: a, relation: 'possible', state: 'published' }]]],
      );
      // The other event's part decided on a state that no longer holds: neither event nor link is written.
      const published = deskEvent(b, 'published', 1, '2026-01-03T00:00:00Z');
      const retracted = deskEvent(a, 'retracted', 1, '2026-01-03T00:00:00Z');
      const change = {
        event: published,
        expected: { state: 'verified' as const, version: 1 },
        audit: deskAudit(published, second),
        links: [
          { event_id: b, other_id: a, relation: 'supersedes' as const, at },
          { event_id: a, other_id: b, relation: 'superseded_by' as const, at },
        ],
      };
      await assert.rejects(
        s.saveDeskChange({
          ...change,
          also: [
            {
              event: retracted,
              expected: { state: 'verified', version: 1 },
              audit: deskAudit(retracted, first),
            },
          ],
        }),
        /changed meanwhile/,
      );
      assert.deepEqual(
        [(await s.getDeskEvent(b))?.state, (await s.getDeskEvent(b))?.same_incident],
        ['verified', [{ id: a, relation: 'possible' }]],
      );
      await s.saveDeskChange({
        ...change,
        also: [
          {
            event: retracted,
            expected: { state: 'published', version: 1 },
            audit: deskAudit(retracted, first),
          },
        ],
      });
      assert.deepEqual(
        [(await s.getDeskEvent(a))?.state, (await s.getDeskEvent(a))?.same_incident],
        ['retracted', [{ id: b, relation: 'superseded_by' }]],
      );
      assert.deepEqual(
        (await s.listDeskAudit({ eventId: a })).map((e) => e.action),
        ['create', 'retract'],
      );
      await s.close();
    });

    it('a change that removes a same-incident link removes the directions it names, with the change, and keeps the others', async () => {
      const s = await c.create();
      const [a, b, d] = [await s.nextDeskEventId(), await s.nextDeskEventId(), await s.nextDeskEventId()];
      const at = '2026-01-02T00:00:00Z';
      for (const id of [a, b]) {
        const e = deskEvent(id, 'draft', 1, '2026-01-01T00:00:00Z');
        await s.saveDeskChange({ event: e, expected: null, audit: deskAudit(e, null) });
      }
      const third = deskEvent(d, 'draft', 1, at);
      await s.saveDeskChange({
        event: third,
        expected: null,
        audit: deskAudit(third, null),
        links: [a, b].flatMap((o) => [
          { event_id: d, other_id: o, relation: 'possible' as const, at },
          { event_id: o, other_id: d, relation: 'possible' as const, at },
        ]),
      });
      const edited = { ...deskEvent(d, 'draft', 2, '2026-01-03T00:00:00Z'), same_incident: [] };
      const undo = {
        event: edited,
        expected: { state: 'draft' as const, version: 1 },
        audit: deskAudit(edited, third),
        unlinks: [
          { event_id: d, other_id: a },
          { event_id: a, other_id: d },
        ],
      };
      // Decided on a version that no longer holds: the link stays, as the event does.
      await assert.rejects(
        s.saveDeskChange({ ...undo, expected: { state: 'draft', version: 7 } }),
        /changed meanwhile/,
      );
      assert.deepEqual((await s.getDeskEvent(a))?.same_incident, [{ id: d, relation: 'possible' }]);
      await s.saveDeskChange(undo);
      assert.deepEqual(
        await Promise.all([a, b, d].map(async (id) => (await s.getDeskEvent(id))?.same_incident)),
        [[], [{ id: d, relation: 'possible' }], [{ id: b, relation: 'possible' }]],
      );
      await s.close();
    });

    it('a desk event saved before problem_fields were kept reads back with none named for each of its problems', async () => {
      const s = await c.create();
      const id = await s.nextDeskEventId();
      const full = {
        ...deskEvent(id, 'draft', 1, '2026-01-01T00:00:00Z'),
        problems: ['no date: give date_start (YYYY-MM-DD)'],
      };
      const event = Object.fromEntries(
        Object.entries(full).filter(([k]) => !['problem_fields', 'same_incident', 'warnings'].includes(k)),
      ) as unknown as DeskEvent;
      const audit = { event_id: id, at: event.updated_at, actor_id: 'k1', actor_name: null };
      await s.saveDeskChange({
        event,
        expected: null,
        audit: {
          ...audit,
          actor_role: 'admin',
          action: 'create',
          state_before: null,
          state_after: 'draft',
          reason: null,
          before: null,
          after: event,
        },
      });
      const read = { ...event, problem_fields: [[]], same_incident: [], warnings: [] };
      assert.deepEqual(await s.getDeskEvent(id), read);
      assert.deepEqual(await s.listDeskEvents({}), [read]);
      assert.deepEqual((await s.listDeskAudit({ eventId: id }))[0]!.after, read);
      await s.close();
    });

    it("latestAlerts gives each key's newest alert of a rule since a time, of the keys asked only", async () => {
      const s = await c.create();
      const rule = await s.addAlertRule({
        name: 'r',
        kind: 'surge',
        params: {},
        pendingEvaluations: 1,
        pendingHours: 0,
        cooldownHours: 24,
        webhookUrl: null,
        webhookSecret: null,
        afterImportId: 0,
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      const other = await s.addAlertRule({ ...rule, name: 'o' });
      const alert = (ruleId: number, key: string, at: string) => ({
        ruleId,
        key,
        state: 'fired' as const,
        reason: null,
        title: `${key} at ${at}`,
        detail: {},
        trigger: 'manual',
        at,
        lastSeenAt: at,
        seen: 1,
        clearedAt: null,
      });
      const write = (ruleId: number, newAlerts: ReturnType<typeof alert>[]) =>
        s.applyAlertEvaluation({
          ruleId,
          at: '2026-01-03T00:00:00.000Z',
          error: null,
          conditions: [],
          newAlerts,
          seenAlertIds: [],
          clearedAlertIds: [],
          webhookUrl: null,
        });
      await write(rule.id, [
        alert(rule.id, 'a', '2026-01-01T00:00:00.000Z'),
        alert(rule.id, 'a', '2026-01-02T06:00:00.000Z'),
        alert(rule.id, 'a', '2026-01-02T12:00:00.000Z'),
        alert(rule.id, 'b', '2026-01-01T12:00:00.000Z'),
        alert(rule.id, 'c', '2026-01-02T01:00:00.000Z'),
      ]);
      await write(other.id, [alert(other.id, 'b', '2026-01-02T18:00:00.000Z')]);
      const since = '2026-01-02T00:00:00.000Z';
      const latest = await s.latestAlerts({ ruleId: rule.id, keys: ['a', 'b', 'd'], since });
      assert.deepEqual(
        latest.map((a) => [a.ruleId, a.key, a.at]),
        [[rule.id, 'a', '2026-01-02T12:00:00.000Z']],
      );
      assert.deepEqual(await s.latestAlerts({ ruleId: rule.id, keys: [], since }), []);
      await s.close();
    });

    it('alert evaluations, alerts and delivery attempts are kept as written; only added events count as new', async () => {
      const s = await c.create();
      const rule = await s.addAlertRule({
        name: 'r',
        kind: 'border',
        params: { interstate: true, max_border_km: null },
        pendingEvaluations: 1,
        pendingHours: 0,
        cooldownHours: 24,
        webhookUrl: 'http://127.0.0.1:9/hook',
        webhookSecret: 's'.repeat(16),
        afterImportId: 0,
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      const at = '2026-01-02T00:00:00.000Z';
      const condition = {
        ruleId: rule.id,
        key: 'k',
        firstSeenAt: at,
        lastSeenAt: at,
        evaluations: 1,
        alertId: null,
        alertAt: null,
        title: 't',
        detail: { n: 1 },
      };
      const alert = {
        ruleId: rule.id,
        key: 'k',
        state: 'fired' as const,
        reason: null,
        title: 't',
        detail: { n: 1 },
      };
      const [added] = await s.applyAlertEvaluation({
        ruleId: rule.id,
        at,
        error: null,
        conditions: [condition],
        newAlerts: [{ ...alert, trigger: 'manual', at, lastSeenAt: at, seen: 1, clearedAt: null }],
        seenAlertIds: [],
        clearedAlertIds: [],
        webhookUrl: rule.webhookUrl,
      });
      assert.deepEqual(
        (await s.alertConditions(rule.id)).map((x) => [x.key, x.alertId, x.alertAt]),
        [['k', added!.id, at]],
      );
      const [d] = await s.listDeliveries({ status: 'pending' });
      assert.deepEqual([d!.alertId, d!.url, d!.attempts], [added!.id, 'http://127.0.0.1:9/hook', 0]);
      await s.recordDeliveryAttempt(
        { deliveryId: d!.id, attempt: 1, at, httpStatus: 500, error: 'HTTP 500', durationMs: 3 },
        'pending',
      );
      await s.recordDeliveryAttempt(
        { deliveryId: d!.id, attempt: 2, at, httpStatus: 200, error: null, durationMs: 2 },
        'delivered',
      );
      assert.deepEqual(
        (await s.deliveryAttempts(d!.id)).map((x) => [x.attempt, x.httpStatus]),
        [
          [1, 500],
          [2, 200],
        ],
      );
      assert.equal((await s.listDeliveries({ alertId: added!.id }))[0]!.status, 'delivered');
      // One delivery by its id (what a resend reads), and none for an id no delivery has.
      assert.deepEqual(
        (await s.listDeliveries({ id: d!.id })).map((x) => [x.id, x.status, x.attempts]),
        [[d!.id, 'delivered', 2]],
      );
      assert.deepEqual(await s.listDeliveries({ id: d!.id + 1000 }), []);
      const later = '2026-01-03T00:00:00.000Z';
      await s.applyAlertEvaluation({
        ruleId: rule.id,
        at: later,
        error: null,
        conditions: [],
        newAlerts: [],
        seenAlertIds: [],
        clearedAlertIds: [added!.id],
        webhookUrl: null,
      });
      assert.equal((await s.getAlert(added!.id))!.clearedAt, later);
      assert.deepEqual(await s.alertConditions(rule.id), []);
      assert.equal((await s.listAlerts({ ruleId: rule.id, since: later })).total, 0);
      // Removing the rule cancels its pending delivery in the same write (the delivered one stays), and
      // one of an evaluation written after it (begun before) is cancelled as it is recorded.
      const fire = (when: string) =>
        s.applyAlertEvaluation({
          ruleId: rule.id,
          at: when,
          error: null,
          conditions: [],
          newAlerts: [{ ...alert, trigger: 'manual', at: when, lastSeenAt: when, seen: 1, clearedAt: null }],
          seenAlertIds: [],
          clearedAlertIds: [],
          webhookUrl: rule.webhookUrl,
        });
      const [queued] = await fire(later);
      assert.deepEqual(await s.removeAlertRule(rule.id, later), { cancelledDeliveries: 1 });
      assert.equal(await s.removeAlertRule(rule.id, later), null);
      assert.deepEqual(await s.listAlertRules(), []);
      const [late] = await fire('2026-01-03T00:00:01.000Z');
      const status = async (alertId: number) =>
        (await s.listDeliveries({ alertId })).map((x) => [x.status, x.finishedAt, x.cancelReason]);
      assert.deepEqual(await status(added!.id), [['delivered', at, null]]);
      assert.deepEqual(await status(queued!.id), [['cancelled', later, 'rule removed']]);
      assert.deepEqual(await status(late!.id), [['cancelled', later, 'rule removed']]);
      assert.deepEqual(await s.listDeliveries({ status: 'pending' }), []);
      const imp = await s.beginImport(start('new'));
      await imp.addEvents([stagedEvent('9')]);
      const ledger = await imp.commit(final('22.1', 1));
      const fresh = await s.addedEvents({ afterImportId: 0, filter: {}, limit: 10 });
      assert.deepEqual([fresh.total, fresh.rows[0]?.id], [1, 'ucdp-ged:9']);
      assert.equal((await s.addedEvents({ afterImportId: ledger.id, filter: {}, limit: 10 })).total, 0);
      await s.close();
    });
  });
}

/** The action that moved a desk event into a state (the contract's audit entries). */
const ACTION_TO = {
  draft: 'edit',
  submitted: 'submit',
  verified: 'verify',
  published: 'publish',
  rejected: 'reject',
  retracted: 'retract',
} as const satisfies Record<DeskEvent['state'], DeskAuditEntry['action']>;

/** The audit entry of a desk event's change by an admin (`before` null: its creation). */
function deskAudit(e: DeskEvent, before: DeskEvent | null): Omit<DeskAuditEntry, 'seq'> {
  return {
    event_id: e.id,
    at: e.updated_at,
    actor_id: 'k1',
    actor_name: null,
    actor_role: 'admin',
    action: before === null ? 'create' : ACTION_TO[e.state],
    state_before: before?.state ?? null,
    state_after: e.state,
    reason: null,
    before,
    after: e,
  };
}

/** A desk event working copy for the contract (content irrelevant to the store). */
function deskEvent(id: number, state: DeskEvent['state'], version: number, at: string): DeskEvent {
  return {
    id,
    version,
    state,
    fields: { date_start: '2021-03-01', country: 'PAK' } as DeskEvent['fields'],
    citations: [],
    from_words: {},
    origin: { kind: 'manual' },
    problems: [],
    problem_fields: [],
    created_by: 'k1',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: at,
    state_since: at,
    authors: ['k1'],
    submitted_at: null,
    verified_by: null,
    reject_reason: null,
    published_version: state === 'published' ? version : null,
    same_incident: [],
    warnings: [],
  };
}
