/** Turns a grouped series into the rows a stacked chart draws: the largest groups kept, the rest as Other. */
import { periodEnd, periodStart } from '../api/queries.ts';
import type { SeriesPoint } from '../api/types.ts';

/** One stacked bar or area piece. */
export interface StackRow {
  date: Date;
  /** The day after the period's last day. */
  end: Date;
  period: string;
  group: string;
  value: number;
}

/** Rows for a stacked chart of `metric`, keeping the `keep` groups with the largest totals. */
export function stackRows(
  points: readonly SeriesPoint[],
  metric: string,
  keep: number,
  label: (p: SeriesPoint) => string,
  other: string,
): { rows: StackRow[]; groups: string[] } {
  const totals = new Map<string, number>();
  for (const p of points) totals.set(label(p), (totals.get(label(p)) ?? 0) + Number(p[metric] ?? 0));
  const ranked = [...totals]
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([g]) => g);
  const kept = new Set(ranked.slice(0, keep));
  const cells = new Map<string, StackRow>();
  for (const p of points) {
    const name = label(p);
    const g = kept.has(name) ? name : other;
    const k = `${p.period}\u0000${g}`;
    const row = cells.get(k) ?? {
      date: periodStart(p.period),
      end: periodEnd(p.period),
      period: p.period,
      group: g,
      value: 0,
    };
    row.value += Number(p[metric] ?? 0);
    cells.set(k, row);
  }
  const groups = [...kept];
  if (ranked.length > keep) groups.push(other);
  return { rows: [...cells.values()].filter((r) => groups.includes(r.group)), groups };
}
