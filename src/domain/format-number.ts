/** A number with thousands separators and at most `digits` decimals. */
export function formatNumber(x: number, digits = 0): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

// Made on first use: a command that shows no count does not pay for loading the locale data.
let groupedFormat: Intl.NumberFormat | undefined;

/**
 * A count as a person reads it in prose, grouped with commas: `grouped(4588)` is "4,588". Every
 * digit is kept (a count is never rounded). Machine output (JSON numbers, CSV cells, ids, years,
 * dates, a flag's value quoted back) stays raw and never comes through here.
 */
export const grouped = (n: number): string =>
  (groupedFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 })).format(n);

/** A rate ratio's bounds in words: "at least 2.7", "at most 0.5", "from 0.9 to 1.02", "0.95". */
export function ratioWords(low: number | null, high: number | null): string {
  const f = (x: number) => formatNumber(x, 2);
  if (low !== null && high !== null) return f(low) === f(high) ? f(low) : `from ${f(low)} to ${f(high)}`;
  return low !== null ? `at least ${f(low)}` : `at most ${f(high!)}`;
}
