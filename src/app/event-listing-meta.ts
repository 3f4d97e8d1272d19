/** The meta of an event listing (API JSON pages, CLI tables): the source versions used and what covers the period. */
import type { EventFilter } from '../domain/query.ts';
import { agree, counted } from '../domain/plural.ts';
import type { Store } from '../storage/store.ts';
import { aggregate } from './analysis/aggregate.ts';
import { buildMeta, reachedPeriod, type Meta } from './analysis/meta.ts';
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
  const note = reachingRecordsNote(
    meta,
    used.sources.reduce((n, s) => n + s.events, 0),
  );
  return note ? { ...meta, notes: [...meta.notes, note] } : meta;
}

/**
 * When events match a period no loaded source covers, they are records of another period whose
 * dates reach into it (one dated only to a month or a year, spanning days on both sides): the note
 * that says so, so that "not covered" is not read as "nothing is known, yet here is an event". Null
 * when the period is covered in some part or nothing matches.
 */
export function reachingRecordsNote(
  meta: Pick<Meta, 'coverage' | 'coverage_status' | 'period'>,
  matching: number,
): string | null {
  if (!meta.period || !meta.coverage.length || meta.coverage_status !== 'not_covered' || matching <= 0)
    return null;
  const loaded = meta.coverage
    .map((c) => `${c.source} ${c.version} covers ${c.first_date} to ${c.last_date}`)
    .join('; ');
  return `no loaded source covers ${meta.period.from} to ${meta.period.to} (${loaded}): the ${counted(matching, 'matching event')} ${agree(matching, 'is a record', 'are records')} of another period whose dates reach into it (dated to a span of days, a month or a year), not a count of this period, where nothing else is known`;
}
