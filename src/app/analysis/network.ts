/** The network and deadliest-events use cases: dyads of actors, and the events with the most deaths. */
import { grouped } from '../../domain/format-number.ts';
import { deadliest, sortDyads } from '../../analytics/network/dyads.ts';
import { placeholderActorsNote } from '../../domain/actors.ts';
import { invalidParam } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import type { EventFilter } from '../../domain/query.ts';
import type { Store } from '../../storage/store.ts';
import type { EventSummary, NetworkAnswer } from '../answers.ts';
import { eventSummary } from '../event-view.ts';
import { buildMeta, datesBeyondNote, resolvePeriod, sourceUse, wholeDates, type Meta } from './meta.ts';
import { METRIC_DEFINITIONS } from './metrics.ts';

/** One dyad, flat. */
export type { DyadRow, NetworkAnswer } from '../answers.ts';

/** Groups the filtered events into unordered pairs of actors as the sources name them, top `limit` first. */
export async function networkQuery(
  store: Store,
  q: { filter: EventFilter; sortBy?: 'deaths_best' | 'events'; limit?: number },
): Promise<NetworkAnswer> {
  const period = await resolvePeriod(store, q.filter);
  const f = { ...q.filter, ...period };
  const counts = await store.dyads(wholeDates(f));
  const table = {
    dyads: sortDyads(counts.dyads, q.sortBy === 'events' ? 'events' : 'deathsBest'),
    eventsWithoutDyad: counts.eventsWithoutDyad,
  };
  const shown = table.dyads.slice(0, q.limit ?? 50);
  const placeholders = placeholderActorsNote(shown.flatMap((d) => [d.actorA, d.actorB]));
  const notes = placeholders ? [placeholders] : [];
  // A list cut at the limit says so (tables and CSV print the notes under the rows).
  if (shown.length < table.dyads.length)
    notes.push(
      `the ${grouped(shown.length)} of ${grouped(table.dyads.length)} dyads with the most ${q.sortBy === 'events' ? 'events' : 'deaths (best estimate)'}: give a larger limit (--limit, at most 1000) for more`,
    );
  const beyond = await datesBeyondNote(store, f, 'the period');
  if (beyond) notes.push(beyond);
  const meta = await buildMeta(store, {
    notes,
    metrics: {
      events: 'Events whose two sides are this pair of actors, in either order, as the source names them.',
      deaths_best: 'Deaths (best estimate) summed over those events; null when none of them reports deaths.',
    },
    filter: f,
    period,
    sources: sourceUse(counts.sources),
  });
  return {
    dyads: shown.map((d) => ({
      actor_a: d.actorA,
      actor_b: d.actorB,
      events: d.events,
      deaths_best: d.deathsBest,
      events_with_unknown_deaths: d.eventsWithUnknownDeaths,
      first_date: d.firstDate,
      last_date: d.lastDate,
    })),
    // A period no loaded source covers has no count of anything (not 0).
    dyads_total: meta.coverage_status === 'not_covered' ? null : table.dyads.length,
    events_without_dyad: meta.coverage_status === 'not_covered' ? null : table.eventsWithoutDyad,
    sorted_by: q.sortBy === 'events' ? 'events' : 'deaths_best',
    meta,
  };
}

/** The deadliest events and meta. */
export interface DeadliestAnswer {
  events: EventSummary[];
  meta: Meta;
}

/** The `limit` events with the most deaths (best estimate); unknown deaths never qualify. */
export async function deadliestQuery(
  store: Store,
  q: { filter: EventFilter; limit?: number },
): Promise<DeadliestAnswer> {
  const n = q.limit ?? 10;
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw invalidParam('limit', `${quoteValue(q.limit)} (use an integer from 1 to 1000)`);
  const period = await resolvePeriod(store, q.filter);
  const f = { ...q.filter, ...period };
  // The store's -fatalities order (deaths desc, nulls last, then date, then id) is deadliest()'s rule.
  // A record dated only to a month or a year that the period holds in part is not known to lie in
  // it (UCDP's 2009 summary of 1,428 deaths is no event of 2009's first quarter): left out, as the
  // network and a briefing's deadliest events leave it out.
  const page = await store.queryEvents({ ...wholeDates(f), sort: '-fatalities', limit: n });
  const top = deadliest(
    page.rows.map((e) => ({ ...e, date: e.dateStart })),
    n,
  );
  const meta = await buildMeta(store, {
    metrics: {
      fatalities_best: METRIC_DEFINITIONS.fatalities_best.replace(
        'summed over the events',
        'of the single event',
      ),
    },
    filter: f,
    period,
    sources: sourceUse(top.map((e) => ({ source: e.source, version: e.sourceVersion, events: 1 }))),
    notes: [
      'ties are broken by the earlier date, then the id; events with unknown deaths are never listed',
      ...[await datesBeyondNote(store, f, 'the period')].filter((x): x is string => x !== null),
    ],
  });
  return { events: top.map(eventSummary), meta };
}
