/**
 * The data of a briefing, as a plain object: everything the renderers print, already computed and
 * rounded, with what each figure counts and where it comes from. The CLI, the API and the
 * dashboard build it once (src/app/briefing) and render or serve it as they like.
 */
import type { WireFilter } from '../domain/filter-vocabulary.ts';

/** A period with its key and bounds. */
export interface BriefingPeriod {
  key: string;
  interval: 'week' | 'month' | 'quarter' | 'year';
  from: string;
  to: string;
  days: number;
}

/** A change of a figure against a reference period. */
export interface FigureChange {
  period: BriefingPeriod;
  value: number | null;
  /** value now minus value then. */
  difference: number | null;
  /** value now over value then (a plain ratio; for events, the rate ratio per day). */
  ratio: number | null;
  /** Exact 95% interval of the rate ratio (events only: deaths cluster, so their interval would be far too narrow). */
  ci_low: number | null;
  ci_high: number | null;
  p_value: number | null;
  /** A coverage warning when the reference period is not fully covered by the loaded data. */
  warning: string | null;
  /**
   * Whether loaded sources cover every day of the reference period. When they do not, no change
   * is computed: value, difference, ratio, interval and p-value are all null.
   */
  coverage: PeriodCoverage;
}

/** Whether loaded sources cover a period: every day, some days, or none. */
export type PeriodCoverage = 'covered' | 'partly_covered' | 'not_covered';

/** One key figure with its definition and its changes. */
export interface KeyFigure {
  metric: 'events' | 'fatalities_best' | 'deaths_civilians';
  label: string;
  definition: string;
  value: number | null;
  /** Low and high estimates (deaths best only). */
  low: number | null;
  high: number | null;
  /** Events whose figure is unknown (they add nothing); null where no loaded source covers the period (nothing is known, not 0). */
  unknown: number | null;
  /** Whether loaded sources cover the briefing period; `not_covered` makes `value` null. */
  coverage: PeriodCoverage;
  previous: FigureChange;
  year_earlier: FigureChange;
}

/** One row of the province table. */
export interface ProvinceRow {
  /** Canonical admin-1 code, or null when the row is a source label. */
  code: string | null;
  name: string;
  events: number;
  deaths_best: number | null;
  deaths_civilians: number | null;
}

/** One month of the chart. */
export interface MonthPoint {
  month: string;
  /** Null when no loaded source covers the month (not known, not 0). */
  events: number | null;
  deaths_best: number | null;
  in_period: boolean;
}

/** One ISO week (Monday to Sunday) of a week's briefing chart. */
export interface WeekPoint {
  /** ISO 8601 week key, e.g. 2021-W40. */
  week: string;
  /** Null when no loaded source covers the week (not known, not 0). */
  events: number | null;
  deaths_best: number | null;
  in_period: boolean;
}

/** One event in a list. */
export interface BriefingEvent {
  id: string;
  date: string;
  place: string;
  admin1: string;
  actors: string;
  type: string;
  deaths_best: number | null;
  deaths_low: number | null;
  deaths_high: number | null;
  deaths_civilians: number | null;
  border_km: number | null;
}

/** A unit outline for the map: rings of [lon, lat], already simplified. */
export interface MapUnit {
  code: string;
  name: string;
  country: string;
  /** Whether the unit is in the briefing's countries (drawn filled) or context (drawn faint). */
  focus: boolean;
  rings: [number, number][][];
}

/** The static map: outlines, the border line, and one dot per event with coordinates. */
export interface BriefingMap {
  /** [west, south, east, north] in degrees. */
  bbox: [number, number, number, number];
  units: MapUnit[];
  border: [number, number][][];
  dots: { lon: number; lat: number; deaths: number | null }[];
  /** Events not drawn for want of coordinates; null where no loaded source covers the period. */
  events_without_coordinates: number | null;
}

/** The surge signal at the end of the period. */
export interface BriefingSurge {
  metric: string;
  window_start: string;
  window_end: string;
  /** Null when the window holds a day no loaded source covers (no total, no signal). */
  total: number | null;
  surge: boolean | null;
  lookbacks: {
    days: number;
    highest: boolean | null;
    previous_max: number | null;
    previous_max_end: string | null;
    /** Earlier windows of the lookback left out for holding a day no loaded source covers. */
    left_out: number;
  }[];
  /** Month ends inside the period at which the rule fired. */
  fired_at: string[];
  rule: string;
}

