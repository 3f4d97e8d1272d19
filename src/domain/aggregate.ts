/**
 * The vocabulary of aggregate reads, shared by the use cases and every store engine: bucket units,
 * group-by dimensions, death metrics, and the rows the store's named reads return.
 */
import type { DatePrecision } from './event.ts';
import type { EventFilter } from './query.ts';

/** Calendar units a bucket can have (the same as analytics' Interval). */
export type BucketUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/**
 * The calendar unit a date precision is known to: a record whose date is known only to the week,
 * month or year belongs in that week, month or year, never on its first day. `range` (a span of
 * 2-6 days, or a mapped file's start..end) counts as a week.
 */
export const PRECISION_UNIT: Readonly<Record<DatePrecision, BucketUnit>> = {
  day: 'day',
  week: 'week',
  range: 'week',
  month: 'month',
  year: 'year',
};

const UNIT_RANK: Readonly<Record<BucketUnit, number>> = { day: 0, week: 1, month: 2, quarter: 3, year: 4 };

/**
 * The precisions too coarse for buckets of `unit`: their records go to the separate "imprecise
 * date" band of a series (docs/methods.md), not into any bucket.
 */
export function precisionsCoarserThan(unit: BucketUnit): DatePrecision[] {
  return (Object.keys(PRECISION_UNIT) as DatePrecision[]).filter(
    (p) => UNIT_RANK[PRECISION_UNIT[p]] > UNIT_RANK[unit],
  );
}

/** Dimensions a series can be split by. */
export type GroupBy = 'admin1' | 'admin2' | 'actor' | 'type' | 'source' | 'h3' | 'h3_fine' | 'border_side';
/** Every group-by dimension, in the order help texts list them. */
export const GROUP_BYS: readonly GroupBy[] = [
  'admin1',
  'admin2',
  'actor',
  'type',
  'source',
  'h3',
  'h3_fine',
  'border_side',
];

/** Death columns that can be summed, named as the API names its metrics. */
export type DeathMetric =
  | 'fatalities_best'
  | 'fatalities_low'
  | 'fatalities_high'
  | 'deaths_civilians'
  | 'deaths_side_a'
  | 'deaths_side_b'
  | 'deaths_unknown';
/** Every death metric, in the order answers list them. */
export const DEATH_METRICS: readonly DeathMetric[] = [
  'fatalities_best',
  'fatalities_low',
  'fatalities_high',
  'deaths_civilians',
  'deaths_side_a',
  'deaths_side_b',
  'deaths_unknown',
];

/** What to aggregate: a filter, an optional bucket unit, an optional group and the death metrics summed. */
export interface AggregateSpec {
  filter: EventFilter;
  /** Bucket by the start date truncated to this unit (weeks start on Monday); none gives one bucket. */
  unit?: BucketUnit;
  groupBy?: GroupBy;
  /**
   * The death metrics to sum, in DEATH_METRICS order (default all). A read needing only event
   * counts (signals, change points on events) passes none: its rows carry no death columns.
   */
  metrics?: readonly DeathMetric[];
  /** One count per incident (stored cross-source linkage, docs/linkage.md) instead of one per record. */
  dedupe?: boolean;
}

/**
 * One row of an aggregate: bucket start date (YYYY-MM-DD, or null without a unit), imprecise band, group key and
 * label, source and version, event count, and for each death metric of the spec its sum (null when no
 * event reports it) and how many events report it (`<metric>_known`).
 */
export interface AggregateRow {
  bucket: string | null;
  /**
   * Null for rows in their bucket. Otherwise the rows' date precision, coarser than the unit: the
   * bucket is then the start of the record's own week, month or year (PRECISION_UNIT).
   */
  band: DatePrecision | null;
  grp: string | null;
  grp_label: string | null;
  source: string;
  version: string;
  events: number;
  [metric: string]: string | number | null;
}

/** Events one source version contributed to an answer. */
export interface SourceCount {
  source: string;
  version: string;
  events: number;
}

/** What the conflict index needs of one admin-1 unit's events (code null: events without a unit). */
export interface IndexUnitRow {
  admin1Code: string | null;
  events: number;
  /** Deaths (best) summed over the events reporting them, and how many do. */
  deaths: number;
  eventsWithDeaths: number;
  /** Events of type violence-against-civilians. */
  civilianEvents: number;
  civilianDeaths: number;
  eventsWithCivilianDeaths: number;
  /** Distinct coarse H3 cells with events, and events without a cell. */
  cells: number;
  eventsWithoutCell: number;
  /** Distinct registry actor ids the events name, sorted. */
  actorIds: string[];
}

/** One unordered pair of sides as the source names them (actorA sorts first), with its events and deaths. */
export interface DyadCount {
  actorA: string;
  actorB: string;
  events: number;
  /** Deaths (best) summed; null when no event of the pair reports them. */
  deathsBest: number | null;
  eventsWithUnknownDeaths: number;
  /** First and last event date, YYYY-MM-DD. */
  firstDate: string;
  lastDate: string;
}

/** Dyads of the events matching a filter, the events lacking a side, and the source versions used. */
export interface DyadCounts {
  dyads: DyadCount[];
  eventsWithoutDyad: number;
  sources: SourceCount[];
}

/** Per-unit rows of the conflict index and the source versions used. */
export interface IndexUnits {
  units: IndexUnitRow[];
  sources: SourceCount[];
}

/** A place name the loaded events use, with its unit and how many events name it. */
export interface EventPlace {
  name: string;
  country: string;
  admin1_code: string | null;
  admin1_name: string | null;
  admin2_name: string | null;
  lat: number | null;
  lon: number | null;
  events: number;
}

/** Monthly counts for a forecast panel: one source in one country, per country or per admin-1 unit. */
export interface PanelQuery {
  country: string;
  source: string;
  /** `country`, or the admin-1 codes of the country: an event counts in its placed unit when that unit is one of these (never in its label's: a unit of `series --by admin1`). */
  units: 'country' | readonly string[];
  metric: 'events' | 'fatalities';
  /**
   * Also split each unit-month by the registry actors of the event's two sides (UCDP side A and B,
   * ACLED actor 1 and 2), each resolved on the event's date as domain/actors.ts resolveActor does.
   */
  bySides?: boolean;
  /**
   * The cells of the records dated only to a unit coarser than a month (a year, or a span past its
   * month), one cell per record at the month of its start date with the month of its end date in
   * `through`, instead of the month-precise ones: what a monthly panel spreads over those months.
   */
  coarser?: boolean;
}

/** One unit-month of a panel (unit null: the event's unit is not one of the country's). */
export interface PanelCell {
  unit: string | null;
  /** YYYY-MM. */
  month: string;
  /** Events, or deaths (best estimate, unknown counted as 0). */
  value: number;
  /** With `coarser`: the month (YYYY-MM) of the record's end date (its start's when it has none). */
  through?: string;
  /** With `bySides`: the registry ids of the two sides, in the source's order (null: the name resolves to no actor, or is absent). */
  sides?: [string | null, string | null];
}

/** The death metrics an aggregate spec sums: its own, in DEATH_METRICS order, or all. */
export function specMetrics(spec: Pick<AggregateSpec, 'metrics'>): readonly DeathMetric[] {
  return spec.metrics ? DEATH_METRICS.filter((m) => spec.metrics!.includes(m)) : DEATH_METRICS;
}
