/** The conflict-index use case: deadliness, danger to civilians, diffusion and fragmentation per admin-1 unit. */
import { COMPONENT_DEFINITIONS, conflictIndexOfUnits } from '../../analytics/index/conflict-index.ts';
import type { EventFilter } from '../../domain/query.ts';
import type { Store } from '../../storage/store.ts';
import {
  buildMeta,
  coverageStatus,
  filterCoverage,
  type Meta,
  resolvePeriod,
  sourceUse,
  supersededWhy,
} from './meta.ts';
import { memo } from './memo.ts';
import {
  per100k,
  PER_100K_DEFINITION,
  type Population,
  populationAgeNote,
  populationNote,
  populationOf,
} from './rates.ts';
import { iso2Of, iso3Of } from '../../ingest/countries.ts';
import { knownFilterValues } from '../filters.ts';
import { agree, counted } from '../../domain/plural.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { ADMIN1_UNITS, admin1Unit } from '../../geo/units.ts';
import { noBoundariesNote } from './boundaries-note.ts';

/** One unit's components, flat: value, rank and percentile of each, with the counts behind them. */
export interface IndexRow {
  admin1_code: string;
  /** The unit's name (from the boundaries the events were placed with), or null. */
  admin1_name: string | null;
  events: number;
  [column: string]: string | number | null;
}

/** The index table, its component definitions and meta. */
export interface IndexAnswer {
  units: IndexRow[];
  /** Events left out for want of an admin-1 unit; null where no loaded source covers the period (not 0). */
  events_without_unit: number | null;
  definitions: Record<string, string>;
  meta: Meta;
}

const DIFFUSION_DENOMINATOR =
  "the unit's cell count is the number of distinct coarse H3 cells (resolution 5) in which any loaded event of any period and source lies, not every cell of its territory, so diffusion is the share of the unit's ever-violent cells active in the period";

/** Distinct coarse H3 cells seen across all loaded events per admin-1 unit (memoised until the next import). */
export function cellsPerUnit(store: Store): Promise<Map<string, number>> {
  return memo(store, 'cells-per-unit', async () => {
    const rows = await store.cellsPerUnit();
    return new Map(rows.map((r) => [r.admin1Code, Number(r.cells)]));
  });
}

