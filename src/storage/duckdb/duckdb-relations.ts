/**
 * Where an aggregate reads from: the events table, or the rollups. Both give rows over alias `e`
 * with the same column names; a relation says how to count events and known figures on its rows
 * (count(*) on events, sum(events) on rollups), so one query text serves both.
 */
import type { EventFilter } from '../../domain/query.ts';
import { datesWithinClause, whereClause, type Params } from './duckdb-filters.ts';

/** A source of filtered rows and how to aggregate them. */
export interface Relation {
  /**
   * What follows FROM: `(SELECT <cols> ... WHERE <filter>) e`, or `<table> e WHERE <filter>` when
   * the rows come from one table whose columns are the cols as they are (see `plainCols`); cols are
   * select expressions naming their output.
   */
  from(cols: readonly string[], p: Params): string;
  /** The columns a measure needs on each row (`e.x AS x`). */
  measureCols(metrics: readonly string[]): string[];
  /** Events counted, over the relation's rows. */
  events: string;
  /** Events counted among rows meeting a condition. */
  eventsWhere(cond: string): string;
  /** Events reporting a metric (non-null). */
  known(metric: string): string;
}

// A row's last day: an event's start date, a day row's date, a month row's last event day.
const LAST_DAY = 'e.last_day AS last_day';
const lastDayFromStart = (cols: readonly string[]) =>
  cols.map((c) => (c === LAST_DAY ? 'e.date_start AS last_day' : c));

/** Events, filtered. */
export function eventsRelation(filter: EventFilter): Relation {
  return {
    from: (cols, p) =>
      `(SELECT ${lastDayFromStart(cols).join(', ')} FROM events e ${whereClause(filter, p)}) e`,
    measureCols: (metrics) => metrics.map((m) => `e.${m} AS ${m}`),
    events: 'count(*)',
    eventsWhere: (cond) => `count(*) FILTER (WHERE ${cond})`,
    known: (m) => `count(e.${m})`,
  };
}

/** Whether the rollups hold every dimension a filter names (not the exact border distance, nor the border side or its basis). */
export function rollupsCover(filter: EventFilter): boolean {
  return (
    filter.maxBorderKm === undefined &&
    filter.borderSide === undefined &&
    !filter.sideByCountryNearLine &&
    !filter.borderUndecided &&
    // (Records whose month or year overlaps a period: their start dates may lie before it, which
    // the rollups' month and day rows do not select.)
    filter.datesWithin !== 'overlapping'
  );
}

/** The rollup tiers: `full` holds every filter and group dimension, `lean` only country, source and version. */
export type RollupTier = 'full' | 'lean';

const TABLES: Record<RollupTier, { day: string; month: string }> = {
  full: { day: 'rollup_day', month: 'rollup_month' },
  lean: { day: 'rollup_country_day', month: 'rollup_country_month' },
};

const LEAN_FILTER_KEYS = new Set(['from', 'to', 'country', 'source', 'includeDesk', 'sourceVersion']);

/** Whether the lean tier holds every dimension a filter names. */
export function leanCovers(filter: EventFilter): boolean {
  return Object.entries(filter).every(([k, v]) => v === undefined || LEAN_FILTER_KEYS.has(k));
}

// Columns read as the table holds them (`e.x`, `e.x AS x`): a query over one table needs no
// projection of its own for them. That saves DuckDB binding and planning a level of subquery:
// 0.15-0.2 ms of a 3 ms read (docs/benchmarks.md, thirty-first session).
const PLAIN_COL = /^e\.(\w+)(?: AS (\w+))?$/;
const plainCols = (cols: readonly string[]) =>
  cols.every((c) => {
    const m = PLAIN_COL.exec(c);
    return m !== null && (m[2] === undefined || m[2] === m[1]);
  });

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const dayAfter = (d: string) => iso(Date.parse(`${d}T00:00:00Z`) + DAY);
const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
const nextMonth = (d: string) => {
  const t = new Date(`${monthStart(d)}T00:00:00Z`);
  t.setUTCMonth(t.getUTCMonth() + 1);
  return iso(t.getTime());
};

