import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useBundledStore } from '../../test/helpers/use-bundled-store.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { registerEvents } from '../cli/commands/events.ts';
import type { StoredEvent } from '../domain/placed-event.ts';
import { borderUnjudged } from './analysis/meta.ts';
import { parseFilter } from './filters.ts';

describe('border distance of the 2026 interstate clashes (bundled UCDP Candidate data)', () => {
  let clashes: StoredEvent[];
  const base = parseFilter({ dyad: 'pakistan:afghanistan', from: '2026-01-01', to: '2026-12-31' });
  const store = useBundledStore();
  before(async () => {
    clashes = (await store().queryEvents({ ...base, limit: 10_000 })).rows;
  });

  it('gives every clash named after the border a distance of 0 km inside the zone, and leaves only country-only places without one', () => {
    assert.ok(clashes.length >= 90, `${clashes.length} clash events`);
    const named = clashes.filter((e) => !e.geoExact && /afghanistan-pakistan border/i.test(e.place ?? ''));
    assert.ok(named.length >= 10, `${named.length} events placed at "Afghanistan-Pakistan border"`);
    for (const e of named) {
      assert.equal(e.borderMethod, 'border_name', e.id);
      assert.deepEqual([e.borderKm, e.borderKmLow, e.borderZone], [0, 0, true], e.id);
    }
    for (const e of clashes) {
      if (e.geoExact) assert.equal(e.borderMethod, 'point', e.id);
      else if (e.borderMethod === null)
        assert.ok(
          e.admin1Code === null && e.admin2Code === null,
          `${e.id} (${e.place}) has a unit but no distance`,
        );
    }
  });

  it('splits the clashes into inside, outside and undecided for the border zone, and the three add up', async () => {
    const inside = await store().countEvents({ ...base, borderZone: true });
    const outside = await store().countEvents({ ...base, borderZone: false });
    const undecided = await borderUnjudged(store(), { ...base, borderZone: true });
    assert.equal(inside, clashes.filter((e) => e.borderZone === true).length);
    assert.equal(outside, clashes.filter((e) => e.borderZone === false).length);
    assert.equal(undecided, clashes.filter((e) => e.borderZone === null).length);
    assert.equal(inside + outside + undecided!, clashes.length);
  });

  it('judges --max-border-km on the whole range: within, beyond, or counted as not judged', async () => {
    const km = 25;
    const within = await store().countEvents({ ...base, maxBorderKm: km });
    const undecided = await borderUnjudged(store(), { ...base, maxBorderKm: km });
    const expectWithin = clashes.filter((e) => e.borderKmHigh !== null && e.borderKmHigh <= km).length;
    const expectBeyond = clashes.filter((e) => e.borderKmLow !== null && e.borderKmLow > km).length;
    assert.equal(within, expectWithin);
    assert.equal(undecided, clashes.length - expectWithin - expectBeyond);
    assert.ok(
      clashes.some((e) => e.borderMethod === 'province' && e.borderKmLow! <= km && e.borderKmHigh! > km),
      'some clash is placed only by a province that spans the limit',
    );
  });

  it('says under the table how many events the border filter could not judge', async () => {
    const undecided = await borderUnjudged(store(), { ...base, borderZone: true });
    const r = await runCli(
      store(),
      [registerEvents],
      [
        'events',
        '--dyad',
        'pakistan:afghanistan',
        '--from',
        '2026-01-01',
        '--to',
        '2026-12-31',
        '--border-zone',
      ],
    );
    assert.equal(r.error, undefined);
    assert.match(
      r.err,
      new RegExp(
        `note: ${undecided} events matching the other filters could not be judged against the border zone`,
      ),
    );
  });
});