/** Computes conflictIndex over the events matching a filter (period defaults to the data's coverage). */
export async function indexQuery(store: Store, filter: EventFilter): Promise<IndexAnswer> {
  // Each row is a province, with the province's people and cells: a district's events in it would
  // be divided by them (Quetta's 6 events over Balochistan's 14.9 million people).
  if (filter.admin2?.length)
    throw new InvalidInputError(
      `the index ranks provinces: a district filter (admin2 ${filter.admin2.map((d) => JSON.stringify(d)).join(', ')}) is not taken; use series --admin2 with --per-100k for a district, or index --admin1 for its province`,
    );
  const period = await resolvePeriod(store, filter);
  const f = { ...filter, ...period };
  const { units: rows, sources } = await store.indexUnits(f);
  // The units any loaded event ever lies in, with every unit of their countries that the unit
  // tables know (Afghanistan's 34 provinces, not only the 21 some exact point has reached): a
  // province never reached has no cell, so no diffusion, but it is a zero where a source covers it.
  const seen = await cellsPerUnit(store);
  const seenCountries = new Set([...seen.keys()].map((code) => code.split('-')[0]));
  const cells = new Map(seen);
  for (const u of ADMIN1_UNITS)
    if (seenCountries.has(u.code.split('-')[0]) && !cells.has(u.code)) cells.set(u.code, 0);
  // Only units the filter can reach are listed without events: those of the filtered countries
  // (ISO 3166-2 codes start with the country's alpha-2 code) and provinces, else all of them.
  const prefixes = filter.country?.map((c) => `${iso2Of(c) ?? c}-`);
  // A unit without events is a zero only where a loaded source covers its country in the period:
  // elsewhere nothing is known, so it is left out (and counted in a note), not ranked as 0.
  const relevant = await filterCoverage(store, f);
  const withEvents = new Set(rows.map((r) => r.admin1Code));
  const uncovered = new Map<string, number>();
  const covers = new Map<string, boolean>();
  const countryCovered = (code: string) => {
    const iso3 = iso3Of(code.split('-')[0]!) ?? code.split('-')[0]!;
    let v = covers.get(iso3);
    if (v === undefined) {
      const sources = relevant.filter((c) => c.countries.includes(iso3));
      covers.set(iso3, (v = coverageStatus(sources, period.from, period.to) !== 'not_covered'));
    }
    if (!v) uncovered.set(iso3, (uncovered.get(iso3) ?? 0) + 1);
    return v;
  };
  const units = new Map(
    [...cells].filter(
      ([code]) =>
        (!filter.admin1?.length || filter.admin1.includes(code)) &&
        (!prefixes || prefixes.some((p) => code.startsWith(p))) &&
        (withEvents.has(code) || countryCovered(code)),
    ),
  );
  const names = new Map(
    (await knownFilterValues(store)).admin1.flatMap((u) => (u.code && u.name ? [[u.code, u.name]] : [])),
  );
  const index = conflictIndexOfUnits(rows, { cellsPerUnit: units });
  // Largest first (most events; ties by code), names beside codes.
  const byEvents = [...index.units].sort(
    (a, b) => b.events - a.events || a.admin1Code.localeCompare(b.admin1Code),
  );
  const used: Population[] = [];
  const out: IndexRow[] = byEvents.map((u) => {
    const pop = populationOf('admin1', u.admin1Code);
    if (pop) used.push(pop);
    return {
      admin1_code: u.admin1Code,
      admin1_name: names.get(u.admin1Code) ?? admin1Unit(u.admin1Code)?.name ?? null,
      events: u.events,
      deadliness: u.deadliness.value,
      deadliness_rank: u.deadliness.rank,
      deadliness_percentile: u.deadliness.percentile,
      events_with_unknown_deaths: u.deadliness.eventsWithUnknownDeaths,
      danger_to_civilians: u.dangerToCivilians.value,
      danger_to_civilians_rank: u.dangerToCivilians.rank,
      danger_to_civilians_percentile: u.dangerToCivilians.percentile,
      civilian_deaths: u.dangerToCivilians.civilianDeaths,
      events_with_unknown_civilian_deaths: u.dangerToCivilians.eventsWithUnknownCivilianDeaths,
      diffusion: u.diffusion.value,
      diffusion_rank: u.diffusion.rank,
      diffusion_percentile: u.diffusion.percentile,
      cells_with_events: u.diffusion.cellsWithEvents,
      cells_total: u.diffusion.cellsTotal,
      events_without_cell: u.diffusion.eventsWithoutCell,
      fragmentation: u.fragmentation.value,
      fragmentation_rank: u.fragmentation.rank,
      fragmentation_percentile: u.fragmentation.percentile,
      armed_actors: u.fragmentation.actorIds.join(';'),
      population: pop?.population ?? null,
      population_year: pop?.year ?? null,
      events_per_100k: per100k(u.events, pop?.population ?? null),
      civilian_deaths_per_100k: per100k(u.dangerToCivilians.civilianDeaths, pop?.population ?? null),
    };
  });
  const definitions = {
    deadliness: COMPONENT_DEFINITIONS.deadliness,
    danger_to_civilians: COMPONENT_DEFINITIONS.dangerToCivilians,
    diffusion: `${COMPONENT_DEFINITIONS.diffusion}; ${DIFFUSION_DENOMINATOR}`,
    fragmentation: COMPONENT_DEFINITIONS.fragmentation,
    events_per_100k: PER_100K_DEFINITION,
    rank: 'rank 1 is the highest value, ties share a rank; percentile is the share of ranked units at or below the value; units with a null value are not ranked',
  };
  const meta = await buildMeta(store, {
    metrics: definitions,
    filter: f,
    period,
    sources: sourceUse(sources),
    notes: [
      ...(await Promise.all(
        [...uncovered].map(async ([iso3, n]) => {
          // Candidate asked alone of days GED superseded: GED knows them, and the note says where.
          const why = await supersededWhy(store, { ...f, country: [iso3], ...period });
          return `${n} admin-1 units of ${iso3} without events are not listed: no loaded source version covers ${iso3} from ${period.from} to ${period.to}${why ? `: ${why}` : ', so nothing is known there (not zero)'}`;
        }),
      )),
      ...(index.eventsWithoutUnit
        ? [
            `${counted(index.eventsWithoutUnit, 'event')} could not be placed in an admin-1 unit and ${agree(index.eventsWithoutUnit, 'is', 'are')} left out`,
          ]
        : []),
      ...[noBoundariesNote(f.country)].filter((n) => n !== null),
      ...[
        populationNote(used, `the unit's count from ${period.from} to ${period.to}`),
        populationAgeNote(used, period.from, period.to),
      ].filter((n) => n !== null),
    ],
  });
  return {
    units: out,
    events_without_unit: meta.coverage_status === 'not_covered' ? null : index.eventsWithoutUnit,
    definitions,
    meta,
  };
}
