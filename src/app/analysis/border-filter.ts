/** The filters the cross-border view takes from a request; the others are its series' own. */
import type { EventFilter } from '../../domain/query.ts';

/** The period, the sources and whether published desk events count. */
export type BorderFilter = Pick<EventFilter, 'from' | 'to' | 'source' | 'sourceVersion' | 'includeDesk'>;

/** The part of a parsed filter the cross-border view takes (CLI and API alike). */
export function borderFilter(f: EventFilter): BorderFilter {
  return {
    from: f.from,
    to: f.to,
    source: f.source,
    sourceVersion: f.sourceVersion,
    includeDesk: f.includeDesk,
  };
}
