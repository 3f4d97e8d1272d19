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

/** The shading and labels of the uncovered spans, drawn under a chart's data marks. */
export function gapMarks(Plot: PlotModule, spans: readonly Span[], label: string) {
  return [
    Plot.rectX(spans, {
      x1: (s: Span) => dayStart(s.from),
      x2: (s: Span) => dayAfter(s.to),
      fill: 'currentColor',
      fillOpacity: 0.08,
    }),
    Plot.text(
      spans.filter((s) => days(s) >= 60),
      {
        x: (s: Span) => new Date((dayStart(s.from).getTime() + dayAfter(s.to).getTime()) / 2),
        frameAnchor: 'top',
        dy: 4,
        text: () => label,
        fillOpacity: 0.7,
      },
    ),
  ];
}
