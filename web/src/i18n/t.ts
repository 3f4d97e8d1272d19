/** Looks up labels in the catalogue and fills `{name}` placeholders. */
import { en, type MessageKey } from './en.ts';

const catalogue: Record<string, string> = en;

/**
 * The text of a message with its values filled in. A message may have a singular form under
 * `<key>.one`, used when the count `n` is 1 ("1 event does not report this figure").
 */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const one = String(values.n) === '1' ? catalogue[`${key}.one`] : undefined;
  const text = one ?? catalogue[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));
}

/** The text of a key built at run time (a type or country code), or the fallback when the catalogue has none. */
export function tMaybe(key: string, fallback: string): string {
  return catalogue[key] ?? fallback;
}
