/**
 * Claim drafting: proposes claim specs from prose for an analyst to confirm. It finds numbers
 * with units (casualties, deaths, attacks), hedges before them (nearly, about, over), change
 * words (surge, alarming increase, rise), periods (in 2023, since August 2021, from 2022 to
 * 2023), places (through an injected resolver: the gazetteer and admin-1 names) and actors (the
 * registry). Every draft has status: draft; the checker does not check drafts.
 */
import { ACTORS, GROUPS } from '../domain/actors.ts';
import type { ClaimMetric, ClaimSpecInput, ComparatorKind } from './claim-spec.ts';
import { HEDGES } from './tolerances.ts';

/** What a place name in the text resolves to. */
export interface PlaceHit {
  name: string;
  country: string;
  admin1Code: string | null;
  kind: 'country' | 'admin1' | 'place';
}

/** Options of the extractor. */
export interface DraftOptions {
  /** Resolves a capitalised phrase (or an abbreviation such as KP) to a place, or null. */
  resolvePlace?: (phrase: string) => PlaceHit | null;
  /** Country of claims that name none (default: the country the text names most, else PAK). */
  defaultCountry?: string;
}

/** A proposed claim with where it was found. */
export interface DraftClaim {
  spec: ClaimSpecInput;
  line: number;
}

