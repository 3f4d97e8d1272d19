/**
 * The DuckDB store's named aggregate reads, each routed to the rollups when they hold every
 * dimension the read filters and groups on, and to `events` otherwise (a border distance, the fine
 * H3 cell). Callers cannot tell which: both paths give the same rows.
 */
import type {
  AggregateRow,
  AggregateSpec,
  DyadCount,
  DyadCounts,
  EventPlace,
  IndexUnitRow,
  IndexUnits,
  SourceCount,
} from '../../domain/aggregate.ts';
import type { EventFilter } from '../../domain/query.ts';
import { columnarRows, type Reader } from './duckdb-connection.ts';
import {
  aggregateSql,
  cellsPerUnitSql,
  dyadsSql,
  GROUPS_OFF_ROLLUP,
  indexUnitsSql,
  inSqlOrder,
  placesSql,
  sourcesSql,
} from './duckdb-aggregate-sql.ts';
import { Params, type SqlFragment } from './duckdb-filters.ts';
import {
  eventsRelation,
  leanCovers,
  rollupRelation,
  rollupsCover,
  type Relation,
} from './duckdb-relations.ts';
import { dedupedRelation } from './duckdb-linkage.ts';

/** `auto` reads rollups where they cover the read; `events` always reads the events table (for comparisons). */
export type Routing = 'auto' | 'events';

// Source versions by source, then version, as the statement sorted them before (inSqlOrder).
const sourceOrder = (rows: SourceCount[]) =>
  inSqlOrder(
    rows,
    (r) => r.source,
    (r) => r.version,
  );

/** Named reads over one DuckDB connection. */
export class DuckDBReads {
  /** Where aggregate reads go; `events` exists so tests and benchmarks can compare the two paths. */
  routing: Routing = 'auto';

  constructor(private readonly db: Reader) {}

  /**
   * The relation a read over `filter` uses: events, or the narrowest rollup tier holding every
   * dimension the read needs. `months` allows month rows (no bucket finer than a month); `lean`
   * says the read needs no dimension beyond dates, country, source and version.
   */
  relation(filter: EventFilter, months: boolean, covered = true, lean = false): Relation {
    if (this.routing !== 'auto' || !covered || !rollupsCover(filter)) return eventsRelation(filter);
    return rollupRelation(filter, months, lean && leanCovers(filter) ? 'lean' : 'full');
  }

  private all<T>(q: SqlFragment): Promise<T[]> {
    return this.db.all<T>(q.sql, q.params);
  }

  /** Event counts and null-aware death sums per bucket, group, source and version. */
  aggregate(spec: AggregateSpec): Promise<AggregateRow[]> {
    const months = spec.unit === undefined || ['month', 'quarter', 'year'].includes(spec.unit);
    const covered = !spec.groupBy || !GROUPS_OFF_ROLLUP.includes(spec.groupBy);
    const lean = !spec.groupBy || spec.groupBy === 'source';
    const rel = spec.dedupe
      ? dedupedRelation(spec.filter)
      : this.relation(spec.filter, months, covered, lean);
    const q = aggregateSql(spec, rel);
    // Daily buckets, or weekly ones split by a group, give thousands of rows (a daily series by
    // province: tens of thousands), moved as columns (see columnarRows). The others give a few
    // hundred, where the wrapping query costs DuckDB about as much as the conversion it saves
    // (docs/benchmarks.md, Reliability, "Eighth session").
    if (spec.unit === 'day' || (spec.unit === 'week' && spec.groupBy))
      return columnarRows<AggregateRow>(this.db, q.sql, q.params);
    return this.all<AggregateRow>(q);
  }

  /** Events matching a filter. */
  async count(filter: EventFilter): Promise<number> {
    const rel = this.relation(filter, true, true, true);
    // One ungrouped sum (not the per-version sums added up: 1.0 against 1.5 ms on a month's rollup rows).
    const p = new Params();
    const from = rel.from(['e.source', ...rel.measureCols([])], p);
    const [row] = await this.db.all<{ n: number | null }>(`SELECT ${rel.events} AS n FROM ${from}`, p.values);
    return Number(row?.n ?? 0);
  }

  /** Conflict-index rows per admin-1 unit and the source versions used. */
  async indexUnits(filter: EventFilter): Promise<IndexUnits> {
    const rel = this.relation(filter, true);
    // Two small reads at once, on two readers (see dyads).
    const [units, sources] = await Promise.all([
      this.all<IndexUnitRow>(indexUnitsSql(rel)),
      this.all<SourceCount>(sourcesSql(this.relation(filter, true, true, true))),
    ]);
    for (const u of units) u.actorIds = (u.actorIds ?? []).filter((a) => a !== null);
    return { units: inSqlOrder(units, (u) => u.admin1Code), sources: sourceOrder(sources) };
  }

  /** Dyads of sides as the sources name them, events lacking a side, and source versions used. */
  async dyads(filter: EventFilter): Promise<DyadCounts> {
    const rel = this.relation(filter, true);
    // Two small reads at once, on two readers: most of each is DuckDB's fixed cost of a grouped
    // read, which overlaps (2.1-2.5 against 3.0-3.2 ms in sequence, docs/benchmarks.md, thirty-first session).
    const [rows, sources] = await Promise.all([
      this.all<DyadCount & { actorA: string | null }>(dyadsSql(rel)),
      this.all<SourceCount>(sourcesSql(this.relation(filter, true, true, true))),
    ]);
    const lone = rows.find((r) => r.actorA === null);
    const dyads = inSqlOrder(
      rows.filter((r) => r.actorA !== null),
      (r) => r.actorA,
      (r) => r.actorB,
    );
    return { dyads, eventsWithoutDyad: lone?.events ?? 0, sources: sourceOrder(sources) };
  }

  /** Distinct coarse H3 cells with events per admin-1 unit, over every loaded event. */
  cellsPerUnit(): Promise<{ admin1Code: string; cells: number }[]> {
    const q = cellsPerUnitSql(this.routing === 'auto' ? 'rollup_month' : 'events');
    return this.all(q);
  }

  /** Place names the events use, starting with a prefix, most events first. */
  places(q: { prefix: string; country?: string[]; limit: number }): Promise<EventPlace[]> {
    return this.all<EventPlace>(placesSql(q.prefix, q.country, q.limit));
  }
}
