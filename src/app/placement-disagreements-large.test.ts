// test-run: alone, about 6 s (replicates the placed GED store to 120,000 events)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gedStoreCopy } from '../../test/helpers/bundled-store.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { replicateEvents } from '../../test/helpers/replicated-store.ts';
import { registerGeo } from '../cli/commands/geo.ts';
import type { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { createStore } from '../storage/index.ts';
import { districtDisagreements } from './district-disagreements.ts';
import { placementDisagreements } from './placement-disagreements.ts';
import { unplacedDistricts } from './unplaced-districts.ts';

// More events than the 100,000 the lists read before: geo disagreements before it read by placement
// method, at --level admin2 and geo unplaced before the store grouped them (districtGroups).
const N = 120_000;

describe(`geo disagreements and geo unplaced on ${N.toLocaleString('en')} generated events`, () => {
  let store: DuckDBStore;
  /** The listed events as SQL finds them, by date then id, with their rank among every event by date. */
  let truth: { id: string; geo_method: string; rank: number }[];
  before(async () => {
    store = (await createStore({ path: await gedStoreCopy({ placed: true }) })) as DuckDBStore;
    await replicateEvents(store, N);
    truth = await store.select(
      `SELECT id, geo_method, CAST(rank AS INTEGER) AS rank FROM (
         SELECT id, geo_method, date_start, row_number() OVER (ORDER BY date_start, id) AS rank
         FROM events WHERE superseded_by IS NULL)
       WHERE geo_method IN ('disagree', 'border_snap', 'other_country') ORDER BY date_start, id`,
    );
  });
  after(() => store.close());

  it('lists every disagree and border_snap event, those dated after the first 100,000 events too, and counts each', async () => {
    // What the test rests on: listed events lie beyond the first 100,000 by date (the old read's cut).
    assert.ok(
      truth.some((t) => t.rank > 100_000),
      `ranks ${truth.at(-1)?.rank}`,
    );
    const r = await placementDisagreements(store, { limit: 10_000 });
    assert.deepEqual(
      r.placements.map((p) => p.id),
      truth.map((t) => t.id),
    );
    const counted = (m: string) => truth.filter((t) => t.geo_method === m).length;
    assert.deepEqual(r.counts, {
      disagree: counted('disagree'),
      border_snap: counted('border_snap'),
      other_country: 0,
    });
    assert.equal(r.total, truth.length);
    assert.ok(r.events! >= N, `${r.events} events`);
    assert.equal(r.note, null);
  });

  it('a list cut at its limit gives the first events by date and says how many of how many it shows', async () => {
    const r = await placementDisagreements(store, { limit: 25, methods: ['disagree'] });
    const disagree = truth.filter((t) => t.geo_method === 'disagree');
    assert.deepEqual(
      r.placements.map((p) => p.id),
      disagree.slice(0, 25).map((t) => t.id),
    );
    assert.deepEqual([r.total, r.limit, r.counts.disagree], [disagree.length, 25, disagree.length]);
    assert.equal(
      r.note,
      `shows the first 25 of ${disagree.length} events by date: give a larger limit (at most 10000), or fewer countries or methods, for the rest`,
    );
  });

  it('geo unplaced counts every event of Pakistan without a district, those after the first 100,000 too, as SQL counts them', async () => {
    const count = async (where: string) =>
      (
        await store.select<{ n: number }>(
          `SELECT CAST(count(*) AS INTEGER) AS n FROM events WHERE country = 'PAK' AND superseded_by IS NULL AND ${where}`,
        )
      )[0]!.n;
    const [pakistan, unplaced] = [await count('TRUE'), await count('admin2_code IS NULL')];
    const byLabel = await store.select<{ admin1: string | null; label: string | null; n: number }>(
      `SELECT admin1_code AS admin1, admin2_label AS label, CAST(count(*) AS INTEGER) AS n
       FROM events WHERE country = 'PAK' AND superseded_by IS NULL AND admin2_code IS NULL GROUP BY ALL`,
    );
    // What the test rests on: more events of Pakistan than the 100,000 the lists read before.
    assert.ok(pakistan > 100_000, `${pakistan} events`);
    const r = await unplacedDistricts(store);
    assert.deepEqual([r.events, r.total], [unplaced, pakistan]);
    // Groups split a label by reason only: summed per province and label, they are SQL's counts.
    const summed = new Map<string, number>();
    for (const g of r.groups) {
      const key = `${g.admin1_code}|${g.admin2_label}`;
      summed.set(key, (summed.get(key) ?? 0) + g.events);
    }
    assert.deepEqual(summed, new Map(byLabel.map((b) => [`${b.admin1}|${b.label}`, b.n])));
    const cli = await runCli(store, [registerGeo], ['geo', 'unplaced']);
    assert.equal(
      cli.err,
      `${unplaced.toLocaleString('en-US')} of ${pakistan.toLocaleString('en-US')} events in Pakistan have no district\n`,
    );
  });

  it('geo disagreements --level admin2 counts every event of Pakistan, those after the first 100,000 too, each pair as SQL counts it', async () => {
    const r = await districtDisagreements(store);
    const pairs = await store.select<{ label: string; code: string; n: number }>(
      `SELECT admin2_label AS label, admin2_code AS code, CAST(count(*) AS INTEGER) AS n FROM events
       WHERE country = 'PAK' AND superseded_by IS NULL AND admin2_code IS NOT NULL AND admin2_label IS NOT NULL
       GROUP BY ALL`,
    );
    const counted = new Map(pairs.map((p) => [`${p.label}|${p.code}`, p.n]));
    for (const g of r.groups)
      assert.equal(g.events, counted.get(`${g.admin2_label}|${g.admin2_code}`), g.admin2_label);
    assert.equal(
      r.groups.reduce((n, g) => n + g.events, 0),
      r.events,
    );
    assert.equal(r.total, await store.countEvents({ country: ['PAK'] }));
    // Nothing is cut, so the table's line under it says so of every event (no "first N read").
    const cli = await runCli(store, [registerGeo], ['geo', 'disagreements', '--level', 'admin2']);
    assert.equal(
      cli.err,
      `${r.events!.toLocaleString('en-US')} of ${r.total.toLocaleString('en-US')} events of Pakistan have their point in another district than their label names; they count in the point's district\n`,
    );
    // GED's North Waziristan label on points in Bannu is one of them (geography.test.ts).
    assert.ok(r.groups.some((g) => g.admin2_label === 'North Waziristan' && g.admin2_code === 'kp_bannu'));
  });
});
