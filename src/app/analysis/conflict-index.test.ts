import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useBundledStore } from '../../../test/helpers/use-bundled-store.ts';
import { indexQuery } from './conflict-index.ts';
import { networkQuery } from './network.ts';
import { querySeries } from './series.ts';
import { placeholderActorsNote } from '../../domain/actors.ts';

describe('the index and the network: units and counts only where a loaded source covers the period', () => {
  const store = useBundledStore();

  it('2021 (GED 22.1 covers Pakistan alone): Afghan provinces without events are left out, not ranked as zeros', async () => {
    const r = await indexQuery(store(), { from: '2021-01-01', to: '2021-12-31' });
    const codes = r.units.map((u) => u.admin1_code);
    assert.ok(codes.includes('PK-GB'), 'a covered unit without events is a true zero');
    assert.equal(typeof r.events_without_unit, 'number');
    assert.equal(r.units.find((u) => u.admin1_code === 'PK-GB')!.events, 0);
    const afghan = r.units.filter((u) => u.admin1_code.startsWith('AF-'));
    assert.ok(
      afghan.every((u) => u.events > 0),
      'only Afghan units with events (placed across the border) stay',
    );
    // Afghanistan has 34 provinces, not only those some exact point has reached.
    const note = r.meta.notes.find((n) => n.includes('admin-1 units of AFG without events are not listed'));
    assert.match(
      note ?? '',
      new RegExp(
        `^${34 - afghan.length} admin-1 units of AFG without events are not listed: no loaded source version covers AFG from 2021-01-01 to 2021-12-31`,
      ),
    );
  });

  it('2023 (no source): no unit at all, and a note per country', async () => {
    const r = await indexQuery(store(), { from: '2023-01-01', to: '2023-12-31' });
    assert.deepEqual(r.units, []);
    assert.equal(r.meta.coverage_status, 'not_covered');
    assert.equal(r.events_without_unit, null, 'no count where nothing is known (not 0)');
    assert.ok(r.meta.notes.some((n) => n.startsWith('7 admin-1 units of PAK without events are not listed')));
    assert.ok(r.meta.notes.some((n) => /admin-1 units of AFG without events are not listed/.test(n)));
  });

  it('names a country without bundled boundaries as the reason its events are in no unit (index and series by province)', async () => {
    const reason =
      'faultline has no province or district boundaries for IND (only for AFG and PAK): its events are placed in no admin-1 or admin-2 unit for that reason, not for want of coordinates or a label';
    const f = { country: ['IND', 'PAK'], from: '2026-01-01', to: '2026-06-30' };
    assert.ok((await indexQuery(store(), f)).meta.notes.includes(reason));
    const byProvince = await querySeries(store(), { filter: f, interval: 'year', groupBy: 'admin1' });
    assert.ok(byProvince.meta.notes.includes(reason));
    // Not where the filter names only countries with boundaries, nor where the series is not split by unit.
    assert.ok(
      !(await indexQuery(store(), { ...f, country: ['PAK'] })).meta.notes.some((n) =>
        /no province or district boundaries/.test(n),
      ),
    );
    const total = await querySeries(store(), { filter: f, interval: 'year' });
    assert.ok(!total.meta.notes.some((n) => /no province or district boundaries/.test(n)));
  });

  it('July 2026 (Candidate covers both countries): Afghan provinces without events are zeros again', async () => {
    const r = await indexQuery(store(), { from: '2026-07-01', to: '2026-07-31' });
    const afghan = r.units.filter((u) => u.admin1_code.startsWith('AF-'));
    assert.ok(
      afghan.some((u) => u.events === 0),
      'an Afghan unit without events is listed, as a zero',
    );
    assert.ok(!r.meta.notes.some((n) => n.includes('are not listed')));
    assert.equal(afghan.length, 34, 'every Afghan province, those no event has reached as zeros');
    const never = afghan.find((u) => u.cells_total === 0);
    assert.ok(
      never && never.events === 0 && never.diffusion === null && never.admin1_name,
      JSON.stringify(never),
    );
  });

  it("refuses a district filter: its rows are provinces, with the province's people and cells", async () => {
    await assert.rejects(indexQuery(store(), { admin2: ['Quetta'], from: '2021-01-01', to: '2021-12-31' }), {
      message:
        'the index ranks provinces: a district filter (admin2 "Quetta") is not taken; use series --admin2 with --per-100k for a district, or index --admin1 for its province',
    });
  });

  it('the network counts dyads where a source covers the period, and none (null, not 0) where none does', async () => {
    const covered = await networkQuery(store(), { filter: { from: '2021-01-01', to: '2021-12-31' } });
    assert.ok(covered.dyads.length > 0);
    assert.ok(covered.dyads_total! >= covered.dyads.length);
    assert.equal(typeof covered.events_without_dyad, 'number');
    const none = await networkQuery(store(), { filter: { from: '2023-01-01', to: '2023-12-31' } });
    assert.equal(none.meta.coverage_status, 'not_covered');
    assert.deepEqual([none.dyads, none.dyads_total, none.events_without_dyad], [[], null, null]);
  });

  it('a network cut at its limit says so in its notes, which tables and CSV print under the rows', async () => {
    const all = await networkQuery(store(), { filter: { country: ['PAK'] }, limit: 1000 });
    const n = all.dyads_total!;
    assert.ok(n > 5 && all.dyads.length === n);
    assert.ok(!all.meta.notes.some((x) => x.includes(' dyads with the most ')));
    const five = await networkQuery(store(), { filter: { country: ['PAK'] }, limit: 5, sortBy: 'events' });
    assert.equal(five.dyads.length, 5);
    assert.ok(
      five.meta.notes.includes(
        `the 5 of ${n} dyads with the most events: give a larger limit (--limit, at most 1000) for more`,
      ),
      JSON.stringify(five.meta.notes),
    );
  });

  it("says what UCDP's placeholder names (XXX770) stand for when a listed dyad has one, and only then", async () => {
    const q2 = await networkQuery(store(), {
      filter: { country: ['PAK'], from: '2026-04-01', to: '2026-06-30' },
    });
    assert.ok(q2.dyads.some((d) => d.actor_a === 'XXX770'));
    assert.ok(
      q2.meta.notes.includes(
        "XXX770 (in Pakistan): UCDP's name for an actor it could not identify; events between two such names may involve different groups",
      ),
      JSON.stringify(q2.meta.notes),
    );
    const top = await networkQuery(store(), {
      filter: { country: ['PAK'], from: '2026-04-01', to: '2026-06-30' },
      limit: 2,
    });
    assert.ok(!top.dyads.some((d) => /^XXX/.test(d.actor_a + d.actor_b)));
    assert.ok(!top.meta.notes.some((n) => n.includes('XXX')), JSON.stringify(top.meta.notes));
    assert.equal(
      placeholderActorsNote(['XXX700', 'TTP', 'XXX999', 'XXX700']),
      "XXX700 (in Afghanistan), XXX999 (country code 999): UCDP's name for an actor it could not identify; events between two such names may involve different groups",
    );
  });
});
