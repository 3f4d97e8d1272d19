/** A number with thousands separators and at most `digits` decimals. */
export function formatNumber(x: number, digits = 0): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** A rate ratio's bounds in words: "at least 2.7", "at most 0.5", "from 0.9 to 1.02", "0.95". */
export function ratioWords(low: number | null, high: number | null): string {
  const f = (x: number) => formatNumber(x, 2);
  if (low !== null && high !== null) return f(low) === f(high) ? f(low) : `from ${f(low)} to ${f(high)}`;
  return low !== null ? `at least ${f(low)}` : `at most ${f(high!)}`;
}
