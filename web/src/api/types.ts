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
  EventsPage,
  EventSummary,
  ImprecisePoint,
  IndicatorRow as StatisticRow,
  LedgerRow as ImportRow,
  Meta,
  NetworkAnswer,
  SeriesAnswer,
  SeriesPoint,
  SourcesAnswer,
  SourceUse,
  Verdict,
} from '../../../src/app/answers.ts';
import type { EventSummary } from '../../../src/app/answers.ts';

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
