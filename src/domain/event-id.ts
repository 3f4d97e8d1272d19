/** Event ids as given in a path or an argument: `<source>:<source id>`, checked before any lookup. */
import { InvalidInputError } from './errors.ts';
import type { SourceId } from './event.ts';
import { quoteValue } from './quote.ts';

/** Every source an event id can start with; a Record, so a new SourceId must be added here. */
const SOURCES: Record<SourceId, true> = {
  'ucdp-ged': true,
  'ucdp-candidate': true,
  acled: true,
  gdelt: true,
  csv: true,
  'faultline-desk': true,
};

/**
 * The id itself when it has the form of an event id (a known source, a colon and a source id that
 * is not blank); otherwise a one-line refusal quoting it. An empty or malformed id is bad input, not
 * an event the store happens not to hold: a well-formed id no event has stays "not found".
 */
export function parseEventId(id: string): string {
  const colon = id.indexOf(':');
  const source = colon < 0 ? '' : id.slice(0, colon);
  if (!Object.hasOwn(SOURCES, source) || id.slice(colon + 1).trim() === '')
    throw new InvalidInputError(
      `invalid event id: ${quoteValue(id)} (use <source>:<source id>, e.g. ucdp-ged:390461; sources: ${Object.keys(SOURCES).join(', ')})`,
    );
  return id;
}
