/**
 * Gives each district its province by locating a point inside the district in the admin-1 index,
 * because the district files (geoBoundaries, COD-AB exports) do not all carry a parent field.
 */
import type { BoundarySet, BoundaryUnit } from './boundary-set.ts';
import { interiorPoint } from './interior-point.ts';
import type { PipIndex } from './pip-index.ts';

// District and province files draw borders differently; an interior point near a province's edge
// can fall just outside every province polygon, so allow a wider snap than for events.
const PARENT_SNAP_KM = 25;

/** A copy of an admin-2 set in which each unit's `parentCode` is the admin-1 unit containing its interior point. */
export function assignParents(set: BoundarySet, admin1: PipIndex<BoundaryUnit>): BoundarySet {
  const units = set.units.map((unit) => ({ ...unit, parentCode: parentOf(unit, set.country, admin1) }));
  return { ...set, units };
}

/** The code of the admin-1 unit of `country` containing a district's interior point (within the snap distance), or null. */
export function parentOf(unit: BoundaryUnit, country: string, admin1: PipIndex<BoundaryUnit>): string | null {
  const [lon, lat] = interiorPoint(unit.polygons);
  return (
    admin1.nearest(lon, lat, PARENT_SNAP_KM, (candidate) => candidate.country === country)?.item.code ?? null
  );
}
