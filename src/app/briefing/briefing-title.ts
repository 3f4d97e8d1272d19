/**
 * A briefing's title: its place and period, narrowed by the filters that set its scope (the actors
 * or dyads, the districts or provinces) in a short form. The subtitle lists every filter in full.
 * Not an input of the reproducibility id: it follows from the filter, which is one.
 */
import { ACTORS, GROUPS } from '../../domain/actors.ts';
import type { EventFilter } from '../../domain/query.ts';
import { ADMIN1_UNITS } from '../../geo/units.ts';

const NAMES: Record<string, string> = { PAK: 'Pakistan', AFG: 'Afghanistan' };

/** A country's English name where faultline knows it, else its code. */
function countryName(c: string): string {
  return NAMES[c] ?? c;
}

/**
 * "Conflict briefing: Pakistan, 2021-Q4"; with scope filters "Conflict briefing: TTP and factions
 * in Khyber Pakhtunkhwa and Balochistan (Pakistan), 2026-Q2". `countries` are the briefing's: the
 * filter's, else the countries of its places' events, else those the loaded data cover. A filter
 * that names no country nor place counts every loaded event of the period, and the title says so
 * ("All loaded countries (Pakistan)"): naming the countries alone read as a country filter the
 * subtitle's "no filters" contradicted.
 */
export function briefingTitle(f: EventFilter, countries: readonly string[], period: string): string {
  const names = countries.map(countryName).join(', ');
  const who = f.dyad?.length
    ? list(f.dyad.map((d) => d.label))
    : f.actorIds?.length
      ? actors(f.actorIds)
      : null;
  const units = f.admin2?.length ? f.admin2 : f.admin1?.length ? f.admin1.map(provinceName) : null;
  const everywhere = names ? `all loaded countries (${names})` : 'all loaded countries';
  const where = units
    ? names
      ? `${list(units)} (${names})`
      : list(units)
    : f.country?.length
      ? names
      : who
        ? everywhere
        : `A${everywhere.slice(1)}`;
  return `Conflict briefing: ${who ? `${who} in ${where}` : where}, ${period}`;
}

/** Actor ids in words: a group's name when they are its members ("TTP and factions"), else the actors' names. */
function actors(ids: readonly string[]): string {
  const group = GROUPS.find((g) => {
    const members = ACTORS.filter((a) => a.groups.includes(g.id)).map((a) => a.id);
    return members.length === ids.length && members.every((m) => ids.includes(m));
  });
  return group?.name ?? list(ids.map((id) => ACTORS.find((a) => a.id === id)?.name ?? id));
}

/** A province code's English name (PK-KP: Khyber Pakhtunkhwa); a name or label as given. */
function provinceName(v: string): string {
  return ADMIN1_UNITS.find((u) => u.code.toLowerCase() === v.toLowerCase())?.name ?? v;
}

/** "A", "A and B", "A, B and C", "A, B and 3 more": short enough for a title. */
function list(items: readonly string[]): string {
  const shown = items.length > 3 ? [...items.slice(0, 2), `${items.length - 2} more`] : items;
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}` : (shown[0] ?? '');
}
