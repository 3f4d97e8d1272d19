import { COMMON_TYPES, type CommonType } from './event.ts';
import { choiceHint } from './choice.ts';
import { invalidParam, ParamError, periodReversed } from './errors.ts';
import { quoteValue } from './quote.ts';

/**
 * The key of the province codes an EventFilter's `admin1` labels name. A symbol, not a name: the
 * store reads it (spreads such as `{ ...f, from }` keep it), while everything that shows a filter
 * (JSON, `Object.entries`: a briefing's filter text, its reproducibility inputs, an answer's echo)
 * passes over it, as it is derived from `admin1`, not something the user asked.
 */
export const DESK_ADMIN1_CODES: unique symbol = Symbol('deskAdmin1Codes');

/**
 * An EventFilter with what parsing derives for the store, apart from the type answers echo (so no
 * schema lists it): under DESK_ADMIN1_CODES, the province codes the `admin1` labels name ("Balochistan
 * province", "NWFP": the unit a source printing that label means). A published desk event matches
 * them on the province it is placed in: its label is an analyst's own text, not the vocabulary of
 * the source the label comes from.
 */
export type StoreFilter = EventFilter & { [DESK_ADMIN1_CODES]?: string[] };

/** Filters every event query accepts (CLI flags, API parameters and dashboard URL alike). */
export interface EventFilter {
  /** Inclusive dates YYYY-MM-DD on the event's start date. */
  from?: string;
  to?: string;
  /** ISO3 country codes. */
  country?: string[];
  /** Canonical admin-1 codes (PK-KP) or source labels; codes are matched on the placed unit. */
  admin1?: string[];
  admin2?: string[];
  /** Registry actor ids (already expanded from aliases and groups). */
  actorIds?: string[];
  /** Dyads: events with one side among `a` and the other among `b` (either way round), for any dyad listed. */
  dyad?: DyadFilter[];
  /**
   * Registry ids the first-named side must resolve to (UCDP side_a: the government in a
   * state-based conflict, the perpetrator of one-sided violence). Not in the filter vocabulary:
   * the cross-border view uses it for strikes by one state.
   */
  sideA?: string[];
  /** Sides of the Afghanistan-Pakistan border the events lie on (domain/border-side.ts); not in the vocabulary either. */
  borderSide?: ('PAK' | 'AFG')[];
  /**
   * Only the events whose exact point lies within BORDER_LINE_ERROR_KM of the line on the other side
   * than their source's country, which decides their side (domain/border-side.ts). Not in the
   * vocabulary: the cross-border view names them.
   */
  sideByCountryNearLine?: boolean;
  /** Common types (battle, violence-against-civilians, ...) or source types (one-sided, Battles, ...). */
  type?: string[];
  source?: string[];
  /** Also count published desk events (source faultline-desk); they are left out unless asked (docs/desk.md). */
  includeDesk?: boolean;
  sourceVersion?: string[];
  /** Events whose whole border-distance range lies inside (true) or outside (false) the border zone; undecided ones match neither. */
  borderZone?: boolean;
  /** Events whose whole border-distance range lies within this many km of the border line. */
  maxBorderKm?: number;
  /**
   * Instead of applying borderZone and maxBorderKm, only the events they cannot decide either way (no
   * border distance, or a range across the limit). Not in the vocabulary: meta and the cross-border view count them.
   */
  borderUndecided?: boolean;
  /** Only events with coordinates precise enough for district placement. */
  exactOnly?: boolean;
  /** Victim class that must have at least one death: civilians, side_a, side_b, unknown. */
  victim?: VictimClass;
  /**
   * How records dated only to a month or a year meet `from` and `to` (by default, on their start
   * date alone). `whole`: they count only when the period holds their whole month or year, as a
   * series counts them (elsewhere they are its `imprecise` band): a record of 2009 counts in 2009,
   * not in January 2009. `beyond`: only those records the period does not hold whole (to say how
   * many were left out). `overlapping`: only records dated to a month or a year that overlaps the
   * period without the period holding it whole, whatever their start date (those a total of the
   * period may or may not include: a record of 2009 for May 2009). Not in the vocabulary: the use
   * cases that total a period set it.
   */
  datesWithin?: 'whole' | 'beyond' | 'overlapping';
  /**
   * The period `datesWithin` holds records against, when it is not `from`..`to` (a claim on 2026
   * counted over its covered months: a record of 2026 counts there). Not in the vocabulary.
   */
  datesHeldBy?: { from?: string; to?: string };
}

/** One dyad of a filter: the registry ids each side may be (expanded from aliases and groups) and how the user named it. */
export interface DyadFilter {
  a: string[];
  b: string[];
  label: string;
}

/** Classes of victims UCDP distinguishes. */
export type VictimClass = 'civilians' | 'side_a' | 'side_b' | 'unknown';
export const VICTIM_CLASSES: readonly VictimClass[] = ['civilians', 'side_a', 'side_b', 'unknown'];

