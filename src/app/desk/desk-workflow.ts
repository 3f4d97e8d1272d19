/**
 * The desk's use cases: create, edit, submit, verify, reject, publish and retract a desk event,
 * each checked against the workflow (domain/desk.ts) and the actor's role, each written with its
 * audit entry in one transaction. Only publishing puts the event into the counts (as source
 * faultline-desk); an edit of a published event or a retraction takes it out again.
 */
import {
  DESK_TRANSITIONS,
  roleNeeded,
  type DeskAction,
  type DeskActor,
  type DeskEditAnswer,
  type DeskEvent,
  type DeskEvidence,
  type DeskField,
  type DeskFields,
  type DeskState,
  type DeskWarning,
} from '../../domain/desk.ts';
import { isDeepStrictEqual } from 'node:util';
import { ConflictError, InvalidInputError } from '../../domain/errors.ts';
import type { Event } from '../../domain/event.ts';
import type { EventGeo, StagedEvent } from '../../domain/placed-event.ts';
import { quoteValue } from '../../domain/quote.ts';
import type { DeskChange, DeskTransactionReads, Store } from '../../storage/store.ts';
import { invalidateMemo } from '../analysis/memo.ts';
import { roleAtLeast } from '../api-keys.ts';
import { ForbiddenError } from '../errors.ts';
import { deskCanonical } from './desk-canonical.ts';
import { loadDeskEvent, type DeskId } from './desk-id.ts';
import { applyFields, EMPTY_FIELDS, parseDeskInput, type DeskInput } from './desk-input.ts';
import type { DeskNames } from './desk-names.ts';
import { deskProblemList, type DeskProblem } from './desk-problems.ts';
import { alertsAfterWrite } from '../alerts/background.ts';
import {
  decidePublish,
  JSON_RELATIONS,
  linkRows,
  relinkAfterEdit,
  sameIncident,
  verifyNotice,
  type Relink,
  warningsStill,
  type PublishRelations,
  type RelationNames,
} from './desk-incident.ts';

/** What the use cases need besides the store: a placer for published events, a clock, a listener. */
export interface DeskDeps {
  /** Places a published event on units, border and grid (as imports do); none: unplaced. */
  place?: (e: Event) => EventGeo;
  /** The current time, ISO 8601 (tests fix it). */
  now?: () => string;
  /** Called after every change is written (alert rules on review changes hook in here). */
  onChange?: (event: DeskEvent, action: DeskAction) => void | Promise<void>;
  /** Evaluate the alert rules after each change (default true; one query when the store has none). */
  alerts?: boolean;
  /** How a refusal names the fields (the CLI's flags); the JSON fields when not given. The event keeps JSON names. */
  names?: DeskNames;
  /** How a refusal to publish names supersedes and distinct_from (the CLI's flags); the JSON keys when not given. */
  relationNames?: RelationNames;
}

export { parseDeskId, type DeskId } from './desk-id.ts';

/** An event's problems as it keeps them: the statements, and the fields of each alongside. */
const problemsOf = (list: DeskProblem[]) => ({
  problems: list.map((p) => p.message),
  problem_fields: list.map((p) => p.fields),
});

/** Refuses to submit or publish an event with problems: all of them in one line, with every field they name. */
function refuseProblems(action: 'submit' | 'publish', e: DeskEvent, now: string, deps: DeskDeps): void {
  const problems = deskProblemList(e.fields, e.citations, now, deps.names);
  if (problems.length)
    throw new InvalidInputError(
      `cannot ${action} desk event ${quoteValue(e.id)}: ${problems.map((p) => p.message).join('; ')}`,
      [...new Set(problems.flatMap((p) => p.fields))],
    );
}

const who = (by: DeskActor) => (by.id === 'local' ? 'the local user' : `key ${quoteValue(by.id)}`);