/** One claim verdict, short. */
export interface BriefingClaim {
  id: string;
  text: string;
  verdict: string;
  explanation: string;
}

/**
 * The terms a source version's data are shared under and the credit they ask for, as the credits
 * part of GET /sources gives them (app/data-credits.ts, the one table): every section that names a
 * source names them, so no licence is worded twice. Each null for a source faultline knows nothing
 * of (a user's mapped CSV), whose terms only its owner knows.
 */
export interface BriefingLicence {
  /** The licence or terms as the publisher names them (`CC BY 4.0`). */
  licence: string | null;
  /** The licence's SPDX identifier (`CC-BY-4.0`), null when SPDX lists none. */
  licence_id: string | null;
  /** Where the licence's text is (the briefing links the licence to it), null when there is no one text. */
  licence_url: string | null;
  /** The attribution the licence or publisher asks for, for this version. */
  credit: string | null;
}

/** One dataset version behind the briefing, with its licence and credit. */
export interface BriefingDataset extends BriefingLicence {
  source: string;
  version: string;
  file: string;
  sha256: string;
  first_date: string | null;
  last_date: string | null;
  events: number | null;
}

/** The outlook section: forecast quantiles shown only with the model's backtest skill. */
export interface BriefingForecast {
  origin: string;
  counts: string;
  model: string;
  level: string;
  seed: number;
  rows: { unit: string; month: string; horizon: number; q05: number; q50: number; q95: number }[];
  skill: {
    crps_ratio: number;
    ign_diff: number;
    mis_ratio: number;
    coverage90: number;
    origins: string[];
    best_baseline: string;
    /** 90% bootstrap intervals of crps_ratio and coverage90 (SkillIntervalsAnswer). */
    intervals: {
      level: number;
      crps_ratio: { lo: number; hi: number };
      coverage90: { lo: number; hi: number };
    };
  };
}

/** A cross-border series over the briefing period, on one side of the border (null figures: not covered). */
export interface BorderSeriesTotal {
  series: 'interstate' | 'pakistani_strikes' | 'ttp_near_border';
  side: 'PAK' | 'AFG';
  /** Summed over the covered months only; null when no loaded source covers any month of the period. */
  events: number | null;
  fatalities_best: number | null;
  /** TTP events without a border distance, so not judged against the distance (ttp_near_border only). */
  unjudged: number | null;
  months_covered: number;
  months: number;
}

/** A relations index of one country pair over the briefing period, from one loaded index, with its licence and credit. */
export interface RelationsFigure extends BriefingLicence {
  /** The pair, countries sorted (`AFG-PAK`): the bundled index is undirected. */
  pair: string;
  source: string;
  source_name: string;
  version: string;
  /** As `faultline relations` names it: never null (`terms unknown to faultline` for an index the credits do not know). */
  licence: string;
  /** Mean daily value over the days covered; null when the index covers no day of the period. */
  value: number | null;
  ci_low: number | null;
  ci_high: number | null;
  per_1000_volume: number | null;
  days_covered: number;
  days_in_period: number;
  coverage: PeriodCoverage;
}

/** A published returns or deportations figure whose period overlaps the briefing period. */
export interface ReturnsFigure {
  /** The figure's id, as GET /statistics lists it (what `revises` and `revised_by` name). */
  id: string;
  organisation: string;
  metric: string;
  geography: string | null;
  geography_to: string | null;
  /** Where the people counted left from: an ISO3 code, `several` (countries together), or null for a figure of one place, which gives none. */
  origin: string | null;
  period_start: string | null;
  period_end: string;
  value: number;
  qualifier: string;
  unit: string;
  /** What the figure counts, as its record defines it ("share of returns ... who were PoR card holders"): a value and unit alone can mislead. */
  definition: string;
  /**
   * How many other loaded figures count the same measure from and to the same places
   * over a period sharing days with this one's (`faultline indicators`' `period_overlaps`): adding
   * them counts people twice.
   */
  period_overlaps: number;
  /** The id of the same publisher's earlier release of this figure (same measure, period and places, another report) that this one revises, or null. */
  revises: string | null;
  /** The id of the same publisher's later release that revises this one, or null. */
  revised_by: string | null;
  /** Which release the figure is, in words, as GET /statistics' CSV says it ("revision of about 40,000 (...)", the value with its qualifier as published); null for a figure of one release. */
  revision: string | null;
  report: string;
  url: string | null;
  /** Other records of the same exact figure (same metric, period, value and unit), compiled from another file or page. */
  also_recorded: { organisation: string; report: string; url: string | null }[];
}

