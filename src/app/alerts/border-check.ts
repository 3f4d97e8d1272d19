/**
 * Border rules: events that imports after the rule was made added (never changed ones) and that
 * are interstate clashes (the Pakistani state against the Afghan state) or lie within
 * `max_border_km` of the Afghanistan-Pakistan border. Each event is its own alert.
 */
import { expandActorFilter } from '../../domain/actors.ts';
import type { StoredEvent } from '../../storage/event-columns.ts';
import type { Found, FoundCondition, KindCheck } from './found.ts';

/** Most new events one evaluation judges per part of a rule; more are said in the note, and judged next time. */
export const BORDER_EVENTS_PER_EVALUATION = 1000;

const ids = (term: string) => expandActorFilter(term)!.ids;

function condition(e: StoredEvent, why: string): FoundCondition {
  return {
    key: e.id,
    title: `new ${why}: ${e.dateStart} ${e.place ?? e.admin1Label ?? e.country}, ${e.actor1 ?? '?'} v ${e.actor2 ?? '?'}, ${e.fatalitiesBest ?? 'unknown'} deaths (best)`,
    detail: {
      event_id: e.id,
      source: e.source,
      version: e.sourceVersion,
      date: e.dateStart,
      country: e.country,
      place: e.place,
      border_km: e.borderKm,
      border_side: e.borderSide,
      actor1: e.actor1,
      actor2: e.actor2,
      fatalities_best: e.fatalitiesBest,
      why,
    },
  };
}

/** Checks a border rule on the events added since it was made. */
export const borderCheck: KindCheck = async (store, rule) => {
  const p = rule.params as { interstate: boolean; max_border_km: number | null };
  const limit = BORDER_EVENTS_PER_EVALUATION;
  const byKey = new Map<string, FoundCondition>();
  const notes: string[] = [];
  const part = async (filter: Parameters<typeof store.addedEvents>[0]['filter'], why: string) => {
    const r = await store.addedEvents({ afterImportId: rule.afterImportId, filter, limit });
    for (const e of r.rows) if (!byKey.has(e.id)) byKey.set(e.id, condition(e, why));
    if (r.total > r.rows.length)
      notes.push(`${r.total} new ${why} events; the oldest ${r.rows.length} judged, the rest next time`);
  };
  if (p.interstate)
    await part(
      { dyad: [{ a: ids('pakistan'), b: ids('afghanistan'), label: 'pakistan:afghanistan' }] },
      'interstate clash',
    );
  if (p.max_border_km !== null)
    await part({ maxBorderKm: p.max_border_km }, `event within ${p.max_border_km} km of the border`);
  const found: Found = { conditions: [...byKey.values()], note: notes.length ? notes.join('; ') : null };
  return found;
};
