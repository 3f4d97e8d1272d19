/**
 * An event's side of the Afghanistan–Pakistan border in SQL over the events table `e`, as
 * domain/border-side.ts decides it in JavaScript: the exact point's country outline, else the
 * admin-1 unit, else the country the source names; null (basis 'elsewhere') in neither country.
 */

/** 'PAK', 'AFG' or NULL. */
export const BORDER_SIDE_SQL = `CASE WHEN e.border_side IN ('PAK', 'AFG') THEN e.border_side
  WHEN e.admin1_code LIKE 'PK-%' THEN 'PAK' WHEN e.admin1_code LIKE 'AF-%' THEN 'AFG'
  WHEN e.country IN ('PAK', 'AFG') THEN e.country END`;

/** 'point', 'admin1', 'country' or 'elsewhere'. */
export const BORDER_SIDE_BASIS_SQL = `CASE WHEN e.border_side IN ('PAK', 'AFG') THEN 'point'
  WHEN e.admin1_code LIKE 'PK-%' OR e.admin1_code LIKE 'AF-%' THEN 'admin1'
  WHEN e.country IN ('PAK', 'AFG') THEN 'country' ELSE 'elsewhere' END`;