/** A file the section's published figures come from, with its terms (`faultline indicators`' `meta.sources`). */
export interface ReturnsSource extends BriefingLicence {
  source: string;
  /** The import's version; null (and file, sha256) for figures stored before their file was kept. */
  version: string | null;
  file: string | null;
  sha256: string | null;
  /** How many of the period's published returns and deportations figures come from it. */
  figures: number;
}

/** The border and relations section: the same figures as the dashboard's Border and relations view, for the period. */
export interface BorderRelationsSection {
  border: {
    rows: BorderSeriesTotal[];
    coverage: PeriodCoverage;
    max_border_km: number;
    /** The source versions the cross-border series count, with their licence and credit. */
    sources: ({ source: string; version: string; events: number } & BriefingLicence)[];
    /** Events of the series dated only to a unit coarser than a month (a year): in no month, listed apart. */
    imprecise: {
      period: string;
      precision: string;
      series: BorderSeriesTotal['series'];
      side: 'PAK' | 'AFG' | null;
      events: number;
      fatalities_best: number | null;
    }[];
  };
  relations: RelationsFigure[];
  /** Pairs asked for that no loaded index holds. */
  relations_missing: string[];
  returns: ReturnsFigure[];
  /** Notes on `returns`, as GET /statistics gives them in meta.notes: how many revise an earlier release, how many could not be ordered. */
  returns_notes: string[];
  /** The files `returns` (and the records each names as `also_recorded`) come from. */
  returns_sources: ReturnsSource[];
  notes: string[];
}

/** Everything a briefing shows. */
export interface BriefingData {
  /** Slug of the period and place plus the first 8 characters of the reproducibility id. */
  id: string;
  title: string;
  subtitle: string;
  generated_at: string;
  period: BriefingPeriod;
  /** Why this period when none was given (`2026-Q2: no period was given, so ... the latest quarter ...`); null when it was given. */
  period_note: string | null;
  /** The briefing's filter under the API's parameter names, as answers' `meta.filter` echoes it. */
  filter: WireFilter;
  filter_text: string;
  key_figures: KeyFigure[];
  provinces: { basis: 'admin1_code' | 'source_label'; rows: ProvinceRow[]; note: string | null };
  monthly: { from: string; to: string; points: MonthPoint[] };
  /** A week's briefing: its week and the 25 before it, week by week; null for a month, quarter or year. */
  weekly: { from: string; to: string; points: WeekPoint[] } | null;
  map: BriefingMap;
  deadliest: BriefingEvent[];
  /** Events of the period with a known death toll, of which `deadliest` lists the first `top` (null: period not covered). */
  deadliest_total: number | null;
  dyads: { actor_a: string; actor_b: string; events: number; deaths_best: number | null }[];
  /** Pairs of sides the period holds, of which `dyads` lists the first `top` (null: period not covered). */
  dyads_total: number | null;
  border: {
    available: boolean;
    zone_km: number;
    /** Null when not available: no loaded source covers the period, or the events carry no distances. */
    events: number | null;
    deaths_best: number | null;
    top: BriefingEvent[];
    note: string | null;
  };
  surge: BriefingSurge | null;
  claims: { file: string; sha256: string; results: BriefingClaim[] } | null;
  /** Border and relations (Pakistan and Afghanistan); null when the filter names neither country. */
  border_relations: BorderRelationsSection | null;
  /** Present when the briefing was asked for an outlook (`--forecast`). */
  forecast?: BriefingForecast | null;
  caveats: string[];
  sources: {
    datasets: BriefingDataset[];
    citation: string;
    reproducibility_id: string;
    /** The inputs hashed into the reproducibility id, as canonical JSON. */
    inputs: string;
  };
}