/** Refuses (ForbiddenError, 403) an actor whose role is too low for an action on an event in `state` (null: a new event). */
export function allow(action: DeskAction, state: DeskState | null, by: DeskActor): void {
  const needed = roleNeeded(action, state);
  if (!roleAtLeast(by.role, needed))
    throw new ForbiddenError(
      `forbidden: ${action}${state === 'published' && action === 'retract' ? ' of a published desk event' : ''} needs the ${needed} role; ${who(by)} has ${by.role}`,
    );
}

/** One event's change with its audit entry. */
function change(
  action: DeskAction,
  before: DeskEvent | null,
  after: DeskEvent,
  by: DeskActor,
  reason: string | null,
  counted?: StagedEvent | null,
): Omit<DeskChange, 'also' | 'links' | 'unlinks'> {
  return {
    event: after,
    expected: before ? { state: before.state, version: before.version } : null,
    audit: {
      event_id: after.id,
      at: after.updated_at,
      actor_id: by.id,
      actor_name: by.name,
      actor_role: by.role,
      action,
      state_before: before?.state ?? null,
      state_after: after.state,
      reason,
      before,
      after,
    },
    counted,
  };
}

/** What follows every written change: the answer cache, the listener, the alert rules. */
async function written(store: Store, deps: DeskDeps, c: DeskChange): Promise<DeskEvent> {
  if (c.counted !== undefined || c.also?.some((a) => a.counted !== undefined)) invalidateMemo(store);
  for (const a of c.also ?? []) await deps.onChange?.(a.event, a.audit.action);
  await deps.onChange?.(c.event, c.audit.action);
  // Review changes are a trigger of the alert rules (a desk event waiting too long: desk_review; a published
  // one near the border: border rules with include_desk, docs/alerts.md).
  if (deps.alerts !== false) await alertsAfterWrite(store, 'review');
  return c.event;
}

async function write(
  store: Store,
  deps: DeskDeps,
  action: DeskAction,
  before: DeskEvent | null,
  after: DeskEvent,
  by: DeskActor,
  reason: string | null,
  counted?: StagedEvent | null,
  more: Pick<DeskChange, 'links' | 'unlinks' | 'also'> = {},
): Promise<DeskEvent> {
  const c: DeskChange = { ...change(action, before, after, by, reason, counted), ...more };
  await store.saveDeskChange(c);
  return written(store, deps, c);
}

/**
 * The desk events the same-incident rule compares an event with: those of its day and country, as
 * the write transaction reads them (none when it has no day or country, which the rule needs).
 */
const sameDay = (desk: DeskTransactionReads, f: DeskFields) =>
  f.date_start && f.country ? desk.deskEventsOfDay(f.date_start, f.country) : Promise.resolve([]);

/** What a news draft adds to the desk event saved from it: the reader's warnings. */
export interface DraftExtras {
  warnings?: DeskWarning[];
}

/**
 * Creates a draft (analyst or above) from a person's or a news draft's input; its problems are
 * listed, never hidden. However it was made (desk add, the API, a news draft), it is linked both
 * ways to the other desk events of its day and place as maybe the same incident (desk-incident.ts).
 */
export async function createDeskEvent(
  store: Store,
  input: unknown,
  by: DeskActor,
  deps: DeskDeps = {},
  extras: DraftExtras = {},
): Promise<DeskEvent> {
  return (await createDeskEventOnce(store, input, by, deps, extras, () => Promise.resolve(null))).event;
}

/**
 * Creates a draft as createDeskEvent does, unless `savedBefore` finds, as the write transaction
 * reads the desk, the event this input was saved as already: then nothing is written and that
 * event is the answer, `already_saved`. Two saves of one news passage at once (two analysts, two
 * requests) so make one desk event, not two.
 */
