/**
 * Desk events that may report one incident (two reports of one attack, or an item updated from
 * seven killed to nine): the link is kept both ways from the moment the later draft is saved, and
 * publishing one while the other is published needs the publisher to say how they relate, so one
 * incident never counts twice unsaid (docs/desk.md, "Same incident").
 */
import type {
  DeskEvent,
  DeskIncidentLink,
  DeskIncidentRelation,
  DeskWarning,
  DeskField,
  DeskFields,
} from '../../domain/desk.ts';
import { ConflictError, InvalidInputError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import type { DeskLinkRow, Store } from '../../storage/store.ts';
import { loadDeskEvent, parseDeskId } from './desk-id.ts';

/** What a publisher says of the linked events: the ones this event replaces, and the ones that are other incidents. */
export interface PublishRelations {
  supersedes?: readonly number[];
  distinct_from?: readonly number[];
}

/** How a refusal names the two relations: the API's JSON keys, or the CLI's flags. */
export interface RelationNames {
  supersedes: string;
  distinct_from: string;
}

/** The API's names of the relations. */
export const JSON_RELATIONS: RelationNames = { supersedes: 'supersedes', distinct_from: 'distinct_from' };

const OPPOSITE: Record<DeskIncidentRelation, DeskIncidentRelation> = {
  possible: 'possible',
  distinct: 'distinct',
  supersedes: 'superseded_by',
  superseded_by: 'supersedes',
};

/** Both directions of a link between `a` and `b`, `relation` being how `a` stands to `b`. */
export function linkRows(a: number, b: number, relation: DeskIncidentRelation, at: string): DeskLinkRow[] {
  return [
    { event_id: a, other_id: b, relation, at },
    { event_id: b, other_id: a, relation: OPPOSITE[relation], at },
  ];
}

/**
 * The other desk events (not retracted) of the same day, country and place (town or district) as
 * an event: two reports of one incident ("12 soldiers martyred in Bannu" in Dawn and in the
 * Express Tribune) that, both published, would count it twice. The one rule of every create (the
 * CLI's desk add, the API, a news draft's save) and of an edit that moves an event.
 */
export function sameIncident(existing: readonly DeskEvent[], e: Pick<DeskEvent, 'id' | 'fields'>): number[] {
  const f = e.fields;
  if (!f.date_start || !f.country || (!f.place && !f.admin2)) return [];
  return existing
    .filter(
      (o) =>
        o.id !== e.id &&
        o.state !== 'retracted' &&
        o.fields.date_start === f.date_start &&
        o.fields.country === f.country &&
        ((f.place !== null && o.fields.place === f.place) ||
          (f.admin2 !== null && o.fields.admin2 === f.admin2)),
    )
    .map((o) => o.id)
    .sort((a, b) => a - b);
}

// The fields the rule reads: an edit that changes none of them keeps the links as they are.
const INCIDENT_FIELDS = ['date_start', 'country', 'place', 'admin2'] as const;

/** What an edit does to an event's links: its links after, the ids linked and unlinked, the rows to write and remove, and the audit's words; null when unchanged. */
export interface Relink {
  same_incident: DeskIncidentLink[];
  made: number[];
  dropped: number[];
  links: DeskLinkRow[];
  unlinks: Pick<DeskLinkRow, 'event_id' | 'other_id'>[];
  reason: string | null;
}

/**
 * What an edit did to the links, in words (the audit entry's reason, and what `desk edit` says):
 * `no longer maybe the same incident as desk event 1 (day or place changed); maybe the same incident
 * as desk event 4 (same day and place)`; null when it made and dropped none.
 */
export function relinkWords(made: readonly number[], dropped: readonly number[]): string | null {
  const events = (ids: readonly number[]) => `desk event${ids.length === 1 ? '' : 's'} ${ids.join(', ')}`;
  const said = [
    ...(dropped.length
      ? [`no longer maybe the same incident as ${events(dropped)} (day or place changed)`]
      : []),
    ...(made.length ? [`maybe the same incident as ${events(made)} (same day and place)`] : []),
  ];
  return said.length ? said.join('; ') : null;
}

/**
 * The possible-same-incident links of an event whose day, country, place or district an edit
 * changed, made again by the rule of a create: a `possible` link that no longer holds goes (both
 * directions), a new one is made (both directions). A relation a publisher chose (`supersedes`,
 * `superseded_by`, `distinct`) stays whatever the edit changed: it records a decision, not a match.
 * `before` holds the links as they stand when the edit is written, and `existing` reads the desk
 * then (inside the write transaction), so a link made meanwhile is neither missed nor kept wrongly.
 */
export async function relinkAfterEdit(
  existing: () => Promise<readonly DeskEvent[]>,
  before: DeskEvent,
  after: Pick<DeskEvent, 'id' | 'fields'>,
  now: string,
): Promise<Relink | null> {
  if (INCIDENT_FIELDS.every((f) => before.fields[f] === after.fields[f])) return null;
  const match = sameIncident(await existing(), after);
  const linked = new Set(before.same_incident.map((l) => l.id));
  const dropped = before.same_incident
    .filter((l) => l.relation === 'possible' && !match.includes(l.id))
    .map((l) => l.id);
  const made = match.filter((id) => !linked.has(id));
  const same_incident = [
    ...before.same_incident.filter((l) => !dropped.includes(l.id)),
    ...made.map((id) => ({ id, relation: 'possible' as const })),
  ].sort((a, b) => a.id - b.id);
  return {
    same_incident,
    made,
    dropped,
    links: made.flatMap((id) => linkRows(after.id, id, 'possible', now)),
    unlinks: dropped.flatMap((id) => [
      { event_id: after.id, other_id: id },
      { event_id: id, other_id: after.id },
    ]),
    reason: relinkWords(made, dropped),
  };
}

/** An event's links with the one to `id` set to `relation` (added when missing), in id order. */
export function relinked(
  links: readonly DeskIncidentLink[],
  id: number,
  relation: DeskIncidentRelation,
): DeskIncidentLink[] {
  return [...links.filter((l) => l.id !== id), { id, relation }].sort((a, b) => a.id - b.id);
}

/** Desk event ids given as text (`3` or `3,7`), for `--supersedes` and `--distinct-from`. */
export function parseIdList(name: string, v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  return v.split(',').map((s) => {
    // Each id by the rule every desk id follows; the refusal names the flag and the whole list.
    try {
      return parseDeskId(s);
    } catch {
      throw new InvalidInputError(
        `invalid ${name}: ${quoteValue(v)} (desk event ids, comma-separated, as desk show lists them)`,
      );
    }
  });
}

/** What publishing decides for the linked events: the event's links, the rows to write, the events it retracts, and the audit reason. */
export interface PublishDecision {
  same_incident: DeskIncidentLink[];
  links: DeskLinkRow[];
  superseded: DeskEvent[];
  reason: string | null;
}

/**
 * Checks what a publisher said of the linked events and refuses (ConflictError) to publish beside
 * a published event that may be the same incident when nothing was said of it. `store` reads the
 * desk inside the publish's write transaction, so two linked events published at once cannot both
 * pass unsaid.
 */
export async function decidePublish(
  store: Pick<Store, 'getDeskEvent'>,
  e: DeskEvent,
  how: PublishRelations,
  names: RelationNames,
  now: string,
): Promise<PublishDecision> {
  const sup = [...new Set(how.supersedes ?? [])];
  const dis = [...new Set(how.distinct_from ?? [])];
  for (const [name, ids] of [
    [names.supersedes, sup],
    [names.distinct_from, dis],
  ] as const)
    if (ids.includes(e.id))
      throw new InvalidInputError(
        `invalid ${name}: ${quoteValue(e.id)} (that is the event being published; name the other desk event)`,
      );
  const both = sup.find((id) => dis.includes(id));
  if (both !== undefined)
    throw new InvalidInputError(
      `invalid ${names.distinct_from}: ${quoteValue(both)} is also given to ${names.supersedes} (say one of them)`,
    );
  const superseded: DeskEvent[] = [];
  for (const id of sup) {
    const o = await loadDeskEvent(store, id);
    if (o.state !== 'published')
      throw new InvalidInputError(
        `invalid ${names.supersedes}: desk event ${quoteValue(id)} is ${o.state}, not published (only a published event leaves the counts; retract it instead)`,
      );
    superseded.push(o);
  }
  for (const id of dis) await loadDeskEvent(store, id);
  const undecided: number[] = [];
  for (const l of e.same_incident)
    if (l.relation === 'possible' && !sup.includes(l.id) && !dis.includes(l.id))
      if ((await store.getDeskEvent(l.id))?.state === 'published') undecided.push(l.id);
  if (undecided.length) {
    const first = undecided[0]!;
    throw new ConflictError(
      `cannot publish desk event ${quoteValue(e.id)}: it may be the same incident as published desk event${undecided.length === 1 ? '' : 's'} ${undecided.join(', ')} (same day and place); say how they relate: ${names.supersedes} ${first} (that one leaves the counts) or ${names.distinct_from} ${first} (both count)`,
    );
  }
  let same_incident = e.same_incident;
  const links: DeskLinkRow[] = [];
  for (const [ids, relation] of [
    [sup, 'supersedes'],
    [dis, 'distinct'],
  ] as const)
    for (const id of ids) {
      same_incident = relinked(same_incident, id, relation);
      links.push(...linkRows(e.id, id, relation, now));
    }
  const said = [
    ...sup.map((id) => `supersedes desk event ${id} (same incident; it leaves the counts)`),
    ...dis.map((id) => `distinct from desk event ${id} (another incident; both count)`),
  ];
  return { same_incident, links, superseded, reason: said.length ? said.join('; ') : null };
}

// The desk fields each draft field of the news reader fills (news-to-desk.ts): a warning of the
// field no longer stands once a person changed one of them.
const WARNING_FIELDS: Record<string, readonly DeskField[]> = {
  date: ['date_start', 'date_end', 'date_precision'],
  place: ['country', 'admin1', 'admin2', 'place', 'lat', 'lon'],
  actors: ['actor1', 'actor2'],
  killed: ['fatalities_best', 'fatalities_low', 'fatalities_high', 'deaths_civilians'],
  injured: ['injured'],
  type: ['common_type'],
};

/** The warnings that still stand after an edit: those of fields nobody changed (the audit entry keeps the rest). */
export function warningsStill(
  warnings: readonly DeskWarning[],
  before: DeskFields,
  after: DeskFields,
): DeskWarning[] {
  return warnings.filter((w) => (WARNING_FIELDS[w.field] ?? []).every((f) => before[f] === after[f]));
}

/** What a verifier is shown before verifying (the warnings, and events that may be the same incident), as one line; null when nothing. */
export function verifyNotice(e: DeskEvent): string | null {
  const maybe = e.same_incident.filter((l) => l.relation === 'possible').map((l) => l.id);
  const parts = [
    ...e.warnings.map((w) => `${w.code}: ${w.message}`),
    ...(maybe.length
      ? [
          `maybe the same incident as desk event${maybe.length === 1 ? '' : 's'} ${maybe.join(', ')} (decided when published)`,
        ]
      : []),
  ];
  return parts.length ? parts.join('; ') : null;
}
