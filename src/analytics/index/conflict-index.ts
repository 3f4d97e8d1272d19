/**
 * Conflict index components per admin-1 unit, in the spirit of the ACLED Conflict Index (deadliness,
 * danger to civilians, diffusion, fragmentation) but defined on faultline's canonical events; each
 * component is ranked across units. Rows should already be filtered to one period and source.
 * See docs/methods.md ("Conflict index components").
 */
import type { IndexUnitRow } from '../../domain/aggregate.ts';
import type { CommonType } from '../../domain/event.ts';
import { rankValues, type Ranked } from './rank.ts';

/** The fields of one event the index needs. */
export interface IndexEventRow {
  /** Admin-1 unit the event falls in; null when it could not be placed. */
  admin1Code: string | null;
  fatalitiesBest: number | null;
  deathsCivilians: number | null;
  commonType: CommonType;
  /** H3 cell of the event's location; null when the location is too imprecise. */
  h3: string | null;
  /** Registry actor ids (see domain/actors.ts). */
  actorIds: string[];
}

/** Settings the index needs beyond the events. */
export interface ConflictIndexOptions {
  /** Total H3 cells (at the resolution of the rows' h3) in each admin-1 unit; units listed here appear even with no events. */
  cellsPerUnit: Map<string, number>;
}

/** One component for one unit: its value, rank across units and what it measures. */
export interface IndexComponent extends Ranked {
  definition: string;
}

/** The four components for one admin-1 unit. */
export interface UnitConflictIndex {
  admin1Code: string;
  /** Events in the unit. */
  events: number;
  deadliness: IndexComponent & { eventsWithUnknownDeaths: number };
  dangerToCivilians: IndexComponent & {
    civilianDeaths: number | null;
    eventsWithUnknownCivilianDeaths: number;
  };
  diffusion: IndexComponent & {
    cellsWithEvents: number;
    cellsTotal: number | null;
    eventsWithoutCell: number;
  };
  fragmentation: IndexComponent & { actorIds: string[] };
}

/** Index components for every unit, ordered by admin-1 code. */
export interface ConflictIndex {
  units: UnitConflictIndex[];
  /** Events left out because they have no admin-1 unit. */
  eventsWithoutUnit: number;
}

/** What each component counts, as reported with every value. */
export const COMPONENT_DEFINITIONS = {
  deadliness:
    'deaths (best estimate) summed over the events in the unit; events with unknown deaths add nothing and are counted apart; null when no event reports deaths',
  dangerToCivilians:
    'events of type violence-against-civilians in the unit; civilian deaths summed over all its events are given alongside',
  diffusion:
    "share of the unit's H3 cells with at least one event, min(1, cells with events / cells in the unit); null when the unit's cell count is unknown",
  fragmentation:
    "distinct armed actors (registry ids, excluding civilians and unknown) named in the unit's events",
} as const;

// Not armed actors: the victims' side of one-sided violence, and unattributed attacks.
const NOT_ARMED_ACTORS = new Set(['civilians', 'unknown']);

/** The counts of a unit before any event: shared by the tallies and the empty unit rows. */
const ZERO = {
  events: 0,
  deaths: 0,
  eventsWithDeaths: 0,
  civilianEvents: 0,
  civilianDeaths: 0,
  eventsWithCivilianDeaths: 0,
  eventsWithoutCell: 0,
};

interface Tally {
  events: number;
  deaths: number;
  eventsWithDeaths: number;
  civilianEvents: number;
  civilianDeaths: number;
  eventsWithCivilianDeaths: number;
  cells: Set<string>;
  eventsWithoutCell: number;
  actors: Set<string>;
}

