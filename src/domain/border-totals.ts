/**
 * Cross-border months summed per series and side, in the answer's order: the briefing's border table
 * and the dashboard's Border and relations view add them with this one function. Plain code with no
 * imports, so the dashboard may import it as a value (test/web/web-imports.test.ts).
 */

/** One month of one cross-border series on one side (null figures: no loaded source covers it). */
export interface BorderMonthFigures<S extends string> {
  series: S;
  side: 'PAK' | 'AFG';
  events: number | null;
  fatalities_best: number | null;
  /** TTP events without a border distance, so not judged against it (ttp_near_border only). */
  unjudged?: number | null;
}

/** A series on one side over the months given: summed over the covered months only. */
export interface BorderTotal<S extends string> {
  series: S;
  side: 'PAK' | 'AFG';
  /** Null when no month of this series and side is covered ("no source covers this" is never 0). */
  events: number | null;
  fatalities_best: number | null;
  unjudged: number | null;
  months_covered: number;
  months: number;
}

/** Sums the months per series and side; a side with no covered month stays null. */
export function borderTotals<S extends string>(rows: readonly BorderMonthFigures<S>[]): BorderTotal<S>[] {
  const out = new Map<string, BorderTotal<S>>();
  for (const r of rows) {
    const key = `${r.series}\u0000${r.side}`;
    const t = out.get(key) ?? {
      series: r.series,
      side: r.side,
      events: null,
      fatalities_best: null,
      unjudged: null,
      months_covered: 0,
      months: 0,
    };
    t.months++;
    if (r.events !== null) {
      t.months_covered++;
      t.events = (t.events ?? 0) + r.events;
      if (r.fatalities_best !== null) t.fatalities_best = (t.fatalities_best ?? 0) + r.fatalities_best;
      if (r.unjudged != null) t.unjudged = (t.unjudged ?? 0) + r.unjudged;
    }
    out.set(key, t);
  }
  return [...out.values()];
}