export async function createDeskEventOnce(
  store: Store,
  input: unknown,
  by: DeskActor,
  deps: DeskDeps,
  extras: DraftExtras,
  savedBefore: (desk: DeskTransactionReads) => Promise<DeskEvent | null>,
): Promise<{ event: DeskEvent; already_saved: boolean }> {
  allow('create', null, by);
  const given: DeskInput = parseDeskInput(input);
  const now = deps.now?.() ?? new Date().toISOString();
  const fields = applyFields(EMPTY_FIELDS, given);
  const citations = given.citations ?? [];
  // A draft may lack much, but a draft of nothing is a slip (an empty form saved, `desk add` typed to see its use).
  if (isDeepStrictEqual(fields, EMPTY_FIELDS) && !citations.length)
    throw new InvalidInputError(
      'nothing to add: give at least one field of the desk event (its date, place, headline, sides, deaths or a citation)',
    );
  // An id taken by a save that then finds its passage saved meanwhile is left unused (ids are never reused).
  const event: DeskEvent = {
    id: await store.nextDeskEventId(),
    version: 1,
    state: 'draft',
    fields,
    citations,
    from_words: given.from_words ?? {},
    origin: given.origin ?? { kind: 'manual' },
    ...problemsOf(deskProblemList(fields, citations, now)),
    created_by: by.id,
    created_at: now,
    updated_at: now,
    state_since: now,
    authors: [by.id],
    submitted_at: null,
    verified_by: null,
    reject_reason: null,
    published_version: null,
    same_incident: [],
    warnings: extras.warnings ?? [],
  };
  let earlier = null as DeskEvent | null;
  // Decided inside the write transaction: two creates of one incident at once (two analysts, two
  // requests) each see the other, so neither misses the link; two saves of one passage, the first.
  const c = await store.decideDeskChange(async (desk) => {
    earlier = await savedBefore(desk);
    if (earlier) return null;
    const others = sameIncident(await sameDay(desk, fields), event);
    const linked: DeskEvent = { ...event, same_incident: others.map((id) => ({ id, relation: 'possible' })) };
    return {
      ...change('create', null, linked, by, null),
      links: others.flatMap((id) => linkRows(event.id, id, 'possible', now)),
    };
  });
  // A decision of null is the passage found saved: the earlier event is the answer.
  if (c === null) return { event: earlier!, already_saved: true };
  return { event: await written(store, deps, c), already_saved: false };
}

/**
 * Checks a state change and returns the event as it was. The role the action needs at least comes
 * first, as the API's route checks it: a role too low learns nothing of the event (not whether it
 * exists, nor its state). The role its state needs (retracting a published event) comes after.
 */
async function begin(store: Store, id: DeskId, action: Exclude<DeskAction, 'create'>, by: DeskActor) {
  allow(action, null, by);
  const before = await loadDeskEvent(store, id);
  const t = DESK_TRANSITIONS[action];
  if (!t.from.includes(before.state))
    throw new ConflictError(
      `cannot ${action} desk event ${quoteValue(before.id)}: it is ${before.state} (${action} applies to ${t.from.join(', ')} events)`,
    );
  allow(action, before.state, by);
  if (t.review && before.authors.includes(by.id))
    throw new ForbiddenError(
      `forbidden: ${who(by)} created or edited desk event ${quoteValue(before.id)} and may not ${action} it; another reviewer must`,
    );
  return { before, to: t.to(before.state) };
}

function moved(before: DeskEvent, to: DeskState, now: string, extra: Partial<DeskEvent> = {}): DeskEvent {
  return {
    ...before,
    ...extra,
    state: to,
    updated_at: now,
    state_since: to === before.state ? before.state_since : now,
  };
}

// The fields each piece of evidence stands for (news-to-desk fills them so): the words of "place"
// gave the country, province, district and town; those of "actor1" both sides; "fatalities_best" the range.
const EVIDENCE_OF: Partial<Record<DeskField, readonly DeskField[]>> = {
  place: ['country', 'admin1', 'admin2', 'place'],
  actor1: ['actor1', 'actor2'],
  fatalities_best: ['fatalities_best', 'fatalities_low', 'fatalities_high'],
};

/**
 * The evidence that still holds after an edit: the words a field was read from no longer back it
 * once a person changed its value ("on Thursday" is not where a date_start typed over it came
 * from). The audit entry keeps the words as they were.
 */
