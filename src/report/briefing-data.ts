/**
 * The data of a briefing, as a plain object: everything the renderers print, already computed and
 * rounded, with what each figure counts and where it comes from. The CLI, the API and the
 * dashboard build it once (src/app/briefing) and render or serve it as they like.
 */
import type { EventFilter } from '../domain/query.ts';

/** A period with its key and bounds. */
export interface BriefingPeriod {
  key: string;
  interval: 'month' | 'quarter' | 'year';
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
  ciLow: number | null;
  ciHigh: number | null;
  pValue: number | null;
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
  /** Events whose figure is unknown (they add nothing). */
  unknown: number;
  /** Whether loaded sources cover the briefing period; `not_covered` makes `value` null. */
  coverage: PeriodCoverage;
  previous: FigureChange;
  yearEarlier: FigureChange;
}

/** One row of the province table. */
export interface ProvinceRow {
  /** Canonical admin-1 code, or null when the row is a source label. */
  code: string | null;
  name: string;
  events: number;
  deathsBest: number | null;
  deathsCivilians: number | null;
}

/** One month of the chart. */
export interface MonthPoint {
  month: string;
  events: number;
  deathsBest: number | null;
  inPeriod: boolean;
}

/** One event in a list. */
export interface BriefingEvent {
  id: string;
  date: string;
  place: string;
  admin1: string;
  actors: string;
  type: string;
  deathsBest: number | null;
  deathsLow: number | null;
  deathsHigh: number | null;
  deathsCivilians: number | null;
  borderKm: number | null;
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
  eventsWithoutCoordinates: number;
}

/** The surge signal at the end of the period. */
export interface BriefingSurge {
  metric: string;
  windowStart: string;
  windowEnd: string;
  total: number;
  surge: boolean;
  lookbacks: {
    days: number;
    highest: boolean | null;
    previousMax: number | null;
    previousMaxEnd: string | null;
  }[];
  /** Month ends inside the period at which the rule fired. */
  firedAt: string[];
  rule: string;
}

/** One claim verdict, short. */
export interface BriefingClaim {
  id: string;
  text: string;
  verdict: string;
  explanation: string;
}

/** One dataset version behind the briefing. */
export interface BriefingDataset {
  source: string;
  version: string;
  file: string;
  sha256: string;
  firstDate: string | null;
  lastDate: string | null;
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
    bestBaseline: string;
  };
}

/** Everything a briefing shows. */
export interface BriefingData {
  /** Slug of the period and place plus the first 8 characters of the reproducibility id. */
  id: string;
  title: string;
  subtitle: string;
  generatedAt: string;
  period: BriefingPeriod;
  filter: EventFilter;
  filterText: string;
  keyFigures: KeyFigure[];
  provinces: { basis: 'admin1_code' | 'source_label'; rows: ProvinceRow[]; note: string | null };
  monthly: { from: string; to: string; points: MonthPoint[] };
  map: BriefingMap;
  deadliest: BriefingEvent[];
  dyads: { actorA: string; actorB: string; events: number; deathsBest: number | null }[];
  border: {
    available: boolean;
    zoneKm: number;
    events: number;
    deathsBest: number | null;
    top: BriefingEvent[];
    note: string | null;
  };
  surge: BriefingSurge | null;
  claims: { file: string; sha256: string; results: BriefingClaim[] } | null;
  /** Present when the briefing was asked for an outlook (`--forecast`). */
  forecast?: BriefingForecast | null;
  caveats: string[];
  sources: {
    datasets: BriefingDataset[];
    citation: string;
    reproducibilityId: string;
    /** The inputs hashed into the reproducibility id, as canonical JSON. */
    inputs: string;
  };
}
