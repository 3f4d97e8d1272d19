/**
 * Point-in-polygon lookup over a set of (Multi)Polygons: a flatbush index of the polygons' boxes
 * picks the candidates, an exact banded ray cast decides, and an edge index snaps points that
 * fall just outside every polygon to the nearest one.
 */
import Flatbush from 'flatbush';
import { BandedPolygon } from './banded-polygon.ts';
import type { MultiPolygonCoords } from './geojson.ts';
import { SegmentIndex } from './segment-index.ts';

/** Points farther than this from every polygon (km) are not snapped to one: about a district town's radius. */
export const DEFAULT_SNAP_KM = 10;

/** An item found near a point, with the distance in km to its nearest edge (0 when inside). */
export interface NearItem<T> {
  item: T;
  km: number;
}

/** Point-in-polygon index over items that each carry a (Multi)Polygon. */
export class PipIndex<T> {
  private readonly parts: BandedPolygon[] = [];
  private readonly partItem: number[] = [];
  private readonly boxes: Flatbush;
  private edgeIndex: SegmentIndex | null = null;
  private edgePart: Uint32Array | null = null;

  constructor(
    readonly items: readonly T[],
    polygonsOf: (item: T) => MultiPolygonCoords,
  ) {
    items.forEach((item, i) => {
      for (const polygon of polygonsOf(item)) {
        this.parts.push(new BandedPolygon(polygon));
        this.partItem.push(i);
      }
    });
    this.boxes = new Flatbush(Math.max(1, this.parts.length));
    for (const part of this.parts) this.boxes.add(part.minX, part.minY, part.maxX, part.maxY);
    if (this.parts.length === 0) this.boxes.add(0, 0, 0, 0);
    this.boxes.finish();
  }

  /** The first item whose polygon contains the point, or null. */
  locate(lon: number, lat: number): T | null {
    let found = -1;
    if (this.parts.length === 0) return null;
    this.boxes.search(lon, lat, lon, lat, (p) => {
      if (found < 0 && this.parts[p]!.contains(lon, lat)) found = this.partItem[p]!;
      return false;
    });
    return found < 0 ? null : this.items[found]!;
  }

  /** Every item whose polygon contains the point (overlapping sets, or a point on a shared edge). */
  locateAll(lon: number, lat: number): T[] {
    if (this.parts.length === 0) return [];
    const hits = new Set<number>();
    this.boxes.search(lon, lat, lon, lat, (p) => {
      if (this.parts[p]!.contains(lon, lat)) hits.add(this.partItem[p]!);
      return false;
    });
    return [...hits].map((i) => this.items[i]!);
  }

  /**
   * The item containing the point (km 0) or else the one whose edge is nearest within `maxKm`
   * (great-circle km) among those `accept` allows; null when none is that close.
   */
  nearest(
    lon: number,
    lat: number,
    maxKm = DEFAULT_SNAP_KM,
    accept?: (item: T) => boolean,
  ): NearItem<T> | null {
    const inside = this.locateAll(lon, lat).find((item) => !accept || accept(item));
    if (inside !== undefined) return { item: inside, km: 0 };
    const edges = this.edges();
    const edgePart = this.edgePart!;
    const hit = edges.nearest(
      lon,
      lat,
      maxKm,
      accept && ((s) => accept(this.items[this.partItem[edgePart[s]!]!]!)),
    );
    return hit === null ? null : { item: this.items[this.partItem[edgePart[hit.segment]!]!]!, km: hit.km };
  }

  private edges(): SegmentIndex {
    if (this.edgeIndex === null) {
      const total = this.parts.reduce((n, part) => n + part.edges.length, 0);
      const coords = new Float64Array(total);
      const owner = new Uint32Array(total / 4);
      let offset = 0;
      this.parts.forEach((part, p) => {
        coords.set(part.edges, offset);
        owner.fill(p, offset / 4, (offset + part.edges.length) / 4);
        offset += part.edges.length;
      });
      this.edgePart = owner;
      this.edgeIndex = new SegmentIndex(coords);
    }
    return this.edgeIndex;
  }
}
