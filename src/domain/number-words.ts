/**
 * Numbers as texts write them ("12", "1,200", "five", "twenty-five", "a dozen", "1.5 million",
 * "half a million", "a quarter of a million"): news drafts and claim drafts read them alike.
 */

const UNITS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

const WORD = [
  ...Object.keys(TENS).map((t) => `${t}(?:[- ](?:${Object.keys(UNITS).slice(0, 9).join('|')}))?`),
  ...Object.keys(UNITS),
].join('|');

const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, lakh: 100_000, million: 1_000_000 };
const FRACTIONS: Record<string, number> = {
  half: 0.5,
  'a half': 0.5,
  'a quarter': 0.25,
  quarter: 0.25,
  'three quarters': 0.75,
  'a third': 1 / 3,
  'two thirds': 2 / 3,
};
const SCALE = `(?:${Object.keys(SCALES).join('|')})`;
const FRACTION = `(?:three quarters|two thirds|a quarter|a third|a half|half|quarter)(?: of)? an?`;
// "1.5 million", "2 million", "two million", "a million", "half a million", "a quarter of a million".
const SCALED = `(?:(?:\\d+(?:\\.\\d+)?|${WORD}|an?|${FRACTION}) ${SCALE})`;

/** A regular-expression source matching one written amount with a scale word ("1.5 million", "half a million", "two thousand"), to embed in larger patterns. */
export const SCALED_SOURCE = SCALED;

/** A regular-expression source matching one written number (digits, words, "a dozen", "half a million"), to embed in larger patterns. */
export const NUMBER_SOURCE = `(?:${SCALED}|\\d{1,3}(?:,\\d{3})+|\\d+|a dozen|${WORD})`;

/** The value of a number matched by NUMBER_SOURCE ("Seven" → 7, "1,200" → 1200), or null for anything else. */
export function numberValue(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const scaled = new RegExp(`^(.+) (${SCALE})$`).exec(t);
  if (scaled) {
    const head = scaled[1]!.replace(/ of an?$| an?$/, '');
    const n = /^\d+(\.\d+)?$/.test(scaled[1]!)
      ? Number(scaled[1])
      : /^an?$/.test(scaled[1]!)
        ? 1
        : head !== scaled[1]! && head in FRACTIONS
          ? FRACTIONS[head]!
          : numberValue(scaled[1]!);
    return n === null ? null : Math.round(n * SCALES[scaled[2]!]!);
  }
  if (/^\d{1,3}(,\d{3})+$|^\d+$/.test(t)) return Number(t.replace(/,/g, ''));
  if (t === 'a dozen') return 12;
  if (t in UNITS) return UNITS[t]!;
  const [tens, unit] = t.split(/[- ]/);
  if (tens === undefined || !(tens in TENS)) return null;
  if (unit === undefined) return TENS[tens]!;
  return unit in UNITS && UNITS[unit]! < 10 ? TENS[tens]! + UNITS[unit]! : null;
}
