/** Numbers and periods formatted for the reader's locale. Test-facing plain digits never go through here. */
const locale = typeof navigator !== 'undefined' ? navigator.language : 'en';
const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });

/** An integer with the locale's grouping, or an em dash for unknown. */
export const fmtInt = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : integer.format(n);
/** A number with at most two decimals. */
export const fmtNum = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : decimal.format(n);
/** A ratio as a signed-free percentage (0.12 → 12%). */
export const fmtPct = (n: number): string => percent.format(n);
const percent1 = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
/** A share as a percentage with one decimal (0.9455 → 94.6%), where a point decides (a coverage goal). */
export const fmtPct1 = (n: number): string => percent1.format(n);
/** A number with three significant digits, for rates and ratios. */
export const fmtSig = (n: number | null | undefined): string =>
  n === null || n === undefined
    ? '—'
    : new Intl.NumberFormat(locale, { maximumSignificantDigits: 3 }).format(n);
