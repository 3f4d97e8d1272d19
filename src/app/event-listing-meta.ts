/** The meta of an event listing (API JSON pages, CLI tables): the source versions used and what covers the period. */
import type { EventFilter } from '../domain/query.ts';
import type { Store } from '../storage/store.ts';
import { aggregate } from './analysis/aggregate.ts';
import { buildMeta, resolvePeriod, type Meta } from './analysis/meta.ts';
import { METRIC_DEFINITIONS } from './analysis/metrics.ts';

/** Meta of the events matching a filter: sources and versions used, coverage and its status. */
export async function eventListingMeta(store: Store, filter: EventFilter): Promise<Meta> {
  const used = await aggregate(store, { filter });
  return buildMeta(store, {
    metrics: {
      fatalities_best: METRIC_DEFINITIONS.fatalities_best.replace('summed over the events', 'of each event'),
    },
    filter,
    period: filter.from || filter.to ? await resolvePeriod(store, filter) : null,
    sources: used.sources,
  });
}
