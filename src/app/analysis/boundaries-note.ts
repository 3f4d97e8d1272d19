/** What an answer split by province or district says of countries faultline has no boundaries for. */
import { agree } from '../../domain/plural.ts';
import { ADMIN1_COUNTRIES } from '../../geo/units.ts';

/**
 * A note for a filter naming countries without bundled province boundaries (IND, IRN): their events
 * are in no admin-1 or admin-2 unit because there is none to place them in, not for want of
 * coordinates or a label; null when every named country has boundaries (or none is named).
 */
export function noBoundariesNote(countries: readonly string[] | undefined): string | null {
  const without = [...new Set((countries ?? []).filter((c) => !ADMIN1_COUNTRIES.includes(c)))].sort();
  if (!without.length) return null;
  const have = ADMIN1_COUNTRIES.join(' and ');
  return `faultline has no province or district boundaries for ${without.join(', ')} (only for ${have}): ${agree(without.length, 'its', 'their')} events are placed in no admin-1 or admin-2 unit for that reason, not for want of coordinates or a label`;
}
