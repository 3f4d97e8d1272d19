/**
 * Spans of a chart's period that no loaded source covers: shaded over the whole plot height and,
 * when at least 60 days long, labelled "not covered", so an empty stretch never reads as zero.
 */
import type { PlotModule } from './plot.ts';

/** A span of days, both included (YYYY-MM-DD). */
export type Span = { from: string; to: string };

const DAY = 86_400_000;
/** The first instant of a day (UTC). */
export const dayStart = (d: string): Date => new Date(`${d}T00:00:00Z`);
/** The first instant after a day (UTC). */
export const dayAfter = (d: string): Date => new Date(dayStart(d).getTime() + DAY);
const days = (s: Span) => (dayAfter(s.to).getTime() - dayStart(s.from).getTime()) / DAY;

/**
 * The shading and labels of the uncovered spans, drawn under a chart's data marks. Given the
 * chart's x range, a span that reaches its left or right end is labelled from that end inward, so
 * the label is not cut by the chart's edge ("not cover").
 */
export function gapMarks(
  Plot: PlotModule,
  spans: readonly Span[],
  label: string,
  range?: { from: Date; to: Date },
) {
  const labelled = spans.filter((s) => days(s) >= 60);
  const reachesEnd = (s: Span) => !!range && dayAfter(s.to) >= range.to;
  const reachesStart = (s: Span) => !!range && dayStart(s.from) <= range.from;
  const atEnd = (s: Span) => reachesEnd(s) && !reachesStart(s);
  const atStart = (s: Span) => reachesStart(s) && !reachesEnd(s);
  const text = (data: Span[], x: (s: Span) => Date, textAnchor: 'start' | 'middle' | 'end', dx: number) =>
    Plot.text(data, { x, frameAnchor: 'top', dy: 4, dx, textAnchor, text: () => label, fillOpacity: 0.7 });
  return [
    Plot.rectX(spans, {
      x1: (s: Span) => dayStart(s.from),
      x2: (s: Span) => dayAfter(s.to),
      fill: 'currentColor',
      fillOpacity: 0.08,
    }),
    text(
      labelled.filter((s) => !atEnd(s) && !atStart(s)),
      (s) => new Date((dayStart(s.from).getTime() + dayAfter(s.to).getTime()) / 2),
      'middle',
      0,
    ),
    text(labelled.filter(atStart), () => range!.from, 'start', 4),
    text(labelled.filter(atEnd), () => range!.to, 'end', -4),
  ];
}
