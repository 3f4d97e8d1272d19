/**
 * Claim drafting: proposes claim specs from prose for an analyst to confirm. It finds numbers
 * with units (casualties, deaths, attacks), hedges before them (nearly, about, over), change
 * words (surge, alarming increase, rise), periods (in 2023, since August 2021, from 2022 to
 * 2023), places (through an injected resolver: the gazetteer and admin-1 names) and actors (the
 * registry). Every draft has status: draft; the checker does not check drafts.
 */
import { dayNumber } from '../analytics/aggregate/dates.ts';
import { ACTORS, AFGHAN_TALIBAN_AFTER, BARE_TALIBAN, GROUPS } from '../domain/actors.ts';
import type { ClaimMetric, ClaimSpecInput, ComparatorKind } from './claim-spec.ts';
import {
  CHANGE_WORD_KINDS,
  findComparative,
  findMajority,
  findRank,
  findRatio,
  findRelations,
  findVague,
} from './extract-words.ts';
import { HEDGES } from './tolerances.ts';
import { numberValue, SCALED_SOURCE } from '../domain/number-words.ts';
import { findSpan, MONTHS } from './extract-span.ts';

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

const UNITS: [RegExp, ClaimMetric][] = [
  [/\bcasualt(y|ies)\b|\bkilled (and|or) (injured|wounded)\b|\bdead and (injured|wounded)\b/i, 'casualties'],
  [/\b(injured|wounded|injuries)\b/i, 'injured'],
  [/\b(deaths?|killed|dead|fatalit(y|ies)|lives|died|killings)\b/i, 'deaths'],
  [/\b(attacks?|incidents?|strikes?|bombings?|assaults?|raids?|ambush(es)?)\b/i, 'attacks'],
  [/\b(events?|clashes|violence|fighting)\b/i, 'events'],
  [/\b(deport(ed|ees?|ations?))\b/i, 'deportations'],
  [/\b(returnees|returns|returned)\b/i, 'returns'],
];
// Group 1 the number ("1,200", "1.5", or a whole amount in words: "half a million"), 2 a "+", 3 a scale word, 4 a per cent sign.
const NUMBER = new RegExp(
  `(?<![\\w.,])(${SCALED_SOURCE}(?![\\w,])|\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)(\\s*\\+)?(?:\\s*(thousand|hundred|million|lakh))?(\\s*(?:%|percent|per cent))?(?![\\w,])`,
  'gi',
);
const DYAD =
  /\bbetween (?:the )?(?:Pakistani|Pakistan's|Pakistan) (?:and|&) (?:the )?(?:Afghan|Afghanistan's|Taliban|Afghan Taliban)(?: Taliban)? (?:forces|troops|security forces|border forces|soldiers|militaries)|\bbetween (?:the )?(?:Afghan|Afghanistan's|Afghan Taliban) (?:and|&) (?:the )?(?:Pakistani|Pakistan's) (?:forces|troops|security forces|soldiers)/i;
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
    const skip = (reason: string) => skipped.push({ line, sentence, reason });
    const relations = findRelations(sentence);
    if (relations) {
      const period = findPeriod(sentence);
      if (!period) {
        skip('no period found (in 2023, in March 2023, since August 2021, from 2022 to 2023)');
        continue;
      }
      const change = relations.kind === 'increase' || relations.kind === 'decrease';
      const spec: ClaimSpecInput = {
        id: uniqueId(
          `relations-${String(typeof period.period === 'string' ? period.period : period.period.from).slice(0, 7)}`,
          ids,
        ),
        status: 'draft',
        text: sentence,
        metric: 'relations_index',
        geography: { country: relations.pair[0], to: relations.pair[1] },
        period: period.period,
        comparator: change ? { kind: relations.kind } : { kind: relations.kind, value: 0 },
        notes: [
          `line ${line}`,
          change
            ? `relations ${relations.kind === 'decrease' ? 'worsened' : 'improved'}: a ${relations.kind} of the relations index (the period's mean minus the baseline's; default baseline the period of the same kind just before)`
            : `the sign of the relations index: ${relations.kind === 'less_than' ? 'below 0 (conflictual coverage outweighs cooperative)' : 'above 0'}`,
        ].join('; '),
      };
      if (change && period.baseline) spec.baseline = period.baseline;
      drafts.push({ spec, line });
      continue;
    }
    const ratio = findRatio(sentence);
    const rank = findRank(sentence);
    // "the deadliest year" counts deaths even when no other word names them.
    const metric =
      UNITS.find(([re]) => re.test(sentence))?.[1] ??
      (rank && /deadliest|bloodiest/i.test(rank.phrase) ? 'deaths' : undefined);
    // Years are never counts; a percentage that states a change ("rose by 70%") is not a share.
    const numbers = [...sentence.matchAll(NUMBER)].filter(
      (m) =>
        !isYear(m) &&
        !isDayOfMonth(sentence, m) &&
        !(ratio && m.index! >= ratio.index && m.index! < ratio.index + ratio.length) &&
        !(
          rank &&
          /\d/.test(rank.phrase) &&
          sentence.indexOf(rank.phrase) <= m.index! &&
          m.index! < sentence.indexOf(rank.phrase) + rank.phrase.length
        ),
    );
    const vague = numbers.length ? null : findVague(sentence);
    const majority = findMajority(sentence);
    const rareBefore = /\b(rare|rarely|seldom|uncommon)\b[^.]*\bbefore ((?:19|20)\d{2})\b/i.exec(sentence);
    // "Returns in 2025 exceeded 2024": two years compared without a figure (a number would be bounded).
    const comparative = numbers.length ? null : findComparative(sentence);
    const change = rareBefore
      ? 'increase'
      : ratio
        ? 'rate_ratio'
        : (hedge(sentence, CHANGE_WORD_KINDS) ?? comparative?.kind ?? null);
    if (!numbers.length && !change && !vague && !rank && !majority) {
      skip(
        metric
          ? `no figure, vague amount (dozens, several hundred), change or rank word for the ${metric} it names`
          : 'no quantitative statement (no figure with a unit, change or rank word)',
      );
      continue;
    }
    if (!metric) {
      skip(
        'a figure or change word but no unit the checker counts (deaths, casualties, injured, attacks, events, returns, deportations)',
      );
      continue;
    }
    // "the deadliest year since 2013": "since 2013" is the rank's set, not the period.
    const period = rareBefore
      ? { period: { from: `${rareBefore[2]}-01-01` } }
      : comparative && change === comparative.kind
        ? { period: comparative.period, baseline: comparative.baseline }
        : findPeriod(
            rank ? sentence.replace(rank.phrase, rank.phrase.replace(/\b(since|in) .*$/i, '')) : sentence,
          );
    if (!period) {
      skip('no period found (in 2023, in March 2023, since August 2021, from 2022 to 2023)');
      continue;
    }
    if (rank && (typeof period.period !== 'string' || period.period.includes('..'))) {
      skip(`"${rank.phrase}" ranks a period, but the period found is not one year, quarter or month`);
      continue;
    }
    // One draft per number (a count, or a percentage as a share); a change, rank or vague amount gives one.
    const anchors: (RegExpMatchArray | null)[] =
      rank || (change && (period.baseline || ratio)) || !numbers.length ? [null] : numbers;
    for (const num of anchors) {
      const at =
        num?.index ??
        (rank ? sentence.indexOf(rank.phrase) : vague && !change ? vague.index : changeIndex(sentence));
      const clause = clauseAt(sentence, at);
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
      if (rank) {
        spec.comparator = { kind: 'rank', order: rank.order };
        spec.among = rank.among;
        if (rank.note) notes.push(rank.note);
      } else if (num && num[4]) {
        const more =
          majority !== null ||
          /\b(more than|over)\s*$/i.test(sentence.slice(Math.max(0, num.index! - 12), num.index!));
        spec.comparator =
          value(num) === 50 && more ? { kind: 'majority' } : { kind: 'share', value: value(num) };
      } else if (num) {
        const before = sentence.slice(Math.max(0, num.index! - 30), num.index!);
        const hedged = hedge(before, ['nearly', 'about', 'at_least', 'more_than', 'at_most', 'less_than']);
        // A bare amount with a scale word ("two million", "2 million", "half a million") is a rounded
        // figure, so it reads as about; digits without one ("2,000,000", "306") mean every digit.
        const rounded = !hedged && !num[2] && isRounded(num);
        const kind = hedged ?? (num[2] ? 'at_least' : rounded ? 'about' : 'exactly');
        spec.comparator = { kind, value: value(num) };
        if (rounded)
          notes.push(
            `"${num[0]!.trim()}" is a rounded amount (a scale word, no hedge): read as about (within 10%); set exactly if the text means every digit`,
          );
      } else if (vague && !change) {
        spec.comparator = { kind: vague.kind };
      } else if (majority && !change) {
        spec.comparator = { kind: 'majority' };
      } else {
        spec.comparator =
          change === 'rate_ratio' ? { kind: 'rate_ratio', value: ratio?.value ?? 2 } : { kind: change! };
        if (period.baseline) spec.baseline = period.baseline;
        else
          notes.push(
            'baseline: the period of the same kind just before (default); set one if the text names it',
          );
      }
      if (spec.comparator.kind === 'majority' || spec.comparator.kind === 'share')
        notes.push(
          'share_of: the whole is the country (default); set share_of if the text names another whole',
        );
      // Places count only in the clause of the figure: "3,000 casualties, most of them in KP" is national.
      const places = findPlaces(clause, opts.resolvePlace);
      const countryHits = [
        ...new Set(
          findPlaces(sentence, undefined)
            .filter((p) => p.kind === 'country')
            .map((p) => p.country),
        ),
      ];
      let stateActor: string | null = null;
      const dyad = DYAD.exec(sentence);
      if (dyad) {
        // "clashes between Pakistani and Afghan forces": one state's forces against the other's, on both sides of the border.
        spec.geography = { country: ['AFG', 'PAK'] };
        spec.dyad = 'pakistan-state:afghan-taliban';
        notes.push(
          'Pakistani against Afghan forces: the dyad pakistan-state:afghan-taliban, events in both countries',
        );
      } else if (countryHits.length === 1) spec.geography = { country: countryHits[0]! };
      else if (countryHits.length > 1 && stateActing(sentence)) {
        // "Pakistan's airstrikes in Afghanistan killed 49": one state acting in the other country.
        const acting = stateActing(sentence)!;
        spec.geography = { country: acting.in };
        stateActor = acting.actor;
        notes.push(
          `${acting.words}: counted in ${acting.in} with the actor ${acting.actor}; remove the actor for every death there`,
        );
      } else if (countryHits.length > 1 && /\b(between|both|and)\b/i.test(sentence)) {
        spec.geography = { country: countryHits.sort() };
        notes.push(
          'names both countries: counted together; for a dyad (one side against the other) set dyad',
        );
      }
      const one = Array.isArray(spec.geography.country) ? null : spec.geography.country;
      const units = places.filter((p) => p.kind === 'admin1' && p.country === one).map((p) => p.admin1Code!);
      if (units.length) spec.geography = { ...spec.geography, admin1: [...new Set(units)] };
      for (const p of places.filter((x) => x.kind === 'place'))
        notes.push(
          `mentions ${p.name} (${p.admin1Code ?? p.country}); claims are checked by province, so add it to admin1 if meant`,
        );
      const { ids: actors, taliban } = spec.dyad ? { ids: [], taliban: null } : findActors(sentence);
      if (taliban) notes.push(talibanNote(taliban));
      if (actors.length) spec.actor = actors.length === 1 ? actors[0]! : actors;
      else if (stateActor) spec.actor = stateActor;
      const m = spec.metric;
      if (spec.dyad) {
        // the dyad already names both sides
      } else if (SECURITY.test(sentence)) {
        if (m === 'attacks' || m === 'events')
          spec.counterpart = one === 'AFG' ? 'afghan-taliban' : 'pakistan-state';
        else spec.definition = { victims: 'security_forces' };
      } else if (/\bcivilians?\b/i.test(sentence) && m !== 'attacks' && m !== 'events')
        spec.definition = { victims: 'civilians' };
      if (/\bincluding militants|militants included\b/i.test(sentence))
        spec.definition = { ...spec.definition, militants: 'included' };
      if (/\bexcluding militants\b/i.test(sentence))
        spec.definition = { ...spec.definition, militants: 'excluded' };
      if (/cross-border|across the border|border areas?|border regions?|border districts?/i.test(sentence)) {
        if (m !== 'returns' && m !== 'deportations')
          spec.geography = { ...spec.geography, border_zone: true };
        notes.push(
          'cross-border or border: limited to the border zone (geography.border_zone); remove it if not meant',
        );
      }
      if (m === 'returns' || m === 'deportations') {
        // From Iran when the sentence names Iran and not Pakistan (it drafted "from Pakistan" for
        // "returned from Iran", and Pakistan's figures then judged it).
        const [pak, irn] = [/\bPakistan\b/i.test(sentence), /\bIran\b/i.test(sentence)];
        const from = irn && !pak ? 'IRN' : 'PAK';
        spec.geography = { country: from, to: 'AFG' };
        notes.push(
          pak && irn
            ? 'returns and deportations: names Pakistan and Iran, read as from Pakistan alone to Afghanistan; correct if not'
            : `returns and deportations: read as from ${from === 'IRN' ? 'Iran' : 'Pakistan'} to Afghanistan; correct if not`,
        );
      }
      const said = attributedTo(sentence);
      if (said) {
        spec.attributed_to = said.name;
        notes.push(
          `attributed to ${said.name} ("${said.words}"): its loaded figures are checked first; remove attributed_to if the figure is not theirs`,
        );
      }
      const p = period.period;
      spec.id = uniqueId(
        `${m}-${spec.comparator.kind === 'share' ? 'share-' : spec.comparator.kind === 'rank' ? 'rank-' : ''}${String(typeof p === 'string' ? p : p.from).slice(0, 7)}`,
        ids,
      );
      spec.notes = notes.join('; ');
      drafts.push({ spec, line });
    }
  }
  return { drafts, skipped };
}

