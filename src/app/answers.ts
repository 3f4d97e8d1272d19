/**
 * The answers faultline gives, one set of types for the HTTP API's JSON, the CLI's `--format json`
 * and the dashboard (web/src imports them type-only, so a change here that breaks the dashboard
 * fails `npm run check`). Every key is snake_case. This module holds types only and imports only
 * types from the domain, so the dashboard's compiler can read it without Node.
 */
import type { ClaimSpec } from '../claims/claim-spec.ts';
import type { ClaimResult } from '../claims/evidence.ts';
import type { DeathMetric } from '../domain/aggregate.ts';
import type { DatePrecision } from '../domain/event.ts';
import type { StoredEvent } from '../domain/placed-event.ts';
import type { WireFilter } from '../domain/filter-vocabulary.ts';
import type { ExportAbout } from './export-about.ts';
import type { GdeltGapKind } from '../domain/gdelt-gap-kind.ts';
import type { ListedFigure } from '../domain/statistic.ts';
import type { Release } from '../domain/release.ts';
import type { LinkageBasis } from './disagreements-answer.ts';

export type { ClaimResult, Evidence as ClaimEvidence, Verdict } from '../claims/evidence.ts';
export type {
  BriefingData as BriefingAnswer,
  KeyFigure as BriefingKeyFigure,
  BorderRelationsSection as BriefingBorderRelations,
} from '../report/briefing-data.ts';

/** What a figure can count: events, or a death metric. */
export type Metric = 'events' | DeathMetric;

/** Events one source version contributed to an answer. */
export interface SourceUse {
  source: string;
  version: string;
  events: number;
  /** `preliminary` for UCDP Candidate (revised before GED), `final` for UCDP GED, else null. */
  release: Release | null;
}

/**
 * The terms a source version's data are shared under, as the credits part of GET /sources gives
 * them (data-credits.ts); each null for a source faultline knows nothing of (a user's mapped CSV,
 * published desk events).
 */
export interface SourceLicence {
  /** The licence or terms as the publisher names them (`CC BY 4.0`). */
  licence: string | null;
  /** The licence's SPDX identifier (`CC-BY-4.0`), null when SPDX lists none (terms of use, facts). */
  licence_id: string | null;
  /** Where the licence's text is, null when there is no one text to point to. */
  licence_url: string | null;
  /** The attribution the licence or the publisher asks for, for this version (a GED release names its own article). */
  credit: string | null;
}

/** A source version an answer counts from, with its events and the terms its data are shared under. */
export interface MetaSource extends SourceUse, SourceLicence {}

/** What one loaded source version covers, and whether its release declares it. */
export interface CoverageEntry {
  source: string;
  version: string;
  first_date: string;
  last_date: string;
  /** `declared`: the period the release covers; `events`: nothing declared, first to last event. */
  basis: 'declared' | 'events';
  events: number;
  countries: string[];
}

/** Whether loaded sources cover a period: every day, some days, or none. */
export type CoverageStatus = 'covered' | 'partly_covered' | 'not_covered';

/** The `meta` block every analysis answer and event listing carries. */
export interface Meta {
  metrics: Record<string, string>;
  /** The filter applied, under the API's parameter names (lists as arrays): sent back as query parameters, the same answer. */
  filter: WireFilter;
  /** Whether published desk events (source faultline-desk) are in the numbers: left out unless include_desk. */
  desk_events: 'included' | 'excluded';
  /**
   * First and last day the answer covers: an event listing without dates covers the whole period of
   * the loaded source versions its filter matches. Null when it is not about a period, or is such a
   * listing and no loaded source version matches its filter.
   */
  period: { from: string; to: string } | null;
  /** The source versions the numbers come from, with their events, licence and credit: a table taken away keeps its terms. */
  sources: MetaSource[];
  coverage: CoverageEntry[];
  /**
   * `covered` (every day of the period: zero means zero), `partly_covered`, `not_covered` (no
   * loaded source covers any of it, or, for an answer about no period, no loaded source version
   * matches its filter: nothing is known), or null when the answer is not about a period and some
   * loaded source version matches its filter.
   */
  coverage_status: CoverageStatus | null;
  /** The spans of the period no loaded source version covers. */
  uncovered: { from: string; to: string }[];
  /**
   * For an answer over several countries: the spans of the period no loaded source version covers
   * for one country while another is covered (Afghanistan before 2026 with the bundled data), beyond
   * `uncovered`. That country's figures there are unknown, and totals there count the others alone.
   */
  uncovered_countries: { country: string; from: string; to: string }[];
  /** One line naming `uncovered` and `uncovered_countries`, or null when the period is covered for every country. */
  coverage_warning: string | null;
  /**
   * Only when days asked of UCDP Candidate are not covered because a final GED release superseded
   * its events there (kept, never counted): why, naming the release that covers them and how to ask
   * for it. `coverage_warning` ends with the same line.
   */
  superseded?: string;
  /**
   * How many source versions the store holds, whatever the filter (desk events aside): 0 when it
   * holds no source dataset at all, when `coverage_warning` says how to load one.
   */
  source_versions_loaded: number;
  notes: string[];
  /**
   * A deduplicated answer (`dedupe`) only: the stored linkage runs its links came from and the parts
   * of its period no run covers, where each record counts as an incident of its own (as
   * `disagreements` names them, docs/linkage.md "Which runs an answer names").
   */
  linkage?: LinkageBasis;
  [extra: string]: unknown;
}

/** One row of a series: period, group when split, each metric and, for death metrics, `<metric>_unknown`. */
export type SeriesPoint = { period: string; group?: string | null; group_label?: string | null } & Record<
  string,
  string | number | null
>;

/** One cell of the imprecise-date band: records dated only to a unit coarser than the interval. */
export type ImprecisePoint = { precision: DatePrecision } & SeriesPoint;

