/**
 * Which side of the Afghanistan–Pakistan border an event lies on, and on what evidence: the exact
 * point inside a country outline, else the admin-1 unit it was placed in (by point or by the
 * source's label), else the country the source says the event took place in. Near the line the
 * source's country outweighs the point (BORDER_LINE_ERROR_KM). Mirrored in SQL by
 * storage/duckdb/duckdb-border-side.ts (filters, splits and the summary column of exports).
 */

/** A side of the border, or null for an event in neither country. */
export type EventBorderSide = 'PAK' | 'AFG' | null;

/** What decided the side: 'point', 'admin1', 'country', or 'elsewhere' (in neither country: side null). */
export type BorderSideBasis = 'point' | 'admin1' | 'country' | 'elsewhere';

/**
 * How near the border line (km) an exact point cannot tell the side against its source: Natural
 * Earth's 1:10m line is generalised, and every bundled event whose point and UCDP `country` name
 * different sides lies 0.1 to 3.7 km from it (Torkham, Kunar's passes; docs/geography.md). Within
 * this distance the source's own country decides, so that the border view, claims and `--country`
 * put such an event on one side.
 */
export const BORDER_LINE_ERROR_KM = 5;

const OF_UNIT: Record<string, 'PAK' | 'AFG'> = { 'PK-': 'PAK', 'AF-': 'AFG' };

/** The side and its basis, from the stored point side and its distance, admin-1 code and country. */
export function borderSideOf(e: {
  borderSide: string | null;
  borderKm: number | null;
  admin1Code: string | null;
  country: string;
}): {
  side: EventBorderSide;
  basis: BorderSideBasis;
} {
  const named = e.country === 'PAK' || e.country === 'AFG' ? e.country : null;
  if (e.borderSide === 'PAK' || e.borderSide === 'AFG') {
    if (named && named !== e.borderSide && e.borderKm !== null && e.borderKm <= BORDER_LINE_ERROR_KM)
      return { side: named, basis: 'country' };
    return { side: e.borderSide, basis: 'point' };
  }
  const unit = e.admin1Code ? OF_UNIT[e.admin1Code.slice(0, 3)] : undefined;
  if (unit) return { side: unit, basis: 'admin1' };
  if (named) return { side: named, basis: 'country' };
  return { side: null, basis: 'elsewhere' };
}
