import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { multiPolygon, point } from '@turf/helpers';
import { admin1Boundaries, admin1Index } from './boundaries.ts';
import { DEFAULT_SNAP_KM, PipIndex } from './pip-index.ts';

// Coordinates from the bundled GeoNames extract (data/gazetteer).
const PLACES: [string, number, number, string][] = [
  ['Peshawar', 71.57849, 34.008, 'PK-KP'],
  ['Quetta', 67.00141, 30.18414, 'PK-BA'],
  ['Karachi', 67.0104, 24.8608, 'PK-SD'],
  ['Lahore', 74.35071, 31.558, 'PK-PB'],
  ['Islamabad', 73.04329, 33.72148, 'PK-IS'],
  ['Gilgit', 74.31245, 35.91869, 'PK-GB'],
  ['Muzaffarabad', 73.47082, 34.37002, 'PK-JK'],
  ['Kabul', 69.17233, 34.52813, 'AF-KAB'],
  ['Kandahar', 65.71013, 31.61332, 'AF-KAN'],
  ['Jalalabad', 70.45153, 34.42647, 'AF-NAN'],
  ['Herat', 62.19967, 34.34817, 'AF-HER'],
  ['Mazar-e Sharif', 67.11087, 36.70904, 'AF-BAL'],
];

describe('PipIndex.locate', () => {
  it('puts known cities in their provinces', () => {
    for (const [name, lon, lat, code] of PLACES)
      assert.equal(admin1Index().locate(lon, lat)?.code, code, name);
  });

  it('agrees with turf on 3,000 seeded random points over both countries', () => {
    const features = admin1Boundaries().units.map((u) => ({
      code: u.code,
      f: multiPolygon(u.polygons as number[][][][]),
    }));
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 3000; i++) {
      const lon = 60 + random() * 18,
        lat = 23 + random() * 16;
      const turf = features.find(({ f }) => booleanPointInPolygon(point([lon, lat]), f))?.code ?? null;
      assert.equal(admin1Index().locate(lon, lat)?.code ?? null, turf, `${lon},${lat}`);
    }
  });

  it('handles holes: a point in a hole is outside, a point in the ring is inside', () => {
    const donut = [
      [
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
        [0, 0],
      ],
      [
        [4, 4],
        [6, 4],
        [6, 6],
        [4, 6],
        [4, 4],
      ],
    ];
    const index = new PipIndex([{ id: 'donut', polygons: [donut] }], (item) => item.polygons);
    assert.equal(index.locate(5, 5), null);
    assert.equal(index.locate(2, 5)?.id, 'donut');
    assert.equal(index.locate(11, 5), null);
  });
});

describe('PipIndex.nearest', () => {
  it('snaps a point a few km outside every polygon near the Line of Control to PK-JK', () => {
    // A GED 2020 AJK event (Kotli sector) that Natural Earth's AJK outline misses.
    const [lon, lat] = [74.167202, 33.360266];
    assert.equal(admin1Index().locate(lon, lat), null);
    const near = admin1Index().nearest(lon, lat)!;
    assert.equal(near.item.code, 'PK-JK');
    assert.ok(near.km > 4 && near.km < 6, String(near.km));
  });

  it('does not snap a point in the Arabian Sea far from the coast', () => {
    assert.equal(admin1Index().locate(64, 22), null);
    assert.equal(admin1Index().nearest(64, 22), null);
  });

  it('returns km 0 for a point inside, and honours the snap distance', () => {
    assert.deepEqual(admin1Index().nearest(71.57849, 34.008)?.km, 0);
    assert.equal(DEFAULT_SNAP_KM, 10);
    assert.equal(admin1Index().nearest(74.167202, 33.360266, 4), null);
  });
});
