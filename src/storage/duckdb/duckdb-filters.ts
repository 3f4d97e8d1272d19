/** WHERE clauses of event filters over the events table or a rollup table, with bound parameters. */
import type { DeathMetric } from '../../domain/aggregate.ts';
import type { EventFilter, StoreFilter, VictimClass } from '../../domain/query.ts';
import { DESK_ADMIN1_CODES, deskIncluded, isCommonType } from '../../domain/query.ts';
import { dyadClause, firstSideClause } from './duckdb-actor-sides.ts';
import { BORDER_SIDE_SQL, SIDE_BY_COUNTRY_NEAR_LINE_SQL } from './duckdb-border-side.ts';
import { NOT_SUPERSEDED } from './duckdb-supersede.ts';

/** A SQL fragment with positional parameters ($1, $2, ...), never values spliced into the text. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** What separates the ids in a rollup row's `actor_key` (duckdb-rollups.ts); no registry id holds it (tested). */
export const ACTOR_KEY_SEPARATOR = '|';

/** The death column of each victim class; the filter keeps events where it is above zero. */
/** The district name an event counts in: the placed district, else the source's label when nothing placed it. */
export const ADMIN2_COUNTED = 'coalesce(e.admin2_name, e.admin2_label)';

export const VICTIM_COLUMNS: Record<VictimClass, DeathMetric> = {
  civilians: 'deaths_civilians',
  side_a: 'deaths_side_a',
  side_b: 'deaths_side_b',
  unknown: 'deaths_unknown',
};

/** Collects parameters and hands out their placeholders. */
export class Params {
  readonly values: unknown[] = [];
  /** Adds a value and returns its placeholder. */
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
  /** Adds a list of strings bound as one JSON parameter and returns a VARCHAR[] expression. */
  strings(vs: readonly string[]): string {
    return `from_json(${this.add(JSON.stringify(vs))}, '["VARCHAR"]')`;
  }
  /** Adds a list and returns `($1, $2, ...)`. */
  list(vs: readonly unknown[]): string {
    return `(${vs.map((v) => this.add(v)).join(', ')})`;
  }
}

/** Whether an admin-1 filter value is an ISO 3166-2 code (PK-KP, in any case) rather than a name. */
export const isAdmin1Code = (a: string): boolean => /^[A-Z]{2}-[A-Z0-9]{2,3}$/i.test(a);

/**
 * Builds the WHERE clause of an event filter over table alias `e` (the events table, or a rollup
 * table, whose victim classes are boolean columns `v_<class>`). Every value is a parameter (a
 * reader writes it in as an escaped literal only where that is exact: duckdb-literals.ts); column
 * names come only from this file.
 */
export function whereClause(
  f: EventFilter & { includeSuperseded?: boolean },
  p: Params,
  on: 'events' | 'rollup' = 'events',
): string {
  const c: string[] = [];
  // Rollups never hold superseded Candidate events; on events they are left out unless a listing asks.
  if (on === 'events' && !f.includeSuperseded) c.push(NOT_SUPERSEDED);
  if (f.datesWithin !== 'overlapping') {
    if (f.from) c.push(`e.date_start >= CAST(${p.add(f.from)} AS DATE)`);
    if (f.to) c.push(`e.date_start <= CAST(${p.add(f.to)} AS DATE)`);
  }
  const within = datesWithinClause(f, p);
  if (within) c.push(within);
  if (f.country?.length) c.push(`e.country IN ${p.list(f.country)}`);
  if (f.admin1?.length) {
    // Codes and names in any case, as the filter check accepts them.
    const codes = f.admin1.filter(isAdmin1Code).map((a) => a.toUpperCase());
    const labels = f.admin1.filter((a) => !isAdmin1Code(a)).map((a) => a.toLowerCase());
    const parts: string[] = [];
    if (codes.length) parts.push(`e.admin1_code IN ${p.list(codes)}`);
    if (labels.length)
      parts.push(`lower(e.admin1_label) IN ${p.list(labels)}`, `lower(e.admin1_name) IN ${p.list(labels)}`);
    // A desk event's label is an analyst's text: it matches a label by the province it is placed in.
    const deskCodes = (f as StoreFilter)[DESK_ADMIN1_CODES];
    if (deskCodes?.length && deskIncluded(f))
      parts.push(`(e.source = 'faultline-desk' AND e.admin1_code IN ${p.list(deskCodes)})`);
    c.push(`(${parts.join(' OR ')})`);
  }
  if (f.admin2?.length) {
    // The district an event counts in (as a split by admin2 groups it): the placed district, else
    // the source's label when nothing placed it. A label alone never pulls in an event placed in
    // another district, which would count it in two districts' figures.
    const names = f.admin2.map((a) => a.toLowerCase());
    c.push(`(lower(${ADMIN2_COUNTED}) IN ${p.list(names)} OR lower(e.admin2_code) IN ${p.list(names)})`);
  }
  if (f.actorIds) c.push(f.actorIds.length ? actorClause(f.actorIds, p, on) : 'FALSE');
  if (f.dyad?.length) c.push(...dyadClause(f.dyad, p));
  if (f.sideA) c.push(f.sideA.length ? firstSideClause(f.sideA, p) : 'FALSE');
  if (f.borderSide) {
    if (on === 'rollup') throw new Error('the rollups hold no border side');
    c.push(f.borderSide.length ? `${BORDER_SIDE_SQL} IN ${p.list(f.borderSide)}` : 'FALSE');
  }
  if (f.sideByCountryNearLine) {
    if (on === 'rollup') throw new Error('the rollups hold no border side');
    c.push(SIDE_BY_COUNTRY_NEAR_LINE_SQL);
  }
  if (f.type?.length) {
    const lower = f.type.map((t) => t.toLowerCase());
    const common = lower.filter(isCommonType);
    const other = lower.filter((t) => !isCommonType(t));
    const parts: string[] = [];
    if (common.length) parts.push(`e.common_type IN ${p.list(common)}`);
    if (other.length)
      parts.push(`lower(e.source_type) IN ${p.list(other)}`, `lower(e.source_subtype) IN ${p.list(other)}`);
    c.push(`(${parts.join(' OR ')})`);
  }
  if (f.source?.length) c.push(`e.source IN ${p.list(f.source)}`);
  // Desk events (analysts' own, from the news) count only when asked: never mixed silently with UCDP or ACLED.
  if (!deskIncluded(f)) c.push(`e.source <> 'faultline-desk'`);
  if (f.sourceVersion?.length) c.push(`e.source_version IN ${p.list(f.sourceVersion)}`);
  if (f.borderUndecided) c.push(borderUndecidedClause(f, p));
  else {
    // An event counts only when its whole border-distance range decides it (docs/geography.md).
    if (f.borderZone !== undefined) c.push(`e.border_zone = ${p.add(f.borderZone)}`);
    if (f.maxBorderKm !== undefined) c.push(`e.border_km_high <= ${p.add(f.maxBorderKm)}`);
  }
  if (f.exactOnly) c.push('e.geo_exact');
  if (f.victim) {
    const col = VICTIM_COLUMNS[f.victim];
    if (!col) throw new Error(`unknown victim class: ${f.victim}`);
    c.push(on === 'rollup' ? `e.v_${f.victim}` : `e.${col} > 0`);
  }
  return c.length ? `WHERE ${c.join(' AND ')}` : '';
}

