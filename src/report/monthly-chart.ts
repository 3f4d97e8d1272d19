/**
 * The briefing's charts as self-contained SVGs: events and deaths (best estimate) per month, or per
 * ISO week for a week's briefing, as two bar panels sharing the time axis, the briefing period's
 * bars darker. Deterministic: the same points give the same bytes.
 */
import type { MonthPoint, WeekPoint } from './briefing-data.ts';
import { esc, monthLabel, num, px } from './format.ts';

/** One bar of either chart: its period key, its two values and whether it is the briefing period. */
interface ChartPoint {
  key: string;
  events: number | null;
  deaths_best: number | null;
  in_period: boolean;
}

/** How a chart names its periods: full in tooltips, short under the axis. */
const UNITS = {
  month: { word: 'month', label: monthLabel },
  // 2021-W40 in tooltips, W40 under the axis (the year shows where the weeks cross it: W01).
  week: { word: 'week', label: (key: string, short = false) => (short ? key.slice(5) : key) },
} as const;

const W = 720;
const PANEL = 96;
const TOP = 28;
const GAP = 34;
const LEFT = 48;
const RIGHT = 12;
const BOTTOM = 30;

/** A "nice" axis maximum at or above x (1, 2, 2.5, 5 times a power of ten). */
export function niceMax(x: number): number {
  if (x <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= x)!;
}

/** Renders the monthly chart. */
export function renderMonthlyChart(points: readonly MonthPoint[]): string {
  return renderChart(
    points.map((p) => ({ ...p, key: p.month })),
    'month',
  );
}

/** Renders a week's briefing chart, week by week. */
export function renderWeeklyChart(points: readonly WeekPoint[]): string {
  return renderChart(
    points.map((p) => ({ ...p, key: p.week })),
    'week',
  );
}

function renderChart(points: readonly ChartPoint[], unit: keyof typeof UNITS): string {
  const { word, label } = UNITS[unit];
  const H = TOP + PANEL * 2 + GAP + BOTTOM;
  const n = Math.max(points.length, 1);
  const step = (W - LEFT - RIGHT) / n;
  const bar = Math.max(1, step * 0.72);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="DejaVu Sans, Arial, sans-serif" font-size="10" role="img" aria-label="Events and deaths per ${word}">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
  ];
  // A period no loaded source covers is shaded grey across both panels: not known, so no bar (not 0)
  // and no "?" (which means deaths unknown in a covered period).
  const uncovered = points.flatMap((p, i) => (p.events === null ? [i] : []));
  for (const i of uncovered)
    parts.push(
      `<rect x="${px(LEFT + i * step)}" y="${TOP}" width="${px(step)}" height="${PANEL * 2 + GAP}" fill="#eeeeee"><title>${esc(`${label(points[i]!.key)}: not covered by any loaded source`)}</title></rect>`,
    );
  // Each run of two or more such periods is labelled, as the dashboard's charts do.
  uncovered.forEach((i, k) => {
    if (uncovered[k - 1] === i - 1) return;
    let end = i;
    while (uncovered.includes(end + 1)) end++;
    if (end > i)
      parts.push(
        `<text x="${px(LEFT + ((i + end + 1) / 2) * step)}" y="${TOP + 14}" text-anchor="middle" fill="#666">not covered</text>`,
      );
  });
  const panel = (title: string, y0: number, values: (number | null)[], dark: string, light: string) => {
    const max = niceMax(Math.max(0, ...values.map((v) => v ?? 0)));
    parts.push(
      `<text x="${LEFT}" y="${px(y0 - 8)}" font-size="11" font-weight="bold" fill="#222">${esc(title)}</text>`,
    );
    // Counts: the middle gridline only where it is a whole number (a 25 maximum has no 12.5 line).
    for (const t of Number.isInteger(max / 2) ? [0, max / 2, max] : [0, max]) {
      const y = y0 + PANEL - (t / max) * PANEL;
      parts.push(
        `<line x1="${LEFT}" x2="${W - RIGHT}" y1="${px(y)}" y2="${px(y)}" stroke="#ddd" stroke-width="0.6"/>`,
      );
      parts.push(
        `<text x="${LEFT - 4}" y="${px(y + 3)}" text-anchor="end" fill="#555">${num(t, t % 1 ? 1 : 0)}</text>`,
      );
    }
    values.forEach((v, i) => {
      const x = LEFT + i * step + (step - bar) / 2;
      if (points[i]!.events === null) return;
      if (v === null) {
        parts.push(
          `<text x="${px(x + bar / 2)}" y="${px(y0 + PANEL - 2)}" text-anchor="middle" fill="#999">?</text>`,
        );
        return;
      }
      const h = (v / max) * PANEL;
      parts.push(
        `<rect x="${px(x)}" y="${px(y0 + PANEL - h)}" width="${px(bar)}" height="${px(h)}" fill="${points[i]!.in_period ? dark : light}"><title>${esc(`${label(points[i]!.key)}: ${num(v)}`)}</title></rect>`,
      );
    });
  };
  panel(
    `Events per ${word}`,
    TOP,
    points.map((p) => p.events),
    '#b2182b',
    '#f4a582',
  );
  panel(
    `Deaths per ${word} (best estimate)`,
    TOP + PANEL + GAP,
    points.map((p) => p.deaths_best),
    '#2166ac',
    '#92c5de',
  );
  const every = n > 24 ? Math.ceil(n / 12) : n > 12 ? 2 : 1;
  points.forEach((p, i) => {
    if (i % every) return;
    const x = LEFT + i * step + step / 2;
    parts.push(
      `<text x="${px(x)}" y="${H - BOTTOM + 14}" text-anchor="middle" fill="#333">${esc(label(p.key, true))}</text>`,
    );
  });
  parts.push(
    `<text x="${W - RIGHT}" y="${H - 4}" text-anchor="end" fill="#666">${points.some((p) => p.in_period) ? 'darker bars: the briefing period; ' : ''}? = deaths unknown${uncovered.length ? '; grey: not covered by any loaded source' : ''}</text>`,
  );
  parts.push('</svg>');
  return parts.join('\n');
}
