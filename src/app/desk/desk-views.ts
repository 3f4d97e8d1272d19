/** What the desk shows: one event, lists by state, the review queue (oldest first) and the audit log (JSON or CSV rows). */
import {
  DESK_STATES,
  type DeskActor,
  type DeskAuditEntry,
  type DeskEvent,
  type DeskQueueItem,
  type DeskState,
} from '../../domain/desk.ts';
import { choiceHint, matchChoice } from '../../domain/choice.ts';
import { invalidParam } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import type { Store } from '../../storage/store.ts';
import { loadDeskEvent, type DeskId } from './desk-id.ts';

/** GET /desk/queue, `faultline desk queue --format json`. */
export interface DeskQueueAnswer {
  queue: DeskQueueItem[];
  /** When the ages were measured. */
  as_of: string;
  meta: { order: string; waiting: number };
}

/** The review queue: submitted events (for a reviewer) and verified ones (for an admin), oldest first. */
export async function listReviewQueue(
  store: Store,
  now = new Date().toISOString(),
): Promise<DeskQueueAnswer> {
  const queue = await store.deskReviewQueue(now);
  return {
    queue,
    as_of: now,
    meta: { order: 'oldest first (by when each entered its state)', waiting: queue.length },
  };
}

/**
 * The columns of a queue row (queueRow), in its order: a CSV of an empty queue still has its header
 * (API and CLI; it was empty, a file no script could read the columns of).
 */
export const QUEUE_COLUMNS = [
  'id',
  'state',
  'version',
  'headline',
  'date_start',
  'country',
  'created_by',
  'waiting_since',
  'age_hours',
  'next_role',
  'warnings',
  'same_incident',
] as const satisfies readonly (keyof ReturnType<typeof queueRow>)[];

/**
 * A queue item as a flat row (CSV, the CLI's table): how many warnings it has, and its links as
 * `desk list` gives them ("7 possible; 9 distinct"); the JSON has each warning's words and each
 * linked event's state. The cells are quoted by the one CSV writer of every export (app/csv.ts).
 */
export function queueRow({ warnings, same_incident, ...row }: DeskQueueItem) {
  return {
    ...row,
    warnings: warnings.length,
    same_incident: same_incident.map((l) => `${l.id} ${l.relation}`).join('; '),
  };
}

/** One desk event's working copy; NotFoundError when there is none. */
export async function showDeskEvent(store: Store, id: DeskId): Promise<DeskEvent> {
  return loadDeskEvent(store, id);
}

/** Parses a comma-separated list of states; one-line error naming the valid ones. */
export function parseStates(v: string | undefined): DeskState[] | undefined {
  // An empty list is refused as an unknown state, as the API refuses `state=` (it listed every state).
  if (v === undefined) return undefined;
  return v.split(',').map((given) => {
    const s = matchChoice(given.trim(), DESK_STATES);
    if (s === undefined)
      throw invalidParam('state', `${quoteValue(given.trim())} (${choiceHint(DESK_STATES)})`);
    return s;
  });
}

/** GET /desk/events, `faultline desk list --format json`: desk events newest first. */
export interface DeskEventsAnswer {
  events: DeskEvent[];
  /** The states asked for, how many are shown, the limit, and whether more were left out. */
  meta: { states: DeskState[] | 'all'; shown: number; limit: number; truncated: boolean };
}

/** Desk events in some states (all when none), newest first, with how many there are by state. */
export async function listDeskEvents(
  store: Store,
  states?: DeskState[],
  limit = 1000,
): Promise<DeskEventsAnswer> {
  const events = await store.listDeskEvents({ states, limit: limit + 1 });
  const truncated = events.length > limit;
  return {
    events: events.slice(0, limit),
    meta: { states: states ?? 'all', shown: Math.min(events.length, limit), limit, truncated },
  };
}

/** Audit entries read per query: the store answers at most this many at once (its default, 10,000). */
export const AUDIT_PAGE = 10_000;

/**
 * The audit log of one event (or all), oldest first: who did what, when, and the event before and
 * after. Read page by page to the end: an export of the audit trail is never cut at the store's
 * page size.
 */
export async function auditLog(store: Store, event?: DeskId, page = AUDIT_PAGE): Promise<DeskAuditEntry[]> {
  const eventId = event === undefined ? undefined : (await loadDeskEvent(store, event)).id;
  const entries: DeskAuditEntry[] = [];
  for (let afterSeq = 0; ;) {
    const rows = await store.listDeskAudit({ eventId, afterSeq, limit: page });
    entries.push(...rows);
    if (rows.length < page) return entries;
    afterSeq = rows.at(-1)!.seq;
  }
}

/** The columns of an audit row (auditRow), in its order: a CSV of no entries still has its header (API and CLI). */
export const AUDIT_COLUMNS = [
  'seq',
  'event_id',
  'at',
  'actor_id',
  'actor_name',
  'actor_role',
  'action',
  'state_before',
  'state_after',
  'reason',
  'before',
  'after',
] as const satisfies readonly (keyof ReturnType<typeof auditRow>)[];

/** An audit entry as a flat row (CSV): before and after as JSON text. */
export function auditRow(a: DeskAuditEntry): Record<string, string | number | null> {
  return {
    seq: a.seq,
    event_id: a.event_id,
    at: a.at,
    actor_id: a.actor_id,
    actor_name: a.actor_name,
    actor_role: a.actor_role,
    action: a.action,
    state_before: a.state_before,
    state_after: a.state_after,
    reason: a.reason,
    before: a.before === null ? null : JSON.stringify(a.before),
    after: JSON.stringify(a.after),
  };
}

/** The identity of the CLI run without a key: the store's owner, with the admin role. */
export const LOCAL_ACTOR: DeskActor = { id: 'local', name: 'local user', role: 'admin' };
