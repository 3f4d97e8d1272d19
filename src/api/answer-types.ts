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
import type {
  AlertsAnswer,
  BorderAnswer,
  BriefingAnswer,
  ClaimsAnswer,
  CompareAnswer,
  EventAnswer,
  EventsPage,
  ForecastAnswer,
  IndicatorsAnswer,
  NetworkAnswer,
  RelationsAnswer,
  SeriesAnswer,
  SourcesAnswer,
} from '../app/answers.ts';
import type { DraftsAnswer } from '../app/claims/draft-claims.ts';
import type { DisagreementsAnswer } from '../app/disagreements-answer.ts';
import type { Actor, ActorGroup } from '../domain/actors.ts';
import type { StoredEvent } from '../domain/placed-event.ts';

/** GET /places (`placesQuery`). */
export interface PlacesAnswer {
  places: PlaceRow[];
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
  IndicatorsAnswer: IndicatorsAnswer;
  PlacesAnswer: PlacesAnswer;
  ActorsAnswer: ActorsAnswer;
  HealthAnswer: HealthAnswer;
  ForecastAnswer: ForecastAnswer;
  DisagreementsAnswer: DisagreementsAnswer;
  DraftsAnswer: DraftsAnswer;
  ClaimsAnswer: ClaimsAnswer;
  BriefingAnswer: BriefingAnswer;
  AlertsAnswer: AlertsAnswer;
}

/** The name of a documented answer's schema. */
export type ResponseAnswerName = keyof ResponseAnswers;

/**
 * The stored event whose fields, in snake_case, make EventDetail: the generator cannot read a
 * mapped type that renames its keys, so it builds EventDetail's schema from this one.
 */
export type StoredEventFields = StoredEvent;