/** Sort orders for event listings. */
export type EventSort = 'date' | '-date' | 'fatalities' | '-fatalities';

/** Rows the API lists of an import's rejections or warnings unless `limit` says otherwise, and the most one request (or `--limit`) may ask for. */
export const LIST_DEFAULT_LIMIT = 1000;
export const LIST_MAX_LIMIT = 10_000;

/** The most events a page (`limit`, `--limit`) holds, in the API and the CLI alike. */
export const EVENT_PAGE_MAX = 1000;

/**
 * The most events an export's `limit` (`--limit` with an export format) may name: any count a store
 * holds. A server still refuses an export over its maximum (FAULTLINE_MAX_EXPORT_ROWS) with 413
 * before any row is sent.
 */
export const EXPORT_LIMIT_MAX = 1_000_000_000;

/** The hint of a refused events `limit`, in the API: a page's bound and an export's. */
export const EVENT_LIMIT_HINT = `use an integer from 1 to ${EVENT_PAGE_MAX} for a page, or up to ${EXPORT_LIMIT_MAX} for an export (format=csv, ndjson, geojson or parquet)`;

/**
 * The largest offset a listing takes (`offset`, `--offset`), in the API and the CLI alike: past any
 * store's rows, and within the 64-bit integer DuckDB takes (a larger one failed with "bigint out of
 * int64 range").
 */
export const MAX_OFFSET = 1_000_000_000;

/** A page of events: filters, order, and a keyset cursor or offset. */
export interface EventPageQuery extends EventFilter {
  /** Also list UCDP Candidate events a final GED release has superseded (never counted in aggregates). */
  includeSuperseded?: boolean;
  sort?: EventSort;
  limit?: number;
  offset?: number;
  /**
   * Read the page first and count the matching events only when it is full: a shorter page ends the
   * listing, so its offset plus its length is the total, and the count's scan is not run. The two
   * reads then run one after the other rather than side by side, so a full page takes longer: for
   * a caller whose pages are mostly short and that runs many reads at once (a briefing's near-line
   * listings), where the CPU saved counts, not one answer's latency.
   */
  totalFromShortPage?: boolean;
}

/**
 * Whether `v` is YYYY-MM-DD and names a day of the calendar: not 2021-02-30, which Date.parse rolls
 * over to March, and not in year 0000: dates start at 0001-01-01 (ISO 8601's year 0000 is 1 BC).
 */
export function isCalendarDay(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m || m[1] === '0000') return false;
  // setUTCFullYear, unlike Date.UTC, does not read years 0001-0099 as 1901-1999.
  const d = new Date(new Date(0).setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The hint a date refused for its year 0000 gets, ` (dates start at year 0001)`; else ''. */
export const yearZeroHint = (v: string) => (/^\s*0000/.test(v) ? ' (dates start at year 0001)' : '');

/**
 * The hint a refused filter date gets: the year-0000 one, else the forms a filter date takes (it
 * said `invalid date for from: "2021-1-5"` and no more, where every other refusal says what to give).
 */
export const dateHint = (v: string) =>
  yearZeroHint(v) || ' (use a year 2021, a month 2021-03 or a day 2021-03-07)';

/**
 * Checks a filter's values and throws a one-line InvalidInputError quoting the first bad one; a
 * period that ends before it starts quotes its ends as `typed` gives them (`2026`, where the filter
 * holds 2026-01-01), else as the filter holds them.
 */
export function validateFilter(f: EventFilter, typed?: { from?: unknown; to?: unknown }): EventFilter {
  for (const k of ['from', 'to'] as const) {
    const v = f[k];
    if (v !== undefined && !isCalendarDay(v))
      throw new ParamError((n) => `invalid date for ${n.field(k)}: ${quoteValue(v)}${dateHint(v)}`);
  }
  if (f.from && f.to && f.to < f.from)
    throw periodReversed(String(typed?.from ?? f.from), String(typed?.to ?? f.to));
  for (const c of f.country ?? [])
    if (!/^[A-Z]{3}$/.test(c))
      throw invalidParam('country', `${quoteValue(c)} (use an ISO 3166-1 alpha-3 code such as PAK)`);
  if (f.maxBorderKm !== undefined && !(f.maxBorderKm >= 0))
    throw invalidParam('max_border_km', `${quoteValue(f.maxBorderKm)} (use a number from 0 to 100000)`);
  if (f.victim !== undefined && !VICTIM_CLASSES.includes(f.victim))
    throw invalidParam('victim', `${quoteValue(f.victim)} (${choiceHint(VICTIM_CLASSES)})`);
  return f;
}

/** Whether a filter counts desk events: asked with include_desk, or by naming faultline-desk as a source. */
export function deskIncluded(f: EventFilter): boolean {
  return f.includeDesk === true || (f.source ?? []).includes('faultline-desk');
}

/** True when a type filter term names a common type. */
export function isCommonType(t: string): t is CommonType {
  return (COMMON_TYPES as readonly string[]).includes(t);
}
