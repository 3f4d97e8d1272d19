/**
 * Actors of the registry (src/domain/actors.ts) named in a passage, by their aliases, plus the
 * phrases news texts use for the two states' forces ("Pakistani army", "Afghan border forces",
 * "Pakistani and Afghan forces").
 * The longest name wins where names overlap: "Pakistani Taliban" is the TTP, not the Afghan Taliban.
 */
import {
  ACTORS,
  AFGHAN_TALIBAN_AFTER,
  type Actor,
  BARE_TALIBAN,
  resolveActor,
  TALIBAN_TAKEOVER,
} from '../../domain/actors.ts';
import type { DraftActor } from './news-draft.ts';

// Bare country names are places, not actors: "in Bajaur district, Pakistan" names no armed actor.
const NOT_ACTORS = new Set(['pakistan', 'afghanistan', 'government of afghanistan']);
// What news texts call a state's armed forces and their posts ("fired on Pakistani posts" names the
// side attacked), which the registry (built from dataset labels) lacks.
const FORCES =
  'army|armed forces|forces|troops|soldiers|military|security forces|border (?:forces|guards|police)|border security forces|police|air force|(?:border |check |security |military )?posts?';
// News phrases for the Pakistani state's forces. Strikes are named by their means ("Pakistani
// airstrikes on Paktika", "Pakistani jets", "Pakistani drones") or not at all ("Pakistani strikes").
// An adjective coordinated with the other country's ("Pakistani and Afghan forces") names Pakistan too.
const PAKISTAN_FORCES = `(?:Pakistan(?:i)?|Pakistan's) (?:${FORCES}|air ?strikes?|aerial strikes?|drone strikes?|strikes?|drones?|jets|fighter jets|warplanes|aircraft|artillery|shelling)|Pakistan(?:i)?(?= and Afghan(?:istan's)? (?:${FORCES})\\b)|Pakistan Army|Frontier Corps|ISPR|Inter-Services Public Relations|Counter[- ]Terrorism Department`;
// The Afghan state's forces: the Taliban-led government's from 15 August 2021, the Islamic
// Republic's before (the draft's date decides, as resolveActor does for "Government of Afghanistan").
const AFGHAN_FORCES = `(?:Afghan(?:istan's)?) (?:${FORCES})|Afghan(?= and Pakistan(?:i)? (?:${FORCES})\\b)`;

interface Pattern {
  actor: Actor;
  regex: RegExp;
  /** Words that name the Afghan state: the Islamic Republic before the Taliban took Kabul. */
  dated?: true;
}

// Urdu names are transliterated many ways: Dawn writes "Tehreek-i-Taliban Pakistan" and
// "Lashkar-i-Jhangvi" where the registry has "Tehrik-i-Taliban Pakistan" and "Lashkar-e-Jhangvi".
const TRANSLITERATED: [RegExp, string][] = [
  [/^[ie]$/i, '[ie]'],
  [/^teh?r(?:i|ee)k$/i, 'Teh?r(?:i|ee)k'],
];

