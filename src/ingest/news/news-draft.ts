/**
 * A draft event read from a news text: every field carries the words it came from, and a list of
 * problems says what is missing or doubtful. A draft never counts until a person accepts it (the
 * desk maps drafts to desk events). Keys are snake_case because this is the wire shape: the CLI's
 * `--format json` prints it as it is.
 */

/** A value read from the text, with the words it came from ([] when nothing was found; value null then). */
export interface DraftField<T> {
  value: T | null;
  words: string[];
}

/** Where a draft says the event happened: a town or crossing, a district, a province, or only a country. */
export interface DraftPlace {
  name: string;
  kind: 'place' | 'district' | 'admin1' | 'country';
  /** ISO 3166-1 alpha-3. */
  country: string;
  /** ISO 3166-2 code of the province. */
  admin1_code: string | null;
  admin1_name: string | null;
  /** Coordinates of a town (GeoNames) or a province's label point; null for a district or a country. */
  lat: number | null;
  lon: number | null;
  /**
   * Whose point it is when it is not GeoNames' or Natural Earth's, for the verifier to weigh: a
   * curated alias's source, or UCDP's geocoding of a village (`UCDP's geocoding (GED 22.1):
   * "Spin Drand town", where_prec 1, 6 events`); null otherwise.
   */
  point_source: string | null;
}

/** An actor of the registry named in the text. */
export interface DraftActor {
  /** Registry id (src/domain/actors.ts). */
  id: string;
  name: string;
}

/** Who the victims were, as far as the words say. */
export type VictimClass = 'security_forces' | 'militants' | 'civilians' | 'unspecified';

/** How a count is bounded by its words: "five" exact, "at least 12", "more than 30", "up to 28", "about 40". */
export type CountBound = 'exact' | 'at_least' | 'more_than' | 'up_to' | 'about';

/** One count of victims of one class: "at least 12 militants". */
export interface VictimCount {
  count: number;
  bound: CountBound;
  victims: VictimClass;
  /** The noun phrase naming the victims ("Pakistan Army soldiers"). */
  victim_words: string;
}

/** Killed or injured: the groups the text names, and their sum with the loosest bound among them. */
export interface Casualties {
  total: number;
  bound: CountBound;
  groups: VictimCount[];
}

/** Event types a draft can carry (the words that decide each are in event-type.ts). */
export type DraftEventType =
  | 'suicide_bombing'
  | 'bombing'
  | 'air_strike'
  | 'armed_clash'
  | 'attack'
  | 'security_operation'
  | 'abduction';

/** What is missing or doubtful in a draft, for the reviewer. */
export interface DraftProblem {
  field: 'date' | 'place' | 'actors' | 'killed' | 'injured' | 'type';
  /** Stable code: no_date, unread_published, future_date, toll_date, night_date, no_place, outside_countries, country_only, dateline_only, split_district, no_actors, victims_only, actor_inferred, actor_as_speaker, ambiguous_actor, no_casualties, other_count, vague_count, no_type (docs/news.md). */
  code: string;
  /** One line quoting the value. */
  message: string;
}

/** Where a draft was read from. */
export interface DraftSource {
  url: string | null;
  outlet: string | null;
  title: string | null;
  /** Publication time (ISO 8601), null when the text does not give one. */
  published: string | null;
}

/** A draft event read from one passage of a news text. */
export interface NewsDraft {
  source: DraftSource;
  /** The passage the fields were read from (the headline and lead, or one item of a digest page). */
  passage: string;
  /** Day of the event, YYYY-MM-DD. */
  date: DraftField<string>;
  place: DraftField<DraftPlace>;
  actors: DraftField<DraftActor[]>;
  killed: DraftField<Casualties>;
  injured: DraftField<Casualties>;
  type: DraftField<DraftEventType>;
  problems: DraftProblem[];
}