/** The clause (between commas, semicolons, dashes) holding position `at`. */
// An organisation named as the figure's source: an acronym (IOM, UNHCR, UNHCR-IOM, CRSS) before a
// reporting verb, or after "according to". Acronyms only, so "Pakistan said" attributes nothing.
const SAID =
  /\b([A-Z]{2,}(?:-[A-Z]{2,})?)(?:'s?)?\s+(?:said|says|reported|reports|recorded|records|counted|counts|estimated|estimates|found|finds|registered|registers)\b|\b[Aa]ccording to (?:the )?([A-Z]{2,}(?:-[A-Z]{2,})?)\b/;

/** The organisation a sentence attributes its figure to ("IOM said", "according to UNHCR"), or null. */
function attributedTo(s: string): { name: string; words: string } | null {
  const m = SAID.exec(s);
  return m ? { name: (m[1] ?? m[2])!, words: m[0] } : null;
}

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
      if (i >= 0 && (CHANGE_WORD_KINDS.includes(h.kind) || h.kind === 'rate_ratio')) return i;
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

/** A four-digit 19xx or 20xx without a thousands comma, plus, multiplier or per cent is a year, never a count. */
function isYear(m: RegExpMatchArray): boolean {
  return /^(19|20)\d{2}$/.test(m[1]!) && !m[2] && !m[3] && !m[4];
}

/** Whether a matched amount is written with a scale word ("two million", "1.5 million", "2 thousand"): a rounded figure. */
function isRounded(m: RegExpMatchArray): boolean {
  return /[a-z]/i.test(m[1]!) || m[3] !== undefined;
}

function value(m: RegExpMatchArray): number {
  // A whole amount in words or with its scale ("half a million", "1.5 million") reads as one number.
  if (/[a-z]/i.test(m[1]!)) return numberValue(m[1]!) ?? NaN;
  const n = Number(m[1]!.replace(/,/g, ''));
  const times =
    { thousand: 1000, hundred: 100, million: 1_000_000, lakh: 100_000 }[m[3]?.toLowerCase() ?? ''] ?? 1;
  return Math.round(n * times);
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

/**
 * Whether a number is the day of a date ("15 September 2023", "September 15, 2023"): a whole number
 * from 1 to 31 right before a month name, or right after one (a comma may follow), or opening a span
 * of days in one month ("between 1 and 13 April 2025"), is no count.
 */
function isDayOfMonth(s: string, m: RegExpMatchArray): boolean {
  if (!/^\d{1,2}$/.test(m[0]) || Number(m[0]) < 1 || Number(m[0]) > 31) return false;
  const month = `(?:${MONTHS.join('|')})`;
  const before = s.slice(0, m.index!);
  const after = s.slice(m.index! + m[0].length);
  return (
    new RegExp(`^\\s+${month}\\b`, 'i').test(after) ||
    new RegExp(`\\b${month}\\s+$`, 'i').test(before) ||
    // The first day of a span in one month: the "1" of "between 1 and 13 April 2025".
    (/\b(?:from|between)\s+$/i.test(before) &&
      new RegExp(`^\\s+(?:and|to|until|through|till)\\s+\\d{1,2}(?:st|nd|rd|th)?\\s+${month}\\b`, 'i').test(
        after,
      ))
  );
}

/** The claim's period (and a baseline when the text names two). */
function findPeriod(
  s: string,
): { period: ClaimSpecInput['period']; baseline?: ClaimSpecInput['period'] } | null {
  const month = `(${MONTHS.join('|')})`;
  let m: RegExpExecArray | null;
  // "between 15 September 2023 and 8 November 2025": the whole span, not its first or last month.
  const span = findSpan(s);
  if (span) return { period: span };
  // "since 15 September 2023", "since September 15, 2023", "since September 2023", "since 2023".
  if (
    (m = new RegExp(
      `\\bsince (?:(?:the )?(\\d{1,2})(?:st|nd|rd|th)? (?:of )?)?(?:${month}(?: (\\d{1,2})(?:st|nd|rd|th)?,?)? )?((?:19|20)\\d{2})\\b`,
      'i',
    ).exec(s))
  ) {
    const mo = m[2] ? MONTHS.indexOf(m[2].toLowerCase()) + 1 : 1;
    const day = m[2] ? Number(m[1] ?? m[3] ?? 1) : 1;
    const from = `${m[4]}-${String(mo).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    // A day past the month's end is no date: the month's first day then.
    return {
      period: { from: dayNumber(from) !== null ? from : `${m[4]}-${String(mo).padStart(2, '0')}-01` },
    };
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

/** The registry's actor for each state's forces (the Taliban government is Afghanistan's). */
const STATE_ACTORS: Record<string, string> = { PAK: 'pakistan-state', AFG: 'afghan-taliban' };

/**
 * One state acting in the other country ("Pakistan's airstrikes in Afghanistan", "Afghan forces'
 * shelling in Pakistan"): where the events are (the country after "in") and whose forces act; null
 * when the sentence is not so.
 */
function stateActing(sentence: string): { in: string; actor: string; words: string } | null {
  const m =
    /\b(Pakistan's|Pakistani|Afghanistan's|Afghan)\s+((?:air ?|drone |missile |cross-border )?(?:strikes?|airstrikes?|shelling|bombing|bombardment|raids?|forces|army|military|troops|jets|attacks?))\b[^.;]*?\b(?:in|inside|on|across)\s+(Pakistan|Afghanistan)\b/i.exec(
      sentence,
    );
  if (!m) return null;
  const by = COUNTRY_WORDS[m[1]!.toLowerCase().replace(/'s$/, '')];
  const where = COUNTRY_WORDS[m[3]!.toLowerCase()];
  if (!by || !where || by === where) return null;
  return { in: where, actor: STATE_ACTORS[by]!, words: `${m[1]} ${m[2]} in ${m[3]}` };
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

function findActors(s: string): { ids: string[]; taliban: BareTalibanNote } {
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
  // A bare "Taliban" is the TTP or the Afghan Taliban only when the sentence names one side and not
  // the other (as the news reader reads it); otherwise it names no actor and the draft says so.
  const bare = kept.filter(
    (h) =>
      h.id === 'afghan-taliban' &&
      BARE_TALIBAN.test(s.slice(h.at, h.end)) &&
      !AFGHAN_TALIBAN_AFTER.test(s.slice(h.end)),
  );
  let taliban: BareTalibanNote = null;
  if (bare.length) {
    const named = kept.filter((h) => !bare.includes(h));
    const ttp = named.find((h) => inGroup(h.id, 'ttp'));
    const afghan = named.some((h) => inGroup(h.id, 'afghan-taliban') || inGroup(h.id, 'afghanistan'));
    const reading = ttp && !afghan ? 'ttp' : afghan && !ttp ? 'afghan-taliban' : 'ambiguous';
    for (const h of bare)
      if (reading === 'ttp') h.id = ttp!.id;
      else if (reading === 'ambiguous') kept.splice(kept.indexOf(h), 1);
    if (reading === 'ambiguous') taliban = ttp ? 'both' : 'neither';
  }
  const found = [...new Set(kept.sort((a, b) => a.at - b.at).map((h) => h.id))];
  // An actor inside a group already found (TTP covers Jamaat-ul-Ahrar) adds nothing.
  return {
    ids: found.filter(
      (id) => !ACTORS.find((a) => a.id === id)?.groups.some((g) => g !== id && found.includes(g)),
    ),
    taliban,
  };
}

/** Whether a sentence's bare "Taliban" was left unread: it names neither group else, or both. */
type BareTalibanNote = 'neither' | 'both' | null;

/** Whether a registry id is the group `g` or one of its actors. */
const inGroup = (id: string, g: string): boolean =>
  id === g || Boolean(ACTORS.find((a) => a.id === id)?.groups.includes(g));

/** The draft's note on a bare "Taliban" it took no actor for. */
const talibanNote = (t: 'neither' | 'both'): string =>
  `"Taliban" may be the Tehrik-i-Taliban Pakistan (TTP) or the Afghan Taliban (Islamic Emirate), and ${t === 'both' ? 'the sentence names both' : 'nothing else in the sentence says which'}: no actor taken for it; add actor ttp or afghan-taliban if meant`;

function uniqueId(base: string, ids: Set<string>): string {
  let id = base.replace(/[^A-Za-z0-9._-]+/g, '-');
  for (let i = 2; ids.has(id); i++) id = `${base}-${i}`;
  ids.add(id);
  return id;
}
