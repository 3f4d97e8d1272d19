/**
 * The events whose province is not simply the one their point lies in: point and label name
 * different provinces (`disagree`: the point wins), the point lies just across the border from the
 * source's country (`border_snap`: the nearest province of that country takes it), or in a province
 * of another country than the event's farther in (`other_country`: none). What
 * `faultline geo disagreements` and `GET /api/v1/geo/disagreements` list, one row per event, with
 * the point's province, the one placed and the distance between them, so that an analyst checking
 * placement sees each one (docs/geography.md).
 */
import { parseChoice } from '../domain/choice.ts';
import { invalidParam } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';
import type { Store } from '../storage/store.ts';
import { filterCoverage } from './analysis/meta.ts';
import type { EventSummary } from './answers.ts';
import { eventSummary } from './event-view.ts';
import { resolveFilter } from './filters.ts';

/** The placement methods listed, in the order a row's method is named everywhere. */
export const LISTED_METHODS = ['disagree', 'border_snap', 'other_country'] as const;

/** One of LISTED_METHODS. */
export type ListedMethod = (typeof LISTED_METHODS)[number];

/** Most events read (the store's page limit for one read); `read` says when fewer than `total` were. */
export const PLACEMENT_READ_LIMIT = 100_000;

/** One event listed: its summary (`admin1_code` the province placed, `geo_method`), with where its point and label lie. */
export interface PlacementDisagreement extends EventSummary {
  /** The province the exact point lies in: of another country for `border_snap` and `other_country`. */
  point_admin1_code: string | null;
  /** The province the source's admin-1 label names (of the event's country), null when it names none. */
  label_admin1_code: string | null;
  /** Km from the point to the province placed (`border_snap`), or to the one it was snapped to from outside every polygon; null when the point lies in it or none is placed. */
  snapped_km: number | null;
}

/** `faultline geo disagreements --format json` and GET /geo/disagreements. */
export interface PlacementDisagreementsAnswer {
  /** The events, in the order `faultline events` lists them. */
  placements: PlacementDisagreement[];
  /** The methods listed (those asked for, else all of LISTED_METHODS). */
  methods: ListedMethod[];
  /** Events listed of each method. */
  counts: Record<ListedMethod, number>;
  /** Events read, and matching the country filter: fewer read than the total means the list is cut (at PLACEMENT_READ_LIMIT). */
  read: number;
  total: number;
  /** Why the list may say less than it seems (no loaded source covers the countries, or the read was cut); null otherwise. */
  note: string | null;
}

/** The methods a comma-separated text names (`border_snap,other_country`), each once; all of them when none is given. */
export function parseListedMethods(text: string | undefined): ListedMethod[] {
  if (text === undefined) return [...LISTED_METHODS];
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => p === ''))
    throw invalidParam(
      'method',
      `${quoteValue(text)} (use disagree, border_snap or other_country, comma-separated)`,
    );
  const asked = new Set(parts.map((p) => parseChoice('method', p, LISTED_METHODS)));
  return LISTED_METHODS.filter((m) => asked.has(m));
}

/** The listed events of the countries given (every country when none is) and the methods asked for. */
export async function placementDisagreements(
  store: Store,
  q: { country?: string; methods?: ListedMethod[] },
): Promise<PlacementDisagreementsAnswer> {
  // The filters' own check: "PK" or "ZZZ" is refused in one line, as in `events --country`.
  const { country } = await resolveFilter(store, q.country === undefined ? {} : { country: q.country });
  const methods = q.methods ?? [...LISTED_METHODS];
  const page = await store.queryEvents({ country, limit: PLACEMENT_READ_LIMIT });
  const counts: Record<ListedMethod, number> = { disagree: 0, border_snap: 0, other_country: 0 };
  const placements: PlacementDisagreement[] = [];
  for (const e of page.rows) {
    const m = e.geoMethod as ListedMethod;
    if (!methods.includes(m)) continue;
    counts[m]++;
    placements.push({
      ...eventSummary(e),
      point_admin1_code: e.pointAdmin1Code,
      label_admin1_code: e.labelAdmin1Code,
      snapped_km: e.snappedKm === null ? null : Math.round(e.snappedKm * 100) / 100,
    });
  }
  // A country no loaded source covers: nothing is known there, which "0 among 0" would hide.
  const covered = (await filterCoverage(store, { country })).length > 0;
  const note = !covered
    ? `not covered: no loaded source version covers ${country?.join(', ') ?? 'any country'}, so nothing is known (not zero disagreements)`
    : page.rows.length < page.total
      ? `only the first ${page.rows.length} of ${page.total} events were read: name a country to read fewer`
      : null;
  return { placements, methods, counts, read: page.rows.length, total: page.total, note };
}
