/**
 * Killed and injured counts in a passage: a number ("five", "at least 12", "a"), up to four words,
 * and a victim noun ("soldiers", "militants", "people"), tied to a verb before it ("kills five
 * soldiers") or after it ("five soldiers are killed").
 */
import type { CountBound, VictimClass, VictimCount } from './news-draft.ts';
import { TALIBAN_TAKEOVER } from '../../domain/actors.ts';
import { NUMBER_SOURCE, numberValue } from '../../domain/number-words.ts';

const VICTIMS: Record<Exclude<VictimClass, 'unspecified'>, string> = {
  security_forces:
    'soldiers?|troops?|servicem[ae]n|personnel|policem[ae]n|police ?officers?|police|officers?|constables?|(?:sub-|assistant sub-)?inspectors?|guards?|paramilitar(?:y|ies)|levies|security forces|commandos?|cops?',
  militants:
    'militants?|insurgents?|fighters?|terrorists?|gunm[ae]n|attackers?|assailants?|bombers?|rebels?|jihadists?|khawarij|khwarij',
  civilians:
    'civilians?|children|child|wom[ae]n|students?|worshippers?|passengers?|villagers?|workers?|labou?rers?|pilgrims?|tourists?|journalists?|residents?|bystanders?|miners?|teachers?|doctors?|nurses?|(?:tribal )?elders?|shopkeepers?|traders?|drivers?|farmers?|shepherds?|lawyers?|clerics?|engineers?|nationals|foreigners?|expatriates?',
};
// "Three of them": the noun is the one before ("gunmen stopped a bus and shot three of them dead").
// An official is whoever employs them ("three police officials" are security forces; "two
// Government officials" are not said to be): victimClass reads the words before the noun.
const UNSPECIFIED = 'people|persons?|men|others?|more|individuals?|members?|officials?|(?<=\\bof )them';
const NOUN = `(?:${Object.values(VICTIMS).join('|')}|${UNSPECIFIED})`;
const BOUND = '(?:at least|more than|over|up to|as many as|around|about|nearly|almost|some)';
// "at least 12 militants", "three Pakistan Army soldiers", "a constable policeman"; "members of the Pakistani Taliban".
// The words between a number and its noun are never a count or an outcome of their own ("leaving
// 6 dead and 20 others wounded" is two counts, not six others). A group's abbreviation in
// parentheses is one of them: "Five Tehreek-e-Taliban Pakistan (TTP) terrorists", "two Frontier
// Corps (FC) personnel", as Pakistani summaries write every group (it stopped the count before).
const GROUP = new RegExp(
  `\\b(?:(${BOUND})\\s+)?(${NUMBER_SOURCE}|an?|another)\\s+((?:(?!(?:dead|killed|wounded|injured|hurt|and|or)\\b|${NUMBER_SOURCE}\\b|\\d)(?:[\\w’'-]+|\\([A-Za-z]{2,6}\\))\\s+){0,4}?)(${NOUN})\\b`,
  'gi',
);
// A headline names one victim without a number: "Policeman shot dead in Bannu", "Pakistan army
// official killed in drone attack". A singular victim noun opening a sentence (after up to four
// words that are no number, article or preposition) with a verb of death or injury after it is a
// count of one (it gave no count). Mid-sentence, "the policeman" mostly names one counted already.
const SINGULAR =
  'soldier|trooper|serviceman|policeman|police ?officer|officer|constable|(?:sub-|assistant sub-)?inspector|guard|paramilitary|commando|cop|militant|insurgent|fighter|terrorist|gunman|attacker|assailant|bomber|rebel|jihadist|civilian|child|woman|student|worshipper|passenger|villager|worker|labou?rer|pilgrim|tourist|journalist|resident|bystander|miner|teacher|doctor|nurse|(?:tribal )?elder|shopkeeper|trader|driver|farmer|shepherd|lawyer|cleric|engineer|foreigner|expatriate|person|man|individual|member|official';
