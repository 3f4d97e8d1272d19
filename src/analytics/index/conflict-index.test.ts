import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conflictIndex, type IndexEventRow } from './conflict-index.ts';
import { rankValues } from './rank.ts';

const row = (over: Partial<IndexEventRow>): IndexEventRow => ({
  admin1Code: 'PK-KP',
  fatalitiesBest: 1,
  deathsCivilians: 0,
  commonType: 'battle',
  h3: 'a',
  actorIds: ['ttp', 'pakistan'],
  ...over,
});

const rows: IndexEventRow[] = [
  row({ fatalitiesBest: 10, h3: 'a' }),
  row({
    fatalitiesBest: 5,
    h3: 'b',
    commonType: 'violence-against-civilians',
    deathsCivilians: 5,
    actorIds: ['islamic-state', 'civilians'],
  }),
  row({ fatalitiesBest: null, deathsCivilians: null, h3: null, actorIds: ['unknown', 'pakistan'] }),
  row({ admin1Code: 'PK-BA', fatalitiesBest: 3, h3: 'x', actorIds: ['bla', 'pakistan'] }),
  row({
    admin1Code: 'PK-BA',
    fatalitiesBest: 2,
    h3: 'x',
    commonType: 'violence-against-civilians',
    deathsCivilians: 2,
    actorIds: ['bla', 'civilians'],
  }),
  row({ admin1Code: 'PK-PB', fatalitiesBest: null, deathsCivilians: null, h3: 'p', actorIds: ['unknown'] }),
  row({ admin1Code: null }),
];
const cellsPerUnit = new Map([
  ['PK-KP', 4],
  ['PK-BA', 10],
  ['PK-PB', 5],
  ['PK-SD', 8],
]);

describe('conflictIndex', () => {
  const index = conflictIndex(rows, { cellsPerUnit });
  const unit = (code: string) => index.units.find((u) => u.admin1Code === code)!;

  it('sums best-estimate deaths and counts events with unknown deaths apart instead of as zero', () => {
    assert.equal(unit('PK-KP').deadliness.value, 15);
    assert.equal(unit('PK-KP').deadliness.eventsWithUnknownDeaths, 1);
    assert.equal(unit('PK-PB').deadliness.value, null, 'its one event reports no deaths figure');
    assert.equal(unit('PK-SD').deadliness.value, 0, 'no events is a true zero');
  });

  it('counts violence-against-civilians events and civilian deaths over all events', () => {
    assert.equal(unit('PK-KP').dangerToCivilians.value, 1);
    assert.equal(unit('PK-KP').dangerToCivilians.civilianDeaths, 5);
    assert.equal(unit('PK-BA').dangerToCivilians.civilianDeaths, 2);
    assert.equal(unit('PK-PB').dangerToCivilians.civilianDeaths, null);
  });

  it("measures diffusion as the share of the unit's H3 cells with an event", () => {
    assert.equal(unit('PK-KP').diffusion.value, 0.5);
    assert.equal(unit('PK-KP').diffusion.eventsWithoutCell, 1);
    assert.equal(unit('PK-BA').diffusion.value, 0.1);
    assert.equal(unit('PK-SD').diffusion.value, 0);
  });

  it('counts distinct armed actors, leaving out civilians and unknown', () => {
    assert.deepEqual(unit('PK-KP').fragmentation.actorIds, ['islamic-state', 'pakistan', 'ttp']);
    assert.equal(unit('PK-KP').fragmentation.value, 3);
    assert.equal(unit('PK-PB').fragmentation.value, 0);
  });

  it('ranks each component highest first with percentiles, leaving unknown values unranked', () => {
    const d = ['PK-BA', 'PK-KP', 'PK-PB', 'PK-SD'].map((c) => [
      unit(c).deadliness.rank,
      unit(c).deadliness.percentile,
    ]);
    assert.deepEqual(d, [
      [2, 200 / 3],
      [1, 100],
      [null, null],
      [3, 100 / 3],
    ]);
    assert.deepEqual(
      ['PK-BA', 'PK-KP', 'PK-PB', 'PK-SD'].map((c) => unit(c).dangerToCivilians.rank),
      [1, 1, 3, 3],
    );
  });

  it('includes units with no events, orders units by code and counts events without a unit', () => {
    assert.deepEqual(
      index.units.map((u) => u.admin1Code),
      ['PK-BA', 'PK-KP', 'PK-PB', 'PK-SD'],
    );
    assert.equal(index.eventsWithoutUnit, 1);
    assert.equal(unit('PK-SD').events, 0);
  });

  it('states a definition with every component and leaves diffusion null for a unit of unknown size', () => {
    const extra = conflictIndex([row({ admin1Code: 'AF-KAB' })], { cellsPerUnit: new Map() });
    const u = extra.units[0]!;
    assert.equal(u.diffusion.value, null);
    assert.equal(u.diffusion.cellsTotal, null);
    for (const c of [u.deadliness, u.dangerToCivilians, u.diffusion, u.fragmentation])
      assert.ok(c.definition.length > 20);
  });
});

describe('rankValues', () => {
  it('gives ties the same rank and the next value the rank after the tied block', () => {
    assert.deepEqual(
      rankValues([5, 9, 5, 1]).map((r) => r.rank),
      [2, 1, 2, 4],
    );
    assert.deepEqual(
      rankValues([5, 9, 5, 1]).map((r) => r.percentile),
      [75, 100, 75, 25],
    );
  });
});
