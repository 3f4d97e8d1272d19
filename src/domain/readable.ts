/**
 * Numbers as CLI tables show them: a ratio or a quantile to 3 significant digits (1.68, 59.1,
 * 0.000475), p-values under 0.001 as `< 0.001`, whole numbers as they are. JSON and CSV keep
 * full precision; only tables and summary lines round.
 */

/** Columns (and summary fields) that hold p-values. */
const P_VALUE = /^p(_value)?$|_p$|^p_/;

/** A number for a table cell; `column` tells p-values apart. */
export function readable(v: number, column = ''): string {
  if (!Number.isFinite(v)) return String(v);
  if (P_VALUE.test(column)) return v < 0.001 ? '< 0.001' : String(Number(v.toPrecision(2)));
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  // Three significant digits, but never fewer than the integer part (1234.5 -> 1235, not 1.23e+3).
  if (a >= 1000) return String(Math.round(v));
  return String(Number(v.toPrecision(3)));
}
