/**
 * Desk events: events analysts enter by hand (or accept from a news draft) in the source
 * `faultline-desk`, with their citations, the words each field came from, a review state and an
 * edit version. Only published desk events reach the events table, and counts leave them out
 * unless asked (see docs/desk.md). Plain types and the state machine; no I/O.
 */
import type { CommonType, DatePrecision } from './event.ts';

/** The source every desk event is stored under. */
export const DESK_SOURCE = 'faultline-desk';

/** Review states of a desk event. Only `published` counts. */
export type DeskState = 'draft' | 'submitted' | 'verified' | 'published' | 'rejected' | 'retracted';
/** Every review state, in workflow order. */
export const DESK_STATES: readonly DeskState[] = [
  'draft',
  'submitted',
  'verified',
  'published',
  'rejected',
  'retracted',
];

/** What a person can do to a desk event; each is one audit entry. */
export type DeskAction = 'create' | 'edit' | 'submit' | 'verify' | 'reject' | 'publish' | 'retract';
/** Every desk action. */
export const DESK_ACTIONS: readonly DeskAction[] = [
  'create',
  'edit',
  'submit',
  'verify',
  'reject',
  'publish',
  'retract',
];

/** API key roles, least to most privileged (reviewer sits between analyst and admin). */
export type KeyRole = 'viewer' | 'analyst' | 'reviewer' | 'admin';

/** Who acts: an API key's id, name and role, or the local CLI identity (`local`, admin). */
export interface DeskActor {
  id: string;
  name: string | null;
  role: KeyRole;
}

/** A news report an event is cited from. */
export interface DeskCitation {
  url: string;
  outlet: string;
  /** When the outlet published it: an ISO 8601 date or date-time. */
  published_at: string;
  /** The words of the report the event rests on. */
  quote: string;
}

/**
 * The article a news draft was read from: as a citation, but with what the text did not say null
 * (a pasted text without its address or publication time is still a news report, not typed in).
 */
export interface DeskNewsOrigin {
  url: string | null;
  outlet: string | null;
  published_at: string | null;
  /** The passage the draft was read from. */
  quote: string;
}

/** Where a desk event came from: typed in by hand, or a news draft (news ingestion) with its article. */
export type DeskOrigin = { kind: 'manual' } | ({ kind: 'news' } & DeskNewsOrigin);

/** The event's content, as the analyst gives it (unknown numbers are null, never 0). */
export interface DeskFields {
  date_start: string | null;
  date_end: string | null;
  date_precision: DatePrecision;
  country: string | null;
  admin1: string | null;
  admin2: string | null;
  place: string | null;
  lat: number | null;
  lon: number | null;
  common_type: CommonType;
  actor1: string | null;
  actor2: string | null;
  fatalities_best: number | null;
  fatalities_low: number | null;
  fatalities_high: number | null;
  deaths_side_a: number | null;
  deaths_side_b: number | null;
  deaths_civilians: number | null;
  deaths_unknown: number | null;
  injured: number | null;
  headline: string | null;
  notes: string | null;
}

/** Field names of a desk event's content. */
export type DeskField = keyof DeskFields;

/** The words each field was read from (news drafts), by field name. */
export type DeskEvidence = Partial<Record<DeskField, string>>;

/**
 * How a desk event stands to another that may report the same incident: `possible` until a
 * publisher says; `supersedes` / `superseded_by` (the newer report replaced the older, which left
 * the counts); `distinct` (two incidents, both count).
 */
export type DeskIncidentRelation = 'possible' | 'supersedes' | 'superseded_by' | 'distinct';

/** Another desk event that may be the same incident (same day and place), and how the two relate. */
export interface DeskIncidentLink {
  id: number;
  relation: DeskIncidentRelation;
}

/** A warning the news reader gave the draft (actor_inferred, toll_date, ...; docs/news.md), kept for the verifier. */
export interface DeskWarning {
  /** The draft's problem code. */
  code: string;
  /** The draft field it is about: date, place, actors, killed, injured or type. */
  field: string;
  message: string;
}

