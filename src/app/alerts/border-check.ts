/**
 * Border rules: events that imports after the rule was made added (never changed ones) and, with
 * `include_desk`, desk events first published after it, that are interstate clashes (the Pakistani
 * state against the Afghan state) or lie within `max_border_km` of the Afghanistan-Pakistan border.
 * Each event is its own alert.
 */
import { grouped } from '../../domain/format-number.ts';
import { expandActorFilter } from '../../domain/actors.ts';
import { borderSideOf } from '../../domain/border-side.ts';
import { DESK_SOURCE } from '../../domain/desk.ts';
import { agree, counted } from '../../domain/plural.ts';
import type { StoredEvent } from '../../storage/event-columns.ts';
import type { Found, FoundCondition, KindCheck } from './found.ts';

/** Most new events one evaluation judges per part of a rule; more are said in the note, and judged next time. */
export const BORDER_EVENTS_PER_EVALUATION = 1000;

const ids = (term: string) => expandActorFilter(term)!.ids;

/** Where a desk event came from, so that an alert never passes an analyst's report off as a dataset's event. */
function deskSource(e: StoredEvent) {
  return {
    id: Number(e.sourceId),
    edit: e.sourceVersion,
    headline: e.headline,
    citations: e.sourceArticles,
  };
}

function condition(e: StoredEvent, why: string): FoundCondition {
  const desk = e.source === DESK_SOURCE ? deskSource(e) : null;
  const from = desk
    ? `; from desk event ${desk.id} (an analyst's report, published after review${desk.citations[0] ? `: ${desk.citations[0]}` : ''})`
    : '';
  // "1 death", not "1 deaths"; unknown deaths are not zero.
  const deaths = e.fatalitiesBest === null ? 'unknown deaths' : counted(e.fatalitiesBest, 'death');
  return {
    key: e.id,
    title: `new ${why}: ${e.dateStart} ${e.place ?? e.admin1Label ?? e.country}, ${e.actor1 ?? '?'} v ${e.actor2 ?? '?'}, ${deaths} (best)${from}`,
    detail: {
      event_id: e.id,
      source: e.source,
      version: e.sourceVersion,
      date: e.dateStart,
      country: e.country,
      place: e.place,
      border_km: e.borderKm,
      // The side every answer gives (domain/border-side.ts), not the raw point's: near the line the
      // source's country decides, and an event without an exact point still has a side.
      border_side: borderSideOf(e).side,
      actor1: e.actor1,
      actor2: e.actor2,
      fatalities_best: e.fatalitiesBest,
      why,
      desk_event: desk,
    },
  };
}

/** Checks a border rule on the events added (and, with include_desk, the desk events published) since it was made. */
export const borderCheck: KindCheck = async (store, rule) => {
  const p = rule.params as { interstate: boolean; max_border_km: number | null; include_desk?: boolean };
  // Rules made before include_desk existed were documented to leave desk events out: they still do.
  const includeDesk = p.include_desk === true;
  const limit = BORDER_EVENTS_PER_EVALUATION;
  const byKey = new Map<string, FoundCondition>();
  const notes: string[] = [];
  const leftOut = new Set<string>();
  let leftOutCut = false;
  const part = async (filter: Parameters<typeof store.addedEvents>[0]['filter'], why: string) => {
    const since = { afterImportId: rule.afterImportId, deskPublishedSince: rule.createdAt };
    const r = await store.addedEvents({ ...since, filter: { ...filter, includeDesk }, limit });
    for (const e of r.rows) if (!byKey.has(e.id)) byKey.set(e.id, condition(e, why));
    if (r.total > r.rows.length)
      notes.push(
        `${grouped(r.total)} new ${why} events; the oldest ${grouped(r.rows.length)} judged, the rest next time`,
      );
    if (!includeDesk) {
      const d = await store.addedEvents({ ...since, filter: { ...filter, source: [DESK_SOURCE] }, limit });
      for (const e of d.rows) leftOut.add(e.id);
      leftOutCut ||= d.total > d.rows.length;
    }
  };
  if (p.interstate)
    await part(
      { dyad: [{ a: ids('pakistan'), b: ids('afghanistan'), label: 'pakistan:afghanistan' }] },
      'interstate clash',
    );
  if (p.max_border_km !== null)
    await part({ maxBorderKm: p.max_border_km }, `event within ${p.max_border_km} km of the border`);
  // Nothing silent: a desk event the rule would have judged is said, not dropped.
  if (leftOut.size) {
    const n = `${leftOutCut ? 'at least ' : ''}${counted(leftOut.size, 'desk event')}`;
    notes.push(
      `${n} published since the rule was made ${agree(leftOut.size, 'matches', 'match')} it, not counted: this rule leaves desk events out (a rule with include_desk counts them)`,
    );
  }
  const found: Found = { conditions: [...byKey.values()], note: notes.length ? notes.join('; ') : null };
  return found;
};
