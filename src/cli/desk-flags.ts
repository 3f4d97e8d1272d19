/**
 * The flags of `faultline desk add` and `desk edit`, and the names a desk event's errors and
 * problems give in the CLI: the flag that fixes each (docs/desk.md, "Bad input"). `desk` and
 * `news add` (which saves news drafts as desk events) list problems by them alike.
 */
import { isDeepStrictEqual } from 'node:util';
import type { CitationKey, DeskNames } from '../app/desk/desk-names.ts';
import type { DeskEvent, DeskField } from '../domain/desk.ts';

/** Field flags of `desk add` and `desk edit`: flag, field, description. Errors and problems name the flag. */
export const FIELD_FLAGS: [string, DeskField, string][] = [
  ['--date <YYYY-MM-DD>', 'date_start', 'the day it happened (not in the future)'],
  ['--date-end <YYYY-MM-DD>', 'date_end', 'last day, for an event over several days'],
  ['--precision <p>', 'date_precision', 'how exactly the date is known: day, week, month, year, range'],
  ['--country <iso3>', 'country', 'AFG or PAK (the configured countries)'],
  ['--admin1 <name>', 'admin1', 'province as the report names it (Khyber Pakhtunkhwa)'],
  ['--admin2 <name>', 'admin2', 'district as the report names it (North Waziristan)'],
  ['--place <name>', 'place', 'town or village'],
  ['--lat <deg>', 'lat', 'latitude, when the place is known exactly'],
  ['--lon <deg>', 'lon', 'longitude, given with --lat'],
  [
    '--type <type>',
    'common_type',
    'battle, remote-violence, violence-against-civilians, protest, riot, strategic, other',
  ],
  ['--actor1 <name>', 'actor1', 'first side (as the report names it)'],
  ['--actor2 <name>', 'actor2', 'second side (as the report names it)'],
  ['--killed <n>', 'fatalities_best', 'people killed, best estimate, or unknown (never 0 for unknown)'],
  ['--killed-low <n>', 'fatalities_low', 'people killed, low estimate, or unknown'],
  ['--killed-high <n>', 'fatalities_high', 'people killed, high estimate, or unknown'],
  ['--civilians <n>', 'deaths_civilians', 'civilians killed, or unknown'],
  ['--injured <n>', 'injured', 'people injured, or unknown'],
  ['--headline <text>', 'headline', 'one line saying what happened'],
  ['--notes <text>', 'notes', 'anything else worth keeping beside the event'],
];

/** Commander's camel-cased option key of a flag (`--date-end` -> dateEnd). */
export const keyOf = (flag: string) =>
  flag
    .split(' ')[0]!
    .slice(2)
    .replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** The citation flags of `desk add` and `desk edit` (one citation, all four together): flag, key, description. */
export const CITE_FLAGS: [string, CitationKey, string][] = [
  ['--cite-url <url>', 'url', 'citation: the report URL'],
  ['--cite-outlet <name>', 'outlet', 'citation: the outlet (Dawn, Tolo News)'],
  [
    '--cite-published <time>',
    'published_at',
    'citation: when it was published (YYYY-MM-DD or ISO date-time)',
  ],
  ['--cite-quote <text>', 'quote', 'citation: the words the event rests on'],
];

/**
 * The word a count flag takes for a count nobody knows (`--killed unknown`): null, as in a --json
 * file. `desk edit` clears a count back to unknown with it; in `desk add` it is what leaving the
 * flag out means, and it overrides a count the --json file gives.
 */
export const UNKNOWN_WORD = 'unknown';
/**
 * The fields no flag clears with an empty value: they always hold one (day, other). Every other
 * field flag clears its field with one (`--lat ""`, `--date-end ""`, `--place ""`), as a null in
 * a --json file does; a count so cleared is unknown, as with the word.
 */
export const UNCLEARABLE = new Set<DeskField>(['date_precision', 'common_type']);
/** The fields of the count flags, which take the word unknown. */
export const COUNT_FIELDS = new Set<DeskField>([
  'fatalities_best',
  'fatalities_low',
  'fatalities_high',
  'deaths_civilians',
  'injured',
]);

/** A flag's name without its argument (`--date <YYYY-MM-DD>` -> --date). */
export const nameOf = (flag: string) => flag.split(' ')[0]!;
const FIELD_FLAG = new Map(FIELD_FLAGS.map(([flag, field]) => [field, nameOf(flag)]));
const CITE_FLAG = new Map(CITE_FLAGS.map(([flag, key]) => [key, nameOf(flag)]));

/**
 * The names errors and problems give: the flag of a field (given by a flag, or not given at all:
 * a flag is how to give it), the JSON field of one the --json file gave (the user wrote JSON
 * there), and the --cite-* flag of a key of the citation they make. A count given by its flag is
 * unknown when the flag says `unknown`; one the --json file gave, when it is null there.
 */
export function flagNames(fromJson: ReadonlySet<string>, flagCitation: number | null): DeskNames {
  const flagOf = (name: DeskField) => (fromJson.has(name) ? undefined : FIELD_FLAG.get(name));
  return {
    field: (name) => flagOf(name) ?? name,
    citation: (index, key) =>
      index === null || index === flagCitation ? CITE_FLAG.get(key)! : `citation ${index + 1} ${key}`,
    unknown: (name) => {
      const flag = flagOf(name);
      return flag ? `or ${flag} ${UNKNOWN_WORD} when not known` : 'or null when unknown';
    },
    clear: (name) => {
      const flag = flagOf(name);
      return flag ? `, or ${flag} "" to clear it` : '';
    },
  };
}

/** The names of a stored event's problems and refusals (show, submit, publish ...): the flags that fix them. */
export const STORED_NAMES = flagNames(new Set(), null);

/**
 * A stored event's problems named by `names` (the flags that fix them), computed again as of its
 * last change; the kept ones, as they are (by JSON field), when the check no longer finds just
 * them (a retracted draft's date since past, other countries configured).
 */
export async function namedProblems(e: DeskEvent, names: DeskNames = STORED_NAMES): Promise<string[]> {
  const { deskProblems } = await import('../app/desk/desk-problems.ts');
  const same = isDeepStrictEqual(deskProblems(e.fields, e.citations, e.updated_at), e.problems);
  return same ? deskProblems(e.fields, e.citations, e.updated_at, names) : e.problems;
}
