/** Whether the two places of a comparison are one: a place compared with itself says nothing. */
import type { EventFilter } from '../../domain/query.ts';
import type { FilterValues, Store } from '../../storage/store.ts';
import { ADMIN1_CODE, knownFilterValues } from '../filters.ts';
import type { PlaceLevel } from './compare.ts';

/**
 * The keys of what a side's values match. Admin-1 values match the loaded units (code, name and
 * label) the store's filter would match, so `PK-KP`, `pk-kp` and `Khyber Pakhtunkhwa` are one place,
 * while an old label such as `FATA` (a part of PK-KP's events) is not PK-KP. Countries and districts
 * match by their text in any case, as the store's filter does.
 */
function keysOf(values: readonly string[], level: PlaceLevel, units: FilterValues['admin1']): Set<string> {
  const keys = new Set<string>();
  for (const v of values) {
    const low = v.toLowerCase();
    const held =
      level !== 'admin1'
        ? []
        : units.filter((u) =>
            ADMIN1_CODE.test(v)
              ? u.code?.toLowerCase() === low
              : [u.name, u.label].some((x) => x?.toLowerCase() === low),
          );
    if (!held.length) keys.add(`value ${low}`);
    for (const u of held) keys.add(JSON.stringify([u.code, u.name, u.label]));
  }
  return keys;
}

/** Whether two sides' filters at `level` match the same places (`PK-KP` and `Khyber Pakhtunkhwa`, `PAK` and `pak`). */
export async function samePlace(
  store: Store,
  level: PlaceLevel,
  f1: EventFilter,
  f2: EventFilter,
): Promise<boolean> {
  const units = level === 'admin1' ? (await knownFilterValues(store)).admin1 : [];
  const [a, b] = [keysOf(f1[level] ?? [], level, units), keysOf(f2[level] ?? [], level, units)];
  return a.size === b.size && [...a].every((k) => b.has(k));
}
