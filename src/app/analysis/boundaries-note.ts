/** What an answer split by province or district says of countries faultline has no boundaries for. */
import { agree } from '../../domain/plural.ts';
import { ADMIN1_UNITS } from '../../geo/units.ts';

/** The countries with bundled admin-1 boundaries (AFG and PAK). */
export const UNIT_COUNTRIES: ReadonlySet<string> = new Set(ADMIN1_UNITS.map((u) => u.country as string));

/**
 * A note for a filter naming countries without bundled province boundaries (IND, IRN): their events
 * are in no admin-1 or admin-2 unit because there is none to place them in, not for want of
 * coordinates or a label; null when every named country has boundaries (or none is named).
 */
export function noBoundariesNote(countries: readonly string[] | undefined): string | null {
  const without = [...new Set((countries ?? []).filter((c) => !UNIT_COUNTRIES.has(c)))].sort();
  if (!without.length) return null;
  const have = [...UNIT_COUNTRIES].sort().join(' and ');
  return `faultline has no province or district boundaries for ${without.join(', ')} (only for ${have}): ${agree(without.length, 'its', 'their')} events are placed in no admin-1 or admin-2 unit for that reason, not for want of coordinates or a label`;
}
