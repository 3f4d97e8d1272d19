/** The answer of `faultline disagreements`, GET /api/v1/disagreements and the dashboard's "Sources disagree" view (types and plain data only). */
import type { EventFilter } from '../domain/query.ts';

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
  /** The lowest score among the links that joined it. */
  score: number;
}

/** The answer of `faultline disagreements` and GET /api/v1/disagreements. */
export interface DisagreementsAnswer {
  filter: EventFilter;
  sources: string[];
  window: { days: number; km: number };
  threshold: number;
  /** The lead a link needs over its rivals of the same source to join its records (the ambiguity margin). */
  margin: number;
  tolerances: { deaths_share: number; days: number };
  records: number;
  incidents: number;
  multi_source: number;
  /** Incidents that disagree (on `differ` when the request names it). */
  disagreeing_total: number;
  /** The difference asked for, or null for any. */
  differ: Difference | null;
  /** Incidents where the sources differ beyond the tolerances, largest death toll first, at most `limit`. */
  disagreeing: Incident[];
  /** Incidents only one source reports, per source. */
  single_source: { source: string; incidents: number }[];
  /** Per month and ordered pair of sources: how many of A's records B also has in the same incident. */
  coverage: {
    month: string;
    source: string;
    other: string;
    records: number;
    also_in_other: number;
    share: number;
  }[];
  /** Where the links come from: stored runs (current, relinked first when stale) or computed for this answer. */
  linkage: LinkageBasis;
  notes: string[];
}

/** The basis of an answer's links. */
export interface LinkageBasis {
  basis: 'stored' | 'computed_on_request';
  /** Whether stale or missing stored links were computed again for this answer. */
  relinked: boolean;
  /** The stored runs used, with the source versions each was computed from. */
  runs: {
    from: string;
    to: string;
    computed_at: string;
    source_versions: { source: string; version: string; events: number }[];
  }[];
}
