/**
 * Turns an article into draft events. An ordinary article gives at most one draft, read from its
 * headline and first three paragraphs; a digest page gives one per listed item. Passages without
 * words of violence give none (and are counted, so nothing is dropped silently).
 */
import type { Article } from './article-text.ts';
import { findCounts, findVagueCounts, type FoundCount } from './casualties.ts';
import { countryOffsetMs, findDate } from './draft-date.ts';
import { findEventType, mentionsViolence } from './event-type.ts';
import type { Casualties, CountBound, DraftField, DraftProblem, NewsDraft } from './news-draft.ts';
import { type ActorMention, namesArmedGroup, readActors, victimsState } from './text-actors.ts';
import { findPlace, type PlaceLookup } from './text-places.ts';

/** What extraction needs besides the article. */
export interface ExtractOptions {
  /** ISO 3166-1 alpha-3 codes of the countries drafts are for; places elsewhere are flagged. */
  countries: readonly string[];
  /** The present, for future-date checks. */
  now: Date;
  lookup: PlaceLookup;
}

/** The drafts of an article, and how many passages were read and left without a draft. */
export interface Extraction {
  drafts: NewsDraft[];
  passages: number;
  /** Passages with no words of violence (killed, attack, clash, ...): no draft. */
  not_violent: number;
  /** Paragraphs of an ordinary article after its lead (headline and first three): not read. */
  unread_paragraphs: number;
}

const LEAD_PARAGRAPHS = 3;

