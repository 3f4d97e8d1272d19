/** Numbers and periods formatted for the reader's locale. Test-facing plain digits never go through here. */
import { durationWords } from '../../src/domain/duration-words.ts';
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

/** How a published figure's qualifier reads before its number (exact: nothing). */
const QUALIFIER: Record<string, string> = { exact: '', about: '≈ ', at_least: '≥ ', at_most: '≤ ' };
/** A published figure as published: "≥ 3,400,000 persons" for "more than 3.4 million". */
export const fmtFigure = (f: { value: number; qualifier: string; unit: string }): string =>
  `${QUALIFIER[f.qualifier] ?? ''}${fmtNum(f.value)} ${f.unit}`;
/** Where a published figure counts, most precise first, and where people went: "Pakistan → Afghanistan". */
export const figurePlace = (f: {
  country: string | null;
  admin1: string | null;
  geography: string | null;
  country_to: string | null;
  geography_to: string | null;
}): string =>
  [f.geography ?? f.admin1 ?? f.country, f.geography_to ?? f.country_to].filter(Boolean).join(' → ');

/**
 * A span of time in the largest whole unit it fills, rounded down: minutes under an hour, hours
 * under a day, then days ("45 minutes", "3 hours", "2 days"), as `faultline desk queue` says it; an
 * em dash for unknown.
 */
export const fmtDuration = (ms: number | null | undefined): string =>
  ms === null || ms === undefined || !Number.isFinite(ms) ? '—' : durationWords(ms, locale);
