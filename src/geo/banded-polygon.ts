/**
 * An exact point-in-polygon test that stays fast on polygons with thousands of vertices: edges
 * are sorted into horizontal bands, so a ray cast only meets the edges of the point's band.
 */
import type { PolygonCoords } from './geojson.ts';

/** One polygon (outer ring and holes) prepared for repeated point-in-polygon tests. */
export class BandedPolygon {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  /** Every edge as x1, y1, x2, y2 (lon/lat degrees), holes included. */
  readonly edges: Float64Array;
  private readonly bands: number;
  private readonly bandHeight: number;
  private readonly bandStart: Uint32Array;
  private readonly bandEdges: Uint32Array;

  constructor(polygon: PolygonCoords) {
    let count = 0;
    for (const ring of polygon) count += ring.length - 1;
    const edges = new Float64Array(count * 4);
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity;
    let e = 0;
    for (const ring of polygon) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x1, y1] = ring[i]!,
          [x2, y2] = ring[i + 1]!;
        edges[e++] = x1!;
        edges[e++] = y1!;
        edges[e++] = x2!;
        edges[e++] = y2!;
        minX = Math.min(minX, x1!);
        maxX = Math.max(maxX, x1!);
        minY = Math.min(minY, y1!);
        maxY = Math.max(maxY, y1!);
      }
    }
    this.edges = edges;
    this.minX = minX;
    this.minY = minY;
    this.maxX = maxX;
    this.maxY = maxY;
    this.bands = Math.max(1, Math.min(4096, Math.ceil(count / 4)));
    this.bandHeight = (maxY - minY) / this.bands || 1;
    // Two passes: count the edges of each band, then fill (compressed rows).
    const start = new Uint32Array(this.bands + 1);
    this.eachBand((band) => start[band + 1]!++);
    for (let b = 0; b < this.bands; b++) start[b + 1]! += start[b]!;
    const fill = start.slice(0, this.bands);
    const list = new Uint32Array(start[this.bands]!);
    this.eachBand((band, edge) => (list[fill[band]!++] = edge));
    this.bandStart = start;
    this.bandEdges = list;
  }

  private bandOf(y: number): number {
    return Math.min(this.bands - 1, Math.max(0, Math.floor((y - this.minY) / this.bandHeight)));
  }

  private eachBand(visit: (band: number, edge: number) => void): void {
    const edges = this.edges;
    for (let edge = 0; edge < edges.length / 4; edge++) {
      const y1 = edges[edge * 4 + 1]!,
        y2 = edges[edge * 4 + 3]!;
      if (y1 === y2) continue; // a horizontal edge never changes a ray's parity
      for (let band = this.bandOf(Math.min(y1, y2)); band <= this.bandOf(Math.max(y1, y2)); band++) {
        visit(band, edge);
      }
    }
  }

  /** Whether the point lies inside (even-odd rule over all rings; points on an edge may go either way). */
  contains(x: number, y: number): boolean {
    if (x < this.minX || x > this.maxX || y < this.minY || y > this.maxY) return false;
    const band = this.bandOf(y);
    const edges = this.edges,
      list = this.bandEdges;
    let inside = false;
    for (let k = this.bandStart[band]!, end = this.bandStart[band + 1]!; k < end; k++) {
      const i = list[k]! * 4;
      const x1 = edges[i]!,
        y1 = edges[i + 1]!,
        x2 = edges[i + 2]!,
        y2 = edges[i + 3]!;
      if (y1 > y !== y2 > y && x < ((x2 - x1) * (y - y1)) / (y2 - y1) + x1) inside = !inside;
    }
    return inside;
  }
}
