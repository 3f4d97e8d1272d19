/**
 * Which side of the Afghanistan–Pakistan border an event lies on, and on what evidence: the exact
 * point inside a country outline, else the admin-1 unit it was placed in (by point or by the
 * source's label), else the country the source says the event took place in. Mirrored in SQL by
 * storage/duckdb/duckdb-event-stream.ts (the summary column of exports).
 */

/** A side of the border, or null for an event in neither country. */
export type EventBorderSide = 'PAK' | 'AFG' | null;

/** What decided the side: 'point', 'admin1', 'country', or 'elsewhere' (in neither country: side null). */
export type BorderSideBasis = 'point' | 'admin1' | 'country' | 'elsewhere';

const OF_UNIT: Record<string, 'PAK' | 'AFG'> = { 'PK-': 'PAK', 'AF-': 'AFG' };

/** The side and its basis, from the stored point side, admin-1 code and country. */
export function borderSideOf(e: { borderSide: string | null; admin1Code: string | null; country: string }): {
  side: EventBorderSide;
  basis: BorderSideBasis;
} {
  if (e.borderSide === 'PAK' || e.borderSide === 'AFG') return { side: e.borderSide, basis: 'point' };
  const unit = e.admin1Code ? OF_UNIT[e.admin1Code.slice(0, 3)] : undefined;
  if (unit) return { side: unit, basis: 'admin1' };
  if (e.country === 'PAK' || e.country === 'AFG') return { side: e.country, basis: 'country' };
  return { side: null, basis: 'elsewhere' };
}
