import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError } from '../domain/errors.ts';
import { loadBoundarySet } from './boundary-set.ts';
import {
  admin1Boundaries,
  admin1ByCode,
  admin1Index,
  afghanDistricts,
  borderLine,
  countryOutlines,
} from './boundaries.ts';
import { interiorPoint } from './interior-point.ts';

const square = (x: number, y: number, size = 1) => [
  [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ],
];
const feature = (properties: Record<string, unknown>, geometry: unknown) => ({
  type: 'Feature',
  properties,
  geometry,
});
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
const options = { level: 'admin2' as const, nameProperty: 'name', codeProperty: 'code', country: 'PAK' };

describe('bundled admin-1 boundaries', () => {
  it('hold 42 polygons under 41 codes, the ex-FATA polygon under PK-KP marked historical FATA', () => {
    const units = admin1Boundaries().units;
    assert.equal(units.length, 42);
    assert.equal(admin1ByCode().size, 41);
    const kp = admin1ByCode().get('PK-KP')!;
    assert.deepEqual(kp.map((u) => u.historicalUnit).sort(), ['FATA', null]);
    assert.ok(!units.some((u) => u.code === 'PK-TA'));
  });

  it('put Miran Shah (33.00N 70.07E) in PK-KP as part of historical FATA', () => {
    const unit = admin1Index().locate(70.07, 33.0)!;
    assert.equal(unit.code, 'PK-KP');
    assert.equal(unit.historicalUnit, 'FATA');
  });

  it('put points inside the Panjshir and Daykundi polygons under AF-PAN and AF-DAY', () => {
    assert.equal(admin1Index().locate(69.51519, 35.31292)?.code, 'AF-PAN'); // Bazarak, Panjshir's capital
    assert.equal(admin1Index().locate(66.13023, 33.72178)?.code, 'AF-DAY'); // Nili, Daykundi's capital
    assert.equal(admin1Index().locate(69.17139, 35.01361)?.code, 'AF-PAR'); // Charikar, Parwan's capital
    assert.equal(admin1Index().locate(65.87806, 32.62998)?.code, 'AF-URU'); // Tarinkot, Uruzgan's capital
  });
});

describe('bundled Afghan districts', () => {
  it('give all 398 districts a province, and every one of the 34 provinces some districts', () => {
    const units = afghanDistricts().units;
    assert.equal(units.length, 398);
    assert.ok(units.every((u) => u.parentCode !== null && u.parentCode.startsWith('AF-')));
    assert.equal(new Set(units.map((u) => u.parentCode)).size, 34);
  });

  it('derive known parents: Spin Boldak in Kandahar, Kabul districts in Kabul, Khogyani in Nangarhar', () => {
    const parentOf = (name: string) =>
      afghanDistricts()
        .units.filter((u) => u.name === name)
        .map((u) => u.parentCode);
    assert.deepEqual(parentOf('Spin Boldak'), ['AF-KAN']);
    assert.deepEqual(parentOf('Bagrami'), ['AF-KAB']);
    assert.deepEqual(parentOf('Khogayani'), ['AF-NAN']);
  });
});

describe('country outlines and border line', () => {
  it('hold Pakistan and Afghanistan and a 580-vertex border line', () => {
    assert.deepEqual(
      countryOutlines()
        .map((c) => c.country)
        .sort(),
      ['AFG', 'PAK'],
    );
    assert.deepEqual(
      borderLine().map((line) => line.length),
      [580],
    );
  });
});

describe('interiorPoint', () => {
  it('lies inside a U-shaped polygon whose centroid does not', () => {
    const u = [
      [
        [0, 0],
        [3, 0],
        [3, 3],
        [2, 3],
        [2, 1],
        [1, 1],
        [1, 3],
        [0, 3],
        [0, 0],
      ],
    ];
    const [x, y] = interiorPoint([u]);
    assert.ok((x > 0 && x < 1) || (x > 2 && x < 3) || (y > 0 && y < 1), `${x},${y}`);
  });
});

describe('loadBoundarySet', () => {
  it('returns a typed set with codes, names and MultiPolygons', () => {
    const set = loadBoundarySet(
      collection(
        feature({ name: ' Peshawar ', code: 'PK401' }, { type: 'Polygon', coordinates: square(71, 34) }),
        feature(
          { name: 'Karachi', code: 5 },
          { type: 'MultiPolygon', coordinates: [square(67, 24), square(68, 24)] },
        ),
      ),
      options,
    );
    assert.equal(set.level, 'admin2');
    assert.equal(set.country, 'PAK');
    assert.deepEqual(
      set.units.map((u) => [u.name, u.code, u.polygons.length]),
      [
        ['Peshawar', 'PK401', 1],
        ['Karachi', '5', 2],
      ],
    );
  });

  it('rejects bad input with one-line messages that say what is wrong', () => {
    const cases: [unknown, string][] = [
      [null, 'invalid boundary file: expected a GeoJSON FeatureCollection, got null'],
      [[], 'invalid boundary file: expected a GeoJSON FeatureCollection, got an array'],
      [
        feature({}, null),
        'invalid boundary file: expected a GeoJSON FeatureCollection, got an object with type "Feature"',
      ],
      [collection(), 'invalid boundary file: no features'],
      [collection({ type: 'Point' }), 'invalid boundary file: feature 0 is not a GeoJSON Feature'],
      [
        collection(feature({ name: 'A', code: 'x' }, { type: 'Point', coordinates: [71, 34] })),
        'invalid boundary file: feature 0 has geometry type "Point", expected Polygon or MultiPolygon',
      ],
      [
        collection(feature({ code: 'x' }, { type: 'Polygon', coordinates: square(71, 34) })),
        'invalid boundary file: feature 0 has no "name" property',
      ],
      [
        collection(feature({ name: 'A' }, { type: 'Polygon', coordinates: square(71, 34) })),
        'invalid boundary file: feature 0 has no "code" property',
      ],
      [
        collection(feature({ name: 'A', code: 'x' }, null)),
        'invalid boundary file: feature 0 has no geometry',
      ],
      [
        collection(
          feature(
            { name: 'A', code: 'x' },
            {
              type: 'Polygon',
              coordinates: [
                [
                  [71, 34],
                  [72, 34],
                  [71, 34],
                ],
              ],
            },
          ),
        ),
        'invalid boundary file: feature 0 has a ring with fewer than 4 positions',
      ],
      [
        collection(
          feature({ name: 'A', code: 'x' }, { type: 'Polygon', coordinates: square(712345, 3776839) }),
        ),
        'invalid boundary file: feature 0 has position [712345,3776839], not [lon, lat] in degrees (is the file projected?)',
      ],
    ];
    for (const [input, message] of cases) {
      assert.throws(
        () => loadBoundarySet(input, options),
        (err: unknown) => {
          assert.ok(err instanceof InvalidInputError);
          assert.equal(err.message, message);
          return true;
        },
      );
    }
  });

  it('rejects a country that is not ISO 3166-1 alpha-3', () => {
    const good = collection(
      feature({ name: 'A', code: 'x' }, { type: 'Polygon', coordinates: square(71, 34) }),
    );
    assert.throws(() => loadBoundarySet(good, { ...options, country: 'Pakistan' }), {
      message: 'invalid boundary country: "Pakistan" (expected ISO 3166-1 alpha-3, e.g. PAK)',
    });
  });
});
