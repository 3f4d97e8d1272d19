/**
 * A point guaranteed to lie inside a polygon (unlike a centroid, which can fall outside a
 * crescent-shaped district): the middle of the widest inside stretch along a few horizontal lines.
 */
import type { MultiPolygonCoords, PolygonCoords } from './geojson.ts';

function ringArea(ring: PolygonCoords[number]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++)
    sum += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return Math.abs(sum) / 2;
}

function crossings(polygon: PolygonCoords, y: number): number[] {
  const xs: number[] = [];
  for (const ring of polygon) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x1, y1] = ring[i]!,
        [x2, y2] = ring[i + 1]!;
      if (y1! > y !== y2! > y) xs.push(x1! + ((x2! - x1!) * (y - y1!)) / (y2! - y1!));
    }
  }
  return xs.sort((a, b) => a - b);
}

/** A [lon, lat] inside the largest part of the geometry (by planar area of its outer ring). */
export function interiorPoint(polygons: MultiPolygonCoords): [number, number] {
  const largest = [...polygons].sort((a, b) => ringArea(b[0]!) - ringArea(a[0]!))[0]!;
  const ys = largest[0]!.map((p) => p[1]!);
  const minY = Math.min(...ys),
    maxY = Math.max(...ys);
  let best: [number, number] = [largest[0]![0]![0]!, largest[0]![0]![1]!];
  let bestWidth = -1;
  // Fractions avoid hitting a vertex's exact latitude on regular grids.
  for (const f of [0.5, 0.3719, 0.6281, 0.2137, 0.7863, 0.1, 0.9]) {
    const y = minY + (maxY - minY) * f;
    const xs = crossings(largest, y);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const width = xs[i + 1]! - xs[i]!;
      if (width > bestWidth) {
        bestWidth = width;
        best = [(xs[i]! + xs[i + 1]!) / 2, y];
      }
    }
  }
  return best;
}