function evidenceStill(evidence: DeskEvidence, before: DeskFields, after: DeskFields): DeskEvidence {
  return Object.fromEntries(
    Object.entries(evidence).filter(([key]) =>
      (EVIDENCE_OF[key as DeskField] ?? [key as DeskField]).every((f) => before[f] === after[f]),
    ),
  );
}

/**
 * Edits a desk event (analyst or above): a new edit version. An event under review or published
 * goes (back) to review, and a published one leaves the counts until it is published again. An
 * edit of its day, country, place or district makes its possible-same-incident links again, in the
 * same transaction (the audit entry says which went and which came); a publisher's relation stays.
 */
export async function editDeskEvent(
  store: Store,
  id: DeskId,
  input: unknown,
  by: DeskActor,
  deps: DeskDeps = {},
): Promise<DeskEditAnswer> {
  const { before, to } = await begin(store, id, 'edit', by);
  const given = parseDeskInput(input);
  // An edit that changes nothing would still make a version and send a published event back to review.
  if (!Object.keys(given).length)
    throw new InvalidInputError(
      `nothing to change in desk event ${quoteValue(before.id)}: give at least one field to edit`,
    );
  const now = deps.now?.() ?? new Date().toISOString();
  const fields = applyFields(before.fields, given);
  const citations = given.citations ?? before.citations;
  let relink: Relink | null = null;
  // The links are made again inside the write transaction, from the links and the desk as they are
  // then: an event created meanwhile on the new day and place is linked, one linked meanwhile on
  // the old is unlinked.
  const c = await store.decideDeskChange(async (desk) => {
    const linkedNow = (await desk.getDeskEvent(before.id))?.same_incident ?? before.same_incident;
    relink = await relinkAfterEdit(
      () => sameDay(desk, fields),
      { ...before, same_incident: linkedNow },
      { id: before.id, fields },
      now,
    );
    const after = moved(before, to, now, {
      version: before.version + 1,
      fields,
      citations,
      from_words: { ...evidenceStill(before.from_words, before.fields, fields), ...given.from_words },
      origin: given.origin ?? before.origin,
      ...problemsOf(deskProblemList(fields, citations, now)),
      warnings: warningsStill(before.warnings, before.fields, fields),
      authors: before.authors.includes(by.id) ? before.authors : [...before.authors, by.id],
      verified_by: null,
      reject_reason: null,
      published_version: null,
      submitted_at: to === 'submitted' && before.state !== 'submitted' ? now : before.submitted_at,
      same_incident: relink?.same_incident ?? linkedNow,
    });
    return {
      ...change(
        'edit',
        before,
        after,
        by,
        relink?.reason ?? null,
        before.state === 'published' ? null : undefined,
      ),
      links: relink?.links,
      unlinks: relink?.unlinks,
    };
  });
  const after = await written(store, deps, c);
  const r = relink as Relink | null;
  return { ...after, relinked: { made: r?.made ?? [], dropped: r?.dropped ?? [] } };
}

/** Sends a draft (or a rejected event) to review (analyst or above); refused while it has problems. */
export async function submitDeskEvent(store: Store, id: DeskId, by: DeskActor, deps: DeskDeps = {}) {
  const { before, to } = await begin(store, id, 'submit', by);
  const now = deps.now?.() ?? new Date().toISOString();
  refuseProblems('submit', before, now, deps);
  const after = moved(before, to, now, {
    problems: [],
    problem_fields: [],
    submitted_at: now,
    reject_reason: null,
  });
  return write(store, deps, 'submit', before, after, by, null);
}

/**
 * Verifies a submitted event (reviewer or above, never its own author). The news reader's warnings
 * and the events it may duplicate do not stop it: they are said to the verifier (the CLI prints
 * them, the answer carries them) and kept in the audit entry as shown.
 */
export async function verifyDeskEvent(store: Store, id: DeskId, by: DeskActor, deps: DeskDeps = {}) {
  const { before, to } = await begin(store, id, 'verify', by);
  const now = deps.now?.() ?? new Date().toISOString();
  const notice = verifyNotice(before);
  const after = moved(before, to, now, { verified_by: by.id });
  return write(store, deps, 'verify', before, after, by, notice && `shown to the verifier: ${notice}`);
}