/** A period the loaded source versions cover on some of its days only. */
export interface PartlyCoveredPeriod {
  period: string;
  /** Days of the period (within the answer's dates) that a relevant source version covers. */
  covered_days: number;
  /** Days of the period within the answer's dates. */
  days: number;
}

/** The first or last period of a series when the answer's dates hold only part of it (2026 when the answer ends on 2026-07-31). */
export interface CutPeriod {
  period: string;
  /** The days of the period the answer holds, both included. */
  from: string;
  to: string;
  /** How many days that is, and how many the whole period has. */
  days: number;
  period_days: number;
}

/** GET /series, `faultline series --format json`. */
export interface SeriesAnswer {
  points: SeriesPoint[];
  imprecise: ImprecisePoint[];
  /**
   * `partly_covered`: the periods whose figures count only the days a loaded source covers (never
   * daily ones); `cut_periods`: the first and last periods the answer's own dates cut short.
   */
  meta: Meta & { partly_covered: PartlyCoveredPeriod[]; cut_periods: CutPeriod[] };
}

/** A series of the cross-border view. */
export type BorderSeries = 'interstate' | 'pakistani_strikes' | 'ttp_near_border';

/** One month of one cross-border series on one side of the border; figures null where no loaded source covers the month. */
export interface BorderRow {
  /** YYYY-MM. */
  month: string;
  series: BorderSeries;
  side: 'PAK' | 'AFG';
  events: number | null;
  /** Deaths, best estimate, summed; null when no event counted reports it (or the month is not covered). */
  fatalities_best: number | null;
  /** Events counted whose best estimate is unknown. */
  fatalities_best_unknown: number | null;
  /** ttp_near_border only: TTP events of the month on this side without a border distance, so not judged (null for other series). */
  unjudged: number | null;
}

/** Events of a cross-border series dated only to a unit coarser than a month, under their own period. */
export interface BorderImpreciseRow {
  /** The period the date is known to (YYYY for a year). */
  period: string;
  precision: DatePrecision;
  series: BorderSeries;
  side: 'PAK' | 'AFG' | null;
  events: number;
  fatalities_best: number | null;
}

/** GET /border, `faultline border --format json`. */
export interface BorderAnswer {
  rows: BorderRow[];
  /** Events in no month of `rows`: their dates are known only to a year (or a span longer than a month). */
  imprecise: BorderImpreciseRow[];
  meta: Meta;
}

/** One event as listings give it (API JSON pages, CSV, NDJSON, GeoJSON properties; CLI exports). */
export interface EventSummary {
  id: string;
  source: string;
  source_version: string;
  date_start: string;
  date_end: string;
  date_precision: DatePrecision;
  country: string;
  admin1: string | null;
  admin1_code: string | null;
  admin1_name: string | null;
  /** The 2023-census district (Pakistan) or admin-2 unit the event was placed in. */
  admin2_code: string | null;
  admin2_name: string | null;
  place: string | null;
  lat: number | null;
  lon: number | null;
  geo_precision: number | null;
  geo_exact: boolean;
  type: string;
  source_type: string | null;
  actors: string[];
  actor_ids: string[];
  fatalities_best: number | null;
  fatalities_low: number | null;
  fatalities_high: number | null;
  deaths_civilians: number | null;
  /** Km to the Afghanistan-Pakistan border line: the exact point's, else the best estimate (see border_method). */
  border_km: number | null;
  /** The range the distance lies in; equal to border_km for an exact point. */
  border_km_low: number | null;
  border_km_high: number | null;
  /** How the distance was found: point, border_name, crossing, district, province; null without one. */
  border_method: string | null;
  /** Inside the border zone: true when the whole range is, false when none of it is, null when undecided. */
  border_zone: boolean | null;
  /** Which side of the Afghanistan-Pakistan border the event lies on; null in neither country. */
  border_side: 'PAK' | 'AFG' | null;
  /** What decided border_side: the exact point, the admin-1 unit, the source's country, or 'elsewhere' (null side). */
  border_side_basis: 'point' | 'admin1' | 'country' | 'elsewhere';
  geo_method: string | null;
  /** The final GED release that supersedes this Candidate event (listed only with include_superseded). */
  superseded_by: string | null;
  /** The admin-2 unit (district) as the source names it, beside admin2_name, where faultline placed the event. */
  admin2: string | null;
  /** The sha256 of the imported file that holds the event's original record (null for a desk record or an event imported before the archive). */
  file_sha256: string | null;
  /** The record's number in that file, from 0 (the header, when the file has one, is record 0). */
  record_no: number | null;
}

/** GET /events (JSON). */
export interface EventsPage {
  /** With `original=true`, each with its original source record (the fields, as in the event's detail; null when none is kept). */
  events: (EventSummary & { original?: Record<string, string> | null })[];
  /** Matching events; null when none matches and no loaded source covers the filter (nothing known, not 0). */
  total: number | null;
  offset: number;
  limit: number;
  next_cursor: string | null;
  /** The next page's path and query (next_cursor in place), or null on the last page. */
  next: string | null;
  meta: Meta;
}

/** A GeoJSON Feature of an event (null geometry when the source gives no coordinates); its properties are the summary. */
export interface EventFeature<P = EventSummary> {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: P;
}

/** GET /events?format=geojson: every matching event, streamed; `total` (a foreign member) is how many match. */
export interface EventsGeojson {
  type: 'FeatureCollection';
  /** As EventsPage's: null where no loaded source covers the filter and nothing matches. */
  total: number | null;
  /** What the file holds (a foreign member): the filter, matching events, source versions, licences and credits. */
  meta: ExportAbout;
  features: EventFeature[];
}

