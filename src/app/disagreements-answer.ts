/** The answer of `faultline disagreements`, GET /api/v1/disagreements and the dashboard's "Sources disagree" view (types and plain data only). */
import type { IncidentLink } from '../domain/incident-links.ts';
import type { LinkageBasis } from '../domain/linkage-basis.ts';
import type { EventFilter } from '../domain/query.ts';
import type { CoverageStatus } from './answers.ts';

export type { IncidentLink } from '../domain/incident-links.ts';
export type { LinkageBasis } from '../domain/linkage-basis.ts';

/** One record of an incident as the answer lists it. */
export interface IncidentRecord {
  id: string;
  source: string;
  source_version: string;
  date_start: string;
  admin1_code: string | null;
  place: string | null;
  fatalities_best: number | null;
  actors: string[];
}

/** What the records of an incident can differ on. */
export type Difference = 'deaths' | 'date' | 'province' | 'perpetrator';
/** Every difference, in the order answers list them. */
export const DIFFERENCES: readonly Difference[] = ['deaths', 'date', 'province', 'perpetrator'];

/** An incident reported by two or more sources, with what they disagree on. */
export interface Incident {
  id: string;
  records: IncidentRecord[];
  differ: Difference[];
  /**
   * The lowest score among `links`; null when no link joins two of the listed records (they were
   * joined only through records the filter leaves out, named in `through`), never a made-up 1.
   */
  score: number | null;
  /** The links between listed records that joined them, best first. */
  links: IncidentLink[];
  /** The incident's records that the filter leaves out (another source, actor, place or date), by id. */
  through: string[];
}

/** The answer of `faultline disagreements` and GET /api/v1/disagreements. */
export interface DisagreementsAnswer {
  filter: EventFilter;
  /** Sources with events under the filter. */
  sources: string[];
  /** The period judged: the filter's, its missing ends taken from what the loaded sources cover. */
  period: { from: string; to: string };
  /** How much of `period` the loaded sources matching the filter cover. */
  coverage_status: CoverageStatus;
  /** Spans of `period` no loaded source covers (inclusive dates). */
  uncovered: { from: string; to: string }[];
  window: { days: number; km: number };
  threshold: number;
  /** The lead a link needs over its rivals of the same source to join its records (the ambiguity margin). */
  margin: number;
  tolerances: { deaths_share: number; days: number };
  /** The counts are null (not 0) when `coverage_status` is `not_covered`: nothing is known there. */
  records: number | null;
  incidents: number | null;
  multi_source: number | null;
  /** Incidents that disagree (on `differ` when the request names it). */
  disagreeing_total: number | null;
  /** The difference asked for, or null for any. */
  differ: Difference | null;
  /** Incidents where the sources differ beyond the tolerances, largest death toll first, at most `limit`. */
  disagreeing: Incident[];
  /**
   * Incidents only one source reports, per source; `where_others_cover` counts those on a day (and in
   * a country) that another loaded source covers: the others could have reported them and did not.
   * `linked_outside_filter` counts those whose stored incident holds a record of another source that
   * the filter leaves out (another actor, place or date): not missed, coded otherwise; they are not
   * in `where_others_cover`. Always 0 when the links are computed on request.
   */
  single_source: {
    source: string;
    incidents: number;
    where_others_cover: number;
    linked_outside_filter: number;
  }[];
  /**
   * With `only_in` (a source): the records behind its `where_others_cover`, i.e. the incidents only it
   * reports on days (and in countries) another compared source covers, with the sources that cover
   * them (`not_in`); largest death toll first, at most `limit`, `total` counting all. Null without it.
   */
  only_in: {
    source: string;
    total: number;
    records: (IncidentRecord & { not_in: string[] })[];
  } | null;
  /**
   * Per month and ordered pair of sources (B: every source with events, and every source covering
   * part of the period without any): A's records, those on days and in countries B covers, how many
   * of these B also has in the same incident, and that share (null where B covers none of them:
   * not covered, not 0).
   */
  coverage: {
    month: string;
    source: string;
    other: string;
    records: number;
    covered_by_other: number;
    also_in_other: number;
    share: number | null;
  }[];
  /** Where the links come from: stored runs (current, relinked first when stale) or computed for this answer. */
  linkage: LinkageBasis;
  notes: string[];
}
