/**
 * The actor network as dyads: unordered pairs of actors (names or ids exactly as given) with the events
 * and deaths between them, and the deadliest single events. See docs/methods.md ("Dyads").
 */
import type { DyadCount } from '../../domain/aggregate.ts';
import { InvalidInputError } from '../../domain/errors.ts';

/** The fields of one event a dyad needs; sides are names or registry ids, used as given. */
export interface DyadEvent {
  id: string;
  /** Event date, YYYY-MM-DD. */
  date: string;
  sideA: string | null;
  sideB: string | null;
  fatalitiesBest: number | null;
}

/** One unordered pair of actors (actorA sorts before actorB) and what happened between them: the domain's dyad count. */
export type Dyad = DyadCount;

/** Dyads, sorted, and the events that could not be put in one. */
export interface DyadTable {
  dyads: Dyad[];
  /** Events with a missing side. */
  eventsWithoutDyad: number;
  sortedBy: 'deathsBest' | 'events';
}

/** Groups events into unordered actor pairs, sorted by deaths (default) or events, then the other, then names. */
export function dyads(
  events: readonly DyadEvent[],
  sortBy: 'deathsBest' | 'events' = 'deathsBest',
): DyadTable {
  const byPair = new Map<string, Dyad>();
  let eventsWithoutDyad = 0;
  for (const e of events) {
    if (e.sideA === null || e.sideB === null) {
      eventsWithoutDyad++;
      continue;
    }
    const [actorA, actorB] = e.sideA <= e.sideB ? [e.sideA, e.sideB] : [e.sideB, e.sideA];
    const key = JSON.stringify([actorA, actorB]);
    let d = byPair.get(key);
    if (!d) {
      d = {
        actorA,
        actorB,
        events: 0,
        deathsBest: null,
        eventsWithUnknownDeaths: 0,
        firstDate: e.date,
        lastDate: e.date,
      };
      byPair.set(key, d);
    }
    d.events++;
    if (e.fatalitiesBest === null) d.eventsWithUnknownDeaths++;
    else d.deathsBest = (d.deathsBest ?? 0) + e.fatalitiesBest;
    if (e.date < d.firstDate) d.firstDate = e.date;
    if (e.date > d.lastDate) d.lastDate = e.date;
  }
  return { dyads: sortDyads([...byPair.values()], sortBy), eventsWithoutDyad, sortedBy: sortBy };
}

/** Sorts dyads by deaths (default) or events, then the other, then names; unknown deaths sort last. */
export function sortDyads<T extends Dyad>(
  list: readonly T[],
  sortBy: 'deathsBest' | 'events' = 'deathsBest',
): T[] {
  const deaths = (d: Dyad) => d.deathsBest ?? -1; // unknown deaths sort after every known figure
  const primary = sortBy === 'deathsBest' ? deaths : (d: Dyad) => d.events;
  const secondary = sortBy === 'deathsBest' ? (d: Dyad) => d.events : deaths;
  return [...list].sort(
    (x, y) =>
      primary(y) - primary(x) ||
      secondary(y) - secondary(x) ||
      compare(x.actorA, y.actorA) ||
      compare(x.actorB, y.actorB),
  );
}

/** The n events with the most deaths (best estimate), ties broken by earlier date then id; unknown deaths never qualify. */
export function deadliest<T extends { id: string; date: string; fatalitiesBest: number | null }>(
  events: readonly T[],
  n: number,
): T[] {
  if (!Number.isInteger(n) || n < 0) throw new InvalidInputError(`invalid n: ${n}`);
  return events
    .filter((e) => e.fatalitiesBest !== null)
    .sort((x, y) => y.fatalitiesBest! - x.fatalitiesBest! || compare(x.date, y.date) || compare(x.id, y.id))
    .slice(0, n);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
