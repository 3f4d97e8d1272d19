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

/** A label's width in pixels at the charts' 12 px type, with room on each side (a generous guess: no text metrics here). */
const labelWidth = (label: string) => label.length * 7 + 8;
/** The narrowest span, in pixels, that holds the label turned upright (one line of 12 px type). */
const UPRIGHT = 14;

/** How each span's label is set: across (anchored at an end of the chart it reaches, or centred), upright, or not at all. */
export type SpanLabel = { span: Span; set: 'start' | 'middle' | 'end' | 'upright' };

/**
 * Where the labels of the uncovered spans go. A span of 60 days or more is labelled. Given the
 * chart's x range, a span that reaches its left or right end is labelled from that end inward, so
 * the label is not cut by the chart's edge ("not cover"); given the plot's width in pixels too, a
 * span narrower than its label (2022-2025 in a 37-year chart on a phone) has its label upright
 * inside it, or none when even that does not fit, so it never runs over the bars or another label.
 */
export function spanLabels(
  spans: readonly Span[],
  label: string,
  range?: { from: Date; to: Date },
  width?: number,
): SpanLabel[] {
  const reachesEnd = (s: Span) => !!range && dayAfter(s.to) >= range.to;
  const reachesStart = (s: Span) => !!range && dayStart(s.from) <= range.from;
  const px = (s: Span) =>
    range && width
      ? (width *
          (Math.min(dayAfter(s.to).getTime(), range.to.getTime()) -
            Math.max(dayStart(s.from).getTime(), range.from.getTime()))) /
        (range.to.getTime() - range.from.getTime())
      : Infinity;
  return spans.flatMap((span): SpanLabel[] => {
    if (days(span) < 60) return [];
    const w = px(span);
    if (w < UPRIGHT) return [];
    if (w < labelWidth(label)) return [{ span, set: 'upright' }];
    const start = reachesStart(span);
    const end = reachesEnd(span);
    return [{ span, set: end && !start ? 'end' : start && !end ? 'start' : 'middle' }];
  });
}

/**
 * The shading and labels of the uncovered spans, drawn under a chart's data marks: `range` is the
 * chart's x extent, `width` the plot's width in pixels between its margins (see `spanLabels`).
 */
export function gapMarks(
  Plot: PlotModule,
  spans: readonly Span[],
  label: string,
  range?: { from: Date; to: Date },
  width?: number,
) {
  const labels = spanLabels(spans, label, range, width);
  const set = (k: SpanLabel['set']) => labels.filter((l) => l.set === k).map((l) => l.span);
  const middle = (s: Span) => new Date((dayStart(s.from).getTime() + dayAfter(s.to).getTime()) / 2);
  const text = (data: Span[], x: (s: Span) => Date, textAnchor: 'start' | 'middle' | 'end', dx: number) =>
    Plot.text(data, { x, frameAnchor: 'top', dy: 4, dx, textAnchor, text: () => label, fillOpacity: 0.7 });
  return [
    Plot.rectX(spans, {
      x1: (s: Span) => dayStart(s.from),
      x2: (s: Span) => dayAfter(s.to),
      fill: 'currentColor',
      fillOpacity: 0.08,
    }),
    text(set('middle'), middle, 'middle', 0),
    text(set('start'), () => range!.from, 'start', 4),
    text(set('end'), () => range!.to, 'end', -4),
    // Turned a quarter clockwise, it reads downward from the top of the span.
    Plot.text(set('upright'), {
      x: middle,
      frameAnchor: 'top',
      dy: 4,
      rotate: 90,
      textAnchor: 'start',
      text: () => label,
      fillOpacity: 0.7,
    }),
  ];
}
