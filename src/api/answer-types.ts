/**
 * The JSON answers the OpenAPI document describes, one named type each: what `npm run schemas`
 * (scripts/answer-schemas.ts) turns into JSON Schemas (answer-schemas.json). The answers' own types
 * live in src/app (answers.ts and the modules it names); the few answers a route builds inline are
 * written out here. Types only: the generator reads this file and what it imports.
 */
import type { ChangepointAnswer } from '../app/analysis/changepoints.ts';
import type { IndexAnswer } from '../app/analysis/conflict-index.ts';
import type { DeadliestAnswer } from '../app/analysis/network.ts';
import type { PlaceRow } from '../app/analysis/places.ts';
import type { SignalAnswer } from '../app/analysis/signals.ts';
import type { AddedRule } from '../app/alerts/rules.ts';
import type { ApiKeyListing, CreatedApiKey } from '../app/api-keys.ts';
import type {
  AlertRuleRow,
  AlertRunAnswer,
  AlertsAnswer,
  BorderAnswer,
  BriefingAnswer,
  ClaimsAnswer,
  CompareAnswer,
  DeliveryRow,
  EventAnswer,
  EventsPage,
  ForecastAnswer,
  IndicatorsAnswer,
  FiguresByMonthAnswer,
  LedgerRow,
  NetworkAnswer,
  RelationsAnswer,
  SeriesAnswer,
  SourcesAnswer,
} from '../app/answers.ts';
import type { DraftsAnswer } from '../app/claims/draft-claims.ts';
import type { DeskEventsAnswer, DeskQueueAnswer } from '../app/desk/desk-views.ts';
import type { DisagreementsAnswer } from '../app/disagreements-answer.ts';
import type { ImportResult } from '../app/import-dataset.ts';
import type { PlacementDisagreementsAnswer } from '../app/placement-disagreements.ts';
import type { GdeltImportReport } from '../app/import-gdelt.ts';
import type { NewsTextAnswer } from '../app/news/news-text.ts';
import type { RejectionsAnswer, WarningsAnswer } from '../app/rejections.ts';
import type { GdeltGapsAnswer } from '../app/gdelt-gaps.ts';
import type { Actor, ActorGroup } from '../domain/actors.ts';
import type { DeskAuditEntry, DeskEditAnswer, DeskEvent } from '../domain/desk.ts';
import type { StoredEvent } from '../domain/placed-event.ts';

/** GET /places (`placesQuery`). */
export interface PlacesAnswer {
  places: PlaceRow[];
  /** Which lists more places matched than `limit` lists, and how to see them; null when every match is listed. */
  note: string | null;
}

/** One actor of the registry as GET /actors lists it (`note` null when the registry has none). */
export interface ActorListing {
  id: Actor['id'];
  name: Actor['name'];
  kind: Actor['kind'];
  aliases: Actor['aliases'];
  groups: Actor['groups'];
  note: string | null;
}

/** GET /actors: the registry and its groups. */
export interface ActorsAnswer {
  actors: ActorListing[];
  groups: ActorGroup[];
}

/** GET /health. */
export interface HealthAnswer {
  status: 'ok';
  engine: string;
  /** Events and source versions last read; null until the first read. */
  events: number | null;
  source_versions: number | null;
  /** The build this server runs and the one installed now; null when the server was started without one. */
  build: { running: string; installed: string | null; restart_needed: boolean } | null;
}

/** POST /imports of a dataset file (not a GDELT export). */
export interface DatasetImportAnswer {
  /** The same bytes were imported before: nothing changed (200, not 201). */
  already_imported: boolean;
  /** The import ledger's entry as GET /sources gives it: counts of rows read, accepted, rejected, added, changed, removed... */
  ledger: LedgerRow;
  /** The first 100 rejected rows (every one is in the store: `faultline rejections ID`). */
  rejections: ImportResult['rejections'];
  /** When the ledger counts more rejected rows than `rejections` lists: how many, and where every one is; else null. */
  rejections_note: string | null;
  /** Which reader parsed the file, `duckdb` or `javascript` (absent when the bytes were imported before). */
  parsed_by?: string;
  /** Why a file the engine could read was read in JavaScript. */
  parsed_in_javascript_because?: string;
  /** The alert evaluation the import ran after its commit (absent when none ran; null when it failed). */
  alerts?: AlertRunAnswer | null;
}

/** POST /imports of a GDELT event export. */
export interface GdeltImportAnswer {
  /** The same bytes were imported before: nothing changed (200, not 201). */
  already_imported: boolean;
  /** The import ledger's entry as GET /sources gives it (`out_of_scope` and `scope` when `countries` filtered). */
  ledger: LedgerRow;
  /** The first 100 rejected rows (every one is in the store: `faultline rejections ID`). */
  rejections: GdeltImportReport['rejections'];
  /** When the ledger counts more rejected rows than `rejections` lists: how many, and where every one is; else null. */
  rejections_note: string | null;
  /** Action-location FIPS codes not in the FIPS table (rows kept, their country unknown). */
  unknown_fips: GdeltImportReport['unknownFips'];
}

