/**
 * Shapes of the API answers the dashboard reads (see docs/api.md). The answers the server declares
 * in src/app/answers.ts are imported from there, type-only: a server change that breaks the
 * dashboard fails `npm run check` (tsc -p web). Nothing is copied by hand here.
 */
export type {
  BriefingAnswer,
  BriefingBorderRelations,
  BriefingKeyFigure,
  BorderAnswer,
  BorderRow,
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
  IndicatorRow,
  IndicatorRow as StatisticRow,
  LedgerRow as ImportRow,
  IndicatorsAnswer,
  Meta,
  NetworkAnswer,
  RelationsAnswer,
  RelationsPoint,
  SeriesAnswer,
  SeriesPoint,
  SourcesAnswer,
  SourceUse,
  UnitEntry as Unit,
  Verdict,
} from '../../../src/app/answers.ts';
export type { DisagreementsAnswer, Incident } from '../../../src/app/disagreements-answer.ts';