/** A desk event's working copy: content, citations, evidence, state and who did what. */
export interface DeskEvent {
  id: number;
  /** Edit version: 1 when created, +1 on every edit. */
  version: number;
  state: DeskState;
  fields: DeskFields;
  citations: DeskCitation[];
  from_words: DeskEvidence;
  origin: DeskOrigin;
  /** What keeps the event from being submitted (missing citation, a date in the future, ...). */
  problems: string[];
  /**
   * The JSON names of the fields each problem is about, parallel to `problems` (`[["date_start"],
   * ["lat", "lon"], ["citations"]]`): a form marks its fields from these, never from the wording.
   */
  problem_fields: string[][];
  created_by: string;
  created_at: string;
  updated_at: string;
  /** When the event entered its current state. */
  state_since: string;
  /** Key ids of everyone who created or edited it (none of them may review it). */
  authors: string[];
  submitted_at: string | null;
  verified_by: string | null;
  /** The reviewer's reason, while rejected. */
  reject_reason: string | null;
  /** The edit version counted now (state published), else null. */
  published_version: number | null;
  /** Other desk events that may be the same incident, both ways; publishing one beside a published other needs a decision. */
  same_incident: DeskIncidentLink[];
  /** What the news reader warned of in the draft it was saved from (none for one typed in); an edit of the field drops its warning. */
  warnings: DeskWarning[];
}

/**
 * An edit's answer: the event after it, and the possible-same-incident links the edit made (`made`:
 * desk events of its new day and place) and dropped (`dropped`: its old day or place no longer
 * holds); both empty when the edit left its day and place as they were.
 */
export interface DeskEditAnswer extends DeskEvent {
  relinked: { made: number[]; dropped: number[] };
}

/** One append-only audit log entry: who did what to which event, when, and the event before and after. */
export interface DeskAuditEntry {
  seq: number;
  event_id: number;
  at: string;
  actor_id: string;
  actor_name: string | null;
  actor_role: KeyRole;
  action: DeskAction;
  state_before: DeskState | null;
  state_after: DeskState;
  reason: string | null;
  before: DeskEvent | null;
  after: DeskEvent;
}

/** A desk event waiting for review, with how long it has waited. */
export interface DeskQueueItem {
  id: number;
  state: 'submitted' | 'verified';
  version: number;
  headline: string | null;
  date_start: string | null;
  country: string | null;
  created_by: string;
  /** When it entered its state (submitted, or verified and waiting to be published). */
  waiting_since: string;
  /** Whole hours since then. */
  age_hours: number;
  /** The role that acts next: reviewer for submitted, admin for verified. */
  next_role: 'reviewer' | 'admin';
  /** What the news reader warned of (as the event keeps it): the reviewer sees it before verifying. */
  warnings: DeskWarning[];
  /** Other desk events that may be the same incident, how they relate (as the event keeps them), and each one's state now. */
  same_incident: DeskQueueLink[];
}

/**
 * A same-incident link as the review queue gives it: with the other event's state now, since
 * publishing one "replacing" the other (supersedes) is allowed only while the other is published.
 */
export interface DeskQueueLink extends DeskIncidentLink {
  state: DeskState;
}

/** One allowed state change: from which states, to which, and the least role. */
export interface DeskTransition {
  from: readonly DeskState[];
  to: (from: DeskState) => DeskState;
  role: KeyRole;
  /** Review actions: nobody may take them on an event they created or edited. */
  review: boolean;
}

/**
 * The workflow. An edit of an event under review or published sends it (back) to review, and a
 * published event leaves the counts until it is published again; an edit of a rejected event
 * makes it a draft again. Retracting a published event is an admin's, retracting one not yet
 * published an analyst's.
 */
export const DESK_TRANSITIONS: Record<Exclude<DeskAction, 'create'>, DeskTransition> = {
  edit: {
    from: ['draft', 'submitted', 'verified', 'published', 'rejected'],
    to: (s) => (s === 'draft' || s === 'rejected' ? 'draft' : 'submitted'),
    role: 'analyst',
    review: false,
  },
  submit: { from: ['draft', 'rejected'], to: () => 'submitted', role: 'analyst', review: false },
  verify: { from: ['submitted'], to: () => 'verified', role: 'reviewer', review: true },
  reject: { from: ['submitted', 'verified'], to: () => 'rejected', role: 'reviewer', review: true },
  publish: { from: ['verified'], to: () => 'published', role: 'admin', review: false },
  retract: {
    from: ['draft', 'submitted', 'verified', 'published', 'rejected'],
    to: () => 'retracted',
    role: 'analyst',
    review: false,
  },
};

/** The least role an action needs on an event in a state (retracting a published event needs admin). */
export function roleNeeded(action: DeskAction, state: DeskState | null): KeyRole {
  if (action === 'create') return 'analyst';
  if (action === 'retract' && state === 'published') return 'admin';
  return DESK_TRANSITIONS[action].role;
}

/** The canonical event id of a published desk event. */
export function deskEventId(id: number): string {
  return `${DESK_SOURCE}:${id}`;
}

/** The source version of a desk event's edit version (`edit-3`). */
export function deskVersion(version: number): string {
  return `edit-${version}`;
}