/** Computes deadliness, danger to civilians, diffusion and fragmentation per admin-1 unit, ranked. */
export function conflictIndex(rows: readonly IndexEventRow[], options: ConflictIndexOptions): ConflictIndex {
  const tallies = new Map<string, Tally>();
  const tally = (code: string) => {
    let t = tallies.get(code);
    if (!t) {
      t = { ...ZERO, cells: new Set(), actors: new Set() };
      tallies.set(code, t);
    }
    return t;
  };
  let eventsWithoutUnit = 0;
  for (const row of rows) {
    if (row.admin1Code === null) {
      eventsWithoutUnit++;
      continue;
    }
    const t = tally(row.admin1Code);
    t.events++;
    if (row.fatalitiesBest !== null)
      [t.deaths, t.eventsWithDeaths] = [t.deaths + row.fatalitiesBest, t.eventsWithDeaths + 1];
    if (row.deathsCivilians !== null)
      [t.civilianDeaths, t.eventsWithCivilianDeaths] = [
        t.civilianDeaths + row.deathsCivilians,
        t.eventsWithCivilianDeaths + 1,
      ];
    if (row.commonType === 'violence-against-civilians') t.civilianEvents++;
    if (row.h3 === null) t.eventsWithoutCell++;
    else t.cells.add(row.h3);
    for (const id of row.actorIds) t.actors.add(id);
  }
  const units: IndexUnitRow[] = [...tallies].map(([admin1Code, t]) => ({
    ...t,
    admin1Code,
    cells: t.cells.size,
    actorIds: [...t.actors],
  }));
  if (eventsWithoutUnit) units.push({ ...emptyUnit(null), events: eventsWithoutUnit });
  return conflictIndexOfUnits(units, options);
}

function emptyUnit(admin1Code: string | null): IndexUnitRow {
  return { admin1Code, ...ZERO, cells: 0, actorIds: [] };
}

/**
 * Computes the index from per-unit counts (as a store aggregates them); the row with a null code
 * holds the events without a unit. Units in `cellsPerUnit` without a row appear with zero events.
 */
export function conflictIndexOfUnits(
  rows: readonly IndexUnitRow[],
  options: ConflictIndexOptions,
): ConflictIndex {
  const tallies = new Map<string, IndexUnitRow>();
  for (const code of options.cellsPerUnit.keys()) tallies.set(code, emptyUnit(code));
  let eventsWithoutUnit = 0;
  for (const row of rows) {
    if (row.admin1Code === null) eventsWithoutUnit += row.events;
    else tallies.set(row.admin1Code, row);
  }
  const codes = [...tallies.keys()].sort();
  const all = codes.map((code) => tallies.get(code)!);
  // A unit with no events has a true zero; a unit whose events all lack a figure has an unknown.
  const knownSum = (t: IndexUnitRow, sum: number, reported: number) =>
    t.events > 0 && reported === 0 ? null : sum;
  const cellTotal = (code: string) => options.cellsPerUnit.get(code) ?? null;
  const deadliness = rankValues(all.map((t) => knownSum(t, t.deaths, t.eventsWithDeaths)));
  const danger = rankValues(all.map((t) => t.civilianEvents));
  const armed = all.map((t) => t.actorIds.filter((id) => !NOT_ARMED_ACTORS.has(id)).sort());
  const diffusion = rankValues(
    codes.map((code, i) => {
      const total = cellTotal(code);
      return total ? Math.min(1, all[i]!.cells / total) : null;
    }),
  );
  const fragmentation = rankValues(armed.map((a) => a.length));

  const units = codes.map((admin1Code, i): UnitConflictIndex => {
    const t = all[i]!;
    return {
      admin1Code,
      events: t.events,
      deadliness: {
        ...deadliness[i]!,
        definition: COMPONENT_DEFINITIONS.deadliness,
        eventsWithUnknownDeaths: t.events - t.eventsWithDeaths,
      },
      dangerToCivilians: {
        ...danger[i]!,
        definition: COMPONENT_DEFINITIONS.dangerToCivilians,
        civilianDeaths: knownSum(t, t.civilianDeaths, t.eventsWithCivilianDeaths),
        eventsWithUnknownCivilianDeaths: t.events - t.eventsWithCivilianDeaths,
      },
      diffusion: {
        ...diffusion[i]!,
        definition: COMPONENT_DEFINITIONS.diffusion,
        cellsWithEvents: t.cells,
        cellsTotal: cellTotal(admin1Code),
        eventsWithoutCell: t.eventsWithoutCell,
      },
      fragmentation: {
        ...fragmentation[i]!,
        definition: COMPONENT_DEFINITIONS.fragmentation,
        actorIds: armed[i]!,
      },
    };
  });
  return { units, eventsWithoutUnit };
}
