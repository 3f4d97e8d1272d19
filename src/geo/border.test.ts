import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineString } from '@turf/helpers';
import pointToLineDistance from '@turf/point-to-line-distance';
import { BORDER_ZONE_KM, borderDistanceKm, createBorderMeter } from './border.ts';
import { borderLine } from './boundaries.ts';
import { boxAround, haversineKm, segmentKm } from './spherical.ts';

describe('border distance', () => {
  it('puts the Torkham and Chaman crossings within 10 km of the line, and Lahore more than 200 km away', () => {
    const meter = createBorderMeter();
    const torkham = meter.measure(71.08472, 34.11472); // English Wikipedia coordinates of the crossing
    const chaman = meter.measure(66.45259, 30.91769); // GeoNames 1181611
    assert.ok(torkham.km < 10, String(torkham.km));
    assert.ok(chaman.km < 10, String(chaman.km));
    assert.equal(torkham.zone, true);
    const lahore = meter.measure(74.35071, 31.558);
    assert.ok(lahore.km > 200, String(lahore.km));
    assert.equal(lahore.zone, false);
  });

  it('equals turf point-to-line distance within a metre for 300 seeded points', () => {
    const line = lineString(borderLine()[0] as number[][]);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const lon = 58 + random() * 22,
        lat = 22 + random() * 18;
      const turf = pointToLineDistance([lon, lat], line, { units: 'kilometers' });
      const ours = borderDistanceKm(lon, lat);
      assert.ok(Math.abs(ours - turf) < 0.001, `${lon},${lat}: ${ours} vs ${turf}`);
    }
  });

  it('tells the side by the country outlines: Peshawar PAK, Kabul AFG, Delhi other', () => {
    const meter = createBorderMeter();
    assert.equal(meter.side(71.57849, 34.008), 'PAK');
    assert.equal(meter.side(69.17233, 34.52813), 'AFG');
    assert.equal(meter.side(77.209, 28.6139), 'other');
  });

  it('flags the zone by the configured width: Peshawar (about 47 km) is in a 50 km zone, not a 40 km one', () => {
    assert.equal(BORDER_ZONE_KM, 50);
    assert.equal(createBorderMeter().measure(71.57849, 34.008).zone, true);
    assert.equal(createBorderMeter(40).measure(71.57849, 34.008).zone, false);
    assert.throws(() => createBorderMeter(-1), { message: 'invalid border zone: -1 km' });
  });
});

describe('spherical helpers', () => {
  it('measure one degree of latitude as about 111.2 km', () => {
    assert.ok(Math.abs(haversineKm(70, 30, 70, 31) - 111.195) < 0.01);
  });

  it('measure to a segment across its interior, not only to its ends', () => {
    const mid = segmentKm(70, 30.1, 69.5, 30, 70.5, 30);
    assert.ok(mid > 11 && mid < 11.2, String(mid));
    assert.ok(segmentKm(72, 30, 69.5, 30, 70.5, 30) > 140);
  });

  it('build a box holding every point within the distance', () => {
    const [minX, minY, maxX, maxY] = boxAround(70, 35, 100);
    for (let bearing = 0; bearing < 360; bearing += 5) {
      const b = (bearing * Math.PI) / 180,
        d = 99.9 / 6371.0088,
        p1 = (35 * Math.PI) / 180;
      const lat2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
      const lon2 =
        70 +
        (Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(lat2)) *
          180) /
          Math.PI;
      const y = (lat2 * 180) / Math.PI;
      assert.ok(lon2 >= minX && lon2 <= maxX && y >= minY && y <= maxY, `bearing ${bearing}`);
    }
  });
});
