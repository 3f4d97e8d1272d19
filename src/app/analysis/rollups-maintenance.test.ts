// test-run: alone, about 7 s (many imports)
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { conflictIndex } from '../../analytics/index/conflict-index.ts';
import { conflictIndexOfUnits } from '../../analytics/index/conflict-index.ts';
import { dyads, sortDyads } from '../../analytics/network/dyads.ts';
import { csvLine, gedRows } from '../../../test/helpers/ged-rows.ts';
import { gedStoreCopy } from '../../../test/helpers/bundled-store.ts';
import { closeDiscarded } from '../../../test/helpers/discard-store.ts';
import {
  aggregateCase,
  canonicalCases,
  routeMismatches,
  type ParityCase,
} from '../../../test/helpers/rollup-parity.ts';
import { ACTORS } from '../../domain/actors.ts';
import type { CommonType } from '../../domain/event.ts';
import { ACTOR_KEY_SEPARATOR } from '../../storage/duckdb/duckdb-filters.ts';
import { DuckDBStore } from '../../storage/duckdb/duckdb-store.ts';
import { createEventPlacer, replaceEvents, type EventPlacer } from '../geography.ts';
import { importFile } from '../import-dataset.ts';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-rollups-'));

const cases = (): ParityCase[] => [
  ...canonicalCases(),
  aggregateCase('all', { filter: {}, unit: 'month', groupBy: 'admin1' }),
  aggregateCase('all', { filter: {}, unit: 'week', groupBy: 'h3' }),
  aggregateCase('all', { filter: {}, groupBy: 'source' }),
  { name: 'index units', run: (s) => s.indexUnits({}) },
  { name: 'dyads', run: (s) => s.dyads({}) },
];

/**
 * The bundled GED file with the `best` of rows 0, 10, 20, ... raised by 5, rows 6, 19, 32, ...
 * moved a year earlier (so into another month), and every 7th row dropped.
 */
function editedGed(): string {
  const { header, rows } = gedRows();
  const best = header.indexOf('best');
  const dates = [header.indexOf('date_start'), header.indexOf('date_end')];
  const earlier = (v: string) => `${Number(v.slice(0, 4)) - 1}${v.slice(4)}`;
  const kept = rows
    .filter((_, i) => i % 7 !== 3)
    .map((r, i) => (i % 10 === 0 ? r.map((v, j) => (j === best ? String(Number(v) + 5) : v)) : r))
    .map((r, i) => (i % 13 === 6 ? r.map((v, j) => (dates.includes(j) ? earlier(v) : v)) : r));
  const path = join(tmp, 'conflict_data_pak_edited.csv');
  writeFileSync(path, [csvLine(header), ...kept.map(csvLine)].join('\n') + '\n');
  return path;
}