/**
 * Rows with any of the actor ids. On rollups, a `contains` per id over `actor_key` (the row's ids
 * as one text between separators; duckdb-rollups.ts), which DuckDB evaluates once per distinct
 * value; an id holding the separator (no registry id does) is tested on the list as on events.
 */
function actorClause(ids: readonly string[], p: Params, on: 'events' | 'rollup'): string {
  if (on === 'events' || ids.some((id) => id.includes(ACTOR_KEY_SEPARATOR)))
    return `list_has_any(e.actor_ids, ${p.strings(ids)})`;
  const key = (id: string) =>
    `contains(e.actor_key, ${p.add(ACTOR_KEY_SEPARATOR + id + ACTOR_KEY_SEPARATOR)})`;
  return `(${ids.map(key).join(' OR ')})`;
}

/**
 * The condition of `datesWithin` (records dated only to a month or a year against the filter's
 * `from` and `to`), or null when it does not apply. Every table here holds date_start and
 * date_precision; a rollup reading whole months calls it with the period's own bounds.
 */
export function datesWithinClause(f: EventFilter, p: Params): string | null {
  if (!f.datesWithin) return null;
  const held = f.datesHeldBy ?? { from: f.from, to: f.to };
  if (!held.from && !held.to) return f.datesWithin === 'overlapping' ? 'FALSE' : null;
  const [lo, hi] = [held.from ? p.add(held.from) : null, held.to ? p.add(held.to) : null];
  const holds = (start: string, end: string) =>
    [lo && `${start} >= CAST(${lo} AS DATE)`, hi && `${end} <= CAST(${hi} AS DATE)`]
      .filter(Boolean)
      .join(' AND ');
  const [monthStart, monthEnd] = [
    `CAST(date_trunc('month', e.date_start) AS DATE)`,
    'last_day(e.date_start)',
  ];
  const [yearStart, yearEnd] = [
    `CAST(date_trunc('year', e.date_start) AS DATE)`,
    'make_date(year(e.date_start), 12, 31)',
  ];
  const whole = `(e.date_precision NOT IN ('month', 'year') OR (e.date_precision = 'month' AND ${holds(monthStart, monthEnd)}) OR (e.date_precision = 'year' AND ${holds(yearStart, yearEnd)}))`;
  if (f.datesWithin === 'whole') return whole;
  if (f.datesWithin === 'beyond') return `NOT ${whole}`;
  // Overlapping: the record's month or year meets the period (its start date bounded by the
  // period's years first, which the store's date order makes cheap), and the period does not hold it.
  const meets = (start: string, end: string) =>
    [hi && `${start} <= CAST(${hi} AS DATE)`, lo && `${end} >= CAST(${lo} AS DATE)`]
      .filter(Boolean)
      .join(' AND ');
  const years = [
    lo && `e.date_start >= make_date(year(CAST(${lo} AS DATE)), 1, 1)`,
    hi && `e.date_start <= make_date(year(CAST(${hi} AS DATE)), 12, 31)`,
  ].filter(Boolean);
  return `(${years.join(' AND ')} AND ((e.date_precision = 'month' AND ${meets(monthStart, monthEnd)}) OR (e.date_precision = 'year' AND ${meets(yearStart, yearEnd)})) AND NOT ${whole})`;
}

/** Events the border filters cannot decide: no filter rules them out, and one of them cannot rule them in. */
function borderUndecidedClause(f: EventFilter, p: Params): string {
  const out: string[] = [];
  const undecided: string[] = [];
  if (f.borderZone !== undefined) {
    out.push(`e.border_zone = ${p.add(!f.borderZone)}`);
    undecided.push('e.border_zone IS NULL');
  }
  if (f.maxBorderKm !== undefined) {
    const km = p.add(f.maxBorderKm);
    out.push(`e.border_km_low > ${km}`);
    undecided.push(`NOT coalesce(e.border_km_high <= ${km} OR e.border_km_low > ${km}, FALSE)`);
  }
  if (!undecided.length) return 'FALSE';
  return `NOT coalesce(${out.join(' OR ')}, FALSE) AND (${undecided.join(' OR ')})`;
}
