/**
 * Enum values (interval, format, sort, metric, by, level ...) are matched without regard to case and
 * answered in their canonical form: `Month` is `month`, `-Fatalities` is `-fatalities`, in the API,
 * the CLI and every `meta` that echoes them. Identifiers that are case-sensitive by nature (event
 * ids, API keys, source versions) are not choices and stay exact.
 */
import { invalidParam } from './errors.ts';
import { quoteJsonValue } from './quote.ts';

/** ASCII letters in lower case; other characters as they are (the Kelvin sign is not a `k`). */
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The allowed value a text names, in any ASCII case, or undefined when it names none. */
export function matchChoice<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  if (typeof value !== 'string') return undefined;
  const exact = allowed.find((a) => a === value);
  if (exact !== undefined) return exact;
  const folded = asciiLower(value);
  return allowed.find((a) => asciiLower(a) === folded);
}

/** "a, b or c": how every refusal lists the values it takes, in the CLI and the API. */
export function orList(values: readonly string[]): string {
  return values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

/** The hint of a choice parameter: `use a, b or c`. */
export function choiceHint(values: readonly string[]): string {
  return `use ${orList(values)}`;
}

/**
 * Checks a value against a list, in any case (`Month` is `month`), and returns the listed value;
 * throws `invalid <name>: "<value>" (use a, b or c)`, the same line in the CLI and the API.
 */
export function parseChoice<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  const matched = matchChoice(value, allowed);
  if (matched === undefined) throw invalidParam(name, `${quoteJsonValue(value)} (${choiceHint(allowed)})`);
  return matched;
}

/** The words a true/false value takes, in any ASCII case, everywhere (filters, alert rules, forms). */
export const BOOLEAN_WORDS = ['true', 'false', 'yes', 'no', '1', '0'] as const;

/** Whether a word of BOOLEAN_WORDS (as matchChoice gives it) means true. */
export const isTrueWord = (word: (typeof BOOLEAN_WORDS)[number]): boolean =>
  word === 'true' || word === 'yes' || word === '1';

/**
 * A true/false value: a boolean as it is, or a word of BOOLEAN_WORDS in any case (`True`, `YES`; a
 * JSON number 1 or 0 as its text); throws `invalid <name>: "<value>" (use true, false, yes, no, 1 or 0)`.
 */
export function parseBoolean(name: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  const word = matchChoice(typeof value === 'number' ? String(value) : value, BOOLEAN_WORDS);
  if (word !== undefined) return isTrueWord(word);
  throw invalidParam(name, `${quoteJsonValue(value)} (${choiceHint(BOOLEAN_WORDS)})`);
}