describe('rollups stay equal to events through imports and placements', () => {
  let store: DuckDBStore;
  let place: EventPlacer;
  before(async () => {
    // The bundled GED file imported and placed: a copy of the run's one store of it.
    store = await DuckDBStore.open(await gedStoreCopy({ placed: true }));
    // Small imports and many small reads: one DuckDB thread does them with less CPU than two.
    await store.limitThreads(1);
    place = await createEventPlacer(store);
  });
  after(async () => {
    await closeDiscarded(store); // the copy is thrown away (discard-store.ts)
    rmSync(tmp, { recursive: true, force: true });
  });

  it('after an import that changes, moves and removes events, every read answers as events do', async () => {
    // A declared full release that removes a seventh of the events: consent given for all of them.
    const r = await importFile(store, editedGed(), {
      place,
      version: '22.1',
      fullRelease: true,
      allowRemovals: 10_000,
    });
    assert.ok(r.ledger.changed > 100 && r.ledger.removed > 100, JSON.stringify(r.ledger));
    assert.deepEqual(await routeMismatches(store, cases()), []);
  });

  it('after placements change (no unit, no cell for a third of the events), every read answers as events do', async () => {
    const ids = await store.select<{ id: string; n: number }>(
      `SELECT id, row_number() OVER (ORDER BY id) AS n FROM events`,
    );
    const rows = await store.queryEvents({ limit: 100_000 });
    const byId = new Map(rows.rows.map((e) => [e.id, e]));
    const moved = ids
      .filter((r) => Number(r.n) % 3 === 0)
      .map(({ id }) => {
        const geo = place(byId.get(id)!);
        return { ...geo, id, admin1Code: null, h3Coarse: null, borderZone: !geo.borderZone };
      });
    assert.deepEqual(await store.updatePlacements(moved), { placed: moved.length, changed: moved.length });
    assert.deepEqual(await routeMismatches(store, cases()), []);
  });

  it('after every event is placed again by key otherwise than stored (geo refresh), then back, every read answers as events do, staged by id or joined by key', async () => {
    // Synthetic placements: every event to a province it is not stored in, its border zone flipped.
    const elsewhere: EventPlacer = (e) => {
      const geo = place(e);
      return {
        ...geo,
        admin1Code: geo.admin1Code === 'PK-KP' ? 'PK-BA' : 'PK-KP',
        borderZone: !geo.borderZone,
      };
    };
    const [{ n }] = await store.select<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM events`);
    const written = () =>
      Promise.all(
        ['events ORDER BY id', 'rollup_day ORDER BY ALL', 'event_keys ORDER BY ALL'].map((t) =>
          store.select(`SELECT * FROM ${t}`),
        ),
      );
    const stagedMax = store.placementsStagedMax;
    assert.ok(stagedMax >= n, `${n} events, ${stagedMax} staged at most`);
    const ways: unknown[] = [];
    try {
      // 0: no change is staged, the UPDATE joins the keys; then every change staged, written by id.
      for (const max of [0, stagedMax]) {
        store.placementsStagedMax = max;
        assert.deepEqual(await replaceEvents(store, elsewhere), { placed: n, changed: n });
        ways.push(await written());
        assert.deepEqual(await routeMismatches(store, cases()), []);
        // Placed as the placer places them: every event changes again, and placed so once more, none.
        assert.deepEqual(await replaceEvents(store, place), { placed: n, changed: n });
        assert.deepEqual(await replaceEvents(store, place), { placed: n, changed: 0 });
      }
    } finally {
      store.placementsStagedMax = stagedMax;
    }
    assert.deepEqual(ways[1], ways[0]);
    const [{ kp }] = await store.select<{ kp: number }>(
      `SELECT CAST(count(*) FILTER (WHERE admin1_code = 'PK-KP') AS INTEGER) AS kp FROM events`,
    );
    assert.ok(kp > 0 && kp < n, `${kp} of ${n} events in PK-KP`);
    assert.deepEqual(await routeMismatches(store, cases()), []);
  });

  for (const way of ['staged by id', 'joined by key'])
    it(`a refresh that fails after writing the events (${way}) leaves the store as it was: placements, rollups and all`, async () => {
      const stagedMax = store.placementsStagedMax;
      if (way === 'joined by key') store.placementsStagedMax = 0;
      try {
        await refreshFailsMidway();
      } finally {
        store.placementsStagedMax = stagedMax;
      }
    });

  async function refreshFailsMidway(): Promise<void> {
    const snapshot = () =>
      store.select(
        `SELECT id, admin1_code, border_zone, h3_coarse FROM events ORDER BY id LIMIT 50 OFFSET 1000`,
      );
    const rollups = () => store.select(`SELECT * FROM rollup_month ORDER BY ALL`);
    const [events, months] = [await snapshot(), await rollups()];
    const elsewhere: EventPlacer = (e) => ({ ...place(e), admin1Code: 'PK-PB', h3Coarse: null });
    // The rollups' rebuild, after the UPDATE of the events, finds no event_keys to rebuild.
    await store.select(`ALTER TABLE event_keys RENAME TO event_keys_away`);
    try {
      await assert.rejects(replaceEvents(store, elsewhere), /event_keys/);
    } finally {
      await store.select(`ALTER TABLE event_keys_away RENAME TO event_keys`);
    }
    assert.deepEqual(await snapshot(), events);
    assert.deepEqual(await rollups(), months);
    assert.deepEqual(await routeMismatches(store, cases()), []);
    // The same refresh, with nothing in its way, writes.
    const [{ n, moving }] = await store.select<{ n: number; moving: number }>(
      `SELECT CAST(count(*) AS INTEGER) AS n,
        CAST(count(*) FILTER (WHERE admin1_code IS DISTINCT FROM 'PK-PB' OR h3_coarse IS NOT NULL) AS INTEGER) AS moving
       FROM events`,
    );
    assert.ok(moving > n / 2, `${moving} of ${n} events move`);
    assert.deepEqual(await replaceEvents(store, elsewhere), { placed: n, changed: moving });
    assert.notDeepEqual(await snapshot(), events);
    assert.deepEqual(await replaceEvents(store, place), { placed: n, changed: moving });
    assert.deepEqual(await snapshot(), events);
    assert.deepEqual(await rollups(), months);
  }

  it('a store opened before the rollups existed gets them built by the migration', async () => {
    for (const t of ['rollup_day', 'rollup_month', 'rollup_country_day', 'rollup_country_month'])
      await store.select(`DROP TABLE ${t}`);
    await store.select(`DELETE FROM schema_migrations WHERE version IN (5, 6)`);
    await store.migrate();
    assert.deepEqual(await routeMismatches(store, cases()), []);
  });

  it('rollups made before actor_key get it from migration 28, and actor filters on the rollups read it', async () => {
    const ttp = { actorIds: ['ttp'], from: '1989-01-01' };
    const before = await store.countEvents(ttp);
    for (const t of ['rollup_day', 'rollup_month'])
      await store.select(`ALTER TABLE ${t} DROP COLUMN actor_key`);
    await store.select(`DELETE FROM schema_migrations WHERE version = 28`);
    await store.migrate();
    for (const t of ['rollup_day', 'rollup_month']) {
      const cols = await store.select<{ name: string }>(
        `SELECT column_name AS name FROM duckdb_columns() WHERE table_name = '${t}' ORDER BY column_index`,
      );
      assert.equal(cols.at(-1)!.name, 'actor_key', `${t}: the key is the last column, as a new store has it`);
      // Each row's key holds its ids, in order, between separators (NULL for a row without ids).
      const [{ off }] = await store.select<{ off: number }>(
        `SELECT CAST(count(*) AS INTEGER) AS off FROM ${t}
         WHERE (CASE WHEN len(actor_ids) > 0 THEN string_split(actor_key[2:-2], '${ACTOR_KEY_SEPARATOR}') END) IS DISTINCT FROM (CASE WHEN len(actor_ids) > 0 THEN actor_ids END)
            OR (len(actor_ids) > 0) IS DISTINCT FROM (actor_key IS NOT NULL)`,
      );
      assert.equal(off, 0, t);
    }
    assert.deepEqual(await routeMismatches(store, cases()), []);
    assert.equal(await store.countEvents(ttp), before);
    // The filter reads the key: without it no rollup row matches (events would still count them).
    await store.select(`UPDATE rollup_month SET actor_key = NULL`);
    await store.select(`UPDATE rollup_day SET actor_key = NULL`);
    assert.equal(await store.countEvents(ttp), 0);
    await store.select(`DELETE FROM schema_migrations WHERE version = 28`);
    await store.migrate();
    assert.equal(await store.countEvents(ttp), before);
    assert.ok(before > 100, `${before} TTP events`);
  });

  it('a store made before event_keys gets it from migration 29, and listings are cut on it', async () => {
    const q = {
      admin1: ['PK-KP'],
      from: '2008-01-01',
      to: '2012-12-31',
      sort: '-fatalities' as const,
      limit: 30,
    };
    const before = await store.queryEvents(q);
    await store.select(`DROP TABLE event_keys`);
    await store.select(`DELETE FROM schema_migrations WHERE version = 29`);
    await store.migrate();
    assert.deepEqual(await routeMismatches(store, cases()), []);
    assert.deepEqual(await store.queryEvents(q), before);
    assert.equal(before.rows.length, 30);
    // The cut reads event_keys: emptied, the page has no row (the total, from the rollups, stays).
    await store.select(`DELETE FROM event_keys`);
    assert.deepEqual((await store.queryEvents(q)).rows, []);
    await store.select(`DROP TABLE event_keys`);
    await store.select(`DELETE FROM schema_migrations WHERE version = 29`);
    await store.migrate();
    assert.deepEqual(await store.queryEvents(q), before);
    // Its rows are in date order, as the zone maps need them.
    const [{ unordered }] = await store.select<{ unordered: number }>(
      `SELECT CAST(count(*) AS INTEGER) AS unordered FROM (SELECT date_start < lag(date_start) OVER (ORDER BY rowid) AS back FROM event_keys) WHERE back`,
    );
    assert.equal(unordered, 0);
  });

  it('no registry id holds the separator of actor_key', () => {
    const ids = ACTORS.map((a) => a.id).filter((id) => id.includes(ACTOR_KEY_SEPARATOR));
    assert.deepEqual(ids, []);
  });

  it('the SQL conflict index and dyads equal the analytics functions over every event row', async () => {
    const rows = await store.select<{
      id: string;
      date: string;
      actor1: string | null;
      actor2: string | null;
      admin1_code: string | null;
      fatalities_best: number | null;
      deaths_civilians: number | null;
      common_type: string;
      h3_coarse: string | null;
      actor_ids: string[] | null;
    }>(`SELECT id, strftime(date_start, '%Y-%m-%d') AS date, actor1, actor2, admin1_code, fatalities_best,
      deaths_civilians, common_type, h3_coarse, actor_ids FROM events`);
    const cellsPerUnit = new Map((await store.cellsPerUnit()).map((c) => [c.admin1Code, c.cells]));
    const fromRows = conflictIndex(
      rows.map((r) => ({
        admin1Code: r.admin1_code,
        fatalitiesBest: r.fatalities_best,
        deathsCivilians: r.deaths_civilians,
        commonType: r.common_type as CommonType,
        h3: r.h3_coarse,
        actorIds: r.actor_ids ?? [],
      })),
      { cellsPerUnit },
    );
    assert.deepEqual(conflictIndexOfUnits((await store.indexUnits({})).units, { cellsPerUnit }), fromRows);
    const table = dyads(
      rows.map((r) => ({
        id: r.id,
        date: r.date,
        sideA: r.actor1,
        sideB: r.actor2,
        fatalitiesBest: r.fatalities_best,
      })),
    );
    const counts = await store.dyads({});
    assert.deepEqual(sortDyads(counts.dyads), table.dyads);
    assert.equal(counts.eventsWithoutDyad, table.eventsWithoutDyad);
  });
});
