/**
 * A compared side's published desk events on days no loaded source version covers. Desk events make
 * no day covered, so a rate per covered day leaves them out of its count (docs/methods.md, "Desk
 * events in a comparison"): its numerator and its exposure are then of the same days.
 */
import { DESK_SOURCE } from '../../domain/desk.ts';
import type { DeathMetric } from '../../domain/aggregate.ts';
import { agree, counted } from '../../domain/plural.ts';
import { deskIncluded, type EventFilter } from '../../domain/query.ts';
import type { Store } from '../../storage/store.ts';
import { aggregate, type Totals } from './aggregate.ts';
import { sourceUse, type SourceUse } from './meta.ts';

/** The desk events of a side on its uncovered days, summed like its count. */
export interface DeskOffCoverage {
  /** The days no loaded source version covers, as [first, last] spans. */
  spans: [string, string][];
  events: number;
  /** Per death metric, the sums (0 when no event reports it). */
  sums: Record<string, number>;
  unknown: Record<string, number>;
  /** The desk source versions they come from, with their events (for the answer's meta.sources). */
  sources: SourceUse[];
}

/**
 * Totals of the published desk events a side's filter counts on the given uncovered spans; null
 * when the filter leaves desk events out (or names only other sources) or there are no spans.
 * `shape` applies the side's own date rule (records held whole, or by start date).
 */
export async function deskOffCoverage(
  store: Store,
  f: EventFilter,
  spans: [string, string][],
  o: { metrics: DeathMetric[]; dedupe?: boolean; shape: (f: EventFilter) => EventFilter },
): Promise<DeskOffCoverage | null> {
  if (!spans.length || !deskIncluded(f) || (f.source?.length && !f.source.includes(DESK_SOURCE))) return null;
  const parts = await Promise.all(
    spans.map(async ([from, to]) => {
      const folded = await aggregate(store, {
        filter: o.shape({ ...f, source: [DESK_SOURCE], from, to }),
        dedupe: o.dedupe,
        metrics: o.metrics,
      });
      return { totals: [...folded.cells.values()][0], sources: folded.sources };
    }),
  );
  const found = parts.map((p) => p.totals).filter((t): t is Totals => t !== undefined);
  const sum = (pick: (t: Totals) => number) => found.reduce((n, t) => n + pick(t), 0);
  return {
    spans,
    events: sum((t) => t.events),
    sums: Object.fromEntries(o.metrics.map((m) => [m, sum((t) => t.sums[m] ?? 0)])),
    unknown: Object.fromEntries(o.metrics.map((m) => [m, sum((t) => t.unknown[m] ?? 0)])),
    sources: parts.flatMap((p) => p.sources),
  };
}

/**
 * The note on a side whose desk events on uncovered days are left out of its count; null when none
 * are. `uncovered`: no loaded source version covers any day of the side, so it has no count at all.
 */
export function deskOffCoverageNote(
  side: string,
  d: DeskOffCoverage | null,
  uncovered = false,
): string | null {
  if (!d?.events) return null;
  const days = d.spans.map(([x, y]) => (x === y ? x : `${x} to ${y}`)).join(', ');
  if (uncovered)
    return `${side} has no count: no loaded source version covers any of its days (${days}), and its ${counted(d.events, 'published desk event')} ${agree(d.events, 'makes', 'make')} no day covered, so ${agree(d.events, 'it is', 'they are')} not counted (analysts' reports from the news, not a complete count; ${agree(d.events, 'it is', 'they are')} in an answer over those days, such as series --include-desk)`;
  return `${side} leaves out ${counted(d.events, 'published desk event')} dated on days no loaded source version covers (${days}): desk events make no day covered, so ${agree(d.events, 'it is', 'they are')} not in its count, which is of the covered days, as its exposure is (${agree(d.events, 'it is', 'they are')} in an answer over those days, such as series --include-desk)`;
}

/**
 * The source versions a comparison counts: those of its two sides' totals, less the desk events left
 * out (a desk version left with no event is not listed).
 */
export function sourcesCounted(
  counted: readonly SourceUse[],
  off: readonly (DeskOffCoverage | null)[],
): SourceUse[] {
  const left = off.flatMap((o) => o?.sources ?? []);
  const key = (r: SourceUse) => `${r.source}\u0000${r.version}`;
  const reduced = new Set(left.map(key));
  return sourceUse([...counted, ...left.map((r) => ({ ...r, events: -r.events }))]).filter(
    (r) => r.events > 0 || !reduced.has(key(r)),
  );
}
