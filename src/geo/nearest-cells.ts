/**
 * A memo in front of SegmentIndex for repeated unbounded queries (every event's border distance):
 * for each small lon/lat cell touched, it keeps the few segments that can be nearest to any point
 * of the cell, so later queries in the cell skip the tree search.
 */
import type { SegmentIndex } from './segment-index.ts';
import { haversineKm } from './spherical.ts';

/** Cell size in degrees: about 5 km, small enough that a cell's candidate list stays short. */
export const CELL_DEG = 0.05;
// Enough cells for Pakistan and Afghanistan many times over; past this, queries go uncached.
const MAX_CELLS = 200_000;

/** Exact nearest-segment distances with per-cell candidate lists. */
export class NearestCells {
  private readonly cells = new Map<number, Uint32Array>();

  constructor(private readonly segments: SegmentIndex) {}

  /** Great-circle km from the point to the nearest segment. */
  nearestKm(lon: number, lat: number): number {
    const i = Math.floor(lon / CELL_DEG),
      j = Math.floor(lat / CELL_DEG);
    if (Math.abs(lat) > 85) return this.segments.nearest(lon, lat)?.km ?? Infinity;
    const key = (i + 4000) * 4000 + (j + 2000);
    let candidates = this.cells.get(key);
    if (candidates === undefined) {
      if (this.cells.size >= MAX_CELLS) return this.segments.nearest(lon, lat)?.km ?? Infinity;
      candidates = this.candidates(i, j);
      this.cells.set(key, candidates);
    }
    return this.segments.nearestAmongKm(lon, lat, candidates);
  }

  /**
   * Segments within d + 2h of the cell's centre, where d is the centre's distance to the line and h
   * the centre-to-corner distance: for any point q of the cell, its nearest segment S has
   * dist(centre, S) <= dist(centre, q) + dist(q, S) <= h + (d + h).
   */
  private candidates(i: number, j: number): Uint32Array {
    const lon = (i + 0.5) * CELL_DEG,
      lat = (j + 0.5) * CELL_DEG;
    const d = this.segments.nearest(lon, lat)?.km;
    if (d === undefined) return new Uint32Array(0);
    let h = 0;
    for (const [di, dj] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ] as const) {
      h = Math.max(h, haversineKm(lon, lat, (i + di) * CELL_DEG, (j + dj) * CELL_DEG));
    }
    // A hair of slack so rounding in the distances never drops the true nearest segment.
    return Uint32Array.from(this.segments.within(lon, lat, d + 2 * h + 1e-6));
  }
}
