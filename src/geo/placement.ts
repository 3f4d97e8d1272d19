/**
 * What the placer says about where an event happened: canonical admin units, how they were
 * decided, border position and H3 cells. Every field is null when it is not known.
 */
import type { BorderSide } from './border.ts';
import type { BorderMethod } from './border-reach.ts';

/**
 * How `admin1Code` was decided: 'point' by point-in-polygon alone (no usable label), 'label' from
 * the source's admin-1 label (coordinates too coarse or outside every polygon), 'agree' point
 * and label give the same unit, 'disagree' they differ and the point wins, 'border_snap' the exact
 * point lies in the other country's unit within BORDER_LINE_ERROR_KM of the Afghanistan–Pakistan line
 * and the nearest unit of the event's own country takes it (`snappedKm` its distance),
 * 'other_country' the point lies farther inside the other country, or in a unit of Pakistan or
 * Afghanistan while the event is of another country (no bundled units of its own), and no unit is
 * given, 'none' neither.
 */
export type PlacementMethod =
  'point' | 'label' | 'agree' | 'disagree' | 'border_snap' | 'other_country' | 'none';

/** One event's place. */
export interface GeoPlacement {
  /** ISO 3166-2 code of today's admin-1 unit (ex-FATA is PK-KP). */
  admin1Code: string | null;
  admin1Name: string | null;
  /** District name from a district boundary set (Afghanistan 2014 and Pakistan 2023 bundled, or a user's set): by exact point, or in Pakistan by the source's district label. */
  admin2Name: string | null;
  /** The district's code in its boundary set (geoBoundaries shapeID for Afghanistan, 2023 `map_unit_id` for Pakistan). */
  admin2Code: string | null;
  /** How the district was decided: by point in polygon, by the source's district name, or by that name through the crosswalk. */
  admin2Method: 'point' | 'name' | 'crosswalk' | null;
  /** Unit containing the coordinates (or snapped to), reported even when the label decided, and the other country's unit for 'border_snap' and 'other_country'. */
  pointAdmin1Code: string | null;
  /** Unit the source's admin-1 label resolves to. */
  labelAdmin1Code: string | null;
  method: PlacementMethod;
  /** Km from the coordinates to the unit they were snapped to (outside every polygon, or 'border_snap'); null when not snapped. */
  snappedKm: number | null;
  /** 'FATA' when the place lies in the pre-2018 Federally Administered Tribal Areas, whatever the event's date. */
  historicalUnit: 'FATA' | null;
  /** Whether the source's labels name a pre-merger FATA unit (FATA, an agency, a Frontier Region; see isPreMergerFataLabel). */
  preMergerLabel: boolean;
  /** Great-circle km to the Afghanistan–Pakistan border line: the exact point's, else the best estimate from the place text or unit (see borderMethod). */
  borderKm: number | null;
  /** The range the event's border distance lies in (equal to borderKm for an exact point). */
  borderKmLow: number | null;
  borderKmHigh: number | null;
  /** How the border distance was found; null when nothing located the event (country only). */
  borderMethod: BorderMethod | null;
  /** Country outline containing the point; exact points only. */
  borderSide: BorderSide | null;
  /** Whether the event lies within the border zone (50 km unless configured): true when its whole range does, false when none of it does, null when undecided or unknown. */
  borderZone: boolean | null;
  /** H3 cell at H3_COARSE_RES; exact points only. */
  h3Coarse: string | null;
  /** H3 cell at H3_FINE_RES; exact points only. */
  h3Fine: string | null;
}

/** What the placer needs to know about an event. */
export interface PlaceInput {
  /** ISO 3166-1 alpha-3 code of the country the source says the event took place in. */
  country: string;
  lat: number | null;
  lon: number | null;
  /** Whether the coordinates are precise enough for point-in-polygon: UCDP where_prec <= 3, ACLED geo_precision 1-2. */
  exact: boolean;
  admin1Label: string | null;
  admin2Label: string | null;
  /** The source's place text (UCDP where_coordinates, ACLED location); read only without an exact point, for border names and crossings. */
  place?: string | null;
  /** Event date, YYYY-MM-DD; tells whether a bare agency name ("Kurram") was a pre-merger label. */
  date?: string;
}
