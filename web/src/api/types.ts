/**
 * Shapes of the API answers the dashboard reads (see docs/api.md). The answers the server declares
 * in src/app/answers.ts are imported from there, type-only: a server change that breaks the
 * dashboard fails `npm run check` (tsc -p web). The rest are declared here until the server
 * declares them.
 */
export type {
  ClaimEvidence,
  ClaimResult,
  ClaimsAnswer,
  CompareAnswer,
  CoverageEntry,
  CoverageStatus,
  DyadRow as Dyad,
  EventAnswer,
  EventDetail,
  EventFeature,
  EventsGeojson,
  EventsPage,
  EventSummary,
  ImprecisePoint,
  LedgerRow as ImportRow,
  Meta,
  NetworkAnswer,
  SeriesAnswer,
  SeriesPoint,
  SourcesAnswer,
  SourceUse,
  Verdict,
} from '../../../src/app/answers.ts';
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
  /** The months the history took from each source, in order. */
  rests_on: { source: string; versions: string[]; from: string; to: string }[];
  /** Months no loaded source covers: missing, not zero. */
  missing: { from: string; to: string }[];
  model: string;
  forecasts: ForecastRow[];
  /** Null for a month no loaded source covers. */
  observed: { unit: string; months: string[]; values: (number | null)[] }[];
  /** Null when no backtest origin has the data (skill_note says why). */
  skill_note: string | null;
  skill: {
    origins: string[];
    methods: Record<string, SkillScores>;
    crps_ratio: number;
    ign_diff: number;
    mis_ratio: number;
    best_baseline: { crps: string; ign: string; mis: string };
    draws: number;
  } | null;
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