/**
 * Checks the reason of a reject (required) or a retract (optional): at most 2000 characters. Called
 * by the CLI before the store is opened.
 */
export function parseDeskReason(
  action: 'reject' | 'retract',
  reason: string | null | undefined,
): string | null {
  return reasonOf(action, reason, action === 'reject');
}

function reasonOf(action: string, reason: string | null | undefined, needed: boolean): string | null {
  const r = reason?.trim() || null;
  const required = `a reason is required to ${action}: say what is wrong with the event`;
  // A reason given empty or blank is quoted (an unset variable), one left out is not.
  if (needed && !r)
    throw new InvalidInputError(
      typeof reason === 'string' ? `invalid reason: ${quoteValue(reason)} (${required})` : required,
    );
  if (r && r.length > 2000)
    throw new InvalidInputError(`invalid reason: ${quoteValue(r)} (give at most 2000 characters)`);
  return r;
}

/** Rejects a submitted or verified event with a reason (reviewer or above, never its own author). */
export async function rejectDeskEvent(
  store: Store,
  id: DeskId,
  reason: string | null | undefined,
  by: DeskActor,
  deps: DeskDeps = {},
) {
  const why = reasonOf('reject', reason, true);
  const { before, to } = await begin(store, id, 'reject', by);
  const now = deps.now?.() ?? new Date().toISOString();
  const after = moved(before, to, now, { reject_reason: why, verified_by: null });
  return write(store, deps, 'reject', before, after, by, why);
}

/**
 * Publishes a verified event (admin): it joins the counts as source faultline-desk, version edit-N.
 * Refused (ConflictError) while a published event may be the same incident and the publisher has
 * not said how they relate: `supersedes` retracts the other in the same transaction (it leaves the
 * counts), `distinct_from` keeps both; either is recorded on both events and in the audit entry.
 */
export async function publishDeskEvent(
  store: Store,
  id: DeskId,
  by: DeskActor,
  deps: DeskDeps = {},
  how: PublishRelations = {},
) {
  const { before, to } = await begin(store, id, 'publish', by);
  const now = deps.now?.() ?? new Date().toISOString();
  refuseProblems('publish', before, now, deps);
  // Decided inside the write transaction, from the links and the linked events' states as they
  // stand then: two linked events published at once cannot both count unsaid.
  const c = await store.decideDeskChange(async (desk) => {
    const linked = (await desk.getDeskEvent(before.id))?.same_incident ?? before.same_incident;
    const d = await decidePublish(
      desk,
      { ...before, same_incident: linked },
      how,
      deps.relationNames ?? JSON_RELATIONS,
      now,
    );
    const after = moved(before, to, now, {
      published_version: before.version,
      same_incident: d.same_incident,
    });
    const also = d.superseded.map((o) =>
      change(
        'retract',
        o,
        {
          ...moved(o, 'retracted', now, { published_version: null }),
          same_incident: o.same_incident
            .filter((l) => l.id !== after.id)
            .concat({ id: after.id, relation: 'superseded_by' })
            .sort((a, b) => a.id - b.id),
        },
        by,
        `superseded by desk event ${after.id} (same incident), published in its place`,
        null,
      ),
    );
    return {
      ...change('publish', before, after, by, d.reason, deskCanonical(after, deps.place)),
      links: d.links,
      also,
    };
  });
  return written(store, deps, c);
}

/** Retracts an event (analyst before publication, admin after): it leaves the counts for good. */
export async function retractDeskEvent(
  store: Store,
  id: DeskId,
  reason: string | null | undefined,
  by: DeskActor,
  deps: DeskDeps = {},
) {
  const why = reasonOf('retract', reason, false);
  const { before, to } = await begin(store, id, 'retract', by);
  const now = deps.now?.() ?? new Date().toISOString();
  const after = moved(before, to, now, { published_version: null });
  return write(
    store,
    deps,
    'retract',
    before,
    after,
    by,
    why,
    before.state === 'published' ? null : undefined,
  );
}
