/**
 * Places events: canonical admin-1 (and admin-2 where district boundaries exist) from the
 * coordinates and the source's labels, keeping both answers when they differ, plus border
 * distance and H3 cells. Indexes are built once per placer; each call is a few microseconds.
 */
import { InvalidInputError } from '../domain/errors.ts';
import { BORDER_LINE_ERROR_KM } from '../domain/border-side.ts';
import { createBorderMeter } from './border.ts';
import type { BoundarySet, BoundaryUnit } from './boundary-set.ts';
import { resolveAdmin2Label } from './admin-labels.ts';
import { admin1ByCode, admin1Index, afghanDistricts } from './boundaries.ts';
import {
  type BorderReach,
  BORDER_NAME_KM,
  CROSSING_KM,
  crossingIn,
  namesTheBorder,
  unitRange,
} from './border-reach.ts';
import type { MultiPolygonCoords } from './geojson.ts';
import { interiorPoint } from './interior-point.ts';
import { assignParents } from './district-parents.ts';
import { h3Cells } from './h3.ts';
import { LabelCache } from './label-cache.ts';
import { type DistrictMatch, pakistanDistricts, resolvePakistanDistrict } from './pakistan-districts.ts';
import { DEFAULT_SNAP_KM, type NearItem, PipIndex } from './pip-index.ts';
import type { GeoPlacement, PlaceInput, PlacementMethod } from './placement.ts';
import { admin1Unit, FATA_MERGER_DATE } from './units.ts';

/** How far (km) a point in a gap between district polygons may snap to a district of its province. */
export const DISTRICT_SNAP_KM = 2;

/** Settings of a placer. */
export interface PlacerOptions {
  /** Extra admin-2 sets (e.g. Pakistani districts from `loadBoundarySet`); one per country, replacing a bundled one. */
  districts?: BoundarySet[];
  /** Snap points outside every polygon to a unit at most this many km away (default DEFAULT_SNAP_KM). */
  snapKm?: number;
  /** Border zone width in km (default BORDER_ZONE_KM). */
  borderZoneKm?: number;
}

/** Places one event. */
export type Place = (input: PlaceInput) => GeoPlacement;

/**
 * The only dates across which a placement can change for the same country, point, precision, labels
 * and place name: the FATA merger (a pre-merger label names a unit that no longer exists). Events
 * alike in all of those and on the same side of each date are placed alike, so an import and a
 * store placed again place each such key once, at its earliest date.
 */
export const PLACEMENT_DATE_BREAKS: readonly string[] = [FATA_MERGER_DATE];

function usable(lon: number | null, lat: number | null): boolean {
  if (lon === null || lat === null || !Number.isFinite(lon) || !Number.isFinite(lat)) return false;
  // (0, 0) is how several exports write "no coordinates"; it is in the Gulf of Guinea anyway.
  return Math.abs(lon) <= 180 && Math.abs(lat) <= 90 && !(lon === 0 && lat === 0);
}

