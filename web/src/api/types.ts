/** Shapes of the API answers the dashboard reads (see docs/api.md); only the fields it uses. */

/** Events one source version contributed to an answer. */
export interface SourceUse {
  source: string;
  version: string;
  events: number;
}

/** What one loaded source version covers. */
export interface CoverageEntry {
  source: string;
  version: string;
  first_date: string;
  last_date: string;
  events: number;
  countries: string[];
}

/** The meta block every analysis answer carries. */
export interface Meta {
  metrics: Record<string, string>;
  period: { from: string; to: string } | null;
  sources: SourceUse[];
  coverage: CoverageEntry[];
  coverage_warning: string | null;
  notes: string[];
}

/** One row of a series. */
export type SeriesPoint = { period: string; group?: string | null; group_label?: string | null } & Record<
  string,
  string | number | null | undefined
>;

/** GET /series. */
export interface SeriesAnswer {
  points: SeriesPoint[];
  meta: Meta;
}

/** One event as listings give it. */
export interface EventSummary {
  id: string;
  source: string;
  source_version: string;
  date_start: string;
  date_end: string;
  country: string;
  admin1: string | null;
  admin1_code: string | null;
  admin1_name: string | null;
  admin2_name: string | null;
  place: string | null;
  lat: number | null;
  lon: number | null;
  type: string;
  source_type: string | null;
  actors: string[];
  actor_ids: string[];
  fatalities_best: number | null;
  fatalities_low: number | null;
  fatalities_high: number | null;
  deaths_civilians: number | null;
  border_km: number | null;
  border_zone: boolean | null;
  geo_method: string | null;
  geo_exact?: boolean | null;
  geo_precision?: number | null;
}

/** GET /events. */
export interface EventsPage {
  events: EventSummary[];
  total: number;
  offset: number;
  limit: number;
  next_cursor: string | null;
  meta: Meta;
}

/** GET /events?format=geojson. */
export interface EventsGeojson {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id: string;
    geometry: { type: 'Point'; coordinates: [number, number] } | null;
    properties: EventSummary;
  }[];
  total: number;
}

/** GET /events/{id}: the stored event in full (camelCase fields, the original record included). */
export interface EventAnswer {
  event: Record<string, unknown> & { id: string; original?: unknown; sourceArticles?: string[] | null };
}

/** GET /compare. */
export interface CompareAnswer {
  comparison: {
    metric: string;
    label1: string;
    from1: string;
    to1: string;
    days1: number;
    count1: number;
    unknown1: number;
    label2: string;
    from2: string;
    to2: string;
    days2: number;
    count2: number;
    unknown2: number;
    rate1_per_day: number;
    rate2_per_day: number;
    rate_ratio: number | null;
    ci_low: number | null;
    ci_high: number | null;
    confidence: number;
    p_value: number;
    method: string;
    note: string | null;
  };
  meta: Meta;
}

/** One dyad of GET /network. */
export interface Dyad {
  actor_a: string;
  actor_b: string;
  events: number;
  deaths_best: number | null;
  events_with_unknown_deaths: number;
  first_date: string;
  last_date: string;
}

/** GET /network. */
export interface NetworkAnswer {
  dyads: Dyad[];
  dyads_total: number;
  events_without_dyad: number;
  meta: Meta;
}

/** One import in the ledger. */
export interface ImportRow {
  id: number;
  file: string;
  format: string;
  source: string;
  version: string;
  version_inferred: boolean;
  rows_read: number;
  accepted: number;
  rejected: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  started_at: string;
}

/** GET /sources. */
export interface SourcesAnswer {
  imports: ImportRow[];
  coverage: CoverageEntry[];
}

/** One published statistic of GET /statistics. */
export interface StatisticRow {
  id: string;
  organisation: string;
  report: string;
  metric: string;
  definition: string;
  country: string;
  period_start: string;
  period_end: string;
  value: number;
  unit: string;
}

/** An admin-1 unit from geo/units.json. */
export interface Unit {
  code: string;
  country: string;
  name: string;
  name_ur: string | null;
  name_fa: string | null;
}

/** One forecast row: a unit's month with the quantiles of its predictive distribution. */
export interface ForecastRow {
  unit: string;
  month: string;
  horizon: number;
  mean: number;
  q05: number;
  q25: number;
  q50: number;
  q75: number;
  q95: number;
}

/** Backtest scores of one method. */
export interface SkillScores {
  crps: number;
  ign: number;
  mis: number;
  coverage90: number;
  n: number;
}

/** GET /forecast. */
export interface ForecastAnswer {
  origin: string;
  spec: { country: string; level: string; metric: string; source: string; draws: number; horizons: number };
  counts: string;
  model: string;
  forecasts: ForecastRow[];
  observed: { unit: string; months: string[]; values: number[] }[];
  skill: {
    origins: string[];
    methods: Record<string, SkillScores>;
    crps_ratio: number;
    ign_diff: number;
    mis_ratio: number;
    best_baseline: { crps: string; ign: string; mis: string };
    draws: number;
  };
}

/** A claim verdict. */
export type Verdict = 'supported' | 'partly_supported' | 'contradicted' | 'not_checkable';

/** One figure a claim was checked against. */
export interface ClaimEvidence {
  source: string;
  kind: 'statistic' | 'events';
  report: string | null;
  version: string;
  published: string | null;
  measure: string;
  definition: string;
  geography: string;
  period: { from: string; to: string } | null;
  baseline: { from: string; to: string } | null;
  value: number | null;
  reference_value: number | null;
  qualifier: string;
  outcome: 'holds' | 'fails' | 'inconclusive' | 'unavailable';
  reason: string;
  role: 'decisive' | 'context';
}

/** The check of one claim. */
export interface ClaimResult {
  id: string;
  text: string;
  verdict: Verdict;
  explanation: string;
  accepts: string;
  evidence: ClaimEvidence[];
}

/** POST /claims/check and GET /claims/examples/:name. */
export interface ClaimsAnswer {
  file: { name?: string; sha256: string };
  claims?: { id: string; text: string }[];
  results: ClaimResult[];
}

/** One key figure of a briefing. */
export interface BriefingKeyFigure {
  metric: string;
  label: string;
  definition: string;
  value: number | null;
  low: number | null;
  high: number | null;
  unknown: number;
}

/** GET /briefing (JSON). */
export interface BriefingAnswer {
  id: string;
  title: string;
  subtitle: string;
  period: { key: string; from: string; to: string };
  filterText: string;
  keyFigures: BriefingKeyFigure[];
  caveats: string[];
  sources: { citation: string; reproducibilityId: string };
}