/**
 * The whole months inside [from, to] (from its first whole month to the day after its last), or
 * null when there is none; an open end takes every month on that side.
 */
export function wholeMonths(from?: string, to?: string): { start: string | null; end: string | null } | null {
  const start = from === undefined ? null : from === monthStart(from) ? from : nextMonth(from);
  let end = to === undefined ? null : dayAfter(to).endsWith('-01') ? nextMonth(to) : monthStart(to);
  // Past 9999-12-31 (JavaScript writes "+010000-01-01", which DuckDB refuses as a date): no whole
  // month starts inside the period, and an end there is no end (no date lies beyond it).
  if (start?.startsWith('+')) return null;
  if (end?.startsWith('+')) end = null;
  if (start !== null && end !== null && start >= end) return null;
  return { start, end };
}

/**
 * The rollups of a tier, filtered: month rows for the whole months of the period when `months`
 * allows it (buckets of a month or longer, or none), day rows for the rest.
 */
export function rollupRelation(filter: EventFilter, months: boolean, tier: RollupTier = 'full'): Relation {
  const table = TABLES[tier];
  const span = months ? wholeMonths(filter.from, filter.to) : null;
  const { from, to } = filter;
  const rest: EventFilter = { ...filter, from: undefined, to: undefined };
  return {
    from(cols, p) {
      const dayCols = lastDayFromStart(cols);
      if (!span)
        return plainCols(dayCols)
          ? `${table.day} e ${whereClause(filter, p, 'rollup')}`
          : `(SELECT ${dayCols.join(', ')} FROM ${table.day} e ${whereClause(filter, p, 'rollup')}) e`;
      const monthWhere = [whereClause(rest, p, 'rollup').replace(/^WHERE /, '')].filter(Boolean);
      if (span.start) monthWhere.push(`e.date_start >= CAST(${p.add(span.start)} AS DATE)`);
      if (span.end) monthWhere.push(`e.date_start < CAST(${p.add(span.end)} AS DATE)`);
      // Records dated only to a year the period holds in part are in month rows too.
      const within = datesWithinClause(filter, p);
      if (within) monthWhere.push(within);
      const w = (c: string[]) => (c.length ? `WHERE ${c.join(' AND ')}` : '');
      const monthRows = `SELECT ${cols.join(', ')} FROM ${table.month} e ${w(monthWhere)}`;
      // Day rows only for the partial months at either end of the period, if any.
      const outside: string[] = [];
      if (span.start && from !== span.start)
        outside.push(`e.date_start < CAST(${p.add(span.start)} AS DATE)`);
      if (span.end && to !== undefined && span.end !== dayAfter(to))
        outside.push(`e.date_start >= CAST(${p.add(span.end)} AS DATE)`);
      if (!outside.length) return plainCols(cols) ? `${table.month} e ${w(monthWhere)}` : `(${monthRows}) e`;
      const dayWhere = [whereClause(filter, p, 'rollup').replace(/^WHERE /, ''), `(${outside.join(' OR ')})`];
      return `(${monthRows} UNION ALL SELECT ${dayCols.join(', ')} FROM ${table.day} e ${w(dayWhere.filter(Boolean))}) e`;
    },
    measureCols: (metrics) => [
      'e.events AS events',
      ...metrics.flatMap((m) => [`e.${m} AS ${m}`, `e.${m}_known AS ${m}_known`]),
    ],
    events: 'CAST(sum(e.events) AS BIGINT)',
    eventsWhere: (cond) => `coalesce(CAST(sum(e.events) FILTER (WHERE ${cond}) AS BIGINT), 0)`,
    known: (m) => `CAST(sum(e.${m}_known) AS BIGINT)`,
  };
}
