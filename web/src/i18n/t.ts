/** Looks up labels in the catalogue and fills `{name}` placeholders. */
import { en, type MessageKey } from './en.ts';
import { fmtInt } from '../format.ts';

const catalogue: Record<string, string> = en;

/**
 * Placeholders that hold a count: a whole number given for one is grouped as every count in prose
 * is ("4,588 events", never "4588 events"), so a caller cannot forget it. Ids, years, versions and
 * values that are not counts have other names and are filled in as given.
 */
const COUNTS = new Set([
  ...['n', 'of', 'shown', 'total', 'covered', 'days', 'periodDays', 'records', 'incidents', 'multi'],
  ...['outside', 'max', 'exact', 'approx', 'months', 'block', 'draws', 'page', 'pages'],
  ...['drafts', 'passages', 'skipped'],
]);

/** A value as its placeholder shows it: a count grouped, anything else as given. */
const shown = (name: string, v: string | number): string =>
  typeof v === 'number' && Number.isInteger(v) && COUNTS.has(name) ? fmtInt(v) : String(v);

/**
 * The text of a message with its values filled in. A message may have a singular form under
 * `<key>.one`, used when the count `n` is 1 ("1 event does not report this figure").
 */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const one = String(values.n) === '1' ? catalogue[`${key}.one`] : undefined;
  const text = one ?? catalogue[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? shown(name, values[name]!) : m));
}

/** The text of a key built at run time (a type or country code), or the fallback when the catalogue has none. */
export function tMaybe(key: string, fallback: string): string {
  return catalogue[key] ?? fallback;
}
