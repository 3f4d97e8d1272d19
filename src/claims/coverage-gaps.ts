/** Whether the loaded versions of an event dataset cover a claim's country and period, and if not, why, in words. */
import { dayNumber, isoDate } from '../analytics/aggregate/dates.ts';
import type { CoverageSpan } from './claim-sources.ts';

/** The loaded versions of `source` that cover `country`. */
export function spansOf(coverage: readonly CoverageSpan[], source: string, country: string): CoverageSpan[] {
  return coverage.filter((c) => c.source === source && c.countries.includes(country));
}

/**
 * The versions of `source` whose coverage holds a day of `ranges` in one of `countries`: a version
 * that covers the days a figure counts answers for them even where it holds no matching event (its
 * answer is a zero), so the figure names it.
 */
export function coveringVersions(
  coverage: readonly CoverageSpan[],
  source: string,
  countries: readonly string[],
  ranges: readonly { from: string; to: string }[],
): string[] {
  return countries
    .flatMap((c) => spansOf(coverage, source, c))
    .filter((s) => ranges.some((x) => s.firstDate <= x.to && s.lastDate >= x.from))
    .map((s) => s.version);
}

/** The last day any of the spans covers, or null. */
export function lastCovered(spans: readonly CoverageSpan[]): string | null {
  return (
    spans
      .map((s) => s.lastDate)
      .sort()
      .at(-1) ?? null
  );
}

/**
 * Null when the spans together cover every day from `from` to `to`; otherwise one line naming
 * the gap: "the loaded events end on 2021-12-31 (ucdp-ged 22.1)".
 */
export function coverageGap(spans: readonly CoverageSpan[], from: string, to: string): string | null {
  if (!spans.length) return 'no events of this source are loaded for the country';
  const sorted = [...spans].sort((a, b) => (a.firstDate < b.firstDate ? -1 : 1));
  const versions = `${sorted[0]!.source} ${[...new Set(sorted.map((s) => s.version))].join(', ')}`;
  const first = sorted[0]!.firstDate;
  const last = lastCovered(sorted)!;
  if (from > last) return `the loaded events end on ${last} (${versions})`;
  if (to < first) return `the loaded events start on ${first} (${versions})`;
  let cursor = dayNumber(from)!;
  const end = dayNumber(to)!;
  for (const s of sorted) {
    const [a, b] = [dayNumber(s.firstDate)!, dayNumber(s.lastDate)!];
    if (a > cursor) break;
    cursor = Math.max(cursor, b + 1);
    if (cursor > end) return null;
  }
  if (cursor > end) return null;
  const gapFrom = isoDate(cursor);
  if (gapFrom > last) return `the loaded events end on ${last} (${versions})`;
  if (gapFrom === from && from < first) return `the loaded events start on ${first} (${versions})`;
  return `no loaded events cover the days from ${gapFrom} (${versions})`;
}

/** A closed range of days. */
export interface Interval {
  from: string;
  to: string;
}

/** The days from `from` to `to` that the spans cover for every one of `countries`, as disjoint ranges in order. */
export function coveredIntervals(
  coverage: readonly CoverageSpan[],
  source: string,
  countries: readonly string[],
  from: string,
  to: string,
): Interval[] {
  const [lo, hi] = [dayNumber(from)!, dayNumber(to)!];
  let common: [number, number][] = [[lo, hi]];
  for (const country of countries) {
    const merged: [number, number][] = [];
    for (const s of [...spansOf(coverage, source, country)].sort((a, b) =>
      a.firstDate < b.firstDate ? -1 : 1,
    )) {
      const [a, b] = [Math.max(lo, dayNumber(s.firstDate)!), Math.min(hi, dayNumber(s.lastDate)!)];
      if (a > b) continue;
      const last = merged.at(-1);
      if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
      else merged.push([a, b]);
    }
    const next: [number, number][] = [];
    for (const [a, b] of common)
      for (const [c, d] of merged)
        if (Math.max(a, c) <= Math.min(b, d)) next.push([Math.max(a, c), Math.min(b, d)]);
    common = next;
  }
  return common.map(([a, b]) => ({ from: isoDate(a), to: isoDate(b) }));
}

/** The first gap in the coverage of any of `countries` from `from` to `to` (one line), or null. */
export function coverageGapAll(
  coverage: readonly CoverageSpan[],
  source: string,
  countries: readonly string[],
  from: string,
  to: string,
): string | null {
  for (const c of countries) {
    const gap = coverageGap(spansOf(coverage, source, c), from, to);
    if (gap) return countries.length > 1 ? `${c}: ${gap}` : gap;
  }
  return null;
}
