/**
 * Nearest-segment queries in km over many line segments (polygon edges, a border line): flatbush
 * picks the candidates, and each segment's unit vectors are precomputed so the exact great-circle
 * distance to a candidate costs a few multiplications and one asin.
 */
import Flatbush from 'flatbush';
import { EARTH_RADIUS_KM } from './spherical.ts';

/** The nearest segment found and its great-circle distance. */
export interface NearestSegment {
  /** Index of the segment in the order it was given. */
  segment: number;
  km: number;
}

const RAD = Math.PI / 180;
// Lower bounds use a radius just under the mean so rounding never lifts them above a true distance.
const KM_PER_DEG = EARTH_RADIUS_KM * 0.999999 * RAD;
// Great-circle arcs bow slightly poleward of their lon/lat boxes; allow ~100 m for it.
const ARC_PAD_DEG = 0.001;
// Per segment: end a, normal n of the arc's great circle, u = n × a, v = b × n, end b (15 numbers).
const STRIDE = 15;

/** Km for an `angleKey`. */
function keyToKm(key: number): number {
  return EARTH_RADIUS_KM * (key <= 1 ? Math.asin(key) : Math.PI - Math.asin(2 - key));
}

function unit(lon: number, lat: number, out: Float64Array, at: number): void {
  const c = Math.cos(lat * RAD);
  out[at] = c * Math.cos(lon * RAD);
  out[at + 1] = c * Math.sin(lon * RAD);
  out[at + 2] = Math.sin(lat * RAD);
}

/**
 * A fixed set of segments, each the great-circle arc between two lon/lat vertices, indexed in a
 * plane where longitude is scaled by the cosine of the segments' mean latitude, so that distances
 * in the index are close to km and flatbush's nearest-box search meets candidates in km order.
 */
export class SegmentIndex {
  /** Number of segments. */
  readonly count: number;
  private readonly index: Flatbush;
  private readonly scaleCos: number;
  private readonly vectors: Float64Array;