function escape(alias: string): string {
  return alias
    .split(/[\s-]+/)
    .map(
      (word) =>
        TRANSLITERATED.find(([re]) => re.test(word))?.[1] ?? word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('[\\s-]+');
}

const PATTERNS: Pattern[] = [
  ...ACTORS.flatMap((actor) =>
    actor.aliases
      .filter((alias) => alias.length > 1 && !NOT_ACTORS.has(alias.toLowerCase()))
      // Upper-case aliases (TTP, IS, BLA) match only in upper case, or "is" would name the Islamic State.
      .map((alias): Pattern => ({
        actor,
        regex: new RegExp(
          `(?<![\\w-])${escape(alias)}(?![\\w-])`,
          alias === alias.toUpperCase() ? 'g' : 'gi',
        ),
      })),
  ),
  { actor: resolveActor('Government of Pakistan')!, regex: new RegExp(`\\b(?:${PAKISTAN_FORCES})\\b`, 'gi') },
  {
    actor: resolveActor('Government of Afghanistan', TALIBAN_TAKEOVER)!,
    regex: new RegExp(`\\b(?:${AFGHAN_FORCES})\\b`, 'gi'),
    dated: true,
  },
  // The Taliban's name for their state, at any date (the registry has it with "of Afghanistan").
  { actor: resolveActor('Islamic Emirate of Afghanistan')!, regex: /\bIslamic Emirate\b/gi },
];

/** What a bare "Taliban" in a passage is: read from the text's other names, or ambiguous. */
export interface TalibanReading {
  /** The Afghan Taliban, the TTP (or the TTP faction named), or `ambiguous` when the text names neither or both. */
  reading: 'afghan-taliban' | 'ttp' | 'ambiguous';
  /** The bare words ("Taliban"), in reading order. */
  words: string[];
  /** When ambiguous: whether the text names both groups (else neither). */
  both: boolean;
}

/** One actor named in a passage: the actor, the words that first named it, and every naming. */
export interface ActorMention {
  actor: DraftActor;
  words: string;
  index: number;
  /** Every place the passage names this actor, first included (the speaker check reads them all). */
  all: { words: string; index: number }[];
}

const REPUBLIC = ACTORS.find((a) => a.id === 'afghan-republic')!;

/**
 * Registry actors named in a passage, in reading order, each once, and what a bare "Taliban" in it
 * is (null when there is none). `date` (the draft's, YYYY-MM-DD) decides which Afghan state
 * "Afghan forces" are: the Islamic Republic's before 15 August 2021. A bare "Taliban" is the TTP
 * when the text names the TTP ("TTP", "Tehreek-e-Taliban", "Pakistani Taliban") and not the Afghan
 * side, the Afghan Taliban when it names the Afghan side ("Afghan Taliban", "Islamic Emirate",
 * "Afghan forces", "Taliban government") and not the TTP; otherwise it is ambiguous and names no
 * actor: the reader flags it rather than choosing.
 */
export function readActors(
  text: string,
  date?: string | null,
): { mentions: ActorMention[]; taliban: TalibanReading | null } {
  const hits: { actor: Actor; words: string; index: number; end: number }[] = [];
  for (const { actor, regex, dated } of PATTERNS)
    for (const m of text.matchAll(regex))
      hits.push({
        actor: dated && date && date < TALIBAN_TAKEOVER ? REPUBLIC : actor,
        words: m[0],
        index: m.index,
        end: m.index + m[0].length,
      });
  hits.sort((a, b) => a.index - b.index || b.end - a.end);
  const kept: typeof hits = [];
  for (const hit of hits) if (!kept.some((k) => hit.index < k.end && hit.end > k.index)) kept.push(hit);
  const bare = kept.filter(
    (h) =>
      h.actor.id === 'afghan-taliban' &&
      BARE_TALIBAN.test(h.words) &&
      !AFGHAN_TALIBAN_AFTER.test(text.slice(h.end)),
  );
  let taliban: TalibanReading | null = null;
  if (bare.length) {
    const named = kept.filter((h) => !bare.includes(h));
    const ttp = named.find((h) => h.actor.groups.includes('ttp'))?.actor;
    const afghan = named.some((h) => h.actor.groups.includes('afghanistan'));
    const reading = ttp && !afghan ? 'ttp' : afghan && !ttp ? 'afghan-taliban' : 'ambiguous';
    taliban = { reading, words: bare.map((h) => h.words), both: Boolean(ttp && afghan) };
    for (const h of bare) {
      if (reading === 'ttp') h.actor = ttp!;
      if (reading === 'ambiguous') kept.splice(kept.indexOf(h), 1);
    }
  }
  const byActor = new Map<string, ActorMention>();
  for (const { actor, words, index } of kept) {
    const known = byActor.get(actor.id);
    if (known) known.all.push({ words, index });
    else
      byActor.set(actor.id, {
        actor: { id: actor.id, name: actor.name },
        words,
        index,
        all: [{ words, index }],
      });
  }
  return { mentions: [...byActor.values()], taliban };
}

/** Registry actors named in a passage, in reading order, each once; an ambiguous bare "Taliban" names none (readActors). */
export function findActors(text: string, date?: string | null): ActorMention[] {
  return readActors(text, date).mentions;
}

/**
 * The state whose forces died or were hurt where a passage places them, when the passage names no
 * state at all ("Three policemen were martyred ... in Lakki Marwat": Pakistan's police): Pakistan's
 * government, or Afghanistan's (the Taliban-led state from 15 August 2021, the Islamic Republic
 * before, by `date`). Null for other countries or when some state is named already.
 */
export function victimsState(
  country: string | null,
  date: string | null,
  named: readonly ActorMention[],
): DraftActor | null {
  if (named.some((m) => ACTORS.find((a) => a.id === m.actor.id)?.kind === 'state')) return null;
  const actor =
    country === 'PAK'
      ? resolveActor('Government of Pakistan')
      : country === 'AFG'
        ? date && date < TALIBAN_TAKEOVER
          ? REPUBLIC
          : resolveActor('Government of Afghanistan', TALIBAN_TAKEOVER)
        : null;
  return actor ? { id: actor.id, name: actor.name } : null;
}

/** Whether the words name a non-state armed group of the registry ("the Pakistani Taliban"). */
export function namesArmedGroup(text: string): boolean {
  return PATTERNS.some(
    ({ actor, regex }) =>
      actor.kind === 'rebel' && new RegExp(regex.source, regex.flags.replace('g', '')).test(text),
  );
}
