import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deadliest, dyads, type DyadEvent } from './dyads.ts';

const e = (
  id: string,
  date: string,
  sideA: string | null,
  sideB: string | null,
  fatalitiesBest: number | null,
): DyadEvent => ({
  id,
  date,
  sideA,
  sideB,
  fatalitiesBest,
});

const events = [
  e('1', '2021-01-05', 'Government of Pakistan', 'TTP', 4),
  e('2', '2021-02-01', 'TTP', 'Government of Pakistan', 6),
  e('3', '2021-03-01', 'BLA', 'Government of Pakistan', 12),
  e('4', '2021-03-02', 'TTP', 'Civilians', null),
  e('5', '2021-03-03', 'TTP', 'Civilians', null),
  e('6', '2021-03-04', 'TTP', 'Civilians', null),
  e('7', '2021-03-05', 'IS', null, 30),
];

describe('dyads', () => {
  it('treats A-B and B-A as one dyad and sums its events and deaths', () => {
    const table = dyads(events);
    const pk = table.dyads.find((d) => d.actorB === 'TTP' && d.actorA === 'Government of Pakistan')!;
    assert.deepEqual(pk, {
      actorA: 'Government of Pakistan',
      actorB: 'TTP',
      events: 2,
      deathsBest: 10,
      eventsWithUnknownDeaths: 0,
      firstDate: '2021-01-05',
      lastDate: '2021-02-01',
    });
  });

  it('sorts by deaths with unknown deaths last, or by events', () => {
    assert.deepEqual(
      dyads(events).dyads.map((d) => d.events),
      [1, 2, 3],
    );
    assert.deepEqual(
      dyads(events, 'events').dyads.map((d) => [d.actorA, d.actorB]),
      [
        ['Civilians', 'TTP'],
        ['Government of Pakistan', 'TTP'],
        ['BLA', 'Government of Pakistan'],
      ],
    );
  });

  it('keeps deaths null for a dyad whose events all lack a figure, and counts one-sided records apart', () => {
    const table = dyads(events);
    assert.equal(table.dyads.find((d) => d.actorA === 'Civilians')!.deathsBest, null);
    assert.equal(table.dyads.find((d) => d.actorA === 'Civilians')!.eventsWithUnknownDeaths, 3);
    assert.equal(table.eventsWithoutDyad, 1);
  });
});

describe('deadliest', () => {
  it('returns the n deadliest events, ties broken by earlier date then id, skipping unknown deaths', () => {
    const list = [
      e('b', '2021-05-01', 'x', 'y', 10),
      e('a', '2021-05-01', 'x', 'y', 10),
      e('c', '2021-04-01', 'x', 'y', 10),
      e('d', '2021-01-01', 'x', 'y', 50),
      e('n', '2020-01-01', 'x', 'y', null),
      e('z', '2020-01-01', 'x', 'y', 0),
    ];
    assert.deepEqual(
      deadliest(list, 4).map((x) => x.id),
      ['d', 'c', 'a', 'b'],
    );
    assert.deepEqual(
      deadliest(list, 100).map((x) => x.id),
      ['d', 'c', 'a', 'b', 'z'],
    );
    assert.deepEqual(deadliest(list, 0), []);
  });

  it('keeps the caller’s extra fields and rejects a negative n', () => {
    const [top] = deadliest([{ id: '1', date: '2021-01-01', fatalitiesBest: 3, place: 'Peshawar' }], 1);
    assert.equal(top!.place, 'Peshawar');
    assert.throws(() => deadliest([], -1), { message: 'invalid n: -1' });
  });
});
