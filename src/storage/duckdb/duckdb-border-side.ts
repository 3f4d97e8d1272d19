/**
 * An event's side of the Afghanistan–Pakistan border in SQL over the events table `e`, as
 * domain/border-side.ts decides it in JavaScript: the exact point's country outline (unless the
 * point lies within BORDER_LINE_ERROR_KM of the line and the source names the other country), else
 * the admin-1 unit, else the country the source names; null (basis 'elsewhere') in neither country.
 */
import { BORDER_LINE_ERROR_KM } from '../../domain/border-side.ts';

/** True where the source's country outweighs an exact point on the other side of the line, within the line's error. */
export const SIDE_BY_COUNTRY_NEAR_LINE_SQL = `(e.border_side IN ('PAK', 'AFG') AND e.country IN ('PAK', 'AFG')
  AND e.country <> e.border_side AND e.border_km <= ${BORDER_LINE_ERROR_KM})`;

/** 'PAK', 'AFG' or NULL. */
export const BORDER_SIDE_SQL = `CASE WHEN ${SIDE_BY_COUNTRY_NEAR_LINE_SQL} THEN e.country
  WHEN e.border_side IN ('PAK', 'AFG') THEN e.border_side
  WHEN e.admin1_code LIKE 'PK-%' THEN 'PAK' WHEN e.admin1_code LIKE 'AF-%' THEN 'AFG'
  WHEN e.country IN ('PAK', 'AFG') THEN e.country END`;

/** 'point', 'admin1', 'country' or 'elsewhere'. */
export const BORDER_SIDE_BASIS_SQL = `CASE WHEN ${SIDE_BY_COUNTRY_NEAR_LINE_SQL} THEN 'country'
  WHEN e.border_side IN ('PAK', 'AFG') THEN 'point'
  WHEN e.admin1_code LIKE 'PK-%' OR e.admin1_code LIKE 'AF-%' THEN 'admin1'
  WHEN e.country IN ('PAK', 'AFG') THEN 'country' ELSE 'elsewhere' END`;
