/** The briefing map's geometry from the bundled boundaries: admin-1 outlines and the border, simplified once per process. */
import { admin1Boundaries, borderLine } from '../../geo/boundaries.ts';
import type { MapUnit } from '../../report/briefing-data.ts';
import { simplifyLine } from '../../report/static-map.ts';

// 0.02 degrees is about 2 km: invisible at the map's scale (about 3 km a pixel for Pakistan), and it
// shrinks the Natural Earth 10m outlines some fortyfold.
const TOLERANCE = 0.02;

let units: Omit<MapUnit, 'focus'>[] | null = null;
let border: [number, number][][] | null = null;

const round = (p: [number, number]): [number, number] => [
  Math.round(p[0] * 1000) / 1000,
  Math.round(p[1] * 1000) / 1000,
];

/** Admin-1 outlines of Pakistan and Afghanistan, `focus` for units of the given countries (all when none given). */
export function mapUnits(countries: readonly string[]): MapUnit[] {
  units ??= admin1Boundaries().units.map((u) => ({
    code: u.code ?? '',
    name: u.historicalUnit === 'FATA' ? `${u.name} (former FATA)` : u.name,
    country: u.country,
    rings: u.polygons
      .flatMap((poly) => poly.slice(0, 1).map((ring) => simplifyLine(ring, TOLERANCE).map(round)))
      .filter((r) => r.length >= 4),
  }));
  return units.map((u) => ({ ...u, focus: !countries.length || countries.includes(u.country) }));
}

/** The Afghanistan-Pakistan border line, simplified. */
export function mapBorder(): [number, number][][] {
  border ??= borderLine().map((line) => simplifyLine(line, TOLERANCE / 2).map(round));
  return border;
}

/** [west, south, east, north] of the focus units, with a margin. */
export function focusBox(list: readonly MapUnit[]): [number, number, number, number] {
  const pts = list.filter((u) => u.focus).flatMap((u) => u.rings.flat());
  const lons = pts.map((p) => p[0]);
  const lats = pts.map((p) => p[1]);
  const m = 0.3;
  return [Math.min(...lons) - m, Math.min(...lats) - m, Math.max(...lons) + m, Math.max(...lats) + m].map(
    (x) => Math.round(x * 100) / 100,
  ) as [number, number, number, number];
}
