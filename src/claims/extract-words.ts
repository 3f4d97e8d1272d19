/**
 * Words of quantity the claim extractor reads besides plain numbers: vague amounts ("several
 * hundred"), changes stated as percentages or multiples ("rose by about 70%", "halved"), ranks
 * ("the deadliest year since 2013", "lowest in a decade") and majorities ("more than half").
 */
import type { ClaimSpecInput, ComparatorKind, VagueKind } from './claim-spec.ts';
import { numberValue } from '../domain/number-words.ts';
import { VAGUE_RANGES } from './tolerances.ts';

/** A vague amount in a sentence and where it is. */
export function findVague(s: string): { kind: VagueKind; index: number } | null {
  // Longest phrases first: "several hundred" before "hundreds", "hundreds of thousands" before "hundreds".
  const kinds = (Object.keys(VAGUE_RANGES) as VagueKind[]).sort(
    (a, b) => VAGUE_RANGES[b].words[0]!.length - VAGUE_RANGES[a].words[0]!.length,
  );
  for (const kind of kinds)
    for (const w of VAGUE_RANGES[kind].words) {
      const m = new RegExp(`\\b${w}\\b`, 'i').exec(s);
      if (m) return { kind, index: m.index };
    }
  return null;
}

/** A number word or figure in a change phrase ("a", "three", "twenty-five", "70"). */
const numberOf = (t: string): number => (t.toLowerCase() === 'a' ? 1 : (numberValue(t) ?? Number(t)));

/** A change stated as a ratio: "rose by about 70%" (1.7), "dropped by 40%" (0.6), "doubled" (2), "halved" (0.5), "three times" (3). */
export function findRatio(s: string): { value: number; index: number; length: number } | null {
  const pct =
    /\b(rose|risen|increased|grew|grown|jumped|climbed|went up|up|surged|soared|fell|fallen|dropped|declined|decreased|went down|down|plunged|plummeted)\s+(?:by\s+)?(?:about|around|nearly|almost|some|roughly|approximately|over|more than)?\s*(\d+(?:\.\d+)?)\s*(%|percent|per cent)/i.exec(
      s,
    );
  if (pct) {
    const down = /^(fell|fallen|dropped|declined|decreased|went down|down|plunged|plummeted)$/i.test(pct[1]!);
    const p = Number(pct[2]) / 100;
    const value = Math.round((down ? 1 - p : 1 + p) * 1000) / 1000;
    if (value > 0) return { value, index: pct.index, length: pct[0].length };
  }
  const word = /\b(doubled|tripled|quadrupled|halved)\b/i.exec(s);
  if (word) {
    const value = { doubled: 2, tripled: 3, quadrupled: 4, halved: 0.5 }[word[1]!.toLowerCase()]!;
    return { value, index: word.index, length: word[0].length };
  }
  const times = /\b(\d+(?:\.\d+)?|two|three|four|five|ten)[- ](?:times|fold)\b/i.exec(s);
  if (times) {
    const n = numberOf(times[1]!);
    return { value: n, index: times.index, length: times[0].length };
  }
  return null;
}

/** A rank word and the set it ranks against ("since 2013", "in a decade", "in five years", "on record"). */
export function findRank(s: string): {
  order: 'highest' | 'lowest';
  among: NonNullable<ClaimSpecInput['among']>;
  note: string | null;
  phrase: string;
} | null {
  const m =
    /\b(highest|deadliest|bloodiest|worst|most violent|record high|lowest|least violent|fewest|record low)\b([^.;]*?\b(?:since ((?:19|20)\d{2})|in (a|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|\d+) (decades?|years?)|on record|ever))?/i.exec(
      s,
    );
  if (!m) return null;
  const order = /lowest|least|fewest|record low/i.test(m[1]!) ? 'lowest' : 'highest';
  if (m[3]) return { order, among: { since: m[3] }, note: null, phrase: m[0] };
  if (m[4]) {
    const n = numberOf(m[4]);
    return { order, among: { before: /decade/i.test(m[5]!) ? n * 10 : n }, note: null, phrase: m[0] };
  }
  return {
    order,
    among: { before: 10 },
    note: `the text does not say against which ${m[2] ? 'record' : 'periods'} "${m[1]}" ranks: among is set to the ten periods before; correct it`,
    phrase: m[0],
  };
}