  /** `coords` holds x1, y1, x2, y2 (lon/lat degrees) for each segment. */
  constructor(coords: Float64Array) {
    const count = coords.length / 4;
    let sumLat = 0;
    for (let s = 0; s < count; s++) sumLat += coords[s * 4 + 1]!;
    this.count = count;
    this.scaleCos = count === 0 ? 1 : Math.cos((sumLat / count) * RAD);
    this.index = new Flatbush(Math.max(1, count));
    this.vectors = new Float64Array(count * STRIDE);
    const v = this.vectors;
    for (let s = 0; s < count; s++) {
      const x1 = coords[s * 4]!,
        y1 = coords[s * 4 + 1]!,
        x2 = coords[s * 4 + 2]!,
        y2 = coords[s * 4 + 3]!;
      this.index.add(
        Math.min(x1, x2) * this.scaleCos,
        Math.min(y1, y2),
        Math.max(x1, x2) * this.scaleCos,
        Math.max(y1, y2),
      );
      const o = s * STRIDE;
      unit(x1, y1, v, o);
      unit(x2, y2, v, o + 12);
      const ax = v[o]!,
        ay = v[o + 1]!,
        az = v[o + 2]!,
        bx = v[o + 12]!,
        by = v[o + 13]!,
        bz = v[o + 14]!;
      let nx = ay * bz - az * by,
        ny = az * bx - ax * bz,
        nz = ax * by - ay * bx;
      const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
      // A zero-length segment has no great circle; its n, u, v stay 0 and it measures from its ends.
      if (len > 1e-15) {
        nx /= len;
        ny /= len;
        nz /= len;
        v.set([nx, ny, nz, ny * az - nz * ay, nz * ax - nx * az, nx * ay - ny * ax], o + 3);
        v.set([by * nz - bz * ny, bz * nx - bx * nz, bx * ny - by * nx], o + 9);
      }
    }
    if (count === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
  }

  /** Great-circle km from the point to segment `s`. */
  km(lon: number, lat: number, s: number): number {
    const c = Math.cos(lat * RAD);
    return this.kmFrom(c * Math.cos(lon * RAD), c * Math.sin(lon * RAD), Math.sin(lat * RAD), s);
  }

  /** Great-circle km from the unit vector p to segment `s`. */
  private kmFrom(px: number, py: number, pz: number, s: number): number {
    return keyToKm(this.angleKey(px, py, pz, s));
  }

  /**
   * A number that grows with the angle from p to segment `s` (cross-track when the foot of the
   * perpendicular is on the arc, else to the nearer end), cheap to compare: sin θ up to 90°,
   * 2 - sin θ beyond. Skipping asin until the winner is known makes candidate scans cheap.
   */
  private angleKey(px: number, py: number, pz: number, s: number): number {
    const v = this.vectors,
      o = s * STRIDE;
    const hasCircle = v[o + 3] !== 0 || v[o + 4] !== 0 || v[o + 5] !== 0;
    if (
      hasCircle &&
      px * v[o + 6]! + py * v[o + 7]! + pz * v[o + 8]! >= 0 &&
      px * v[o + 9]! + py * v[o + 10]! + pz * v[o + 11]! >= 0
    ) {
      return Math.min(1, Math.abs(px * v[o + 3]! + py * v[o + 4]! + pz * v[o + 5]!));
    }
    const ax = px - v[o]!,
      ay = py - v[o + 1]!,
      az = pz - v[o + 2]!;
    const bx = px - v[o + 12]!,
      by = py - v[o + 13]!,
      bz = pz - v[o + 14]!;
    // Squared chord c² to the nearer end: cos θ = 1 - c²/2 and sin θ = c·sqrt(1 - c²/4).
    const c2 = Math.min(ax * ax + ay * ay + az * az, bx * bx + by * by + bz * bz);
    const sin = Math.sqrt(Math.max(0, c2 * (1 - c2 / 4)));
    return c2 > 2 ? 2 - sin : Math.min(1, sin);
  }

  /**
   * The nearest segment within `maxKm` (any distance when Infinity) that `accept` allows, or null.
   * Exact: every segment whose index box is near enough to hold a point within the bound is measured.
   */
  nearest(
    lon: number,
    lat: number,
    maxKm = Infinity,
    accept?: (segment: number) => boolean,
  ): NearestSegment | null {
    if (this.count === 0) return null;
    const x = lon * this.scaleCos;
    const c = Math.cos(lat * RAD);
    const px = c * Math.cos(lon * RAD),
      py = c * Math.sin(lon * RAD),
      pz = Math.sin(lat * RAD);
    let bound = maxKm;
    if (!Number.isFinite(bound)) {
      // The segment with the nearest box gives an upper bound close to the answer.
      const [first] = this.index.neighbors(x, lat, 1, Infinity, accept);
      if (first === undefined) return null;
      bound = this.kmFrom(px, py, pz, first);
    }
    let best: NearestSegment | null = null;
    for (const s of this.index.neighbors(x, lat, Infinity, this.indexRadius(lat, bound), accept)) {
      const km = this.kmFrom(px, py, pz, s);
      if (km <= bound && (best === null || km < best.km)) best = { segment: s, km };
    }
    return best;
  }

  /** Every segment within `km` of the point, by index (any order). */
  within(lon: number, lat: number, km: number): number[] {
    const c = Math.cos(lat * RAD);
    const px = c * Math.cos(lon * RAD),
      py = c * Math.sin(lon * RAD),
      pz = Math.sin(lat * RAD);
    return this.index
      .neighbors(lon * this.scaleCos, lat, Infinity, this.indexRadius(lat, km))
      .filter((s) => this.kmFrom(px, py, pz, s) <= km);
  }

  /** Km from the point to the nearest of the given segments (Infinity when there are none). */
  nearestAmongKm(lon: number, lat: number, segments: ArrayLike<number>): number {
    if (segments.length === 0) return Infinity;
    const c = Math.cos(lat * RAD);
    const px = c * Math.cos(lon * RAD),
      py = c * Math.sin(lon * RAD),
      pz = Math.sin(lat * RAD);
    let best = Infinity;
    for (let i = 0; i < segments.length; i++) best = Math.min(best, this.angleKey(px, py, pz, segments[i]!));
    return keyToKm(best);
  }

  /**
   * The index-plane radius that holds every segment within `km` of a point at `lat`. A spherical
   * cap is geodesically convex, so the path to such a segment stays where cos(lat) >= cosMax, and
   * there a great-circle distance is at least KM_PER_DEG * min(1, cosMax / scaleCos) * index distance.
   */
  private indexRadius(lat: number, km: number): number {
    const capLat = Math.abs(lat) + km / KM_PER_DEG;
    if (capLat >= 90) return Infinity;
    const factor = Math.min(1, Math.cos(capLat * RAD) / this.scaleCos);
    return km / (KM_PER_DEG * factor) + ARC_PAD_DEG;
  }
}