const SINGLE = new RegExp(
  `(?<=^|\\n|[.!?:]\\s+)((?:(?!(?:a|an|the|another|and|or|of|in|on|at|by|for|to|from|with|after|as|says?|said|told|claims?|reports?|${NUMBER_SOURCE})\\b)[A-Za-z][\\w’'-]*\\s+){0,4}?)(${SINGULAR})\\b`,
  'gi',
);
// A second victim noun right after the first makes one phrase: "constable policeman", "police officers".
const COMPOUND = new RegExp(`^\\s+(${NOUN})\\b`, 'i');
// Case-sensitive on purpose: "members of the Pakistani Taliban" names a group; "members of the public" does not.
const OF_GROUP = /^\s+of\s+(?:the\s+)?(?:[A-Z][\w’'-]*(?:\s+|$))+/;
const KILLED_AFTER =
  /^\s*(?:who\s+)?(?:(?:are|were|is|was|have been|has been|had been|being|reportedly|reported to (?:be|have been)|said to (?:be|have been)|believed to (?:be|have been))\s+)*(?:killed|dead|died|dies|die|slain|martyred|shot dead|gunned down|perished|embraced martyrdom|embrace martyrdom|lost (?:their|his|her) li(?:fe|ves))\b/i;
const INJURED_AFTER =
  /^\s*(?:who\s+)?(?:(?:are|were|is|was|have been|has been|had been|being|reportedly|reported to (?:be|have been)|said to (?:be|have been))\s+)*(?:(?:critically|seriously|severely|badly|grievously|slightly)\s+)?(?:wounded|injured|hurt)\b(?!\s+[\w’'-]+\s+(?:died|succumbed|passed away)\b)/i;
// A verb in the active voice right after a group, with its object after it: "killed 12 people",
// "killed a policeman", "injured dozens", "shot dead two policemen".
const ACTIVE_VERB = new RegExp(
  `^\\s*(?:killed|killing|kills|wounded|wounds|injured|injures|shot dead|gunned down|martyred)\\s+(?:${BOUND}\\s+)?(?:${NUMBER_SOURCE}(?![\\s-]*(?:hours?|days?|weeks?|months?|years?)\\b)|an?|the(?!\\s+(?:day|night|week|morning|evening|same)\\b)|his|her|their|its|him|them|dozens|scores|several|many|hundreds)\\b`,
  'i',
);
// "martyring four policemen" and "shot dead a polio worker" are how Pakistani reports word it.
const KILLED_BEFORE =
  /\b(?:kill|kills|killed|killing|slay|slew|slaying|leaving|left|martyring|martyred|shot dead|shooting dead|gunned down|gunning down)\s+$/i;
const INJURED_BEFORE = /\b(?:wound|wounds|wounded|wounding|injure|injures|injured|injuring)\s+$/i;
// "another is injured", "four more wounded", "leaving 6 dead and 20 wounded": a count with no noun
// of its own. (A bare number needs the adjective right after it: "2023 killed" reads a year.) A
// headline's "12 killed, 30 injured" counts too: a number that is no year, before "killed" or
// "martyred" that ends the phrase (a comma, "and", "in", "as" or the line's end).
// ("Four more injured people died": there "injured" describes people who died, not a count of the injured.)
const BARE = new RegExp(
  `\\b(?:(${BOUND})\\s+)?(another|${NUMBER_SOURCE}\\s+more|${NUMBER_SOURCE}(?=\\s+(?:dead|wounded|injured|hurt)\\b)|(?<![\\d,.])(?!(?:1[89]|20)\\d\\d\\b)${NUMBER_SOURCE}(?=\\s+(?:killed|martyred)\\s*(?:[,;:]|$|and\\b|in\\b|as\\b)))\\b(?=\\s+(?:are\\s+|is\\s+|were\\s+|was\\s+)?(?:killed|martyred|wounded|injured|hurt|dead)\\b(?!\\s+[\\w’'-]+\\s+(?:died|succumbed|passed away)\\b))`,
  'gi',
);
// A number right after a verb of killing or wounding that ends its phrase: "killed 12 and injured 30".
const AFTER_VERB = new RegExp(
  `\\b(killed|killing|kills|kill|martyred|martyring|wounded|wounding|injured|injuring|injures)\\s+(?:(${BOUND})\\s+)?(${NUMBER_SOURCE})(?=\\s*(?:[,.;]|and\\b|in\\b|on\\b|at\\b|$))`,
  'gi',
);
const VAGUE =
  /\b(several|dozens|scores|many|hundreds|a number)\b(?:\s+(?:more|others|of\s+\w+|people))?(?=\s+(?:are\s+|were\s+|have been\s+)?(?:killed|wounded|injured|hurt|dead)\b)/gi;

// "The death toll from Friday's blast in Parachinar rose to 25": a total of the dead, with no noun of its own.
const TOLL = new RegExp(
  `\\b(?:death toll|toll|number of (?:the )?dead)\\b(?:\\s+(?:from|in|of)\\b[^.;:]{0,80}?)?\\s+(?:has |had |have )?(?:rose|risen|climbed|reached|jumped|increased|mounted|went up|gone up|stood|stands|stand|is|was|now stands)\\s+(?:to\\s+|at\\s+)?(?:(${BOUND})\\s+)?(${NUMBER_SOURCE})\\b`,
  'gi',
);

/** A count found in a passage, before it is told apart as killed or injured. */
export interface FoundCount extends VictimCount {
  outcome: 'killed' | 'injured';
  /** The words the count came from ("at least three Pakistan Army soldiers"). */
  words: string;
  index: number;
  /** A death toll ("the death toll rose to 25"): the total of the dead, which the passage's other counts are part of. */
  toll?: true;
}

function boundOf(words: string | undefined): CountBound {
  switch (words?.toLowerCase()) {
    case undefined:
      return 'exact';
    case 'at least':
      return 'at_least';
    case 'more than':
    case 'over':
      return 'more_than';
    case 'up to':
    case 'as many as':
      return 'up_to';
    default:
      return 'about';
  }
}

/** What a bare "Taliban" in the passage is (text-actors.ts reads it from the passage's other names). */
export type BareTaliban = 'afghan-taliban' | 'ttp' | 'ambiguous';

// Words that make Taliban victims the Afghan Taliban's whatever the passage says elsewhere.
const AFGHAN_TALIBAN =
  /\bAfghan Tal[ie]ban\b|\bIslamic Emirate\b|\bTal[ie]ban(?:['’]s)?\s+(?:forces|troops|border (?:forces|guards|police)|security forces)\b/i;

/**
 * The Taliban's fighters or members ("three Taliban fighters", "members of the Afghan Taliban"):
 * the Afghan Taliban's are the Afghan state's forces from 15 August 2021, an insurgency's militants
 * before; the TTP's (a bare "Taliban" the passage reads as the TTP) are militants. Null when the
 * words name no Taliban, name the Pakistani Taliban (an armed group the noun classes), the date is
 * unknown, or a bare "Taliban" is ambiguous: the noun decides then ("Taliban terrorists" are militants).
 */
function talibanVictims(
  words: string,
  date: string | null | undefined,
  isMilitantActor: (text: string) => boolean,
  bare: BareTaliban,
): VictimClass | null {
  if (!/\bTal[ie]ban\b/i.test(words) || isMilitantActor(words)) return null;
  if (!AFGHAN_TALIBAN.test(words) && bare !== 'afghan-taliban') return bare === 'ttp' ? 'militants' : null;
  if (!date) return null;
  return date < TALIBAN_TAKEOVER ? 'militants' : 'security_forces';
}

// Words before "official(s)" that make them security forces: "police officials", "two security
// officials", "A Counter Terrorism Department (CTD) official", "Pakistan army official".
const FORCE_WORDS =
  /\b(?:police|army|military|paramilitary|security|levies|frontier corps|FC|rangers|counter[- ]terrorism department|CTD)\b/i;

function victimClass(
  noun: string,
  words: string,
  tail: string,
  isMilitantActor: (text: string) => boolean,
  date: string | null | undefined,
  bare: BareTaliban,
): VictimClass {
  const taliban = talibanVictims(`${words} ${tail}`, date, isMilitantActor, bare);
  if (taliban) return taliban;
  for (const [cls, source] of Object.entries(VICTIMS))
    if (new RegExp(`^(?:${source})$`, 'i').test(noun)) return cls as VictimClass;
  if (/^officials?$/i.test(noun) && FORCE_WORDS.test(words)) return 'security_forces';
  // "members of the Pakistani Taliban" are militants; "members of the public" are not said to be;
  // "members of the Levies force" are security forces.
  if (tail && isMilitantActor(tail)) return 'militants';
  if (
    /\b(?:army|police|levies|frontier corps|FC|rangers|security forces|counter[- ]terrorism department|CTD)\b/i.test(
      tail,
    )
  )
    return 'security_forces';
  return 'unspecified';
}

// "Four terrorists of Indian proxy Fitna al Hindustan were killed": who they belong to, between the
// count and its verb (only before a form of "to be": "of the police said" is no such phrase).
const BELONGING =
  /^\s+(?:of|from|belonging to|affiliated with)\s+(?:[\w’'-]+\s+){1,6}?(?=(?:are|were|is|was|have been|has been|had been)\s)/i;

// A part of the count named between it and its verb: "19 civilians, including nine children, were killed".
const SUBSET_BEFORE = /\b(?:including|among them|among whom|of whom|most of them)\s+$/i;
const SUBSET_AFTER =
  /^\s*,\s*(?:including|among them|among whom|of whom|mostly|most of them)\s+[^,.;]{1,60},/i;

// The same without a closing comma, as headlines and alerts write it: "Four policemen including a
// Station House Officer lost their lives", "two others, including a Deputy Superintendent of Police
// were critically injured" (the count found no verb, so it gave none). The part ends where a verb
// of death or injury begins.
const SUBSET_BARE = /^\s*,?\s*(?:including|among them|mostly)\s+/i;

/** The words after a count without the part of it named there ("including nine children"), up to its verb. */
function withoutSubset(rest: string): string {
  const named = SUBSET_AFTER.exec(rest);
  if (named) return rest.slice(named[0].length);
  const bare = SUBSET_BARE.exec(rest);
  if (!bare) return rest;
  const part = /^[^,.;:]{1,60}/.exec(rest.slice(bare[0].length))?.[0] ?? '';
  for (let at = bare[0].length; at <= bare[0].length + part.length; at++) {
    if (!/\s/.test(rest[at - 1] ?? '')) continue;
    const tail = rest.slice(at - 1);
    if (KILLED_AFTER.test(tail) || INJURED_AFTER.test(tail)) return tail;
  }
  return rest;
}

function outcomeAt(text: string, start: number, end: number): 'killed' | 'injured' | null {
  const rest = withoutSubset(text.slice(end, end + 160));
  const after = rest.slice(BELONGING.exec(rest)?.[0].length ?? 0).slice(0, 60);
  // "A suicide bomber killed 12 people", "Two gunmen injured a policeman": the group did the
  // killing, it was not killed (a headline's "Five soldiers killed in Bannu" has no object).
  if (ACTIVE_VERB.test(after)) return null;
  if (KILLED_AFTER.test(after)) return 'killed';
  if (INJURED_AFTER.test(after)) return 'injured';
  const before = text.slice(Math.max(0, start - 30), start);
  if (KILLED_BEFORE.test(before)) return 'killed';
  if (INJURED_BEFORE.test(before)) return 'injured';
  return null;
}

interface Raw extends Omit<FoundCount, 'outcome'> {
  outcome: FoundCount['outcome'] | null;
  end: number;
}

/** Killed and injured counts of a passage in reading order; `isMilitantActor` says whether words name an armed group. */
export function findCounts(
  text: string,
  isMilitantActor: (text: string) => boolean,
  /** The draft's date (YYYY-MM-DD): whose forces the Taliban's fighters were. */
  date?: string | null,
  /** What a bare "Taliban" in the passage is: ambiguous unless the passage says (readActors). */
  bare: BareTaliban = 'ambiguous',
): FoundCount[] {
  const raw: Raw[] = [];
  // A headline's lone victim ("Policeman shot dead in Bannu") reads as "a policeman" would.
  const groups = [...text.matchAll(GROUP)];
  const overlaps = (m: RegExpMatchArray & { index: number }) =>
    groups.some((g) => m.index < g.index + g[0].length && g.index < m.index + m[0].length);
  const single = [...text.matchAll(SINGLE)]
    .filter((m) => !overlaps(m))
    .map((m) => Object.assign([m[0], undefined, '', m[1], m[2]], { index: m.index }));
  for (const m of [...groups, ...single]) {
    const [, bound, number] = m;
    let [all, , , , noun] = m as unknown as string[];
    const lower = number!.toLowerCase();
    const count =
      lower === '' || lower === 'a' || lower === 'an' || lower === 'another' ? 1 : numberValue(number!);
    if (count === null) continue;
    // "A few of them", "a couple of them" are no count of one.
    if (/^them$/i.test(noun!) && count === 1 && !/^one$/i.test(number!)) continue;
    // "19 civilians, including nine children, were killed": the nine are among the 19, not more.
    if (SUBSET_BEFORE.test(text.slice(Math.max(0, m.index - 20), m.index))) continue;
    for (
      let more = COMPOUND.exec(text.slice(m.index + all!.length));
      more;
      more = COMPOUND.exec(text.slice(m.index + all!.length))
    ) {
      all += more[0];
      noun = more[1];
    }
    const tail = OF_GROUP.exec(text.slice(m.index + all!.length))?.[0].trimEnd() ?? '';
    const nounEnd = m.index + all!.length;
    all += tail;
    const words = all!.trim();
    raw.push({
      count,
      bound: boundOf(bound),
      victims: victimClass(noun!, all!, tail, isMilitantActor, date, bare),
      victim_words: words.slice(words.indexOf(number!) + number!.length).trim(),
      // From the noun ("members of the Levies force were injured"), else after its group ("members
      // of the Pakistani Taliban killed").
      outcome: outcomeAt(text, m.index, nounEnd) ?? outcomeAt(text, m.index, m.index + words.length),
      words,
      index: m.index,
      end: m.index + words.length,
    });
  }
  for (const m of text.matchAll(BARE)) {
    const [all, bound, number] = m;
    if (raw.some((f) => m.index >= f.index && m.index < f.end)) continue;
    const another = number!.toLowerCase() === 'another';
    const more = /\s+more$/i.test(number!);
    const count = another ? 1 : numberValue(number!.replace(/\s+more$/i, ''));
    if (count === null) continue;
    // A bare number's words take its adjective along: "6 dead", not "6".
    const adjective =
      another || more
        ? null
        : /^\s+(?:dead|wounded|injured|hurt|killed|martyred)\b/i.exec(text.slice(m.index + all.length));
    const words = all.trim() + (adjective?.[0] ?? '');
    raw.push({
      count,
      bound: boundOf(bound),
      victims: 'unspecified',
      victim_words: another ? 'another' : more ? 'more' : '',
      outcome: outcomeAt(text, m.index, m.index + all.length),
      words,
      index: m.index,
      end: m.index + words.length,
    });
  }
  // "A blast killed 12 and injured 30": a number right after the verb, with no noun of its own.
  for (const m of text.matchAll(AFTER_VERB)) {
    const [all, verb, bound, number] = m;
    const at = m.index + all.length - number!.length;
    if (raw.some((f) => at >= f.index && at < f.end) || /^(?:1[89]|20)\d\d$/.test(number!)) continue;
    const count = numberValue(number!);
    if (count === null) continue;
    raw.push({
      count,
      bound: boundOf(bound),
      victims: 'unspecified',
      victim_words: '',
      outcome: /^(?:kill|martyr)/i.test(verb!) ? 'killed' : 'injured',
      words: all.trim(),
      index: m.index,
      end: m.index + all.length,
    });
  }
  for (const m of text.matchAll(TOLL)) {
    const [all, bound, number] = m;
    const count = numberValue(number!);
    if (count === null) continue;
    // The number is the toll's, not the start of a group ("rose to 25 people" is the toll too).
    const at = m.index + all.length;
    for (let i = raw.length - 1; i >= 0; i--)
      if (raw[i]!.index >= m.index && raw[i]!.index < at) raw.splice(i, 1);
    raw.push({
      count,
      bound: boundOf(bound),
      victims: 'unspecified',
      victim_words: 'death toll',
      outcome: 'killed',
      words: all.trim(),
      index: m.index,
      end: at,
      toll: true,
    });
  }
  raw.sort((a, b) => a.index - b.index);
  // "Seven soldiers and 19 fighters are killed": a group joined to the next by "and" shares its
  // verb; so does one joined to the one before ("killing a sub-inspector and two constables").
  // A count that opens with its verb ("kills two") is the object of what comes before, not joined
  // to it: "A policeman kills two" killed two; the policeman was not killed.
  const joined = (a: Raw, b: Raw) =>
    /^\s*(?:,\s*)?(?:and|as well as)?\s*$/.test(text.slice(a.end, b.index)) &&
    !/^(?:kill|martyr|wound|injur)/i.test(b.words);
  for (let i = raw.length - 2; i >= 0; i--) {
    const [group, next] = [raw[i]!, raw[i + 1]!];
    if (group.outcome === null && joined(group, next)) group.outcome = next.outcome;
  }
  for (let i = 1; i < raw.length; i++) {
    const [before, group] = [raw[i - 1]!, raw[i]!];
    if (group.outcome === null && joined(before, group)) group.outcome = before.outcome;
  }
  return raw
    .filter((r): r is Raw & { outcome: FoundCount['outcome'] } => r.outcome !== null)
    .map(({ end: _end, ...count }) => count);
}

/** Vague quantities tied to a casualty verb ("several more are injured"): counted nowhere, reported as problems. */
export function findVagueCounts(text: string): { words: string; outcome: 'killed' | 'injured' }[] {
  return [...text.matchAll(VAGUE)].map((m) => ({
    words: m[0].trim(),
    outcome: /^\s*(?:are\s+|were\s+|have been\s+)?(?:killed|dead)/i.test(text.slice(m.index + m[0].length))
      ? 'killed'
      : 'injured',
  }));
}