/** The sentences of a text as spans (start and end offsets), so a count is placed by where it stands, not by its words. */
function sentenceSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  // Not after an initialism ("D.I. Khan", "U.S. Strike"): its last dot ends no sentence, and a cut
  // there left "D.I." without "Khan", so no place was found.
  const boundary = /\n+|(?<=[.!?])(?<!(?:^|[\s("“])(?:[A-Z]\.){2,})\s+(?=["“A-Z0-9])/g;
  let start = 0;
  for (const m of text.matchAll(boundary)) {
    if (text.slice(start, m.index).trim()) spans.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  if (text.slice(start).trim()) spans.push({ start, end: text.length });
  return spans;
}

const LOOSENESS: Record<CountBound, number> = { exact: 0, at_least: 1, more_than: 1, about: 2, up_to: 2 };

function casualties(
  counts: FoundCount[],
  outcome: FoundCount['outcome'],
  text: string,
): DraftField<Casualties> & { others: FoundCount[] } {
  // The first sentence that gives this outcome a number holds the count; later sentences mostly repeat it.
  // A count belongs to the sentence it stands in: a headline that repeats the lead's words ("At least
  // 12 soldiers martyred ..." above "At least 12 soldiers were martyred ...") is not a second group.
  for (const { start, end } of sentenceSpans(text)) {
    const found = counts.filter((c) => c.outcome === outcome && c.index >= start && c.index < end);
    if (!found.length) continue;
    // A death toll is the total: the sentence's other counts ("four more died") are part of it.
    const toll = found.find((c) => c.toll);
    const later = counts.filter((c) => c.outcome === outcome && c.index >= end);
    // A later sentence that repeats a group's number and victims more loosely ("Seven soldiers
    // martyred" above "At least seven soldiers were martyred") gives its bound: the looser says less.
    const groups = (toll ? [toll] : found).map(
      (g) =>
        later.find(
          (c) => c.count === g.count && c.victims === g.victims && LOOSENESS[c.bound] > LOOSENESS[g.bound],
        ) ?? g,
    );
    const bound = groups.map((g) => g.bound).reduce((a, b) => (LOOSENESS[b] > LOOSENESS[a] ? b : a));
    // The later counts that repeat none of those taken (number and victims): not added, as they may
    // be older tolls, but named for the reviewer ("three terrorists were killed in the exchange of
    // fire" after "seven soldiers were martyred").
    const others = later.filter((c) => !groups.some((g) => g.count === c.count && g.victims === c.victims));
    return {
      others,
      value: {
        total: groups.reduce((sum, g) => sum + g.count, 0),
        bound,
        groups: groups.map(({ count, bound: b, victims, victim_words }) => ({
          count,
          bound: b,
          victims,
          victim_words,
        })),
      },
      words: groups.map((g) => g.words),
    };
  }
  return { value: null, words: [], others: [] };
}

// An actor named as who speaks ("Taliban officials said", "a TTP spokesman, Mohammad Khurasani, told",
// "according to Taliban officials") is not thereby a party to the event: the draft keeps it (a group's
// spokesman may be claiming the attack) and flags it for the reviewer.
const SPEAKER_AFTER =
  /^[’']?s?(?:\s+(?:government|interior|defen[cs]e|foreign|information|ministry|administration|authorities|officials?|commanders?|spokes(?:man|woman|person)|sources?|media|office))+,?(?:\s+[A-Z][\w’'-]*){0,3},?\s+(?:said|says|say|told|stated|reported|announced|added)\b/;
const SPEAKER_BEFORE = /\baccording to (?:the |a |an )?$/i;

// A press office speaks for itself: "the ISPR said" needs no "officials" after the name.
const PRESS_OFFICE = /^(?:ISPR|Inter-Services Public Relations)$/i;
const SAID_AFTER = /^,?\s+(?:said|says|stated|reported|announced|added)\b/;

/**
 * The actors named only as who speaks, with the words that say so. An actor the passage also
 * names as a party ("Taliban officials said Taliban forces ...") is not flagged.
 */
function speakers(passage: string, actors: readonly ActorMention[]) {
  return actors.flatMap((a) => {
    const phrases = a.all.map(({ words, index }) => {
      const rest = passage.slice(index + words.length);
      const after = SPEAKER_AFTER.exec(rest) ?? (PRESS_OFFICE.test(words) ? SAID_AFTER.exec(rest) : null);
      if (after) return `${words}${after[0]}`;
      const before = SPEAKER_BEFORE.exec(passage.slice(Math.max(0, index - 20), index));
      return before ? `${before[0]}${words}` : null;
    });
    return phrases.every((p) => p !== null) ? [{ words: a.words, phrase: phrases[0]! }] : [];
  });
}

/** The day of a passage (findDate), on the place's clock when given (`localOffsetMs`). */
function dateOf(article: Article, passage: string, now: Date, localOffsetMs?: number) {
  const date = findDate(passage, article.published, now, { unread: article.published_unread, localOffsetMs });
  // A digest's heading names the day its events happened: the publication day of a feed item built
  // after midnight (the page of 14 August published at 00:30 on the 15th) gives way to it (it dated
  // the page's events a day late). A day the item names itself still wins.
  const heading = article.digest_day;
  if (heading && article.published && date.field.words[0] === article.published.words) {
    const headingDay = heading.iso.slice(0, 10);
    if (date.field.value !== headingDay) date.field = { value: headingDay, words: [heading.words] };
  }
  return date;
}

function draftOf(article: Article, passage: string, options: ExtractOptions): NewsDraft {
  const problems: DraftProblem[] = [];
  let date = dateOf(article, passage, options.now);
  let { mentions: actorMentions, taliban } = readActors(passage, date.field.value);
  const place = findPlace(
    passage,
    options.lookup,
    options.countries,
    actorMentions.map((a) => [a.index, a.index + a.words.length]),
  );
  // A publication time written in UTC says nothing of the outlet's day: "last night" and "on
  // Sunday" are counted on the clock of the event's place, which is known only now.
  const local = countryOffsetMs(place.field.value?.country);
  if (local !== undefined) {
    const there = dateOf(article, passage, options.now, local);
    // Today is the place's too, for the future-date check.
    const moved = there.field.value !== date.field.value;
    date = there;
    if (moved) ({ mentions: actorMentions, taliban } = readActors(passage, date.field.value));
  }
  const counts = findCounts(passage, namesArmedGroup, date.field.value, taliban?.reading);
  const { others: otherKilled, ...killed } = casualties(counts, 'killed', passage);
  const { others: otherInjured, ...injured } = casualties(counts, 'injured', passage);
  // Security forces among the victims, and no state named: the state of the place is a party
  // (its police or soldiers), said as inferred for the reviewer.
  // (A field's words are its groups' words, in order.)
  const victimWords =
    [killed, injured]
      .flatMap((f) =>
        (f.value?.groups ?? []).map((g, i) => (g.victims === 'security_forces' ? f.words[i] : null)),
      )
      .find((w): w is string => !!w) ?? null;
  const inferred =
    victimWords !== null
      ? victimsState(place.field.value?.country ?? null, date.field.value, actorMentions)
      : null;
  if (inferred) {
    const at = { words: victimWords!, index: passage.indexOf(victimWords!) };
    actorMentions.push({ actor: inferred, ...at, all: [at] });
  }
  const type = findEventType(passage);
  problems.push(...date.problems, ...place.problems);
  // A bare "Taliban" the text does not tie to either group names no actor: flagged, not chosen.
  if (taliban?.reading === 'ambiguous')
    problems.push({
      field: 'actors',
      code: 'ambiguous_actor',
      message: `"${taliban.words[0]}" may be the Tehrik-i-Taliban Pakistan (TTP) or the Afghan Taliban (Islamic Emirate), and ${taliban.both ? 'the text names both' : 'nothing else in the text says which'}: no actor is taken for it; check which`,
    });
  if (!actorMentions.length) {
    if (taliban?.reading !== 'ambiguous')
      problems.push({ field: 'actors', code: 'no_actors', message: 'no actor of the registry is named' });
  }
  // "Civilians" is UCDP's side for the victims of one-sided violence: named alone, no perpetrator is.
  else if (actorMentions.every((a) => a.actor.id === 'civilians'))
    problems.push({
      field: 'actors',
      code: 'victims_only',
      message: `only the victims are named (${actorMentions[0]!.words}): no perpetrator of the registry is`,
    });
  if (inferred)
    problems.push({
      field: 'actors',
      code: 'actor_inferred',
      message: `${inferred.name} is inferred from the victims ("${victimWords}" in ${place.field.value!.country}), not named: check whose forces they were`,
    });
  for (const s of speakers(
    passage,
    actorMentions.filter((a) => a.actor !== inferred),
  ))
    problems.push({
      field: 'actors',
      code: 'actor_as_speaker',
      message: `${s.words} is named as who speaks ("${s.phrase}"), not as a party: check it took part`,
    });
  for (const c of [...otherKilled, ...otherInjured])
    problems.push({
      field: c.outcome,
      code: 'other_count',
      message: `not counted: a later sentence gives "${c.words}" ${c.outcome} (the first sentence with a number gives the count; later ones mostly repeat it or give older tolls): check whether they belong to this event`,
    });
  for (const vague of findVagueCounts(passage))
    problems.push({
      field: vague.outcome,
      code: 'vague_count',
      message: `vague count, not counted: ${vague.words} ${vague.outcome}`,
    });
  if (killed.value === null && injured.value === null)
    problems.push({
      field: 'killed',
      code: 'no_casualties',
      message: 'no number of killed or injured found',
    });
  if (!type)
    problems.push({ field: 'type', code: 'no_type', message: 'no words that decide the event type' });
  return {
    source: {
      url: article.url,
      outlet: article.outlet,
      title: article.title,
      published: article.published?.iso ?? null,
    },
    passage,
    date: date.field,
    place: place.field,
    actors: {
      value: actorMentions.length ? actorMentions.map((a) => a.actor) : null,
      words: actorMentions.map((a) => a.words),
    },
    killed,
    injured,
    type: type ? { value: type.type, words: [type.words] } : { value: null, words: [] },
    problems,
  };
}

/** The passages of an article that drafts are read from. */
export function passagesOf(article: Article): string[] {
  if (article.digest.length) return article.digest;
  const lead = [article.title, ...article.paragraphs.slice(0, LEAD_PARAGRAPHS)].filter(
    (t): t is string => !!t,
  );
  return lead.length ? [lead.join('\n')] : [];
}

/** Reads the draft events of an article. */
export function extractDrafts(article: Article, options: ExtractOptions): Extraction {
  const passages = passagesOf(article);
  const violent = passages.filter(mentionsViolence);
  return {
    drafts: violent.map((p) => draftOf(article, p, options)),
    passages: passages.length,
    not_violent: passages.length - violent.length,
    unread_paragraphs: article.digest.length ? 0 : Math.max(0, article.paragraphs.length - LEAD_PARAGRAPHS),
  };
}
