/**
 * Actors of the registry (src/domain/actors.ts) named in a passage, by their aliases, plus the
 * phrases news texts use for Pakistani state forces ("Pakistani army", "security forces").
 * The longest name wins where names overlap: "Pakistani Taliban" is the TTP, not the Afghan Taliban.
 */
import { ACTORS, type Actor, resolveActor } from '../../domain/actors.ts';
import type { DraftActor } from './news-draft.ts';

// Bare country names are places, not actors: "in Bajaur district, Pakistan" names no armed actor.
const NOT_ACTORS = new Set(['pakistan', 'afghanistan', 'government of afghanistan']);
// News phrases for the Pakistani state's forces, which the registry (built from dataset labels) lacks.
// Strikes are named by their means: "Pakistani airstrikes on Paktika", "Pakistani jets", "Pakistani drones".
const PAKISTAN_FORCES =
  "(?:Pakistan(?:i)?|Pakistan's) (?:army|armed forces|forces|troops|soldiers|military|security forces|police|air force|air ?strikes?|aerial strikes?|drone strikes?|drones?|jets|fighter jets|warplanes|aircraft|artillery|shelling)|Pakistan Army|Frontier Corps|ISPR|Inter-Services Public Relations|Counter[- ]Terrorism Department";

interface Pattern {
  actor: Actor;
  regex: RegExp;
}

function escape(alias: string): string {
  return alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s-]+/g, '[\\s-]+');
}

const PATTERNS: Pattern[] = [
  ...ACTORS.flatMap((actor) =>
    actor.aliases
      .filter((alias) => alias.length > 1 && !NOT_ACTORS.has(alias.toLowerCase()))
      // Upper-case aliases (TTP, IS, BLA) match only in upper case, or "is" would name the Islamic State.
      .map((alias) => ({
        actor,
        regex: new RegExp(
          `(?<![\\w-])${escape(alias)}(?![\\w-])`,
          alias === alias.toUpperCase() ? 'g' : 'gi',
        ),
      })),
  ),
  { actor: resolveActor('Government of Pakistan')!, regex: new RegExp(`\\b(?:${PAKISTAN_FORCES})\\b`, 'gi') },
];

/** One actor mention: the actor and the words that named it. */
export interface ActorMention {
  actor: DraftActor;
  words: string;
  index: number;
}

/** Registry actors named in a passage, in reading order, each once (with the first words that named it). */
export function findActors(text: string): ActorMention[] {
  const hits: (ActorMention & { end: number; kind: Actor['kind'] })[] = [];
  for (const { actor, regex } of PATTERNS)
    for (const m of text.matchAll(regex))
      hits.push({
        actor: { id: actor.id, name: actor.name },
        words: m[0],
        index: m.index,
        end: m.index + m[0].length,
        kind: actor.kind,
      });
  hits.sort((a, b) => a.index - b.index || b.end - a.end);
  const kept: typeof hits = [];
  for (const hit of hits) if (!kept.some((k) => hit.index < k.end && hit.end > k.index)) kept.push(hit);
  const seen = new Set<string>();
  return kept
    .filter((hit) => !seen.has(hit.actor.id) && seen.add(hit.actor.id))
    .map(({ actor, words, index }) => ({ actor, words, index }));
}

/** Whether the words name a non-state armed group of the registry ("the Pakistani Taliban"). */
export function namesArmedGroup(text: string): boolean {
  return PATTERNS.some(
    ({ actor, regex }) =>
      actor.kind === 'rebel' && new RegExp(regex.source, regex.flags.replace('g', '')).test(text),
  );
}