/** POST /imports: a dataset file's import, or a GDELT export's. */
export type ImportAnswer = DatasetImportAnswer | GdeltImportAnswer;

/** GET /keys: every key, revoked ones too (never a key or its hash). */
export interface KeysAnswer {
  keys: ApiKeyListing[];
}

/** DELETE /keys/{id}: the id of the key revoked. */
export interface KeyRevokedAnswer {
  revoked: string;
}

/** GET /desk/audit: the audit log, oldest first. */
export interface DeskAuditAnswer {
  entries: DeskAuditEntry[];
  meta: { order: string; entries: number };
}

/** GET /alerts/rules. */
export interface AlertRulesAnswer {
  rules: AlertRuleRow[];
}

/** DELETE /alerts/rules/{id}: the id of the rule removed, and how many of its pending webhook deliveries were cancelled. */
export interface AlertRuleRemovedAnswer {
  removed: number;
  /** Its deliveries that were pending (queued or being retried): cancelled, never sent. */
  cancelled_deliveries: number;
}

/** GET /alerts/deliveries: webhook deliveries newest first. */
export interface DeliveriesAnswer {
  deliveries: DeliveryRow[];
  /** Says that more deliveries match than `limit` lists; null when every match is listed. */
  note: string | null;
}

/** POST /alerts/deliveries/{id}/resend: the delivery once sent again, every attempt listed. */
export interface DeliveryResentAnswer {
  delivery: DeliveryRow;
}

/** One route as GET /api/v1 lists it. */
export interface RouteListing {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  summary: string;
  /** Who may call it (auth.ts, AuthDecision). */
  auth: 'public' | 'read' | 'analyst' | 'reviewer' | 'admin';
}

/** GET /api/v1: the API's routes, and where its documentation is. */
export interface RoutesAnswer {
  name: string;
  docs: string;
  openapi: string;
  routes: RouteListing[];
}

/**
 * Every documented answer by the name its schema has under `components/schemas`; the values of
 * src/api/response-types.ts are these names.
 */
export interface ResponseAnswers {
  EventsPage: EventsPage;
  EventAnswer: EventAnswer;
  SeriesAnswer: SeriesAnswer;
  BorderAnswer: BorderAnswer;
  CompareAnswer: CompareAnswer;
  ChangepointAnswer: ChangepointAnswer;
  SignalAnswer: SignalAnswer;
  IndexAnswer: IndexAnswer;
  NetworkAnswer: NetworkAnswer;
  DeadliestAnswer: DeadliestAnswer;
  RelationsAnswer: RelationsAnswer;
  /** GET /sources: both parts, or the one `part` names. */
  SourcesPartsAnswer: Partial<SourcesAnswer>;
  RejectionsAnswer: RejectionsAnswer;
  WarningsAnswer: WarningsAnswer;
  GdeltGapsAnswer: GdeltGapsAnswer;
  IndicatorsAnswer: IndicatorsAnswer;
  FiguresByMonthAnswer: FiguresByMonthAnswer;
  PlacesAnswer: PlacesAnswer;
  PlacementDisagreementsAnswer: PlacementDisagreementsAnswer;
  ActorsAnswer: ActorsAnswer;
  HealthAnswer: HealthAnswer;
  ForecastAnswer: ForecastAnswer;
  DisagreementsAnswer: DisagreementsAnswer;
  DraftsAnswer: DraftsAnswer;
  ClaimsAnswer: ClaimsAnswer;
  BriefingAnswer: BriefingAnswer;
  AlertsAnswer: AlertsAnswer;
  ImportAnswer: ImportAnswer;
  KeysAnswer: KeysAnswer;
  CreatedApiKey: CreatedApiKey;
  KeyRevokedAnswer: KeyRevokedAnswer;
  NewsTextAnswer: NewsTextAnswer;
  DeskEventsAnswer: DeskEventsAnswer;
  DeskEvent: DeskEvent;
  DeskEditAnswer: DeskEditAnswer;
  DeskQueueAnswer: DeskQueueAnswer;
  DeskAuditAnswer: DeskAuditAnswer;
  AlertRulesAnswer: AlertRulesAnswer;
  AddedRule: AddedRule;
  AlertRuleRemovedAnswer: AlertRuleRemovedAnswer;
  AlertRunAnswer: AlertRunAnswer;
  DeliveriesAnswer: DeliveriesAnswer;
  DeliveryResentAnswer: DeliveryResentAnswer;
  RoutesAnswer: RoutesAnswer;
}

/** The name of a documented answer's schema. */
export type ResponseAnswerName = keyof ResponseAnswers;

/**
 * The stored event whose fields, in snake_case, make EventDetail: the generator cannot read a
 * mapped type that renames its keys, so it builds EventDetail's schema from this one.
 */
export type StoredEventFields = StoredEvent;
