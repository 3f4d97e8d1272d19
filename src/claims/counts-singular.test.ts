/** Notes and reasons of the claims checker that count one thing say it in the singular (they read "1 events have"). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addStagedEvents, stagedEvent } from '../../test/helpers/synthetic-events.ts';
import { checkClaims, parseClaims } from '../app/claims/check-claims.ts';
import { createStore, type Store } from '../storage/index.ts';
import type { EventTotals } from './claim-sources.ts';
import { unplaced } from './event-queries.ts';
import { compareQuery } from '../app/analysis/compare.ts';

describe('the claims checker says a count of one in the singular', () => {
  let store: Store;
  before(async () => {
    store = await createStore({ path: ':memory:' });
    // Three events in Balochistan in March 2021, the last with its death toll unknown; one in April.
    await addStagedEvents(store, [
      stagedEvent('1', { dateStart: '2021-03-01', dateEnd: '2021-03-01' }),
      stagedEvent('2', { dateStart: '2021-03-02', dateEnd: '2021-03-02' }),
      stagedEvent('3', {
        dateStart: '2021-03-03',
        dateEnd: '2021-03-03',
        fatalitiesBest: null,
        fatalitiesLow: null,
        fatalitiesHigh: null,
      }),
      stagedEvent('4', { dateStart: '2021-04-10', dateEnd: '2021-04-10' }),
      // So that the loaded events cover all of April.
      stagedEvent('5', { dateStart: '2021-05-05', dateEnd: '2021-05-05' }),
      // June's one event has its death toll unknown; July's covers the rest of June.
      stagedEvent('6', {
        dateStart: '2021-06-10',
        dateEnd: '2021-06-10',
        fatalitiesBest: null,
        fatalitiesLow: null,
        fatalitiesHigh: null,
      }),
      stagedEvent('7', { dateStart: '2021-07-01', dateEnd: '2021-07-01' }),
    ]);
  });
  after(() => store.close());

  it('"1 event has the figure unknown and adds nothing to it"', async () => {
    const claims = parseClaims(
      `claims:\n  - { id: d, text: six killed, metric: deaths, geography: { country: PAK }, period: "2021-03", comparator: { kind: about, value: 6 } }\n`,
      'one.yaml',
    ).file.claims;
    const [result] = await checkClaims(store, claims);
    const notes = result!.evidence.flatMap((e) => e.notes);
    assert.ok(notes.includes('1 event has the figure unknown and adds nothing to it'), JSON.stringify(notes));
  });

  it('"its 1 event is only a lower bound of attacks" (GED records only deadly events)', async () => {
    const claims = parseClaims(
      `claims:\n  - { id: a, text: five attacks, metric: attacks, geography: { country: PAK }, period: "2021-04", comparator: { kind: at_least, value: 5 } }\n`,
      'one.yaml',
    ).file.claims;
    const [result] = await checkClaims(store, claims);
    const reasons = result!.evidence.map((e) => e.reason);
    assert.ok(
      reasons.some((r) => r.includes(': its 1 event is only a lower bound of attacks or incidents,')),
      JSON.stringify(reasons),
    );
  });

  it('"the 1 event does not report" its deaths (it read "none of the 1 events reports")', async () => {
    const claims = parseClaims(
      `claims:\n  - { id: j, text: two killed, metric: deaths, geography: { country: PAK }, period: "2021-06", comparator: { kind: about, value: 2 } }\n`,
      'one.yaml',
    ).file.claims;
    const [result] = await checkClaims(store, claims);
    const reasons = result!.evidence.map((e) => e.reason);
    assert.ok(reasons.includes('the 1 event does not report deaths, best estimate'), JSON.stringify(reasons));
  });

  it('compare: "1 event on side 1 and 0 on side 2 have fatalities_best unknown"', async () => {
    // Not a claim, but the same counts of the same store: the compare note read "1 events on side 1".
    const { meta } = await compareQuery(store, {
      kind: 'periods',
      filter: { country: ['PAK'] },
      metric: 'fatalities_best',
      period1: '2021-03',
      period2: '2021-04',
    });
    assert.ok(
      meta.notes.some((n) => n.startsWith('1 event on side 1 and 0 on side 2 have ')),
      meta.notes.join(' | '),
    );
  });

  it('compare: a one-day side is "the 1 of its 1 day", not "1 days"', async () => {
    const { meta } = await compareQuery(store, {
      kind: 'periods',
      filter: { country: ['PAK'] },
      period1: '2021-03-01',
      period2: '2021-03-02',
    });
    const text = JSON.stringify(meta);
    assert.ok(
      text.includes(
        'divided by the 1 of its 1 day (2021-03-01 to 2021-03-01) a loaded source version covers',
      ),
      text,
    );
    assert.ok(!text.includes('1 days'), text);
  });

  it('"1 event of the country is not placed on an admin-1 unit and is not counted"', () => {
    const totals = { events: 4, unplaced: 1 } as EventTotals;
    const scope = { admin1: ['PK-BA'] } as Parameters<typeof unplaced>[2];
    assert.deepEqual(unplaced(totals, null, scope, 'ucdp-ged').notes, [
      '1 event of the country is not placed on an admin-1 unit and is not counted',
    ]);
  });
});

describe('a rank with one figure a range', () => {
  it('says "1 of the 2 figures ranked is a range" (it read "are ranges")', async () => {
    const store = await createStore({ path: ':memory:' });
    try {
      // A record dated only to the year 2021 overlaps April 2021 without lying wholly in it, and
      // not December 2020: one of the two months ranked is a range.
      await addStagedEvents(store, [
        stagedEvent('1', { dateStart: '2020-12-01', dateEnd: '2020-12-01' }),
        stagedEvent('2', { dateStart: '2021-04-10', dateEnd: '2021-04-10', fatalitiesBest: 9 }),
        stagedEvent('3', { dateStart: '2021-01-01', dateEnd: '2021-12-31', datePrecision: 'year' }),
        stagedEvent('4', { dateStart: '2021-12-31', dateEnd: '2021-12-31' }),
      ]);
      const claims = parseClaims(
        `claims:\n  - { id: r, text: deadliest, metric: deaths, geography: { country: PAK }, period: "2021-04", comparator: { kind: rank, order: highest }, among: { periods: [2020-12] } }\n`,
        'rank.yaml',
      ).file.claims;
      const [result] = await checkClaims(store, claims);
      const notes = result!.evidence.flatMap((e) => e.notes).filter((n) => / figures ranked /.test(n));
      assert.deepEqual(
        notes.map((n) => n.split(':')[0]),
        ['1 of the 2 figures ranked is a range'],
        JSON.stringify(result!.evidence.map((e) => [e.reason, e.notes])),
      );
    } finally {
      await store.close();
    }
  });
});
