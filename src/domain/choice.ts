/**
 * Enum values (interval, format, sort, metric, by, level ...) are matched without regard to case and
 * answered in their canonical form: `Month` is `month`, `-Fatalities` is `-fatalities`, in the API,
 * the CLI and every `meta` that echoes them. Identifiers that are case-sensitive by nature (event
 * ids, API keys, source versions) are not choices and stay exact.
 */

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
