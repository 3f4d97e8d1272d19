/**
 * The events whose province is not simply the one their point lies in: point and label name
 * different provinces (`disagree`: the point wins), the point lies just across the border from the
 * source's country (`border_snap`: the nearest province of that country takes it), or in a province
 * of another country than the event's farther in (`other_country`: none). What
 * `faultline geo disagreements` and `GET /api/v1/geo/disagreements` list, one row per event, with
 * the point's province, the one placed and the distance between them, so that an analyst checking
 * placement sees each one (docs/geography.md).
 */
import { grouped } from '../domain/format-number.ts';
import { parseChoice } from '../domain/choice.ts';
import { invalidParam } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';
import { LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT, type EventFilter } from '../domain/query.ts';
import type { Store } from '../storage/store.ts';
import type { EventSummary } from './answers.ts';
import { eventSummary } from './event-view.ts';
import { coverageNote } from './not-covered-note.ts';

/** The placement methods listed, in the order a row's method is named everywhere. */
export const LISTED_METHODS = ['disagree', 'border_snap', 'other_country'] as const;

/** One of LISTED_METHODS. */
export type ListedMethod = (typeof LISTED_METHODS)[number];

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
  /** The events, by date then id (as `faultline events` lists them), the first `limit` of them. */
  placements: PlacementDisagreement[];
  /** The methods listed (those asked for, else all of LISTED_METHODS). */
  methods: ListedMethod[];
  /**
   * Events of each method matching the filter, every one counted (0 for a method not asked for), not
   * only those listed; each null where no loaded source covers the filter (`note`): unknown, not zero.
   */
  counts: Record<ListedMethod, number | null>;
  /** Events of the methods asked for matching the filter: more than `placements` holds means the list is cut at `limit`, and `note` says so; null where no loaded source covers the filter. */
  total: number | null;
  /** Every event matching the filter, whatever its placement: what the listed ones are among; null where no loaded source covers the filter. */
  events: number | null;
  /** The most events listed (the one asked for, else LIST_DEFAULT_LIMIT). */
  limit: number;
  /**
   * Why the list says less than it seems, null otherwise: no loaded source covers the countries or
   * the period ("not covered: ..."), or covers the period (the --from/--to one, else every day the
   * sources asked of cover) in part, so the counts are of the covered days ("partly covered: ..."); and the list is cut at the limit. Both are joined by " | ", as the
   * notes of an answer are in `x-faultline-notes`.
   */
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

/**
 * The listed events matching a filter (checked: filters.ts) of the methods asked for:
 * only those events are read (the store's placementEvents), the first `limit` by date, with how many
 * there are in all.
 */
export async function placementDisagreements(
  store: Store,
  q: { filter?: EventFilter; methods?: ListedMethod[]; limit?: number },
): Promise<PlacementDisagreementsAnswer> {
  const filter = q.filter ?? {};
  const methods = q.methods ?? [...LISTED_METHODS];
  // The API's other lists' default and most (domain/query.ts): enough to read, never the whole store.
  const limit = q.limit ?? LIST_DEFAULT_LIMIT;
  const [page, events, coverage] = await Promise.all([
    store.placementEvents({ ...filter, methods, limit }),
    store.countEvents(filter),
    coverageNote(store, filter, 'disagreements'),
  ]);
  const counts: Record<ListedMethod, number> = { disagree: 0, border_snap: 0, other_country: 0 };
  for (const m of methods) counts[m] = page.counts[m] ?? 0;
  const total = methods.reduce((n, m) => n + counts[m], 0);
  const placements = page.rows.map((e): PlacementDisagreement => ({
    ...eventSummary(e),
    point_admin1_code: e.pointAdmin1Code,
    label_admin1_code: e.labelAdmin1Code,
    snapped_km: e.snappedKm === null ? null : Math.round(e.snappedKm * 100) / 100,
  }));
  // A country or period no loaded source (of those asked) covers: nothing is known there, which
  // "0 among 0" would hide, so the counts are null, as a series' are.
  if (coverage?.status === 'not_covered')
    return {
      placements: [],
      methods,
      counts: { disagree: null, border_snap: null, other_country: null },
      total: null,
      events: null,
      limit,
      note: coverage.note,
    };
  // A period covered in part is counted over its covered days: said first, and the cut after it.
  const notes = [coverage?.note ?? null, placementsCutNote(placements.length, total)].filter(
    (n) => n !== null,
  );
  const note = notes.length ? notes.join(' | ') : null;
  return { placements, methods, counts, total, events, limit, note };
}

/** What a list cut at its limit says: how many of how many it shows, and how to see the rest; null when it is whole. */
export function placementsCutNote(shown: number, total: number): string | null {
  if (shown >= total) return null;
  return `shows the first ${grouped(shown)} of ${grouped(total)} events by date: give a larger limit (at most ${LIST_MAX_LIMIT}), or fewer countries or methods, for the rest`;
}
