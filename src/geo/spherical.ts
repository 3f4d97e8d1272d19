/**
 * Great-circle distances on a spherical Earth (mean radius 6371.0088 km), point to point and
 * point to segment, plus the lon/lat box guaranteed to hold every point within a distance.
 */

import { EARTH_RADIUS_KM, haversineKm } from '../domain/great-circle.ts';

/** Mean Earth radius and point-to-point distance (kept in domain/ so analytics can use them too). */
export { EARTH_RADIUS_KM, haversineKm };

const RAD = Math.PI / 180;

/**
 * Great-circle distance in km from a point to the great-circle arc between two vertices: the
 * cross-track distance when the foot of the perpendicular falls on the arc, else the nearer end.
 */
export function segmentKm(
  lon: number,
  lat: number,
  lon1: number,
  lat1: number,
  lon2: number,
  lat2: number,
): number {
  const cp = Math.cos(lat * RAD);
  const px = cp * Math.cos(lon * RAD),
    py = cp * Math.sin(lon * RAD),
    pz = Math.sin(lat * RAD);
  const c1 = Math.cos(lat1 * RAD);
  const ax = c1 * Math.cos(lon1 * RAD),
    ay = c1 * Math.sin(lon1 * RAD),
    az = Math.sin(lat1 * RAD);
  const c2 = Math.cos(lat2 * RAD);
  const bx = c2 * Math.cos(lon2 * RAD),
    by = c2 * Math.sin(lon2 * RAD),
    bz = Math.sin(lat2 * RAD);
  // Normal of the arc's great circle.
  let nx = ay * bz - az * by,
    ny = az * bx - ax * bz,
    nz = ax * by - ay * bx;
  const nLen = Math.hypot(nx, ny, nz);
  if (nLen > 1e-15) {
    nx /= nLen;
    ny /= nLen;
    nz /= nLen;
    // The foot lies on the arc when p is on the inner side of both end meridians of the arc.
    const sideA = (ay * pz - az * py) * nx + (az * px - ax * pz) * ny + (ax * py - ay * px) * nz;
    const sideB = (py * bz - pz * by) * nx + (pz * bx - px * bz) * ny + (px * by - py * bx) * nz;
    if (sideA >= 0 && sideB >= 0) {
      const s = Math.abs(px * nx + py * ny + pz * nz);
      return EARTH_RADIUS_KM * Math.asin(Math.min(1, s));
    }
  }
  return Math.min(haversineKm(lon, lat, lon1, lat1), haversineKm(lon, lat, lon2, lat2));
}

/** A lon/lat box [minLon, minLat, maxLon, maxLat] that contains every point within `km` of the point. */
export function boxAround(lon: number, lat: number, km: number): [number, number, number, number] {
  const r = km / EARTH_RADIUS_KM;
  const dLat = r / RAD;
  // The widest longitude span of a spherical cap of angular radius r is asin(sin r / cos lat).
  const spansPole = Math.abs(lat) + dLat >= 90 || r >= Math.PI / 2;
  const dLon = spansPole ? 180 : Math.asin(Math.min(1, Math.sin(r) / Math.cos(lat * RAD))) / RAD;
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}