/** `admin1Code` -> `admin1_code`, `deathsSideA` -> `deaths_side_a`. */
export type SnakeCase<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${SnakeCase<T>}`
  : S;

/** One event in full, every stored field in snake_case, with the original source record. */
export type EventDetail = { [K in keyof StoredEvent as SnakeCase<K & string>]: StoredEvent[K] } & {
  original: Record<string, string> | null;
  /**
   * For a record dated to a month or a year whose span is not that whole month or year: its span
   * beside the label, and where it counts ("dated 2026-03-01 to 2026-04-30, 61 days, labelled year
   * (UCDP's date_prec 5: ...)"); else null.
   */
  date_precision_note: string | null;
};

/** A record of another source that the stored linkage holds to be the same incident as an event. */
export interface SameIncidentRecord {
  id: string;
  source: string;
  source_version: string;
  date_start: string;
  date_end: string;
  admin1_code: string | null;
  /** The district faultline placed it in, else the one the source names. */
  admin2_name: string | null;
  fatalities_best: number | null;
  /** `direct`: the two records' own scored pair is a link of the incident; `through_incident`: joined through another record of it (their own pair was not scored, or did not link). */
  joined: 'direct' | 'through_incident';
  /** The stored pair's score (0..1; a link needs the threshold, 0.6) and reasons; null and [] when the two were never scored as a pair. */
  score: number | null;
  reasons: string[];
}

/** An event's place in the stored cross-source linkage (docs/linkage.md, "One event's incident"). */
export interface SameIncident {
  /**
   * `linked`: records of other sources are linked to it; `none_linked`: another source covers its
   * date and country and none of its records is linked; `no_other_source`: no other source
   * compared covers its date and country, so none could have reported it; `not_checked`: linkage
   * does not hold this record (superseded).
   */
  status: 'linked' | 'none_linked' | 'no_other_source' | 'not_checked';
  /** The linked records, oldest first; [] only for `none_linked`; null when nothing was compared (`no_other_source`, `not_checked`). */
  records: SameIncidentRecord[] | null;
  /** The other sources' versions with current records in the run (what linkage compared), and whether each covers the event's date and country (one that does not could not have reported it). */
  compared: { source: string; version: string; covers_date: boolean }[];
  /**
   * The stored run the answer rests on (null when not checked): `from`, `to` and `source_versions`
   * are the run's own (its whole period, every source version it was computed from); `used` is the
   * part the answer rests on, the event's day widened to the days of its linked records, with those
   * records (the event's own included) per source version.
   */
  run: ({ id: number } & LinkageBasis['runs'][number]) | null;
  /** Whether the period's stored links were stale or missing and were computed again for this answer. */
  relinked: boolean;
  note: string;
}

/** GET /events/{id}. */
export interface EventAnswer {
  event: EventDetail;
  same_incident: SameIncident;
}

/** One import in the ledger. */
export interface LedgerRow {
  id: number;
  file: string;
  format: string;
  source: string;
  version: string;
  version_inferred: boolean;
  sha256: string;
  bytes: number;
  rows_read: number;
  accepted: number;
  rejected: number;
  /** Rows that are no records (a file's HXL tag row), counted apart from rows_read. */
  metadata_rows: number;
  /** Rows a country filter left out (GDELT with --countries; null for imports that filter none): rows_read = accepted + rejected + out_of_scope. */
  out_of_scope: number | null;
  /** Rows accepted with a warning (kept, with a note on the row). */
  warnings: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  stale: number;
  started_at: string;
  duration_ms: number;
  /** The period the file declares it covers, or null (docs/importing.md, "Coverage"). */
  coverage_from: string | null;
  coverage_to: string | null;
  /** Which reader parsed the file (`duckdb` or `javascript`), or null: imported before the ledger kept it, or BigQuery's aggregates. */
  parsed_by: string | null;
  /** The countries a country filter kept (ISO3, comma-separated: `AFG,IND,PAK`), or null for imports that filter none. */
  scope: string | null;
  /** The sha256 of the column mapping a mapped CSV was read with (docs/importing.md), or null: another format, or imported before the ledger kept it. */
  mapping_sha256: string | null;
}

/** One GDELT export a fetch handled: its 15-minute slice and its ledger entry as GET /sources gives it. */
export interface GdeltFetchedFile {
  /** The export's slice, YYYYMMDDHHMMSS (UTC). */
  slice: string;
  /** The same bytes were imported before: `ledger` is that earlier import's entry, and nothing was read. */
  already_imported: boolean;
  ledger: LedgerRow;
}

/** A slice of a GDELT fetch's period with no usable export, and why. */
export interface GdeltGapRow {
  /** The slice, YYYYMMDDHHMMSS (UTC). */
  slice: string;
  /**
   * Why, for a script (docs/fetching.md, "GDELT gaps"): `unlisted` (never published), `missing-upstream`
   * (listed, the server answers 404), `download` (the transfer failed), `checksum` (size or md5 not
   * the list's), `damaged` (GDELT serves a file that cannot be read) or `import` (it failed on this
   * machine: a file or the store could not be written).
   */
  kind: GdeltGapKind;
  /** Why, for a person: the failure in one line. */
  reason: string;
}

/** `faultline fetch gdelt --format json` (the file downloads), and the `gdelt` part of `faultline update --format json`. */
export interface GdeltFetchAnswer {
  /** Exports the lists name in the period. */
  listed: number;
  /** Exports this fetch imported, and those whose bytes were imported before (nothing read). */
  imported: number;
  already_imported: number;
  /** Rows of the exports this fetch imported: rows_read = accepted + rejected + out_of_scope. */
  rows_read: number;
  accepted: number;
  rejected: number;
  /** Rows a `--countries` filter left out; null when the fetch filtered none. */
  out_of_scope: number | null;
  /** Lines of masterfilelist.txt and lastupdate.txt that were not `size md5 url`. */
  unreadable_list_lines: number;
  /**
   * What may be missing though no gap names it, one line each: lastupdate.txt unreadable after its
   * retries, so the exports published after the master list's newest slice were not fetched.
   */
  warnings: string[];
  /** Slices of the period with no usable export, in slice order. */
  gaps: GdeltGapRow[];
  /** Every export imported or imported before, in slice order, with its ledger entry. */
  files: GdeltFetchedFile[];
}

/** GET /sources, `faultline sources --format json`. */
export interface SourcesAnswer {
  imports: LedgerRow[];
  coverage: CoverageEntry[];
  /** The licence and credit of each loaded source faultline knows, then of the bundled reference data. */
  credits: CreditRow[];
}

/** A dataset's licence and the credit it asks for wherever its data are shown. */
export interface CreditRow {
  dataset: string;
  /** The ledger source whose events or figures these are; null for bundled reference data (boundaries, gazetteer, populations). */
  source: string | null;
  /** The versions loaded (empty for reference data). */
  versions: string[];
  /** What faultline shows from it. */
  used_for: string;
  licence: string;
  /** The attribution the licence or the publisher asks for. */
  credit: string;
  /** Where the dataset is published (empty when each figure gives its own page). */
  url: string;
  /** The licence's SPDX identifier (`CC-BY-4.0`), null when SPDX lists none (terms of use, public domain, facts). */
  licence_id: string | null;
  /** Where the licence's text is, null when there is no one text to point to. */
  licence_url: string | null;
}

/** A rate comparison of two periods or two places. */
export interface Comparison {
  metric: Metric;
  label1: string;
  from1: string;
  to1: string;
  /** The period's length in days. */
  days1: number;
  /** Its days a loaded source version covers: the exposure, unless the comparison is by calendar days. */
  covered_days1: number;
  /** Null when no loaded source covers any day of the side: nothing is known there, not zero. */
  count1: number | null;
  unknown1: number;
  label2: string;
  from2: string;
  to2: string;
  days2: number;
  covered_days2: number;
  count2: number | null;
  unknown2: number;
  /** Count per day of exposure (null where the count is). */
  rate1_per_day: number | null;
  rate2_per_day: number | null;
  /** People in side 1's place (null without a figure; see meta notes for the census year). */
  population1: number | null;
  population2: number | null;
  /** count1 per 100,000 people over the whole period (not per day). */
  rate1_per_100k: number | null;
  rate2_per_100k: number | null;
  rate_ratio: number | null;
  ci_low: number | null;
  ci_high: number | null;
  confidence: number;
  /** Null when a side is not covered (no test is made). */
  p_value: number | null;
  /**
   * Two places with population figures: the rate ratio per person (each covered day weighted by the
   * place's people), its interval and p-value by the same exact test; null otherwise (two periods
   * of one place share their people, so rate_ratio is already per person).
   */
  rate_ratio_per_person: number | null;
  ci_low_per_person: number | null;
  ci_high_per_person: number | null;
  p_value_per_person: number | null;
  method: string;
  note: string | null;
}

/** GET /compare, `faultline compare --format json`. */
export interface CompareAnswer {
  comparison: Comparison;
  meta: Meta;
}

/** One unordered pair of actors as the sources name them. */
export interface DyadRow {
  actor_a: string;
  actor_b: string;
  events: number;
  deaths_best: number | null;
  events_with_unknown_deaths: number;
  first_date: string;
  last_date: string;
}

/** GET /network, `faultline network --format json`. */
export interface NetworkAnswer {
  dyads: DyadRow[];
  /** Dyads found; null where no loaded source covers the period (`meta.coverage_status` "not_covered"): nothing is known there, not 0. */
  dyads_total: number | null;
  /** Events with one side only; null where no loaded source covers the period. */
  events_without_dyad: number | null;
  sorted_by: 'deaths_best' | 'events';
  meta: Meta;
}

/** POST /claims/check, GET /claims/examples/{name}, `faultline claims check --format json`. */
export interface ClaimsAnswer {
  /** The claim file: its name when known (the CLI's argument, an example), and its sha256. */
  file: { name?: string; sha256: string };
  /** The claims as the file states them, places resolved. */
  claims: ClaimSpec[];
  results: ClaimResult[];
  /** Desk events (analysts' reports, source faultline-desk) are never evidence for a claim: always `excluded`. */
  desk_events: 'excluded';
}

/** What a forecast was asked for, with the defaults filled in (`source` `ucdp`: final GED where a release covers the month, else Candidate). */
export interface ForecastSpec {
  country: string;
  level: 'country' | 'admin1';
  metric: 'fatalities' | 'events';
  source: string;
  seed: number;
  draws: number;
  horizons: number;
  /** Options that change the model (its skill is the single-country model's when across_border; skill_note says so). */
  across_border: boolean;
  relations: boolean;
  /** The actor-group covariates asked for (group_ttp, ...). */
  actor_groups: string[];
}

/** A run of consecutive months a forecast's history took from one source. */
export interface ForecastSpan {
  source: string;
  versions: string[];
  from: string;
  to: string;
}

/** One forecast row: a unit, a target month, the mean and quantiles of the draws. */
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
  /** Share of outcomes inside the 90% interval (q05 to q95). */
  coverage90: number;
  /** Share of outcomes inside the 50% interval (q25 to q75), the forecast's other band. */
  coverage50: number;
  n: number;
}

/** GET /forecast, `faultline forecast --format json`: never a forecast without its skill (or the note why there is none). */
export interface ForecastAnswer {
  origin: string;
  spec: ForecastSpec;
  /** What the numbers count, in words, with the months the history rests on. */
  counts: string;
  /** The months the history took from each source, in order. */
  rests_on: ForecastSpan[];
  /** Months inside the panel no loaded source covers: missing, never read as zero. */
  missing: { from: string; to: string }[];
  model: 'nbar-mix';
  forecasts: ForecastRow[];
  /** The observed last months per unit; NaN in the engine, null in JSON, for a month no source covers. */
  observed: { unit: string; months: string[]; values: (number | null)[] }[];
  /** The model's backtest skill; null when no backtest origin has the data (then skill_note says why). */
  skill: {
    origins: string[];
    methods: Record<string, SkillScores>;
    crps_ratio: number;
    ign_diff: number;
    mis_ratio: number;
    best_baseline: { crps: string; ign: string; mis: string };
    draws: number;
    /** How sure crps_ratio, ign_diff and coverage90 are, from the same backtest. */
    intervals: SkillIntervalsAnswer;
  } | null;
  skill_note: string | null;
  /** The online calibration of the intervals at the origin (docs/forecasting.md, "Online calibration"). */
  calibration: ForecastCalibration;
  /** The relations covariates the model used (asked for with `relations`); null when not asked. */
  relations: ForecastRelations | null;
  /** The actor-group covariates the model used (asked for with `actor_groups`); null when not asked. */
  actor_groups: ForecastActorGroups | null;
  /**
   * What the reader must know besides the numbers: where the live model departs from the backtested
   * one, provinces without events, events counted by their label. Empty when none.
   */
  notes: string[];
}

/**
 * Central intervals of a forecast's skill (docs/forecasting.md, "How sure are the test scores?"): a
 * moving-block bootstrap over the backtest's target months, the best baseline chosen again in each
 * resample. Wide intervals say the backtest's few years cannot pin the skill down.
 */
export interface SkillIntervalsAnswer {
  /** Share of the resampled values each interval holds (0.9). */
  level: number;
  method: string;
  /** Target months resampled, in blocks of `block_months` consecutive months. */
  months: number;
  block_months: number;
  resamples: number;
  crps_ratio: { lo: number; hi: number };
  ign_diff: { lo: number; hi: number };
  coverage90: { lo: number; hi: number };
}

/** Actor-group covariates of a forecast (docs/forecasting.md, "Actor groups and the border"): which groups, over which months. */
export interface ForecastActorGroups {
  /** The covariates in the model (group_ttp, group_baloch_insurgents, group_islamic_state, group_interstate); its columns are `log1p_<name>_mean12`. */
  covariates: string[];
  /** The months the covariates rest on: the panel's own sources and months (uncovered months are missing, never 0). */
  rests_on: ForecastSpan[];
  /** The 12 months up to the origin whose mean every horizon reads, and how many of them a source covers. */
  window: { from: string; to: string; covered_months: number };
  /** Per covariate and unit, the mean over `window`'s covered months (null when none is covered). */
  at_origin: Record<string, Record<string, number | null>>;
  note: string;
}

/** Relations covariates of a forecast (docs/forecasting.md, "Relations covariates"): which index, for which pair, over which months. */
export interface ForecastRelations {
  /** One per loaded index and pair; empty when no loaded index covers the country's pairs (then `note` says so). */
  covariates: {
    /** The covariate's name; the model's columns are `slog_<name>_mean3` and `<name>_covered`. */
    name: string;
    /** The pair, countries in alphabetical order (the indexes are undirected). */
    pair: string;
    source: { id: string; name: string; version: string; kind: 'third_party_index' | 'faultline_barometer' };
    /** Runs of months of the panel the index has a value for (other months are not covered, never 0). */
    covered: { from: string; to: string }[];
    /** Whether one of the 3 months up to the origin is covered (else every horizon reads it as not covered). */
    covered_at_origin: boolean;
  }[];
  /** How the covariates enter the model, and what is missing. */
  note: string;
}

/** How a forecast's intervals are calibrated at its origin: the method, its state and the origins that state rests on. */
export interface ForecastCalibration {
  /** 'none': the ensemble's own draws; 'adaptive-conformal': draws mapped by the working miscoverage per band. */
  method: 'none' | 'adaptive-conformal';
  /** Step γ of the working miscoverage's update; null when not calibrated. */
  step: number | null;
  /** Working miscoverage per horizon band at the origin (0.1 leaves draws as they are); null when not calibrated. */
  alpha: number[] | null;
  /** Horizon bands of `alpha`. */
  bands: string[];
  /** Origins whose forecasts and outcomes the state rests on (empty when not calibrated). */
  origins: string[];
  note: string;
}

/** One period of a relations index: the pair's daily values summed and averaged over the days a source covers. */
export interface RelationsPoint {
  period: string;
  /** First and last day of the period (clipped to the asked range). */
  from: string;
  to: string;
  days_in_period: number;
  /** Days the source has a value for; 0 means nothing is known (the figures are null, never 0). */
  days_covered: number;
  /** Mean daily value over the days covered (negative: conflictual coverage outweighs cooperative). */
  value: number | null;
  /** Bootstrap interval of `value` (days resampled within the period); null under 5 days covered. */
  ci_low: number | null;
  ci_high: number | null;
  /** Sum of the daily values over the days covered (the index's "monthly sum"). */
  value_sum: number | null;
  /** value_sum per 1,000 of the same days' total absolute weight over all pairs (rising news volume does not read as a change). */
  per_1000_volume: number | null;
  // The fields below are faultline's barometer's only (series of kind `faultline_barometer`).
  /** GDELT rows added on the days covered, every row read whether kept or not: the denominator. */
  volume?: number | null;
  /** GDELT exports (15-minute files, 96 a day) those rows were read from; null for BigQuery aggregates. */
  files?: number | null;
  /** The pair's GDELT events (reports) on the days covered. */
  events?: number | null;
  /** events per 100,000 rows of volume. */
  events_per_100k_volume?: number | null;
  /** The pair's events by QuadClass (1 to 4). */
  verbal_cooperation?: number | null;
  material_cooperation?: number | null;
  verbal_conflict?: number | null;
  material_conflict?: number | null;
  /** material_conflict / events; null without events. */
  material_conflict_share?: number | null;
  /** Sum of Goldstein x NumMentions over sum of NumMentions; null without mentions. */
  goldstein_mention_weighted?: number | null;
  /** Mean AvgTone of the pair's events; null without events. */
  mean_tone?: number | null;
}

/** What stands behind one period of faultline's barometer: the pair's top event codes and source articles. */
export interface RelationsBehind {
  period: string;
  from: string;
  to: string;
  /** Days of `from`..`to` the series covers for the pair: the codes and sources are of these days alone. */
  days_covered: number;
  /**
   * The runs of days of `from`..`to` not covered for the pair (no file read, or files imported with
   * countries keeping neither of it: `meta.notes` says which): nothing listed is of them.
   */
  uncovered: { from: string; to: string }[];
  event_codes: { code: string; events: number; mentions: number }[];
  /** Empty for BigQuery aggregates (they keep no URL). */
  source_urls: { url: string; date: string; event_code: string; quad_class: number; mentions: number }[];
}

/** A change in the mean level of a relations index. */
export interface RelationsShift {
  period: string;
  mean_before: number;
  mean_after: number;
  change: number;
}

/** One source's answer for the pair: which index, its points and its level shifts. */
export interface RelationsSeries {
  source: {
    id: string;
    name: string;
    version: string;
    /** The licence or terms as the credits part of GET /sources names them for the source it is computed from (`gdelt-dyad-index`, or `gdelt` for faultline's barometer). */
    licence: string;
    /** The licence's SPDX identifier (`GPL-3.0-only`), null when SPDX lists none; as the credits part of GET /sources gives it. */
    licence_id: string | null;
    /** Where the licence's text or terms are, null when unknown; as the credits part gives it. */
    licence_url: string | null;
    /** The attribution the licence or publisher asks for, as the credits part gives it; null for a source faultline knows nothing of. */
    credit: string | null;
    url: string;
    method: string;
    caveat: string;
    /** A third party's published index, or faultline's barometer computed from the store's own GDELT rows. */
    kind: 'third_party_index' | 'faultline_barometer';
  };
  /** Whether the series counts one direction only (actor 1 in `a`, actor 2 in `b`): faultline's barometer when asked; a third party's undirected index never. */
  directed: boolean;
  points: RelationsPoint[];
  changepoints: RelationsShift[];
  /** Asked for with `behind` (barometer series only). */
  behind?: RelationsBehind;
}

/** GET /relations, `faultline relations A B --format json`: one series per source holding the pair. */
export interface RelationsAnswer {
  /** `directed` is true when some series answers for one direction (asked with `directed`, and faultline's barometer computed). */
  pair: { a: string; b: string; directed: boolean };
  interval: string;
  series: RelationsSeries[];
  meta: {
    period: { from: string; to: string } | null;
    coverage_status: CoverageStatus;
    /** Spans of the asked period no source covers. */
    uncovered: { from: string; to: string }[];
    metrics: Record<string, string>;
    method: { changepoints: string; penalty: number | null; bootstrap: string };
    /** Which series answered, with the days of the period each covers. */
    answered_by: { id: string; kind: 'third_party_index' | 'faultline_barometer'; days_covered: number }[];
    notes: string[];
  };
}

/**
 * One published figure (a statistic or an indicator-series value) as listed, with where it was
 * read: metric, period, value, qualifier, unit, page and where to (ListedFigure), and the rest.
 */
export interface IndicatorRow extends ListedFigure {
  id: string;
  organisation: string;
  /** Starts with `[secondary: <outlet>]` when the figure was read through a news outlet. */
  report: string;
  report_version: string;
  /** Publication date as given (YYYY-MM or YYYY-MM-DD); null when the page shows none (it was ''). */
  published: string | null;
  definition: string;
  /** ISO3: where from beside a `country_to`, else the figure's one country (docs/importing.md, "Which country a figure is of"). */
  country: string | null;
  admin1: string | null;
  geography: string | null;
  /** ISO3 of where people went, for a pair; null for a figure of one country. */
  country_to: string | null;
  /**
   * Where the people counted left from: a pair's ISO3 origin (`PAK` for returns from Pakistan),
   * `several` when its origin names several countries together ("Pakistan and Iran"), null for a
   * figure of one place, which gives no origin (the `origin` filter keeps one). Null too for a
   * figure of no people who moved (originExpected in src/domain/statistic.ts: neither a returns metric nor a
   * pair over a period, such as attacks or a stock of Afghans in Pakistan), where origin is no notion.
   */
  origin: string | null;
  /**
   * The id of the figure this one revises: an earlier release of the same publisher, measure, period
   * and places in another report (UNHCR's 38,000 returns of May 2024, of 30 October 2024, revises its
   * 40,000 of 1 June); null when it revises none. Both are listed.
   */
  revises: string | null;
  /** The id of the later release that revises this figure; null when none does. */
  revised_by: string | null;
  /**
   * How many other loaded figures (listed or not) count the same metric and unit, from and to places
   * that may be the same, over a period sharing a day with this one's (a count since 15 September
   * 2023 and a month after it): such figures cannot be added without counting people twice, unless
   * their definitions say they count different people. 0: no loaded figure overlaps it. The same for a figure whatever the filter.
   * Figures, not records: a figure compiled twice is one, never counted against its own other record.
   */
  period_overlaps: number;
  quote: string | null;
  /**
   * The other records of this same figure (same metric, period, exact value, unit and places: one
   * figure compiled in two files, or twice in one), merged into this one and not listed again, as the
   * dashboard's and briefings' tables and the month view give them; [] for most figures.
   */
  also_recorded: OtherRecord[];
  /** True when read through a news outlet: check the publisher's original before citing. */
  secondary: boolean;
  /** The sha256 of the compiled file the figure was imported from (as `faultline sources` lists it); null when unknown. */
  file_sha256: string | null;
  /** The 1-based line of that file the figure's record starts on; null for a figure stored before lines were kept. */
  line: number | null;
}

/**
 * Another record of a listed figure (the same figure compiled again), with what names it and where
 * it was imported from, so that a merged record can still be found in its file.
 */
export interface OtherRecord {
  id: string;
  organisation: string;
  report: string;
  url: string | null;
  /** The compiled file the record was imported from and the line it starts on, as a listed figure's; null when unknown. */
  file_sha256: string | null;
  line: number | null;
}

/** One file the listed published figures were imported from, with the terms they are quoted under. */
export interface FigureSource extends SourceLicence {
  /** The ledger's source of the import: `statistics`, for a statistics file and an indicator series alike. */
  source: string;
  /** The import's version (`sha256:692c48f1bcc0` when the file declares none); null for figures stored before their file was kept. */
  version: string | null;
  /** The file's name as imported, and its SHA-256 (null as `version`). */
  file: string | null;
  sha256: string | null;
  /** How many records of the listed figures come from it: each figure's and each other record its `also_recorded` names. */
  figures: number;
}

/** GET /statistics, `faultline indicators --format json`. */
export interface IndicatorsAnswer {
  statistics: IndicatorRow[];
  meta: {
    /** The records read under the filter: the listed figures and the other records they name (`statistics` plus `copies_merged`, the sum of `sources`' `figures`). */
    records: number;
    /** The records merged into a listed figure they repeat (a figure compiled twice), each named in that figure's `also_recorded`. */
    copies_merged: number;
    /**
     * The files the listed figures come from, with their licence and credit as the credits part
     * of GET /sources gives them for published figures: a table taken away keeps its terms, as
     * every other answer's `meta.sources` does. Each figure still names its organisation and report.
     */
    sources: FigureSource[];
    /** What every listed figure is (as published, each by its own definition). */
    note: string;
    /** The origin the figures were kept for (the `origin` filter): an ISO3 code, `several`, or `all`, the default. */
    origin: string;
    /** What this answer left out and why (figures whose geography names the country with others; an origin's left-out figures), and which figures revise others. */
    notes: string[];
  };
}

/** One published figure in a month of the month-by-month view, with what it counts and where it was read. */
export interface FigureInMonth {
  id: string;
  organisation: string;
  /** Starts with `[secondary: <outlet>]` when the figure was read through a news outlet. */
  report: string;
  /** The day the report was published, as GET /statistics gives it; null when its page shows none. */
  published: string | null;
  definition: string;
  metric: string;
  country: string | null;
  geography: string | null;
  country_to: string | null;
  /** As in GET /statistics: where the people counted left from (ISO3, `several`, or null: no origin given, or none to give). */
  origin: string | null;
  /** As in GET /statistics: the id of the earlier release this figure revises, and of the later one revising it (both listed, in the same month). */
  revises: string | null;
  revised_by: string | null;
  period_start: string | null;
  period_end: string;
  value: number;
  qualifier: string;
  unit: string;
  /** As in GET /statistics: how many other loaded figures share a day of its period and may count the same people. */
  period_overlaps: number;
  url: string | null;
  /** The sentence of the page that gives the figure, as GET /statistics gives it; null when none was kept. */
  quote: string | null;
  /** True when read through a news outlet: check the publisher's original before citing. */
  secondary: boolean;
  /** The sha256 of the compiled file the figure was imported from and the 1-based line its record starts on, as GET /statistics gives them; null when unknown. */
  file_sha256: string | null;
  line: number | null;
  /**
   * The other records of this same figure (same metric, period, exact value, unit and places: one
   * figure compiled in two files, or twice in one), named here and never listed or added up again, as the
   * dashboard's and briefings' tables of listed figures name them; [] for most figures.
   */
  also_recorded: OtherRecord[];
  /** `month`: its period is exactly the month; `part`: a shorter period within it; `as_of`: a stock known on a day of it. */
  covers: 'month' | 'part' | 'as_of';
}

/**
 * Figures shorter than the month, of one measure from and to one place, added up because no two of
 * them share a day (the rule of `period_overlaps`): the sum covers only `days_covered` of the month.
 */
export interface PartsSum {
  /** What every part shares: who published it, what it counts and where (as the parts give them). */
  organisation: string;
  metric: string;
  country: string | null;
  geography: string | null;
  country_to: string | null;
  /** Where the people counted left from, as the parts give it (ISO3, `several`, or null). */
  origin: string | null;
  unit: string;
  value: number;
  /** exact when every part is; at_least or at_most when every other part is exact; else about (an at_least and an at_most part are never added: their sum bounds nothing). */
  qualifier: string;
  /** The first day of the earliest part and the last day of the latest, as a figure's period is given; only `days_covered` of its days are counted when the parts leave days between them. */
  period_start: string;
  period_end: string;
  /** How many days the parts cover (no two share a day), of the month's `days_in_month`. */
  days_covered: number;
  days_in_month: number;
  /** The ids of the figures added, in the order of `figures`. */
  figures: string[];
  /** True when any part was read through a news outlet: check the publisher's original before citing the sum. */
  secondary: boolean;
}

/** One month of the month-by-month view of published figures. */
export interface FiguresMonth {
  /** YYYY-MM. */
  month: string;
  /**
   * `month`: a count of exactly this month answers it; `part`: only counts of shorter periods
   * within it do (listed, not added up unless `parts_sums` says); `as_of`: only stocks known on a
   * day of it (how many people were there, not how many moved); `share_or_rate`: its only figures
   * are shares or rates (a percentage, a daily average), listed, but no count of the month is
   * published; `no source`: no listed figure's period lies within the month (unknown, never 0).
   */
  answer: 'month' | 'part' | 'as_of' | 'share_or_rate' | 'no source';
  /** The figures whose period lies within the month: of the whole month first, then shorter ones by start, then stocks. */
  figures: FigureInMonth[];
  parts_sums: PartsSum[];
  /** Listed figures whose period holds days of this month and of others: not split or prorated, so not in `figures`. */
  spanning: number;
}

/** GET /statistics/months, `faultline indicators --by month --format json`. */
export interface FiguresByMonthAnswer {
  months: FiguresMonth[];
  meta: {
    /** The months asked (from the `from` and `to` filters, or the listed figures' periods without them); null when no figure is listed and no dates were given. */
    period: { from: string; to: string } | null;
    /** The origin the figures were kept for, as GET /statistics' `meta.origin`: an ISO3 code, `several`, or `all`. */
    origin: string;
    /** The files the figures in `months` come from, as GET /statistics' `meta.sources` names them. */
    sources: FigureSource[];
    /** What every figure is, as GET /statistics says, and how months are answered. */
    note: string;
    /** What this answer left out and why (figures spanning more than a month; a country filter's combined geographies; an origin's left-out figures), and the origins a month's figures are of when more than one. */
    notes: string[];
  };
}

/** One admin-1 unit of the dashboard's geo/units.json (built by web/build/geo-assets.ts from src/geo). */
export interface UnitEntry {
  code: string;
  country: string;
  name: string;
  name_ur: string | null;
  name_fa: string | null;
  /** People in the unit (null: faultline has no figure, so no rate), with the year and source of the figure. */
  population: number | null;
  population_year: number | null;
  population_source: string | null;
}

/** One district of the dashboard's geo/districts.json: the names the district filter offers (the admin-2 names placement gives events). */
export interface DistrictEntry {
  name: string;
  country: string;
  admin1_code: string | null;
}

/** An alert rule as listed (GET /alerts/rules, `faultline alerts rules list --format json`); never its webhook secret. */
export interface AlertRuleRow {
  id: number;
  name: string;
  kind: 'surge' | 'forecast' | 'relations' | 'border' | 'desk_review';
  /** The kind's settings (docs/alerts.md). */
  params: Record<string, unknown>;
  pending_evaluations: number;
  pending_hours: number;
  cooldown_hours: number;
  webhook_url: string | null;
  /** Whether deliveries are signed (always, when there is a webhook). */
  webhook_signed: boolean;
  /**
   * Says that `webhook_url` carries a user name or password, listed as `***` (a rule stored before
   * they were refused), and how to replace it; null for any other rule.
   */
  webhook_note: string | null;
  /** Border rules: events added by imports after this ledger id are new. */
  after_import_id: number;
  created_at: string;
  removed_at: string | null;
  last_evaluated_at: string | null;
  last_error: string | null;
  /**
   * The note of the last evaluation: what it could not judge (`not covered: ...`), data that end
   * long before it, desk events left out; null when it had nothing to say.
   */
  last_note: string | null;
}

/** A recorded alert: fired (sent to the rule's webhook, if any) or suppressed (recorded with the reason, not sent). */
export interface AlertRow {
  id: number;
  rule_id: number;
  rule_name: string | null;
  kind: string | null;
  key: string;
  state: 'fired' | 'suppressed';
  reason: string | null;
  title: string;
  /** What held, with the figures and the baseline it was compared with. */
  detail: Record<string, unknown>;
  trigger: string;
  at: string;
  last_seen_at: string;
  /** Evaluations that found the condition holding since the alert (the first included). */
  seen: number;
  /** When an evaluation first found the condition no longer holding; null while it holds. */
  cleared_at: string | null;
}

/** A condition seen holding: pending until it has held long enough, or linked to its alert. */
export interface AlertConditionRow {
  rule_id: number;
  key: string;
  state: 'pending' | 'alerted';
  title: string;
  first_seen_at: string;
  last_seen_at: string;
  evaluations: number;
  alert_id: number | null;
}

/** GET /alerts, `faultline alerts list --format json`. */
export interface AlertsAnswer {
  alerts: AlertRow[];
  /** Alerts matching the filters; more than listed when the page is cut (then `note` says so). */
  total: number;
  conditions: AlertConditionRow[];
  note: string | null;
}

/** One rule's part of an evaluation. */
export interface AlertRuleRun {
  rule_id: number;
  name: string;
  kind: string;
  /** Conditions holding now, pending among them, and alerts recorded. */
  holding: number;
  pending: number;
  fired: number;
  suppressed: number;
  /** Why the rule could not be evaluated (its conditions are kept as they were), or null. */
  error: string | null;
  /** What the evaluation could not judge, said (never cut off silently), or null. */
  note: string | null;
}

/** POST /alerts/evaluate, `faultline alerts evaluate --format json`, and what imports report. */
export interface AlertRunAnswer {
  trigger: string;
  at: string;
  rules: AlertRuleRun[];
  /** Alerts this evaluation recorded. */
  alerts: AlertRow[];
}

/** A webhook delivery with every attempt (GET /alerts/deliveries, `faultline alerts deliveries`). */
export interface DeliveryRow {
  id: number;
  alert_id: number;
  rule_id: number;
  url: string;
  /** pending (queued or being retried), delivered, failed (for good), or cancelled (its rule removed while it was pending: never sent again). */
  status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  attempts: number;
  last_http_status: number | null;
  last_error: string | null;
  created_at: string;
  /** When it was delivered, failed for good or was cancelled; null while pending. */
  finished_at: string | null;
  /** Why it was cancelled (`rule removed`); null unless cancelled. */
  cancel_reason: string | null;
  attempt_log: {
    attempt: number;
    at: string;
    http_status: number | null;
    error: string | null;
    duration_ms: number;
  }[];
}
