/**
 * Where a point stands relative to the Afghanistan–Pakistan border: great-circle km to the line,
 * which country's outline holds it, and whether it is within the border zone.
 */
import { InvalidInputError } from '../domain/errors.ts';
import { borderLine, countryOutlines } from './boundaries.ts';
import type { MultiLineCoords } from './geojson.ts';
import { PipIndex } from './pip-index.ts';
import { NearestCells } from './nearest-cells.ts';
import { SegmentIndex } from './segment-index.ts';

/** Width of the border zone on each side of the line, in km. */
export const BORDER_ZONE_KM = 50;

/** The country outline containing a point: Pakistan, Afghanistan, or neither. */
export type BorderSide = 'PAK' | 'AFG' | 'other';

/** A point's relation to the border. */
export interface BorderPosition {
  /** Great-circle km to the nearest point of the border line. */
  km: number;
  side: BorderSide;
  /** Whether `km` is within the zone width the meter was made with. */
  zone: boolean;
}

/** Measures points against one border line and two country outlines. */
export interface BorderMeter {
  /** Great-circle km from the point to the border line. */
  distanceKm(lon: number, lat: number): number;
  /** Which country's outline contains the point. */
  side(lon: number, lat: number): BorderSide;
  /** Distance, side and zone flag together. */
  measure(lon: number, lat: number): BorderPosition;
  /** The zone width in km this meter flags. */
  readonly zoneKm: number;
}

function lineSegments(lines: MultiLineCoords): Float64Array {
  const coords: number[] = [];
  for (const line of lines) {
    for (let i = 0; i + 1 < line.length; i++)
      coords.push(line[i]![0]!, line[i]![1]!, line[i + 1]![0]!, line[i + 1]![1]!);
  }
  return new Float64Array(coords);
}

/** A border meter over the bundled Natural Earth border and outlines, flagging a zone of `zoneKm` (default 50). */
export function createBorderMeter(zoneKm: number = BORDER_ZONE_KM): BorderMeter {
  if (!(zoneKm >= 0)) throw new InvalidInputError(`invalid border zone: ${zoneKm} km`);
  const segments = new NearestCells(new SegmentIndex(lineSegments(borderLine())));
  const outlines = new PipIndex(countryOutlines(), (outline) => outline.polygons);
  const distanceKm = (lon: number, lat: number): number => segments.nearestKm(lon, lat);
  const side = (lon: number, lat: number): BorderSide => outlines.locate(lon, lat)?.country ?? 'other';
  return {
    zoneKm,
    distanceKm,
    side,
    measure(lon, lat) {
      const km = distanceKm(lon, lat);
      return { km, side: side(lon, lat), zone: km <= zoneKm };
    },
  };
}

let shared: BorderMeter | null = null;

/** Great-circle km from a point to the Afghanistan–Pakistan border line (shared default meter). */
export function borderDistanceKm(lon: number, lat: number): number {
  shared ??= createBorderMeter();
  return shared.distanceKm(lon, lat);
}