/** A placer over the bundled boundaries plus any district sets given in the options. */
export function createPlacer(options: PlacerOptions = {}): Place {
  const snapKm = options.snapKm ?? DEFAULT_SNAP_KM;
  if (!(snapKm >= 0)) throw new InvalidInputError(`invalid snap distance: ${snapKm} km`);
  const admin1 = admin1Index();
  const border = createBorderMeter(options.borderZoneKm);
  const districtIndexes = new Map<string, PipIndex<BoundaryUnit>>();
  const districtPolygons = new Map<string, MultiPolygonCoords>();
  const bundledPak = pakistanDistricts();
  for (const set of [afghanDistricts(), bundledPak, ...(options.districts ?? [])]) {
    if (set.level !== 'admin2')
      throw new InvalidInputError(`invalid district set: level ${set.level}, expected admin2`);
    const withParents = set.units.every((unit) => unit.parentCode !== null)
      ? set
      : assignParents(set, admin1);
    districtIndexes.set(set.country, new PipIndex(withParents.units, (unit) => unit.polygons));
    for (const unit of set.units)
      if (unit.code !== null) districtPolygons.set(`${set.country}:${unit.code}`, unit.polygons);
  }
  const labels = new LabelCache();
  // District labels resolve to the bundled 2023 units only while those units are the ones in use.
  const pakByLabel = !(options.districts ?? []).some((set) => set.country === 'PAK');
  const districtLabels = new Map<string, DistrictMatch | null>();
  const districtOfLabel = (label: string | null, admin1Code: string | null): DistrictMatch | null => {
    if (!pakByLabel || label === null) return null;
    const key = `${admin1Code ?? ''}\u0000${label}`;
    let found = districtLabels.get(key);
    if (found === undefined) {
      found = resolvePakistanDistrict(resolveAdmin2Label(label), admin1Code);
      if (districtLabels.size < 10_000) districtLabels.set(key, found);
    }
    return found;
  };

  /**
   * The name of a Pakistani district no 2023 unit holds (AJK and Gilgit-Baltistan have none; Dir,
   * Chitral and Kohistan were split): its label without GED's " district", so it reads and filters
   * as the placed districts do ("Muzaffarabad", not "Muzaffarabad district", as ACLED writes it). A
   * label naming a unit of another province stays unnamed: that unit's name would count the event
   * in a district it is not placed in.
   */
  const unitlessName = (label: string | null): string | null => {
    const name = resolveAdmin2Label(label);
    return name !== null && resolvePakistanDistrict(name, null) === null ? name : null;
  };

  /** Which side of the border a unit name lies in (for "<unit>-<unit> border" place texts). */
  const sideOfName = (name: string): 'PAK' | 'AFG' | null => {
    const pak = labels.resolve('PAK', name);
    if (pak !== null) return 'PAK';
    if (labels.resolve('AFG', name) !== null) return 'AFG';
    return resolvePakistanDistrict(resolveAdmin2Label(name), null) !== null ? 'PAK' : null;
  };
  // A unit's range of border distances, computed once per unit.
  const ranges = new Map<string, BorderReach>();
  const unitReach = (
    key: string,
    method: 'district' | 'province',
    polygons: MultiPolygonCoords,
    contains: (lon: number, lat: number) => boolean,
  ): BorderReach => {
    let found = ranges.get(key);
    if (found === undefined) {
      const { lowKm, highKm } = unitRange(polygons, border.distanceKm, contains);
      const [x, y] = interiorPoint(polygons);
      const km = Math.min(highKm, Math.max(lowKm, border.distanceKm(x, y)));
      found = { method, km, lowKm, highKm };
      ranges.set(key, found);
    }
    return found;
  };
  /** The border distance of an event without an exact point: from its place text, else its district, else its province. */
  const reachWithoutPoint = (
    place: string | null | undefined,
    country: string,
    admin1Code: string | null,
    admin2Code: string | null,
  ): BorderReach | null => {
    if (place) {
      if (namesTheBorder(place, sideOfName))
        return { method: 'border_name', km: 0, lowKm: 0, highKm: BORDER_NAME_KM };
      if (crossingIn(place) !== null) return { method: 'crossing', km: 0, lowKm: 0, highKm: CROSSING_KM };
    }
    const districtKey = admin2Code === null ? null : `${country}:${admin2Code}`;
    const district = districtKey === null ? undefined : districtPolygons.get(districtKey);
    if (district !== undefined)
      return unitReach(
        districtKey!,
        'district',
        district,
        (lon, lat) => districtIndexes.get(country)?.locate(lon, lat)?.code === admin2Code,
      );
    const units = admin1Code === null ? undefined : admin1ByCode().get(admin1Code);
    if (units !== undefined && units.length > 0)
      return unitReach(
        admin1Code!,
        'province',
        units.flatMap((unit) => unit.polygons),
        (lon, lat) => admin1.locate(lon, lat)?.code === admin1Code,
      );
    return null;
  };

  /**
   * The unit containing the point, else the nearest of the event's country within the snap distance.
   * A country without bundled units (IND, IRN) snaps to none: an Indian event 8 km east of the Line
   * of Control was snapped into Pakistan's Azad Jammu and Kashmir and counted there.
   */
  const locate = (country: string, lon: number, lat: number): NearItem<BoundaryUnit> | null => {
    const inside = admin1.locate(lon, lat);
    if (inside !== null) return { item: inside, km: 0 };
    if (snapKm === 0) return null;
    return admin1.nearest(lon, lat, snapKm, (unit) => unit.country === country);
  };

  return (input) => {
    const country = input.country.trim().toUpperCase();
    const label = labels.resolve(country, input.admin1Label);
    const hasPoint = usable(input.lon, input.lat);
    const lon = input.lon!,
      lat = input.lat!;
    const near = hasPoint ? locate(country, lon, lat) : null;
    const pointUnit = near?.item ?? null;
    const exactPoint = input.exact && hasPoint;
    const position = exactPoint ? border.measure(lon, lat) : null;
    // The zone is the borderland of the two countries: an event its source puts in Iran or China, a
    // few km from a tripoint, is near the line but in neither (its point may even fall inside Natural
    // Earth's Afghan outline there, which is coarser than the few km at stake).
    const borderland = country === 'PAK' || country === 'AFG';
    // An exact point inside a unit of another country than the event's (a Pakistani one at Torkham in
    // Nangarhar, an Iranian one at Taftan in Balochistan): the province must lie in the event's own
    // country, or per-province and per-country counts disagree. Within BORDER_LINE_ERROR_KM of the
    // Afghanistan-Pakistan line, where the side of the border follows the source's country too, the
    // nearest unit of that country takes it. Farther out the point and the source contradict each
    // other, and no province is given. Only PAK and AFG events snap: the tolerance is the distance to
    // their common line (the only line the meter measures), and only they have units; an event of any
    // other country (IRN, IND) has no unit of its own country to take, so it gets none.
    const abroad = input.exact && pointUnit !== null && pointUnit.country !== country ? pointUnit : null;
    const ownNear =
      abroad !== null && borderland && position !== null && position.km <= BORDER_LINE_ERROR_KM && snapKm > 0
        ? admin1.nearest(lon, lat, snapKm, (unit) => unit.country === country)
        : null;
    // The unit the event is placed in by its point: the containing (or snapped) one, else the own
    // country's across the line, else none.
    const placedUnit = abroad === null ? pointUnit : (ownNear?.item ?? null);
    // Ex-FATA by label: FATA or an agency as admin-1, or KP with an agency or Frontier Region as admin-2.
    const labelHistorical =
      label?.historicalUnit ??
      (label?.code === 'PK-KP' ? (labels.resolve('PAK', input.admin2Label)?.historicalUnit ?? null) : null);

    let admin1Code: string | null = null;
    let method: PlacementMethod = 'none';
    let historicalUnit: 'FATA' | null = null;
    if (abroad !== null) {
      method = placedUnit === null ? 'other_country' : 'border_snap';
      admin1Code = placedUnit?.code ?? null;
      historicalUnit =
        placedUnit === null
          ? null
          : (placedUnit.historicalUnit ?? (label?.code === placedUnit.code ? labelHistorical : null));
    } else if (input.exact && pointUnit !== null) {
      admin1Code = pointUnit.code;
      method = label === null ? 'point' : label.code === pointUnit.code ? 'agree' : 'disagree';
      historicalUnit = pointUnit.historicalUnit ?? (method === 'agree' ? labelHistorical : null);
    } else if (label !== null) {
      admin1Code = label.code;
      method = 'label';
      historicalUnit = labelHistorical;
    }

    const districts = exactPoint && placedUnit !== null ? districtIndexes.get(placedUnit.country) : undefined;
    // A district of the event's own province only: where the province and district boundary sets
    // draw a border differently, a point can lie in a district of the next province (a point in KP
    // by Natural Earth, in Zhob by the census map), and the event would count in a district outside
    // its province. Such a point falls to the snap below, then to the label.
    const ownProvince = (unit: { parentCode: string | null }) =>
      unit.parentCode === null || unit.parentCode === (admin1Code ?? placedUnit!.code);
    const located = districts ? districts.locate(lon, lat) : null;
    const district = districts
      ? ((located !== null && ownProvince(located) ? located : null) ??
        // Only slivers between simplified district polygons snap, and only to a district of the same province:
        // a partial set (one district a user added) must not pull in events from 10 km around it.
        districts.nearest(lon, lat, Math.min(snapKm, DISTRICT_SNAP_KM), ownProvince)?.item ??
        null)
      : null;
    // No district from the point (coarse coordinates, or a gap): the source's district label, if it names
    // a 2023 unit. An event given no province (its point far inside the other country) gets no district
    // either: a district without its province would not add up to the province's figures.
    const byLabel = district === null && country === 'PAK' && method !== 'other_country';
    const labelled = byLabel ? districtOfLabel(input.admin2Label, admin1Code) : null;
    const unitless = byLabel && labelled === null ? unitlessName(input.admin2Label) : null;
    const admin2Code = district?.code ?? labelled?.code ?? null;
    const reach: BorderReach | null =
      position !== null
        ? { method: 'point', km: position.km, lowKm: position.km, highKm: position.km }
        : reachWithoutPoint(input.place, country, admin1Code, admin2Code);
    const cells = exactPoint ? h3Cells(lon, lat) : null;
    return {
      admin1Code,
      admin1Name: admin1Code === null ? null : admin1Unit(admin1Code)!.name,
      admin2Name: district?.name ?? labelled?.name ?? unitless,
      admin2Code,
      admin2Method: district !== null ? 'point' : labelled !== null ? labelled.via : null,
      pointAdmin1Code: pointUnit?.code ?? null,
      labelAdmin1Code: label?.code ?? null,
      method,
      snappedKm: ownNear !== null ? ownNear.km : near !== null && near.km > 0 ? near.km : null,
      historicalUnit,
      preMergerLabel:
        country === 'PAK' &&
        (labels.isPreMerger(input.admin1Label, input.date) ||
          labels.isPreMerger(input.admin2Label, input.date)),
      borderKm: reach?.km ?? null,
      borderKmLow: reach?.lowKm ?? null,
      borderKmHigh: reach?.highKm ?? null,
      borderMethod: reach?.method ?? null,
      borderSide: position?.side ?? null,
      borderZone:
        reach === null
          ? null
          : !borderland
            ? false
            : reach.highKm <= border.zoneKm
              ? true
              : reach.lowKm > border.zoneKm
                ? false
                : null,
      h3Coarse: cells?.coarse ?? null,
      h3Fine: cells?.fine ?? null,
    };
  };
}
