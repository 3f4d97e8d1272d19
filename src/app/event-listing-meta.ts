/** The meta of an event listing (API JSON pages, CLI tables): the source versions used and what covers the period. */
import { DESK_SOURCE } from '../domain/desk.ts';
import type { EventFilter } from '../domain/query.ts';
import { agree, counted } from '../domain/plural.ts';
import type { Store } from '../storage/store.ts';
import { aggregate } from './analysis/aggregate.ts';
import {
  buildMeta,
  coverageLine,
  noSourceMatches,
  nothingLoaded,
  reachedPeriod,
  type Meta,
  type SourceUse,
} from './analysis/meta.ts';
import { METRIC_DEFINITIONS } from './analysis/metrics.ts';

/**
 * Meta of the events matching a filter: sources and versions used, coverage and its status. A
 * listing without dates holds every matching event, so its period is the whole period the loaded
 * source versions matching the filter cover (its gaps named as a dated listing's are), reaching to
 * the matching published desk events when it includes them; with neither, there is no period and
 * nothing is covered.
 */
export async function eventListingMeta(store: Store, filter: EventFilter): Promise<Meta> {
  const used = await aggregate(store, { filter });
  const meta = await buildMeta(store, {
    metrics: {
      fatalities_best: METRIC_DEFINITIONS.fatalities_best.replace('summed over the events', 'of each event'),
    },
    filter,
    period: await reachedPeriod(store, filter),
    sources: used.sources,
  });
  const notes = [
    reachingRecordsNote(
      meta,
      used.sources.reduce((n, s) => n + s.events, 0),
    ),
    deskReportsNote(meta),
  ].filter((n) => n !== null);
  return notes.length ? { ...meta, notes: [...meta.notes, ...notes] } : meta;
}

// What the notes read of a listing's meta: its sources' events, never their licences.
type ListingMeta = Pick<
  Meta,
  'coverage' | 'coverage_status' | 'coverage_warning' | 'period' | 'source_versions_loaded'
> & { sources: readonly SourceUse[] };

/** The published desk events among a listing's matching events (its meta's sources). */
function deskEvents(meta: { sources: readonly SourceUse[] }): number {
  return meta.sources.filter((s) => s.source === DESK_SOURCE).reduce((n, s) => n + s.events, 0);
}

/**
 * When events of the datasets match a period no loaded source covers, they are records of another
 * period whose dates reach into it (one dated only to a month or a year, spanning days on both
 * sides): the note that says so, so that "not covered" is not read as "nothing is known, yet here
 * is an event". Published desk events among the `matching` are not such records (deskReportsNote
 * says what they are). Null when the period is covered in some part or no dataset's event matches.
 */
export function reachingRecordsNote(meta: ListingMeta, matching: number): string | null {
  const records = matching - deskEvents(meta);
  if (!meta.period || !meta.coverage.length || meta.coverage_status !== 'not_covered' || records <= 0)
    return null;
  const loaded = meta.coverage
    .map((c) => `${c.source} ${c.version} covers ${c.first_date} to ${c.last_date}`)
    .join('; ');
  return `no loaded source covers ${meta.period.from} to ${meta.period.to} (${loaded}): the ${counted(records, 'matching event')} ${agree(records, 'is a record', 'are records')} of another period whose dates reach into it (dated to a span of days, a month or a year), not a count of this period, where nothing else is known`;
}

/**
 * When a listing holds published desk events and no loaded source version covers its period (or
 * matches its filter at all), what they are: analysts' reports from the news, which make no period
 * covered, so the list is not a complete count there; never "nothing is known" under a list of them.
 * Null otherwise.
 */
export function deskReportsNote(meta: ListingMeta): string | null {
  const desk = deskEvents(meta);
  if (desk <= 0 || (meta.coverage.length && meta.coverage_status !== 'not_covered')) return null;
  const span = meta.period ? `${meta.period.from} to ${meta.period.to}` : 'the filter';
  const none = meta.coverage.length
    ? `no loaded source version covers ${span}`
    : noSourceMatches(!nothingLoaded(meta));
  return `${none}, and desk events make no period covered: the ${counted(desk, 'published desk event')} listed ${agree(desk, "is an analyst's report", "are analysts' reports")} from the news, so the list is not a complete count`;
}

/**
 * The coverage line under a listing (CLI tables, and stderr after an export): records of another
 * period and desk events listed where no source covers say what they are (reachingRecordsNote,
 * deskReportsNote), else coverageLine's "not covered", "partly covered" or "covered" line.
 */
export function listingCoverageLine(
  meta: ListingMeta & Pick<Meta, 'coverage_warning'>,
  rows: number,
): string | null {
  const said = [reachingRecordsNote(meta, rows), deskReportsNote(meta)].filter((n) => n !== null);
  return said.length ? `not covered: ${said.join('; ')}` : coverageLine(meta, rows);
}