/** A sentence that looked quantitative but gave no draft, and why. */
export interface SkippedSentence {
  line: number;
  sentence: string;
  reason: string;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const UNITS: [RegExp, ClaimMetric][] = [
  [/\bcasualt(y|ies)\b|\bkilled (and|or) (injured|wounded)\b|\bdead and (injured|wounded)\b/i, 'casualties'],
  [/\b(injured|wounded|injuries)\b/i, 'injured'],
  [/\b(deaths?|killed|dead|fatalit(y|ies)|lives|died|killings)\b/i, 'deaths'],
  [/\b(attacks?|incidents?|strikes?|bombings?|assaults?|raids?|ambush(es)?)\b/i, 'attacks'],
  [/\b(events?|clashes|violence)\b/i, 'events'],
];
const NUMBER =
  /(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s*\+)?(?:\s*(thousand|hundred))?(\s*(?:%|percent|per cent))?(?![\w,])/gi;
const SECURITY = /\bsecurity (forces|personnel|officials)|\bsoldiers\b|\bpolice(men)?\b|\btroops\b|\barmy\b/i;
const COUNTRY_WORDS: Record<string, string> = {
  pakistan: 'PAK',
  pakistani: 'PAK',
  afghanistan: 'AFG',
  afghan: 'AFG',
};

/** Proposes draft claims from a text, and lists sentences skipped with the reason. */
export function draftClaims(
  text: string,
  opts: DraftOptions = {},
): { drafts: DraftClaim[]; skipped: SkippedSentence[] } {
  const sentences = split(text);
  const country = opts.defaultCountry ?? mostNamedCountry(text) ?? 'PAK';
  const drafts: DraftClaim[] = [];
  const skipped: SkippedSentence[] = [];
  const ids = new Set<string>();
  for (const { sentence, line } of sentences) {
    const metric = UNITS.find(([re]) => re.test(sentence))?.[1];
    const numbers = [...sentence.matchAll(NUMBER)].filter((m) => !isYear(m, sentence));
    const rareBefore = /\b(rare|rarely|seldom|uncommon)\b[^.]*\bbefore ((?:19|20)\d{2})\b/i.exec(sentence);
    const change = rareBefore
      ? 'increase'
      : hedge(sentence, ['alarming_increase', 'surge', 'rate_ratio', 'increase', 'decrease']);
    if (!metric || (!numbers.length && !change)) continue;
    const period = rareBefore ? { period: { from: `${rareBefore[2]}-01-01` } } : findPeriod(sentence);
    if (!period) {
      skipped.push({
        line,
        sentence,
        reason: 'no period found (in 2023, since August 2021, from 2022 to 2023)',
      });
      continue;
    }
    // One draft per number (a count, or a percentage as a share); a change word with no number gives one.
    const anchors: (RegExpMatchArray | null)[] =
      change && period.baseline ? [null] : numbers.length ? numbers : [null];
    for (const num of anchors) {
      const clause = clauseAt(sentence, num?.index ?? changeIndex(sentence));
      const spec: ClaimSpecInput = {
        id: '',
        status: 'draft',
        text: sentence,
        metric: UNITS.find(([re]) => re.test(clause))?.[1] ?? metric,
        geography: { country },
        period: period.period,
        comparator: { kind: 'increase' },
      };
      const notes: string[] = [`line ${line}`];
      if (num && num[4]) spec.comparator = { kind: 'share', value: value(num) };
      else if (num) {
        const before = sentence.slice(Math.max(0, num.index! - 30), num.index!);
        const kind =
          hedge(before, ['nearly', 'about', 'at_least', 'more_than', 'at_most', 'less_than']) ??
          (num[2] ? 'at_least' : 'exactly');
        spec.comparator = { kind, value: value(num) };
      } else {
        spec.comparator =
          change === 'rate_ratio'
            ? { kind: 'rate_ratio', value: /tripled/i.test(sentence) ? 3 : 2 }
            : { kind: change! };
        if (period.baseline) spec.baseline = period.baseline;
        else
          notes.push(
            'baseline: the same length just before the period (default); set one if the text names it',
          );
      }
      // Places count only in the clause of the figure: "3,000 casualties, most of them in KP" is national.
      const places = findPlaces(clause, opts.resolvePlace);
      const countryHit = findPlaces(sentence, undefined).find((p) => p.kind === 'country');
      if (countryHit) spec.geography = { country: countryHit.country };
      const units = places
        .filter((p) => p.kind === 'admin1' && p.country === spec.geography.country)
        .map((p) => p.admin1Code!);
      if (units.length) spec.geography = { ...spec.geography, admin1: [...new Set(units)] };
      for (const p of places.filter((x) => x.kind === 'place'))
        notes.push(
          `mentions ${p.name} (${p.admin1Code ?? p.country}); claims are checked by province, so add it to admin1 if meant`,
        );
      const actors = findActors(sentence);
      if (actors.length) spec.actor = actors.length === 1 ? actors[0]! : actors;
      const m = spec.metric;
      if (SECURITY.test(sentence)) {
        if (m === 'attacks' || m === 'events')
          spec.counterpart = spec.geography.country === 'AFG' ? 'afghan-taliban' : 'pakistan-state';
        else spec.definition = { victims: 'security_forces' };
      } else if (/\bcivilians?\b/i.test(sentence) && m !== 'attacks' && m !== 'events')
        spec.definition = { victims: 'civilians' };
      if (/\bincluding militants|militants included\b/i.test(sentence))
        spec.definition = { ...spec.definition, militants: 'included' };
      if (/\bexcluding militants\b/i.test(sentence))
        spec.definition = { ...spec.definition, militants: 'excluded' };
      if (/cross-border|across the border/i.test(sentence))
        notes.push('cross-border: consider a border-zone check in a briefing (--border-zone)');
      const p = period.period;
      spec.id = uniqueId(
        `${m}-${spec.comparator.kind === 'share' ? 'share-' : ''}${String(typeof p === 'string' ? p : p.from).slice(0, 7)}`,
        ids,
      );
      spec.notes = notes.join('; ');
      drafts.push({ spec, line });
    }
  }
  return { drafts, skipped };
}

/** The clause (between commas, semicolons, dashes) holding position `at`. */
function clauseAt(s: string, at: number): string {
  const bounds = [...s.matchAll(/[,;:\u2013\u2014]|\s-\s/g)].map((m) => m.index!);
  const start = Math.max(-1, ...bounds.filter((b) => b < at));
  const end = Math.min(s.length, ...bounds.filter((b) => b >= at));
  return s.slice(start + 1, end);
}

/** Where the first change word is (0 when none). */
function changeIndex(s: string): number {
  const lower = s.toLowerCase();
  for (const h of HEDGES)
    for (const w of h.words) {
      const i = lower.search(new RegExp(`(^|[^a-z])${w}([^a-z]|$)`));
      if (i >= 0 && ['increase', 'decrease', 'surge', 'alarming_increase', 'rate_ratio'].includes(h.kind))
        return i;
    }
  return 0;
}

function split(text: string): { sentence: string; line: number }[] {
  const out: { sentence: string; line: number }[] = [];
  const flat = text.replace(/\r/g, '');
  // Sentences may span lines; split on sentence ends and blank lines, keep the line of the start.
  const parts = flat.split(/(?<=[.!?])\s+(?=[A-Z"“‘(0-9])|\n\s*\n/);
  let offset = 0;
  for (const raw of parts) {
    const at = flat.indexOf(raw, offset);
    offset = at + raw.length;
    const sentence = raw.replace(/\s+/g, ' ').trim();
    if (sentence) out.push({ sentence, line: flat.slice(0, at).split('\n').length });
  }
  return out;
}

function isYear(m: RegExpMatchArray, sentence: string): boolean {
  if (!/^(19|20)\d{2}$/.test(m[1]!) || m[2] || m[3] || m[4]) return false;
  const after = sentence.slice(m.index! + m[0].length, m.index! + m[0].length + 20);
  return !UNITS.some(([re]) => re.test(after.split(/[,;]/)[0]!)) || /^\s*(and|to|-|–)/.test(after);
}

function value(m: RegExpMatchArray): number {
  const n = Number(m[1]!.replace(/,/g, ''));
  return m[3]?.toLowerCase() === 'thousand' ? n * 1000 : m[3]?.toLowerCase() === 'hundred' ? n * 100 : n;
}

function hedge(text: string, kinds: ComparatorKind[]): ComparatorKind | null {
  const lower = ` ${text.toLowerCase()} `;
  for (const h of HEDGES) {
    if (!kinds.includes(h.kind)) continue;
    if (
      h.words.some((w) =>
        new RegExp(`(^|[^a-z])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z]|$)`).test(lower),
      )
    )
      return h.kind;
  }
  return null;
}

/** The claim's period (and a baseline when the text names two). */
function findPeriod(
  s: string,
): { period: ClaimSpecInput['period']; baseline?: ClaimSpecInput['period'] } | null {
  const month = `(${MONTHS.join('|')})`;
  let m: RegExpExecArray | null;
  if ((m = new RegExp(`\\bsince (?:${month} )?((?:19|20)\\d{2})\\b`, 'i').exec(s))) {
    const mo = m[1] ? MONTHS.indexOf(m[1].toLowerCase()) + 1 : 1;
    return { period: { from: `${m[2]}-${String(mo).padStart(2, '0')}-01` } };
  }
  if ((m = /\b(?:from|between) ((?:19|20)\d{2}) (?:to|and|until) ((?:19|20)\d{2})\b/i.exec(s)))
    return { period: m[2]!, baseline: m[1]! };
  if ((m = /\b((?:19|20)\d{2})\b[^.]*?\b(?:compared (?:with|to)|than in|from) ((?:19|20)\d{2})\b/i.exec(s)))
    return { period: m[1]!, baseline: m[2]! };
  if ((m = /\bfirst half of ((?:19|20)\d{2})\b/i.exec(s))) return { period: `${m[1]}-01-01..${m[1]}-06-30` };
  if ((m = /\bsecond half of ((?:19|20)\d{2})\b/i.exec(s))) return { period: `${m[1]}-07-01..${m[1]}-12-31` };
  if ((m = /\bQ([1-4]) ((?:19|20)\d{2})\b/.exec(s))) return { period: `${m[2]}-Q${m[1]}` };
  if ((m = new RegExp(`\\b${month} ((?:19|20)\\d{2})\\b`, 'i').exec(s)))
    return { period: `${m[2]}-${String(MONTHS.indexOf(m[1]!.toLowerCase()) + 1).padStart(2, '0')}` };
  if ((m = /\b((?:19|20)\d{2})\b/.exec(s))) return { period: m[1]! };
  return null;
}

function mostNamedCountry(text: string): string | null {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/\b(Pakistan|Pakistani|Afghanistan|Afghan)\b/g)) {
    const c = COUNTRY_WORDS[m[1]!.toLowerCase()]!;
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

function findPlaces(s: string, resolve: DraftOptions['resolvePlace']): PlaceHit[] {
  const hits: PlaceHit[] = [];
  for (const m of s.matchAll(/\b(Pakistan|Afghanistan)\b/g))
    hits.push({
      name: m[1]!,
      country: COUNTRY_WORDS[m[1]!.toLowerCase()]!,
      admin1Code: null,
      kind: 'country',
    });
  if (!resolve) return hits;
  const seen = new Set<string>();
  // Capitalised phrases of up to three words, and upper-case abbreviations (KP, KPK).
  for (const m of s.matchAll(/\b([A-Z][a-zA-Z-]+(?: [A-Z][a-zA-Z-]+){0,2}|[A-Z]{2,4})\b/g)) {
    const words = m[1]!.split(' ');
    for (let n = words.length; n >= 1; n--) {
      const phrase = words.slice(0, n).join(' ');
      if (seen.has(phrase) || COUNTRY_WORDS[phrase.toLowerCase()]) continue;
      const hit = resolve(phrase);
      if (hit && hit.kind !== 'country') {
        seen.add(phrase);
        hits.push(hit);
        break;
      }
    }
  }
  return hits;
}

function findActors(s: string): string[] {
  const skip = new Set(['pakistan', 'afghanistan', 'india', 'iran', 'civilians']);
  const names = [
    ...GROUPS.filter((g) => g.id !== 'civilians').map((g) => ({ name: g.name, id: g.id })),
    ...ACTORS.filter((a) => a.kind !== 'civilians' && a.kind !== 'unknown').flatMap((a) =>
      a.aliases.map((name) => ({ name, id: a.id })),
    ),
  ];
  const hits: { id: string; at: number; end: number }[] = [];
  for (const { name, id } of names) {
    if (skip.has(name.toLowerCase()) || name.length < 2) continue;
    const short = /^[A-Z0-9-]{2,6}$/.test(name); // abbreviations match in capitals only ("IS" is not "is")
    const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const m of s.matchAll(new RegExp(`(?<![A-Za-z])${esc}(?![A-Za-z])`, short ? 'g' : 'gi')))
      hits.push({ id, at: m.index!, end: m.index! + m[0].length });
  }
  // A name inside a longer one ("Taliban" in "Pakistani Taliban") is not a second actor.
  const kept = hits.filter(
    (h) => !hits.some((o) => o !== h && o.at <= h.at && o.end >= h.end && o.end - o.at > h.end - h.at),
  );
  const found = [...new Set(kept.sort((a, b) => a.at - b.at).map((h) => h.id))];
  // An actor inside a group already found (TTP covers Jamaat-ul-Ahrar) adds nothing.
  return found.filter(
    (id) => !ACTORS.find((a) => a.id === id)?.groups.some((g) => g !== id && found.includes(g)),
  );
}

function uniqueId(base: string, ids: Set<string>): string {
  let id = base.replace(/[^A-Za-z0-9._-]+/g, '-');
  for (let i = 2; ids.has(id); i++) id = `${base}-${i}`;
  ids.add(id);
  return id;
}
