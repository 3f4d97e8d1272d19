/** Runs an aggregate query and folds its rows into per-(period, group) totals with unknowns kept apart. */
import { periodKey, type Interval } from '../../analytics/aggregate/periods.ts';
import {
  DEATH_METRICS,
  PRECISION_UNIT,
  specMetrics,
  type AggregateSpec,
  type DeathMetric,
} from '../../domain/aggregate.ts';
import type { DatePrecision } from '../../domain/event.ts';
import type { Store } from '../../storage/store.ts';
import { sourceUse, type SourceUse } from './meta.ts';

/** Events and null-aware death sums of one cell (a period, a group, or both), for the spec's death metrics. */
export interface Totals {
  events: number;
  /** Sum per death metric; null when no event in the cell reports it. */
  sums: Record<string, number | null>;
  /** Events in the cell with the metric unknown. */
  unknown: Record<string, number>;
}

/** Folded aggregate: totals per cell key, group labels, and the source versions used. */
export interface Folded {
  /** Totals per cell key (cellKey), in the order the cells were first seen. */
  readonly cells: Map<string, Totals>;
  /** The same totals per group, then per period: looked up without building a key. */
  byGroup: Map<string | null, Map<string | null, Totals>>;
  /**
   * The imprecise-date band: records whose date is known only to a unit coarser than the bucket,
   * per cell key of their own period (week, month or year) and group, with that precision.
   */
  bands: Map<string, Totals & { precision: DatePrecision; period: string; group: string | null }>;
  groups: Map<string | null, string | null>;
  sources: SourceUse[];
}

/** Empty totals: zero events, and zero deaths (no event, so nothing unknown either). */
export function emptyTotals(): Totals {
  return {
    events: 0,
    sums: Object.fromEntries(DEATH_METRICS.map((m) => [m, 0])),
    unknown: Object.fromEntries(DEATH_METRICS.map((m) => [m, 0])),
  };
}

/**
 * Key of a (period, group) cell: `JSON.stringify([period, group])`, built by hand (the generic
 * serialiser was half the fold's time). A period is a period key, with no character JSON escapes.
 */
export const cellKey = (period: string | null, group: string | null): string =>
  `[${period === null ? 'null' : `"${period}"`},${group === null ? 'null' : JSON.stringify(group)}]`;

// The rows' column names of each metric's known count, built once: a key built per row and metric
// (a new string to hash at every lookup) was most of the fold's time.
const KNOWN = new Map<DeathMetric, string>(DEATH_METRICS.map((m) => [m, `${m}_known`]));

// The sums and unknowns of every cell of a count-only fold: nothing is ever written into them.
const NO_METRICS: Record<string, never> = Object.freeze({});

/** Totals of a new cell: no event yet, sums unknown until an event reports them. */
function newTotals(metrics: readonly DeathMetric[]): Totals {
  if (!metrics.length) return { events: 0, sums: NO_METRICS, unknown: NO_METRICS };
  const sums: Record<string, number | null> = {};
  const unknown: Record<string, number> = {};
  for (const m of metrics) {
    sums[m] = null;
    unknown[m] = 0;
  }
  return { events: 0, sums, unknown };
}

/**
 * Runs the aggregate for a spec and folds rows by period key (of `interval`) and group. The totals
 * hold the spec's death metrics only (all without `metrics`).
 */
export async function aggregate(store: Store, spec: AggregateSpec & { unit?: Interval }): Promise<Folded> {
  const rows = await store.aggregate(spec);
  const metrics = specMetrics(spec);
  const known = metrics.map((m) => KNOWN.get(m)!);
  const byGroup: Folded['byGroup'] = new Map();
  // Cells in the order first seen, for the keyed map built when a caller asks for it: their periods,
  // groups and totals in three lists (a [period, group, totals] tuple per cell was a fifth of the fold).
  const seenPeriods: (string | null)[] = [];
  const seenGroups: (string | null)[] = [];
  const seenTotals: Totals[] = [];
  const bands: Folded['bands'] = new Map();
  const groups = new Map<string | null, string | null>();
  for (const r of rows) {
    const unit = r.band ? PRECISION_UNIT[r.band] : spec.unit!;
    // A day bucket is its own key (the store formats it as YYYY-MM-DD).
    const period = r.bucket === null ? null : unit === 'day' ? r.bucket : periodKey(r.bucket, unit);
    let t: Totals | undefined;
    if (r.band) {
      const k = cellKey(`${r.band}:${period}`, r.grp);
      t = bands.get(k);
      if (!t) {
        // Built field by field: spreading newTotals() here was 40% of the whole fold (V8's slow copy).
        const { sums, unknown } = newTotals(metrics);
        const b = { events: 0, sums, unknown, precision: r.band, period: period!, group: r.grp };
        bands.set(k, b);
        t = b;
      }
    } else {
      let periods = byGroup.get(r.grp);
      if (!periods) byGroup.set(r.grp, (periods = new Map()));
      t = periods.get(period);
      if (!t) {
        periods.set(period, (t = newTotals(metrics)));
        seenPeriods.push(period);
        seenGroups.push(r.grp);
        seenTotals.push(t);
      }
    }
    const n = Number(r.events);
    t.events += n;
    const values = r as unknown as Record<string, unknown>;
    for (let i = 0; i < metrics.length; i++) {
      const m = metrics[i]!;
      const v = values[m];
      if (v !== null) t.sums[m] = (t.sums[m] ?? 0) + Number(v);
      t.unknown[m]! += n - Number(values[known[i]!]);
    }
    if (!groups.has(r.grp) || (groups.get(r.grp) === null && r.grp_label !== null))
      groups.set(r.grp, r.grp_label);
  }
  let cells: Map<string, Totals> | null = null;
  return {
    get cells() {
      return (cells ??= new Map(seenTotals.map((t, i) => [cellKey(seenPeriods[i]!, seenGroups[i]!), t])));
    },
    byGroup,
    bands,
    groups,
    // Split by actor, an event naming two registry actors is a row of each: the sources count the
    // filter's events once each, as an unsplit aggregate does.
    sources: sourceUse(
      spec.groupBy === 'actor' ? await store.aggregate({ filter: spec.filter, dedupe: spec.dedupe }) : rows,
    ),
  };
}