/** "more than half", "most of", "the majority of": a majority of a whole. */
export function findMajority(s: string): { index: number } | null {
  // "more than half a million" is an amount, not a majority.
  const m =
    /\b(more than half|over half|most of|the majority of|a majority of|the bulk of)\b(?! (?:an? |of an? )?(?:hundred|thousand|lakh|million)\b)/i.exec(
      s,
    );
  return m ? { index: m.index } : null;
}

/**
 * Two years compared by a comparative, with no figure: "returns in 2025 exceeded 2024" and "more
 * Afghans returned in 2025 than in 2024" are an increase of the first year against the second,
 * "fewer attacks in 2024 than in 2023" a decrease. Null when the sentence is not so. (The change
 * words proper, "rose", "higher", are read by the hedges; these are not, as "exceeded" and "more"
 * before a number bound it.)
 */
export function findComparative(
  s: string,
): { kind: 'increase' | 'decrease'; period: string; baseline: string } | null {
  const year = '((?:19|20)\\d{2})';
  const over = new RegExp(
    `\\b${year}\\b[^.]*?\\b(?:exceeded|surpassed|topped|outnumbered|outstripped)\\s+(?:(?:those|that|the (?:figures?|numbers?|totals?|counts?)) (?:of|for|in) )?(?:in |of )?${year}\\b`,
    'i',
  ).exec(s);
  if (over) return { kind: 'increase', period: over[1]!, baseline: over[2]! };
  const than = new RegExp(
    `\\b${year}\\b[^.]*?\\bthan (?:in |during |for |(?:those|that) (?:of|in) )?${year}\\b`,
    'i',
  ).exec(s);
  if (!than) return null;
  const before = s.slice(0, than.index + than[0].length);
  const kind = /\b(more|greater|larger|bigger)\b/i.test(before)
    ? 'increase'
    : /\b(fewer|less|smaller)\b/i.test(before)
      ? 'decrease'
      : null;
  return kind ? { kind, period: than[1]!, baseline: than[2]! } : null;
}

/** Change comparators the extractor reads from words, most specific first. */
export const CHANGE_WORD_KINDS: ComparatorKind[] = [
  'alarming_increase',
  'surge',
  'sharp_decrease',
  'plunge',
  'increase',
  'decrease',
];

const RELATION_COUNTRIES: [RegExp, string][] = [
  [/\bPakistan(?:i|'s)?\b|\bPak\b/, 'PAK'],
  [/\bAfghan(?:istan(?:'s)?)?\b/, 'AFG'],
  [/\bIndian?\b|\bIndia's\b/, 'IND'],
  [/\bIran(?:ian|'s)?\b/, 'IRN'],
  [/\bChin(?:a|ese|a's)\b/, 'CHN'],
  [/\bUnited States\b|\bAmerican\b|\bUS\b/, 'USA'],
];

/**
 * Relations between two countries ("relations between Pakistan and Afghanistan worsened"): a change
 * of the relations index (worsened: decrease, improved: increase) or its sign (hostile: below 0,
 * cordial: above 0). Null unless the sentence names relations or ties and two countries.
 */
export function findRelations(
  s: string,
): { kind: 'increase' | 'decrease' | 'less_than' | 'more_than'; pair: [string, string] } | null {
  if (!/\b(relations|ties|relationship)\b/i.test(s)) return null;
  const found = RELATION_COUNTRIES.map(([re, code]) => ({ code, at: re.exec(s)?.index ?? -1 }))
    .filter((c) => c.at >= 0)
    .sort((a, b) => a.at - b.at);
  if (found.length < 2) return null;
  const kind = /\b(worsened|deteriorated|soured|sank|frayed|nosedived|plummeted|hit a (?:new )?low)\b/i.test(
    s,
  )
    ? 'decrease'
    : /\b(improved|warmed|thawed|recovered)\b/i.test(s)
      ? 'increase'
      : /\b(hostile|tense|frosty|strained)\b/i.test(s)
        ? 'less_than'
        : /\b(cordial|friendly|warm)\b/i.test(s)
          ? 'more_than'
          : null;
  return kind ? { kind, pair: [found[0]!.code, found[1]!.code] } : null;
}
