/**
 * Shapes of the API answers the dashboard reads (see docs/api.md). The answers the server declares
 * in src/app/answers.ts are imported from there, type-only: a server change that breaks the
 * dashboard fails `npm run check` (tsc -p web). The rest are declared here until the server
 * declares them.
 */
export type {
  AlertConditionRow,
  AlertRow,
  AlertsAnswer,
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
  ForecastAnswer,
  ForecastRow,
  SkillScores,
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

/** An admin-1 unit from geo/units.json. */
export interface Unit {
  code: string;
  country: string;
  name: string;
  name_ur: string | null;
  name_fa: string | null;
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
